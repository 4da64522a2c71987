"""Messages of the invoices domain (codes are stable: tests and users rely on them)."""

from __future__ import annotations

from gestadmin.messages._types import E, I, Message, W

MESSAGES: dict[str, Message] = {
    # 1. Receipt
    "RECEPTION_ABSENTE": Message(E, "Date de réception manquante : le délai de mandatement ne peut pas être suivi."),
    "RECEPTION_FUTURE": Message(E, "Date de réception {value} postérieure à la date du jour ({today})."),
    # 2. Supplier identity
    "FOURNISSEUR_INCONNU": Message(
        W, "Fournisseur « {name} » (RIDET {ridet}) absent du répertoire des tiers : nouveau fournisseur à vérifier."
    ),
    "FOURNISSEUR_RIDET_DIFFERENT": Message(
        E, "Le RIDET {value} ne correspond pas à celui du répertoire pour « {name} » ({expected})."
    ),
    # 3. Duplicates
    "FACTURE_DOUBLON": Message(
        E, "Doublon : la facture n° {number} de « {name} » est déjà enregistrée ({other})."
    ),
    "FACTURE_QUASI_DOUBLON": Message(
        W, "Doublon probable : même fournisseur « {name} », même montant TTC ({amount}) et dates de facture à "
           "moins de {days} jours ({other})."
    ),
    # 4. Mandatory mentions
    "MENTION_MANQUANTE": Message(E, "Mention obligatoire manquante : {label}."),
    # 5. Arithmetic
    "TGC_INCORRECTE": Message(
        E, "TGC incorrecte : {net} HT × {rate} = {expected} (arrondi au franc, 0,5 compté pour 1), {value} indiqués."
    ),
    "TTC_INCORRECT": Message(E, "TTC incorrect : {net} HT + {tax} TGC = {expected}, {value} indiqués."),
    "LIGNES_HT_INCOHERENT": Message(
        E, "Les lignes de la facture totalisent {expected} HT, la facture indique {value}."
    ),
    "LIGNES_TGC_INCOHERENTE": Message(
        E, "La TGC calculée par taux sur les lignes ({detail}) totalise {expected}, la facture indique {value}."
    ),
    "LIGNE_HT_INCORRECT": Message(E, "Montant HT de la ligne : {quantity} × {unit_price} = {expected}, {value} indiqués."),
    "LIGNE_SANS_FACTURE": Message(E, "Ligne rattachée à une facture inconnue ({value})."),
    # 6. Matching with a commitment
    "ENGAGEMENT_ABSENT": Message(W, "Facture sans engagement : aucun n° d'engagement ou de bon de commande."),
    "ENGAGEMENT_INCONNU": Message(E, "Engagement {value} introuvable dans le suivi budgétaire."),
    "ENGAGEMENT_TIERS_DIFFERENT": Message(
        E, "L'engagement {value} est au nom de « {expected} », pas de « {name} »."
    ),
    "ENGAGEMENT_DEPASSE": Message(
        E, "Montant {amount} supérieur au reste disponible de l'engagement {value} ({remaining} sur {total})."
    ),
    "ENGAGEMENT_IMPUTATION_DIFFERENTE": Message(
        E, "Imputation {value} différente de celle de l'engagement {number} ({expected})."
    ),
    "ENGAGEMENT_ANNULE": Message(E, "L'engagement {value} est annulé."),
    # 7. Service done
    "SERVICE_FAIT_MANQUANT": Message(
        E, "Service fait non constaté alors que la facture est {stage} : liquidation impossible sans service fait."
    ),
    "SERVICE_FAIT_TARDIF": Message(
        E, "Service fait constaté le {value}, après la date de {stage} ({other})."
    ),
    # 8. Budget
    "IMPUTATION_INCONNUE": Message(E, "Imputation {value} absente du suivi budgétaire."),
    "CREDITS_INSUFFISANTS": Message(
        E, "Crédits insuffisants sur la ligne {value} : disponible {available}, besoin {needed}."
    ),
    # 9. Bank details
    "RIB_DIFFERENT": Message(
        E, "Fraude possible : coordonnées bancaires {value} différentes de celles du répertoire ({expected}). "
           "Facture BLOQUÉE jusqu'à confirmation par contre-appel (gestadmin factures confirmer-rib)."
    ),
    "RIB_CONFIRME": Message(
        I, "Changement de RIB confirmé le {when} par {who} ({how}) : facture débloquée."
    ),
    "RIB_ABSENT_REPERTOIRE": Message(
        W, "Le répertoire n'a pas de coordonnées bancaires pour « {name} » : comparaison impossible."
    ),
    # 10. Deadline
    "DELAI_PROCHE": Message(
        W, "Délai de mandatement : jour {elapsed} sur {days}, échéance le {due} ({left} jour(s) restant(s))."
    ),
    "DELAI_DEPASSE": Message(
        E, "Délai de mandatement dépassé : échéance le {due}, {late} jour(s) de retard."
    ),
    # Directory
    "TIERS_EN_DOUBLE": Message(W, "Tiers en double dans le répertoire : {value} (aussi {other})."),
    # Statuses
    "STATUT_INCONNU": Message(E, "Statut « {value} » inconnu (valeurs possibles : {allowed})."),
    "STATUT_TRANSITION_INTERDITE": Message(
        E, "Passage de « {source} » à « {target} » interdit (suivants possibles : {allowed})."
    ),
    "STATUT_ETAPE_SAUTEE": Message(
        E, "Passage de « {source} » à « {target} » refusé : étape « {missing} » non franchie."
    ),
    "STATUT_MOTIF_MANQUANT": Message(E, "Un motif est obligatoire pour changer le statut d'une facture."),
    "STATUT_LIGNE_INTROUVABLE": Message(E, "Aucune facture à la ligne {row} de la feuille « {sheet} »."),
    "STATUT_MODIFIE": Message(I, "Statut passé de « {source} » à « {target} » (écriture n° {entry} du journal)."),
    # Journal
    "JOURNAL_ALTERE": Message(E, "Écriture n° {id} du journal modifiée après coup (empreinte incorrecte)."),
    "JOURNAL_SUPPRIME": Message(E, "Écriture n° {id} du journal supprimée."),
    "JOURNAL_INSERE": Message(E, "Écriture n° {id} ajoutée au journal hors de gestadmin."),
    "JOURNAL_CHAINE_ROMPUE": Message(
        E, "Écriture n° {id} du journal : chaînage rompu avec l'écriture n° {prev} (modifiée, insérée ou réécrite)."
    ),
    "JOURNAL_TETE_ABSENTE": Message(E, "L'en-tête du journal a été supprimé."),
    "JOURNAL_INTACT": Message(I, "Journal intact : {count} écriture(s) vérifiée(s)."),
    "RIB_CONFIRMATION_INVALIDE": Message(E, "Confirmation de RIB refusée : {detail}."),
    # Ribbon « Contrôler les factures »
    "FACTURES_REGISTRE_ATTENDU": Message(
        E, "« {book} » n'est pas un registre des factures fournisseurs ({title}) : ouvrez le registre à contrôler."
    ),
}
