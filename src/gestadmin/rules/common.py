"""Generic checks over any register table: duplicate keys, RIDET, bank details, implausible dates.

Each check is vectorised over a typed frame (the reader's contract: ids as str/None, dates datetime64, `_row`
the physical Excel row) and returns findings located on the offending cell. Rules know nothing of files or
layouts: the caller describes the sheet with a `SheetRef`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from gestadmin.findings import Finding, Provenance
from gestadmin.messages import make_finding
from gestadmin.model.identifiers import check_iban, check_rib, compact, iban_outside_sepa, ridet_is_valid

ROW = "_row"


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
    text = values.astype("string").str.strip().str.replace(r"\s+", " ", regex=True).str.casefold()
    return text.mask(text == "")


def check_duplicate_keys(
    frame: pd.DataFrame, ref: SheetRef, key_field: str, scope: Sequence[str] = ()
) -> list[Finding]:
    """Every row whose key value (within `scope`, e.g. the fiscal year) appears more than once."""
    if key_field not in frame or frame.empty:
        return []
    keys = normalize_key(frame[key_field])
    parts = {"key": keys} | {name: frame[name].astype("string").fillna("") for name in scope if name in frame}
    work = pd.DataFrame(parts, index=frame.index)[keys.notna()]
    dupes = work[work.duplicated(keep=False)]
    if dupes.empty:
        return []
    group = dupes.groupby(list(dupes.columns), sort=False).ngroup()
    rows = frame.loc[dupes.index, ROW].astype(int)
    rows_by_group = rows.groupby(group).agg(list)
    findings: list[Finding] = []
    for index, row in rows.items():
        same = rows_by_group[group[index]]
        findings.append(make_finding(
            "CLE_EN_DOUBLE", ref.at(key_field, row), label=ref.label(key_field), value=frame.at[index, key_field],
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
    present = frame.loc[frame[column].notna(), [column, ROW]]
    findings: list[Finding] = []
    for value, row in zip(present[column], present[ROW], strict=True):
        problem = bank_account_problem(str(value))
        if problem is not None:
            code, detail = problem
            findings.append(make_finding(
                code, ref.at(column, int(row)), label=ref.label(column), value=value, detail=detail,
            ))
    return findings


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
        dates = pd.to_datetime(frame[column], errors="coerce")
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
    present = values.notna()
    texts = values[present].astype(str)
    verdicts = {text: bool(is_valid(text)) for text in pd.unique(texts)}  # once per distinct value
    valid = texts.map(verdicts)
    bad = frame.loc[present][~valid.astype(bool)]
    return [
        make_finding(code, ref.at(column, int(row)), label=ref.label(column), value=value)
        for value, row in zip(bad[column], bad[ROW], strict=True)
    ]
