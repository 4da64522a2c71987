"""« Valider la feuille »: validate the open workbook's values and plan what to write back into it.

The ribbon script sends the register sheets' values (Office.js payload); this service reads them with the
reader's in-memory entry point, runs the same validation as the CLI, and returns a `Feedback`: cells to
highlight (with their note), rows of the « Anomalies » sheet and the French summary for the alert. The
script then only writes (Office.js writes are queued: read -> compute -> write).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from gestadmin.findings import Finding, Report, Severity, UnreadableInputError
from gestadmin.io.annotate import ANOMALIES_SHEET
from gestadmin.io.layouts import register as register_layout
from gestadmin.settings import Settings, get_settings

REGISTER_KINDS = ("factures", "budget", "recettes", "dossiers")
ANOMALY_HEADERS = ["Gravité", "Code", "Feuille", "Cellule", "Champ", "Message"]
FILL = {Severity.ERROR: "#FFC7CE", Severity.WARNING: "#FFD8A8", Severity.INFO: "#DDEBF7"}
RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
MAX_NOTE_LINES = 10
Values = Mapping[str, Sequence[Sequence[object]]]


def register_sheet_names() -> list[str]:
    """Sheets the validation reads (the `include=` of the script): those of the four registers' layouts."""
    names = [s.sheet for kind in REGISTER_KINDS for s in register_layout(kind).sheets]
    return list(dict.fromkeys(names))


@dataclass(frozen=True, slots=True)
class CellMark:
    """One cell to highlight, with the note listing its findings."""

    sheet: str
    address: str  # A1 style, e.g. "F12"
    color: str
    note: str


@dataclass(slots=True)
class Feedback:
    """Everything the script writes back."""

    marks: list[CellMark] = field(default_factory=list)
    anomalies: list[list[object]] = field(default_factory=list)  # header row first
    summary: str = ""
    errors: int = 0
    warnings: int = 0


def validate_values(values: Values, book_name: str, settings: Settings | None = None) -> Report:
    """Read the sheets' values as a register (kind detected from the sheets) and validate it."""
    from gestadmin.io.reader import read_frames
    from gestadmin.services.validation import validate_register

    settings = settings or get_settings()
    data = read_frames({name: [list(r) for r in rows] for name, rows in values.items()},
                       file_label=book_name, settings=settings)
    return validate_register(data, settings)


def feedback(report: Report, sheets: Iterable[str], book_name: str) -> Feedback:
    """Highlights and notes for the cells of `sheets`, the Anomalies table, the French summary."""
    present = set(sheets)
    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in report.findings:
        where = finding.provenance
        if where.sheet in present and where.row and where.column:
            by_cell[(where.sheet or "", f"{where.column}{where.row}")].append(finding)
    marks = [_mark(sheet, address, found) for (sheet, address), found in by_cell.items()]
    errors, warnings = len(report.errors), len(report.warnings)
    rows: list[list[object]] = [list(ANOMALY_HEADERS), *(_anomaly_row(f) for f in report.findings)]
    return Feedback(marks, rows, summary_text(book_name, errors, warnings), errors, warnings)


def _mark(sheet: str, address: str, found: list[Finding]) -> CellMark:
    worst = min((f.severity for f in found), key=lambda s: RANK.get(s, 3))
    lines = [f"{f.code} : {f.message}" for f in found[:MAX_NOTE_LINES]]
    if len(found) > MAX_NOTE_LINES:
        lines.append(f"… et {len(found) - MAX_NOTE_LINES} autre(s) (feuille « {ANOMALIES_SHEET} »)")
    return CellMark(sheet, address, FILL.get(worst, FILL[Severity.INFO]), "\n".join(lines))


def _anomaly_row(finding: Finding) -> list[object]:
    where = finding.provenance
    cell = f"{where.column}{where.row}" if where.column and where.row else (str(where.row) if where.row else "")
    severity = str(finding.severity).capitalize()
    return [severity, finding.code, where.sheet or "", cell, where.field or "", finding.message]


def summary_text(book_name: str, errors: int, warnings: int) -> str:
    """The alert: counts in French, or the all-clear."""
    if not errors and not warnings:
        return f"Validation de « {book_name} » : aucune anomalie, le registre est conforme."
    parts = [_plural(n, word) for n, word in ((errors, "erreur"), (warnings, "avertissement")) if n]
    return (f"Validation de « {book_name} » : {' et '.join(parts)}. Les cellules concernées sont surlignées et "
            f"commentées ; la liste complète est dans la feuille « {ANOMALIES_SHEET} ».")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


def unreadable_text(error: UnreadableInputError) -> str:
    """French message of a workbook that cannot be read as a register at all."""
    return error.finding.message
