"""`gestadmin consolider`: read every register of a folder tree, validate, deduplicate, write one workbook.

- Each file's register type is detected from its content; with `kind`, files of another type are listed and
  skipped. Schema drift: renamed, unknown and missing required columns are the reader's findings; optional
  columns absent and columns in another order are added here (`drift_findings`).
- Incremental: a file whose content hash is in the store's cache is neither re-read nor re-validated (the cache
  key also holds the settings, the day and gestadmin's version, on which the per-file rules depend);
  deduplication across files always runs on everything, so the result equals a full run.
- Idempotent: files are taken in path order and the output holds no timestamp.
- Sources are only read; the workbook is written atomically.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Engine

import gestadmin
from gestadmin.collector import collector_paused
from gestadmin.findings import Finding, Provenance, Report, UnreadableInputError, sort_findings
from gestadmin.io.discover import FoundFile, content_hash, discover
from gestadmin.io.export import mapping_from_layout, write_xlsx_tables
from gestadmin.io.guard import column_number
from gestadmin.io.layouts import REGISTERS, RegisterLayout, SheetLayout
from gestadmin.io.reader import RegisterData, read_and_check
from gestadmin.io.sandbox import default_size, sandbox
from gestadmin.messages import make_finding
from gestadmin.model.consolidation import (
    invoice_duplicate_key,
    key_hashes,
    monthly_summary,
    normalize_key_series,
    pair_duplicates,
    row_fingerprint,
)
from gestadmin.model.export_mapping import ExportColumn, ExportFormat, ExportMapping, ExportOptions
from gestadmin.settings import Settings
from gestadmin.store.file_cache import FileCache

KINDS = tuple(r.kind for r in REGISTERS)
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
KEY, FINGERPRINT = "_cle", "_empreinte"  # per-row identity, computed with the validation and cached with it

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
FILES_MAPPING = ExportMapping(
    export=ExportOptions(nom="Fichiers"),
    colonnes=[
        ExportColumn(champ="service", entete="Service"),
        ExportColumn(champ="fichier", entete="Fichier"),
        ExportColumn(champ="type", entete="Type de registre"),
        ExportColumn(champ="version", entete="Version du modèle"),
        ExportColumn(champ="lignes", entete="Lignes lues", format=ExportFormat.INT),
        ExportColumn(champ="empreinte", entete="Empreinte SHA-256", format=ExportFormat.ID),
        ExportColumn(champ="statut", entete="Statut"),
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


@dataclass
class FileOutcome:
    """What happened to one file of the folder."""

    found: FoundFile
    digest: str = ""
    data: RegisterData | None = None
    findings: list[Finding] = field(default_factory=list)
    cached: bool = False
    status: str = "consolidé"

    def row(self) -> dict[str, object]:
        """Its line in the « Fichiers » sheet (no cache state: two runs give the same content)."""
        data = self.data
        return {
            "service": self.found.service,
            "fichier": self.found.relative,
            "type": data.layout.kind if data else "",
            "version": (data.version or "") if data else "",
            "lignes": sum(len(s.frame) for s in data.sheets.values()) if data else 0,
            "empreinte": self.digest,
            "statut": self.status,
        }


@dataclass
class Consolidation:
    """What a consolidation produced."""

    report: Report
    tables: dict[tuple[str, str], pd.DataFrame] = field(default_factory=dict)  # (kind, sheet key) -> rows
    summary: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=SUMMARY_MAPPING.fields))
    files: list[FileOutcome] = field(default_factory=list)
    output: Path | None = None

    @property
    def files_read(self) -> int:
        """Files parsed in this run."""
        return sum(1 for f in self.files if f.digest and not f.cached)

    @property
    def files_cached(self) -> int:
        """Files taken from the cache."""
        return sum(1 for f in self.files if f.cached)

    def inventory(self) -> pd.DataFrame:
        """One row per file found (the « Fichiers » sheet)."""
        return pd.DataFrame([f.row() for f in self.files], columns=FILES_MAPPING.fields)

    def rows(self, kind: str, key: str) -> pd.DataFrame:
        """Consolidated rows of a register sheet (empty frame when there were none)."""
        return self.tables.get((kind, key), pd.DataFrame())


def cache_variant(kind: str | None, settings: Settings, today: dt.date) -> str:
    """What cached per-file results depend on besides the content: requested type, settings, day, version."""
    settings_hash = hashlib.sha256(settings.model_dump_json().encode()).hexdigest()[:16]
    return f"{kind or '*'}|{settings_hash}|{today.isoformat()}|{gestadmin.__version__}"


def _validate(data: RegisterData, settings: Settings) -> list[Finding]:
    """Reader findings plus the register kind's rules (the invoice, budget and revenue checks)."""
    from gestadmin.services.validation import validate_register

    return list(validate_register(data, settings).findings)


