"""Revenue rules: gaps and duplicates with provenance, tampered issued rows with their cell, credit notes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from gestadmin.findings import Finding, Provenance
from gestadmin.model.revenue import canonical_payload, compute_seal
from gestadmin.model.revenue_register import registered_invoices
from gestadmin.rules.revenue import (
    NumberEntry,
    StoredInvoice,
    check_credit_notes,
    check_locked,
    check_numbering,
    check_register,
    check_row_states,
)
from tests.unit.revenue_frames import sheet

FILE = "Registre.xlsx"


def _proj(findings: list[Finding]) -> list[tuple[str, str, int | None, str]]:
    return [(f.code, f.provenance.sheet, f.provenance.row, f.provenance.column) for f in findings]


def _issued(ref: str, number: str | None, status: str = "Émise", **extra: Any) -> dict[str, Any]:
    return {"draft_ref": ref, "invoice_number": number, "series": "FR", "fiscal_year": 2026,
            "issue_date": "2026-03-02", "customer_name": "SLN", "status": status, **extra}


def _register(issued: list[dict[str, Any]], lines: list[dict[str, Any]]) -> list[Any]:
    return registered_invoices(FILE, sheet("revenue_invoices", issued), sheet("revenue_lines", lines))


def _sealed(issued: list[dict[str, Any]], lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give every numbered row the seal of its current content (as issue does)."""
    regs = _register(issued, lines)
    return [{**row, "seal": compute_seal(reg.invoice) if row["invoice_number"] else None}
            for row, reg in zip(issued, regs, strict=True)]


LINES = [
    {"draft_ref": "B-001", "designation": "Location de salle", "quantity": 2.0, "unit_price": 15000, "tax_rate": 0.11},
    {"draft_ref": "B-002", "designation": "Photocopies", "quantity": 100.0, "unit_price": 20, "tax_rate": 0.22},
    {"draft_ref": "B-003", "designation": "Formation", "quantity": 1.0, "unit_price": 50000, "tax_rate": 0.0},
]


def test_gaps_and_duplicates_are_reported_on_the_cell_after_the_gap() -> None:
    at = [NumberEntry(n, Provenance(FILE, "Factures émises", row, "B")) for row, n in
          [(2, "FR-2026-000001"), (3, "FR-2026-000002"), (4, "FR-2026-000005"), (5, "FR-2026-000002"),
           (6, "AV-2026-000002"), (7, "FR-26-7")]]
    findings = check_numbering(at)
    assert _proj(findings) == [
        ("NUMERO_DOUBLON", "Factures émises", 5, "B"),
        ("NUMERO_MALFORME", "Factures émises", 7, "B"),
        ("NUMERO_TROU", "Factures émises", 6, "B"),  # AV-2026-000001 missing before row 6
        ("NUMERO_TROU", "Factures émises", 4, "B"),  # FR 3 and 4 missing before row 4
    ]
    assert "FR-2026-000003 à FR-2026-000004" in findings[3].message
    assert "Factures émises!B3" in findings[0].message


def test_a_number_known_to_the_store_is_a_warning_naming_its_workbook() -> None:
    at = [NumberEntry("FR-2026-000001", Provenance(FILE, "S", 2, "B")),
          NumberEntry("FR-2026-000003", Provenance(FILE, "S", 3, "B"))]
    stored = {"FR-2026-000002": StoredInvoice("FR-2026-000002", "X", "Agent2.xlsx", 10, "facture")}
    findings = check_numbering(at, stored)
    assert [(f.code, str(f.severity)) for f in findings] == [("NUMERO_TROU_BASE", "avertissement")]
    assert "Agent2.xlsx" in findings[0].message
    assert check_numbering(at, stored, own_sources={FILE}) == []


def test_tampered_issued_row_is_reported_with_its_seal_cell_without_store() -> None:
    issued = _sealed([_issued("B-001", "FR-2026-000001"), _issued("B-002", "FR-2026-000002")], LINES)
    tampered = [dict(line) for line in LINES]
    tampered[1]["unit_price"] = 25  # amount changed after issue
    findings = check_locked(_register(issued, tampered))
    assert _proj(findings) == [("EMPREINTE_INVALIDE", "Factures émises", 3, "S")]


