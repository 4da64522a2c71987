"""`gestadmin classer`: file supporting documents under <root>/<exercice>/<registre>/<numéro>/ and record them.

Each document is matched to a register row by a register number found in its file name (or the number given
with --numero). Content hashes make a re-run harmless: what is already filed is reported, not copied again.
The register gets a « Pièces classées » sheet (copy in --sortie, or backup then atomic replace).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gestadmin.findings import Provenance, Report, sort_findings
from gestadmin.io.filing import Filed, FilingIndex, file_document, record_filings, safe_name
from gestadmin.io.reader import read_register
from gestadmin.messages import make_finding
from gestadmin.model.letter_context import plain
from gestadmin.services.letter_rows import Record, frame_of, records_of, sheet_ref
from gestadmin.settings import Settings, get_settings

UNKNOWN_YEAR = "Exercice inconnu"


@dataclass(frozen=True, slots=True)
class FilingPlan:
    """Per register kind: folder name, main sheet, number fields (first names the folder), year fields."""

    folder: str
    sheet_key: str
    numbers: tuple[str, ...]
    years: tuple[str, ...]


PLANS = {
    "factures": FilingPlan("Factures fournisseurs", "invoices", ("registration_number", "invoice_number"),
                           ("received_date", "invoice_date")),
    "recettes": FilingPlan("Factures émises", "revenue_invoices", ("invoice_number", "draft_ref"),
                           ("fiscal_year", "issue_date")),
    "dossiers": FilingPlan("Dossiers administratifs", "cases", ("case_number",), ("opened_on",)),
}


@dataclass(slots=True)
class FilingOutcome:
    """Documents filed (or found already filed), findings, and the register file written."""

    filed: list[Filed] = field(default_factory=list)
    report: Report = field(default_factory=Report)
    register: Path | None = None
    backup: Path | None = None


def match_key(text: Any) -> str:
    """Comparison form: accents dropped, case folded, every run of other characters becomes one `-`."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", str(text)) if not unicodedata.combining(c))
    return "-" + re.sub(r"[^0-9a-z]+", "-", bare.casefold()).strip("-") + "-"


def find_row(name: str, rows: Sequence[Record], plan: FilingPlan) -> tuple[list[Record], str]:
    """Rows whose number appears in `name` as a whole token run; the longest number wins ties."""
    probe = match_key(Path(name).stem)
    hits: dict[int, tuple[int, Record]] = {}
    for record in rows:
        for number in (plain(record.get(f)) for f in plan.numbers):
            key = match_key(number) if number is not None else "--"
            if key != "--" and key in probe:
                best = hits.get(int(record["_row"]), (0, record))[0]
                hits[int(record["_row"])] = (max(best, len(key)), record)
    if not hits:
        return [], ""
    longest = max(length for length, _ in hits.values())
    chosen = [record for length, record in hits.values() if length == longest]
    return chosen, ", ".join(str(plain(r.get(plan.numbers[0]))) for r in chosen)


def fiscal_year(record: Record, plan: FilingPlan) -> str | None:
    """Year of the row: an Exercice cell, else the year of its first known date."""
    for name in plan.years:
        value = plain(record.get(name))
        if isinstance(value, dt.date):
            return str(value.year)
        if isinstance(value, int) and 1900 < value < 3000:
            return str(value)
    return None


def file_documents(sources: Sequence[Path], register: Path, *, kind: str | None = None, root: Path | None = None,
                   number: str | None = None, out_dir: Path | None = None, settings: Settings | None = None,
                   today: dt.date | None = None) -> FilingOutcome:
    """File every source document; returns what was done and why some were not."""
    settings = settings or get_settings()
    data = read_register(Path(register), kind=kind, settings=settings)
    plan = PLANS[data.layout.kind]
    ref = sheet_ref(data, plan.sheet_key)
    rows = records_of(frame_of(data, plan.sheet_key))
    root = root or settings.filing.root
    index, outcome, records = FilingIndex(root), FilingOutcome(), []
    forced = _forced_row(number, rows, plan, ref, outcome)
    for source in sources:
        record = forced if number is not None else _match(source, rows, plan, outcome)
        if record is None or not source.is_file():
            if record is not None:
                outcome.report.findings.append(make_finding("CLASSEMENT_PIECE_INTROUVABLE", path=source))
            continue
        filed = _file_one(source, record, plan, root, index, ref, settings, outcome)
        if filed.status != "deja_classe":
            records.append((plain(record.get(plan.numbers[0])), source.name, str(filed.target.resolve()),
                            filed.digest, today or dt.date.today()))
    if outcome.filed:
        index.save()
    if records:
        outcome.register, outcome.backup = record_filings(Path(register), records, out_dir)
    outcome.report.findings = sort_findings(outcome.report.findings)
    outcome.report.stats = {s: sum(1 for f in outcome.filed if f.status == s)
                            for s in ("classe", "renomme", "deja_classe")}
    return outcome


def _forced_row(number: str | None, rows: Sequence[Record], plan: FilingPlan, ref: Any,
                outcome: FilingOutcome) -> Record | None:
    if number is None:
        return None
    wanted = match_key(number)
    found = next((r for r in rows for f in plan.numbers if match_key(plain(r.get(f)) or "") == wanted), None)
    if found is None:
        outcome.report.findings.append(make_finding("CLASSEMENT_NUMERO_INCONNU", Provenance(file=ref.file),
                                                    number=number))
    return found


def _match(source: Path, rows: Sequence[Record], plan: FilingPlan, outcome: FilingOutcome) -> Record | None:
    chosen, numbers = find_row(source.name, rows, plan)
    if len(chosen) == 1:
        return chosen[0]
    code = "CLASSEMENT_AMBIGU" if chosen else "CLASSEMENT_SANS_NUMERO"
    outcome.report.findings.append(make_finding(code, Provenance(file=source.name), name=source.name,
                                                numbers=numbers))
    return None


def _file_one(source: Path, record: Record, plan: FilingPlan, root: Path, index: FilingIndex, ref: Any,
              settings: Settings, outcome: FilingOutcome) -> Filed:
    row, number = int(record["_row"]), str(plain(record.get(plan.numbers[0])) or "sans numéro")
    where = ref.at(plan.numbers[0], row)
    year = fiscal_year(record, plan)
    if year is None:
        outcome.report.findings.append(make_finding("CLASSEMENT_EXERCICE_INCONNU", where, number=number,
                                                    folder=UNKNOWN_YEAR))
    limit = settings.filing.max_name_length
    folder = root / (year or UNKNOWN_YEAR) / plan.folder / safe_name(number, limit)
    filed = file_document(source, folder, index, max_length=limit)
    outcome.filed.append(filed)
    code = {"classe": "CLASSEMENT_FAIT", "renomme": "CLASSEMENT_RENOMME", "deja_classe": "CLASSEMENT_DEJA_FAIT"}
    outcome.report.findings.append(make_finding(code[filed.status], where, name=source.name, path=filed.target))
    return filed

