"""A plain xlsx sheet read without calamine: numpy array operations over the worksheet XML, no Python per cell.

The cells come out as calamine 0.37 / python-calamine 0.9 give them (floats, shared strings, bools, dates and
durations for date-formatted numbers, '' for error cells, found apart as `ErrorCells`), in the block that
`cell_grid.add_range` would build from calamine's range. Only the plain form is read: cells `<c r="A1" s="3"
t="s">` (attributes in that form and order), `<v>` values, `<f>` formulas, shared strings, types s/n/b/e. Anything
else (inline strings, `t="str"`, prefixed tags, unknown tags, values or entities, cells out of order, a date out
of Python's range) raises `Unsure`, and the caller leaves the sheet to calamine: the fallback is the rule.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from gestadmin.io.ooxml_extras import ErrorCells, sheet_parts
from gestadmin.io.xml_shared_strings import Unsure, decode_texts, shared_strings
from gestadmin.io.xml_styles import DATETIME, TIMEDELTA, cell_formats, datetimes, durations

__all__ = ["Unsure", "XmlBook", "open_book", "parse_rows"]

_LT, _GT, _SLASH, _SPACE, _QUOTE = 60, 62, 47, 32, 34
_NONE, _STRING, _NUMBER, _BOOL, _ERROR, _INLINE = 0, 1, 2, 3, 4, 5
_TYPES = {ord("s"): _STRING, ord("n"): _NUMBER, ord("b"): _BOOL, ord("e"): _ERROR}
_ERROR_CODES = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"})
_NUMBER_BYTES = np.zeros(256, dtype=bool)
_NUMBER_BYTES[list(b"0123456789.-+eE")] = True
_MAX_NUMBER = 40  # characters of a `<v>` number
_MAX_CELLS = 50_000_000  # a block bigger than this is left to calamine
_WORKBOOK_PR = re.compile(rb"<workbookPr\b([^>]*)>")
_DATE1904 = re.compile(rb'\sdate1904="([^"]*)"')
_REL = re.compile(rb'<Relationship\b[^>]*\bType="[^"]*/(sharedStrings|styles)"[^>]*>')
_TARGET = re.compile(rb'\bTarget="/?(?:xl/)?([^"]*)"')


@dataclass(frozen=True, slots=True)
class XmlBook:
    """What every sheet of a workbook needs: shared strings, the kind of each style, the date system, parts."""

    strings: np.ndarray
    formats: np.ndarray
    date1904: bool
    parts: dict[str, str]


def open_book(path: Path) -> XmlBook | None:
    """The workbook-level parts, or None when the package is not plain enough for this reader."""
    try:
        with zipfile.ZipFile(path) as package:
            names = package.namelist()
            if len({n.lower() for n in names}) != len(names):
                return None
            rels = _read(package, "xl/_rels/workbook.xml.rels") or b""
            for kind, part in ((b"sharedStrings", "xl/sharedStrings.xml"), (b"styles", "xl/styles.xml")):
                if not _standard_target(rels, kind, part in names):
                    return None
            strings = shared_strings(_read(package, "xl/sharedStrings.xml"))
            formats = cell_formats(_read(package, "xl/styles.xml"))
            date1904 = _date1904(_read(package, "xl/workbook.xml") or b"")
            parts = sheet_parts(package)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError, Unsure):
        return None
    if strings is None or formats is None or date1904 is None:
        return None
    return XmlBook(strings, formats, date1904, parts)


def _read(package: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        return package.read(name)
    except KeyError:
        return None


def _standard_target(rels: bytes, kind: bytes, present: bool) -> bool:
    """Whether the part calamine reads for `kind` is surely the standard one (or surely absent)."""
    found = [m for m in _REL.finditer(rels) if m.group(1) == kind]
    if not found:
        return not present
    target = _TARGET.search(found[0].group(0))
    return len(found) == 1 and target is not None and target.group(1) == kind + b".xml"


def _date1904(workbook: bytes) -> bool | None:
    tags = _WORKBOOK_PR.findall(workbook)
    if len(tags) > 1 or workbook.count(b"date1904") > sum(t.count(b"date1904") for t in tags):
        return None
    flag = _DATE1904.search(tags[0]) if tags else None
    return flag is not None and flag.group(1) in (b"1", b"true")


def parse_rows(xml: Any, stop: int, book: XmlBook, errors: ErrorCells) -> tuple[int, int, np.ndarray] | None:
    """xml[:stop], whole `<row>` elements -> (first row, first column, 2-D object block) as calamine's range
    would give them, None when no cell has a value; error cells are added to `errors`. Raises Unsure.
    No view of `xml` outlives the call (the caller may resize it)."""
    arr = np.frombuffer(xml, dtype=np.uint8, count=stop)
    lt = np.flatnonzero(arr == _LT)
    if not len(lt):
        return None
    tags = _Tags(arr, lt)
    cells = _Cells(arr, tags.starts)
    tags.check_nesting(cells.self_closing)
    v_open = np.flatnonzero(tags.v_open)
    owner = tags.owner[v_open]
    first, last = lt[v_open] + 3, lt[v_open + 1]
    values, present = _values(arr, first, last, cells.kind[owner], cells.style[owner], book)
    rows, cols = cells.row[owner][present], cells.col[owner][present]
    for at in np.flatnonzero(cells.kind[owner][present] == _ERROR) if len(first) else ():
        start, stop = first[present][at], last[present][at]
        errors[(int(rows[at]), int(cols[at]))] = bytes(arr[start:stop]).decode("ascii")
    after = np.minimum(np.flatnonzero(tags.c_open) + 1, len(lt) - 1)
    inline = (cells.kind == _INLINE) & ~cells.self_closing & ~tags.c_close[after]  # `<c t="inlineStr"></c>`: empty
    texts = np.empty(int(inline.sum()), dtype=object)
    if len(texts):
        texts[:] = decode_texts(arr, *tags.inline_texts(arr, inline))
    elif (tags.is_open | tags.is_close | tags.t_open | tags.t_close).any():
        raise Unsure("texte hors chaîne en ligne")
    rows, cols = np.concatenate([rows, cells.row[inline]]), np.concatenate([cols, cells.col[inline]])
    if not len(rows):
        return None
    row0, col0 = int(rows.min()), int(cols.min())
    height, width = int(rows.max()) - row0 + 1, int(cols.max()) - col0 + 1
    if height * width > _MAX_CELLS:
        raise Unsure("bloc trop grand")
    block = np.full((height, width), "", dtype=object)
    count = int(present.sum())  # positions are distinct (checked in order): no cell is written twice
    block[rows[:count] - row0, cols[:count] - col0] = values[present]
    block[rows[count:] - row0, cols[count:] - col0] = texts
    return row0, col0, block


class _Tags:
    """Every `<` of the rows classified by its next bytes; anything but row, c, f, v (open/close) is Unsure."""

    def __init__(self, arr: np.ndarray, lt: np.ndarray) -> None:
        a1, a2, a3 = (arr.take(lt + k, mode="clip") for k in (1, 2, 3))
        self.c_open = (a1 == ord("c")) & (a2 == _SPACE)
        self.c_close = (a1 == _SLASH) & (a2 == ord("c")) & (a3 == _GT)
        self.v_open = (a1 == ord("v")) & (a2 == _GT)
        v_close = (a1 == _SLASH) & (a2 == ord("v")) & (a3 == _GT)
        f_tag = ((a1 == ord("f")) & ((a2 == _SPACE) | (a2 == _GT) | (a2 == _SLASH))) | (
            (a1 == _SLASH) & (a2 == ord("f")) & (a3 == _GT))
        self.row_tag = ((a1 == ord("r")) & (a2 == ord("o")) & (a3 == ord("w"))) | (
            (a1 == _SLASH) & (a2 == ord("r")) & (a3 == ord("o")))
        self.is_open = (a1 == ord("i")) & (a2 == ord("s")) & (a3 == _GT)
        self.is_close = (a1 == _SLASH) & (a2 == ord("i")) & (a3 == ord("s"))
        self.t_open = (a1 == ord("t")) & ((a2 == _GT) | (a2 == _SPACE))
        self.t_close = (a1 == _SLASH) & (a2 == ord("t")) & (a3 == _GT)
        if not (self.c_open | self.c_close | self.v_open | v_close | f_tag | self.row_tag | self.is_open
                | self.is_close | self.t_open | self.t_close).all():
            raise Unsure("balise inconnue")
        after_v = np.flatnonzero(self.v_open) + 1
        if (after_v >= len(lt)).any() or not v_close[np.minimum(after_v, len(lt) - 1)].all() or \
                int(v_close.sum()) != len(after_v):
            raise Unsure("<v> sans </v>")
        self.lt = lt
        self.starts = lt[self.c_open]
        self.owner = np.cumsum(self.c_open) - 1

    def inline_texts(self, arr: np.ndarray, inline: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(first, last, preserved) of the text of each inline-string cell, which must be exactly
        `<is><t>..</t></is>` (or `<t xml:space="preserve">`): any other `<is>`/`<t>` is Unsure."""
        at = np.flatnonzero(self.c_open)[inline]
        size = len(self.lt)
        sequence = [self.is_open, self.t_open, self.t_close, self.is_close, self.c_close]
        counts = {int(flags.sum()) for flags in (self.is_open, self.is_close, self.t_open, self.t_close)}
        if (at + 5 >= size).any() or counts != {len(at)} or \
                not all(flags[np.minimum(at + k + 1, size - 1)].all() for k, flags in enumerate(sequence)):
            raise Unsure("texte en ligne")
        opening = self.lt[at + 2]
        preserved = _expect(arr, opening, b'<t xml:space="preserve">')
        if not (preserved | _expect(arr, opening, b"<t>")).all():
            raise Unsure("texte en ligne")
        return np.where(preserved, opening + 24, opening + 3), self.lt[at + 3], preserved

    def check_nesting(self, self_closing: np.ndarray) -> None:
        """Each open cell closes once, after its value; self-closing cells hold nothing; rows are outside."""
        count = len(self_closing)
        inner = ~self.c_open & ~self.row_tag
        if (self.owner[inner] < 0).any():
            raise Unsure("balise hors cellule")
        close_index = np.flatnonzero(self.c_close)
        if not np.array_equal(np.bincount(self.owner[close_index], minlength=count), (~self_closing).astype(int)):
            raise Unsure("</c> manquant")
        if np.bincount(self.owner[inner], minlength=count)[self_closing].any():
            raise Unsure("cellule auto-fermante non vide")
        closes = np.full(count, np.iinfo(np.int64).max)
        closes[self.owner[close_index]] = close_index
        v_index = np.flatnonzero(self.v_open)
        if np.bincount(self.owner[v_index], minlength=count).max(initial=0) > 1 or \
                (closes[self.owner[v_index]] < v_index).any():
            raise Unsure("<v> mal placé")
        row_index = np.flatnonzero(self.row_tag)
        row_owner = self.owner[row_index]
        inside = (row_owner >= 0) & ~self_closing[np.maximum(row_owner, 0)]
        if (closes[row_owner[inside]] > row_index[inside]).any():
            raise Unsure("ligne dans une cellule")


