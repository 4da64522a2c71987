"""Exports to the finance directorate: CSV (French Excel friendly) and xlsx, both written atomically.

Text cells that a spreadsheet would run as a formula (starting with = + - @ tab CR) are neutralised with a
leading apostrophe (CSV injection); real formulas are never written from user text.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
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
    """The CSV fields of one column, quoted as the csv module quotes them: whole numbers in one numpy
    conversion, anything else each distinct value converted and quoted once (dates, rates, names repeat a lot)."""
    if field not in frame.columns:
        return [""] * len(frame)
    column = frame[field]
    quote = _quoting(mapping.export.separateur)
    if fmt in (ExportFormat.AMOUNT, ExportFormat.INT) and pd.api.types.is_integer_dtype(column.dtype):
        missing = column.isna().to_numpy()
        texts = column.to_numpy(dtype=np.int64, na_value=0).astype(str).astype(object)
        texts[missing] = ""
        if quote.search("-0123456789"):  # a separator that whole numbers can hold: quoted one by one
            return [_quoted(text, quote) for text in texts.tolist()]
        return texts.tolist()
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    if fmt in (ExportFormat.TEXT, ExportFormat.ID):
        as_is = _as_is(mapping.export.separateur)  # most texts: no formula prefix, nothing to quote
        converted = [u if type(u) is str and not as_is.search(u) else _quoted(_csv_cell(u, fmt, mapping), quote)
                     for u in uniques]
    else:
        converted = [_quoted(_csv_cell(u, fmt, mapping), quote) for u in uniques]
    texts = np.array([*converted, ""], dtype=object)
    return texts[codes].tolist()  # type: ignore[no-any-return]  # code -1 (missing) takes the trailing ""


@functools.lru_cache(maxsize=8)
def _quoting(separator: str) -> re.Pattern[str]:
    """What makes the csv module quote a field (QUOTE_MINIMAL): the separator, a quote, CR or LF."""
    return re.compile(f'[{re.escape(separator)}"\r\n]')


@functools.lru_cache(maxsize=8)
def _as_is(separator: str) -> re.Pattern[str]:
    """What makes a text change in the CSV: a formula prefix (neutralised) or a character the csv module quotes."""
    prefixes = re.escape("".join(DANGEROUS_PREFIXES))
    return re.compile(f"^[{prefixes}]|{_quoting(separator).pattern}")


def _quoted(text: str, quote: re.Pattern[str]) -> str:
    return '"' + text.replace('"', '""') + '"' if quote.search(text) else text


def csv_bytes(frame: pd.DataFrame, mapping: ExportMapping) -> bytes:
    """The CSV export of a frame, as bytes in the mapping's encoding (UTF-8 with BOM by default): the very
    bytes csv.writer gives (`;`, QUOTE_MINIMAL, CRLF; tested), with each distinct value quoted once and each
    line joined at C speed instead of one csv call per field."""
    separator = mapping.export.separateur
    quote = _quoting(separator)
    header = separator.join(_quoted(neutralise(c.entete), quote) for c in mapping.colonnes)
    if len(mapping.colonnes) == 1 and header == "":
        header = '""'  # csv.writer's form of a line holding one empty field
    columns = [_csv_column(frame, c.champ, c.format, mapping) for c in mapping.colonnes]
    lines = list(map(separator.join, zip(*columns, strict=True)))
    if len(columns) == 1:
        lines = [line or '""' for line in lines]
    return "".join(line + "\r\n" for line in [header, *lines]).encode(mapping.export.encodage)


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
