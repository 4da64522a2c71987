"""What a file really is, from its first bytes and (for zip packages) its entry names, never its extension.

A `.xlsx` may be an encrypted OLE file, a `.xls` may be HTML or a BIFF2-4 stream, a `.csv` may be a zip.
The reader trusts only the content.
"""

from __future__ import annotations

import zipfile
from enum import StrEnum
from pathlib import Path

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
# BOF records of BIFF2, 3, 4 worksheets (record id, then length): pre-OLE Excel files (Excel 2.x to 4.0).
BIFF_OLD_MAGICS = (b"\x09\x00", b"\x09\x02", b"\x09\x04")
_TEXT_REJECTS = (b"<!doctype html", b"<html", b"<table", b"id;p", b"<?xml", b"{\\rtf")


class Format(StrEnum):
    """Container formats the reader distinguishes."""

    XLSX = "xlsx"  # OOXML spreadsheet (xlsx, xlsm, xltx, xltm)
    XLSB = "xlsb"
    ODS = "ods"
    XLS = "xls"  # OLE compound file holding a BIFF5/8 workbook (or an encrypted OOXML package)
    CSV = "csv"
    ZIP_OTHER = "zip"  # a zip that is no spreadsheet (Numbers, docx...)
    BIFF_OLD = "biff2-4"
    MARKUP = "xml/html"  # SpreadsheetML 2003, flat ODS, HTML tables
    UNKNOWN = "inconnu"
    EMPTY = "vide"


def sniff_head(head: bytes) -> Format:
    """Classify from the first bytes only (zip packages are refined by `zip_kind`)."""
    if not head.strip(b"\x00 \t\r\n\xef\xbb\xbf"):
        return Format.EMPTY
    if head.startswith(ZIP_MAGICS):
        return Format.ZIP_OTHER
    if head.startswith(OLE_MAGIC):
        return Format.XLS
    if head[:2] in BIFF_OLD_MAGICS and len(head) >= 4 and head[3] == 0:
        return Format.BIFF_OLD
    return _text_kind(head)


def _text_kind(head: bytes) -> Format:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Format.CSV  # UTF-16 with BOM: only text formats start this way
    probe = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if probe.startswith(_TEXT_REJECTS):
        return Format.MARKUP
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    if control > max(4, len(head) // 50) and b"\x00" not in head[1::2]:
        return Format.UNKNOWN  # binary noise, not UTF-16 text without BOM
    return Format.CSV


def zip_kind(names: list[str], mimetype: bytes = b"") -> Format:
    """Refine a zip package from its entry names (and the ODF `mimetype` entry when present)."""
    lowered = {n.lower().replace("\\", "/") for n in names}
    if b"opendocument.spreadsheet" in mimetype or "content.xml" in lowered and "meta-inf/manifest.xml" in lowered:
        return Format.ODS
    if any(n.endswith("workbook.bin") for n in lowered):
        return Format.XLSB
    if "[content_types].xml" in lowered or any(n.endswith("workbook.xml") for n in lowered):
        return Format.XLSX
    return Format.ZIP_OTHER


def sniff(path: Path) -> Format:
    """The format of the file at `path` (reads 8 KiB, plus the zip directory for packages)."""
    with open(path, "rb") as handle:
        head = handle.read(8192)
    kind = sniff_head(head)
    if kind is not Format.ZIP_OTHER:
        return kind
    try:
        with zipfile.ZipFile(path) as package:
            names = package.namelist()
            mimetype = package.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return Format.ZIP_OTHER
    return zip_kind(names, mimetype)
