"""Messages of the budget domain (codes are stable: tests and users rely on them)."""

from __future__ import annotations

from gestadmin.messages._types import E, I, Message, W

MESSAGES: dict[str, Message] = {
    # Commitment control (gestadmin budget engager)
    "ENGAGEMENT_REFUSE": Message(
        E, "Engagement refusé sur {imputation} : montant {amount}, disponible {available} ; le disponible deviendrait "
           "{after}. Réduisez le montant, ou faites ouvrir des crédits (virement, décision modificative)."
    ),
    "ENGAGEMENT_A_CONFIRMER": Message(
        W, "Engagement de {amount} sur {imputation} : le disponible ({available}) deviendrait négatif ({after}). "
           "Rien n'est enregistré : confirmez le dépassement (option --confirmer) pour l'engager quand même."
    ),
    "ENGAGEMENT_DEPASSEMENT_CONFIRME": Message(
        W, "Engagement {number} de {amount} enregistré sur {imputation} malgré le dépassement confirmé : disponible "
           "{after} (au lieu de {available})."
    ),
    "ENGAGEMENT_ENREGISTRE": Message(I, "Engagement {number} de {amount} enregistré sur {imputation} ; disponible restant {after}."),
    "ENGAGEMENT_IMPUTATION_INCONNUE": Message(E, "Imputation {imputation} absente du budget : engagement impossible."),
    "ENGAGEMENT_MONTANT_INVALIDE": Message(
        E, "Montant « {value} » invalide : un engagement est un montant entier positif en F CFP."
    ),
    "ENGAGEMENT_TIERS_MANQUANT": Message(E, "Tiers manquant : un engagement nomme toujours son tiers."),
    # Checks of the budget workbook itself
    "LIGNE_SURENGAGEE": Message(
        E, "Ligne {imputation} surengagée : engagé {committed} pour {credits} de crédits ouverts (disponible {available})."
    ),
    "TAUX_ENGAGEMENT_ELEVE": Message(W, "Ligne {imputation} engagée à {rate} (seuil d'alerte {threshold})."),
    "IMPUTATION_BUDGET_EN_DOUBLE": Message(E, "Imputation {imputation} en double dans le budget (déjà en ligne {first})."),
    "ENGAGEMENT_IMPUTATION_ABSENTE": Message(
        E, "Engagement {number} sur l'imputation {imputation}, absente des lignes budgétaires."
    ),
    "MANDAT_IMPUTATION_ABSENTE": Message(E, "Mandat {number} sur l'imputation {imputation}, absente des lignes budgétaires."),
    "MANDAT_HORS_EXERCICE": Message(
        W, "Mandat {number} du {date} hors de l'exercice {year} (période complémentaire jusqu'au {end} pour la "
           "seule section de fonctionnement) : il n'est pas compté dans le mandaté de {year}."
    ),
    "MANDATS_DEPASSENT_ENGAGEMENT": Message(
        E, "Engagement {number} : mandaté {mandated}, au-delà du montant engagé {amount}."
    ),
    "MANDAT_ENGAGEMENT_INCONNU": Message(E, "Mandat {number} : engagement {commitment} introuvable dans la feuille Engagements."),
    "VIREMENT_ENTRE_CHAPITRES": Message(
        W, "Virements du chapitre {chapter} ({section}) : solde {balance} au lieu de 0. Les virements entre "
           "articles d'un même chapitre sont libres ; entre chapitres, ils relèvent d'une décision modificative."
    ),
    "VIREMENT_HORS_CHAPITRE_A_CONFIRMER": Message(
        W, "Virement de {amount} de {source} (chapitre {source_chapter}) vers {target} (chapitre {target_chapter}) : "
           "virement entre chapitres, à confirmer (option --confirmer) et à couvrir par une décision modificative."
    ),
    "VIREMENT_ENREGISTRE": Message(I, "Virement de {amount} de {source} vers {target} enregistré."),
    "VIREMENT_HORS_CHAPITRE_CONFIRME": Message(
        W, "Virement de {amount} de {source} (chapitre {source_chapter}) vers {target} (chapitre {target_chapter}) "
           "enregistré après confirmation : virement entre chapitres, à régulariser par une décision modificative."
    ),
    "VIREMENT_IMPUTATION_INCONNUE": Message(E, "Imputation {imputation} absente du budget : virement impossible."),
    "VIREMENT_MONTANT_INVALIDE": Message(
        E, "Montant « {value} » invalide : un virement est un montant entier positif en F CFP."
    ),
    "VIREMENT_MEME_LIGNE": Message(E, "Virement refusé : la ligne source et la ligne cible sont la même ({imputation})."),
    "VIREMENT_SENS_DIFFERENT": Message(
        E, "Virement refusé : {source} et {target} ne sont pas du même sens (dépense / recette)."
    ),
    "VIREMENT_COLONNE_ABSENTE": Message(
        E, "Virement impossible : la feuille des lignes budgétaires n'a pas de colonne « Virements »."
    ),
    "VIREMENT_DISPONIBLE_INSUFFISANT": Message(
        E, "Virement refusé : {source} n'a que {available} de disponible pour un virement de {amount}."
    ),
    # Coherence across registers (budget <-> supplier-invoice and revenue registers)
    "COHERENCE_IMPUTATION_FACTURE_ABSENTE": Message(
        E, "Facture {number} : imputation {imputation} absente du budget ({budget})."
    ),
    "COHERENCE_IMPUTATION_RECETTE_ABSENTE": Message(
        E, "Facture émise {number} : imputation de recette {imputation} absente des lignes de recettes du budget ({budget})."
    ),
    "COHERENCE_FACTURES_DEPASSENT_ENGAGEMENT": Message(
        E, "Engagement {commitment} de {amount} : les factures des registres totalisent {invoiced} (écart {gap}) ; "
           "voir {where}."
    ),
    "COHERENCE_MANDATS_LIGNE": Message(
        E, "Ligne {imputation} : mandaté au budget {budget_amount}, factures mandatées dans les registres {invoiced} "
           "(écart {gap}) ; {detail}."
    ),
    "COHERENCE_MANDAT_MONTANT": Message(
        E, "Mandat {order} de {amount} ≠ TTC {gross} de la facture {invoice} (écart {gap}) ; voir {where}."
    ),
    "COHERENCE_MANDAT_SANS_FACTURE": Message(
        W, "Mandat {order} ({amount}) : {reason} ; voir {where}."
    ),
    "COHERENCE_FACTURE_SANS_MANDAT": Message(
        W, "Facture {invoice} au statut « {status} » ({amount}) sans mandat au budget ({budget})."
    ),
    "COHERENCE_REGISTRES_ABSENTS": Message(W, "Aucun registre de factures dans {folder} : cohérence non vérifiée."),
    # Contracts and agreements (Marchés)
    "MARCHE_EXPIRE": Message(W, "{kind} {number} ({holder}) échu depuis le {end} ; reste {balance} non engagé."),
    "MARCHE_ECHEANCE_PROCHE": Message(
        W, "{kind} {number} ({holder}) : fin le {end}, dans {days} jour(s) (alerte à {threshold} jours)."
    ),
    "MARCHE_DEPASSE": Message(E, "{kind} {number} : engagé {committed}, au-delà du montant total {total}."),
    "MARCHE_FACTURES_DEPASSENT": Message(E, "{kind} {number} : facturé {invoiced}, au-delà du montant total {total}."),
    "ENGAGEMENT_MARCHE_DEPASSE": Message(
        W, "Engagement {number} de {amount} sur {contract} : solde du marché {balance}, dépassé de {gap} "
           "(avenant à prévoir)."
    ),
    "MARCHE_INCONNU": Message(W, "Engagement {commitment} : marché / convention {number} absent de la feuille Marchés."),
    "MARCHE_DATES_INCOHERENTES": Message(E, "{kind} {number} : date de fin {end} antérieure à la date de début {start}."),
    "SEUIL_APPROCHE": Message(
        W, "Achats « {nature} » auprès de {supplier} en {year} : {amount} hors marché, soit {ratio} du seuil de "
           "{threshold} (cumul des engagements {commitments})."
    ),
    "SEUIL_DEPASSE": Message(
        W, "Achats « {nature} » auprès de {supplier} en {year} : {amount} hors marché, au-delà du seuil de "
           "{threshold} : une procédure de mise en concurrence est peut-être requise (engagements {commitments})."
    ),
}
