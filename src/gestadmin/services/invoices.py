"""Supplier-invoice use cases: run the checklist on registers (+ budget, directory), statuses, RIB confirmations.

The only place that combines the reader, the checklist rules and the store for invoices. Every entry point
takes already-read `RegisterData` (CLI from files, ribbon from an Office.js payload, tests inline) or paths.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from gestadmin.findings import Finding, Provenance, Report, Severity, sort_findings
from gestadmin.io.reader import RegisterData, SheetData, read_register
from gestadmin.messages import make_finding
from gestadmin.model import budget as budget_model
from gestadmin.model.parties import Directory, duplicate_parties
from gestadmin.rules.invoices import (
    CHECKLIST,
    BudgetFrames,
    InvoiceContext,
    InvoiceFrames,
    Source,
    deadline_table,
    run_checklist,
)
from gestadmin.rules.invoices.context import REG, ROW, SRC
from gestadmin.services.demo import STEPS, DemoContext
from gestadmin.services.validation import register_rule
from gestadmin.settings import Settings, get_settings
from gestadmin.store.bank_confirmations import BankConfirmations
from gestadmin.store.db import make_engine

AT_RISK_DAYS = 10  # invoices listed "à risque" when at most this many days are left (or past due)


@dataclass
class InvoiceCheck:
    """Outcome of checking invoice registers together: report, counts per checklist point, invoices at risk."""

    report: Report
    per_check: dict[str, int] = field(default_factory=dict)
    at_risk: list[dict[str, object]] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready mapping (French keys)."""
        data = self.report.to_dict()
        data["controles"] = {c.label: self.per_check.get(c.key, 0) for c in CHECKLIST}
        data["factures_a_risque"] = self.at_risk
        return data


def sheet_of(data: RegisterData, key: str) -> SheetData | None:
    """The register's sheet with this layout key (None when absent)."""
    return data.sheets.get(key) or next((s for s in data.sheets.values() if s.layout.key == key), None)


def _source(data: RegisterData, sheet: SheetData) -> Source:
    labels = {c.field: c.header for c in sheet.layout.columns}
    return Source(data.path.name, sheet.sheet_name, dict(sheet.letters), labels)


Cells = frozenset[tuple[int, int, str]]


def build_frames(registers: Sequence[RegisterData]) -> tuple[InvoiceFrames, list[Source], Cells]:
    """Concatenate the Factures and Lignes de facture sheets of several registers (with `_src`, `_reg`)."""
    sources: list[Source] = []
    parts: dict[str, list[pd.DataFrame]] = {"invoices": [], "invoice_lines": []}
    unreadable: set[tuple[int, int, str]] = set()
    for reg, data in enumerate(registers):
        for key, frames in parts.items():
            sheet = sheet_of(data, key)
            if sheet is None:
                continue
            src = len(sources)
            sources.append(_source(data, sheet))
            frames.append(sheet.frame.assign(**{SRC: src, REG: reg}))
            unreadable |= _unreadable_cells(data.findings, sheet, src)
    invoices = _concat(parts["invoices"], registers[0] if registers else None, "invoices")
    lines = _concat(parts["invoice_lines"], registers[0] if registers else None, "invoice_lines")
    return InvoiceFrames(invoices, lines), sources, frozenset(unreadable)


def _concat(frames: list[pd.DataFrame], sample: RegisterData | None, key: str) -> pd.DataFrame:
    if frames:
        return pd.concat(frames, ignore_index=True)
    from gestadmin.io.layouts import INVOICE_REGISTER

    return pd.DataFrame(columns=[*INVOICE_REGISTER.sheet(key).fields, ROW, SRC, REG])


def _unreadable_cells(findings: Sequence[Finding], sheet: SheetData, src: int) -> set[tuple[int, int, str]]:
    fields = {letter: name for name, letter in sheet.letters.items()}
    return {
        (src, f.provenance.row, f.provenance.field or fields.get(f.provenance.column, ""))
        for f in findings
        if f.provenance.sheet == sheet.sheet_name and f.provenance.row is not None
    }


