"""`gestadmin exporter`: what the finance directorate receives, built from a consolidation.

Files written (each atomically, names without dates so that a re-run replaces them):
- `Export_finances.xlsx`: the exported register (columns from the mapping), the bordereaux of payment orders
  (mandats) and revenue titles (titres), totals per chapter, and the anomalies of the consolidation;
- `Export_finances.csv`: the exported register (`;`, UTF-8 with BOM, decimal separator from the mapping);
- `Bordereau_mandats.csv` and `Bordereau_titres.csv`.
Every file is recorded in the audit journal with its sha256 content hash.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pydantic
from sqlalchemy import Engine

from gestadmin.findings import Finding, Provenance, Report, UnreadableInputError
from gestadmin.io.export import load_mapping, write_csv, write_xlsx_tables
from gestadmin.messages import make_finding
from gestadmin.model.batches import BATCH_COLUMNS, build_batches, chapter_totals
from gestadmin.model.export_mapping import ExportColumn, ExportFormat, ExportMapping, ExportOptions
from gestadmin.model.revenue import compute_totals
from gestadmin.model.revenue_register import lines_by_draft
from gestadmin.model.statuses import RevenueStatus
from gestadmin.services.consolidation import (
    ANOMALY_MAPPING,
    Consolidation,
    Progress,
    anomalies_frame,
    consolidate,
)
from gestadmin.settings import Settings
from gestadmin.store.journal import Journal

WORKBOOK = "Export_finances.xlsx"
CSV = "Export_finances.csv"
ORDERS_CSV = "Bordereau_mandats.csv"
TITLES_CSV = "Bordereau_titres.csv"
ORDERS_PREFIX, TITLES_PREFIX = "BM", "BT"

BATCH_MAPPING = ExportMapping(
    export=ExportOptions(nom="Bordereau"),
    colonnes=[
        ExportColumn(champ="bordereau", entete="N° de bordereau", format=ExportFormat.ID),
        ExportColumn(champ="chapitre", entete="Chapitre", format=ExportFormat.ID),
        ExportColumn(champ="imputation", entete="Imputation", format=ExportFormat.ID),
        ExportColumn(champ="pieces", entete="Nombre de pièces", format=ExportFormat.INT),
        ExportColumn(champ="montant", entete="Montant", format=ExportFormat.AMOUNT),
    ],
)
CHAPTER_MAPPING = ExportMapping(
    export=ExportOptions(nom="Totaux par chapitre"),
    colonnes=[
        ExportColumn(champ="nature", entete="Nature"),
        ExportColumn(champ="chapitre", entete="Chapitre", format=ExportFormat.ID),
        ExportColumn(champ="pieces", entete="Nombre de pièces", format=ExportFormat.INT),
        ExportColumn(champ="montant", entete="Montant", format=ExportFormat.AMOUNT),
    ],
)


@dataclass
class FinanceExport:
    """What an export produced: the consolidation, the files and their hashes, the bordereaux."""

    consolidation: Consolidation
    rows: pd.DataFrame
    orders: pd.DataFrame
    titles: pd.DataFrame
    titles_rows: pd.DataFrame = field(default_factory=pd.DataFrame)  # the issued documents behind the titres
    files: dict[str, Path] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def batch_totals(self) -> list[tuple[str, pd.DataFrame, int]]:
        """(French label, bordereaux, total amount) for the mandats then the titres."""
        return [(label, batches, int(batches["montant"].sum()) if not batches.empty else 0)
                for label, batches in (("mandats", self.orders), ("titres", self.titles))]

    @property
    def report(self) -> Report:
        """The consolidation's report plus the export's own findings."""
        base = self.consolidation.report
        stats = dict(base.stats)
        stats.update(
            lignes_exportees=len(self.rows),
            bordereaux_mandats=len(self.orders),
            bordereaux_titres=len(self.titles),
            fichiers_ecrits={name: self.digests[name] for name in self.files},
        )
        return Report(stats=stats, findings=[*base.findings, *self.findings])


def read_mapping(path: Path | None) -> ExportMapping:
    """The mapping file, or the shipped default; a bad file is an UnreadableInputError in French."""
    try:
        return load_mapping(path)
    except OSError as exc:
        detail = exc.strerror or str(exc)
    except tomllib.TOMLDecodeError as exc:
        detail = f"TOML illisible : {exc}"
    except pydantic.ValidationError as exc:
        detail = "; ".join(f"{'.'.join(str(p) for p in e['loc'])} : {e['msg']}" for e in exc.errors()[:5])
    where = str(path) if path else "correspondance par défaut"
    raise UnreadableInputError(make_finding("CORRESPONDANCE_INVALIDE", Provenance(file=where), file=where,
                                            detail=detail))


def _text(series: pd.Series) -> pd.Series:
    return series.astype("string").fillna("").str.strip()


def payment_orders(result: Consolidation) -> pd.DataFrame:
    """Mandats: the budget workbooks' payment orders, plus ordered invoices whose mandat is not listed there."""
    parts = []
    orders = result.rows("budget", "payment_orders")
    known: set[str] = set()
    if not orders.empty:
        numbered = orders[_text(orders["payment_order_number"]) != ""]
        known = set(_text(numbered["payment_order_number"]))
        parts.append(pd.DataFrame({"budget_code": numbered["budget_code"], "amount": numbered["amount"]}))
    invoices = result.rows("factures", "invoices")
    if not invoices.empty and "payment_order_number" in invoices:
        number = _text(invoices["payment_order_number"])
        ordered = invoices[(number != "") & ~number.isin(known)]
        parts.append(pd.DataFrame({"budget_code": ordered["budget_code"], "amount": ordered["gross_amount"]}))
    parts = [p for p in parts if not p.empty]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["budget_code", "amount"])