def _relabel(finding: Finding, found: FoundFile) -> Finding:
    """Findings name the file by its path relative to the consolidated folder: stable across machines."""
    prov = finding.provenance
    new = Provenance(found.relative, prov.sheet, prov.row, prov.column, prov.field)
    return Finding(finding.code, finding.message, new, finding.severity)


def drift_findings(data: RegisterData) -> list[Finding]:
    """Schema drift the reader tolerates silently: optional columns absent, columns in another order.

    (Renamed, unknown and missing required columns are the reader's own findings.)"""
    findings: list[Finding] = []
    for sheet in data.sheets.values():
        where = Provenance(data.path.name, sheet.sheet_name, sheet.header_row)
        inputs = [c for c in sheet.layout.columns if not c.is_formula]
        findings += [make_finding("COLONNE_ABSENTE", where, header=c.header)
                     for c in inputs if not c.required and c.field not in sheet.letters]
        positions = [column_number(sheet.letters[c.field]) for c in inputs if c.field in sheet.letters]
        if positions != sorted(positions):
            findings.append(make_finding("COLONNES_REORDONNEES", where))
    return findings


def checked(data: RegisterData, settings: Settings) -> list[Finding]:
    """Everything known about one file on its own: reader findings, the kind's rules, schema drift; then each
    row's identity (duplicate key, fingerprint) is added to the frames, so that it is cached with them.

    Runs inside the reader's sandbox worker (module-level so that it can be pickled there)."""
    findings = [*_validate(data, settings), *drift_findings(data)]
    for sheet in data.sheets.values():
        add_identity(sheet.layout, sheet.frame)
    return findings


def add_identity(layout: SheetLayout, frame: pd.DataFrame) -> None:
    """Columns KEY (hash of the normalised duplicate key, 0 when none) and FINGERPRINT (hash of the input
    cells), both uint64: compact in the cache (no string per row to store and load again) and compared as
    numbers."""
    key = _duplicate_key(layout, frame)
    frame[KEY] = key_hashes(key) if key is not None else np.zeros(len(frame), dtype=np.uint64)
    frame[FINGERPRINT] = row_fingerprint(frame, [c.field for c in layout.columns if not c.is_formula])


def _read_one(found: FoundFile, kind: str | None, settings: Settings) -> tuple[RegisterData, list[Finding]]:
    try:
        return read_and_check(found.path, checked, kind=None, settings=settings)
    except UnreadableInputError as exc:
        # a file whose type cannot be told from its content is read as the requested type, if any
        if kind is None or exc.finding.code != "FICHIER_TYPE_INCONNU":
            raise
    return read_and_check(found.path, checked, kind=kind, settings=settings)


def _digest(found: FoundFile) -> str | None:
    """The file's content hash, or None when it cannot be read (reported when the file is loaded)."""
    try:
        return content_hash(found.path)
    except OSError:
        return None


class _CacheWrites:
    """New cache entries written by one background thread while the run goes on: a write (pickle, database
    commit) no longer holds up the next file's read nor, on a re-run, the deduplication."""

    def __init__(self, cache: FileCache | None, variant: str) -> None:
        self.cache, self.variant = cache, variant
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gestadmin-cache") if cache else None
        self.pending: list[Future[None]] = []

    def put(self, digest: str, payload: Any, label: str) -> None:
        """Queue one entry (nothing without a cache)."""
        if self.writer is not None and self.cache is not None:
            self.pending.append(self.writer.submit(self.cache.put, digest, payload, label=label, variant=self.variant))

    def finish(self) -> list[Finding]:
        """Wait for the queued writes; the cache is only a shortcut: writes that failed (store read-only, disk
        full...) are one warning, never a failed consolidation."""
        if self.writer is None:
            return []
        self.writer.shutdown(wait=True)
        failed = [error for error in (done.exception() for done in self.pending) if error is not None]
        if not failed:
            return []
        reason = f"{type(failed[0]).__name__} : {str(failed[0])[:200]}"
        return [make_finding("CACHE_NON_ECRIT", Provenance(), count=len(failed), reason=reason)]


