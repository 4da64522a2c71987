"""Generic checks over any register table: duplicate keys, RIDET, bank details, implausible dates.

Each check is vectorised over a typed frame (the reader's contract: ids as str/None, dates datetime64, `_row`
the physical Excel row) and returns findings located on the offending cell. Rules know nothing of files or
layouts: the caller describes the sheet with a `SheetRef`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from gestadmin.distinct import repeated_groups, texts_per_distinct
from gestadmin.findings import Finding, Provenance
from gestadmin.messages import make_finding
from gestadmin.model.identifiers import check_iban, check_rib, compact, iban_outside_sepa, ridet_is_valid

ROW = "_row"
_SPACES = re.compile(" +")
_EDGE_SPACES = re.compile(" *\x00 *")


@dataclass(frozen=True, slots=True)
class SheetRef:
    """Where a frame comes from: file and sheet names, field -> column letter, field -> French header."""

    file: str
    sheet: str
    letters: Mapping[str, str] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)

    def at(self, field_name: str, row: int | None) -> Provenance:
        """Provenance of one cell of this sheet."""
        return Provenance(self.file, self.sheet, row, self.letters.get(field_name, ""), field_name)

    def label(self, field_name: str) -> str:
        """French header of a field (the field name when unknown)."""
        return self.labels.get(field_name, field_name)


def normalize_key(values: pd.Series) -> pd.Series:
    """Comparison form of identifiers: trimmed, inner blanks collapsed, case-folded; blanks become NA."""
    keys = texts_per_distinct(values, _key_texts, pd.NA)
    if keys is None:
        return _normalize_key_strings(values)
    return pd.Series(keys, index=values.index, dtype="string")


def _normalize_key_strings(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.strip().str.replace(r"\s+", " ", regex=True).str.casefold()
    return text.mask(text == "")


def _key_texts(distinct: list[str]) -> list[object]:
    """`normalize_key` of distinct texts. Plain printable-ASCII ones (nearly all ids) the quick way; the others
    (other blanks, accents) through the string-array methods, whose blank and case rules the quick way must
    not second-guess."""
    joined = "\x00".join(distinct)  # NUL joins them: it is neither printable nor a blank
    if distinct and joined.isascii() and joined.replace("\x00", "").isprintable() and \
            joined.count("\x00") == len(distinct) - 1:  # all printable ASCII: one pass over one string
        if " " in joined:  # (ids rarely hold one: then both patterns and the strip change nothing)
            joined = _SPACES.sub(" ", _EDGE_SPACES.sub("\x00", joined).strip(" "))
        joined = joined.lower()
        return [text if text else pd.NA for text in joined.split("\x00")]
    out: list[object] = [None] * len(distinct)
    others: list[int] = []
    for position, value in enumerate(distinct):
        if value.isascii() and value.isprintable():
            text = value.strip(" ")
            text = (_SPACES.sub(" ", text) if "  " in text else text).lower()
            out[position] = text if text else pd.NA
        else:
            others.append(position)
    if others:
        texts = _normalize_key_strings(pd.Series([distinct[i] for i in others], dtype=object))
        for position, value in zip(others, texts.tolist(), strict=True):
            out[position] = value
    return out


def check_duplicate_keys(
    frame: pd.DataFrame, ref: SheetRef, key_field: str, scope: Sequence[str] = ()
) -> list[Finding]:
    """Every row whose key value (within `scope`, e.g. the fiscal year) appears more than once."""
    if key_field not in frame or frame.empty:
        return []
    keys = normalize_key(frame[key_field])
    parts = [pd.factorize(keys, use_na_sentinel=True)[0]]
    parts += [pd.factorize(frame[name].astype("string").fillna(""))[0] for name in scope if name in frame]
    keyed = np.flatnonzero(parts[0] >= 0)
    group, dupes = repeated_groups([part[keyed] for part in parts])
    if not dupes.any():
        return []
    positions, group = keyed[dupes], group[dupes]
    rows = frame[ROW].to_numpy()[positions].astype(int).tolist()
    values = frame[key_field].to_numpy(dtype=object)[positions].tolist()
    rows_by_group: dict[int, list[int]] = {}
    for code, row in zip(group.tolist(), rows, strict=True):
        rows_by_group.setdefault(code, []).append(row)
    findings: list[Finding] = []
    for code, row, value in zip(group.tolist(), rows, values, strict=True):
        same = rows_by_group[code]
        findings.append(make_finding(
            "CLE_EN_DOUBLE", ref.at(key_field, row), label=ref.label(key_field), value=value,
            count=len(same), rows=", ".join(str(r) for r in same if r != row),
        ))
    return findings


def check_ridet(frame: pd.DataFrame, ref: SheetRef, column: str = "ridet") -> list[Finding]:
    """RIDET values that are not well-formed (format only: no public check digit exists)."""
    return _invalid_values(frame, ref, column, ridet_is_valid, "RIDET_INVALIDE")


def check_bank_accounts(frame: pd.DataFrame, ref: SheetRef, column: str = "bank_account") -> list[Finding]:
    """RIB (23 characters, key) or IBAN (mod 97) in a bank-details column; NC IBANs get a non-SEPA warning."""
    if column not in frame:
        return []
    problems = _per_value(frame[column], lambda value: bank_account_problem(str(value)), missing=None)
    flagged = np.flatnonzero(pd.notna(problems))  # a (code, detail) pair where something is wrong
    values, rows = frame[column].to_numpy(dtype=object), frame[ROW].to_numpy()
    findings: list[Finding] = []
    for position in flagged.tolist():
        code, detail = problems[position]
        findings.append(make_finding(
            code, ref.at(column, int(rows[position])), label=ref.label(column), value=values[position], detail=detail,
        ))
    return findings


def _per_value(values: pd.Series, function: Callable[[Any], Any], missing: object) -> np.ndarray[Any, Any]:
    """`function` of each row's value, evaluated once per distinct non-missing value (`missing` for NA)."""
    each = texts_per_distinct(values, lambda distinct: [function(value) for value in distinct], missing)
    if each is not None:
        return each
    raw = values.to_numpy(dtype=object)  # 1, 1.0 and True are one value to factorize: each one on its own
    each = np.empty(len(raw), dtype=object)
    each[:] = [missing if absent else function(value) for absent, value in zip(pd.isna(raw), raw, strict=True)]
    return each


