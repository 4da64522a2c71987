"""The register reader: a file (or Office.js rows) -> typed pandas frames per layout sheet + findings.

Contract (COMMON.md "Reader contract"): `RegisterData.sheets` maps layout sheet keys to `SheetData`, whose
frame has one column per layout field plus `_row` (physical Excel row). Bad cells are NA plus a Finding with
provenance; only a file that cannot be read at all raises UnreadableInputError.

Untrusted files are pre-checked (io.guard) then parsed AND typed in a sandbox worker (io.sandbox): only typed
frames cross the process boundary, which is cheaper to pickle than raw cells.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import python_calamine as pc
from pandas.api.types import infer_dtype

from gestadmin.collector import collector_paused
from gestadmin.findings import Finding, Provenance, Severity, UnreadableInputError
from gestadmin.io.guard import precheck, refuse
from gestadmin.io.headers import column_letter, header_key
from gestadmin.io.layouts import RegisterLayout, SheetLayout, register
from gestadmin.io.locate import Located, detect_kind, locate
from gestadmin.io.raw import RawSheet, RawWorkbook, read_raw_unguarded
from gestadmin.io.sandbox import sandbox
from gestadmin.io.sniff import Format
from gestadmin.io.typing_cells import TypingContext, type_absent, type_column
from gestadmin.messages import make_finding
from gestadmin.settings import Settings, get_settings

__all__ = ["RegisterData", "SheetData", "detect_kind", "read_and_check", "read_frames", "read_raw", "read_register"]
ROW = "_row"
T = TypeVar("T")


@dataclass(slots=True)
class SheetData:
    """One layout sheet as read: typed frame, sheet name in the file, field -> column letter."""

    layout: SheetLayout
    sheet_name: str
    frame: pd.DataFrame
    letters: dict[str, str]
    header_row: int = 1  # physical row of the header


@dataclass(slots=True)
class RegisterData:
    """A whole register as read: sheets by layout key, reader findings, date system, template version."""

    path: Path
    layout: RegisterLayout
    sheets: dict[str, SheetData]
    findings: list[Finding] = field(default_factory=list)
    date1904: bool = False
    version: str | None = None

    @property
    def kind(self) -> str:
        """The register kind (`factures`, `budget`, `recettes`, `dossiers`)."""
        return self.layout.kind


def read_register(path: Path | str, kind: str | None = None, settings: Settings | None = None) -> RegisterData:
    """Read a register file (xlsx, xlsm, xlsb, xls, ods, csv; format sniffed from content) safely."""
    settings = settings or get_settings()
    path = Path(path)
    fmt = precheck(path, settings)
    result: RegisterData = sandbox(settings.read_memory_mb).run(
        _read_task, (path, fmt, kind, settings), timeout=settings.read_timeout_seconds, path=path)
    return result


def read_and_check(path: Path | str, check: Callable[[RegisterData, Settings], T], kind: str | None = None,
                   settings: Settings | None = None) -> tuple[RegisterData, T]:
    """read_register, then `check(data, settings)` in the same sandbox worker (validation on every processor,
    no second trip across the process boundary). `check` must be a module-level function (it is pickled)."""
    settings = settings or get_settings()
    path = Path(path)
    fmt = precheck(path, settings)
    result: tuple[RegisterData, T] = sandbox(settings.read_memory_mb).run(
        _read_check_task, (path, fmt, kind, settings, check), timeout=settings.read_timeout_seconds, path=path)
    return result


def read_raw(path: Path | str, settings: Settings | None = None) -> RawWorkbook:
    """Every sheet's raw rows, with the same pre-checks and sandbox as read_register."""
    settings = settings or get_settings()
    path = Path(path)
    fmt = precheck(path, settings)
    raw: RawWorkbook = sandbox(settings.read_memory_mb).run(
        _raw_task, (path, fmt), timeout=settings.read_timeout_seconds, path=path)
    return raw


def _raw_task(path: Path, fmt: Format) -> RawWorkbook:
    with collector_paused():
        return parse_file(path, fmt)


def read_frames(sheets: dict[str, list[list[Any]]], kind: str | None = None, file_label: str = "",
                date1904: bool = False, settings: Settings | None = None) -> RegisterData:
    """The same as read_register from in-memory rows (Office.js payload: sheet name -> rows from A1)."""
    raw = RawWorkbook([RawSheet(name, [list(r) for r in rows]) for name, rows in sheets.items()], date1904=date1904)
    return build_register(raw, kind, Path(file_label or "classeur"), settings or get_settings())


def _read_task(path: Path, fmt: Format, kind: str | None, settings: Settings) -> RegisterData:
    with collector_paused():
        return build_register(parse_file(path, fmt, columnar=True), kind, path, settings)


def _read_check_task(path: Path, fmt: Format, kind: str | None, settings: Settings,
                     check: Callable[[RegisterData, Settings], T]) -> tuple[RegisterData, T]:
    data = _read_task(path, fmt, kind, settings)
    return data, check(data, settings)


