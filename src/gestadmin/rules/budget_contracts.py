"""Checks of the contracts register (Marchés sheet): overrun, expiry alerts, unknown references, and the
cumulation of purchases of one kind from one supplier against the procurement thresholds."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from gestadmin.dates import format_date
from gestadmin.findings import Finding
from gestadmin.messages import make_finding
from gestadmin.model.budget import code_key
from gestadmin.model.budget_book import ROW, BudgetBook
from gestadmin.model.contracts import contract_figures, cumulations, expiry
from gestadmin.money import format_xpf
from gestadmin.rules.budget import COMMITMENTS, format_percent, records
from gestadmin.settings import ProcurementSettings

CONTRACTS = "contracts"


def _day(value: object) -> str:
    return "" if value is None else format_date(pd.Timestamp(str(value)).date())


def check_contracts(book: BudgetBook, invoices: pd.DataFrame, today: dt.date,
                    settings: ProcurementSettings) -> list[Finding]:
    """MARCHE_DEPASSE, MARCHE_FACTURES_DEPASSENT, MARCHE_EXPIRE, MARCHE_ECHEANCE_PROCHE, MARCHE_DATES_INCOHERENTES."""
    if book.contracts.empty:
        return []
    findings = []
    for c in records(contract_figures(book.contracts, book.commitments, invoices, today)):
        kind = c.get("contract_type") or "Marché"
        base = {"kind": kind, "number": c["contract_number"], "total": format_xpf(c["total"])}
        if c["committed"] > c["total"]:
            findings.append(make_finding("MARCHE_DEPASSE", book.at(CONTRACTS, c[ROW], "total_amount"),
                                         committed=format_xpf(c["committed"]), **base))
        if c["invoiced"] > c["total"]:
            findings.append(make_finding("MARCHE_FACTURES_DEPASSENT", book.at(CONTRACTS, c[ROW], "total_amount"),
                                         invoiced=format_xpf(c["invoiced"]), **base))
        if c.get("start_date") is not None and c.get("end_date") is not None and c["end_date"] < c["start_date"]:
            findings.append(make_finding("MARCHE_DATES_INCOHERENTES", book.at(CONTRACTS, c[ROW], "end_date"),
                                         end=_day(c["end_date"]), start=_day(c["start_date"]), **base))
            continue
        alert = expiry(c["days_left"], settings.expiry_alert_days)
        if alert is None:
            continue
        cell = book.at(CONTRACTS, c[ROW], "end_date")
        common = {"holder": c.get("holder") or "", "end": _day(c["end_date"]), **base}
        if alert.threshold is None:
            if pd.Timestamp(str(c["end_date"])).year >= book.period.fiscal_year:  # older ones are history
                findings.append(make_finding("MARCHE_EXPIRE", cell, balance=format_xpf(c["balance"]), **common))
        else:
            findings.append(make_finding("MARCHE_ECHEANCE_PROCHE", cell, days=alert.days_left,
                                         threshold=alert.threshold, **common))
    return findings + _unknown_references(book)


def _unknown_references(book: BudgetBook) -> list[Finding]:
    """Commitments naming a contract the Marchés sheet does not have (only once the sheet is used)."""
    frame = book.commitments
    if frame.empty or "contract_ref" not in frame:
        return []
    known = set(code_key(book.contracts["contract_number"]).dropna())
    refs = code_key(frame["contract_ref"])
    return [make_finding("MARCHE_INCONNU", book.at(COMMITMENTS, r[ROW], "contract_ref"),
                         commitment=r["commitment_number"], number=r["contract_ref"])
            for r in records(frame, refs.notna() & ~refs.isin(known))]


def check_thresholds(book: BudgetBook, settings: ProcurementSettings) -> list[Finding]:
    """SEUIL_DEPASSE / SEUIL_APPROCHE on the commitment that brought the cumulated amount there."""
    findings = []
    groups = cumulations(book.commitments, book.lines, book.contracts, book.period.fiscal_year,
                         settings.thresholds, settings.approach_ratio, settings.purchase_chapters)
    for g in groups:
        params: dict[str, Any] = {"nature": g.nature, "supplier": g.supplier, "year": book.period.fiscal_year,
                  "amount": format_xpf(g.amount), "commitments": ", ".join(g.commitments)}
        cell = book.at(COMMITMENTS, g.last_row, "amount")
        if g.exceeded is not None:
            findings.append(make_finding("SEUIL_DEPASSE", cell, threshold=format_xpf(g.exceeded), **params))
        if g.approached is not None:
            ratio = format_percent(g.amount / g.approached)
            findings.append(make_finding("SEUIL_APPROCHE", cell, threshold=format_xpf(g.approached), ratio=ratio,
                                         **params))
    return findings
