"""THE ribbon definition: one list of buttons for both add-ins.

It generates the Office.js manifest ribbon (tab « Gestion administrative », served at /manifest), the
button handlers (served as /static/js/ribbon.js) and the classic desktop ribbon (addin/classic/customUI14.xml
and the VBA dispatcher gestadmin.bas, rebuilt by `python -m addin.classic.build`).

To add a button: write the script (an `@xw.script` function) in your own module macros/<area>.py, then append
one `Button(...)` below (French label and tooltip, an icon name from addin/icons.py, the script's function
name and its module's short name). The meta-tests check that every script has a button and vice versa.
"""

from __future__ import annotations

from dataclasses import dataclass

TAB_ID = "gestadmin"
TAB_LABEL = "Gestion administrative"


@dataclass(frozen=True, slots=True)
class Button:
    """One ribbon button; `id` is also the Office.js action name and the classic control id."""

    id: str
    label: str  # French, short (ribbon label)
    tooltip: str  # French, one sentence (supertip)
    icon: str  # name of a PNG set in addin/static/images/ribbon/<icon>-{16,32,80}.png
    script: str  # function name of the @xw.script
    module: str  # short name of the macros module defining it
    group: str = "Registres"  # French group label on the tab


BUTTONS: list[Button] = [
    Button("ValiderFeuille", "Valider la feuille",
           "Contrôle le registre ouvert : cellules en anomalie surlignées et commentées, feuille « Anomalies ».",
           "valider", "valider_feuille", "validation"),
    Button("NouveauRegistre", "Nouveau registre",
           "Ajoute une feuille structurée vierge (en-têtes, formats) selon le modèle du registre.",
           "nouveau", "nouveau_registre", "registres"),
    Button("EmettreFactures", "Émettre les factures",
           "Numérote et émet les brouillons sélectionnés de la feuille « Factures émises » (PDF sur le serveur).",
           "emettre", "emettre_factures", "recettes", group="Recettes"),
    Button("CreerAvoir", "Créer un avoir",
           "Émet l'avoir du brouillon sélectionné (colonne « Facture d'origine » remplie).",
           "avoir", "creer_avoir", "recettes", group="Recettes"),
    Button("SituationBudgetaire", "Situation budgétaire",
           "Recalcule la feuille « Situation » du classeur budgétaire : sections, chapitres, lignes, consommation.",
           "app", "situation_budgetaire", "budget", group="Budget"),
    Button("GenererCourriers", "Générer les courriers",
           "Prépare un courrier Word et son PDF par ligne sélectionnée (relance, rejet, avis des sommes à payer, "
           "note) ; liens de téléchargement dans la feuille « Courriers générés ».",
           "emettre", "generer_courriers", "courriers", group="Courriers et dossiers"),
    Button("EcheancesAVenir", "Échéances à venir",
           "Liste par responsable les dossiers et jalons en retard ou à échéance dans les 14 jours.",
           "app", "echeances_a_venir", "courriers", group="Courriers et dossiers"),
    Button("ControlerFactures", "Contrôler les factures",
           "Contrôle les factures du registre ouvert (les 10 points, délai de 30 jours, changement de RIB) : "
           "cellules surlignées et commentées, feuille « Anomalies », bilan par point de contrôle.",
           "valider", "controler_factures", "factures", group="Factures fournisseurs"),
    Button("Consolider", "Consolider",
           "Consolide les registres du dossier partagé (contrôle, doublons, provenance) : synthèse par service et "
           "par mois dans la feuille « Consolidation », classeur consolidé à télécharger.",
           "app", "consolider", "consolidation", group="Consolidation"),
    Button("ExporterFinances", "Exporter vers les finances",
           "Prépare l'envoi à la direction des finances : registre consolidé (xlsx, CSV), bordereaux de mandats et "
           "de titres, enregistrés dans le journal ; liens dans la feuille « Export finances ».",
           "emettre", "exporter_finances", "consolidation", group="Consolidation"),
]


def groups(buttons: list[Button] | None = None) -> dict[str, list[Button]]:
    """Buttons per group label, in definition order."""
    grouped: dict[str, list[Button]] = {}
    for button in BUTTONS if buttons is None else buttons:
        grouped.setdefault(button.group, []).append(button)
    return grouped
