"""Default settings: the issuer's bank details printed on every issued invoice and letter must validate."""

from __future__ import annotations

from schwifty import BIC

from gestadmin.model.identifiers import check_iban, check_rib, compact, same_bank_details
from gestadmin.settings import Issuer


def test_default_issuer_rib_validates() -> None:
    assert check_rib(Issuer().rib) is None


def test_default_issuer_iban_validates() -> None:
    assert check_iban(Issuer().iban) is None


def test_default_issuer_iban_embeds_the_same_rib() -> None:
    issuer = Issuer()
    assert same_bank_details(issuer.rib, issuer.iban)


def test_default_issuer_bic_is_well_formed_and_matches_the_iban_country() -> None:
    issuer = Issuer()
    assert BIC(issuer.bic).country_code == compact(issuer.iban)[:2]
