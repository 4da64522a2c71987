"""Write demo rows into workbooks built by the template code (same tables, formulas, drop-downs)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from gestadmin.io.atomic import atomic_write_text
from gestadmin.io.layouts import register
from gestadmin.io.templates import build_workbook, write_workbook
from gestadmin.settings import Settings

DEMO_EMPTY_ROWS = 100  # formatted rows after the data, so users can try the workbook


def write_register(kind: str, rows: Mapping[str, Sequence[Mapping[str, object]]], path: Path,
                   settings: Settings, imputations: Iterable[str] = ()) -> Path:
    """Build the `kind` register with its tables sized to `rows` and save it (atomic, deterministic)."""
    layout = register(kind)
    longest = max((len(v) for v in rows.values()), default=0)
    wb = build_workbook(layout, settings, rows, empty_rows=longest + DEMO_EMPTY_ROWS, imputations=imputations)
    return write_workbook(wb, path)


def write_json(data: object, path: Path) -> Path:
    """A small JSON document (UTF-8, indented, keys in order) written atomically."""
    return atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
