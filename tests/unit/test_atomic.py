"""Atomic writes: content replaced whole, and the final file's permissions are those users expect (not mkstemp's
0600): the replaced file's mode is kept, a new file gets 0666 & ~umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from gestadmin.io.atomic import atomic_path, atomic_save, atomic_write_bytes, atomic_write_text


@pytest.fixture
def umask() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664), (0o077, 0o600)])
def test_new_file_gets_0666_minus_umask(tmp_path: Path, umask: None, mask: int, expected: int) -> None:
    os.umask(mask)
    target = atomic_write_text(tmp_path / "registre.csv", "a;b\n")
    assert target.read_text(encoding="utf-8") == "a;b\n"
    assert _mode(target) == expected


@pytest.mark.parametrize("previous", [0o640, 0o664, 0o600, 0o755])
def test_replaced_file_keeps_its_mode(tmp_path: Path, umask: None, previous: int) -> None:
    target = tmp_path / "Registre.xlsx"
    target.write_bytes(b"ancien")
    target.chmod(previous)
    atomic_write_bytes(target, b"nouveau")
    assert target.read_bytes() == b"nouveau"
    assert _mode(target) == previous


def test_atomic_save_with_a_writer_that_recreates_the_file(tmp_path: Path, umask: None) -> None:
    target = tmp_path / "sous" / "copie.xlsx"

    def save(path: Path) -> None:
        path.unlink()
        path.write_bytes(b"classeur")
        path.chmod(0o600)

    atomic_save(target, save)
    assert target.read_bytes() == b"classeur"
    assert _mode(target) == 0o644


def test_failure_leaves_the_previous_file_and_mode_and_no_temporary(tmp_path: Path, umask: None) -> None:
    target = tmp_path / "Registre.xlsx"
    target.write_bytes(b"ancien")
    target.chmod(0o640)
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_bytes(b"moitie")
        raise RuntimeError("coupure")
    assert target.read_bytes() == b"ancien"
    assert _mode(target) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Registre.xlsx"]


def test_umask_is_left_unchanged(tmp_path: Path, umask: None) -> None:
    os.umask(0o027)
    atomic_write_bytes(tmp_path / "a.bin", b"x")
    assert os.umask(0o027) == 0o027