def build_directory(registers: Sequence[RegisterData], shared: RegisterData | None) -> tuple[Directory, list[Finding]]:
    """Directory from the shared file first, then each register's Tiers sheet; duplicate parties as findings."""
    frames = [(s.frame, d.path.name, s.sheet_name) for d in ([shared] if shared else []) + list(registers)
              if (s := sheet_of(d, "parties")) is not None]
    directory = Directory.from_frames(frames)
    letters = {(d.path.name, s.sheet_name): s.letters for d in ([shared] if shared else []) + list(registers)
               if (s := sheet_of(d, "parties")) is not None}
    findings = [
        make_finding("TIERS_EN_DOUBLE", _party_cell(dup.file, dup.sheet, dup.row, letters),
                     value=f"{dup.name} ({dup.ridet or 'sans RIDET'})", other=f"ligne {first.row}")
        for dup, first in duplicate_parties(directory.parties)
    ]
    return directory, findings


def _party_cell(file: str, sheet: str, row: int, letters: dict[tuple[str, str], dict[str, str]]) -> Provenance:
    return Provenance(file, sheet, row, letters.get((file, sheet), {}).get("name", ""), "name")


def build_budget(data: RegisterData) -> BudgetFrames:
    """Budget lines with `available` = appropriations - committed (non-cancelled commitments), and commitments.

    Computed from the inputs rather than read from the formula cells, so files saved without cached values
    (generated, or from LibreOffice without recalculation) give the same result.
    """
    lines_sheet, commitments_sheet = sheet_of(data, "budget_lines"), sheet_of(data, "commitments")
    commitments = commitments_sheet.frame if commitments_sheet is not None else pd.DataFrame(
        columns=["commitment_number", "party_name", "ridet", "budget_code", "amount", "status", ROW])
    lines = lines_sheet.frame.copy() if lines_sheet is not None else pd.DataFrame(columns=["budget_code"])
    active = budget_model.active_commitments(commitments)
    committed = active.groupby(budget_model.code_key(active["budget_code"]))["amount"].sum()
    taken = budget_model.code_key(lines["budget_code"]).map(committed).astype("Int64").fillna(0)
    lines["available"] = (budget_model.appropriations(lines) - taken).astype("Int64")
    return BudgetFrames(lines, commitments)


def confirmations_of(engine_url: str | None, settings: Settings) -> dict[tuple[str, str], tuple[str, str, str]]:
    """RIB confirmations recorded in the store, as the checklist wants them."""
    store = BankConfirmations(make_engine(engine_url or settings.database_url))
    return {(c.party_key, c.bank_key): (c.confirmed_by, c.confirmed_on.strftime("%d/%m/%Y"), c.method)
            for c in store.all()}


def check_registers(
    registers: Sequence[RegisterData], *, budget: RegisterData | None = None, directory: RegisterData | None = None,
    today: dt.date | None = None, settings: Settings | None = None,
    confirmations: dict[tuple[str, str], tuple[str, str, str]] | None = None, at_risk: bool = True,
) -> InvoiceCheck:
    """Run the whole checklist on registers already read (reader findings included in the report)."""
    settings = settings or get_settings()
    frames, sources, unreadable = build_frames(registers)
    party_directory, party_findings = build_directory(registers, directory)
    ctx = InvoiceContext(
        today=today or dt.date.today(), settings=settings, sources=sources, directory=party_directory,
        budget=build_budget(budget) if budget is not None else None, confirmations=confirmations or {},
        unreadable=unreadable,
    )
    results = run_checklist(frames, ctx)
    reader = [f for d in [*registers, *([directory] if directory else [])] for f in d.findings
              if d is not directory or f.provenance.sheet not in ("", "Factures", "Lignes de facture")]
    findings = reader + party_findings + [f for found in results.values() for f in found]
    report = Report(stats=_stats(registers, frames), findings=sort_findings(_unique(findings)))
    # information findings (a RIB change confirmed) are not anomalies: not counted per check
    per_check = {k: sum(f.severity is not Severity.INFO for f in v) for k, v in results.items()}
    return InvoiceCheck(report, per_check, _at_risk(frames, ctx) if at_risk else [],
                        [d.path for d in registers])


