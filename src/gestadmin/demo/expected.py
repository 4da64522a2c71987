"""Where the deliberate anomalies of the demo are (file, sheet, physical row, field, kind).

`EXPECTED_ANOMALIES` is the list for the default seed and reference date; tests check it against the
generator, and `gestadmin demo` also writes it as `Anomalies_attendues.json` next to the workbooks.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ExpectedAnomaly:
    """One planted anomaly. `also` lists kinds a checker may legitimately report on the same cell."""

    file: str
    sheet: str
    row: int
    field: str
    kind: str
    description: str
    also: tuple[str, ...] = ()


EXPECTED_ANOMALIES: tuple[ExpectedAnomaly, ...] = (
    ExpectedAnomaly(
        "Budget_2026.xlsx",
        "Lignes budgétaires",
        5,
        "available",
        "ligne_surengagee",
        "Ligne surengagée : le disponible est négatif.",
    ),
    ExpectedAnomaly(
        "Budget_2026.xlsx",
        "Engagements",
        23,
        "budget_code",
        "imputation_absente_budget",
        "Engagement sur l'imputation F-011-6188 absente du budget.",
    ),
    ExpectedAnomaly(
        "Budget_2026.xlsx",
        "Lignes budgétaires",
        2,
        "mandated",
        "mandats_incoherents",
        "Mandats de la ligne supérieurs de 10000 F aux factures mandatées des registres (mandat M-2026-0076).",
    ),
    ExpectedAnomaly(
        "Budget_2026.xlsx",
        "Marchés",
        4,
        "total_amount",
        "marche_depasse",
        "Marché MAR-2025-014 engagé au-delà de son montant total (avenant compris).",
    ),
    ExpectedAnomaly(
        "Budget_2026.xlsx",
        "Marchés",
        3,
        "end_date",
        "marche_echeance_proche",
        "Marché MAR-2024-022 arrivant à échéance dans moins de 30 jours.",
    ),
    ExpectedAnomaly(
        "Registre_factures_2026_Tein.xlsx",
        "Factures",
        24,
        "received_date",
        "delai_depasse",
        "Délai de mandatement de 30 jours dépassé.",
    ),
    ExpectedAnomaly(
        "Registre_factures_2026_Tein.xlsx",
        "Factures",
        28,
        "budget_code",
        "imputation_differente",
        "Imputation différente de celle de l'engagement (F-011-6064 au lieu de F-011-6068).",
    ),
    ExpectedAnomaly(
        "Registre_factures_2026_Tein.xlsx",
        "Factures",
        31,
        "commitment_number",
        "engagement_inconnu",
        "N° d'engagement absent du budget.",
    ),
    ExpectedAnomaly(
        "Registre_factures_2026_Tein.xlsx",
        "Factures",
        32,
        "gross_amount",
        "ttc_incoherent",
        "Le TTC ne vaut pas HT + TGC (écart de 100 F).",
    ),
    ExpectedAnomaly(
        "Registre_factures_2026_Tein.xlsx",
        "Factures",
        33,
        "budget_code",
        "credits_insuffisants",
        "Facture sur une ligne budgétaire au disponible négatif (F-011-6156 surengagée).",
    ),
    ExpectedAnomaly(
        "Registre_factures_2026_Tein.xlsx",
        "Factures",
        34,
        "invoice_date",
        "date_facture_manquante",
        "Date de facture absente (mention obligatoire).",
    ),
    ExpectedAnomaly(
        "Registre_factures_2026_Tein.xlsx",
        "Factures",
        35,
        "received_date",
        "date_reception_manquante",
        "Date de réception non saisie.",
    ),
    ExpectedAnomaly(
        "Registre_factures_2026_Tein.xlsx",
        "Factures",
        36,
        "invoice_number",
        "identifiant_numerique",
        "N° de facture saisi comme un nombre.",
    ),
    ExpectedAnomaly(
        "Registre_factures_2026_Tein.xlsx",
        "Tiers",
        2,
        "rib_checked_on",
        "date_impossible",
        "Date de vérification du RIB impossible (31 février).",
    ),
    ExpectedAnomaly(
        "Registre_factures_2026_Wahio.xlsx",
        "Factures",
        32,
        "invoice_number",
        "quasi_doublon",
        "Même fournisseur, même TTC, factures à 3 jours d'écart avec un autre numéro.",
    ),
    ExpectedAnomaly(
        "Registre_factures_2026_Wahio.xlsx",
        "Factures",
        33,
        "supplier_name",
        "fournisseur_inconnu",
        "Fournisseur absent du répertoire des tiers.",
    ),
    ExpectedAnomaly(
        "Registre_factures_2026_Wahio.xlsx",
        "Factures",
        34,
        "ridet",
        "ridet_manquant",
        "RIDET absent sur la facture (mention obligatoire).",
    ),
    ExpectedAnomaly(
        "Registre_factures_2026_Wahio.xlsx",
        "Factures",
        36,
        "net_amount",
        "lignes_ht_incoherent",
        "La somme des lignes de facture ne correspond pas au HT de la facture.",
    ),
    ExpectedAnomaly(
        "Registre_factures_2026_Wahio.xlsx",
        "Factures",
        37,
        "commitment_number",
        "tiers_engagement_different",
        "Le fournisseur diffère du tiers de l'engagement.",
    ),
    ExpectedAnomaly(
        "Registre_factures_2026_Wahio.xlsx",
        "Factures",
        38,
        "net_amount",
        "montant_illisible",
        "Montant HT saisi en lettres.",
    ),
    ExpectedAnomaly(
        "Registre_factures_2026_Wahio.xlsx",
        "Factures",
        39,
        "service_done_date",
        "service_fait_manquant",
        "Facture liquidée sans date de service fait.",
    ),
    ExpectedAnomaly(
        "Registre_factures_2026_Wahio.xlsx",
        "Factures",
        40,
        "bank_account",
        "rib_different_repertoire",
        "RIB différent de celui du répertoire (changement à confirmer par contre-appel).",
    ),
    ExpectedAnomaly(
        "Registre_factures_2026_Wahio.xlsx",
        "Factures",
        41,
        "invoice_number",
        "doublon_exact",
        "Doublon de la facture FA-2026/0029 déjà enregistrée dans le registre LT.",
    ),
    ExpectedAnomaly(
        "Registre_factures_2026_Lepeu.xlsx",
        "Factures",
        36,
        "received_date",
        "delai_proche",
        "Échéance de mandatement proche (plus de 20 jours).",
    ),
    ExpectedAnomaly(
        "Registre_factures_2026_Lepeu.xlsx",
        "Factures",
        39,
        "service_done_date",
        "service_fait_manquant",
        "Facture mandatée sans date de service fait.",
    ),
    ExpectedAnomaly(
        "Registre_factures_2026_Lepeu.xlsx",
        "Factures",
        40,
        "tax_rate",
        "taux_tgc_invalide",
        "Taux de TGC de 10 % (taux inexistant).",
    ),
    ExpectedAnomaly(
        "Registre_factures_2026_Lepeu.xlsx",
        "Factures",
        41,
        "bank_account",
        "cle_rib_invalide",
        "Clé RIB invalide.",
        ("rib_different_repertoire",),
    ),
    ExpectedAnomaly(
        "Registre_factures_2026_Lepeu.xlsx",
        "Factures",
        42,
        "gross_amount",
        "depassement_engagement",
        "Montant supérieur au reste à mandater de l'engagement.",
    ),
    ExpectedAnomaly(
        "Registre_factures_2026_Lepeu.xlsx",
        "Factures",
        43,
        "tax_amount",
        "tgc_incorrecte",
        "TGC différente de HT × taux arrondi au franc.",
    ),
    ExpectedAnomaly(
        "Registre_factures_2026_Lepeu.xlsx",
        "Factures",
        44,
        "ridet",
        "ridet_malforme",
        "RIDET mal formé (établissement sur 2 chiffres).",
    ),
    ExpectedAnomaly(
        "Registre_factures_2026_Lepeu.xlsx",
        "Factures",
        45,
        "invoice_number",
        "doublon_exact",
        "Doublon de la facture HNK-0010 du même registre.",
    ),
    ExpectedAnomaly(
        "Registre_factures_2026_Lepeu.xlsx",
        "Factures",
        46,
        "received_date",
        "date_reception_future",
        "Date de réception postérieure à aujourd'hui.",
    ),
)
