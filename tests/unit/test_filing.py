"""Filing: safe names (accents, slashes, reserved characters and names), collisions, re-runs filing nothing twice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gestadmin.io.demo_writer import write_register
from gestadmin.io.filing import FILED_SHEET, FilingIndex, file_document, safe_name
from gestadmin.services import filing as service
from gestadmin.settings import Settings
from tests.unit.letter_data import INVOICES

TODAY = dt.date(2026, 10, 30)


@pytest.mark.parametrize(("name", "expected"), [
    ("Facture n° F/2026/118 – Été.pdf", "Facture n° F-2026-118 – Été.pdf"),
    ('Devis: "urgent" <v2>?*|ok.pdf', "Devis- urgent v2-ok.pdf"),
    ("  relevé\tRIB\x07 .  ", "relevé RIB"),
    ("CON.pdf", "_CON.pdf"),
    ("com1", "_com1"),
    ("Lpt9.tar.gz", "_Lpt9.tar.gz"),
    ("...", "sans nom"),
    ("e\u0301te\u0301.pdf", "été.pdf"),  # decomposed accents (macOS) become composed ones
])
def test_safe_names_stay_readable(name: str, expected: str) -> None:
    assert safe_name(name) == expected


def test_long_names_are_cut_keeping_the_extension() -> None:
    cut = safe_name("Compte rendu " + "très " * 40 + ".docx", max_length=50)
    assert len(cut) == 50 and cut.endswith(".docx") and cut.startswith("Compte rendu très")


def test_collisions_get_a_suffix_and_identical_content_is_never_filed_twice(tmp_path: Path) -> None:
    first, other = tmp_path / "a" / "Facture.pdf", tmp_path / "b" / "Facture.pdf"
    for path, content in ((first, b"%PDF-1 un"), (other, b"%PDF-1 deux")):
        path.parent.mkdir()
        path.write_bytes(content)
    root = tmp_path / "classement"
    index = FilingIndex(root)
    results = [file_document(p, root / "2026", index) for p in (first, other, first, other)]
    assert [(r.target.name, r.status) for r in results] == [
        ("Facture.pdf", "classe"), ("Facture (2).pdf", "renomme"),
        ("Facture.pdf", "deja_classe"), ("Facture (2).pdf", "deja_classe")]
    assert sorted(p.name for p in (root / "2026").iterdir()) == ["Facture (2).pdf", "Facture.pdf"]
    assert (root / "2026" / "Facture.pdf").read_bytes() == b"%PDF-1 un"  # never overwritten


def test_index_lost_still_finds_the_same_content_in_the_target_folder(tmp_path: Path) -> None:
    source = tmp_path / "Note.docx"
    source.write_bytes(b"note")
    root = tmp_path / "classement"
    index = FilingIndex(root)
    file_document(source, root / "x", index)
    index.save()
    index.path.unlink()  # index lost (deleted by hand): the folder itself still tells
    again = file_document(source, root / "x", FilingIndex(root))
    assert again.status == "deja_classe" and again.target == root / "x" / "Note.docx"


def test_find_row_matches_whole_numbers_and_prefers_the_longest() -> None:
    rows = [{"_row": 2, "registration_number": "LT-2026-0001", "invoice_number": "118"},
            {"_row": 3, "registration_number": "LT-2026-0012", "invoice_number": "F/2026/118"}]
    plan = service.PLANS["factures"]
    assert [r["_row"] for r in service.find_row("Facture F-2026-118.pdf", rows, plan)[0]] == [3]
    assert [r["_row"] for r in service.find_row("lt_2026_0001 scan.pdf", rows, plan)[0]] == [2]
    assert service.find_row("LT-2026-00012.pdf", rows, plan)[0] == []


def test_classer_files_by_year_register_number_records_and_reruns_idempotently(tmp_path: Path) -> None:
    register = write_register("factures", {"invoices": INVOICES}, tmp_path / "Registre.xlsx", Settings())
    docs = tmp_path / "scans"
    docs.mkdir()
    (docs / "Facture F-2026-118 : reçue.pdf").write_bytes(b"%PDF facture 118")
    (docs / "CM-77 rejet.pdf").write_bytes(b"%PDF facture CM")
    (docs / "Divers.pdf").write_bytes(b"%PDF sans numero")
    sources = sorted(docs.iterdir())
    root = tmp_path / "classement"

    def run() -> service.FilingOutcome:
        return service.file_documents(sources, register, root=root, out_dir=tmp_path / "sortie",
                                      settings=Settings(), today=TODAY)

    first = run()
    assert sorted(str(f.target.relative_to(root)) for f in first.filed) == [
        "2026/Factures fournisseurs/LT-2026-0001/Facture F-2026-118 - reçue.pdf",
        "2026/Factures fournisseurs/LT-2026-0002/CM-77 rejet.pdf"]
    assert [(f.code, f.provenance.row) for f in first.report.findings] == [
        ("CLASSEMENT_SANS_NUMERO", None), ("CLASSEMENT_FAIT", 2), ("CLASSEMENT_FAIT", 3)]
    sheet = load_workbook(first.register)[FILED_SHEET]
    assert [c.value for c in sheet[2]][:2] == ["LT-2026-0002", "CM-77 rejet.pdf"] and sheet.max_row == 3
    second = run()
    assert [f.status for f in second.filed] == ["deja_classe", "deja_classe"] and second.register is None
    assert sum(1 for p in root.rglob("*.pdf")) == 2
