"""Issuing drafts through the service: inline rows read by the real reader (read_frames), a real SQLite store."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, func, select

from gestadmin.services.revenue import issue_book, open_store
from gestadmin.services.revenue_book import book_from_data
from gestadmin.settings import Settings
from gestadmin.store.journal import Journal, JournalRow
from gestadmin.store.numbering import IssueRequest
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


def test_each_issue_is_journaled_in_the_numbering_transaction(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 's.sqlite3'}")  # type: ignore[call-arg]
    store = open_store(settings)
    journal = Journal(store.engine)
    outcome, _ = issue_book(_book([_draft("B-001"), _draft("B-002")], LINES), store, settings, None, tmp_path, TODAY)
    entries = journal.entries(entity="facture_emise")
    assert [(e.entity_id, e.action, e.actor) for e in entries] == [
        ("FR-2026-000001", "recette.emission", settings.user), ("FR-2026-000002", "recette.emission", settings.user)]
    assert entries[0].after == {"numero": "FR-2026-000001", "brouillon": "B-001", "source": NAME, "ttc": 56,
                                "empreinte": store.records()[0].seal}
    # a re-issue of the same draft allocates nothing and journals nothing
    issue_book(_book([_draft("B-001")], LINES), store, settings, ["B-001"], tmp_path, TODAY)
    assert len(journal.entries(entity="facture_emise")) == 2
    assert [i.number for i in outcome.issued] == ["FR-2026-000001", "FR-2026-000002"]

    seen: list[tuple[int, int]] = []

    def fail_before_commit(conn: Connection) -> None:
        inside = conn.execute(select(func.count()).select_from(JournalRow)).scalar_one()
        other = sqlite3.connect(tmp_path / "s.sqlite3")  # a plain reader sees only what was committed (WAL)
        outside = other.execute("SELECT count(*) FROM audit_journal").fetchone()[0]
        other.close()
        seen.append((inside, outside))
        raise RuntimeError("panne pendant l'émission")

    request = IssueRequest(fiscal_year=2026, series="FR", draft_ref="B-009", source=NAME, issue_date=TODAY,
                           customer_name="Province Sud", net=100, tax=11, gross=111,
                           seal_for=lambda n: (f"S{n}", {"invoice_number": n}))
    with pytest.raises(RuntimeError):
        store.issue(request, before_commit=fail_before_commit)
    assert seen == [(3, 2)]  # the entry exists inside the transaction, not outside it
    assert len(journal.entries(entity="facture_emise")) == 2 and len(store.records()) == 2  # both rolled back
    assert journal.verify() == []
    assert store.issue(request).invoice_number == "FR-2026-000003"  # no gap left by the failed attempt
    assert [e.entity_id for e in journal.entries(entity="facture_emise")][-1] == "FR-2026-000003"
