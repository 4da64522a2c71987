"""Ribbon use cases: « Générer les courriers » on the selected rows, « Échéances à venir » on a Dossiers workbook.

The open workbook's values come in (Office.js payload); files are written server-side under
`settings.output_dir/courriers/` and handed back as links to the add-in's download route (signed links, see
services.download_links), plus a French summary. Nothing is written to the user's file here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gestadmin.findings import Report, Severity
from gestadmin.io.filing import safe_name
from gestadmin.io.layouts import register
from gestadmin.io.reader import RegisterData, read_frames
from gestadmin.model.letters import SPECS, LetterKind
from gestadmin.model.statuses import InvoiceStatus
from gestadmin.services.cases import Digest, digest_from_data, digest_text, digest_values
from gestadmin.services.download_links import LinkServer, download_link, hyperlink
from gestadmin.services.letters import LetterFile, generate_letters, invoice_findings
from gestadmin.settings import Settings, get_settings

SHEET_REGISTERS = {"Factures": "factures", "Factures émises": "recettes", "Dossiers": "dossiers"}
LINKS_SHEET = "Courriers générés"


@dataclass(slots=True)
class LettersResult:
    """Links table for a « Courriers générés » sheet and the alert text."""

    table: list[list[Any]] = field(default_factory=list)
    report: Report = field(default_factory=Report)
    files: list[LetterFile] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """French alert text: how many letters, then the first findings (errors first)."""
        head = f"{len(self.files)} courrier(s) préparé(s) : liens dans la feuille « {LINKS_SHEET} »."
        ordered = sorted(self.report.findings, key=lambda f: f.severity is not Severity.ERROR)
        return "\n".join([head, *(f.render() for f in ordered[:12])])


def register_sheets() -> list[str]:
    """Every sheet the letters may need (main sheets and their directories, lines, receipts, milestones)."""
    names = [s.sheet for kind in dict.fromkeys(SHEET_REGISTERS.values()) for s in register(kind).sheets]
    return list(dict.fromkeys(names))


def choose_kind(register_kind: str, record: dict[str, Any]) -> LetterKind:
    """The letter a row calls for: rejection for a rejected invoice, else a reminder; notice for issued invoices."""
    if register_kind == "factures":
        rejected = str(record.get("status") or "").strip() == InvoiceStatus.REJECTED.value
        return LetterKind.REJECTION if rejected else LetterKind.SUPPLIER_REMINDER
    if register_kind == "recettes":
        return LetterKind.PAYMENT_NOTICE
    return LetterKind.MEMO


def letters_for_selection(sheets: dict[str, list[list[Any]]], book_name: str, sheet_name: str, rows: Sequence[int],
                          settings: Settings | None = None, today: dt.date | None = None,
                          server: LinkServer | None = None) -> LettersResult:
    """One letter per selected row of the register sheet `sheet_name`, the kind chosen per row.

    `server`: the add-in's download route (links signed for the browser); None = plain links or paths.
    """
    settings = settings or get_settings()
    today = today or dt.date.today()
    kind = SHEET_REGISTERS.get(sheet_name)
    if kind is None:
        raise ValueError(f"Sélectionnez des lignes dans une des feuilles {', '.join(SHEET_REGISTERS)}.")
    data = read_frames(sheets, kind=kind, file_label=book_name, settings=settings)
    findings = invoice_findings(data, settings, today) if kind == "factures" else []
    by_kind = _group_rows(data, kind, rows)
    out_dir = settings.output_dir / "courriers" / safe_name(Path(book_name).stem)
    result = LettersResult(table=[["Ligne", "Courrier", "Référence", "Word", "PDF"]])
    for letter_kind, picked in by_kind.items():
        outcome = generate_letters(letter_kind, data, picked, out_dir, pdf=True, settings=settings, today=today,
                                   findings=findings)
        result.files += outcome.files
        result.report.findings += outcome.report.findings
    for letter in sorted(result.files, key=lambda f: f.row):
        result.table.append([letter.row, SPECS[letter.kind].title, letter.key,
                             _link(letter.docx, "Word", settings, server),
                             _link(letter.pdf, "PDF", settings, server) if letter.pdf else ""])
    return result


def _group_rows(data: RegisterData, kind: str, rows: Sequence[int]) -> dict[LetterKind, list[int]]:
    sheet = data.sheets.get(SPECS[choose_kind(kind, {})].sheet_key)
    records: dict[int, dict[str, Any]] = {}
    if sheet is not None:
        records = {int(r["_row"]): {str(k): v for k, v in r.items()} for r in sheet.frame.to_dict("records")}
    groups: dict[LetterKind, list[int]] = {}
    for row in rows:
        if row >= 2:  # the header row is never a letter
            groups.setdefault(choose_kind(kind, records.get(row, {})), []).append(row)
    return groups


def _link(path: Path, label: str, settings: Settings, server: LinkServer | None) -> str:
    return hyperlink(download_link(path, settings, server), label)


@dataclass(slots=True)
class DigestResult:
    """Rows for the « Échéances à venir » sheet and the alert text."""

    values: list[list[Any]]
    text: str
    digest: Digest


def digest_for_workbook(sheets: dict[str, list[list[Any]]], book_name: str, settings: Settings | None = None,
                        today: dt.date | None = None) -> DigestResult:
    """« Échéances à venir » on the open Dossiers workbook."""
    settings = settings or get_settings()
    data = read_frames(sheets, kind="dossiers", file_label=book_name, settings=settings)
    digest = digest_from_data(data, today or dt.date.today(), settings.letters.digest_days)
    return DigestResult(digest_values(digest), digest_text(digest), digest)
