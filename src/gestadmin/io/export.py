"""Exports to the finance directorate: CSV (French Excel friendly) and xlsx, both written atomically.

Text cells that a spreadsheet would run as a formula (starting with = + - @ tab CR) are neutralised with a
leading apostrophe (CSV injection); real formulas are never written from user text.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Sequence
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gestadmin.io.atomic import atomic_write_bytes
from gestadmin.io.layouts import SheetLayout
from gestadmin.io.xlsx_tables import is_missing, write_xlsx_tables
from gestadmin.model.export_mapping import (
    ExportColumn,
    ExportFormat,
    ExportMapping,
    ExportOptions,
    parse_mapping,
)

__all__ = ["DANGEROUS_PREFIXES", "csv_bytes", "load_mapping", "mapping_from_layout", "neutralise", "write_csv",
           "write_xlsx_tables"]
DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Prefix a text that a spreadsheet would interpret as a formula with an apostrophe."""
    return "'" + text if text.startswith(DANGEROUS_PREFIXES) else text


def load_mapping(path: Path | None = None) -> ExportMapping:
    """The mapping from a TOML file, or the shipped default when `path` is None."""
    if path is None:
        text = resources.files("gestadmin").joinpath("data/export_finances.toml").read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    return parse_mapping(text)


def _csv_cell(value: Any, fmt: ExportFormat, mapping: ExportMapping) -> str:
    if is_missing(value):
        return ""
    options = mapping.export
    if fmt is ExportFormat.DATE:
        day = value.date() if isinstance(value, (dt.datetime, pd.Timestamp)) else value
        return day.strftime(options.format_date) if isinstance(day, dt.date) else neutralise(str(day))
    if fmt in (ExportFormat.AMOUNT, ExportFormat.INT):
        try:
            return str(int(value))
        except (TypeError, ValueError):
            return neutralise(str(value))
    if fmt is ExportFormat.RATE:
        try:
            text = format(Decimal(str(value)).normalize(), "f")
        except ArithmeticError:
            return neutralise(str(value))
        return text.replace(".", options.decimale)
    return neutralise(str(value))


def _csv_column(frame: pd.DataFrame, field: str, fmt: ExportFormat, mapping: ExportMapping) -> list[str]:
    """The CSV texts of one column: whole numbers in one numpy conversion, anything else each distinct value
    converted once (dates, rates, names repeat a lot)."""
    if field not in frame.columns:
        return [""] * len(frame)
    column = frame[field]
    if fmt in (ExportFormat.AMOUNT, ExportFormat.INT) and pd.api.types.is_integer_dtype(column.dtype):
        missing = column.isna().to_numpy()
        texts = column.to_numpy(dtype=np.int64, na_value=0).astype(str).astype(object)
        texts[missing] = ""
        return list(texts)
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    if fmt in (ExportFormat.TEXT, ExportFormat.ID):
        converted = [neutralise(u) if type(u) is str else _csv_cell(u, fmt, mapping) for u in uniques]
    else:
        converted = [_csv_cell(u, fmt, mapping) for u in uniques]
    texts = np.array([*converted, ""], dtype=object)
    return list(texts[codes])  # code -1 (missing) takes the trailing ""


def csv_bytes(frame: pd.DataFrame, mapping: ExportMapping) -> bytes:
    """The CSV export of a frame, as bytes in the mapping's encoding (UTF-8 with BOM by default)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=mapping.export.separateur, lineterminator="\r\n")
    writer.writerow([neutralise(c.entete) for c in mapping.colonnes])
    columns = [_csv_column(frame, c.champ, c.format, mapping) for c in mapping.colonnes]
    writer.writerows(zip(*columns, strict=True))
    return buffer.getvalue().encode(mapping.export.encodage)


def write_csv(frame: pd.DataFrame, path: Path, mapping: ExportMapping) -> str:
    """Write the CSV atomically; returns its sha256 content hash."""
    data = csv_bytes(frame, mapping)
    atomic_write_bytes(path, data)
    return hashlib.sha256(data).hexdigest()


_KIND_FORMATS = {
    "identifiant": ExportFormat.ID,
    "montant": ExportFormat.AMOUNT,
    "date": ExportFormat.DATE,
    "taux": ExportFormat.RATE,
    "entier": ExportFormat.INT,
}


def mapping_from_layout(layout: SheetLayout, extra: Sequence[tuple[str, str, ExportFormat]] = ()) -> ExportMapping:
    """An export mapping with every input column of a register sheet, then `extra` (field, header, format)."""
    columns = [
        ExportColumn(champ=c.field, entete=c.header, format=_KIND_FORMATS.get(str(c.kind), ExportFormat.TEXT))
        for c in layout.columns
        if not c.is_formula
    ]
    columns += [ExportColumn(champ=f, entete=h, format=fmt) for f, h, fmt in extra]
    return ExportMapping(export=ExportOptions(nom=layout.sheet), colonnes=columns)
