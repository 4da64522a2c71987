"""Pre-checks before any parser touches a file: size, zip bombs, encryption, DTDs, absurd dimensions.

Everything here reads only the zip central directory, a few small parts and the first bytes of large ones,
so it is cheap and cannot itself be exhausted. What it cannot prove safe is parsed in the sandbox.
"""

from __future__ import annotations

import mmap
import re
import zipfile
import zlib
from pathlib import Path
from typing import Any

from gestadmin.findings import Provenance, UnreadableInputError
from gestadmin.io.sniff import Format, sniff_head, zip_kind
from gestadmin.messages import make_finding
from gestadmin.settings import Settings

EXCEL_ROWS, EXCEL_COLS = 1_048_576, 16_384
SMALL_PART = 1024 * 1024  # parts fully decompressed (CRC and size checked) before parsing
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.I)
_DIMENSION = re.compile(rb'<dimension\s+ref="\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?"')
_ENCRYPTED_OLE = "EncryptedPackage".encode("utf-16-le")
_BINARY_SUFFIXES = frozenset({".xls", ".xlsx", ".xlsm", ".xlsb", ".ods", ".xltx", ".xltm"})
_BIFF8_BOF = b"\x09\x08\x10\x00"
_FILEPASS = 0x002F


def refuse(code: str, path: Path, **params: Any) -> UnreadableInputError:
    """The exception for a whole file that cannot be read, with its French finding."""
    return UnreadableInputError(make_finding(code, Provenance(file=path.name), path=path.name, **params))


def column_number(letters: bytes | str) -> int:
    """`A` -> 1, `XFD` -> 16384."""
    text = letters.decode() if isinstance(letters, bytes) else letters
    number = 0
    for char in text.upper():
        number = number * 26 + ord(char) - 64
    return number


def precheck(path: Path, settings: Settings) -> Format:
    """Refuse what must not be parsed (UnreadableInputError) and return the content's format."""
    if not path.is_file():
        raise refuse("FICHIER_INTROUVABLE", path)
    size = path.stat().st_size
    if size > settings.max_file_bytes:
        raise refuse("FICHIER_TROP_GROS", path, detail=f"{size // 1_000_000} Mo, maximum "
                     f"{settings.max_file_bytes // 1_000_000} Mo")
    with open(path, "rb") as handle:
        head = handle.read(8192)
    kind = sniff_head(head)
    if kind is Format.EMPTY:
        raise refuse("FICHIER_VIDE", path)
    if kind is Format.ZIP_OTHER:
        return _check_zip(path, settings)
    if kind is Format.XLS:
        _check_ole(path)
    elif kind is Format.BIFF_OLD:
        raise refuse("FICHIER_FORMAT_INCONNU", path,
                     detail="ancien classeur Excel 2, 3 ou 4 ; réenregistrez-le en xlsx")
    elif kind is Format.MARKUP:
        raise refuse("FICHIER_FORMAT_INCONNU", path, detail="page HTML, XML ou SYLK et non un classeur")
    elif kind is Format.UNKNOWN:
        raise refuse("FICHIER_FORMAT_INCONNU", path, detail="contenu binaire non reconnu")
    elif kind is Format.CSV and path.suffix.lower() in _BINARY_SUFFIXES and not _looks_delimited(head):
        # Exports do save CSV under a .xls name (accepted), but a sentence in a ".xls" is no table.
        raise refuse("FICHIER_FORMAT_INCONNU", path, detail="simple texte portant une extension de classeur")
    return kind


def _looks_delimited(head: bytes) -> bool:
    first = head.replace(b"\x00", b"").splitlines()[0] if head.strip() else b""
    return any(sep in first for sep in (b";", b",", b"\t"))


def _check_ole(path: Path) -> None:
    """Encrypted OOXML (EncryptedPackage stream) and encrypted BIFF8 (FILEPASS record after BOF)."""
    with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        if data.find(_ENCRYPTED_OLE) >= 0:
            raise refuse("FICHIER_CHIFFRE", path)
        bof = data.find(_BIFF8_BOF)
        if bof >= 0 and _has_filepass(data, bof):
            raise refuse("FICHIER_CHIFFRE", path)


def _has_filepass(data: mmap.mmap, offset: int) -> bool:
    # FILEPASS, when present, follows BOF within the first records of the workbook globals.
    for _ in range(12):
        if offset + 4 > len(data):
            return False
        record = int.from_bytes(data[offset:offset + 2], "little")
        length = int.from_bytes(data[offset + 2:offset + 4], "little")
        if record == _FILEPASS:
            return True
        offset += 4 + length
    return False


