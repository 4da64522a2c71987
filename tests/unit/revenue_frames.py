"""Build revenue-register sheets as the reader returns them (typed frames + column letters), inline."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from gestadmin.io.layouts import REVENUE_REGISTER


@dataclass
class Sheet:
    """Stand-in for io.reader.SheetData."""

    frame: pd.DataFrame
    sheet_name: str
    letters: dict[str, str] = field(default_factory=dict)


def _letter(index: int) -> str:
    return chr(ord("A") + index)


def sheet(key: str, rows: list[dict[str, Any]]) -> Sheet:
    """A sheet of the revenue register; rows are dicts of fields, physical rows start at 2."""
    layout = REVENUE_REGISTER.sheet(key)
    fields = layout.fields
    records = [{**{f: None for f in fields}, **row, "_row": i + 2} for i, row in enumerate(rows)]
    frame = pd.DataFrame(records, columns=[*fields, "_row"])
    for col in layout.columns:
        if col.kind.value == "date":
            frame[col.field] = pd.to_datetime(frame[col.field])
    return Sheet(frame, layout.sheet, {f: _letter(i) for i, f in enumerate(fields)})