@lru_cache(maxsize=65_536)  # a register repeats a few hundred bank details over thousands of rows
def bank_account_problem(value: str) -> tuple[str, str] | None:
    """(code, French detail) of what is wrong with a RIB or an IBAN, or None when it is valid."""
    text = compact(value)
    if text[:2].isalpha():  # an IBAN starts with its country code
        problem = check_iban(text)
        if problem is not None:
            return "IBAN_INVALIDE", problem
        return ("IBAN_HORS_SEPA", "") if iban_outside_sepa(text) else None
    problem = check_rib(text)
    return None if problem is None else ("RIB_INVALIDE", problem)


def check_date_range(
    frame: pd.DataFrame, ref: SheetRef, columns: Sequence[str], min_year: int = 2000, max_year: int = 2100
) -> list[Finding]:
    """Dates whose year is outside [min_year, max_year]: usually a typo (2062 for 2026, 1926...)."""
    findings: list[Finding] = []
    for column in columns:
        if column not in frame:
            continue
        values = frame[column]
        # typed dates (the reader's contract): years in numpy, the slow path only for a sheet with a bad one
        if isinstance(values.dtype, np.dtype) and values.dtype.kind == "M":
            stamps = values.to_numpy()
            year = stamps.astype("datetime64[Y]").astype(np.int64) + 1970
            if not (~np.isnat(stamps) & ((year < min_year) | (year > max_year))).any():
                continue
        dates = pd.to_datetime(values, errors="coerce")
        years = dates.dt.year
        bad = (years.notna() & ((years < min_year) | (years > max_year))).to_numpy(dtype=bool)
        texts = dates[bad].dt.strftime("%d/%m/%Y")
        findings.extend(
            make_finding(
                "DATE_IMPROBABLE", ref.at(column, int(row)), label=ref.label(column),
                value=text, min_year=min_year, max_year=max_year,
            )
            for text, row in zip(texts, frame.loc[bad, ROW], strict=True)
        )
    return findings


def _invalid_values(
    frame: pd.DataFrame, ref: SheetRef, column: str, is_valid: Callable[[str], bool], code: str
) -> list[Finding]:
    if column not in frame:
        return []
    values = frame[column]
    # texts only (the reader's contract): once per distinct value; a missing value is not checked
    verdicts = texts_per_distinct(values, lambda distinct: [bool(is_valid(value)) for value in distinct], True)
    if verdicts is None:  # a distinct value that is not a str
        return _invalid_mixed(frame, ref, column, is_valid, code)
    bad = np.flatnonzero(~verdicts.astype(bool))
    raw, rows = values.to_numpy(dtype=object), frame[ROW].to_numpy()
    return [
        make_finding(code, ref.at(column, int(rows[position])), label=ref.label(column), value=raw[position])
        for position in bad.tolist()
    ]


def _invalid_mixed(
    frame: pd.DataFrame, ref: SheetRef, column: str, is_valid: Callable[[str], bool], code: str
) -> list[Finding]:
    """Numbers among the texts: each value checked in its pandas text form."""
    values = frame[column]
    present = values.notna()
    texts = values[present].astype(str)
    verdicts = {text: bool(is_valid(text)) for text in pd.unique(texts)}
    bad = frame.loc[present][~texts.map(verdicts).astype(bool)]
    return [
        make_finding(code, ref.at(column, int(row)), label=ref.label(column), value=value)
        for value, row in zip(bad[column], bad[ROW], strict=True)
    ]