def _check_zip(path: Path, settings: Settings) -> Format:
    try:
        with zipfile.ZipFile(path) as package:
            infos = package.infolist()
            _check_entries(path, infos, settings)
            names = [i.filename for i in infos]
            mimetype = package.read("mimetype")[:100] if "mimetype" in names else b""
            kind = zip_kind(names, mimetype)
            if kind is Format.ZIP_OTHER:
                raise refuse("FICHIER_FORMAT_INCONNU", path, detail="archive zip qui n'est pas un classeur "
                             "(Numbers, document Word... ?)")
            _check_parts(path, package, infos, kind, settings)
            return kind
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, OSError) as exc:
        raise refuse("FICHIER_CORROMPU", path, detail=f"archive zip invalide : {exc}") from None


def _check_entries(path: Path, infos: list[zipfile.ZipInfo], settings: Settings) -> None:
    if not infos:
        raise refuse("FICHIER_VIDE", path)
    if len(infos) > settings.max_zip_entries:
        raise refuse("FICHIER_TROP_GROS", path, detail=f"{len(infos)} éléments dans l'archive")
    total = sum(i.file_size for i in infos)
    if total > settings.max_uncompressed_bytes:
        raise refuse("FICHIER_TROP_GROS", path, detail=f"{total // 1_000_000} Mo une fois décompressé")
    for info in infos:
        if info.file_size > SMALL_PART and info.file_size > settings.max_compression_ratio * max(info.compress_size, 1):
            raise refuse("FICHIER_TROP_GROS", path, detail=f"taux de compression anormal de {info.filename}")
    lowered = [i.filename.lower() for i in infos]
    if len(set(lowered)) != len(lowered):
        raise refuse("FICHIER_CORROMPU", path, detail="deux éléments de l'archive portent le même nom")


def _check_parts(path: Path, package: zipfile.ZipFile, infos: list[zipfile.ZipInfo], kind: Format,
                 settings: Settings) -> None:
    for info in infos:
        name = info.filename.lower()
        if info.file_size <= SMALL_PART:
            data = package.read(info)  # verifies CRC and declared size
        elif name.endswith(_XML_SUFFIXES):
            with package.open(info) as stream:
                data = stream.read(8192)
        else:
            continue
        if name.endswith(_XML_SUFFIXES) and _DTD.search(data[:8192]):
            raise refuse("FICHIER_CORROMPU", path, detail=f"déclaration DTD interdite dans {info.filename}")
        if kind is Format.XLSX and "worksheets/" in name:
            _check_dimension(path, data[:8192])
        if kind is Format.ODS and name == "meta-inf/manifest.xml" and b"encryption-data" in data:
            raise refuse("FICHIER_CHIFFRE", path)
    if kind is Format.ODS:
        _check_ods_cells(path, package, settings)


def _check_dimension(path: Path, head: bytes) -> None:
    match = _DIMENSION.search(head)
    if not match or not match.group(3):
        return
    # Excel itself writes A1:XFD1048576 for formatted whole sheets, and calamine sizes ranges from the cells
    # actually present (the sandbox bounds those): only dimensions beyond Excel's own grid are refused.
    rows, cols = int(match.group(4)), column_number(match.group(3))
    if rows > EXCEL_ROWS or cols > EXCEL_COLS:
        raise refuse("FICHIER_CORROMPU", path, detail=f"feuille déclarée de {rows} lignes × {cols} colonnes")


_ROW = re.compile(rb"<table:table-row\b([^>]*?)(/?)>")
_ROWS_REPEATED = re.compile(rb'number-rows-repeated="(\d+)"')
_CELL = re.compile(rb"<table:(?:covered-)?table-cell\b([^>]*?)(/?)>")
_COLS_REPEATED = re.compile(rb'number-columns-repeated="(\d+)"')
ODS_SCAN_LIMIT = 64 * 1024 * 1024


def _check_ods_cells(path: Path, package: zipfile.ZipFile, settings: Settings) -> None:
    """Cells that carry a value, counted with their repeat factors (LibreOffice's empty tails are free)."""
    try:
        with package.open("content.xml") as stream:
            content = stream.read(ODS_SCAN_LIMIT)
    except KeyError:
        raise refuse("FICHIER_CORROMPU", path, detail="content.xml absent") from None
    total = 0
    rows = list(_ROW.finditer(content))
    for index, row in enumerate(rows):
        if row.group(2):
            continue  # <table:table-row/>: no cells at all
        end = rows[index + 1].start() if index + 1 < len(rows) else len(content)
        repeat = _repeat(_ROWS_REPEATED, row.group(1))
        total += repeat * _valued_cells(content, row.end(), end)
        if total > settings.max_cells:
            raise refuse("FICHIER_TROP_GROS", path, detail=f"plus de {settings.max_cells} cellules remplies")


def _valued_cells(content: bytes, start: int, end: int) -> int:
    count = 0
    for cell in _CELL.finditer(content, start, end):
        attrs = cell.group(1)
        if b"value-type" in attrs or (not cell.group(2) and not content.startswith(b"</table:", cell.end())):
            count += _repeat(_COLS_REPEATED, attrs)
    return count


def _repeat(pattern: re.Pattern[bytes], attrs: bytes) -> int:
    match = pattern.search(attrs)
    return int(match.group(1)) if match else 1