def _digits(arr: np.ndarray, pos: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
    """(value, count) of the leading decimal digits at each position (at most `width` of them)."""
    window = arr.take(pos[:, None] + np.arange(width + 1), mode="clip") - np.uint8(ord("0"))
    digit = window <= 9  # unsigned: bytes below '0' wrap around
    count = _leading(digit)
    value = np.zeros(len(pos), dtype=np.int64)
    for k in range(int(count.max(initial=0))):
        value = np.where(k < count, value * 10 + window[:, k], value)
    return value, count


def _leading(flags: np.ndarray) -> np.ndarray:
    """How many leading True of each row (the first False found by argmin, past a False sentinel column)."""
    padded = np.concatenate([flags, np.zeros((len(flags), 1), dtype=bool)], axis=1)
    count: np.ndarray = np.argmin(padded, axis=1)
    return count


def _expect(arr: np.ndarray, pos: np.ndarray, text: bytes) -> np.ndarray:
    """Whether `text` is found at each position."""
    found: np.ndarray = np.ones(len(pos), dtype=bool)
    if len(text) == 1:
        found &= arr.take(pos, mode="clip") == text[0]
        return found
    for start in range(0, len(text), 8):  # 8 bytes compared at once, as one little-endian integer
        chunk = text[start:start + 8]
        window = arr.take(pos[:, None] + np.arange(start, start + 8), mode="clip")
        packed = window.view("<u8").ravel() & np.uint64(2 ** (8 * len(chunk)) - 1)
        found &= packed == np.uint64(int.from_bytes(chunk, "little"))
    return found


class _Cells:
    """The `<c r=".." [s=".."] [t="."]>` start tags: row and column (0-based), style (-1: none), value type."""

    def __init__(self, arr: np.ndarray, starts: np.ndarray) -> None:
        if not _expect(arr, starts, b'<c r="').all():
            raise Unsure("cellule sans r= en tête")
        pos = starts + 6
        letters = arr.take(pos[:, None] + np.arange(4), mode="clip").astype(np.int64) - ord("A") + 1
        upper = (letters >= 1) & (letters <= 26)
        count = _leading(upper)
        col = np.zeros(len(pos), dtype=np.int64)
        for k in range(3):
            col = np.where(k < count, col * 26 + letters[:, k], col)
        row, digits = _digits(arr, pos + count, 7)
        pos = pos + count + digits
        if (count < 1).any() or (count > 3).any() or (digits < 1).any() or (digits > 7).any() or \
                (col > 16_384).any() or \
                (row < 1).any() or (row > 1_048_576).any() or not _expect(arr, pos, b'"').all():
            raise Unsure("référence de cellule")
        self.row, self.col = row - 1, col - 1
        if (np.diff(self.row * 16_384 + self.col) <= 0).any():
            raise Unsure("cellules dans le désordre")
        pos = pos + 1
        has_style = _expect(arr, pos, b' s="')
        style, width = _digits(arr, pos + 4, 6)
        if (has_style & ((width < 1) | (width > 6) | ~_expect(arr, pos + 4 + width, b'"'))).any():
            raise Unsure("style")
        self.style = np.where(has_style, style, -1)
        pos = np.where(has_style, pos + 5 + width, pos)
        inline = _expect(arr, pos, b' t="inlineStr"')
        has_type = _expect(arr, pos, b' t="') & ~inline
        letter = arr.take(pos + 4, mode="clip")
        kind = np.zeros(len(pos), dtype=np.int8)
        for byte, code in _TYPES.items():
            kind[has_type & (letter == byte)] = code
        if (has_type & ((kind == _NONE) | ~_expect(arr, pos + 5, b'"'))).any():
            raise Unsure("type de cellule")
        kind[inline] = _INLINE
        self.kind = kind
        pos = np.where(has_type, pos + 6, np.where(inline, pos + 14, pos))
        self.self_closing = _expect(arr, pos, b"/>")
        if not (self.self_closing | _expect(arr, pos, b">")).all():
            raise Unsure("attribut inconnu")


def _values(arr: np.ndarray, first: np.ndarray, last: np.ndarray, kind: np.ndarray, style: np.ndarray,
            book: XmlBook) -> tuple[np.ndarray, np.ndarray]:
    """The Python values of the cells holding a `<v>`, and which of them calamine keeps (non-empty)."""
    length = last - first
    present = length > 0
    out = np.empty(len(first), dtype=object)
    text = present & (kind == _STRING)
    index, digits = _digits(arr, first[text], 10)
    if (digits != length[text]).any() or (index >= len(book.strings)).any():
        raise Unsure("chaîne partagée")
    out[text] = book.strings[index]
    flag = present & (kind == _BOOL)
    out[flag] = ~((length[flag] == 1) & (arr[first[flag]] == ord("0")))
    error = present & (kind == _ERROR)
    for at in np.flatnonzero(error):
        if bytes(arr[first[at]:last[at]]).decode("ascii", "replace") not in _ERROR_CODES:
            raise Unsure("code d'erreur")
    out[error] = ""
    number = present & ((kind == _NUMBER) | (kind == _NONE))
    if number.any():
        out[number] = _numbers(arr, first[number], length[number], style[number], book)
    return out, present


def _numbers(arr: np.ndarray, first: np.ndarray, length: np.ndarray, style: np.ndarray, book: XmlBook) -> np.ndarray:
    """`<v>` numbers parsed as one fixed-width byte array (a correctly rounded parse, as calamine's), then
    dates and durations for date-formatted styles."""
    width = int(length.max())
    if width > _MAX_NUMBER:
        raise Unsure("nombre trop long")
    window = arr.take(first[:, None] + np.arange(width), mode="clip")
    window[np.arange(width) >= length[:, None]] = 0
    allowed = _NUMBER_BYTES[window] | (window == 0)
    lead = window[:, 0]
    if not allowed.all() or not ((lead >= ord("0")) & (lead <= ord("9")) | (lead == ord("-"))).all():
        raise Unsure("nombre")
    try:
        values = np.ascontiguousarray(window).view(f"S{width}").ravel().astype(np.float64)
    except ValueError as exc:
        raise Unsure("nombre") from exc
    kinds = np.zeros(len(values), dtype=np.int8)
    known = (style >= 0) & (style < len(book.formats))
    kinds[known] = book.formats[style[known]]
    out = np.empty(len(values), dtype=object)
    out[:] = values
    for kind, convert in ((DATETIME, datetimes), (TIMEDELTA, durations)):
        mask = kinds == kind
        if mask.any():
            out[mask] = convert(values[mask], book.date1904)
    return out

