"""Property: any sequence of issue / credit note / cancel operations keeps the numbering invariants.

Invariants checked on the store after every run: each (year, series) sequence is 1..n with no gap and no
duplicate; every credit note references an existing invoice (never a credit note); an invoice's TTC minus
its credit notes never goes below zero; refused operations leave no trace (no number consumed).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections import defaultdict
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gestadmin.store.db import init_db, make_engine
from gestadmin.store.numbering import IssueRequest, NumberingError, NumberingStore

OPS = st.lists(
    st.one_of(
        st.tuples(st.just("issue"), st.integers(1, 50_000), st.integers(0, 3)),
        st.tuples(st.just("credit"), st.integers(1, 60_000), st.integers(0, 30)),
        st.tuples(st.just("cancel"), st.integers(0, 0), st.integers(0, 30)),
    ),
    max_size=25,
)


def _request(ref: str, day: dt.date, gross: int, series: str = "FR", original: str | None = None) -> IssueRequest:
    return IssueRequest(fiscal_year=day.year, series=series, draft_ref=ref, source="prop.xlsx", issue_date=day,
                        customer_name="Client", net=gross, tax=0, gross=gross, original_invoice=original,
                        seal_for=lambda number: (number, {"numero": number}))


def _apply(store: NumberingStore, ops: list[tuple[str, int, int]]) -> None:
    day = dt.date(2026, 1, 5)
    invoices: list[str] = []
    for index, (op, amount, pick) in enumerate(ops):
        day += dt.timedelta(days=index % 2)
        try:
            if op == "issue":
                invoices.append(store.issue(_request(f"B-{index}", day, amount)).invoice_number)
            elif invoices:
                target = invoices[pick % len(invoices)]
                gross = amount
                if op == "cancel":  # cancellation = a credit note for whatever remains
                    record = store.record(target)
                    gross = (record.gross if record else 0) - store.credited(target)
                store.issue(_request(f"A-{index}", day, gross, "AV", target))
            else:  # a credit note on nothing must be refused too
                store.issue(_request(f"A-{index}", day, amount, "AV", "FR-2026-999999"))
        except NumberingError as exc:
            assert exc.code in {"AVOIR_DEPASSE", "AVOIR_ORIGINE_INCONNUE"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OPS)
def test_any_sequence_of_operations_keeps_the_invariants(ops: list[tuple[str, int, int]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 's.sqlite3'}")
        init_db(engine)
        store = NumberingStore(engine)
        _apply(store, ops)
        records = store.records()
        engine.dispose()
    by_series: dict[tuple[int, str], list[int]] = defaultdict(list)
    for record in records:
        by_series[(record.fiscal_year, record.series)].append(record.sequence_number)
    for sequence in by_series.values():
        assert sorted(sequence) == list(range(1, len(sequence) + 1))
    invoices = {r.invoice_number: r for r in records if r.kind == "facture"}
    credited: dict[str, int] = defaultdict(int)
    for record in records:
        if record.kind == "avoir":
            assert record.original_invoice in invoices
            credited[record.original_invoice or ""] += record.gross
    for number, total in credited.items():
        assert invoices[number].gross - total >= 0
    assert len(invoices) == sum(1 for op in ops if op[0] == "issue")
