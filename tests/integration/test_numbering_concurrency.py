"""Gapless numbering under concurrency: 8 processes against one SQLite store, with and without a SIGKILL.

The workers use the service's store (`services.revenue.open_store`): each number and its audit-journal entry
commit together, so the journal must end with exactly one entry per recorded number and an intact chain.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import os
import signal
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from gestadmin.services.revenue import open_store
from gestadmin.settings import Settings
from gestadmin.store.db import init_db, make_engine
from gestadmin.store.journal import Journal
from gestadmin.store.numbering import IssueRequest, NumberingStore

WORKERS = 8
PER_WORKER = 100
DAY = dt.date(2026, 3, 2)


def _request(worker: int, index: int) -> IssueRequest:
    return IssueRequest(
        fiscal_year=2026, series="FR", draft_ref=f"B-{index:03d}", source=f"agent-{worker}.xlsx",
        issue_date=DAY, customer_name="Client", net=1000, tax=110, gross=1110,
        seal_for=lambda number: (f"seal-{number}", {"numero": number}),
    )


def _suicide(_conn: Connection) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _worker(url: str, worker: int, kill_at: int | None) -> None:
    store = open_store(Settings(_env_file=None), url)  # type: ignore[call-arg]
    for index in range(PER_WORKER):
        hook = _suicide if index == kill_at else None
        store.issue(_request(worker, index), before_commit=hook)


def _url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.sqlite3'}"


def _run(tmp_path: Path, kill_at: dict[int, int]) -> tuple[list[Any], list[int | None]]:
    url = _url(tmp_path)
    init_db(make_engine(url))
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_worker, args=(url, w, kill_at.get(w))) for w in range(WORKERS)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=300)
    records = NumberingStore(make_engine(url)).records()
    return records, [p.exitcode for p in procs]


def _assert_gapless(records: list[Any], expected: int, url: str) -> None:
    sequences = [r.sequence_number for r in records]
    numbers = [r.invoice_number for r in records]
    assert len(records) == expected
    assert sorted(sequences) == list(range(1, expected + 1))
    assert len(set(numbers)) == expected
    assert numbers[0] == "FR-2026-000001" and numbers[-1] == f"FR-2026-{expected:06d}"
    journal = Journal(make_engine(url))
    journaled = [e.entity_id for e in journal.entries(entity="facture_emise")]
    assert sorted(journaled) == sorted(numbers)  # one entry per number, none for the rolled-back one
    assert journal.verify() == []


def test_eight_processes_issue_800_consecutive_unique_numbers(tmp_path: Path) -> None:
    start = time.perf_counter()
    records, exitcodes = _run(tmp_path, {})
    assert exitcodes == [0] * WORKERS
    _assert_gapless(records, WORKERS * PER_WORKER, _url(tmp_path))
    print(f"800 émissions en {time.perf_counter() - start:.1f} s")


def test_a_process_killed_mid_transaction_leaves_no_gap_and_no_duplicate(tmp_path: Path) -> None:
    records, exitcodes = _run(tmp_path, {3: 50})
    assert exitcodes[3] == -signal.SIGKILL
    assert [c for i, c in enumerate(exitcodes) if i != 3] == [0] * (WORKERS - 1)
    _assert_gapless(records, WORKERS * PER_WORKER - PER_WORKER + 50, _url(tmp_path))
    # the killed worker's 51st draft was never recorded; its first 50 were
    assert sorted(r.draft_ref for r in records if r.source == "agent-3.xlsx") == [f"B-{i:03d}" for i in range(50)]


def test_killed_process_then_retry_continues_the_same_sequence(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    init_db(make_engine(url))
    ctx = mp.get_context("spawn")
    proc = ctx.Process(target=_worker, args=(url, 0, 5))
    proc.start()
    proc.join(timeout=60)
    assert proc.exitcode == -signal.SIGKILL
    store = open_store(Settings(_env_file=None), url)  # type: ignore[call-arg]
    result = store.issue(_request(0, 5))
    assert (result.invoice_number, result.already_issued) == ("FR-2026-000006", False)
    again = store.issue(_request(0, 5))
    assert (again.invoice_number, again.already_issued) == ("FR-2026-000006", True)
