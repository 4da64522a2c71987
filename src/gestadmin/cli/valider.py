"""CLI command `gestadmin valider`: check registers, print a French (or JSON) report, write annotated copies."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from gestadmin.cli.common import combine_exit_codes, handle_errors, out_console, progress
from gestadmin.render import finding_line, report_dict, rows_summary, summary_line, total_counts
from gestadmin.services.validation import FileValidation, expand_paths, validate_paths
from gestadmin.settings import get_settings


class RegisterKind(StrEnum):
    """Register types accepted by --type."""

    FACTURES = "factures"
    BUDGET = "budget"
    RECETTES = "recettes"
    DOSSIERS = "dossiers"


def register(app: typer.Typer) -> None:
    """Attach this area's commands to the main app."""
    app.command("valider")(valider)


@handle_errors
def valider(
    fichiers: Annotated[
        list[Path],
        typer.Argument(metavar="FICHIER", help="Registres à contrôler (fichiers ou dossiers).", show_default=False),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Rapport JSON sur la sortie standard.")] = False,
    sortie: Annotated[
        Path | None, typer.Option("--sortie", help="Dossier des copies annotées (par défaut : sorties/).")
    ] = None,
    type_: Annotated[
        RegisterKind | None, typer.Option("--type", help="Type de registre, s'il n'est pas reconnu seul.")
    ] = None,
    sans_copie: Annotated[bool, typer.Option("--sans-copie", help="Ne pas écrire de copie annotée.")] = False,
) -> None:
    """Contrôle des registres : anomalies par cellule, copie annotée `<nom>_annote.xlsx`.

    Code de sortie : 0 aucune anomalie, 1 anomalies trouvées, 2 fichier illisible.
    """
    settings = get_settings()
    paths = expand_paths(fichiers)
    out_dir = None if sans_copie else (sortie or settings.output_dir)
    with progress(len(paths), "Contrôle") as advance:
        results = validate_paths(
            paths, settings, kind=type_.value if type_ else None, out_dir=out_dir,
            on_done=lambda result: advance(result.path.name),
        )
    code = combine_exit_codes(result.exit_code for result in results)
    if as_json:
        typer.echo(json.dumps(_json(results, code), ensure_ascii=False, indent=2, default=str))
    else:
        _print_text(results)
    raise typer.Exit(code)


def _json(results: list[FileValidation], code: int) -> dict[str, Any]:
    files = [
        report_dict(
            result.report, fichier=str(result.path), lisible=result.readable,
            copie_annotee=str(result.annotated) if result.annotated else None,
            notes=[note.to_dict() for note in result.notes],
        )
        for result in results
    ]
    return {"fichiers": files, "comptes": total_counts([r.report for r in results]), "code_sortie": code}


def _print_text(results: list[FileValidation]) -> None:
    console = out_console()
    for result in results:
        details = rows_summary(result.report.stats) if result.readable else "illisible"
        console.print(f"{result.path} ({details})", style="bold", markup=False)
        for finding in result.report.findings:
            console.print(finding_line(finding))
        for note in result.notes:
            console.print(finding_line(note))
        if result.readable:
            console.print("  " + summary_line(result.report.counts()), markup=False)
        if result.annotated:
            console.print(f"  Copie annotée : {result.annotated}", markup=False)
    if len(results) > 1:
        console.print(f"Total ({len(results)} fichiers) : {summary_line(total_counts([r.report for r in results]))}",
                      style="bold", markup=False)
