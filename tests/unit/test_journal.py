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
