"""Consolidation rules on frames: keys, fingerprints, duplicate kinds, summaries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from gestadmin.model.consolidation import (
    invoice_duplicate_key,
    key_hashes,
    monthly_summary,
    normalize_key_series,
    normalize_key_text,
    normalize_party_name,
    pair_duplicates,
    party_key,
    row_fingerprint,
)


def test_normalisations() -> None:
    assert normalize_key_text("fa 2026/0012") == normalize_key_text("FA-2026-0012") == "FA20260012"
    assert normalize_key_text(None) == ""
    assert normalize_party_name("Bureau Vallée Nouméa SARL") == normalize_party_name("BUREAU VALLEE NOUMEA")


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "_file": ["a.xlsx", "a.xlsx", "b.xlsx", "b.xlsx", "c.xlsx"],
            "_row": [2, 3, 2, 3, 2],
            "_service": ["DRH", "DRH", "DAF", "DAF", "DAF"],
            "supplier_name": ["Bureau Vallée SARL", "Calédo Eaux", "BUREAU VALLEE", "Calédo Eaux", "Calédo Eaux"],
            "ridet": ["1234567.001", None, "1234567.001", None, None],
            "invoice_number": ["FA-2026/0012", "F1", "fa 2026 0012", "F2", "F1"],
            "gross_amount": pd.array([1000, 2000, 1000, 3000, 2500], dtype="Int64"),
            "received_date": pd.to_datetime(["2026-05-02", "2026-05-20", "2026-06-01", "2026-06-03", None]),
        }
    )


def test_duplicates_same_row_and_conflicting_invoice() -> None:
    frame = _frame()
    key = party_key(frame) + "|" + frame["invoice_number"].map(normalize_key_text)
    fingerprint = row_fingerprint(frame, ["supplier_name", "gross_amount"])
    pairs = pair_duplicates(key, fingerprint)
    # a.xlsx row 2 and b.xlsx row 2: same RIDET and number; names differ in spelling -> other data -> "facture"
    # a.xlsx row 3 and c.xlsx row 2: same name and number, amount differs -> "facture"
    assert list(pairs.itertuples(index=False, name=None)) == [("facture", 0, 2), ("facture", 1, 4)]


def test_identical_rows_are_line_duplicates() -> None:
    frame = pd.concat([_frame().iloc[[1]], _frame().iloc[[1]].assign(_file="z.xlsx")], ignore_index=True)
    key = party_key(frame) + "|" + frame["invoice_number"].map(normalize_key_text)
    pairs = pair_duplicates(key, row_fingerprint(frame, ["supplier_name", "invoice_number", "gross_amount"]))
    assert list(pairs.itertuples(index=False, name=None)) == [("ligne", 0, 1)]


def test_a_resend_of_a_conflicting_row_is_a_line_duplicate_of_that_row() -> None:
    key = pd.Series(["K", "K", "K", "", "J"], index=[10, 11, 12, 13, 14], dtype=object)
    fingerprint = pd.Series(["a", "b", "b", "a", "a"], index=key.index)
    pairs = pair_duplicates(key[key != ""], fingerprint[key != ""])
    # 11 conflicts with the first row 10; 12 is row 11 sent again
    assert list(pairs.itertuples(index=False, name=None)) == [("facture", 10, 11), ("ligne", 11, 12)]


def test_monthly_summary() -> None:
    summary = monthly_summary(_frame(), "received_date", "gross_amount")
    assert summary.to_dict("records") == [
        {"service": "DAF", "mois": "2026-06", "lignes": 2, "montant": 4000},
        {"service": "DAF", "mois": "sans date", "lignes": 1, "montant": 2500},
        {"service": "DRH", "mois": "2026-05", "lignes": 2, "montant": 3000},
    ]


@given(st.lists(st.one_of(st.none(), st.text(max_size=12), st.sampled_from(["fa 2026/0012", "HNK-0010", "Été_1"]))))
def test_vectorised_key_normalisation_equals_the_scalar_one(values: list[object]) -> None:
    from gestadmin.model.consolidation import normalize_key_series

    series = pd.Series(values, dtype=object)
    assert list(normalize_key_series(series)) == [normalize_key_text(v) for v in values]


def test_invoice_duplicate_key_is_supplier_and_number_and_empty_without_number() -> None:
    frame = _frame().assign(invoice_number=["FA-2026/0012", None, "fa 2026 0012", " ", "F1"])
    keys = invoice_duplicate_key(frame)
    number = normalize_key_series(frame["invoice_number"])
    assert keys.tolist() == (party_key(frame) + "|" + number).where(number != "", "").tolist()
    assert keys.tolist() == ["1234567001|FA20260012", "", "1234567001|FA20260012", "", "N:CALEDOEAUX|F1"]


@given(st.lists(st.tuples(st.sampled_from(["DAF", "DRH", "", "Été", "daf"]),
                          st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))),
                          st.one_of(st.none(), st.integers(-10**12, 10**12))), max_size=40))
def test_summary_from_integer_codes_equals_pandas_groups(rows: list[tuple[str, Any, Any]]) -> None:
    from gestadmin.model.consolidation import _summary_arrays, _summary_grouped

    frame = pd.DataFrame({
        "_service": pd.Series([r[0] for r in rows], dtype=object),
        "quand": pd.to_datetime(pd.Series([r[1] for r in rows], dtype=object)),
        "montant": pd.array([r[2] for r in rows], dtype="Int64"),
    })
    dates = frame["quand"]
    numbers = (dates.dt.year * 100 + dates.dt.month).astype("Int64")
    fast = _summary_arrays(frame["_service"], numbers, frame["montant"])
    pd.testing.assert_frame_equal(fast, _summary_grouped(frame["_service"], numbers, frame["montant"]))
    if rows:
        pd.testing.assert_frame_equal(monthly_summary(frame, "quand", "montant"), fast)


def test_key_hashes_zero_for_no_key_equal_for_equal_keys() -> None:
    keys = pd.Series(["", "RID1|F001", "RID1|F001", "RID2|F001", "", *[f"RID{i}|F{i}" for i in range(10_000)]],
                     dtype=object)
    hashed = key_hashes(keys)
    assert hashed.dtype == np.uint64
    assert hashed[0] == 0 and hashed[4] == 0  # no key
    assert hashed[1] == hashed[2] != hashed[3]
    assert (hashed[1:4] != 0).all() and (hashed[5:] != 0).all()
    assert len(set(hashed[5:].tolist())) == 10_000  # distinct keys, distinct hashes
