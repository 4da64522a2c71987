"""Checks of revenue registers: numbering gaps and duplicates, locked issued rows, credit-note references.

Every check returns findings with the cell they concern. What the numbering store knows arrives as plain
`StoredInvoice` values (rules never touch the store themselves).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from gestadmin.findings import Finding, Provenance
from gestadmin.messages import make_finding
from gestadmin.model.revenue import DocumentKind, canonical_payload, compute_seal, credit_headroom, parse_number
from gestadmin.model.revenue_register import RegisteredInvoice
from gestadmin.model.statuses import RevenueStatus
from gestadmin.money import format_xpf

# French labels of the frozen fields (the register headers), for messages.
FIELD_LABELS: dict[str, str] = {
    "invoice_number": "le n° de facture", "series": "la série", "fiscal_year": "l'exercice",
    "issue_date": "la date d'émission", "customer_name": "le client", "ridet": "le RIDET", "subject": "l'objet",
    "budget_code": "l'imputation", "due_date": "l'échéance", "original_invoice": "la facture d'origine",
    "seal": "l'empreinte",
}
LINE_FIELDS = ("designation", "quantity", "unit_price", "tax_rate")
LINE_LABELS = ("la désignation", "la quantité", "le prix unitaire HT", "le taux de TGC")


@dataclass(frozen=True, slots=True)
class StoredInvoice:
    """The store's record of an issued number."""

    invoice_number: str
    seal: str
    source: str
    gross: int
    kind: str
    original_invoice: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class NumberEntry:
    """One number met in a register, with its cell."""

    number: str
    provenance: Provenance


def number_entries(invoices: Sequence[RegisteredInvoice]) -> list[NumberEntry]:
    """The numbered rows of registers."""
    return [NumberEntry(inv.number, inv.cell("invoice_number")) for inv in invoices if inv.number]


def _range_text(first: int, last: int, prefix: str, width: int) -> str:
    start = f"{prefix}{first:0{width}d}"
    return start if first == last else f"{start} à {prefix}{last:0{width}d}"


def check_numbering(entries: Sequence[NumberEntry], stored: Mapping[str, StoredInvoice] | None = None,
                    own_sources: set[str] | None = None) -> list[Finding]:
    """Malformed numbers, duplicates, and gaps per (series, year) from 1 to the highest number seen.

    A number missing from the files but known to the store is a warning naming its source workbook; with
    `own_sources`, numbers the store issued from other workbooks are expected to be absent and not reported.
    """
    findings: list[Finding] = []
    first_seen: dict[str, NumberEntry] = {}
    sequences: dict[tuple[str, int], dict[int, NumberEntry]] = defaultdict(dict)
    widths: dict[tuple[str, int], int] = {}
    for entry in entries:
        parsed = parse_number(entry.number)
        if parsed is None:
            findings.append(make_finding("NUMERO_MALFORME", entry.provenance, value=entry.number))
            continue
        if entry.number in first_seen:
            findings.append(make_finding("NUMERO_DOUBLON", entry.provenance, number=entry.number,
                                         first=first_seen[entry.number].provenance.render()))
            continue
        first_seen[entry.number] = entry
        series, year, seq = parsed
        sequences[(series, year)][seq] = entry
        widths[(series, year)] = len(entry.number.rsplit("-", 1)[1])
    for key in sorted(sequences):
        findings.extend(_gaps(key, sequences[key], widths[key], stored or {}, own_sources))
    return findings


def _gaps(key: tuple[str, int], seen: dict[int, NumberEntry], width: int,
          stored: Mapping[str, StoredInvoice], own_sources: set[str] | None) -> list[Finding]:
    series, year = key
    prefix = f"{series}-{year}-"
    findings: list[Finding] = []
    missing: list[int] = []
    for seq in range(1, max(seen) + 1):
        number = f"{prefix}{seq:0{width}d}"
        if seq in seen:
            continue
        if number in stored:
            if own_sources is not None and stored[number].source not in own_sources:
                continue
            findings.append(make_finding("NUMERO_TROU_BASE", None, number=number, source=stored[number].source))
        else:
            missing.append(seq)
    for run in _runs(missing):
        after = seen.get(run[-1] + 1)
        before = seen.get(run[0] - 1)
        findings.append(make_finding(
            "NUMERO_TROU", after.provenance if after else None, series=series, year=year,
            missing=_range_text(run[0], run[-1], prefix, width),
            before=before.number if before else "le début de l'exercice", after=after.number if after else "?",
        ))
    return findings


