"""Finding the registers in a folder tree: spreadsheets only, Excel lock files reported, content hashes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".csv"})
LOCK_PREFIXES = ("~$", ".~lock.")


@dataclass(frozen=True, slots=True)
class FoundFile:
    """A register file found under the root."""

    path: Path
    relative: str  # POSIX path relative to the root: stable across machines
    service: str  # first folder level under the root, "" when the file is at the root
    size: int


@dataclass(frozen=True, slots=True)
class LockFile:
    """An Excel (`~$name.xlsx`) or LibreOffice (`.~lock.name.xlsx#`) lock file: the register is open."""

    path: Path
    target: str
    owner: str


def lock_owner(path: Path) -> str:
    """Who holds the lock: Excel stores the user name at the start of `~$` files, LibreOffice as CSV."""
    try:
        data = path.read_bytes()[:512]
    except OSError:
        return "inconnu"
    if path.name.startswith(".~lock."):
        text = data.decode("utf-8", errors="replace")
        parts = text.split(",")
        return parts[0].strip() or (parts[1].strip() if len(parts) > 1 else "") or "inconnu"
    if len(data) > 1:
        size = data[0]
        name = data[1 : 1 + size].decode("latin-1", errors="replace").strip("\x00 ")
        if name.isprintable() and name:
            return name
    return "inconnu"


def _lock_target(name: str) -> str:
    if name.startswith(".~lock."):
        return name.removeprefix(".~lock.").removesuffix("#")
    return name.removeprefix("~$")


def discover(root: Path) -> tuple[list[FoundFile], list[LockFile]]:
    """Every spreadsheet under `root` (sorted by relative path) and every lock file."""
    found: list[FoundFile] = []
    locks: list[LockFile] = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        if path.name.startswith(LOCK_PREFIXES):
            locks.append(LockFile(path, _lock_target(path.name), lock_owner(path)))
            continue
        if path.suffix.lower() not in SPREADSHEET_SUFFIXES:
            continue
        relative = path.relative_to(root)
        service = relative.parts[0] if len(relative.parts) > 1 else ""
        found.append(FoundFile(path, relative.as_posix(), service, path.stat().st_size))
    return found, locks


def content_hash(path: Path) -> str:
    """sha256 of the file's bytes (streamed)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
