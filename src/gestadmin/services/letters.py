"""Letters from register rows: one Word letter per selected row (+ its PDF where LibreOffice is available).

`generate_from_file` reads the register with `io.reader.read_register`; for supplier reminders / rejections it
runs the invoice checklist of services.invoices on the same register. `generate_letters` works on a register
already read and takes those findings as an argument.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gestadmin.findings import Finding, Report, sort_findings
from gestadmin.io.filing import safe_name
from gestadmin.io.letters import render_letter, template_path, write_templates
from gestadmin.io.pdf_convert import convert_to_pdf, find_soffice
from gestadmin.io.reader import RegisterData, read_register
from gestadmin.messages import make_finding
from gestadmin.model.letter_context import Context, base_context, plain
from gestadmin.model.letters import SPECS, LetterKind, LetterSpec
from gestadmin.services.invoices import check_registers
from gestadmin.services.letter_rows import RowSource, build_context
from gestadmin.settings import Settings, get_settings


def invoice_findings(data: RegisterData, settings: Settings, today: dt.date) -> list[Finding]:
    """Findings of the supplier-invoice checklist on this register (its own Tiers sheet as directory)."""
    return list(check_registers([data], today=today, settings=settings).report.findings)


@dataclass(frozen=True, slots=True)
class LetterFile:
    """One generated letter."""

    kind: LetterKind
    row: int
    key: str
    docx: Path
    pdf: Path | None = None


@dataclass(slots=True)
class LettersOutcome:
    """Letters written and every finding (skipped rows, missing data, PDF problems)."""

    files: list[LetterFile] = field(default_factory=list)
    report: Report = field(default_factory=Report)


def templates_folder(settings: Settings) -> Path:
    """Where the Word templates are (generated on first use when the folder is empty)."""
    folder = settings.letters.templates_dir
    if not any(template_path(folder, kind).is_file() for kind in LetterKind):
        write_templates(folder)
    return folder


def regenerate_templates(folder: Path | None = None, settings: Settings | None = None) -> list[Path]:
    """`gestadmin courriers modeles`: rewrite every letter template."""
    settings = settings or get_settings()
    return write_templates(folder or settings.letters.templates_dir)


def generate_from_file(kind: LetterKind, path: Path, rows: Sequence[int] | None, out_dir: Path, *, pdf: bool = False,
                       settings: Settings | None = None, today: dt.date | None = None) -> LettersOutcome:
    """Read the register the letter kind needs, then generate the letters."""
    settings = settings or get_settings()
    spec = SPECS[kind]
    data = read_register(Path(path), kind=spec.register, settings=settings)
    today = today or dt.date.today()
    extra = invoice_findings(data, settings, today) if spec.register == "factures" else []
    return generate_letters(kind, data, rows, out_dir, pdf=pdf, settings=settings, today=today, findings=extra)


def generate_letters(kind: LetterKind, data: Any, rows: Sequence[int] | None, out_dir: Path, *, pdf: bool = False,
                     settings: Settings | None = None, today: dt.date | None = None,
                     findings: Sequence[Finding] = ()) -> LettersOutcome:
    """One letter per selected physical row (all rows when `rows` is None) of the register already read."""
    settings = settings or get_settings()
    today = today or dt.date.today()
    spec = SPECS[kind]
    outcome = LettersOutcome()
    source = RowSource(data, spec, findings, today, settings)
    template = template_path(templates_folder(settings), kind)
    for row in (rows if rows is not None else source.all_rows()):
        context, problems = build_context(source, row, explicit=rows is not None)
        outcome.report.findings.extend(problems)
        if context is not None:
            outcome.files.append(_write(spec, source, row, context, template, out_dir, settings, today))
    if pdf:
        _add_pdfs(outcome, out_dir / "pdf", settings)
    outcome.report.findings = sort_findings(outcome.report.findings)
    outcome.report.stats = {"courriers": len(outcome.files), "pdf": sum(1 for f in outcome.files if f.pdf)}
    return outcome


def _write(spec: LetterSpec, source: RowSource, row: int, context: Context, template: Path, out_dir: Path,
           settings: Settings, today: dt.date) -> LetterFile:
    key = str(plain(source.row(row).get(spec.key_field)) or f"ligne {row}")
    full = base_context(settings.issuer, today, key) | context
    target = out_dir / safe_name(f"{spec.file_prefix}_{key}.docx", settings.filing.max_name_length)
    render_letter(template, full, target)  # a template problem raises: the whole batch stops, in French
    return LetterFile(spec.kind, row, key, target)


def _add_pdfs(outcome: LettersOutcome, pdf_dir: Path, settings: Settings) -> None:
    if not outcome.files:
        return
    if find_soffice() is None:
        outcome.report.findings.append(make_finding("PDF_INDISPONIBLE"))
        return
    result = convert_to_pdf([f.docx for f in outcome.files], pdf_dir, settings.letters.pdf_timeout_seconds)
    for index, letter in enumerate(outcome.files):
        if letter.docx in result.pdfs:
            outcome.files[index] = LetterFile(letter.kind, letter.row, letter.key, letter.docx,
                                              result.pdfs[letter.docx])
        else:
            outcome.report.findings.append(make_finding("PDF_ECHEC", file=letter.docx.name,
                                                        detail=result.failures.get(letter.docx, "?")))