def parse_file(path: Path, fmt: Format, columnar: bool = False) -> RawWorkbook:
    """Raw parse with parser exceptions turned into French whole-file findings (`columnar`: see read_raw_unguarded)."""
    try:
        return read_raw_unguarded(path, fmt, columnar)
    except pc.PasswordError:
        raise refuse("FICHIER_CHIFFRE", path) from None
    except (pc.CalamineError, pc.ZipError, pc.XmlError, UnicodeError, ValueError, KeyError, IndexError) as exc:
        code, params = _explain(str(exc))
        raise refuse(code, path, **params) from None
    except BaseException as exc:  # pyo3 PanicException derives from BaseException
        if type(exc).__name__ != "PanicException":
            raise
        raise refuse("FICHIER_CORROMPU", path, detail=f"structure interne illisible : {str(exc)[:120]}") from None


def _explain(message: str) -> tuple[str, dict[str, str]]:
    """Finding code and parameters for a parser's (English) error message."""
    lowered = message.lower()
    if "password" in lowered or "encrypt" in lowered:
        return "FICHIER_CHIFFRE", {}
    if "cell limit" in lowered:
        return "FICHIER_TROP_GROS", {"detail": "nombre de cellules déclaré démesuré"}
    if "cannot detect file format" in lowered:
        return "FICHIER_FORMAT_INCONNU", {"detail": "contenu non reconnu"}
    return "FICHIER_CORROMPU", {"detail": f"structure interne illisible : {message[:120]}"}


def build_register(raw: RawWorkbook, kind: str | None, path: Path, settings: Settings) -> RegisterData:
    """Locate, match headers and type every layout sheet of a raw workbook."""
    kind = kind or detect_kind(raw)
    if kind is None:
        raise UnreadableInputError(make_finding("FICHIER_TYPE_INCONNU", Provenance(file=path.name)))
    layout = register(kind)
    ctx = TypingContext(raw.date1904, tuple(settings.rates_on()),
                        {ref.name: ref.values for ref in layout.references if ref.values})
    data = RegisterData(path, layout, {}, [], raw.date1904, raw.version)
    claimed: set[str] = set()
    for position, sheet_layout in enumerate(layout.sheets):
        found = locate(raw, sheet_layout, claimed)
        if found is None:
            severity = Severity.ERROR if position == 0 else Severity.WARNING
            data.findings.append(make_finding("FEUILLE_ABSENTE", Provenance(file=path.name), severity,
                                              sheet=sheet_layout.sheet))
            continue
        claimed.add(found.raw.name)
        later = layout.sheets[position + 1:]
        sheet, findings = _sheet(found, sheet_layout, path.name, ctx, not _wanted_later(raw, found.raw, later))
        data.findings.extend(findings)
        if sheet is not None:
            data.sheets[sheet_layout.key] = sheet
    return data


def _wanted_later(raw: RawWorkbook, sheet: RawSheet, later: tuple[SheetLayout, ...]) -> bool:
    """Whether a later layout sheet could locate this raw sheet again (by its name or one of its tables; the
    header-row fallback skips claimed sheets): if not, typing may take its cells over."""
    names = {header_key(s.sheet) for s in later}
    tables = {s.table.casefold() for s in later}
    return header_key(sheet.name) in names or any(
        name.casefold() in tables and where == sheet.name for name, (where, _row, _col) in raw.tables.items())


def _sheet(found: Located, layout: SheetLayout, file: str, ctx: TypingContext,
           release: bool = False) -> tuple[SheetData | None, list[Finding]]:
    header = found.header
    if header is None:
        return None, [make_finding("ENTETE_INTROUVABLE", Provenance(file, found.raw.name), sheet=found.raw.name)]
    where = Provenance(file, found.raw.name, header.row + 1)
    findings = _header_findings(found, layout, where)
    letters = {name: column_letter(col) for name, col in header.fields.items()}
    first = found.first_col
    last = found.last_col if found.last_col is not None else max(header.last_col, first)
    columns, rows = _data_block(found.raw, header.row + 1, found.last_row + 1, first, last,
                                {col - first for col in header.fields.values()}, release)
    frame: dict[str, Any] = {}
    for column in layout.columns:
        col = header.fields.get(column.field)
        if col is None:
            typed, issues, empty = type_absent(len(rows), column, ctx)
        else:
            values, blank = columns.pop(col - first)  # typed once: its raw cells can go afterwards
            typed, issues, empty = type_column(values, column, ctx, blank)
            del values
        frame[column.field] = typed
        base = Provenance(file, found.raw.name, None, letters.get(column.field, ""), column.field)
        findings += [_cell_finding(base, int(rows[pos]), code, column.header, params) for pos, code, params in issues]
        if column.required and not column.is_formula and col is not None:
            flagged = {pos for pos, _code, _params in issues}
            findings += [_cell_finding(base, int(rows[pos]), "VALEUR_OBLIGATOIRE", column.header, {})
                         for pos in np.flatnonzero(empty).tolist() if pos not in flagged]
    frame[ROW] = rows.astype(np.int64, copy=False)
    return SheetData(layout, found.raw.name, typed_frame(frame, len(rows)), letters, header.row + 1), findings


