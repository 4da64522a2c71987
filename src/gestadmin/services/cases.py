"""Administrative files: the register checks and the weekly digest of what falls due, by owner.

`build_digest` reads a file with `io.reader.read_register`; the add-in reads the Office.js payload with
`io.reader.read_frames` and calls `digest_from_data`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from gestadmin.dates import format_date, format_date_long
from gestadmin.findings import Report, sort_findings
from gestadmin.io.atomic import atomic_write_text
from gestadmin.io.export import write_xlsx_tables
from gestadmin.io.reader import RegisterData, read_register
from gestadmin.model.cases import CASES, MILESTONES, DueItem, by_owner, due_items
from gestadmin.model.export_mapping import ExportColumn, ExportFormat, ExportMapping, ExportOptions
from gestadmin.rules.cases import CaseFrames, run_case_rules
from gestadmin.rules.common import SheetRef
from gestadmin.settings import Settings, get_settings

DIGEST_SHEET = "Échéances à venir"
SOURCE_LABELS = {CASES: "Dossier", MILESTONES: "Jalon"}


@dataclass(slots=True)
class Digest:
    """What falls due in the next `days` days (and what is late), plus the register's findings."""

    file: str
    today: dt.date
    days: int
    items: list[DueItem]
    report: Report = field(default_factory=Report)
    sheet_names: dict[str, str] = field(default_factory=dict)

    @property
    def overdue(self) -> list[DueItem]:
        """Items whose deadline is past."""
        return [i for i in self.items if i.overdue]

    @property
    def due_soon(self) -> list[DueItem]:
        """Items due from today to the end of the horizon."""
        return [i for i in self.items if not i.overdue]


def case_frames(data: RegisterData) -> CaseFrames:
    """The Dossiers / Jalons frames of a RegisterData with their provenance."""
    refs = {}
    frames = {}
    for key in (CASES, MILESTONES):
        sheet = data.sheets.get(key)
        frames[key] = sheet.frame if sheet is not None else pd.DataFrame(columns=["_row"])
        labels = {c.field: c.header for c in sheet.layout.columns} if sheet is not None else {}
        refs[key] = SheetRef(Path(str(data.path)).name, sheet.sheet_name if sheet is not None else key,
                             dict(sheet.letters) if sheet is not None else {}, labels)
    return CaseFrames(frames[CASES], frames[MILESTONES], refs[CASES], refs[MILESTONES])


def digest_from_data(data: RegisterData, today: dt.date, days: int) -> Digest:
    """Digest and checks of an already-read Dossiers register."""
    frames = case_frames(data)
    findings = list(data.findings) + run_case_rules(frames, today)
    report = Report(stats={}, findings=sort_findings(findings))
    items = due_items(frames.cases, frames.milestones, today, days)
    names = {CASES: frames.cases_ref.sheet, MILESTONES: frames.milestones_ref.sheet}
    digest = Digest(frames.cases_ref.file, today, days, items, report, names)
    report.stats = {"en_retard": len(digest.overdue), "a_echeance": len(digest.due_soon), "horizon_jours": days}
    return digest


def build_digest(path: Path, today: dt.date | None = None, days: int | None = None,
                 settings: Settings | None = None) -> Digest:
    """Read a Dossiers workbook and build its digest (UnreadableInputError when it cannot be read)."""
    settings = settings or get_settings()
    data = read_register(Path(path), kind="dossiers", settings=settings)
    return digest_from_data(data, today or dt.date.today(), settings.letters.digest_days if days is None else days)


def _state(item: DueItem) -> str:
    if item.overdue:
        return f"EN RETARD de {-item.days_left} j"
    return "aujourd'hui" if item.days_left == 0 else f"dans {item.days_left} j"


def digest_records(digest: Digest) -> list[dict[str, Any]]:
    """One French-keyed record per item, in owner order (JSON, xlsx, ribbon sheet)."""
    return [{"responsable": owner, "echeance": item.due, "etat": _state(item), "jours": item.days_left,
             "type": SOURCE_LABELS[item.source], "reference": item.reference, "objet": item.label,
             "action": item.action, "feuille": digest.sheet_names.get(item.source, item.source), "ligne": item.row}
            for owner, items in by_owner(digest.items).items() for item in items]


def digest_text(digest: Digest) -> str:
    """French plain text of the digest, by owner."""
    end = digest.today + dt.timedelta(days=digest.days)
    lines = [f"Échéances du {format_date_long(digest.today)} au {format_date_long(end)} ({digest.days} jours) – "
             f"{digest.file}",
             f"{len(digest.overdue)} en retard, {len(digest.due_soon)} à échéance."]
    for owner, items in by_owner(digest.items).items():
        lines += ["", owner]
        lines += [f"  {format_date(i.due)} ({_state(i)}) {SOURCE_LABELS[i.source]} {i.reference} – {i.label}"
                  + (f" : {i.action}" if i.action and i.action != i.label else "") for i in items]
    if not digest.items:
        lines.append("Rien n'arrive à échéance sur la période.")
    return "\n".join(lines)


_COLUMNS = (("responsable", "Responsable", ExportFormat.TEXT), ("echeance", "Échéance", ExportFormat.DATE),
            ("etat", "État", ExportFormat.TEXT), ("type", "Type", ExportFormat.TEXT),
            ("reference", "Dossier / projet", ExportFormat.ID), ("objet", "Objet / jalon", ExportFormat.TEXT),
            ("action", "Prochaine action", ExportFormat.TEXT), ("feuille", "Feuille", ExportFormat.TEXT),
            ("ligne", "Ligne", ExportFormat.INT))
DIGEST_HEADERS = [header for _, header, _ in _COLUMNS]


def digest_values(digest: Digest) -> list[list[Any]]:
    """Header + rows for a worksheet (dates as dates, the add-in writes them as they are)."""
    return [DIGEST_HEADERS] + [[r[name] for name, _, _ in _COLUMNS] for r in digest_records(digest)]


def write_digest(digest: Digest, out_dir: Path) -> tuple[Path, Path]:
    """Write `Echeances_<date>.txt` and `.xlsx` into `out_dir` (atomic); returns both paths."""
    stem = f"Echeances_{digest.today.isoformat()}"
    text_path = atomic_write_text(out_dir / f"{stem}.txt", digest_text(digest) + "\n")
    mapping = ExportMapping(export=ExportOptions(nom=DIGEST_SHEET),
                            colonnes=[ExportColumn(champ=n, entete=h, format=f) for n, h, f in _COLUMNS])
    frame = pd.DataFrame(digest_records(digest), columns=[n for n, _, _ in _COLUMNS])
    xlsx_path = out_dir / f"{stem}.xlsx"
    write_xlsx_tables(xlsx_path, [(DIGEST_SHEET, frame, mapping)])
    return text_path, xlsx_path
