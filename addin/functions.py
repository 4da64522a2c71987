"""GESTADMIN worksheet formulas (xlwings Server custom functions), e.g. `=GESTADMIN.TTC(A2; B2)`.

Thin: each formula broadcasts its ranges (addin.vectorize) over one cell-level function of
gestadmin.services.worksheet_functions. Docstrings and `doc=` texts are the French help of Excel's
function wizard. Dates arrive as Excel serial numbers; empty cells give an empty result.
"""

from __future__ import annotations

from typing import Any

import xlwings as xw

from addin.vectorize import broadcast, safe_call
from gestadmin.services import available_balance as budget
from gestadmin.services import worksheet_functions as cells
from gestadmin.settings import get_settings

RANGE = {"ndim": 2}  # ranges arrive as 2-D lists whatever their shape, so rows and columns keep their orientation
RATE_DOC = "Taux de TGC : 3 %, 6 %, 11 %, 22 % ou « exonéré » (0,11, 11 % et 11 sont acceptés)."
RECEIVED_DOC = "Date de réception de la facture (cellule date ou texte JJ/MM/AAAA)."


@xw.func(name="TGC")
@xw.arg("montant_ht", doc="Montant hors taxes en francs CFP (cellule ou plage).", **RANGE)
@xw.arg("taux", doc=RATE_DOC, **RANGE)
def tax(montant_ht: Any, taux: Any) -> Any:
    """TGC d'un montant HT à un taux, arrondie au franc le plus proche (0,5 arrondi au franc supérieur)."""
    return broadcast(lambda net, rate: cells.tgc(net, rate, get_settings()), montant_ht, taux)


@xw.func(name="TTC")
@xw.arg("montant_ht", doc="Montant hors taxes en francs CFP (cellule ou plage).", **RANGE)
@xw.arg("taux", doc=RATE_DOC, **RANGE)
def gross(montant_ht: Any, taux: Any) -> Any:
    """Montant TTC = HT + TGC arrondie au franc (arrondi commercial, 0,5 vers le haut)."""
    return broadcast(lambda net, rate: cells.ttc(net, rate, get_settings()), montant_ht, taux)


@xw.func(name="ARRONDI_XPF")
@xw.arg("montant", doc="Montant à arrondir au franc CFP (cellule ou plage).", **RANGE)
def round_xpf(montant: Any) -> Any:
    """Arrondit au franc CFP, 0,5 au franc supérieur (ARRONDI d'Excel, pas l'arrondi bancaire)."""
    return broadcast(cells.round_amount, montant)


@xw.func(name="ECHEANCE")
@xw.arg("date_reception", doc=RECEIVED_DOC, **RANGE)
@xw.arg("jours", doc="Délai en jours (facultatif, 30 par défaut : délai de mandatement).", **RANGE)
def deadline(date_reception: Any, jours: Any = None) -> Any:
    """Date limite de mandatement : réception + délai, reportée au jour ouvré suivant (fériés NC, fermetures)."""
    return broadcast(lambda day, days: cells.deadline(day, days, get_settings()), date_reception, jours)


@xw.func(name="JOURS_RESTANTS")
@xw.arg("date_reception", doc=RECEIVED_DOC, **RANGE)
@xw.arg("aujourd_hui", doc="Date de référence (facultative, aujourd'hui par défaut).", **RANGE)
def days_left(date_reception: Any, aujourd_hui: Any = None) -> Any:
    """Nombre de jours calendaires restant avant la date limite de mandatement (négatif si dépassée)."""
    return broadcast(lambda day, today: cells.days_left(day, today, get_settings()), date_reception, aujourd_hui)


@xw.func(name="JOUR_OUVRE")
@xw.arg("date", doc="Date de départ.", **RANGE)
@xw.arg("n", doc="Nombre de jours ouvrés à ajouter (négatif pour reculer).", **RANGE)
def working_day(date: Any, n: Any) -> Any:
    """SERIE.JOUR.OUVRE sur le calendrier de la Nouvelle-Calédonie (fériés NC et jours de fermeture)."""
    return broadcast(lambda day, count: cells.working_day(day, count, get_settings()), date, n)


@xw.func(name="RIDET_VALIDE")
@xw.arg("ridet", doc="Numéro RIDET, par ex. 1234567.001 ou 1 234 567.001 (cellule ou plage).", **RANGE)
def ridet_valid(ridet: Any) -> Any:
    """VRAI si le RIDET est bien formé (RID de 6 ou 7 chiffres + établissement de 3 chiffres)."""
    return broadcast(cells.ridet_valid, ridet)


@xw.func(name="RIB_VALIDE")
@xw.arg("rib", doc="RIB de 23 caractères : banque, guichet, compte, clé (espaces acceptés).", **RANGE)
def rib_valid(rib: Any) -> Any:
    """VRAI si le RIB a 23 caractères et une clé RIB correcte."""
    return broadcast(cells.rib_valid, rib)


@xw.func(name="IBAN_VALIDE")
@xw.arg("iban", doc="IBAN (FR… ou NC…, espaces acceptés).", **RANGE)
def iban_valid(iban: Any) -> Any:
    """VRAI si l'IBAN est correct (clé mod 97 et, pour FR/NC, clé RIB). Un IBAN NC est hors zone SEPA."""
    return broadcast(cells.iban_valid, iban)


@xw.func(name="EN_LETTRES")
@xw.arg("montant", doc="Montant en francs CFP (arrondi au franc).", **RANGE)
def in_words(montant: Any) -> Any:
    """Montant en toutes lettres : 120000 donne « cent vingt mille francs CFP »."""
    return broadcast(cells.in_words, montant)


@xw.func(name="DISPONIBLE")
@xw.arg("code", doc="Code d'imputation budgétaire (cellule ou plage).", **RANGE)
@xw.arg("table_lignes", doc="Plage des lignes budgétaires, ligne d'en-têtes comprise (Code imputation, BP…).",
        **RANGE)
@xw.arg("table_engagements", doc="Plage des engagements, en-têtes compris (Imputation, Montant TTC, Statut).",
        **RANGE)
def available(code: Any, table_lignes: Any, table_engagements: Any) -> Any:
    """Crédits disponibles d'une ligne : crédits ouverts (BP+BS+DM+virements+reports) - engagé (hors annulés)."""
    frames = safe_call(budget.frames_from_ranges, table_lignes, table_engagements)
    if isinstance(frames, str):
        return frames
    lines, commitments = frames
    return broadcast(lambda value: budget.available_balance(value, lines, commitments), code)


__all__ = ["available", "days_left", "deadline", "gross", "in_words", "iban_valid", "rib_valid",
           "ridet_valid", "round_xpf", "tax", "working_day"]
