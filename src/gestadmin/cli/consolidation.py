"""CLI commands of the consolidation area: `gestadmin consolider` and `gestadmin exporter`."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from gestadmin.cli.common import handle_errors, out_console, progress
from gestadmin.findings import Report
from gestadmin.io.discover import discover
from gestadmin.money import format_xpf
from gestadmin.render import finding_line, summary_line
from gestadmin.services.consolidation import Consolidation, consolidate, write_consolidation
from gestadmin.services.finance_export import FinanceExport, export_to_finance
from gestadmin.settings import Settings, get_settings
from gestadmin.store.db import make_engine

MAX_LINES = 40  # findings printed in text mode (all of them are in the workbook's Anomalies sheet and in --json)


class ConsolidatedKind(StrEnum):
    """Register types accepted by --type."""

    FACTURES = "factures"
    BUDGET = "budget"
    RECETTES = "recettes"


def register(app: typer.Typer) -> None:
    """Attach this area's commands to the main app."""
    app.command("consolider")(consolider)
    app.command("exporter")(exporter)


FolderArg = Annotated[
    Path, typer.Argument(metavar="DOSSIER", help="Dossier des registres (sous-dossiers = services).",
                         show_default=False)
]
TypeOpt = Annotated[
    ConsolidatedKind | None, typer.Option("--type", help="Ne consolider qu'un type de registre.")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Rapport JSON sur la sortie standard.")]
BaseOpt = Annotated[str | None, typer.Option("--base", help="Base de données (URL SQLAlchemy) : cache et journal.")]
NoCacheOpt = Annotated[bool, typer.Option("--sans-cache", help="Relire tous les fichiers (cache ignoré).")]


def _engine(settings: Settings, base: str | None) -> Any:
    return make_engine(base or settings.database_url)


@handle_errors
def consolider(
    dossier: FolderArg,
    sortie: Annotated[Path, typer.Option("--sortie", help="Classeur consolidé à écrire (.xlsx).")] = Path(
        "sorties/Consolidation.xlsx"
    ),
    type_: TypeOpt = None,
    as_json: JsonOpt = False,
    base: BaseOpt = None,
    sans_cache: NoCacheOpt = False,
) -> None:
    """Consolide les registres d'un dossier : contrôle, dédoublonnage, classeur unique avec provenance.

    Les fichiers inchangés depuis la dernière consolidation sont repris du cache (même résultat).
    Code de sortie : 0 sans anomalie, 1 anomalies, 2 dossier illisible.
    """
    settings = get_settings()
    engine = None if sans_cache else _engine(settings, base)
    total = len(discover(dossier)[0]) if dossier.is_dir() else 0
    with progress(total, "Consolidation") as advance:
        result = consolidate(dossier, settings, kind=type_.value if type_ else None, engine=engine,
                             progress=advance)
    digest = write_consolidation(result, sortie)
    if as_json:
        data = result.report.to_dict()
        data["classeur"] = {"fichier": str(sortie), "sha256": digest}
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        _print_consolidation(result, sortie)
    raise typer.Exit(result.report.exit_code())


@handle_errors
def exporter(
    dossier: FolderArg,
    sortie: Annotated[Path, typer.Option("--sortie", help="Dossier des fichiers d'export.")] = Path(
        "sorties/export_finances"
    ),
    correspondance: Annotated[
        Path | None, typer.Option("--correspondance", help="Fichier TOML des colonnes d'export (sinon : défaut).")
    ] = None,
    decimale: Annotated[
        str | None, typer.Option("--decimale", help="Séparateur décimal du CSV (« , » ou « . »).")
    ] = None,
    exercice: Annotated[
        int | None, typer.Option("--exercice", help="Exercice des bordereaux (défaut : année en cours).")
    ] = None,
    type_: TypeOpt = None,
    as_json: JsonOpt = False,
    base: BaseOpt = None,
) -> None:
    """Export vers la direction des finances : registre consolidé (xlsx, CSV) et bordereaux numérotés.

    Chaque fichier écrit est enregistré dans le journal avec son empreinte SHA-256.
    Code de sortie : 0 sans anomalie, 1 anomalies, 2 dossier ou correspondance illisible.
    """
    if decimale is not None and decimale not in (",", "."):
        raise typer.BadParameter("le séparateur décimal doit être « , » ou « . ».", param_hint="--decimale")
    settings = get_settings()
    engine = _engine(settings, base)
    total = len(discover(dossier)[0]) if dossier.is_dir() else 0
    with progress(total, "Export") as advance:
        export = export_to_finance(
            dossier, sortie, settings, engine, mapping_path=correspondance, decimal=decimale,
            kind=type_.value if type_ else None, year=exercice, progress=advance,
        )
    report = export.report
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        _print_export(export)
    raise typer.Exit(report.exit_code())


def _print_findings(report: Report) -> None:
    console = out_console()
    for finding in report.findings[:MAX_LINES]:
        console.print(finding_line(finding, show_file=True))
    if len(report.findings) > MAX_LINES:
        console.print(f"… et {len(report.findings) - MAX_LINES} autre(s) : voir la feuille « Anomalies ».",
                      markup=False)


def _print_consolidation(result: Consolidation, output: Path) -> None:
    console = out_console()
    stats = result.report.stats
    console.print("Consolidation des registres", style="bold", markup=False)
    _print_findings(result.report)
    console.print(
        f"{stats['fichiers']} fichier(s) trouvé(s) : {result.files_read} lu(s), {result.files_cached} repris du "
        f"cache, {stats['fichiers_ignores']} ignoré(s) ou illisible(s), {stats['fichiers_verrouilles']} "
        f"verrou(s) Excel.",
        markup=False,
    )
    for (kind, key), frame in result.tables.items():
        console.print(f"  {kind} / {key} : {len(frame)} ligne(s)", markup=False)
    console.print(f"Doublons retirés : {stats['doublons_retires']}", markup=False)
    console.print(summary_line(result.report.counts()), markup=False)
    console.print(f"Classeur consolidé : {output}", markup=False)


def _print_export(export: FinanceExport) -> None:
    console = out_console()
    console.print("Export vers la direction des finances", style="bold", markup=False)
    report = export.report
    _print_findings(report)
    console.print(f"{len(export.rows)} ligne(s) exportée(s).", markup=False)
    for label, batches, total in export.batch_totals():
        first = f" ({batches['bordereau'].iloc[0]} à {batches['bordereau'].iloc[-1]})" if not batches.empty else ""
        console.print(f"Bordereaux de {label} : {len(batches)}{first}, total {format_xpf(total)}", markup=False)
    console.print(summary_line(report.counts()), markup=False)
    for name, path in export.files.items():
        console.print(f"  {path}  sha256 {export.digests[name][:16]}… (journalisé)", markup=False)