def test_with_the_store_the_changed_cell_itself_is_pinpointed() -> None:
    issued = _sealed([_issued("B-001", "FR-2026-000001"), _issued("B-002", "FR-2026-000002")], LINES)
    regs = _register(issued, LINES)
    stored = {r.number: StoredInvoice(r.number, compute_seal(r.invoice), FILE, r.invoice.totals.gross, "facture",
                                      payload=canonical_payload(r.invoice)) for r in regs}
    tampered = [dict(line) for line in LINES]
    tampered[1]["unit_price"] = 25
    issued[0]["customer_name"] = "Autre client"
    findings = check_locked(_register(issued, tampered), stored)
    assert _proj(findings) == [
        ("EMPREINTE_INVALIDE", "Factures émises", 2, "S"),
        ("CHAMP_MODIFIE", "Factures émises", 2, "F"),
        ("EMPREINTE_INVALIDE", "Factures émises", 3, "S"),
        ("CHAMP_MODIFIE", "Lignes de facturation", 3, "D"),
    ]
    assert "« 25 » au lieu de « 20 »" in findings[3].message


def test_untouched_issued_rows_and_drafts_pass() -> None:
    issued = _sealed([_issued("B-001", "FR-2026-000001"), _issued("B-003", None, "Brouillon")], LINES)
    assert check_register(_register(issued, LINES)) == []


def test_row_states_numbered_draft_and_issued_without_number() -> None:
    issued = [_issued("B-001", "FR-2026-000001", "Brouillon"), _issued("B-002", None, "Émise"),
              _issued("B-003", "AV-2025-000001", "Émise")]
    assert _proj(check_row_states(_register(issued, LINES))) == [
        ("BROUILLON_NUMEROTE", "Factures émises", 2, "N"),
        ("EMISE_SANS_NUMERO", "Factures émises", 3, "B"),
        ("NUMERO_INCOHERENT", "Factures émises", 4, "B"),
    ]


def test_credit_notes_reference_an_invoice_and_never_exceed_it() -> None:
    issued = [_issued("B-001", "FR-2026-000001"),  # 33 300
              _issued("A-001", "AV-2026-000001", original_invoice="FR-2026-000001"),
              _issued("A-002", "AV-2026-000002", original_invoice="FR-2026-000001"),
              _issued("A-003", "AV-2026-000003", original_invoice="FR-2026-000099"),
              _issued("A-004", "AV-2026-000004", original_invoice="AV-2026-000001")]
    lines = [LINES[0],
             {"draft_ref": "A-001", "designation": "Remise", "quantity": 1.0, "unit_price": 20000, "tax_rate": 0.11},
             {"draft_ref": "A-002", "designation": "Remise", "quantity": 1.0, "unit_price": 10001, "tax_rate": 0.11},
             {"draft_ref": "A-003", "designation": "Remise", "quantity": 1.0, "unit_price": 10, "tax_rate": 0.11},
             {"draft_ref": "A-004", "designation": "Remise", "quantity": 1.0, "unit_price": 10, "tax_rate": 0.11}]
    findings = check_credit_notes(_register(issued, lines))
    assert _proj(findings) == [
        ("AVOIR_DEPASSE", "Factures émises", 4, "Q"),
        ("AVOIR_ORIGINE_INCONNUE", "Factures émises", 5, "Q"),
        ("AVOIR_SUR_AVOIR", "Factures émises", 6, "Q"),
    ]
    assert "restant (11\u202f100 F CFP)" in findings[0].message


def test_registered_invoice_keeps_lines_and_rows() -> None:
    reg = _register([_issued("B-001", None, "Brouillon")], LINES)[0]
    assert reg.line_rows == [2] and reg.is_draft
    assert reg.invoice.lines[0].quantity == Decimal("2") and reg.invoice.issue_date == dt.date(2026, 3, 2)
