"""CLI commands of the factures area: `controler`, `statut`, `confirmer-rib`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from gestadmin.cli.common import EXIT_FINDINGS, EXIT_OK, err_console, handle_errors, out_console, progress
from gestadmin.dates import parse_date
from gestadmin.findings import UnreadableInputError
from gestadmin.messages import make_finding
from gestadmin.render import finding_line, summary_line
from gestadmin.services.invoice_report import annotate_copies, summary_lines
from gestadmin.services.invoice_status import change_status_in_file, confirm_bank_change
from gestadmin.services.invoices import check_files
from gestadmin.settings import get_settings
from gestadmin.store.db import make_engine

factures_app = typer.Typer(help="Factures fournisseurs : contrôle, statuts, confirmations de RIB.",
                           no_args_is_help=True, rich_markup_mode=None)

_BASE_HELP = "Base de données (URL SQLAlchemy), par défaut celle des réglages."
Base = Annotated[str | None, typer.Option("--base", help=_BASE_HELP)]


def register(app: typer.Typer) -> None:
    """Attach this area's commands to the main app."""
    app.add_typer(factures_app, name="factures")


def _date(text: str | None, option: str) -> object:
    if text is None:
        return None
    try:
        day = parse_date(text)
    except ValueError:
        day = None
    if day is None:
        raise UnreadableInputError(make_finding("DATE_INVALIDE", label=option, value=text))
    return day


@factures_app.command("controler")
@handle_errors
def controler(
    fichiers: Annotated[list[Path], typer.Argument(help="Registres de factures à contrôler ensemble.")],
    budget: Annotated[Path | None, typer.Option(
        "--budget", help="Classeur de suivi budgétaire (engagements, crédits).")] = None,
    repertoire: Annotated[Path | None, typer.Option(
        "--repertoire", help="Répertoire des tiers partagé (Repertoire_tiers.xlsx).")] = None,
    aujourdhui: Annotated[str | None, typer.Option(
        "--aujourdhui", help="Date du jour JJ/MM/AAAA (par défaut : aujourd'hui).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Rapport JSON sur la sortie standard.")] = False,
    sortie: Annotated[Path | None, typer.Option(
        "--sortie", help="Dossier des copies annotées (par défaut : sorties/).")] = None,
    base: Base = None,
) -> None:
    """Contrôle des factures reçues (les 10 points), délai de mandatement, copies annotées.

    Code de sortie : 0 aucune anomalie, 1 anomalies trouvées, 2 fichier illisible.
    """
    settings = get_settings()
    today = _date(aujourdhui, "--aujourdhui")
    with progress(len(fichiers) + 1, "Contrôle des factures") as advance:
        result = check_files(fichiers, budget=budget, directory=repertoire, today=today,  # type: ignore[arg-type]
                             settings=settings, database_url=base)
        advance("copies annotées")
        copies, notes = annotate_copies(result, fichiers, sortie or settings.output_dir)
    if as_json:
        data = result.to_dict() | {"copies_annotees": [str(c) for c in copies]}
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        console = out_console()
        for finding in result.report.findings + notes:
            console.print(finding_line(finding, show_file=True))
        for line in summary_lines(result):
            console.print(line, markup=False)
        console.print(summary_line(result.report.counts()), markup=False)
        for copy in copies:
            console.print(f"Copie annotée : {copy}", markup=False)
    raise typer.Exit(result.report.exit_code())


@factures_app.command("statut")
@handle_errors
def statut(
    fichier: Annotated[Path, typer.Argument(help="Registre de factures.")],
    ligne: Annotated[int, typer.Option("--ligne", help="Ligne Excel de la facture (feuille Factures).")],
    vers: Annotated[str, typer.Option("--vers", help="Nouveau statut, par exemple « Service fait ».")],
    motif: Annotated[str, typer.Option("--motif", help="Motif du changement (obligatoire).")],
    par: Annotated[str | None, typer.Option("--par", help="Auteur (par défaut : l'utilisateur des réglages).")] = None,
    base: Base = None,
) -> None:
    """Change le statut d'une facture et l'inscrit au journal ; refuse une étape sautée.

    Code de sortie : 0 statut changé, 1 changement refusé, 2 fichier illisible.
    """
    settings = get_settings()
    engine = make_engine(base or settings.database_url)
    change = change_status_in_file(fichier, ligne, vers, motif, engine, actor=par, settings=settings)
    console = out_console() if change.accepted else err_console()
    console.print(finding_line(change.finding, show_file=True))
    raise typer.Exit(EXIT_OK if change.accepted else EXIT_FINDINGS)


@factures_app.command("confirmer-rib")
@handle_errors
def confirmer_rib(
    fournisseur: Annotated[str, typer.Option("--fournisseur", help="Raison sociale du fournisseur.")],
    rib: Annotated[str, typer.Option("--rib", help="Nouveau RIB ou IBAN confirmé.")],
    par: Annotated[str, typer.Option("--par", help="Personne qui a confirmé (au sein du service).")],
    moyen: Annotated[str, typer.Option("--moyen", help="Comment : contre-appel au numéro connu, courrier signé…")],
    ridet: Annotated[str | None, typer.Option("--ridet", help="RIDET du fournisseur (recommandé).")] = None,
    le: Annotated[str | None, typer.Option(
        "--le", help="Date de la confirmation JJ/MM/AAAA (par défaut : aujourd'hui).")] = None,
    base: Base = None,
) -> None:
    """Enregistre la confirmation hors bande d'un changement de RIB (débloque les factures ; journalisé)."""
    import datetime as dt

    settings = get_settings()
    day = _date(le, "--le") or dt.date.today()
    entry, confirmation = confirm_bank_change(
        make_engine(base or settings.database_url), supplier=fournisseur, ridet=ridet, bank_account=rib,
        confirmed_by=par, confirmed_on=day, method=moyen, actor=settings.user,  # type: ignore[arg-type]
    )
    out_console().print(f"RIB {confirmation.bank_account} de « {fournisseur} » confirmé par {par} ({moyen}) : "
                        f"écriture n° {entry} du journal.", markup=False)
