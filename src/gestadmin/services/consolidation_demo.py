"""Demo step « Consolidation et export vers les finances».

The demo registers are laid out as the agents' shared folder would be (one sub-folder per service, an Excel
lock file left by a colleague), consolidated twice (the second run comes from the cache and gives the same
workbook), then exported to the finance directorate with the bordereaux, every file journaled.
"""

from __future__ import annotations

from pathlib import Path

from gestadmin.io.atomic import atomic_write_bytes
from gestadmin.money import format_xpf
from gestadmin.services.consolidation import consolidate, write_consolidation
from gestadmin.services.demo import STEP_RANK, STEPS, DemoContext
from gestadmin.services.finance_export import export_to_finance
from gestadmin.settings import get_settings
from gestadmin.store.db import make_engine

STEP = "Consolidation et export vers les finances"
LOCK_OWNER = "Lucie Tein"


def _service_of(name: str) -> str:
    if name.startswith("Registre_factures_"):
        return "Achats " + Path(name).stem.rsplit("_", 1)[-1]
    if name.startswith("Budget"):
        return "Budget"
    if "recettes" in name:
        return "Recettes"
    return ""


def lay_out_folder(context: DemoContext, root: Path) -> Path:
    """Copy the demo registers into `root/<service>/`; the issued revenue register replaces the drafts one."""
    issued = Path(context.output_dir) / "recettes" / "Registre_facturation_recettes.xlsx"
    for name, path in sorted(context.files.items()):
        service = _service_of(name)
        if not service or path.suffix != ".xlsx":
            continue
        source = issued if service == "Recettes" and issued.exists() else path
        atomic_write_bytes(root / service / name, source.read_bytes())
    # Excel's lock file: a colleague has a register open (its first byte is the length of the user name)
    owner = LOCK_OWNER.encode("latin-1")
    atomic_write_bytes(root / "Achats Tein" / "~$Registre_factures_2026_Tein.xlsx",
                       bytes([len(owner)]) + owner + b"\x00" * (54 - len(owner)))
    return root


def demo_step(context: DemoContext) -> list[str]:
    """Consolidate the laid-out folder twice (cache), export to finance, summarise in French."""
    settings = get_settings()
    out = Path(context.output_dir) / "consolidation"
    folder = lay_out_folder(context, out / "registres")
    engine = make_engine(f"sqlite:///{out / 'gestadmin_consolidation.sqlite3'}")
    first = consolidate(folder, settings, engine=engine, today=context.today)
    digest = write_consolidation(first, out / "Consolidation.xlsx")
    second = consolidate(folder, settings, engine=engine, today=context.today)
    again = write_consolidation(second, out / "Consolidation.xlsx")
    export = export_to_finance(folder, out / "export_finances", settings, engine, today=context.today,
                               year=context.today.year)
    counts = first.report.counts()
    locks = [f for f in first.report.findings if f.code == "FICHIER_VERROUILLE"]
    rows = {f"{k}/{s}": len(v) for (k, s), v in first.tables.items() if len(v)}
    lines = [
        f"{first.report.stats['fichiers']} registres de {len({f.found.service for f in first.files})} services "
        f"consolidés : {rows.get('factures/invoices', 0)} factures fournisseurs, "
        f"{rows.get('budget/payment_orders', 0)} mandats, {len(export.titles_rows)} factures et avoirs émis",
        f"{counts['erreur']} erreur(s), {counts['avertissement']} avertissement(s) avec leur provenance "
        f"(feuille « Anomalies ») ; {len(locks)} registre ouvert par {LOCK_OWNER} signalé",
        f"2e passage : {second.files_cached} fichier(s) repris du cache, classeur identique : "
        f"{'oui' if digest == again else 'NON'} (sha256 {digest[:12]}…)",
    ]
    for label, batches, total in export.batch_totals():
        lines.append(f"Bordereaux de {label} : {len(batches)}, total {format_xpf(total)}")
    lines.append(f"Export vers les finances ({len(export.files)} fichiers journalisés) : {out / 'export_finances'}")
    return lines


STEPS.append((STEP, demo_step))
STEP_RANK[STEP] = 90  # after the revenue step, whose issued register it consolidates
