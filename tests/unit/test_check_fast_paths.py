"""The checks' quick paths for columns of texts only (str methods mapped in C over the distinct values) give
exactly what the per-value definitions give, on texts and on mixed columns alike."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from gestadmin.distinct import texts_per_distinct
from gestadmin.model.identifiers import ridet_is_valid
from gestadmin.model.parties import Directory, _text
from gestadmin.rules.common import SheetRef, _invalid_mixed, check_ridet
from gestadmin.rules.invoices.arithmetic import _header_sums_general, header_sums
from gestadmin.rules.invoices.context import FIELD_KEYS, _text_facts

TEXTS = st.one_of(st.sampled_from(["", " ", "\t", "EJ-2026-0001", " ej-2026-0001 ", "Straße", "İ", "1234567.001"]),
                  st.text(st.sampled_from(list("aZ09 -./\t\u00a0éß")), max_size=8))
CELLS = st.one_of(st.none(), TEXTS, st.integers(-3, 3), st.floats(allow_nan=True), st.booleans())
COLUMNS = st.one_of(st.lists(st.one_of(st.none(), TEXTS), max_size=25), st.lists(CELLS, max_size=25))


def _series(values: list[Any]) -> pd.Series:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return pd.Series(out, dtype=object)


def _general_text_facts(column: pd.Series, key: Any) -> tuple[list[bool], list[str]]:
    """Presence and key per distinct value (1, 1.0 and True are one value to factorise), spread over the rows."""
    codes, uniques = pd.factorize(column.to_numpy(dtype=object), use_na_sentinel=True)
    distinct = uniques.tolist()
    filled = [not (isinstance(v, str) and not v.strip()) for v in distinct]
    keys = [key(v) for v in distinct]
    return [bool(filled[c]) if c >= 0 else False for c in codes], [keys[c] if c >= 0 else "" for c in codes]


@given(COLUMNS, st.sampled_from(sorted(FIELD_KEYS)))
@settings(max_examples=400, deadline=None)
def test_text_facts_equal_the_per_value_definitions(values: list[Any], field: str) -> None:
    column = _series(values)
    present, keys = _text_facts(column, FIELD_KEYS[field])
    assert keys is not None
    assert (present.tolist(), keys.tolist()) == _general_text_facts(column, FIELD_KEYS[field])


@given(COLUMNS)
@settings(max_examples=300, deadline=None)
def test_texts_per_distinct_only_on_texts(values: list[Any]) -> None:
    column = _series(values)
    got = texts_per_distinct(column, lambda distinct: [f"<{d}>" for d in distinct], None)
    present = [v for v in values if not pd.isna(v)]
    if all(type(v) is str for v in present):
        assert got is not None
        assert got.tolist() == [None if pd.isna(v) else f"<{v}>" for v in values]
    else:
        assert got is None


@given(st.lists(st.tuples(CELLS, CELLS, st.one_of(st.none(), TEXTS)), max_size=12), st.booleans())
@settings(max_examples=300, deadline=None)
def test_directory_parties_read_as_trimmed_texts(rows: list[tuple[Any, Any, Any]], with_bank: bool) -> None:
    frame = pd.DataFrame({"name": _series([r[0] for r in rows]), "ridet": _series([r[1] for r in rows]),
                          "_row": np.arange(2, len(rows) + 2, dtype=np.int64)})
    if with_bank:
        frame["bank_account"] = _series([r[2] for r in rows])
    parties = Directory.from_frames([(frame, "f.xlsx", "Tiers")]).parties
    expected = [(_text(name), _text(ridet), _text(bank) if with_bank else "", row)
                for (name, ridet, bank), row in zip(rows, range(2, len(rows) + 2), strict=True)]
    assert [(p.name, p.ridet, p.bank_account, p.row) for p in parties] == expected


AMOUNTS = st.one_of(st.none(), st.integers(-10**6, 10**7), st.integers(-2**53, 2**53),
                  st.sampled_from([50, -50, 150, 250]))  # x 11 % = half a franc: the rounding edge
RATES = st.one_of(st.none(), st.sampled_from([0.0, 0.03, 0.06, 0.11, 0.22, 0.105, 1.0, 1.5, -0.11]),
                  st.floats(min_value=-2, max_value=2))


@st.composite
def invoice_amounts(draw: Any) -> pd.DataFrame:
    rows = draw(st.integers(1, 15))
    nets = draw(st.lists(AMOUNTS, min_size=rows, max_size=rows))
    rates = draw(st.lists(RATES, min_size=rows, max_size=rows))
    # TGC and TTC mostly right, sometimes off by a franc or missing
    taxes = [None if n is None or r is None else int(n * r + 0.5) + draw(st.sampled_from([0, 0, 1, -1]))
             for n, r in zip(nets, rates, strict=True)]
    grosses = [None if n is None or t is None else n + t + draw(st.sampled_from([0, 0, 2]))
               for n, t in zip(nets, taxes, strict=True)]
    taxes = [draw(st.one_of(st.just(t), AMOUNTS)) for t in taxes]
    return pd.DataFrame({"net_amount": pd.array(nets, dtype="Int64"), "tax_amount": pd.array(taxes, dtype="Int64"),
                         "gross_amount": pd.array(grosses, dtype="Int64"),
                         "tax_rate": pd.array(rates, dtype="Float64")}, index=pd.RangeIndex(10, 10 + rows))


@given(invoice_amounts())
@settings(max_examples=400, deadline=None)
def test_header_sums_on_arrays_equal_the_masked_series_ones(inv: pd.DataFrame) -> None:
    quick, general = header_sums(inv), _header_sums_general(inv)
    assert quick.bad_tax.tolist() == general.bad_tax.tolist()
    assert quick.bad_gross.tolist() == general.bad_gross.tolist()
    for name in ("net", "tax", "gross", "expected_tax"):
        assert quick.series(name).tolist() == general.series(name).tolist()
        assert quick.series(name).index.equals(inv.index)


@given(COLUMNS)
@settings(max_examples=300, deadline=None)
def test_ridet_check_per_row_on_texts_and_as_text_on_mixed_columns(values: list[Any]) -> None:
    frame = pd.DataFrame({"ridet": _series(values), "_row": np.arange(2, len(values) + 2, dtype=np.int64)})
    ref = SheetRef("f.xlsx", "Tiers", {"ridet": "B"}, {"ridet": "RIDET"})
    found = [(f.provenance.row, f.code) for f in check_ridet(frame, ref)]
    present = [v for v in values if not pd.isna(v)]
    if all(type(v) is str for v in present):
        expected = [(row, "RIDET_INVALIDE") for row, v in enumerate(values, start=2)
                    if not pd.isna(v) and not ridet_is_valid(v)]
    else:
        expected = [(f.provenance.row, f.code) for f in _invalid_mixed(frame, ref, "ridet", ridet_is_valid,
                                                                       "RIDET_INVALIDE")]
    assert found == expected
