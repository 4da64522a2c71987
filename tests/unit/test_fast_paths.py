"""The quick paths of the checks (plain ASCII texts, per distinct value, hashes without a sub-frame) give exactly
what the general pandas paths give, on any texts: the speed work of issue 7 must not change a finding."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from gestadmin.model.consolidation import row_fingerprint
from gestadmin.rules.common import _normalize_key_strings, normalize_key

# ids as agents type them: ASCII letters, digits, separators and blanks, with some accents, tabs and odd spaces
ALPHABET = st.sampled_from(list("AZaz09 -./_\t") + ["é", "ß", "\u00a0", "\u2009", "İ", "\x00"])
TEXTS = st.lists(st.one_of(st.none(), st.text(ALPHABET, max_size=8)), max_size=30)


@given(TEXTS)
@settings(max_examples=300, deadline=None)
def test_identifier_comparison_form_equals_the_string_array_one(values: list[str | None]) -> None:
    series = pd.Series(values, dtype=object)
    quick, general = normalize_key(series), _normalize_key_strings(series)
    assert quick.isna().tolist() == general.isna().tolist()
    assert quick.dropna().tolist() == general.dropna().tolist()


CELLS = st.fixed_dictionaries({
    "text": st.one_of(st.none(), st.text(ALPHABET, max_size=6)),
    "amount": st.one_of(st.none(), st.integers(-10**9, 10**9)),
    "rate": st.one_of(st.none(), st.sampled_from([0.0, 0.03, 0.06, 0.11, 0.22])),
    "day": st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))),
})


@given(st.lists(CELLS, min_size=1, max_size=25))
@settings(max_examples=200, deadline=None)
def test_row_fingerprint_equals_pandas_hash_of_the_typed_frame(rows: list[dict[str, object]]) -> None:
    frame = pd.DataFrame({
        "text": pd.Series([r["text"] for r in rows], dtype=object),
        "amount": pd.array([r["amount"] for r in rows], dtype="Int64"),
        "rate": pd.array([r["rate"] for r in rows], dtype="Float64"),
        "day": pd.to_datetime(pd.Series([r["day"] for r in rows], dtype=object)),
    })
    fields = ["text", "amount", "rate", "day"]
    expected = pd.util.hash_pandas_object(frame[fields], index=False)
    assert row_fingerprint(frame, fields).tolist() == expected.tolist()
