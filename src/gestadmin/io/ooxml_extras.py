"""What python-calamine does not tell about an xlsx: error cells, the 1904 date system, the template version.

python-calamine returns Excel error values as empty strings (dimastbk/python-calamine#105), so error cells
(`t="e"`) are found by scanning the worksheet XML ourselves: a streamed byte search, regex only around hits.
Every step is best effort: an odd package (Strict OOXML, unusual part names) just yields fewer extras.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

_CHUNK = 4 * 1024 * 1024
_ERROR_CELL = re.compile(rb'<c\b([^>]*\bt="e"[^>]*)>(.*?)</c>', re.S)
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_SHEET = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"[^>]*?\b\w+:id="([^"]*)"')
_REL = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")
_ATTR = re.compile(rb'\b(Id|Target)="([^"]*)"')
_DATE1904 = re.compile(rb'date1904="(1|true)"')
_KEYWORDS = re.compile(rb"<cp:keywords>([^<]*)</cp:keywords>")
_VERSION = re.compile(r"gestadmin;(\w+);modèle (\S+)")
ErrorCells = dict[tuple[int, int], str]


@dataclass(slots=True)
class OoxmlExtras:
    """Error cells per sheet name ((row0, col0) -> `#N/A`), date system, gestadmin template version."""

    errors: dict[str, ErrorCells] = field(default_factory=dict)
    date1904: bool = False
    version: str | None = None


def ooxml_extras(path: Path, sheet_names: list[str], scanned: Collection[str] = ()) -> OoxmlExtras:
    """Best-effort extras of an xlsx/xlsm package (never raises on an odd package); the error cells of the
    `scanned` sheets are not looked for (the caller found them while streaming those sheets itself)."""
    extras = OoxmlExtras()
    try:
        with zipfile.ZipFile(path) as package:
            names = {n.lower(): n for n in package.namelist()}
            workbook = _read(package, names, "xl/workbook.xml")
            extras.date1904 = bool(_DATE1904.search(workbook[:20000]))
            extras.version = _version(_read(package, names, "docprops/core.xml"))
            for sheet, part in sheet_parts(package).items():
                if sheet in sheet_names and sheet not in scanned:
                    extras.errors[sheet] = scan_errors(package, part)
    except (zipfile.BadZipFile, zlib.error, OSError, KeyError, ValueError, EOFError):
        pass
    return extras


def _read(package: zipfile.ZipFile, names: dict[str, str], part: str) -> bytes:
    real = names.get(part)
    return package.read(real) if real else b""


def _version(core: bytes) -> str | None:
    match = _KEYWORDS.search(core)
    found = _VERSION.search(match.group(1).decode("utf-8", "replace")) if match else None
    return found.group(2) if found else None


def sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> name of its part in the package, for the parts that exist (regex-read, best effort)."""
    names = {n.lower(): n for n in package.namelist()}
    parts = _sheet_parts(package, names, _read(package, names, "xl/workbook.xml"))
    return {sheet: names[part.lower()] for sheet, part in parts.items() if part.lower() in names}


def _sheet_parts(package: zipfile.ZipFile, names: dict[str, str], workbook: bytes) -> dict[str, str]:
    rels = _read(package, names, "xl/_rels/workbook.xml.rels")
    targets: dict[bytes, str] = {}
    for rel in _REL.finditer(rels):
        attrs = dict(_ATTR.findall(rel.group(1)))
        if b"Id" in attrs and b"Target" in attrs:
            target = attrs[b"Target"].decode("utf-8", "replace").replace("\\", "/")
            targets[attrs[b"Id"]] = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl", target))
    parts = {}
    for match in _SHEET.finditer(workbook):
        name = _unescape(match.group(1).decode("utf-8", "replace"))
        if match.group(2) in targets:
            parts[name] = targets[match.group(2)]
    return parts


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'")
            .replace("&amp;", "&"))


def scan_errors(package: zipfile.ZipFile, part: str) -> ErrorCells:
    """Error cells of one worksheet part, streamed chunk by chunk (a cell never spans more than a carry)."""
    found: ErrorCells = {}
    carry = b""
    with package.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            data = carry + chunk
            cut = data.rfind(b"<c ")
            head, carry = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
            if b't="e"' in head:
                collect_errors(head, found)
            if len(carry) > _CHUNK:  # a single enormous cell: give up on the carry rather than grow
                carry = b""
    if b't="e"' in carry:
        collect_errors(carry, found)
    return found


def collect_errors(data: bytes, found: ErrorCells) -> None:
    """Add the error cells of a run of whole `<c>` elements to `found`."""
    for cell in _ERROR_CELL.finditer(data):
        ref, value = _REF.search(cell.group(1)), _VALUE.search(cell.group(2))
        if ref and value:
            col = 0
            for char in ref.group(1):
                col = col * 26 + char - 64
            found[(int(ref.group(2)) - 1, col - 1)] = value.group(1).decode("utf-8", "replace")
