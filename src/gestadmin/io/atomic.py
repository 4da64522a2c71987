"""Atomic file writes: write to a temporary file in the same folder, fsync, then rename over the target.

A process killed at any moment leaves either the previous file or the new one, never half of one.
The new file keeps the permissions of the file it replaces, or gets the usual 0666 & ~umask when there was none
(not the 0600 of the temporary file, which would hide a shared register from colleagues).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """Yield a temporary path next to `target`; on success it replaces `target` atomically.

    On any exception the temporary file is removed and `target` is left untouched.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, _final_mode(target))
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _final_mode(target: Path) -> int:
    """Permission bits for the new file: those of the file being replaced, else 0666 minus the umask."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _umask() -> int:
    # Read it without changing it where the system says it (Linux); else set-and-restore, the only portable way.
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable (POSIX); harmless no-op where directories cannot be opened.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write_bytes(target: Path | str, data: bytes) -> Path:
    """Write bytes atomically; returns the target path."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def atomic_write_text(target: Path | str, text: str, encoding: str = "utf-8") -> Path:
    """Write text atomically; returns the target path."""
    return atomic_write_bytes(target, text.encode(encoding))


def atomic_save(target: Path | str, save: Callable[[Path], object]) -> Path:
    """Call `save(tmp_path)` (e.g. `workbook.save`) and move the result over `target` atomically."""
    with atomic_path(target) as tmp:
        save(tmp)
    return Path(target)