def _load(found: FoundFile, digest: str | None, cached: Any, kind: str | None, settings: Settings,
          writes: _CacheWrites) -> FileOutcome:
    """One file: from the cache when `cached` holds its entry, else read and checked (and cached)."""
    outcome = FileOutcome(found)
    try:
        outcome.digest = digest if digest is not None else content_hash(found.path)
        if isinstance(cached, tuple) and len(cached) == 2 and isinstance(cached[0], RegisterData):
            outcome.data, findings = cached
            outcome.cached = True
        else:
            outcome.data, findings = _read_one(found, kind, settings)
            writes.put(outcome.digest, (outcome.data, findings), label=found.relative)
    except UnreadableInputError as exc:
        outcome.status = "illisible"
        outcome.findings = [_relabel(exc.finding, found)]
        return outcome
    except OSError as exc:  # vanished or unreadable between discovery and reading
        outcome.status = "illisible"
        outcome.findings = [make_finding("FICHIER_IGNORE", Provenance(file=found.relative), reason=str(exc))]
        return outcome
    if kind is not None and outcome.data.layout.kind != kind:
        outcome.status = f"ignoré (registre {outcome.data.layout.kind})"
        outcome.data = None
        return outcome
    outcome.findings = [_relabel(f, found) for f in findings]
    return outcome


Part = tuple["FileOutcome", str, pd.DataFrame]  # a file's outcome, its sheet's name there, that sheet's rows


def _concat_tagged(parts: list[Part]) -> pd.DataFrame:
    """The frames of one register sheet, one after the other, with service, file, sheet and row on every row."""
    frame = pd.concat([p[2] for p in parts], ignore_index=True)
    lengths = [len(p[2]) for p in parts]
    frame["_service"] = np.repeat(np.array([p[0].found.service for p in parts], dtype=object), lengths)
    frame["_fichier"] = np.repeat(np.array([p[0].found.relative for p in parts], dtype=object), lengths)
    frame["_feuille"] = np.repeat(np.array([p[1] for p in parts], dtype=object), lengths)
    frame["_ligne"] = frame["_row"].astype("Int64")
    return frame


def _duplicate_key(sheet: SheetLayout, frame: pd.DataFrame) -> pd.Series | None:
    if sheet.key == "invoices" and "invoice_number" in frame:
        return invoice_duplicate_key(frame)
    if sheet.key_field and sheet.key_field in frame:
        return normalize_key_series(frame[sheet.key_field])
    return None


REFERENCE_SHEETS = frozenset({"parties", "customers"})  # copied into every register: identical copies are normal


Letters = dict[tuple[str, str], dict[str, str]]  # (file, sheet name) -> field -> column letter


