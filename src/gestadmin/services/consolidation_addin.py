"""What the ribbon buttons « Consolider » and « Exporter vers les finances » do on the server.

Both work on the folder of registers configured on the server (GESTADMIN_CONSOLIDATION__FOLDER), write their
files under the output folder (so that the add-in's authenticated route `/telechargements/` serves them) and
return the grid the script writes into the open workbook, plus a French summary for the alert.
Nothing here touches the user's workbook.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gestadmin.findings import Report
from gestadmin.money import format_xpf
from gestadmin.services.consolidation import Consolidation, consolidate, write_consolidation
from gestadmin.services.download_links import LinkServer, download_link, hyperlink
from gestadmin.services.finance_export import FinanceExport, export_to_finance
from gestadmin.settings import Settings
from gestadmin.store.db import make_engine

CONSOLIDATION_SHEET = "Consolidation"
EXPORT_SHEET = "Export finances"
CONSOLIDATION_DIR = "consolidation"
EXPORT_DIR = "export_finances"


@dataclass
class RibbonResult:
    """A grid to write from A1 (first row = header) and the alert's text."""

    values: list[list[Any]]
    summary: str


def _link(path: Path, label: str, settings: Settings, server: LinkServer | None) -> str:
    return hyperlink(download_link(path, settings, server), label)


def _counts_line(report: Report) -> str:
    counts = report.counts()
    return f"{counts['erreur']} erreur(s), {counts['avertissement']} avertissement(s)"


def _pad(rows: list[list[Any]], width: int) -> list[list[Any]]:
    return [list(r) + [None] * (width - len(r)) for r in rows]


def _by_code(report: Report) -> list[list[Any]]:
    counter = Counter((f.code, str(f.severity)) for f in report.findings)
    return [[code, severity, count] for (code, severity), count in sorted(counter.items())]


def consolidation_grid(result: Consolidation, link: str) -> list[list[Any]]:
    """The « Consolidation » sheet: figures, link to the workbook, summary per service and month, codes."""
    stats = result.report.stats
    rows: list[list[Any]] = [
        ["Consolidation des registres", "Valeur"],
        ["Dossier consolidé", stats["dossier"]],
        ["Fichiers trouvés", stats["fichiers"]],
        ["Fichiers relus", result.files_read],
        ["Fichiers repris du cache", result.files_cached],
        ["Fichiers ignorés ou illisibles", stats["fichiers_ignores"]],
        ["Registres ouverts (verrous Excel)", stats["fichiers_verrouilles"]],
        ["Doublons retirés", stats["doublons_retires"]],
        ["Anomalies", _counts_line(result.report)],
        ["Classeur consolidé", link],
        [],
        ["Registre", "Service", "Mois", "Lignes", "Montant"],
    ]
    for rec in result.summary.to_dict("records"):
        rows.append([rec["registre"], rec["service"] or "(racine)", rec["mois"], int(rec["lignes"]),
                     int(rec["montant"] or 0)])
    rows += [[], ["Code d'anomalie", "Gravité", "Nombre"], *_by_code(result.report)]
    return _pad(rows, 5)


def consolidate_for_ribbon(settings: Settings, server: LinkServer | None = None) -> RibbonResult:
    """« Consolider »: the configured folder, consolidated into output_dir/consolidation/Consolidation.xlsx."""
    engine = make_engine(settings.database_url)
    result = consolidate(settings.consolidation.folder, settings, engine=engine)
    output = settings.output_dir / CONSOLIDATION_DIR / "Consolidation.xlsx"
    write_consolidation(result, output)
    link = _link(output, "Télécharger le classeur consolidé", settings, server)
    stats = result.report.stats
    rows = sum(len(t) for t in result.tables.values())
    summary = (
        f"{stats['fichiers']} fichier(s) consolidé(s) ({result.files_cached} repris du cache), {rows} ligne(s), "
        f"{stats['doublons_retires']} doublon(s) retiré(s) ; {_counts_line(result.report)}. "
        f"Le classeur consolidé est téléchargeable depuis la feuille « {CONSOLIDATION_SHEET} »."
    )
    return RibbonResult(consolidation_grid(result, link), summary)


def export_grid(export: FinanceExport, links: dict[str, str]) -> list[list[Any]]:
    """The « Export finances » sheet: files (link, sha256), then the bordereaux."""
    rows: list[list[Any]] = [["Fichier transmis à la direction des finances", "Lien", "Empreinte SHA-256"]]
    rows += [[name, links[name], export.digests[name]] for name in export.files]
    rows += [[], ["Lignes exportées", len(export.rows)], ["Anomalies", _counts_line(export.report)], []]
    rows.append(["N° de bordereau", "Nature", "Chapitre", "Imputation", "Nombre de pièces", "Montant"])
    for nature, batches in (("Mandats", export.orders), ("Titres", export.titles)):
        for rec in batches.to_dict("records"):
            rows.append([rec["bordereau"], nature, rec["chapitre"], rec["imputation"], int(rec["pieces"]),
                         int(rec["montant"])])
    return _pad(rows, 6)


def export_for_ribbon(settings: Settings, server: LinkServer | None = None) -> RibbonResult:
    """« Exporter vers les finances »: consolidation of the configured folder, then the export files."""
    engine = make_engine(settings.database_url)
    export = export_to_finance(settings.consolidation.folder, settings.output_dir / EXPORT_DIR, settings, engine)
    links = {name: _link(path, "Télécharger", settings, server) for name, path in export.files.items()}
    totals = ", ".join(f"{len(b)} bordereau(x) de {label} ({format_xpf(total)})"
                       for label, b, total in export.batch_totals())
    summary = (
        f"{len(export.rows)} ligne(s) exportée(s), {totals} ; {len(export.files)} fichier(s) enregistré(s) dans "
        f"le journal ; {_counts_line(export.report)}. Liens dans la feuille « {EXPORT_SHEET} »."
    )
    return RibbonResult(export_grid(export, links), summary)
