"""Commitment control: `gestadmin budget engager` (engage) and credit transfers `gestadmin budget virer` (transfer).

A commitment that would make the line's available balance negative is refused, or (settings.budget.
overcommit_mode = "avertir") accepted only once the user confirms it. Every outcome, refused or not, is
written to the audit journal. The commitment row is appended to a COPY of the workbook (output folder) or to
the workbook itself after a timestamped backup; the write is atomic (io.revenue_writeback.apply_edits).

A transfer moves credits through the « Virements » cells of two lines (source minus, target plus), only
within the source's available balance; within one chapter it is free, across chapters (a matter for a
décision modificative) it is flagged and written only once confirmed. Journaled like commitments.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from gestadmin.findings import Finding, Report
from gestadmin.io.revenue_writeback import CellEdit, RowAppend, apply_edits
from gestadmin.messages import make_finding
from gestadmin.model.budget import available_for, code_key
from gestadmin.model.budget_book import ROW, BudgetBook
from gestadmin.model.contracts import contract_figures
from gestadmin.money import format_xpf
from gestadmin.rules.budget import COMMITMENTS, LINES
from gestadmin.rules.budget_contracts import CONTRACTS
from gestadmin.services.budget_load import load_budget
from gestadmin.settings import Settings
from gestadmin.store.db import make_engine
from gestadmin.store.journal import Journal


@dataclass(slots=True)
class CommitOutcome:
    """What `engage` did: accepted or not, the number given, where it was written, the report."""

    accepted: bool
    report: Report
    number: str | None = None
    workbook: Path | None = None
    backup: Path | None = None
    journal_id: int | None = None
    stats: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CommitRequest:
    """A new commitment as typed by the user."""

    budget_code: str
    amount: int
    party: str
    subject: str = ""
    ridet: str | None = None
    contract_ref: str | None = None
    date: dt.date | None = None


def next_number(book: BudgetBook) -> str:
    """`EJ-AAAA-NNNN`, one more than the highest number of that form in the workbook."""
    year = book.period.fiscal_year
    pattern = re.compile(rf"^EJ-{year}-(\d+)$")
    used = [int(m.group(1)) for n in code_key(book.commitments["commitment_number"]).dropna()
            if (m := pattern.match(str(n)))]
    return f"EJ-{year}-{max(used, default=0) + 1:04d}"


def _line_code(book: BudgetBook, code: str) -> tuple[str, object] | None:
    keys = code_key(book.lines["budget_code"])
    wanted = "".join(code.split()).upper()
    match = book.lines[(keys == wanted).fillna(False).astype(bool)]
    return None if match.empty else (str(match["budget_code"].iloc[0]), match["_row"].iloc[0])


def engage(path: Path, request: CommitRequest, settings: Settings, *, confirm: bool = False,
           output_dir: Path | None = None, engine: Engine | None = None,
           actor: str | None = None) -> CommitOutcome:
    """Check a new commitment against the line's available balance, then record it (or refuse it)."""
    book, _read_findings = load_budget(path, settings)
    journal = Journal(engine or make_engine(settings.database_url))
    who = actor or settings.user
    line = _line_code(book, request.budget_code)
    problem = _invalid(request, line)
    if problem is not None or line is None:
        finding = problem or make_finding("ENGAGEMENT_IMPUTATION_INCONNUE", imputation=request.budget_code)
        entry = _journal(journal, who, "engagement_refuse", request, None, finding)
        return CommitOutcome(False, Report(findings=[finding]), journal_id=entry)
    code, row = line
    available = available_for(code, book.lines, book.commitments) or 0
    after = available - request.amount
    figures: dict[str, Any] = {"imputation": code, "amount": format_xpf(request.amount),
                               "available": format_xpf(available), "after": format_xpf(after)}
    where = book.at(LINES, row, "available")
    stats = {"imputation": code, "disponible_avant": available, "disponible_apres": after}
    if after < 0 and (settings.budget.overcommit_mode == "refuser" or not confirm):
        refuse = settings.budget.overcommit_mode == "refuser"
        finding = make_finding("ENGAGEMENT_REFUSE" if refuse else "ENGAGEMENT_A_CONFIRMER", where, **figures)
        action = "engagement_refuse" if refuse else "engagement_a_confirmer"
        entry = _journal(journal, who, action, request, available, finding)
        return CommitOutcome(False, Report(findings=[finding], stats=stats), journal_id=entry, stats=stats)
    number = next_number(book)
    code_name = "ENGAGEMENT_DEPASSEMENT_CONFIRME" if after < 0 else "ENGAGEMENT_ENREGISTRE"
    finding = make_finding(code_name, where, number=number, **figures)
    target = (output_dir / path.name) if output_dir else path
    backup = apply_edits(path, target, [], [_row(book, number, code, request)])
    action = "engagement_depassement_confirme" if after < 0 else "engagement"
    entry = _journal(journal, who, action, request, available, finding, number)
    stats |= {"numero": number, "classeur": str(target)}
    findings = [finding, *_contract_warnings(book, request, number)]
    return CommitOutcome(True, Report(findings=findings, stats=stats), number, target, backup, entry, stats)


