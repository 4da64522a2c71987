"""Messages of the spine: reading files, headers, cell values, generic validation."""

from __future__ import annotations

from gestadmin.messages._types import E, I, Message, W

MESSAGES: dict[str, Message] = {
    # Whole-file problems (the CLI exits 2)
    "FICHIER_INTROUVABLE": Message(E, "Fichier introuvable : {path}."),
    "FICHIER_ILLISIBLE": Message(E, "Le fichier ne peut pas être lu : {detail}."),
    "FICHIER_VIDE": Message(E, "Le fichier est vide."),
    "FICHIER_CHIFFRE": Message(
        E, "Le fichier est protégé par un mot de passe (chiffré) : enregistrez-en une copie sans mot de passe."
    ),
    "FICHIER_FORMAT_INCONNU": Message(
        E, "Format de fichier non reconnu ({detail}) : formats acceptés : xlsx, xlsm, xlsb, xls, ods, csv."
    ),
    "FICHIER_CORROMPU": Message(E, "Le fichier est endommagé ({detail}) : ouvrez-le dans Excel et réenregistrez-le."),
    "FICHIER_TROP_GROS": Message(E, "Le fichier dépasse les limites de sécurité ({detail})."),
    "FICHIER_DELAI_DEPASSE": Message(
        E, "La lecture du fichier a dépassé le délai de {seconds} s : fichier anormal ou trop volumineux."
    ),
    "FICHIER_MEMOIRE": Message(E, "La lecture du fichier a dépassé la mémoire autorisée : fichier anormal."),
    "FICHIER_VERROUILLE": Message(W, "Fichier de verrouillage Excel ignoré : {name} (le fichier est ouvert par {owner})."),
    "FICHIER_TYPE_INCONNU": Message(
        E, "Type de registre non reconnu : aucune feuille ni aucun tableau ne correspond à un modèle gestadmin."
    ),
    # Sheets, tables and headers
    "FEUILLE_ABSENTE": Message(E, "La feuille « {sheet} » est absente."),
    "ENTETE_INTROUVABLE": Message(E, "Ligne d'en-tête introuvable dans la feuille « {sheet} »."),
    "COLONNE_MANQUANTE": Message(E, "Colonne obligatoire manquante : « {header} »."),
    "COLONNE_INCONNUE": Message(W, "Colonne inconnue ignorée : « {header} »."),
    "COLONNE_EN_DOUBLE": Message(E, "Colonne en double : « {header} » (seule la première est lue)."),
    "COLONNE_RENOMMEE": Message(I, "Colonne « {header} » reconnue comme « {expected} »."),
    # Cells
    "VALEUR_OBLIGATOIRE": Message(E, "{label} : valeur obligatoire manquante."),
    "MONTANT_INVALIDE": Message(E, "{label} : « {value} » n'est pas un montant valide."),
    "MONTANT_DECIMALES": Message(
        W, "{label} : « {value} » a des décimales ; le franc CFP n'en a pas (arrondi à {rounded})."
    ),
    "MONTANT_NEGATIF": Message(E, "{label} : le montant ne peut pas être négatif ({value})."),
    "DATE_INVALIDE": Message(E, "{label} : « {value} » n'est pas une date valide (format attendu JJ/MM/AAAA)."),
    "TAUX_INVALIDE": Message(E, "{label} : « {value} » n'est pas un taux de TGC autorisé ({allowed})."),
    "ENTIER_INVALIDE": Message(E, "{label} : « {value} » n'est pas un nombre entier."),
    "NOMBRE_INVALIDE": Message(E, "{label} : « {value} » n'est pas un nombre."),
    "VALEUR_HORS_LISTE": Message(E, "{label} : « {value} » n'est pas une valeur autorisée ({allowed})."),
    "CELLULE_ERREUR": Message(E, "{label} : la cellule contient l'erreur Excel {value}."),
    "IDENTIFIANT_NUMERIQUE": Message(
        W,
        "{label} : « {value} » a été saisi comme un nombre ; des zéros ont pu être perdus "
        "(saisissez les identifiants en texte).",
    ),
    "TEXTE_TROP_LONG": Message(W, "{label} : texte de {length} caractères, tronqué à {max} à l'affichage."),
    "RIDET_INVALIDE": Message(
        E, "{label} : « {value} » n'est pas un RIDET valide (7 chiffres, ou 6 pour les anciens, puis 3 chiffres)."
    ),
    "RIB_INVALIDE": Message(E, "{label} : RIB « {value} » invalide ({detail})."),
    "IBAN_INVALIDE": Message(E, "{label} : IBAN « {value} » invalide ({detail})."),
    "IBAN_HORS_SEPA": Message(
        W, "{label} : IBAN calédonien « {value} » : la Nouvelle-Calédonie est hors zone SEPA."
    ),
    # Generic register checks (rules/common.py) and the annotated copy (io/annotate.py)
    "CLE_EN_DOUBLE": Message(
        E, "{label} : la valeur « {value} » apparaît {count} fois dans la feuille (aussi ligne(s) {rows})."
    ),
    "DATE_IMPROBABLE": Message(
        W, "{label} : date improbable {value} (année hors de {min_year}-{max_year}) : vérifiez la saisie."
    ),
    "COPIE_ANNOTEE_IMPOSSIBLE": Message(
        W, "La copie annotée de « {file} » n'a pas pu être écrite ({detail}) ; le contrôle lui-même est complet."
    ),
    # Internal
    "REGLE_EN_ECHEC": Message(
        E, "Erreur interne dans le contrôle « {rule} » : {detail}. Les autres contrôles ont été effectués."
    ),
    "ERREUR_INTERNE": Message(
        E, "Erreur interne inattendue ({detail}). Relancez avec {env}=1 pour le détail et transmettez-le à l'équipe gestadmin."
    ),
    "LIGNES_LUES": Message(I, "{count} ligne(s) lue(s)."),
}
