"""Folder discovery: spreadsheets only, lock files reported with their owner, services from folders."""

from __future__ import annotations

from gestadmin.io.discover import content_hash, discover


def test_discover_skips_lock_files_and_non_spreadsheets(tmp_path) -> None:
    (tmp_path / "DRH" / "2026-05").mkdir(parents=True)
    (tmp_path / "DRH" / "2026-05" / "Registre.xlsx").write_bytes(b"PK")
    (tmp_path / "DRH" / "2026-05" / "~$Registre.xlsx").write_bytes(b"\x0dMarie Wamytan" + b"\x00" * 40)
    (tmp_path / ".~lock.Budget.xlsx#").write_text("Jean Dupont,jdupont,PC12,24.11.2026 10:00,file:///x;")
    (tmp_path / "Budget.xlsx").write_bytes(b"PK")
    (tmp_path / "notes.txt").write_text("x")
    files, locks = discover(tmp_path)
    assert [(f.relative, f.service) for f in files] == [("Budget.xlsx", ""), ("DRH/2026-05/Registre.xlsx", "DRH")]
    assert sorted((lock.target, lock.owner) for lock in locks) == [
        ("Budget.xlsx", "Jean Dupont"),
        ("Registre.xlsx", "Marie Wamytan"),
    ]


def test_content_hash_changes_with_content(tmp_path) -> None:
    one = tmp_path / "a.csv"
    one.write_text("a;b\n1;2\n")
    first = content_hash(one)
    one.write_text("a;b\n1;3\n")
    assert content_hash(one) != first and len(first) == 64