def _contract_warnings(book: BudgetBook, request: CommitRequest, number: str) -> list[Finding]:
    """A commitment under a contract: warn when the contract is not in the Marchés sheet (once the sheet is
    used) or when the commitment exceeds the contract's balance (total with amendments - committed)."""
    if not request.contract_ref or book.contracts.empty:
        return []
    figures = contract_figures(book.contracts, book.commitments, pd.DataFrame(columns=[ROW]), dt.date.today())
    wanted = code_key(pd.Series([request.contract_ref])).iloc[0]
    match = figures[(code_key(figures["contract_number"]) == wanted).fillna(False).astype(bool)]
    if match.empty:
        return [make_finding("MARCHE_INCONNU", commitment=number, number=request.contract_ref)]
    contract = match.iloc[0]
    balance = int(contract["balance"])
    if request.amount <= balance:
        return []
    return [make_finding("ENGAGEMENT_MARCHE_DEPASSE", book.at(CONTRACTS, contract[ROW], "balance"), number=number,
                         amount=format_xpf(request.amount), contract=str(contract["contract_number"]),
                         balance=format_xpf(balance), gap=format_xpf(request.amount - balance))]


def _invalid(request: CommitRequest, line: object) -> Finding | None:
    if request.amount <= 0:
        return make_finding("ENGAGEMENT_MONTANT_INVALIDE", value=request.amount)
    if not request.party.strip():
        return make_finding("ENGAGEMENT_TIERS_MANQUANT")
    return None


def _row(book: BudgetBook, number: str, code: str, request: CommitRequest) -> RowAppend:
    located = book.where[COMMITMENTS]
    values = {"commitment_number": number, "commitment_date": request.date or dt.date.today(),
              "party_name": request.party.strip(), "ridet": request.ridet, "budget_code": code,
              "subject": request.subject or None, "amount": request.amount, "contract_ref": request.contract_ref,
              "status": "Validé"}
    return RowAppend(located.sheet, {located.letters[k]: v for k, v in values.items()
                                     if v is not None and k in located.letters})


def _journal(journal: Journal, actor: str, action: str, request: CommitRequest, available: int | None,
             finding: Finding, number: str | None = None) -> int:
    after = {"imputation": request.budget_code, "montant": request.amount, "tiers": request.party,
             "objet": request.subject, "numero": number, "resultat": finding.code}
    before = None if available is None else {"disponible": available}
    return journal.append(actor=actor, action=action, entity="engagement", entity_id=number or request.budget_code,
                          before=before, after=after, reason=finding.message)


@dataclass(frozen=True, slots=True)
class TransferRequest:
    """A credit transfer (virement) from one budget line to another, as typed by the user."""

    source: str
    target: str
    amount: int
    reason: str = ""


@dataclass(slots=True)
class TransferOutcome:
    """What `transfer` did: accepted or not, where it was written, the report and the journal entry."""

    accepted: bool
    report: Report
    workbook: Path | None = None
    backup: Path | None = None
    journal_id: int | None = None
    stats: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Line:
    code: str
    row: int
    direction: str
    section: str
    chapter: str
    transfer: int

    @property
    def chapter_key(self) -> tuple[str, str, str]:
        return (self.direction, self.section, self.chapter)


def _find_line(book: BudgetBook, code: str) -> _Line | None:
    keys = code_key(book.lines["budget_code"])
    wanted = "".join(code.split()).upper()
    match = book.lines[(keys == wanted).fillna(False).astype(bool)]
    if match.empty:
        return None
    rec = match.iloc[0]

    def text(name: str, default: str = "") -> str:
        value = rec.get(name)
        return default if value is None or pd.isna(value) else str(value).strip()

    transfer = rec.get("credit_transfer")
    return _Line(str(rec["budget_code"]), int(rec[ROW]), text("direction", "Dépense"), text("section"),
                 text("chapter"), 0 if transfer is None or pd.isna(transfer) else int(transfer))


