"""One test per checklist point, on inline frames: codes and provenance (sheet, physical row, column)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from gestadmin.findings import Severity
from gestadmin.io.layouts import INVOICES
from gestadmin.model.invoices import normalize_invoice_number
from gestadmin.model.parties import Party
from gestadmin.rules.invoices import (
    CHECKLIST,
    check_arithmetic,
    check_bank_details,
    check_budget,
    check_commitment,
    check_deadline,
    check_duplicates,
    check_mentions,
    check_receipt,
    check_service_done,
    check_supplier,
    deadline_table,
    run_checklist,
)
from gestadmin.rules.invoices.bank import party_key
from gestadmin.rules.invoices.context import InvoiceFrames
from tests.unit.invoice_frames import (
    GOOD_RIB,
    OTHER_RIB,
    TODAY,
    budget,
    clean_invoice,
    context,
    directory,
    frames,
    source,
    typed,
    where,
)

F = "Factures"
L = "Lignes de facture"


def test_clean_invoice_passes_every_check() -> None:
    results = run_checklist(frames(clean_invoice()), context())
    assert {key: where(found) for key, found in results.items() if found} == {}
    assert [c.key for c in CHECKLIST][:3] == ["reception", "fournisseur", "doublons"] and len(CHECKLIST) == 10


def test_receipt_missing_or_in_the_future() -> None:
    data = frames(clean_invoice(), clean_invoice(received_date=None),
                  clean_invoice(received_date=dt.date(2026, 10, 16)))
    assert where(check_receipt(data, context())) == [(F, 3, "B", "RECEPTION_ABSENTE"), (F, 4, "B", "RECEPTION_FUTURE")]


def test_receipt_not_reported_twice_when_the_reader_could_not_read_it() -> None:
    data = frames(clean_invoice(received_date=None))
    assert check_receipt(data, context(unreadable=frozenset({(0, 2, "received_date")}))) == []


def test_supplier_unknown_malformed_ridet_and_other_ridet() -> None:
    data = frames(
        clean_invoice(),
        clean_invoice(supplier_name="Société Inconnue", ridet="7654321.001"),
        clean_invoice(ridet="1234567.01"),
        clean_invoice(ridet="1111111.001"),
        clean_invoice(supplier_name="BUREAU VALLEE NOUMEA", ridet="1 234 567.001"),
    )
    findings = check_supplier(data, context())
    assert where(findings) == [
        (F, 4, "D", "RIDET_INVALIDE"), (F, 3, "C", "FOURNISSEUR_INCONNU"), (F, 5, "D", "FOURNISSEUR_RIDET_DIFFERENT"),
    ]
    assert findings[1].severity is Severity.WARNING


def test_duplicates_across_files_report_both_provenances() -> None:
    first = typed(INVOICES, [clean_invoice()], src=0, reg=0)
    second = typed(INVOICES, [clean_invoice(registration_number="JW-9", invoice_number="fa 2026 0012"),
                              clean_invoice(registration_number="JW-10", invoice_number="FA-2026/0099",
                                            invoice_date=dt.date(2026, 10, 6))], src=2, reg=1, first_row=7)
    import pandas as pd

    data = InvoiceFrames(pd.concat([first, second], ignore_index=True))
    ctx = context()
    ctx.sources.append(source("Registre_JW.xlsx"))
    findings = check_duplicates(data, ctx)
    exact = [f for f in findings if f.code == "FACTURE_DOUBLON"]
    assert [(f.provenance.file, f.provenance.row) for f in exact] == [("Registre.xlsx", 2), ("Registre_JW.xlsx", 7)]
    assert "Registre_JW.xlsx › Factures ligne 7" in exact[0].message
    assert "Registre.xlsx › Factures ligne 2" in exact[1].message
    near = [(f.provenance.file, f.provenance.row) for f in findings if f.code == "FACTURE_QUASI_DOUBLON"]
    # JW-10 (other number, same TTC, 4 days later) is a near-duplicate of both copies of FA-2026/0012
    assert near == [("Registre.xlsx", 2), ("Registre_JW.xlsx", 7), ("Registre_JW.xlsx", 8)]


def test_near_duplicate_window_is_a_setting() -> None:
    data = frames(clean_invoice(), clean_invoice(invoice_number="FA-2", invoice_date=dt.date(2026, 10, 12)))
    assert where(check_duplicates(data, context())) == []  # 10 days apart, window 7
    ctx = context()
    ctx.settings.invoice_checks.near_duplicate_days = 10
    assert where(check_duplicates(data, ctx)) == [(F, 2, "E", "FACTURE_QUASI_DOUBLON"),
                                                  (F, 3, "E", "FACTURE_QUASI_DOUBLON")]


def test_mandatory_mentions_and_rate_carried_by_lines() -> None:
    data = frames(
        clean_invoice(invoice_date=None, ridet=None),
        clean_invoice(registration_number="2026-002", tax_rate=None),
        clean_invoice(registration_number="2026-003", tax_rate=None, bank_account="  "),
        lines=[{"registration_number": "2026-002", "designation": "x", "quantity": 1, "unit_price": 10_000,
                "tax_rate": 0.11, "net_amount": 10_000}],
    )
    findings = check_mentions(data, context())
    assert where(findings) == [(F, 2, "F", "MENTION_MANQUANTE"), (F, 2, "D", "MENTION_MANQUANTE"),
                               (F, 4, "K", "MENTION_MANQUANTE"), (F, 4, "N", "MENTION_MANQUANTE")]
    assert findings[0].message == "Mention obligatoire manquante : Date de facture."


def test_arithmetic_per_rate_half_up_and_lines() -> None:
    line = {"designation": "x", "quantity": 1}
    data = frames(
        clean_invoice(net_amount=150, tax_rate=0.03, tax_amount=5, gross_amount=155),  # 4.5 -> 5 (half up)
        clean_invoice(registration_number="2", net_amount=150, tax_rate=0.03, tax_amount=4, gross_amount=154),
        clean_invoice(registration_number="3", gross_amount=11_000),
        clean_invoice(registration_number="4", tax_rate=None, net_amount=1_050, tax_amount=77, gross_amount=1_127),
        clean_invoice(registration_number="5", tax_rate=None, net_amount=1_050, tax_amount=76, gross_amount=1_126),
        clean_invoice(registration_number="6", net_amount=2_100, tax_amount=231, gross_amount=2_331),
        lines=[
            {**line, "registration_number": "4", "unit_price": 550, "tax_rate": 0.11, "net_amount": 550},
            {**line, "registration_number": "4", "unit_price": 500, "tax_rate": 0.03, "net_amount": 500},
            {**line, "registration_number": "5", "unit_price": 550, "tax_rate": 0.11, "net_amount": 550},
            {**line, "registration_number": "5", "unit_price": 500, "tax_rate": 0.03, "net_amount": 500},
            {**line, "registration_number": "6", "unit_price": 1_500, "tax_rate": 0.11, "net_amount": 1_500},
            {**line, "registration_number": "6", "quantity": 2, "unit_price": 300, "tax_rate": 0.11,
             "net_amount": 500},
            {**line, "registration_number": "99", "unit_price": 1, "tax_rate": 0.11, "net_amount": 1},
        ],
    )
    # 550 x 11 % = 60.5 -> 61 and 500 x 3 % = 15: TGC per rate 76; a single rounding of the sum would differ.
    assert where(check_arithmetic(data, context())) == [
        (F, 3, "L", "TGC_INCORRECTE"), (F, 4, "M", "TTC_INCORRECT"), (L, 7, "F", "LIGNE_HT_INCORRECT"),
        (L, 8, "A", "LIGNE_SANS_FACTURE"), (F, 7, "J", "LIGNES_HT_INCOHERENT"), (F, 5, "L", "LIGNES_TGC_INCOHERENTE"),
    ]


def test_commitment_matching() -> None:
    data = frames(
        clean_invoice(received_date=dt.date(2026, 10, 1), gross_amount=30_000, net_amount=None, tax_amount=None),
        clean_invoice(registration_number="2", received_date=dt.date(2026, 10, 2), gross_amount=30_000,
                      net_amount=None, tax_amount=None),
        clean_invoice(registration_number="3", commitment_number=None),
        clean_invoice(registration_number="4", commitment_number="EJ-404"),
        clean_invoice(registration_number="5", supplier_name="Autre SARL", ridet="7654321.001",
                      commitment_number="EJ-2026-0001"),
        clean_invoice(registration_number="6", budget_code="F-011-6068", gross_amount=1, net_amount=None,
                      tax_amount=None),
    )
    findings = check_commitment(data, context(budget=budget(amount=59_500)))
    assert where(findings) == [
        (F, 4, "H", "ENGAGEMENT_ABSENT"), (F, 5, "H", "ENGAGEMENT_INCONNU"), (F, 6, "H", "ENGAGEMENT_TIERS_DIFFERENT"),
        (F, 7, "I", "ENGAGEMENT_IMPUTATION_DIFFERENTE"), (F, 3, "M", "ENGAGEMENT_DEPASSE"),
        (F, 7, "M", "ENGAGEMENT_DEPASSE"),
    ]
    # consumed in order of receipt: 30 000 fitted, the second 30 000 finds only 29 500 left
    assert "(29\u202f500\xa0F\xa0CFP sur 59\u202f500\xa0F\xa0CFP)" in findings[-2].message


def test_commitment_party_by_name_without_ridet_and_line_unknown_on_the_commitment() -> None:
    data = frames(
        clean_invoice(ridet=None, supplier_name="BUREAU VALLÉE  NOUMÉA"),  # same party, typed otherwise
        clean_invoice(registration_number="2", ridet=None, supplier_name="Autre SARL"),
        clean_invoice(registration_number="3", commitment_number="ej-2026-0002 ", budget_code="F-011-6068"),
    )
    ctx = context(budget=budget(amount=1_000_000))
    ctx.budget.commitments = pd.concat([ctx.budget.commitments, pd.DataFrame([{  # type: ignore[union-attr]
        "commitment_number": "EJ-2026-0002", "party_name": "Bureau Vallée Nouméa", "ridet": None,
        "budget_code": None, "amount": 1_000_000, "status": "Validé", "_row": 3}]).astype({"amount": "Int64"})],
        ignore_index=True)
    assert where(check_commitment(data, ctx)) == [(F, 3, "H", "ENGAGEMENT_TIERS_DIFFERENT")]


def test_cancelled_commitment() -> None:
    findings = check_commitment(frames(clean_invoice()), context(budget=budget(status="Annulé")))
    assert where(findings) == [(F, 2, "H", "ENGAGEMENT_ANNULE")]


def test_service_done_before_liquidation_ordering_payment() -> None:
    data = frames(
        clean_invoice(status="Liquidée", liquidation_date=dt.date(2026, 10, 8)),
        clean_invoice(status="Enregistrée", payment_date=dt.date(2026, 10, 9)),
        clean_invoice(status="Mandatée", service_done_date=dt.date(2026, 10, 9), liquidation_date=dt.date(2026, 10, 8),
                      ordering_date=dt.date(2026, 10, 10)),
        clean_invoice(status="Liquidée", service_done_date=dt.date(2026, 10, 6), liquidation_date=dt.date(2026, 10, 8)),
    )
    findings = check_service_done(data, context())
    assert where(findings) == [(F, 2, "O", "SERVICE_FAIT_MANQUANT"), (F, 3, "O", "SERVICE_FAIT_MANQUANT"),
                               (F, 4, "O", "SERVICE_FAIT_TARDIF")]
    assert "payée" not in findings[0].message and "liquidée" in findings[0].message


def test_budget_available_on_the_line() -> None:
    data = frames(
        clean_invoice(),
        clean_invoice(registration_number="2", commitment_number=None, gross_amount=6_000, net_amount=None,
                      tax_amount=None),
        clean_invoice(registration_number="3", commitment_number=None, gross_amount=6_000, net_amount=None,
                      tax_amount=None, received_date=dt.date(2026, 10, 6)),
        clean_invoice(registration_number="4", budget_code="F-999"),
        clean_invoice(registration_number="5", commitment_number=None, gross_amount=99_000, status="Payée",
                      payment_date=dt.date(2026, 10, 9)),
    )
    assert where(check_budget(data, context(budget=budget(available=10_000)))) == [
        (F, 5, "I", "IMPUTATION_INCONNUE"), (F, 4, "I", "CREDITS_INSUFFISANTS"),
    ]
    overcommitted = check_budget(frames(clean_invoice()), context(budget=budget(available=-1)))
    assert where(overcommitted) == [(F, 2, "I", "CREDITS_INSUFFISANTS")]
    assert overcommitted[0].message.endswith("disponible -1\xa0F\xa0CFP, besoin 11\u202f100\xa0F\xa0CFP.")


def test_bank_details_invalid_and_rib_change_blocks_until_confirmed() -> None:
    broken = GOOD_RIB[:-2] + ("00" if not GOOD_RIB.endswith("00") else "01")
    iban = "FR76" + GOOD_RIB.replace(" ", "")
    data = frames(clean_invoice(), clean_invoice(bank_account=OTHER_RIB), clean_invoice(bank_account=broken),
                  clean_invoice(bank_account=iban))
    findings = check_bank_details(data, context())
    assert [c for c in where(findings) if c[3] != "IBAN_INVALIDE"] == [
        (F, 4, "N", "RIB_INVALIDE"), (F, 3, "N", "RIB_DIFFERENT"), (F, 4, "N", "RIB_DIFFERENT"),
    ]
    blocked = findings[1]
    assert blocked.severity is Severity.ERROR and "BLOQUÉE" in blocked.message
    key = (party_key("1234567.001", "Bureau Vallée Nouméa"), OTHER_RIB.replace(" ", ""))
    confirmed = check_bank_details(data, context(confirmations={key: ("Marie", "14/10/2026", "contre-appel")}))
    assert [c for c in where(confirmed) if c[3] != "IBAN_INVALIDE"] == [
        (F, 4, "N", "RIB_INVALIDE"), (F, 4, "N", "RIB_DIFFERENT"), (F, 3, "N", "RIB_CONFIRME"),
    ]


@pytest.mark.parametrize(("received", "due"), [
    (dt.date(2026, 11, 25), dt.date(2026, 12, 28)),  # D+30 = Fri 25/12 (Noël) -> Mon 28/12
    (dt.date(2026, 12, 23), dt.date(2027, 1, 22)),  # just before Christmas: D+30 = Fri 22/01, no shift
    (dt.date(2026, 8, 25), dt.date(2026, 9, 25)),  # D+30 = Thu 24/09 (Fête de la Citoyenneté) -> Fri 25/09
    (dt.date(2026, 3, 7), dt.date(2026, 4, 7)),  # D+30 = Mon 06/04 (Lundi de Pâques) -> Tue 07/04
    (dt.date(2025, 12, 3), dt.date(2026, 1, 5)),  # D+30 = Fri 02/01/2026 (fermeture) -> Mon 05/01
    (dt.date(2026, 4, 4), dt.date(2026, 5, 4)),  # D+30 = Mon 04/05, ordinary working day
    (dt.date(2026, 12, 24), dt.date(2027, 1, 25)),  # Christmas Eve: D+30 = Sat 23/01/2027 -> Mon 25/01
    (dt.date(2027, 11, 25), dt.date(2027, 12, 27)),  # D+30 = Sat 25/12/2027 (Noël un samedi) -> Mon 27/12
    (dt.date(2027, 8, 25), dt.date(2027, 9, 27)),  # D+30 = Fri 24/09/2027 (Citoyenneté) -> Mon 27/09
    (dt.date(2027, 2, 27), dt.date(2027, 3, 30)),  # D+30 = Mon 29/03/2027 (Lundi de Pâques) -> Tue 30/03
])
def test_deadline_hand_computed_table(received: dt.date, due: dt.date) -> None:
    # closure days are a setting: 02/01/2026 is the default one
    data = frames(clean_invoice(received_date=received))
    ctx = context()
    ctx.today = received
    assert deadline_table(data, ctx)["due"].dt.date.tolist() == [due]


def test_deadline_warning_from_day_20_and_error_past_due() -> None:
    data = frames(
        clean_invoice(received_date=TODAY - dt.timedelta(days=19)),
        clean_invoice(received_date=TODAY - dt.timedelta(days=20)),
        clean_invoice(received_date=dt.date(2026, 9, 10)),  # due Mon 12/10/2026
        clean_invoice(received_date=dt.date(2026, 9, 1), status="Mandatée", ordering_date=dt.date(2026, 9, 20),
                      service_done_date=dt.date(2026, 9, 2)),
    )
    findings = check_deadline(data, context())
    assert where(findings) == [(F, 3, "B", "DELAI_PROCHE"), (F, 4, "B", "DELAI_DEPASSE")]
    assert "26/10/2026 (11 jour(s) restant(s))" in findings[0].message and "3 jour(s) de retard" in findings[1].message


def test_invoice_number_normalisation() -> None:
    assert normalize_invoice_number("FA-2026/0012") == normalize_invoice_number(" fa 2026 0012 ") == "fa20260012"
    assert normalize_invoice_number(None) == ""
    from gestadmin.model.invoices import normalize_invoice_numbers

    typed_in = ["FA-2026/0012", " fa 2026 0012 ", None, "  ", 20260011, "Fé–12/ÉA", "STRASSE ß", "a\x00b", "N°\u202f12"]
    for values in (typed_in, [v for v in typed_in if v != "a\x00b"], ["FA-1", "fa 1", None]):
        assert normalize_invoice_numbers(pd.Series(values, dtype=object)).tolist() == [
            normalize_invoice_number(v) or None for v in values]


def test_directory_lookup_prefers_first_source() -> None:
    other = Party("Bureau Vallée Nouméa", "1234567.001", OTHER_RIB, "Registre.xlsx", "Tiers", 5)
    assert directory(other).find("1234567001", None).bank_account == GOOD_RIB  # type: ignore[union-attr]


def test_a_crashing_rule_becomes_a_finding() -> None:
    data = frames(clean_invoice())
    data.invoices = data.invoices.drop(columns=["invoice_number"])
    results = run_checklist(data, context())
    assert [f.code for f in results["doublons"]] == ["REGLE_EN_ECHEC"]
    assert results["reception"] == []


@pytest.mark.filterwarnings("error")
def test_empty_directory_makes_every_supplier_unknown_without_pandas_warnings() -> None:
    from gestadmin.model.parties import Directory

    data = frames(clean_invoice())
    ctx = context(directory=Directory([]))
    assert where(check_supplier(data, ctx)) == [(F, 2, "C", "FOURNISSEUR_INCONNU")]
    assert check_bank_details(data, ctx) == []