def _dedupe(sheet: SheetLayout, parts: list[Part], letters: Letters) -> tuple[pd.DataFrame, list[Finding]]:
    """Across files: drop rows sent twice (identical inputs), report same-key rows with different data (both
    places named). Pairs inside one file are left to that register's own rules (FACTURE_DOUBLON...).

    Works on the identity columns (key, fingerprint, file, row) of the files' rows put end to end; the rows
    kept are copied once, at the end."""
    frame = _concat_tagged(parts)
    key = pd.Series(frame[KEY].to_numpy(dtype=np.uint64))
    files = np.repeat(np.arange(len(parts)), [len(p[2]) for p in parts])
    candidates = np.flatnonzero(((key != 0) & key.duplicated(keep=False)).to_numpy())  # keys that repeat
    fingerprint = frame[FINGERPRINT].to_numpy(dtype=np.uint64)
    pairs = pair_duplicates(key.iloc[candidates], pd.Series(fingerprint[candidates], index=candidates))
    kept_at, other_at = pairs["kept"].to_numpy(dtype=np.int64), pairs["other"].to_numpy(dtype=np.int64)
    cross = files[kept_at] != files[other_at]  # pairs inside one file are left to the register's own rules
    kinds, kept_at, other_at = pairs["kind"].to_numpy()[cross], kept_at[cross], other_at[cross]
    keep = np.ones(len(key), dtype=bool)
    keep[other_at[kinds == "ligne"]] = False
    if sheet.key in REFERENCE_SHEETS:  # the same party copied into every register: expected, silent
        shown = kinds != "ligne"
        kinds, kept_at, other_at = kinds[shown], kept_at[shown], other_at[shown]
    findings: list[Finding] = []
    if len(kinds):
        key_field = "invoice_number" if sheet.key == "invoices" else sheet.key_field or ""
        key_header = next((c.header for c in sheet.columns if c.field == key_field), key_field)
        rows = frame["_row"].to_numpy(dtype=np.int64)
        numbers = (frame[key_field].to_numpy(dtype=object) if key_field in frame
                   else np.full(len(key), "", dtype=object))
        names = [(p[0].found.relative, p[1]) for p in parts]
        for kind, kept, other in zip(kinds.tolist(), kept_at.tolist(), other_at.tolist(), strict=True):
            kept_file, kept_sheet = names[files[kept]]
            file, sheet_name = names[files[other]]
            where = f"{kept_file} › {kept_sheet}!ligne {rows[kept]}"
            column = letters.get((file, sheet_name), {}).get(key_field, "")
            prov = Provenance(file, sheet_name, int(rows[other]), column, key_field)
            number = numbers[other]
            if kind == "ligne":
                findings.append(make_finding("DOUBLON_LIGNE", prov, other=where))
            elif sheet.key in REFERENCE_SHEETS:
                findings.append(make_finding("TIERS_DIVERGENT", prov, other=where, number=number))
            elif sheet.key == "invoices":
                findings.append(make_finding("DOUBLON_FACTURE", prov, other=where, number=number))
            else:
                findings.append(
                    make_finding("DOUBLON_CLE", prov, other=where, number=number, label=sheet.sheet, key=key_header)
                )
    if not keep.all():
        frame = frame.take(np.flatnonzero(keep)).reset_index(drop=True)
    return frame, findings


def _summary(tables: dict[tuple[str, str], pd.DataFrame], layouts: dict[str, RegisterLayout]) -> pd.DataFrame:
    parts = []
    for (register_kind, key), frame in tables.items():
        if key in SUMMARY_FIELDS:
            date_field, amount_field = SUMMARY_FIELDS[key]
            part = monthly_summary(frame, date_field, amount_field)
            parts.append(part.assign(registre=layouts[register_kind].sheet(key).sheet))
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=SUMMARY_MAPPING.fields)
    return pd.concat(parts, ignore_index=True)[SUMMARY_MAPPING.fields]


