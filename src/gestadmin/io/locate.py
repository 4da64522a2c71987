"""Finding each layout sheet's table in a raw workbook, and guessing which register a workbook is.

Order of evidence: the Excel table name (`tFactures`), then the sheet name (tolerant), then, for sheets nobody
claimed (a CSV, a renamed sheet), the best header row. The register kind is guessed the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from gestadmin.io.headers import HEADER_SCAN_ROWS, HeaderIndex, HeaderMatch, find_header, header_key, match_row
from gestadmin.io.layouts import REGISTERS, RegisterLayout, SheetLayout
from gestadmin.io.raw import RawSheet, RawWorkbook


@dataclass(slots=True)
class Located:
    """Where a layout sheet's table is: raw sheet, header match, last data row (0-based, inclusive)."""

    raw: RawSheet
    header: HeaderMatch | None
    last_row: int
    first_col: int = 0
    last_col: int | None = None


def minimum_score(layout: SheetLayout) -> int:
    """Fields a header row must match to be believed (2, or 1 for one-column layouts)."""
    return min(2, len(layout.columns))


def _fallback_score(layout: SheetLayout) -> int:
    # An unnamed sheet must show at least half of the required headers (and 2 fields) to be claimed.
    required = sum(1 for c in layout.columns if c.required and not c.is_formula)
    return max(minimum_score(layout), (required + 1) // 2)


def by_table(raw: RawWorkbook, layout: SheetLayout) -> Located | None:
    """The layout's Excel table (ListObject), when the reader could list the workbook's tables."""
    for name, (sheet_name, data_row, first_col) in raw.tables.items():
        if name.casefold() != layout.table.casefold():
            continue
        sheet = next((s for s in raw.sheets if s.name == sheet_name), None)
        if sheet is None or data_row < 1 or data_row - 1 >= sheet.height:
            return None
        last_row, last_col = raw.table_ends.get(name, (sheet.height - 1, first_col + 200))
        header = match_row(sheet.row(data_row - 1), data_row - 1, HeaderIndex.of(layout), first_col, last_col)
        return Located(sheet, header, last_row, first_col, last_col)
    return None


def locate(raw: RawWorkbook, layout: SheetLayout, claimed: set[str]) -> Located | None:
    """Where `layout` lives in `raw` (None when absent); `claimed` sheet names are skipped by the fallback."""
    found = by_table(raw, layout)
    if found is not None:
        return found
    index = HeaderIndex.of(layout)
    wanted = header_key(layout.sheet)
    for sheet in raw.sheets:
        if header_key(sheet.name) == wanted:
            return Located(sheet, find_header(sheet.head(HEADER_SCAN_ROWS), index, minimum_score(layout)),
                           sheet.height - 1)
    best: Located | None = None
    for sheet in raw.sheets:
        if sheet.name in claimed:
            continue
        header = find_header(sheet.head(HEADER_SCAN_ROWS), index, _fallback_score(layout))
        if header is not None and (best is None or best.header is None or header.score > best.header.score):
            best = Located(sheet, header, sheet.height - 1)
    return best


def _score(raw: RawWorkbook, layout: RegisterLayout) -> int:
    tables = {name.casefold() for name in raw.tables}
    sheets = {header_key(s.name) for s in raw.sheets}
    score = 0
    for sheet in layout.sheets:
        score += 10 * (sheet.table.casefold() in tables) + 5 * (header_key(sheet.sheet) in sheets)
    primary = layout.sheets[0]
    index = HeaderIndex.of(primary)
    headers = [find_header(s.head(HEADER_SCAN_ROWS), index, _fallback_score(primary)) for s in raw.sheets]
    return score + max((h.score for h in headers if h is not None), default=0)


def detect_kind(raw: RawWorkbook) -> str | None:
    """The register kind (`factures`, `budget`, `recettes`, `dossiers`) a workbook looks like, or None."""
    scores = sorted(((_score(raw, layout), layout.kind) for layout in REGISTERS), reverse=True)
    best_score, best_kind = scores[0]
    if best_score < 3 or (len(scores) > 1 and scores[1][0] == best_score):
        return None
    return best_kind
