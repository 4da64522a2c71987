"""Messages of the consolidation and export area (codes are stable: tests and users rely on them)."""

from __future__ import annotations

from gestadmin.messages._types import E, I, Message, W

MESSAGES: dict[str, Message] = {
    "DOUBLON_LIGNE": Message(
        W, "Ligne envoyée deux fois : identique à {other} ; elle n'est comptée qu'une fois dans la consolidation."
    ),
    "DOUBLON_FACTURE": Message(
        E, "Facture en double : même fournisseur et même numéro ({number}) que {other}, avec des données différentes."
    ),
    "DOUBLON_CLE": Message(
        E, "{label} en double : même {key} ({number}) que {other}, avec des données différentes."
    ),
    "TIERS_DIVERGENT": Message(
        W, "Tiers {number} décrit différemment dans {other} : la première description est retenue."
    ),
    "COLONNE_ABSENTE": Message(
        I, "Colonne facultative absente : « {header} » (cellules vides dans la consolidation)."
    ),
    "COLONNES_REORDONNEES": Message(
        I, "Colonnes dans un autre ordre que le modèle : chaque colonne est reprise d'après son en-tête."
    ),
    "SCHEMA_VERSION": Message(I, "Registre « {kind} », version de modèle {version}."),
    "FICHIER_IGNORE": Message(W, "Fichier ignoré : {reason}."),
    "CACHE_NON_ECRIT": Message(
        W, "Cache de consolidation non mis à jour pour {count} fichier(s) ({reason}) : ils seront relus à la "
        "prochaine consolidation ; le résultat n'en dépend pas."
    ),
    "CONSOLIDATION_VIDE": Message(E, "Aucun registre lisible trouvé dans {folder}."),
    "DOSSIER_INTROUVABLE": Message(E, "Dossier introuvable ou illisible : {file}."),
    "TYPE_REGISTRE_INCONNU": Message(E, "Type de registre inconnu : « {kind} » (types possibles : {kinds})."),
    "CORRESPONDANCE_INVALIDE": Message(E, "Fichier de correspondance d'export invalide ({file}) : {detail}."),
    "EXPORT_CHAMP_INCONNU": Message(
        W, "Correspondance d'export : le champ « {field} » n'existe dans aucun registre consolidé ; colonne vide."
    ),
    "EXPORT_ENREGISTRE": Message(I, "Export enregistré dans le journal : {name} (empreinte {digest})."),
}