def check_files(
    paths: Sequence[Path], *, budget: Path | None = None, directory: Path | None = None,
    today: dt.date | None = None, settings: Settings | None = None, database_url: str | None = None,
) -> InvoiceCheck:
    """Read the registers (and the optional budget workbook and shared directory), then check them together."""
    settings = settings or get_settings()
    registers = [read_register(Path(p), kind="factures", settings=settings) for p in paths]
    budget_data = read_register(Path(budget), kind="budget", settings=settings) if budget else None
    directory_data = read_register(Path(directory), kind="factures", settings=settings) if directory else None
    return check_registers(registers, budget=budget_data, directory=directory_data, today=today, settings=settings,
                           confirmations=confirmations_of(database_url, settings))


def _stats(registers: Sequence[RegisterData], frames: InvoiceFrames) -> dict[str, object]:
    return {"fichiers": [d.path.name for d in registers], "factures": len(frames.invoices),
            "lignes": len(frames.lines)}


def _at_risk(frames: InvoiceFrames, ctx: InvoiceContext) -> list[dict[str, object]]:
    if frames.invoices.empty:
        return []
    table = deadline_table(frames, ctx)
    risky = table[table["left"] <= AT_RISK_DAYS].sort_values("left")
    columns = [SRC, ROW, "registration_number", "supplier_name"]
    joined = risky[["due", "left"]].join(frames.invoices[columns])  # one pass, no per-cell lookups
    return [
        {"fichier": ctx.sources[int(rec[SRC])].file, "ligne": int(rec[ROW]),
         "n_enregistrement": rec["registration_number"], "fournisseur": rec["supplier_name"],
         "echeance": rec["due"].strftime("%d/%m/%Y"), "jours_restants": int(rec["left"])}
        for rec in joined.to_dict("records")
    ]


def _unique(findings: Sequence[Finding]) -> list[Finding]:
    seen: set[tuple[str, object]] = set()
    kept = []
    for finding in findings:
        key = (finding.code, finding.provenance)
        if key not in seen:
            seen.add(key)
            kept.append(finding)
    return kept


def invoice_checklist_rule(data: RegisterData, settings: Settings) -> list[Finding]:
    """`gestadmin valider` on an invoice register also runs the checklist (its own Tiers sheet as directory,
    no budget workbook, today's date); reader findings are left to the validation service."""
    if sheet_of(data, "invoices") is None:
        return []  # a directory file (Tiers only) has no invoices to check
    result = check_registers([data], settings=settings, today=settings.today(), at_risk=False)
    own = {(f.code, f.provenance) for f in data.findings}
    return [f for f in result.report.findings if (f.code, f.provenance) not in own]


def demo_step(context: DemoContext) -> list[str]:
    """Demo: the 3 agents' registers checked together with the budget and the directory; one count per check."""
    files = sorted(p for name, p in context.files.items() if name.startswith("Registre_factures"))
    budget = next((p for name, p in context.files.items() if name.startswith("Budget")), None)
    directory = context.files.get("Repertoire_tiers.xlsx")
    url = f"sqlite:///{Path(context.output_dir) / 'gestadmin_demo.sqlite3'}"
    Path(context.output_dir).mkdir(parents=True, exist_ok=True)
    result = check_files(files, budget=budget, directory=directory, today=context.today, database_url=url)
    from gestadmin.services.invoice_report import annotate_copies, summary_lines

    copies, _notes = annotate_copies(result, files, Path(context.output_dir))
    counts = result.report.counts()
    return [f"{len(files)} registres, {result.report.stats['factures']} factures contrôlées ensemble",
            *summary_lines(result),
            f"{counts['erreur']} erreur(s), {counts['avertissement']} avertissement(s) ; "
            f"{len(copies)} copie(s) annotée(s) dans {context.output_dir}"]


register_rule("factures", invoice_checklist_rule)
STEPS.append(("Contrôle des factures fournisseurs", demo_step))
