"""Messages of the letters domain: letters, administrative files (dossiers) and filing (codes are stable)."""

from __future__ import annotations

from gestadmin.messages._types import E, I, Message, W

MESSAGES: dict[str, Message] = {
    # Letter templates (a whole template problem stops the batch: nothing half-written)
    "MODELE_INCONNU": Message(E, "Modèle de courrier « {name} » inconnu (modèles disponibles : {allowed})."),
    "MODELE_INTROUVABLE": Message(
        E, "Modèle de courrier introuvable : {path}. Régénérez-le avec « gestadmin courriers modeles »."
    ),
    "MODELE_ILLISIBLE": Message(E, "Le modèle « {template} » ne peut pas être lu : {detail}."),
    "MODELE_SYNTAXE": Message(E, "Le modèle « {template} » contient une balise invalide : {detail}."),
    "MODELE_CHAMP_INCONNU": Message(
        E, "Le modèle « {template} » utilise le champ « {field} », absent des données du courrier "
           "(champs disponibles : {available}). Corrigez le modèle ou régénérez-le avec « gestadmin courriers modeles »."
    ),
    "MODELE_REGISTRE_INADAPTE": Message(
        E, "Le courrier « {letter} » se prépare depuis un registre « {expected} », pas depuis « {kind} »."
    ),
    # Letters, row by row
    "COURRIER_DONNEE_MANQUANTE": Message(
        E, "{label} : valeur nécessaire au courrier « {letter} » manquante : courrier non généré."
    ),
    "COURRIER_LIGNE_INTROUVABLE": Message(E, "Aucune donnée à la ligne {row} de la feuille « {sheet} »."),
    "COURRIER_NON_CONCERNE": Message(W, "Ligne {row} : {reason} : pas de courrier « {letter} »."),
    "COURRIER_GENERE": Message(I, "Courrier « {letter} » généré : {file}."),
    "PDF_INDISPONIBLE": Message(
        W, "LibreOffice (soffice) est introuvable sur ce poste : courriers produits en Word seulement, sans PDF."
    ),
    "PDF_ECHEC": Message(E, "Conversion en PDF impossible pour {file} : {detail}."),
    # Administrative files (dossiers) and project milestones
    "DOSSIER_ECHEANCE_DEPASSEE": Message(
        E, "Dossier {number} : échéance du {due} dépassée de {late} jour(s) (prochaine action : {action})."
    ),
    "JALON_ECHEANCE_DEPASSEE": Message(
        E, "Jalon « {milestone} » du projet « {project} » : échéance du {due} dépassée de {late} jour(s)."
    ),
    "DOSSIER_SANS_RESPONSABLE": Message(W, "Dossier {number} en cours sans responsable."),
    "DOSSIER_SANS_ACTION": Message(W, "Dossier {number} en cours sans prochaine action."),
    "DOSSIER_CLOS_ACTION_OUVERTE": Message(E, "Dossier {number} clos alors qu'une action reste ouverte : {detail}."),
    # Filing of supporting documents
    "CLASSEMENT_PIECE_INTROUVABLE": Message(E, "Pièce introuvable : {path}."),
    "CLASSEMENT_SANS_NUMERO": Message(
        W, "Pièce « {name} » : aucun numéro du registre ne figure dans son nom : non classée "
           "(précisez le numéro avec --numero)."
    ),
    "CLASSEMENT_AMBIGU": Message(
        W, "Pièce « {name} » : plusieurs numéros du registre y figurent ({numbers}) : non classée "
           "(précisez le numéro avec --numero)."
    ),
    "CLASSEMENT_NUMERO_INCONNU": Message(E, "Numéro « {number} » absent du registre : pièces non classées."),
    "CLASSEMENT_EXERCICE_INCONNU": Message(
        W, "N° {number} : date ou exercice manquant dans le registre : pièce classée sous « {folder} »."
    ),
    "CLASSEMENT_FAIT": Message(I, "Pièce « {name} » classée : {path}."),
    "CLASSEMENT_RENOMME": Message(
        I, "Pièce « {name} » : un autre fichier porte déjà ce nom, classée sous « {path} »."
    ),
    "CLASSEMENT_DEJA_FAIT": Message(I, "Pièce « {name} » déjà classée (même contenu) : {path}."),
}
