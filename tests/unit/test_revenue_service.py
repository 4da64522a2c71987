"""Issuing drafts through the service: inline rows read by the real reader (read_frames), a real SQLite store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from gestadmin.services.revenue import issue_book, open_store
from gestadmin.services.revenue_book import book_from_data
from gestadmin.settings import Settings
from tests.unit.revenue_frames import NAME, register

TODAY = dt.date(2026, 3, 10)


def _book(issued: list[dict[str, Any]], lines: list[dict[str, Any]]) -> Any:
    return book_from_data(Path(NAME), register({
        "revenue_invoices": issued, "revenue_lines": lines, "receipts": [], "customers": [
            {"name": "Province Sud", "ridet": "0123456.001", "address": "6 route des Artifices", "city": "Nouméa"}],
    }))


def _draft(ref: str, **extra: Any) -> dict[str, Any]:
    return {"draft_ref": ref, "series": "FR", "fiscal_year": 2026, "customer_name": "Province Sud",
            "status": "Brouillon", **extra}


LINES = [{"draft_ref": "B-001", "designation": "Salle", "quantity": 1.0, "unit_price": 50, "tax_rate": 0.11},
         {"draft_ref": "B-002", "designation": "Copies", "quantity": 1.0, "unit_price": 150, "tax_rate": 0.03}]


def test_issue_allocates_numbers_writes_pdfs_and_cell_edits(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 's.sqlite3'}")  # type: ignore[call-arg]
    store = open_store(settings)
    book = _book([_draft("B-001"), _draft("B-002"), _draft("B-003")], LINES)
    outcome, edits = issue_book(book, store, settings, None, tmp_path / "pdf", TODAY)
    assert [(i.draft_ref, i.number, i.gross) for i in outcome.issued] == [
        ("B-001", "FR-2026-000001", 56), ("B-002", "FR-2026-000002", 155)]
    assert [f.code for f in outcome.report.findings] == ["EMISSION_EFFECTUEE", "EMISSION_EFFECTUEE",
                                                         "BROUILLON_SANS_LIGNE"]
    assert sorted(p.name for p in (tmp_path / "pdf").iterdir()) == ["Facture_FR-2026-000001.pdf",
                                                                      "Facture_FR-2026-000002.pdf"]
    row2 = {e.column: e.value for e in edits if e.row == 2}
    assert row2["B"] == "FR-2026-000001" and row2["N"] == "Émise" and len(row2["S"]) == 16
    assert row2["E"] == TODAY and row2["M"] == TODAY + dt.timedelta(days=30)
    again, _ = issue_book(_book([_draft("B-001")], LINES), store, settings, ["B-001"], tmp_path / "pdf", TODAY)
    assert [(i.number, i.already_issued) for i in again.issued] == [("FR-2026-000001", True)]


def test_credit_note_draft_goes_to_the_av_series_and_is_checked(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 's.sqlite3'}")  # type: ignore[call-arg]
    store = open_store(settings)
    issue_book(_book([_draft("B-001")], LINES), store, settings, None, tmp_path, TODAY)
    lines = [*LINES, {"draft_ref": "A-001", "designation": "Avoir", "quantity": 1.0, "unit_price": 50,
                      "tax_rate": 0.11},
             {"draft_ref": "A-002", "designation": "Avoir", "quantity": 1.0, "unit_price": 50, "tax_rate": 0.11}]
    book = _book([_draft("A-001", original_invoice="FR-2026-000001"),
                  _draft("A-002", original_invoice="FR-2026-000001")], lines)
    outcome, _ = issue_book(book, store, settings, None, tmp_path, TODAY)
    assert [(i.draft_ref, i.number) for i in outcome.issued] == [("A-001", "AV-2026-000001")]
    assert "AVOIR_DEPASSE" in [f.code for f in outcome.report.findings]
