"""Generic register checks on typed frames built inline with the reader's dtypes."""

from __future__ import annotations

import pandas as pd
import pytest

from gestadmin.findings import Severity
from gestadmin.rules.common import (
    SheetRef,
    bank_account_problem,
    check_bank_accounts,
    check_date_range,
    check_duplicate_keys,
    check_ridet,
    normalize_key,
)

REF = SheetRef(
    "Registre.xlsx",
    "Factures",
    letters={"registration_number": "A", "received_date": "B", "ridet": "D", "bank_account": "N", "fiscal_year": "C"},
    labels={"registration_number": "N° d'enregistrement", "ridet": "RIDET", "received_date": "Date de réception"},
)


def frame(**columns: list[object]) -> pd.DataFrame:
    """A typed frame: ids as object, dates as datetime64, `_row` from physical row 2."""
    n = len(next(iter(columns.values())))
    data = pd.DataFrame({"_row": list(range(2, 2 + n))})
    for name, values in columns.items():
        if name.endswith("_date"):
            data[name] = pd.to_datetime(pd.Series(values, dtype="object"), dayfirst=True).astype("datetime64[ns]")
        elif name == "fiscal_year":
            data[name] = pd.array(values, dtype="Int64")
        else:
            data[name] = pd.Series(values, dtype="object")
    return data


def where(findings: list) -> list[tuple[str, int | None, str, str]]:
    return [(f.provenance.sheet, f.provenance.row, f.provenance.column, f.code) for f in findings]


def test_duplicate_keys_flag_every_occurrence_and_ignore_blanks() -> None:
    data = frame(registration_number=["2026-001", "2026-002", " 2026-001", None, "", "2026-002", "2026-003"])
    findings = check_duplicate_keys(data, REF, "registration_number")
    assert where(findings) == [
        ("Factures", 2, "A", "CLE_EN_DOUBLE"),
        ("Factures", 3, "A", "CLE_EN_DOUBLE"),
        ("Factures", 4, "A", "CLE_EN_DOUBLE"),
        ("Factures", 7, "A", "CLE_EN_DOUBLE"),
    ]
    assert "2 fois" in findings[0].message and "ligne(s) 4)" in findings[0].message
    assert findings[0].severity is Severity.ERROR


def test_duplicate_keys_keep_leading_zeros_and_respect_scope() -> None:
    data = frame(registration_number=["000123", "123", "011-6064", "011-6064"], fiscal_year=[2026, 2026, 2025, 2026])
    assert check_duplicate_keys(data, REF, "registration_number") != []
    assert check_duplicate_keys(data, REF, "registration_number", scope=("fiscal_year",)) == []


def test_duplicate_keys_case_insensitive_and_missing_column() -> None:
    data = frame(registration_number=["FA-2026/001", "fa-2026/001"])
    assert len(check_duplicate_keys(data, REF, "registration_number")) == 2
    assert check_duplicate_keys(data, REF, "absent") == []
    assert check_duplicate_keys(data.iloc[0:0], REF, "registration_number") == []


def test_normalize_key() -> None:
    normalized = normalize_key(pd.Series(["  A  b ", "", None, "000123"], dtype="object"))
    assert normalized.isna().tolist() == [False, True, True, False]
    assert (normalized.iloc[0], normalized.iloc[3]) == ("a b", "000123")


def test_dates_outside_plausible_years_are_warnings() -> None:
    data = frame(received_date=["15/03/2026", "15/03/2126", None, "31/12/1999", "01/01/2000"])
    findings = check_date_range(data, REF, ["received_date", "absent"])
    assert where(findings) == [("Factures", 3, "B", "DATE_IMPROBABLE"), ("Factures", 5, "B", "DATE_IMPROBABLE")]
    assert all(f.severity is Severity.WARNING for f in findings)
    assert "15/03/2126" in findings[0].message


def test_ridet_format() -> None:
    data = frame(ridet=["1234567.010", "123456.001", "12345", "1234567010", "ABC", None, "1234567"])
    bad = [(f.provenance.row, f.code) for f in check_ridet(data, REF)]
    assert bad == [(4, "RIDET_INVALIDE"), (6, "RIDET_INVALIDE")]


def rib(bank: str, branch: str, account: str) -> str:
    """A RIB with its correct key (97 - (89 bank + 15 branch + 3 account) mod 97), digits only."""
    key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
    return f"{bank}{branch}{account}{key:02d}"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (rib("14158", "01000", "00000000000"), None),
        ("14158 01000 00000000000 03", None),  # blanks as printed on a RIB
        ("14158 01000 00000000000 19", "RIB_INVALIDE"),
        ("14158010000000000000018", "RIB_INVALIDE"),  # wrong key
        ("1415801000000", "RIB_INVALIDE"),  # too short
        ("FR76 3000 6000 0112 3456 7890 189", None),
        ("FR76 3000 6000 0112 3456 7890 188", "IBAN_INVALIDE"),
        ("NC", "IBAN_INVALIDE"),
    ],
)
def test_bank_account_problem(value: str, expected: str | None) -> None:
    problem = bank_account_problem(value)
    assert (problem[0] if problem else None) == expected


def nc_iban(bban: str) -> str:
    """An NC IBAN with its ISO 7064 mod 97 check digits (N=23, C=12)."""
    return f"NC{98 - int(bban + '231200') % 97:02d}{bban}"


def test_nc_iban_is_valid_but_outside_sepa() -> None:
    problem = bank_account_problem(nc_iban(rib("14158", "01000", "00000000000")))
    assert problem is not None and problem[0] == "IBAN_HORS_SEPA"


def test_bank_accounts_column_located() -> None:
    data = frame(bank_account=[rib("12345", "67890", "12345678901"), "123", None])
    assert where(check_bank_accounts(data, REF)) == [("Factures", 3, "N", "RIB_INVALIDE")]
