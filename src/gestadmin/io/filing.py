"""Filing supporting documents: safe file names, no overwrite ever, content hashes so nothing is filed twice.

Names stay readable French (accents kept, NFC so that a name typed on a Mac matches one typed on Windows);
only what Windows or the shell cannot take is changed: `/ \\ :` and `|` become `-`, `* ? " < >` and control
characters go, trailing dots and blanks go, reserved device names (CON, PRN, AUX, NUL, COM1..9, LPT1..9)
get a leading `_`, and the length is capped. A name already taken gets ` (2)`, ` (3)`...: the final link
(`os.link`) fails instead of replacing, so even two concurrent runs never overwrite each other.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.styles import Font

from gestadmin.io.atomic import atomic_save, atomic_write_text
from gestadmin.io.revenue_writeback import backup_path

INDEX_FILE = "Empreintes_classement.json"
RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
            *(f"COM{i}" for i in "0123456789¹²³"), *(f"LPT{i}" for i in "0123456789¹²³")}
_TO_DASH = re.compile(r"[/\\:|]")
_DROP = re.compile(r'[*?"<>\x00-\x1f\x7f]')


def safe_name(name: str, max_length: int = 100, fallback: str = "sans nom") -> str:
    """A file or folder name valid on Windows, macOS and Linux, as close as possible to `name`."""
    text = re.sub(r"[\t\n\r\v\f]", " ", unicodedata.normalize("NFC", str(name)))  # blanks, not glue
    text = _DROP.sub("", _TO_DASH.sub("-", text))
    text = re.sub(r"\s+", " ", text).strip(" .")
    stem, dot, suffix = text.rpartition(".") if "." in text else (text, "", "")
    if dot and (not stem or len(suffix) > 10 or " " in suffix):  # not a real extension
        stem, dot, suffix = text, "", ""
    suffix = f".{suffix}" if dot else ""
    stem = stem[: max(1, max_length - len(suffix))].rstrip(" .") or fallback
    if stem.split(".")[0].upper() in RESERVED:
        stem = f"_{stem}"
    return f"{stem}{suffix}"


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's content (read in blocks: PDFs can be large)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Filed:
    """What happened to one document: `classe`, `renomme` (suffix added) or `deja_classe` (same content)."""

    source: Path
    target: Path
    digest: str
    status: str


class FilingIndex:
    """sha256 -> path relative to the filing root, kept in the root folder as JSON."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.path = root / INDEX_FILE
        self.entries: dict[str, str] = {}
        if self.path.is_file():
            with contextlib.suppress(ValueError, OSError):
                self.entries = dict(json.loads(self.path.read_text(encoding="utf-8")))

    def find(self, digest: str) -> Path | None:
        """Where this content is already filed (checked on disk: a moved file is not trusted)."""
        relative = self.entries.get(digest)
        if relative is None:
            return None
        path = self.root / relative
        return path if path.is_file() and sha256_file(path) == digest else None

    def add(self, digest: str, path: Path) -> None:
        """Remember a filed document."""
        with contextlib.suppress(ValueError):  # a file outside the root is not indexed (found by folder scan)
            self.entries[digest] = path.relative_to(self.root).as_posix()

    def save(self) -> None:
        """Write the index atomically."""
        atomic_write_text(self.path, json.dumps(self.entries, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def _same_content_in(folder: Path, digest: str, size: int) -> Path | None:
    if not folder.is_dir():
        return None
    for candidate in sorted(folder.iterdir()):
        if candidate.is_file() and candidate.stat().st_size == size and sha256_file(candidate) == digest:
            return candidate
    return None


def file_document(source: Path, folder: Path, index: FilingIndex, name: str | None = None,
                  max_length: int = 100) -> Filed:
    """Copy `source` into `folder` under a safe name, never replacing a file; skip content already filed."""
    digest = sha256_file(source)
    existing = index.find(digest) or _same_content_in(folder, digest, source.stat().st_size)
    if existing is not None:
        index.add(digest, existing)
        return Filed(source, existing, digest, "deja_classe")
    folder.mkdir(parents=True, exist_ok=True)
    target = _link_copy(source, folder, safe_name(name or source.name, max_length))
    index.add(digest, target)
    status = "classe" if target.name == safe_name(name or source.name, max_length) else "renomme"
    return Filed(source, target, digest, status)


def _link_copy(source: Path, folder: Path, name: str) -> Path:
    fd, tmp_name = tempfile.mkstemp(prefix=".classement-", suffix=".tmp", dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        shutil.copyfile(source, tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        stem, suffix = Path(name).stem, Path(name).suffix
        for attempt in range(1, 10_000):
            target = folder / (name if attempt == 1 else f"{stem} ({attempt}){suffix}")
            try:
                os.link(tmp, target)  # fails when the name exists: never replaces
                return target
            except FileExistsError:
                continue
            except OSError:  # no hard links on this file system (FAT, some shares): check, then rename
                if target.exists():
                    continue
                os.replace(tmp, target)
                return target
        raise FileExistsError(folder / name)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


FILED_SHEET = "Pièces classées"
FILED_HEADERS = ("N°", "Pièce d'origine", "Chemin du classement", "Empreinte SHA-256", "Classée le")


def record_filings(register: Path, records: Sequence[tuple[object, ...]],
                   out_dir: Path | None) -> tuple[Path, Path | None]:
    """Append rows (FILED_HEADERS order) to the register's « Pièces classées » sheet.

    With `out_dir` a copy is written there and the source is untouched; otherwise a timestamped backup is
    made next to the register before it is replaced atomically. Returns (written file, backup or None).
    """
    book = load_workbook(register)
    if FILED_SHEET in book.sheetnames:
        sheet = book[FILED_SHEET]
    else:
        sheet = book.create_sheet(FILED_SHEET)
        sheet.append(FILED_HEADERS)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for letter, width in zip("ABCDE", (16, 34, 60, 66, 12), strict=True):
            sheet.column_dimensions[letter].width = width
    for record in records:
        sheet.append([str(v) if not isinstance(v, (int, float)) and v is not None and not hasattr(v, "year")
                      else v for v in record])
        sheet.cell(sheet.max_row, 5).number_format = "DD/MM/YYYY"
    if out_dir is not None:
        return atomic_save(out_dir / register.name, book.save), None
    backup = backup_path(register)
    shutil.copy2(register, backup)
    return atomic_save(register, book.save), backup
