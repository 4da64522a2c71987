"""Header matching: which column of a sheet holds which layout field, tolerant to how people type headers.

`N° d'enregistrement`, `n° D’ENREGISTREMENT ` and `No d enregistrement` are the same header: comparison keys
drop case, accents, spaces and punctuation. Synonyms from layouts.py count too (reported as renamed).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from gestadmin.io.layouts import SheetLayout

HEADER_SCAN_ROWS = 30


def header_key(value: object) -> str:
    """Comparison key of a header: no accents, no case, letters and digits only (`N°`/`No` -> `n`)."""
    if value is None:
        return ""
    return _text_key(str(value))


@lru_cache(maxsize=16384)
def _text_key(value: str) -> str:
    # Headers and list values repeat on every file and row: each distinct text is normalised once.
    if value.isascii():  # NFKD and combining marks change nothing, casefold is lower
        key = "".join(filter(str.isalnum, value.lower()))
    else:
        text = unicodedata.normalize("NFKD", value).casefold().replace("°", " ").replace("º", " ")
        key = "".join(ch for ch in text if ch.isalnum() and not unicodedata.combining(ch))
    return key.replace("no", "n") if key.startswith("no") and len(key) > 2 and not key.startswith("nom") else key


def column_letter(index: int) -> str:
    """0 -> `A`, 27 -> `AB`."""
    letters = ""
    number = index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True, slots=True)
class HeaderIndex:
    """Comparison key -> (field, canonical header, is a synonym) for one sheet layout."""

    keys: dict[str, tuple[str, str, bool]]

    @classmethod
    def of(cls, layout: SheetLayout) -> HeaderIndex:
        """Index the headers and synonyms of a sheet layout (canonical headers win over synonyms)."""
        return _index(layout)

    def match(self, value: object) -> tuple[str, str, bool] | None:
        """(field, canonical header, via synonym) for a header cell, None when unknown."""
        return self.keys.get(header_key(value))


@lru_cache(maxsize=64)
def _index(layout: SheetLayout) -> HeaderIndex:
    # Layouts are frozen: their index is computed once per process.
    keys: dict[str, tuple[str, str, bool]] = {}
    for column in layout.columns:
        for synonym in column.synonyms:
            keys.setdefault(header_key(synonym), (column.field, column.header, True))
    for column in layout.columns:
        keys[header_key(column.header)] = (column.field, column.header, False)
    return HeaderIndex(keys)


@dataclass(slots=True)
class HeaderMatch:
    """How a header row maps to fields; columns are 0-based indexes in the sheet."""

    row: int  # 0-based index of the header row
    fields: dict[str, int] = field(default_factory=dict)
    renamed: list[tuple[int, str, str]] = field(default_factory=list)  # (col, typed header, canonical)
    duplicates: list[tuple[int, str]] = field(default_factory=list)
    unknown: list[tuple[int, str]] = field(default_factory=list)
    last_col: int = -1

    @property
    def score(self) -> int:
        """Number of distinct layout fields found."""
        return len(self.fields)


def match_row(cells: list[Any], row: int, index: HeaderIndex, first: int = 0, last: int | None = None) -> HeaderMatch:
    """Map one candidate header row (cells `first`..`last` inclusive) to fields."""
    found = HeaderMatch(row)
    stop = len(cells) - 1 if last is None else min(last, len(cells) - 1)
    for col in range(first, stop + 1):
        value = cells[col]
        text = str(value).strip() if value is not None else ""
        if not text:
            continue
        found.last_col = col
        hit = index.match(text)
        if hit is None:
            found.unknown.append((col, text))
        elif hit[0] in found.fields:
            found.duplicates.append((col, text))
        else:
            found.fields[hit[0]] = col
            if hit[2]:
                found.renamed.append((col, text, hit[1]))
    return found


def find_header(rows: list[list[Any]], index: HeaderIndex, minimum: int) -> HeaderMatch | None:
    """The best-matching row among the first HEADER_SCAN_ROWS (earliest wins ties), None under `minimum`."""
    best: HeaderMatch | None = None
    for row in range(min(HEADER_SCAN_ROWS, len(rows))):
        candidate = match_row(rows[row], row, index)
        if candidate.score >= minimum and (best is None or candidate.score > best.score):
            best = candidate
    return best
