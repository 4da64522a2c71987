"""Header matching: accents, case, punctuation, synonyms, header row detection."""

from __future__ import annotations

from gestadmin.io.headers import HeaderIndex, column_letter, find_header, header_key, match_row
from gestadmin.io.layouts import INVOICES


def test_header_key_ignores_case_accents_spaces_and_punctuation() -> None:
    assert header_key("N° d'enregistrement") == header_key("n° D’ENREGISTREMENT ") == header_key("No d enregistrement")
    assert header_key("Montant H.T.") == header_key("montant ht")
    assert header_key("Date de réception") != header_key("Date de facture")


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 27, 16383)] == ["A", "Z", "AA", "AB", "XFD"]


def test_match_row_reports_synonyms_unknown_and_duplicates() -> None:
    index = HeaderIndex.of(INVOICES)
    found = match_row(["N° facture", "FOURNISSEUR", "Bizarre", "fournisseur", "", "Montant T.T.C."], 0, index)
    assert found.fields == {"invoice_number": 0, "supplier_name": 1, "gross_amount": 5}
    # Only a synonym is a rename; "Montant T.T.C." is the canonical header typed differently.
    assert found.renamed == [(0, "N° facture", "N° de facture")]
    assert found.unknown == [(2, "Bizarre")]
    assert found.duplicates == [(3, "fournisseur")]


def test_find_header_picks_best_row_not_first() -> None:
    rows = [["Registre 2026"], ["Service", "Fournisseur"], [], ["N° d'enregistrement", "Fournisseur", "Montant TTC"]]
    found = find_header(rows, HeaderIndex.of(INVOICES), 2)
    assert found is not None and found.row == 3


def test_find_header_none_when_nothing_matches() -> None:
    assert find_header([["a", "b"], ["c"]], HeaderIndex.of(INVOICES), 2) is None
