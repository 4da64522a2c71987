"""The budget situation: every table the CLI prints and the Situation sheet shows, computed once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from gestadmin.model.budget import expenditure, monthly_consumption, rollup, total
from gestadmin.model.budget_book import BudgetBook
from gestadmin.model.budget_revenue import revenue_figures, revenue_rollup
from gestadmin.model.contracts import contract_figures


@dataclass(slots=True)
class Situation:
    """Expenditure lines, chapters, sections and total; monthly curve; revenue side; contracts."""

    file: str
    fiscal_year: int
    as_of: dt.date
    lines: pd.DataFrame
    chapters: pd.DataFrame
    sections: pd.DataFrame
    total: dict[str, Any]
    monthly: pd.DataFrame
    revenue: pd.DataFrame = field(default_factory=pd.DataFrame)
    revenue_chapters: pd.DataFrame = field(default_factory=pd.DataFrame)
    contracts: pd.DataFrame = field(default_factory=pd.DataFrame)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping (French keys for the CLI's --json)."""
        return {
            "classeur": self.file, "exercice": self.fiscal_year, "date": self.as_of.isoformat(),
            "total": _plain(self.total),
            "sections": _rows(self.sections), "chapitres": _rows(self.chapters), "lignes": _rows(self.lines),
            "mensuel": _rows(self.monthly), "recettes": _rows(self.revenue), "marches": _rows(self.contracts),
        }


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or (not isinstance(value, (str, list)) and pd.isna(value)):
        return None
    if isinstance(value, (pd.Timestamp, dt.date)):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [_plain(rec) for rec in frame.to_dict("records")]


def build_situation(book: BudgetBook, titles: pd.DataFrame, invoices: pd.DataFrame, as_of: dt.date) -> Situation:
    """Compute every table of the situation from the budget book and the registers' frames."""
    figures = book.figures()
    spend = expenditure(figures).sort_values(["section", "chapter", "budget_code"], kind="stable")
    revenue = revenue_figures(book.lines, titles).sort_values(["chapter", "budget_code"], kind="stable")
    contracts = (contract_figures(book.contracts, book.commitments, invoices, as_of)
                 if not book.contracts.empty else pd.DataFrame())
    return Situation(
        file=book.file, fiscal_year=book.period.fiscal_year, as_of=as_of, lines=spend,
        chapters=rollup(spend, ["section", "chapter"]), sections=rollup(spend, ["section"]), total=total(spend),
        monthly=monthly_consumption(figures, book.orders, book.period), revenue=revenue,
        revenue_chapters=revenue_rollup(revenue, ["chapter"]), contracts=contracts,
    )