def consolidate(
    folder: Path,
    settings: Settings,
    kind: str | None = None,
    engine: Engine | None = None,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> Consolidation:
    """Read, validate and deduplicate every register under `folder` (optionally of one type only).

    Raises UnreadableInputError when `folder` is not a readable folder or `kind` is unknown.
    """
    with collector_paused():  # a fifth of a re-run's time went to collector passes over the unpickled frames
        return _consolidate(Path(folder), settings, kind, engine, progress, today)


def _consolidate(folder: Path, settings: Settings, kind: str | None, engine: Engine | None,
                 progress: Progress | None, today: dt.date | None) -> Consolidation:
    if not folder.is_dir():
        raise UnreadableInputError(make_finding("DOSSIER_INTROUVABLE", Provenance(file=str(folder)), file=str(folder)))
    if kind is not None and kind not in KINDS:
        raise UnreadableInputError(
            make_finding("TYPE_REGISTRE_INCONNU", Provenance(), kind=kind, kinds=", ".join(KINDS))
        )
    files, locks = discover(folder)
    report = Report(stats={"dossier": str(folder)})
    for lock in locks:
        prov = Provenance(file=lock.path.relative_to(folder).as_posix())
        report.findings.append(make_finding("FICHIER_VERROUILLE", prov, name=lock.target, owner=lock.owner))
    if today is not None:  # the rules check deadlines as of that day
        settings = settings.model_copy(update={"reference_date": today})
    cache = FileCache(engine) if engine is not None else None
    variant = cache_variant(kind, settings, settings.today())
    workers = settings.consolidation.workers or default_size()
    sandbox(settings.read_memory_mb).reserve(workers)  # the readers' pool runs as many files at once
    result = Consolidation(report=report)
    digests = [_digest(found) for found in files]
    known = cache.present([d for d in digests if d], variant) if cache is not None else set()
    writes = _CacheWrites(cache, variant)
    try:
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            # files to read go to the workers first; the cached ones are unpickled here meanwhile (one query)
            futures = {index: pool.submit(_load, found, digest, None, kind, settings, writes)
                       for index, (found, digest) in enumerate(zip(files, digests, strict=True))
                       if digest not in known}
            entries = cache.get_many(sorted(known), variant) if cache is not None else {}
            for index, (found, digest) in enumerate(zip(files, digests, strict=True)):
                if index in futures:
                    outcome = futures[index].result()
                else:  # an entry that could not be loaded here is read again (None)
                    outcome = _load(found, digest, entries.get(digest or ""), kind, settings, writes)
                result.files.append(outcome)
                if progress:
                    progress(found.relative)
        _merge(result, folder, len(locks))
    finally:
        unwritten = writes.finish()
    if unwritten:
        report.findings = sort_findings([*report.findings, *unwritten])
    return result


def _merge(result: Consolidation, folder: Path, locked: int) -> None:
    """The files' rows deduplicated into one table per register sheet, the summary, findings and statistics."""
    report = result.report
    parts: dict[tuple[str, str], list[Part]] = {}
    letters: Letters = {}
    for outcome in result.files:
        report.findings.extend(outcome.findings)
        if outcome.data is None:
            continue
        for key, sheet in outcome.data.sheets.items():
            letters[(outcome.found.relative, sheet.sheet_name)] = sheet.letters
            parts.setdefault((outcome.data.layout.kind, key), []).append((outcome, sheet.sheet_name, sheet.frame))
    if not parts:
        report.findings.append(make_finding("CONSOLIDATION_VIDE", Provenance(), folder=str(folder)))
    layouts = {r.kind: r for r in REGISTERS}
    for (register_kind, key), frames in sorted(parts.items()):
        sheet_layout = layouts[register_kind].sheet(key)
        frame, findings = _dedupe(sheet_layout, frames, letters)
        report.findings.extend(findings)
        result.tables[(register_kind, key)] = frame
    result.summary = _summary(result.tables, layouts)
    report.findings = sort_findings(report.findings)
    report.stats.update(
        fichiers=len(result.files),
        fichiers_lus=result.files_read,
        fichiers_en_cache=result.files_cached,
        fichiers_verrouilles=locked,
        fichiers_ignores=sum(1 for f in result.files if f.data is None),
        lignes={f"{k}/{s}": len(v) for (k, s), v in result.tables.items()},
        doublons_retires=sum(1 for f in report.findings if f.code == "DOUBLON_LIGNE"),
    )


def table_name(kind: str, key: str, kinds: set[str]) -> str:
    """Sheet name of a consolidated table: the register sheet's name, prefixed by the type when several."""
    sheet = {r.kind: r for r in REGISTERS}[kind].sheet(key).sheet
    return (sheet if len(kinds) == 1 else f"{kind.capitalize()} - {sheet}")[:31]


def anomalies_frame(findings: Sequence[Finding]) -> pd.DataFrame:
    """Findings as rows of the « Anomalies » sheet."""
    rows = [
        (str(f.severity), f.code, f.provenance.file, f.provenance.sheet, f.provenance.cell, f.provenance.row,
         f.provenance.column, f.provenance.field, f.message)
        for f in findings
    ]
    return pd.DataFrame(rows, columns=ANOMALY_MAPPING.fields)


def write_consolidation(result: Consolidation, output: Path) -> str:
    """Write the consolidated workbook atomically: one sheet per register sheet, Synthèse, Fichiers, Anomalies.

    Returns the sha256 of the written file.
    """
    layouts = {r.kind: r for r in REGISTERS}
    kinds = {k for k, _ in result.tables}
    tables: list[tuple[str, pd.DataFrame, ExportMapping]] = [("Synthèse", result.summary, SUMMARY_MAPPING)]
    for (kind, key), frame in result.tables.items():
        sheet = layouts[kind].sheet(key)
        tables.append((table_name(kind, key, kinds), frame, mapping_from_layout(sheet, SOURCE_EXTRA)))
    tables.append(("Fichiers", result.inventory(), FILES_MAPPING))
    tables.append(("Anomalies", anomalies_frame(result.report.findings), ANOMALY_MAPPING))
    digest = write_xlsx_tables(output, tables)
    result.output = output
    return digest