def _lines_gross(lines: pd.DataFrame) -> dict[tuple[str, str], int]:
    """TTC per (file, draft reference) recomputed from the billing lines (TGC half up per rate, invoice level)."""
    if lines.empty:
        return {}
    return {
        (str(file), ref): compute_totals([line for _, line in items]).gross
        for file, part in lines.groupby("_fichier", sort=False)
        for ref, items in lines_by_draft(part).items()
    }


def revenue_titles(result: Consolidation) -> pd.DataFrame:
    """Titres: issued revenue invoices (drafts left out); credit notes count negative.

    Totals are formulas in the register: a file saved by a program has no cached values, so a missing TTC is
    recomputed from the billing lines (same rounding as the template).
    """
    issued = result.rows("recettes", "revenue_invoices")
    if issued.empty:
        return pd.DataFrame(columns=["budget_code", "amount"])
    numbered = issued[(_text(issued["invoice_number"]) != "") & (_text(issued["status"]) != RevenueStatus.DRAFT)]
    amount = pd.to_numeric(numbered["gross_total"], errors="coerce")
    if amount.isna().any():
        recomputed = _lines_gross(result.rows("recettes", "revenue_lines"))
        keys = zip(numbered["_fichier"].astype(str), _text(numbered["draft_ref"]), strict=True)
        amount = amount.fillna(pd.Series([recomputed.get(k) for k in keys], index=numbered.index, dtype="Float64"))
    amount = amount.fillna(0)
    credit = _text(numbered["original_invoice"]) != "" if "original_invoice" in numbered else False
    amount = amount.where(~(credit & (amount > 0)), -amount)
    return pd.DataFrame({"budget_code": numbered["budget_code"], "amount": amount})


def chapters_of(result: Consolidation) -> dict[str, str]:
    """Budget code -> chapter, from the consolidated budget lines (when a budget workbook is in the folder)."""
    lines = result.rows("budget", "budget_lines")
    if lines.empty or "chapter" not in lines:
        return {}
    codes, chapters = _text(lines["budget_code"]), _text(lines["chapter"])
    return {c: ch for c, ch in zip(codes, chapters, strict=True) if c and ch}


