"""Bordereaux: payment orders (mandats) and revenue titles grouped and totalled per chapter and budget line.

Each bordereau is numbered `<prefix>-<year>-<nnnn>` in a stable order (chapter, then budget line), so two
exports of the same data give the same numbers.
"""

from __future__ import annotations

import re

import pandas as pd

_CHAPTER = re.compile(r"(?<!\d)(\d{2,3})(?!\d)")

BATCH_COLUMNS = ["bordereau", "chapitre", "imputation", "pieces", "montant"]


def chapter_of(budget_code: object) -> str:
    """The chapter of a budget code: its first group of 2 or 3 digits (`F-011-6064` -> `011`)."""
    if budget_code is None or budget_code is pd.NA:
        return ""
    match = _CHAPTER.search(str(budget_code))
    return match.group(1) if match else ""


def build_batches(
    frame: pd.DataFrame, code_field: str, amount_field: str, prefix: str, year: int,
    chapters: dict[str, str] | None = None,
) -> pd.DataFrame:
    """One row per (chapter, budget line): number of documents, total amount, bordereau number.

    `chapters` maps a budget code to its chapter when the budget workbook is known; otherwise the chapter is
    read from the code itself.
    """
    if frame.empty:
        return pd.DataFrame(columns=BATCH_COLUMNS)
    codes = frame[code_field].astype("string").fillna("")
    known = chapters or {}
    table = pd.DataFrame(
        {
            "chapitre": codes.map(lambda c: known.get(c) or chapter_of(c)),
            "imputation": codes,
            "montant": pd.to_numeric(frame[amount_field], errors="coerce").fillna(0).astype("int64"),
        }
    )
    grouped = (
        table.groupby(["chapitre", "imputation"], sort=True)
        .agg(pieces=("montant", "size"), montant=("montant", "sum"))
        .reset_index()
    )
    grouped.insert(0, "bordereau", [f"{prefix}-{year}-{i:04d}" for i in range(1, len(grouped) + 1)])
    return grouped[BATCH_COLUMNS]


def chapter_totals(batches: pd.DataFrame) -> pd.DataFrame:
    """Totals per chapter of a bordereau table (for the summary lines)."""
    if batches.empty:
        return pd.DataFrame(columns=["chapitre", "pieces", "montant"])
    grouped = batches.groupby("chapitre", sort=True)
    return grouped.agg(pieces=("pieces", "sum"), montant=("montant", "sum")).reset_index()