def _runs(values: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for value in values:
        if runs and value == runs[-1][-1] + 1:
            runs[-1].append(value)
        else:
            runs.append([value])
    return runs


def check_row_states(invoices: Sequence[RegisteredInvoice]) -> list[Finding]:
    """Status and number agree: no numbered draft, no issued status without a number, number matches row."""
    findings: list[Finding] = []
    for inv in invoices:
        status = inv.status or ""
        if inv.number and status in ("", RevenueStatus.DRAFT):
            findings.append(make_finding("BROUILLON_NUMEROTE", inv.cell("status"), number=inv.number))
        elif not inv.number and status not in ("", RevenueStatus.DRAFT):
            findings.append(make_finding("EMISE_SANS_NUMERO", inv.cell("invoice_number"), status=status))
        parsed = parse_number(inv.number) if inv.number else None
        if parsed and (parsed[0], parsed[1]) != (inv.invoice.series, inv.invoice.fiscal_year):
            findings.append(make_finding("NUMERO_INCOHERENT", inv.cell("invoice_number"), number=inv.number,
                                         series=inv.invoice.series, year=inv.invoice.fiscal_year))
    return findings


def check_locked(invoices: Sequence[RegisteredInvoice],
                 stored: Mapping[str, StoredInvoice] | None = None) -> list[Finding]:
    """Issued rows must still match their seal, and the store's record when there is one."""
    findings: list[Finding] = []
    for inv in invoices:
        if not inv.number or inv.status in (None, "", RevenueStatus.DRAFT):
            continue
        record = stored.get(inv.number) if stored is not None else None
        if stored is not None and record is None:
            findings.append(make_finding("NUMERO_INCONNU_BASE", inv.cell("invoice_number"), number=inv.number))
        findings.extend(_check_one(inv, record))
    return findings


def _check_one(inv: RegisteredInvoice, record: StoredInvoice | None) -> list[Finding]:
    current = compute_seal(inv.invoice)
    if not inv.seal and record is None:
        return [make_finding("EMPREINTE_ABSENTE", inv.cell("seal"), number=inv.number)]
    expected = record.seal if record is not None else (inv.seal or "")
    if current == expected:
        if record is not None and (inv.seal or "") != record.seal:
            return [make_finding("CHAMP_MODIFIE", inv.cell("seal"), number=inv.number, label=FIELD_LABELS["seal"],
                                 found=inv.seal or "", expected=record.seal)]
        return []
    findings = [make_finding("EMPREINTE_INVALIDE", inv.cell("seal"), number=inv.number)]
    if record is not None and record.payload:
        findings.extend(_diff(inv, record.payload))
    return findings


def _diff(inv: RegisteredInvoice, frozen: Mapping[str, Any]) -> list[Finding]:
    """One finding per cell that differs from what was frozen at issue."""
    now = canonical_payload(inv.invoice)
    findings = [
        make_finding("CHAMP_MODIFIE", inv.cell(name), number=inv.number, label=label,
                     found=now.get(name, ""), expected=frozen.get(name, ""))
        for name, label in FIELD_LABELS.items()
        if name in frozen and str(now.get(name, "")) != str(frozen.get(name, ""))
    ]
    old_lines, new_lines = list(frozen.get("lines", [])), list(now["lines"])  # type: ignore[call-overload]
    where = inv.lines_where
    for index, (old, new) in enumerate(zip(old_lines, new_lines, strict=False)):
        for pos, (name, label) in enumerate(zip(LINE_FIELDS, LINE_LABELS, strict=True)):
            if str(old[pos]) != str(new[pos]) and where is not None:
                findings.append(make_finding("CHAMP_MODIFIE", where.at(inv.line_rows[index], name),
                                             number=inv.number, label=label, found=new[pos], expected=old[pos]))
    if len(new_lines) > len(old_lines) and where is not None:
        findings.extend(make_finding("LIGNE_AJOUTEE", where.at(row, "draft_ref"), number=inv.number)
                        for row in inv.line_rows[len(old_lines):])
    if len(new_lines) < len(old_lines):
        findings.append(make_finding("LIGNE_SUPPRIMEE", inv.cell("draft_ref"), number=inv.number,
                                     count=len(old_lines) - len(new_lines)))
    return findings


def check_credit_notes(invoices: Sequence[RegisteredInvoice],
                       stored: Mapping[str, StoredInvoice] | None = None) -> list[Finding]:
    """Credit notes reference an existing invoice (not a credit note) and never exceed what remains."""
    by_number = {inv.number: inv for inv in invoices if inv.number}
    credited: dict[str, int] = defaultdict(int)
    findings: list[Finding] = []
    for inv in invoices:
        original = (inv.invoice.original_invoice or "").strip()
        if not original or inv.is_draft and not inv.invoice.lines:
            continue
        target_gross, target_kind = _target(original, by_number, stored)
        if target_gross is None:
            findings.append(make_finding("AVOIR_ORIGINE_INCONNUE", inv.cell("original_invoice"), original=original))
            continue
        if target_kind == DocumentKind.CREDIT_NOTE:
            findings.append(make_finding("AVOIR_SUR_AVOIR", inv.cell("original_invoice"), original=original))
            continue
        amount = inv.invoice.totals.gross
        if amount > credit_headroom(target_gross, credited[original]):
            headroom = credit_headroom(target_gross, credited[original])
            findings.append(make_finding("AVOIR_DEPASSE", inv.cell("original_invoice"), original=original,
                                         amount=format_xpf(amount, unit=False),
                                         headroom=format_xpf(headroom, unit=False)))
        credited[original] += amount
    return findings


def _target(original: str, by_number: Mapping[str, RegisteredInvoice],
            stored: Mapping[str, StoredInvoice] | None) -> tuple[int | None, str | None]:
    if stored is not None and original in stored:
        return stored[original].gross, stored[original].kind
    inv = by_number.get(original)
    if inv is None:
        return None, None
    return inv.invoice.totals.gross, str(inv.invoice.kind)


def check_register(invoices: Sequence[RegisteredInvoice], stored: Mapping[str, StoredInvoice] | None = None,
                   source: str | None = None) -> list[Finding]:
    """Every revenue check of one register (numbering of this register alone included)."""
    findings = check_row_states(invoices)
    findings += check_locked(invoices, stored)
    findings += check_credit_notes(invoices, stored)
    findings += check_numbering(number_entries(invoices), stored, {source} if source else None)
    return findings