def exported_rows(result: Consolidation, mapping: ExportMapping) -> tuple[pd.DataFrame, list[Finding]]:
    """The rows the mapping exports, and a warning for each mapped field that no consolidated row has."""
    rows = result.rows(mapping.export.registre, mapping.export.feuille)
    findings = [
        make_finding("EXPORT_CHAMP_INCONNU", Provenance(), field=column.champ)
        for column in mapping.colonnes
        if column.champ not in rows.columns
    ]
    return rows, findings


def _chapter_sheet(orders: pd.DataFrame, titles: pd.DataFrame) -> pd.DataFrame:
    parts = [chapter_totals(orders).assign(nature="Mandats"), chapter_totals(titles).assign(nature="Titres")]
    return pd.concat([p for p in parts if not p.empty] or [pd.DataFrame(columns=["nature", "chapitre", "pieces",
                                                                                  "montant"])], ignore_index=True)


def write_export(
    result: Consolidation, out_dir: Path, mapping: ExportMapping, year: int,
) -> FinanceExport:
    """Write the export files for a consolidation (atomically, one by one); journaling is the caller's."""
    rows, findings = exported_rows(result, mapping)
    chapters = chapters_of(result)
    orders = build_batches(payment_orders(result), "budget_code", "amount", ORDERS_PREFIX, year, chapters)
    issued = revenue_titles(result)
    titles = build_batches(issued, "budget_code", "amount", TITLES_PREFIX, year, chapters)
    export = FinanceExport(result, rows, orders, titles, issued, findings=findings)
    out_dir.mkdir(parents=True, exist_ok=True)
    anomalies = anomalies_frame([*result.report.findings, *findings])
    sheets: Sequence[tuple[str, pd.DataFrame, ExportMapping]] = [
        (mapping.export.nom[:31], rows, mapping),
        ("Bordereau des mandats", orders, BATCH_MAPPING),
        ("Bordereau des titres", titles, BATCH_MAPPING),
        ("Totaux par chapitre", _chapter_sheet(orders, titles), CHAPTER_MAPPING),
        ("Anomalies", anomalies, ANOMALY_MAPPING),
    ]
    csv_options = mapping.export.model_copy()
    batch_mapping = BATCH_MAPPING.model_copy(update={"export": csv_options})
    outputs: list[tuple[str, Callable[[Path], str]]] = [
        (WORKBOOK, lambda p: write_xlsx_tables(p, sheets)),
        (CSV, lambda p: write_csv(rows, p, mapping)),
        (ORDERS_CSV, lambda p: write_csv(orders[BATCH_COLUMNS], p, batch_mapping)),
        (TITLES_CSV, lambda p: write_csv(titles[BATCH_COLUMNS], p, batch_mapping)),
    ]
    for name, write in outputs:
        path = out_dir / name
        export.digests[name] = write(path)
        export.files[name] = path
    return export


def journal_export(export: FinanceExport, engine: Engine, settings: Settings, folder: Path) -> None:
    """One journal entry per file written, with its content hash, in one transaction."""
    journal = Journal(engine)
    with engine.begin() as connection:
        for name, path in export.files.items():
            journal.append(
                actor=settings.user, action="export_finances", entity="export", entity_id=name,
                after={"fichier": str(path), "sha256": export.digests[name], "lignes_exportees": len(export.rows),
                       "dossier": str(folder)},
                reason="Export vers la direction des finances", connection=connection,
            )


def export_to_finance(
    folder: Path, out_dir: Path, settings: Settings, engine: Engine, *, mapping_path: Path | None = None,
    decimal: str | None = None, kind: str | None = None, year: int | None = None,
    progress: Progress | None = None, today: dt.date | None = None,
) -> FinanceExport:
    """Consolidate `folder`, write the export files into `out_dir`, journal them."""
    mapping = read_mapping(mapping_path or settings.consolidation.mapping)
    separator = decimal or settings.consolidation.decimal_separator
    if separator:
        mapping = mapping.model_copy(update={"export": mapping.export.model_copy(update={"decimale": separator})})
    day = today or dt.date.today()
    result = consolidate(folder, settings, kind=kind, engine=engine, progress=progress, today=day)
    export = write_export(result, out_dir, mapping, year or day.year)
    journal_export(export, engine, settings, folder)
    return export
