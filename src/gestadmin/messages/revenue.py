"""Messages of the revenue domain (codes are stable: tests and users rely on them)."""

from __future__ import annotations

from gestadmin.messages._types import E, I, Message, W

MESSAGES: dict[str, Message] = {
    # Numbering (store and registers)
    "EMISSION_ANTIDATEE": Message(
        E, "Émission refusée : date d'émission {date} antérieure à la dernière facture de la série {series} "
           "({last}) ; la numérotation doit rester chronologique."
    ),
    "NUMERO_TROU": Message(E, "Trou dans la numérotation {series}-{year} : {missing} absent(s) (entre {before} et {after})."),
    "NUMERO_TROU_BASE": Message(
        W, "N° {number} absent des fichiers lus mais enregistré dans la base (émis depuis « {source} »)."
    ),
    "NUMERO_DOUBLON": Message(E, "N° de facture {number} en double (déjà utilisé en {first})."),
    "NUMERO_MALFORME": Message(E, "N° de facture « {value} » mal formé (attendu SÉRIE-AAAA-NNNNNN, ex. FR-2026-000123)."),
    "NUMERO_INCOHERENT": Message(
        E, "N° {number} : la série ou l'exercice du numéro ne correspond pas à la ligne (série {series}, exercice {year})."
    ),
    "NUMERO_INCONNU_BASE": Message(
        E, "N° {number} absent de la base de numérotation : numéro saisi à la main ? Une facture n'est numérotée "
           "qu'à l'émission (bouton « Émettre les factures »)."
    ),
    # Locked issued invoices
    "EMPREINTE_INVALIDE": Message(
        E, "Facture émise {number} modifiée après émission : l'empreinte ne correspond plus. Modification refusée ; "
           "corrigez par un avoir."
    ),
    "EMPREINTE_ABSENTE": Message(E, "Facture émise {number} sans empreinte : une facture émise est verrouillée et garde son empreinte."),
    "CHAMP_MODIFIE": Message(
        E, "Facture émise {number} : {label} modifié après émission (« {found} » au lieu de « {expected} ») ; "
           "modification refusée, corrigez par un avoir."
    ),
    "LIGNE_AJOUTEE": Message(E, "Facture émise {number} : ligne ajoutée après émission ; modification refusée."),
    "LIGNE_SUPPRIMEE": Message(E, "Facture émise {number} : {count} ligne(s) supprimée(s) après émission ; modification refusée."),
    "EMISE_SANS_NUMERO": Message(E, "Statut « {status} » sans n° de facture : seule l'émission attribue un numéro."),
    "BROUILLON_NUMEROTE": Message(
        E, "La ligne porte le n° {number} mais le statut « Brouillon » : une facture émise ne redevient jamais brouillon."
    ),
    # Credit notes
    "AVOIR_ORIGINE_INCONNUE": Message(E, "Avoir : la facture d'origine « {original} » est introuvable ou n'est pas une facture émise."),
    "AVOIR_DEPASSE": Message(
        E, "Avoir de {amount} F CFP sur la facture {original} : dépasse le montant restant ({headroom} F CFP) ; "
           "une facture et ses avoirs ne peuvent pas devenir négatifs."
    ),
    "AVOIR_SUR_AVOIR": Message(E, "Avoir : « {original} » est lui-même un avoir ; un avoir référence une facture."),
    # Issuing drafts
    "BROUILLON_INTROUVABLE": Message(E, "Brouillon « {draft} » introuvable dans la feuille Factures émises."),
    "BROUILLON_SANS_LIGNE": Message(E, "Brouillon {draft} : aucune ligne de facturation ; émission impossible."),
    "BROUILLON_INCOMPLET": Message(E, "Brouillon {draft} : {label} manquant ; émission impossible."),
    "BROUILLON_ILLISIBLE": Message(E, "Brouillon {draft} : cellule illisible ; corrigez-la avant d'émettre."),
    "BROUILLON_NON_EMETTABLE": Message(W, "Ligne {draft} ignorée : statut « {status} » (seuls les brouillons sont émis)."),
    "EMISSION_EFFECTUEE": Message(I, "Brouillon {draft} émis sous le n° {number} (TTC {gross} F CFP)."),
    "DEJA_EMISE": Message(I, "Brouillon {draft} déjà émis sous le n° {number} : numéro conservé, pas de nouveau numéro."),
    # Collection
    "ENCAISSEMENT_FACTURE_INCONNUE": Message(E, "Encaissement sur la facture « {number} » introuvable dans le registre."),
    "ENCAISSEMENT_EXCEDENT": Message(
        W, "Facture {number} : encaissements ({collected} F CFP) supérieurs au montant dû ({due} F CFP)."
    ),
    "STATUT_A_JOUR": Message(W, "Facture {number} : statut « {found} » dans le classeur, « {expected} » d'après les encaissements."),
    "RELANCE_DUE": Message(
        W, "Facture {number} ({customer}) : échue depuis {days} jours, reste {outstanding} F CFP ; relance n° {level} à envoyer."
    ),
}
