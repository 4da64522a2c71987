"""RIDET normalisation, French RIB key, IBAN (FR and NC prefixes), bank-details comparison."""

from __future__ import annotations

import pytest

from gestadmin.model.identifiers import (
    bank_details_key,
    check_iban,
    check_rib,
    iban_is_valid,
    iban_outside_sepa,
    normalize_ridet,
    rib_is_valid,
    rib_key,
    ridet_is_valid,
    same_bank_details,
)


@pytest.mark.parametrize(("raw", "expected"), [
    ("1234567.001", "1234567.001"),
    ("1234567001", "1234567.001"),
    ("1 234 567.001", "1234567.001"),
    ("\u00a01\u202f234\u202f567.002 ", "1234567.002"),
    ("123456.001", "0123456.001"),   # old 6-digit RID, left-padded
    ("123456001", "0123456.001"),
    ("1234567", "1234567"),          # bare RID
    ("123456", "0123456"),
    ("12345.001", None),
    ("12345678.001", None),
    ("1234567.01", None),
    ("123456A.001", None),
    ("", None),
    (None, None),
])
def test_normalize_ridet(raw: object, expected: str | None) -> None:
    assert normalize_ridet(raw) == expected
    assert ridet_is_valid(raw) is (expected is not None)


def test_rib_key_hand_computed() -> None:
    # 89*14158 + 15*1000 + 3*0 = 1 275 062 = 97*13 144 + 94 -> key 97 - 94 = 3
    assert rib_key("14158", "01000", "00000000000") == "03"
    # letters: M -> 4 (A,J=1 ... D,M,U=4), the published example 20041 01005 0500013M026 06
    assert rib_key("20041", "01005", "0500013M026") == "06"
    # S maps to 2 (not 1): S..Z restart at 2 in the French scheme
    assert rib_key("10000", "00000", "0000000000S") == rib_key("10000", "00000", "00000000002")


@pytest.mark.parametrize(("rib", "reason"), [
    ("30006 00001 12345678901 89", None),
    ("20041 01005 0500013M026 06", None),
    ("20041-01005-0500013m026-06", None),
    ("14158 01000 00000000000 03", None),
    ("14158 01000 00000000000 19", "clé RIB incorrecte (19 au lieu de 03)"),
    ("14158 01000 0000000000 03", "23 caractères attendus, 22 trouvés"),
    ("1415A 01000 00000000000 03", "format incorrect"),
    ("", "RIB vide"),
])
def test_check_rib(rib: str, reason: str | None) -> None:
    problem = check_rib(rib)
    assert problem is None if reason is None else (problem or "").startswith(reason)
    assert rib_is_valid(rib) is (reason is None)


@pytest.mark.parametrize(("iban", "start"), [
    ("FR76 3000 6000 0112 3456 7890 189", None),
    ("fr7630006000011234567890189", None),
    ("NC0514158010000000000000003", "clé de contrôle"),  # NC05 is the check of ...019, not ...003
    ("FR76 3000 6000 0112 3456 7890 188", "clé de contrôle"),
    ("FR76 3000 6000 0112 3456 7890 1", "longueur incorrecte"),
    ("XX76 3000 6000 0112 3456 7890 189", "code pays inconnu"),
    ("", "IBAN vide"),
])
def test_check_iban(iban: str, start: str | None) -> None:
    problem = check_iban(iban)
    assert problem is None if start is None else (problem or "").startswith(start)


def _iban(country: str, bban: str) -> str:
    numeric = int("".join(str(int(c, 36)) for c in bban + country + "00"))
    return f"{country}{98 - numeric % 97:02d}{bban}"


def test_nc_iban_is_valid_but_outside_sepa() -> None:
    nc = _iban("NC", "14158010000000000000003")
    assert iban_is_valid(nc) and iban_outside_sepa(nc)
    assert not iban_outside_sepa("FR76 3000 6000 0112 3456 7890 189")


def test_iban_with_a_wrong_embedded_rib_key() -> None:
    wrong = _iban("NC", "14158010000000000000019")  # mod 97 right, RIB key wrong
    assert check_iban(wrong) == "RIB contenu dans l'IBAN : clé RIB incorrecte (19 au lieu de 03)"


def test_same_bank_details_across_forms() -> None:
    rib = "30006 00001 12345678901 89"
    assert bank_details_key(rib) == "30006000011234567890189"
    assert same_bank_details(rib, "FR76 3000 6000 0112 3456 7890 189")
    assert same_bank_details("30006-00001-12345678901-89", rib)
    assert not same_bank_details(rib, "14158 01000 00000000000 03")
    assert not same_bank_details("", None)
