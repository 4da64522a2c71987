"""Revenue registers typed by the project's reader (`io.reader.read_frames`) from rows built inline."""

from __future__ import annotations

from typing import Any

from gestadmin.io.layouts import REVENUE_REGISTER
from gestadmin.io.reader import RegisterData, SheetData, read_frames

NAME = "Registre_recettes.xlsx"


def register(rows: dict[str, list[dict[str, Any]]]) -> RegisterData:
    """The register from rows per sheet key (header on row 1, layout column order); every cell must be valid."""
    values = {}
    for layout in REVENUE_REGISTER.sheets:
        records = rows.get(layout.key, [])
        values[layout.sheet] = [[c.header for c in layout.columns]] + [[r.get(c.field) for c in layout.columns]
                                                                       for r in records]
    data = read_frames(values, kind="recettes", file_label=NAME)
    bad = [f.render() for f in data.findings if f.provenance.row is not None and f.code != "VALEUR_OBLIGATOIRE"]
    assert not bad, bad
    return data


def sheet(key: str, rows: list[dict[str, Any]]) -> SheetData:
    """One sheet of the revenue register read from inline rows."""
    return register({key: rows}).sheets[key]
