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
    "SCHEMA_VERSION": Message(I, "Registre « {kind} », version de modèle {version}."),
    "FICHIER_IGNORE": Message(W, "Fichier ignoré : {reason}."),
    "CONSOLIDATION_VIDE": Message(E, "Aucun registre lisible trouvé dans {folder}."),
    "EXPORT_ENREGISTRE": Message(I, "Export enregistré dans le journal : {name} (empreinte {digest})."),
}
