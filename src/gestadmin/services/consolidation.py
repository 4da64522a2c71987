"""`gestadmin consolider`: read every register of a folder tree, validate, deduplicate, write one workbook.

Incremental: a file whose content hash is in the store's cache is not re-read (its typed frames come from
the cache); validation and deduplication always run on everything, so the result equals a full run.
Idempotent: files are taken in path order and the output holds no timestamp.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import pandas as pd
from sqlalchemy import Engine

from gestadmin.findings import Finding, Provenance, Report, UnreadableInputError, sort_findings
from gestadmin.io.discover import FoundFile, content_hash, discover
from gestadmin.io.export import mapping_from_layout, write_xlsx_tables
from gestadmin.io.layouts import REGISTERS, RegisterLayout, SheetLayout
from gestadmin.io.reader import RegisterData, read_register
from gestadmin.messages import make_finding
from gestadmin.model.consolidation import (
    find_duplicates,
    monthly_summary,
    normalize_key_text,
    party_key,
    row_fingerprint,
)
from gestadmin.model.export_mapping import ExportColumn, ExportFormat, ExportMapping, ExportOptions
from gestadmin.settings import Settings
from gestadmin.store.file_cache import FileCache

SOURCE_EXTRA = (
    ("_service", "Service", ExportFormat.TEXT),
    ("_fichier", "Fichier source", ExportFormat.TEXT),
    ("_feuille", "Feuille source", ExportFormat.TEXT),
    ("_ligne", "Ligne source", ExportFormat.INT),
)
# Date and amount that place a row in the per-service monthly summary, per sheet key.
SUMMARY_FIELDS = {
    "invoices": ("received_date", "gross_amount"),
    "revenue_invoices": ("issue_date", "gross_total"),
    "commitments": ("commitment_date", "amount"),
    "payment_orders": ("order_date", "amount"),
}
Progress = Callable[[str], None]


@dataclass
class Consolidation:
    """What a consolidation produced."""

    report: Report
    tables: dict[tuple[str, str], pd.DataFrame] = field(default_factory=dict)  # (kind, sheet key) -> rows
    summary: pd.DataFrame = field(default_factory=pd.DataFrame)
    files_read: int = 0
    files_cached: int = 0
    output: Path | None = None


def _duplicate_key(sheet: SheetLayout, frame: pd.DataFrame) -> pd.Series | None:
    if sheet.key == "invoices":
        return party_key(frame) + "|" + frame["invoice_number"].map(normalize_key_text)
    if sheet.key in ("parties", "customers"):
        return frame["ridet"].map(normalize_key_text)
    if sheet.key_field and sheet.key_field in frame:
        return frame[sheet.key_field].map(normalize_key_text)
    return None


def _read(found: FoundFile, kind: str | None, cache: FileCache | None, settings: Settings) -> tuple[RegisterData, bool]:
    digest = content_hash(found.path)
    if cache is not None:
        cached = cache.get(digest, variant=kind or "")
        if isinstance(cached, RegisterData):
            return cached, True
    data = read_register(found.path, kind=kind, settings=settings)
    if cache is not None:
        cache.put(digest, data, label=found.relative, variant=kind or "")
    return data, False


def _validate(data: RegisterData, settings: Settings) -> list[Finding]:
    from gestadmin.services.validation import validate_register

    return list(validate_register(data, settings).findings)


def _tag(frame: pd.DataFrame, found: FoundFile, sheet_name: str) -> pd.DataFrame:
    return frame.assign(
        _service=found.service, _fichier=found.relative, _feuille=sheet_name, _ligne=frame["_row"].astype("Int64")
    )


def _dedupe(sheet: SheetLayout, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Finding]]:
    key = _duplicate_key(sheet, frame)
    if key is None or frame.empty:
        return frame, []
    inputs = [c.field for c in sheet.columns if not c.is_formula]
    pairs = find_duplicates(frame, key, row_fingerprint(frame, inputs))
    findings: list[Finding] = []
    drop: list[int] = []
    for pair in pairs:
        kept, other = frame.loc[pair.kept], frame.loc[pair.other]
        where = f"{kept['_fichier']} › {kept['_feuille']}!ligne {kept['_ligne']}"
        prov = Provenance(
            str(other["_fichier"]), str(other["_feuille"]), int(cast(int, other["_ligne"])), "", sheet.key_field or ""
        )
        if pair.kind == "ligne":
            drop.append(pair.other)
            findings.append(make_finding("DOUBLON_LIGNE", prov, other=where))
        else:
            number = other.get("invoice_number", other.get(sheet.key_field or "", ""))
            findings.append(make_finding("DOUBLON_FACTURE", prov, other=where, number=number))
    return frame.drop(index=drop), findings


def consolidate(
    folder: Path,
    settings: Settings,
    kind: str | None = None,
    engine: Engine | None = None,
    progress: Progress | None = None,
) -> Consolidation:
    """Read, validate and deduplicate every register under `folder` (optionally of one kind)."""
    files, locks = discover(folder)
    report = Report(stats={"dossier": str(folder)})
    for lock in locks:
        prov = Provenance(file=lock.path.relative_to(folder).as_posix())
        report.findings.append(make_finding("FICHIER_VERROUILLE", prov, name=lock.target, owner=lock.owner))
    cache = FileCache(engine) if engine is not None else None
    parts: dict[tuple[str, str], list[pd.DataFrame]] = {}
    layouts: dict[str, RegisterLayout] = {r.kind: r for r in REGISTERS}
    result = Consolidation(report=report)
    for found in files:
        if progress:
            progress(found.relative)
        try:
            data, cached = _read(found, kind, cache, settings)
        except UnreadableInputError as exc:
            finding = exc.finding
            report.findings.append(
                Finding(finding.code, finding.message, Provenance(file=found.relative), finding.severity)
            )
            continue
        result.files_cached += cached
        result.files_read += not cached
        if kind is not None and data.layout.kind != kind:
            continue
        report.findings.extend(_relabel(f, found) for f in [*data.findings, *_validate(data, settings)])
        for key, sheet in data.sheets.items():
            parts.setdefault((data.layout.kind, key), []).append(_tag(sheet.frame, found, sheet.sheet_name))
    if not parts:
        report.findings.append(make_finding("CONSOLIDATION_VIDE", Provenance(), folder=str(folder)))
    summaries = []
    for (register_kind, key), frames in sorted(parts.items()):
        sheet_layout = layouts[register_kind].sheet(key)
        frame = pd.concat(frames, ignore_index=True)
        frame, findings = _dedupe(sheet_layout, frame)
        report.findings.extend(findings)
        result.tables[(register_kind, key)] = frame.reset_index(drop=True)
        if key in SUMMARY_FIELDS:
            date_field, amount_field = SUMMARY_FIELDS[key]
            summary = monthly_summary(frame, date_field, amount_field)
            summaries.append(summary.assign(registre=sheet_layout.sheet))
    result.summary = (
        pd.concat(summaries, ignore_index=True)[["registre", "service", "mois", "lignes", "montant"]]
        if summaries else pd.DataFrame(columns=["registre", "service", "mois", "lignes", "montant"])
    )
    report.findings = sort_findings(report.findings)
    report.stats.update(
        fichiers=len(files), fichiers_lus=result.files_read, fichiers_en_cache=result.files_cached,
        lignes={f"{k}/{s}": len(v) for (k, s), v in result.tables.items()},
    )
    return result


def _relabel(finding: Finding, found: FoundFile) -> Finding:
    # Findings name the file by its path relative to the consolidated folder: stable across machines.
    prov = finding.provenance
    new = Provenance(found.relative, prov.sheet, prov.row, prov.column, prov.field)
    return Finding(finding.code, finding.message, new, finding.severity)


SUMMARY_MAPPING = ExportMapping(
    export=ExportOptions(nom="Synthèse"),
    colonnes=[
        ExportColumn(champ="registre", entete="Registre"),
        ExportColumn(champ="service", entete="Service"),
        ExportColumn(champ="mois", entete="Mois"),
        ExportColumn(champ="lignes", entete="Lignes", format=ExportFormat.INT),
        ExportColumn(champ="montant", entete="Montant", format=ExportFormat.AMOUNT),
    ],
)
ANOMALY_MAPPING = ExportMapping(
    export=ExportOptions(nom="Anomalies"),
    colonnes=[
        ExportColumn(champ="severity", entete="Gravité"),
        ExportColumn(champ="code", entete="Code"),
        ExportColumn(champ="file", entete="Fichier"),
        ExportColumn(champ="sheet", entete="Feuille"),
        ExportColumn(champ="cell", entete="Cellule"),
        ExportColumn(champ="row", entete="Ligne", format=ExportFormat.INT),
        ExportColumn(champ="column", entete="Colonne"),
        ExportColumn(champ="field", entete="Champ"),
        ExportColumn(champ="message", entete="Message"),
    ],
)


def write_consolidation(result: Consolidation, output: Path) -> str:
    """Write the consolidated workbook atomically: one sheet per register sheet, Synthèse, Anomalies."""
    layouts = {r.kind: r for r in REGISTERS}
    tables: list[tuple[str, pd.DataFrame, ExportMapping]] = []
    for (kind, key), frame in result.tables.items():
        sheet = layouts[kind].sheet(key)
        name = sheet.sheet if len({k for k, _ in result.tables}) == 1 else f"{kind[:3].upper()} {sheet.sheet}"
        tables.append((name[:31], frame, mapping_from_layout(sheet, SOURCE_EXTRA)))
    tables.append(("Synthèse", result.summary, SUMMARY_MAPPING))
    anomalies = pd.DataFrame(
        [f.to_dict() for f in result.report.findings], columns=[c.champ for c in ANOMALY_MAPPING.colonnes]
    )
    tables.append(("Anomalies", anomalies, ANOMALY_MAPPING))
    digest = write_xlsx_tables(output, tables)
    result.output = output
    return digest