def transfer(path: Path, request: TransferRequest, settings: Settings, *, confirm: bool = False,
             output_dir: Path | None = None, engine: Engine | None = None, actor: str | None = None) -> TransferOutcome:
    """Move credits between two lines through their « Virements » cells.

    Refused when a line is unknown, the amount is not positive, the lines are the same or of different
    directions, or the source's available balance (appropriations - committed) is below the amount. Within
    one chapter the transfer is free; across chapters it is flagged and written only once confirmed. Every
    outcome is journaled.
    """
    book, _read_findings = load_budget(path, settings)
    journal = Journal(engine or make_engine(settings.database_url))
    who = actor or settings.user
    source, target = _find_line(book, request.source), _find_line(book, request.target)
    problem = _invalid_transfer(request, source, target, book)
    if problem is not None or source is None or target is None:
        finding = problem or make_finding("VIREMENT_IMPUTATION_INCONNUE", imputation=request.source)
        entry = _journal_transfer(journal, who, "virement_refuse", request, source, target, None, finding)
        return TransferOutcome(False, Report(findings=[finding]), journal_id=entry)
    available = available_for(source.code, book.lines, book.commitments) or 0
    figures: dict[str, Any] = {"amount": format_xpf(request.amount), "source": source.code, "target": target.code,
                               "source_chapter": source.chapter, "target_chapter": target.chapter}
    stats: dict[str, Any] = {"source": source.code, "cible": target.code, "montant": request.amount,
                             "disponible_source_avant": available,
                             "disponible_source_apres": available - request.amount}
    if request.amount > available:
        finding = make_finding("VIREMENT_DISPONIBLE_INSUFFISANT", book.at(LINES, source.row, "available"),
                               available=format_xpf(available), **figures)
        entry = _journal_transfer(journal, who, "virement_refuse", request, source, target, available, finding)
        return TransferOutcome(False, Report(findings=[finding], stats=stats), journal_id=entry, stats=stats)
    across = source.chapter_key != target.chapter_key
    if across and not confirm:
        finding = make_finding("VIREMENT_HORS_CHAPITRE_A_CONFIRMER", book.at(LINES, source.row, "credit_transfer"),
                               **figures)
        entry = _journal_transfer(journal, who, "virement_a_confirmer", request, source, target, available, finding)
        return TransferOutcome(False, Report(findings=[finding], stats=stats), journal_id=entry, stats=stats)
    located = book.where.get(LINES)
    letter = located.letters.get("credit_transfer") if located else None
    if located is None or letter is None:
        finding = make_finding("VIREMENT_COLONNE_ABSENTE", book.at(LINES, source.row))
        entry = _journal_transfer(journal, who, "virement_refuse", request, source, target, available, finding)
        return TransferOutcome(False, Report(findings=[finding], stats=stats), journal_id=entry, stats=stats)
    edits = [CellEdit(located.sheet, source.row, letter, source.transfer - request.amount),
             CellEdit(located.sheet, target.row, letter, target.transfer + request.amount)]
    output = (output_dir / path.name) if output_dir else path
    backup = apply_edits(path, output, edits)
    code_name = "VIREMENT_HORS_CHAPITRE_CONFIRME" if across else "VIREMENT_ENREGISTRE"
    finding = make_finding(code_name, book.at(LINES, target.row, "credit_transfer"), **figures)
    action = "virement_hors_chapitre_confirme" if across else "virement"
    entry = _journal_transfer(journal, who, action, request, source, target, available, finding)
    stats |= {"classeur": str(output)}
    return TransferOutcome(True, Report(findings=[finding], stats=stats), output, backup, entry, stats)


def _invalid_transfer(request: TransferRequest, source: _Line | None, target: _Line | None,
                      book: BudgetBook) -> Finding | None:
    if request.amount <= 0:
        return make_finding("VIREMENT_MONTANT_INVALIDE", value=request.amount)
    for typed, line in ((request.source, source), (request.target, target)):
        if line is None:
            return make_finding("VIREMENT_IMPUTATION_INCONNUE", imputation=typed)
    assert source is not None and target is not None
    if source.code == target.code:
        return make_finding("VIREMENT_MEME_LIGNE", book.at(LINES, source.row, "budget_code"), imputation=source.code)
    if source.direction != target.direction:
        return make_finding("VIREMENT_SENS_DIFFERENT", book.at(LINES, target.row, "direction"), source=source.code,
                            target=target.code)
    return None


def _journal_transfer(journal: Journal, actor: str, action: str, request: TransferRequest, source: _Line | None,
                      target: _Line | None, available: int | None, finding: Finding) -> int:
    before: dict[str, Any] | None = None
    if source is not None and target is not None:
        before = {"virements_source": source.transfer, "virements_cible": target.transfer,
                  "disponible_source": available}
    after = {"source": request.source, "cible": request.target, "montant": request.amount, "motif": request.reason,
             "resultat": finding.code}
    return journal.append(actor=actor, action=action, entity="virement",
                          entity_id=f"{request.source} -> {request.target}", before=before, after=after,
                          reason=request.reason or finding.message)
