"""Budget use cases: situation (tables, checks, Situation sheet in a copy) and cross-register coherence.

Commitment control lives in services/budget_commit.py, loading in services/budget_load.py, the demo step
in services/budget_demo.py. The checks of the workbook itself (lines, transfers, commitments, mandats,
contracts, thresholds) are also the `budget` rule set of `gestadmin valider` / « Valider la feuille ».
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from gestadmin.findings import Finding, Report
from gestadmin.io.reader import RegisterData
from gestadmin.io.situation import write_situation
from gestadmin.messages import make_finding
from gestadmin.model.budget_book import BudgetBook
from gestadmin.model.budget_situation import Situation, build_situation
from gestadmin.rules.budget import check_budget
from gestadmin.rules.budget_coherence import check_coherence
from gestadmin.rules.budget_contracts import check_contracts, check_thresholds
from gestadmin.services.budget_load import Registers, book_from_register, load_budget, load_registers, read_registers
from gestadmin.services.validation import register_rule
from gestadmin.settings import Settings


@dataclass(slots=True)
class SituationOutcome:
    """The computed situation, every finding, and the copy written (if any)."""

    situation: Situation
    report: Report
    workbook: Path | None = None
    registers: list[str] = field(default_factory=list)


def situation_path(path: Path, output_dir: Path) -> Path:
    """`Budget_2026.xlsx` -> `<output>/Budget_2026_situation.xlsx` (never the source itself)."""
    return output_dir / f"{path.stem}_situation{path.suffix}"


def budget_findings(book: BudgetBook, invoices: pd.DataFrame, settings: Settings, today: dt.date) -> list[Finding]:
    """Checks of the budget workbook, its contracts and the procurement thresholds."""
    figures = book.figures()
    return (check_budget(book, figures, settings.budget.commitment_rate_alert)
            + check_contracts(book, invoices, today, settings.procurement)
            + check_thresholds(book, settings.procurement))


def budget_rule(data: RegisterData, settings: Settings) -> list[Finding]:
    """Rule set `budget` of the validation service: the workbook's own checks (coherence needs the registers:
    `gestadmin budget coherence`)."""
    book = book_from_register(data, settings, settings.today())
    return budget_findings(book, pd.DataFrame(columns=["_row"]), settings, settings.today())


register_rule("budget", budget_rule)


def _registers(path: Path, folder: Path | None, settings: Settings, files: Sequence[Path] = ()) -> Registers:
    """The registers of `folder`, or the given register files (the demo names its issued revenue register)."""
    if folder is None and not files:
        return Registers()
    if folder is None:
        registers = read_registers([(f, f.name) for f in files], settings, exclude=path)
    else:
        registers = load_registers(folder, settings, exclude=path)
    if not registers.files:
        registers.findings.append(make_finding("COHERENCE_REGISTRES_ABSENTS", folder=str(folder or files[0].parent)))
    return registers


def situation(path: Path, settings: Settings, *, registers_dir: Path | None = None, output_dir: Path | None = None,
              write: bool = True, today: dt.date | None = None,
              register_files: Sequence[Path] = ()) -> SituationOutcome:
    """Compute the situation of a budget workbook, check it (and its coherence with the registers of
    `registers_dir`, or with `register_files`), and write the Situation sheet into a copy in `output_dir`."""
    day = today or dt.date.today()
    book, findings = load_budget(path, settings, day)
    registers = _registers(path, registers_dir, settings, register_files)
    findings += registers.findings + budget_findings(book, registers.invoices.frame, settings, day)
    if registers.files:
        findings += check_coherence(book, registers.invoices, registers.titles)
    result = build_situation(book, registers.titles.frame, registers.invoices.frame, day)
    report = Report(findings=findings, stats=_stats(result, registers))
    target = None
    if write:
        target = write_situation(path, situation_path(path, output_dir or settings.output_dir), result,
                                 settings.budget.commitment_rate_alert)
    return SituationOutcome(result, report, target, registers.files)


def coherence(path: Path, registers_dir: Path, settings: Settings, *, today: dt.date | None = None) -> Report:
    """Only the cross-register checks (and what the reader reported on the files)."""
    book, findings = load_budget(path, settings, today)
    registers = _registers(path, registers_dir, settings)
    findings += registers.findings
    if registers.files:
        findings += check_coherence(book, registers.invoices, registers.titles)
    return Report(findings=findings, stats={"registres": registers.files,
                                            "factures": len(registers.invoices.frame)})


_AMOUNT_KEYS = ("appropriations", "committed", "mandated", "paid", "available", "carry_forward")


def _stats(result: Situation, registers: Registers) -> dict[str, object]:
    total = {k: (None if v is None else int(v)) for k, v in result.total.items() if k in _AMOUNT_KEYS}
    return {"exercice": result.fiscal_year, "lignes": len(result.lines), "chapitres": len(result.chapters),
            "credits_ouverts": total["appropriations"], "engage": total["committed"], "mandate": total["mandated"],
            "paye": total["paid"], "disponible": total["available"], "restes_a_realiser": total["carry_forward"],
            "registres": registers.files}