def typed_frame(columns: dict[str, Any], size: int) -> pd.DataFrame:
    """The typed columns (object / datetime64 / int64 arrays, Int64 / Float64 arrays) as one frame, its blocks
    built straight from the arrays: no Series per column, no dtype inference (pandas 3 would infer its `str`
    dtype, NaN for empty, where the contract wants object with None). The same frame as `pd.DataFrame` of one
    Series per column, object columns kept object (tests pin both)."""
    arrays = [pd.array(a) if isinstance(a, np.ndarray) and a.dtype.kind == "M" else a for a in columns.values()]
    # DataFrame._from_arrays: the internal constructor DataFrame(dict) ends in, without its checks
    frame: pd.DataFrame = pd.DataFrame._from_arrays(  # type: ignore[attr-defined]
        arrays, columns=pd.Index(list(columns)), index=pd.RangeIndex(size), verify_integrity=False)
    return frame


def _cell_finding(base: Provenance, row: int, code: str, label: str, params: dict[str, Any]) -> Finding:
    where = Provenance(base.file, base.sheet, row, base.column, base.field)
    return make_finding(code, where, label=label, **params)


def _data_block(sheet: RawSheet, start: int, stop: int, first: int, last: int, wanted: set[int],
                release: bool = False) -> tuple[dict[int, tuple[np.ndarray, np.ndarray]], np.ndarray]:
    """Cells first..last of rows start..stop-1, fully empty rows dropped: the `wanted` columns (offsets from
    `first`) as (cells, blank-cell mask: computed once here, reused by typing), and the physical rows.
    `release`: a columnar sheet gives its cells up (see CellGrid.columns)."""
    width = last - first + 1
    if sheet.grid is not None:
        cells = sheet.grid.columns(first, width, start, stop, release)
    else:
        rows = sheet.rows[start:stop]
        block = _rectangle(rows, first, width) if rows else np.full((0, width), None, dtype=object)
        cells = [block[:, offset] for offset in range(width)]
    physical = np.arange(start + 1, start + 1 + len(cells[0]), dtype=np.int64)
    blanks = [blank_cells(column) for column in cells]
    filled = ~np.logical_and.reduce(blanks) if len(physical) else np.ones(0, dtype=bool)
    if filled.all():
        return {offset: (cells[offset], blanks[offset]) for offset in wanted}, physical
    out = {offset: (cells[offset][filled], blanks[offset][filled]) for offset in wanted}
    return out, physical[filled]


_NEVER_TEXT = frozenset({"floating", "integer", "mixed-integer-float", "boolean", "date", "datetime", "empty"})


def blank_cells(column: np.ndarray) -> np.ndarray:
    """`pd.isna(column) | (column == "")` for an object column, one test skipped when the column's type (told
    by one C pass) rules it out: no missing value among texts only, no text among numbers only."""
    kind = infer_dtype(column, skipna=False)
    if kind == "string":
        blank: np.ndarray = column == ""
    elif kind in _NEVER_TEXT:
        blank = pd.isna(column)
    else:
        blank = pd.isna(column) | (column == "")
    return blank


def _rectangle(rows: list[list[Any]], first: int, width: int) -> np.ndarray:
    """Rows as one object array, built in C when they are equally long (calamine's rectangular ranges)."""
    lengths = set(map(len, rows))
    block = np.full((len(rows), width), None, dtype=object)
    if len(lengths) == 1:
        full = np.empty((len(rows), lengths.pop()), dtype=object)
        try:
            full[:] = rows  # one C loop: no per-row Python work
        except ValueError:  # cells that are themselves sequences: copied one row at a time below
            pass
        else:
            if full.shape[1] >= first + width:
                return full[:, first:first + width]
            if full.shape[1] > first:
                block[:, :full.shape[1] - first] = full[:, first:]
            return block
    for index, row in enumerate(rows):
        part = row[first:first + width]
        block[index, :len(part)] = part
    return block


def _header_findings(found: Located, layout: SheetLayout, where: Provenance) -> list[Finding]:
    assert found.header is not None
    header, out = found.header, []

    def at(col: int | None) -> Provenance:
        return Provenance(where.file, where.sheet, where.row, column_letter(col) if col is not None else "")

    for column in layout.columns:
        if column.required and not column.is_formula and column.field not in header.fields:
            out.append(make_finding("COLONNE_MANQUANTE", at(None), header=column.header))
    out += [make_finding("COLONNE_INCONNUE", at(col), header=text) for col, text in header.unknown]
    out += [make_finding("COLONNE_EN_DOUBLE", at(col), header=text) for col, text in header.duplicates]
    out += [make_finding("COLONNE_RENOMMEE", at(col), header=text, expected=canonical)
            for col, text, canonical in header.renamed]
    return out
