"""The audit journal: chained entries, concurrent appends, tampering named by `verify()`."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from gestadmin.store.db import make_engine
from gestadmin.store.journal import GENESIS, Journal


@pytest.fixture()
def engine(tmp_path: Path) -> Engine:
    return make_engine(f"sqlite:///{tmp_path / 'journal.sqlite3'}")


def codes(journal: Journal) -> list[tuple[str, int | None]]:
    return [(f.code, f.provenance.row) for f in journal.verify()]


def fill(journal: Journal, count: int) -> None:
    for i in range(count):
        journal.append(actor="agent", action="statut", entity="facture", entity_id=f"F-{i % 50}",
                       before={"statut": "Reçue"}, after={"statut": "Enregistrée"}, reason=f"motif {i}")


def test_entries_are_chained_and_decoded(engine: Engine) -> None:
    journal = Journal(engine)
    first = journal.append(actor="marie", action="statut", entity="facture", entity_id="2026-001",
                           before=None, after={"statut": "Reçue", "montant": 1000}, reason="réception")
    second = journal.append(actor="paul", action="statut", entity="facture", entity_id="2026-002")
    assert (first, second) == (1, 2)
    entries = journal.entries()
    assert [e.prev_hash for e in entries] == [GENESIS, entries[0].hash]
    assert entries[0].after == {"statut": "Reçue", "montant": 1000} and entries[0].before is None
    assert entries[0].timestamp.utcoffset() is not None
    assert [e.entity_id for e in journal.entries("facture", "2026-002")] == ["2026-002"]
    assert journal.verify() == []


def test_one_thousand_changes_then_one_row_altered_is_named(engine: Engine) -> None:
    journal = Journal(engine)
    fill(journal, 1000)
    assert journal.verify() == []
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_journal SET reason = 'falsifié' WHERE id = 637"))
    assert codes(journal) == [("JOURNAL_ALTERE", 637)]
    assert "n° 637" in journal.verify()[0].message


def test_deleted_middle_and_tail_entries_are_named(engine: Engine) -> None:
    journal = Journal(engine)
    fill(journal, 20)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_journal WHERE id IN (7, 20)"))
    assert codes(journal) == [("JOURNAL_SUPPRIME", 7), ("JOURNAL_SUPPRIME", 20)]


def test_rehashed_alteration_breaks_the_chain_and_hand_insert_is_named(engine: Engine) -> None:
    journal = Journal(engine)
    fill(journal, 5)
    forged = journal.entries()[2]
    with engine.begin() as conn:  # an editor who recomputes the entry's own hash still breaks the next link
        from gestadmin.store.journal import entry_hash

        row = dict(conn.execute(text("SELECT * FROM audit_journal WHERE id = 3")).mappings().one())
        row["actor"] = "intrus"
        conn.execute(text("UPDATE audit_journal SET actor = 'intrus', hash = :h WHERE id = 3"),
                     {"h": entry_hash(row)})
        conn.execute(text(
            "INSERT INTO audit_journal VALUES (6, :ts, 'x', 'statut', 'facture', 'F', 'null', 'null', '', :p, :p)"),
            {"ts": forged.timestamp.isoformat(), "p": "f" * 64})
    assert codes(journal) == [("JOURNAL_CHAINE_ROMPUE", 4), ("JOURNAL_INSERE", 6)]


def test_concurrent_writers_keep_a_gapless_valid_chain(engine: Engine) -> None:
    Journal(engine)

    def writer(name: str) -> None:
        journal = Journal(engine)
        for i in range(25):
            journal.append(actor=name, action="statut", entity="facture", entity_id=str(i))

    threads = [threading.Thread(target=writer, args=(f"agent{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    journal = Journal(engine)
    assert [e.id for e in journal.entries()] == list(range(1, 101))
    assert journal.verify() == []


def test_append_joins_the_callers_transaction(engine: Engine) -> None:
    journal = Journal(engine)
    with pytest.raises(RuntimeError), engine.begin() as conn:
        journal.append(actor="a", action="engagement", entity="engagement", entity_id="E1", connection=conn)
        raise RuntimeError("rollback")
    assert journal.entries() == []
    with engine.begin() as conn:
        entry_id = journal.append(actor="a", action="engagement", entity="engagement", entity_id="E1",
                                  connection=conn)
    assert entry_id == 1 and journal.verify() == []


def test_one_thousand_status_changes_then_tampering_is_named_by_the_verifier(engine: Engine) -> None:
    from gestadmin.model.statuses import InvoiceStatus as S
    from gestadmin.services.invoice_status import change_status, current_status
    from gestadmin.services.journal_check import verify_journal

    journal = Journal(engine)
    chain = [S.REGISTERED, S.SERVICE_DONE, S.LIQUIDATED, S.ORDERED, S.SENT_TO_ACCOUNTANT]
    for n in range(200):
        invoice = f"Registre.xlsx#2026-{n:04d}"
        for target in chain:
            change = change_status(journal, invoice_id=invoice, current=current_status(journal, invoice, "Reçue"),
                                   target=target.value, reason="traitement", actor="marie", service_done=False)
            assert change.accepted, change.finding.message
    assert len(journal.entries()) == 1000
    url = str(engine.url)
    assert [f.code for f in verify_journal(url).findings] == ["JOURNAL_INTACT"]
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_journal SET after = '{\"statut\":\"Payée\"}' WHERE id = 421"))
    report = verify_journal(url)
    assert [(f.code, f.provenance.row) for f in report.findings] == [("JOURNAL_ALTERE", 421)]
    assert report.exit_code() == 1


def test_skipped_step_is_refused_in_french_and_not_journaled(engine: Engine) -> None:
    from gestadmin.model.statuses import InvoiceStatus as S
    from gestadmin.services.invoice_status import change_status

    journal = Journal(engine)
    paid = change_status(journal, invoice_id="F1", current=S.REGISTERED, target="Payée", reason="paiement",
                         actor="paul", service_done=False)
    assert not paid.accepted and paid.finding.code == "STATUT_ETAPE_SAUTEE"
    expected = "Passage de « Enregistrée » à « Payée » refusé : étape « Service fait » non franchie."
    assert paid.finding.message == expected
    no_reason = change_status(journal, invoice_id="F1", current=S.REGISTERED, target="Service fait", reason=" ",
                              actor="paul", service_done=False)
    backwards = change_status(journal, invoice_id="F1", current=S.PAID, target="Reçue", reason="erreur",
                              actor="paul", service_done=True)
    assert [no_reason.finding.code, backwards.finding.code] == ["STATUT_MOTIF_MANQUANT", "STATUT_TRANSITION_INTERDITE"]
    assert journal.entries() == []
    ok = change_status(journal, invoice_id="F1", current=S.REGISTERED, target="service fait", reason="livré le 3",
                       actor="paul", service_done=False)
    entry = journal.entries()[0]
    assert ok.accepted and (entry.actor, entry.before, entry.after, entry.reason) == (
        "paul", {"statut": "Enregistrée"}, {"statut": "Service fait"}, "livré le 3")


def test_rib_confirmation_is_stored_and_journaled(engine: Engine) -> None:
    import datetime as dt

    from gestadmin.services.invoice_status import confirm_bank_change
    from gestadmin.store.bank_confirmations import BankConfirmations

    entry, confirmation = confirm_bank_change(
        engine, supplier="Bureau Vallée Nouméa", ridet="1234567.001", bank_account="FR76 1488 9000 1012 3456 7890 174",
        confirmed_by="Marie T.", confirmed_on=dt.date(2026, 10, 14), method="contre-appel au 27 00 00", actor="marie",
    )
    assert confirmation.party_key == "1234567.001" and confirmation.bank_key == "14889000101234567890174"
    logged = Journal(engine).entries("rib_fournisseur", "1234567.001")
    assert [e.id for e in logged] == [entry] and logged[0].after["confirme_par"] == "Marie T."  # type: ignore[index]
    assert [c.confirmed_by for c in BankConfirmations(engine).all()] == ["Marie T."]
