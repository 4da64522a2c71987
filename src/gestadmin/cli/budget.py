"""CLI commands of the budget area: `gestadmin budget situation | coherence | engager | virer`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from gestadmin.cli.common import err_console, handle_errors, out_console, print_report
from gestadmin.dates import DateError, parse_date
from gestadmin.findings import Report
from gestadmin.model.budget_situation import Situation
from gestadmin.money import AmountError, format_xpf, parse_amount
from gestadmin.rules.budget import format_percent
from gestadmin.services.budget import coherence, situation
from gestadmin.services.budget_commit import CommitRequest, TransferRequest, engage, transfer
from gestadmin.settings import get_settings

app = typer.Typer(help="Suivi budgétaire : situation, cohérence avec les registres, engagements, virements.",
                  no_args_is_help=True)

File = Annotated[Path, typer.Argument(help="Classeur de suivi budgétaire (xlsx).")]
Json = Annotated[bool, typer.Option("--json", help="Sortie JSON.")]
Folder = Annotated[Path | None, typer.Option("--registres", help="Dossier des registres de factures et de recettes.")]
Out = Annotated[Path | None, typer.Option("--sortie", help="Dossier où écrire la copie avec la feuille Situation.")]


def register(app_: typer.Typer) -> None:
    """Attach this area's commands to the main app."""
    app_.add_typer(app, name="budget")


def _table(title: str, frame_rows: list[dict[str, object]], key_columns: list[tuple[str, str]]) -> Table:
    table = Table(title=title, title_justify="left")
    for _key, header in key_columns:
        table.add_column(header)
    for header in ("Crédits ouverts", "Engagé", "Mandaté", "Payé", "Disponible", "Restes à réaliser",
                   "Taux d'eng.", "Taux de conso."):
        table.add_column(header, justify="right")
    for rec in frame_rows:
        amounts = [format_xpf(int(str(rec[k]))) for k in ("appropriations", "committed", "mandated", "paid",
                                                           "available", "carry_forward")]
        rates = [format_percent(rec["commitment_rate"]), format_percent(rec["spend_rate"])]
        table.add_row(*[str(rec[k] or "") for k, _h in key_columns], *amounts, *rates)
    return table


def print_situation(result: Situation) -> None:
    """The situation as rich tables in French (sections with the total, then chapters)."""
    console = out_console()
    console.print(f"Situation budgétaire {result.fiscal_year} : {result.file}", style="bold", markup=False)
    sections = [*result.sections.to_dict("records"), {"section": "Total", **result.total}]
    console.print(_table("Par section (dépenses)", sections, [("section", "Section")]))  # type: ignore[arg-type]
    console.print(_table("Par chapitre (dépenses)", result.chapters.to_dict("records"),  # type: ignore[arg-type]
                         [("section", "Section"), ("chapter", "Chapitre")]))
    if not result.revenue.empty:
        issued = int(result.revenue["issued"].sum())
        console.print(f"Recettes : prévisions {format_xpf(int(result.revenue['forecast'].sum()))}, titres émis "
                      f"{format_xpf(issued)}, encaissé {format_xpf(int(result.revenue['collected'].sum()))}.",
                      markup=False)
    if not result.contracts.empty:
        contracts = result.contracts
        total, committed, invoiced = (format_xpf(int(contracts[k].sum())) for k in ("total", "committed", "invoiced"))
        console.print(f"Marchés et conventions : {len(contracts)}, montant total {total}, engagé {committed}, "
                      f"facturé {invoiced}.", markup=False)


def _usage(message: str) -> int:
    """A bad option value: French message on stderr, exit 2 (as typer does for its own checks)."""
    err_console().print(f"Erreur : {message}", style="red", markup=False)
    return 2


def _whole_francs(text: str) -> int | None:
    """An amount option in whole francs (`250000`, `250 000`), or None when it is not one."""
    try:
        amount = parse_amount(text)
    except AmountError:
        return None
    return int(amount) if amount is not None and amount == int(amount) else None


def _written(report: Report, accepted: bool, workbook: Path | None, backup: Path | None, title: str,
             as_json: bool, extra: dict[str, object]) -> int:
    """Report of a command that writes the budget workbook (engager, virer); exit 0 accepted, 1 refused."""
    if not as_json:
        print_report(report, title=title)
        if workbook:
            out_console().print(f"Classeur écrit : {workbook}" + (f" (sauvegarde : {backup})" if backup else ""),
                                markup=False)
    else:
        typer.echo(json.dumps(report.to_dict() | {"accepte": accepted, **extra, "classeur": str(workbook or "")},
                              ensure_ascii=False, indent=2, default=str))
    return 0 if accepted else 1


def _finish(report: Report, as_json: bool, extra: dict[str, object]) -> int:
    if as_json:
        data = report.to_dict() | extra
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        print_report(report, title="Contrôles")
    return report.exit_code()


@app.command("situation")
@handle_errors
def situation_command(fichier: File, registres: Folder = None, sortie: Out = None, as_json: Json = False) -> int:
    """Situation budgétaire : tableaux par section et chapitre, contrôles, feuille Situation dans une copie."""
    outcome = situation(fichier, get_settings(), registers_dir=registres, output_dir=sortie)
    if not as_json:
        print_situation(outcome.situation)
        out_console().print(f"Copie avec la feuille Situation : {outcome.workbook}", markup=False)
    return _finish(outcome.report, as_json, {"situation": outcome.situation.to_dict(), "copie": str(outcome.workbook)})


@app.command("coherence")
@handle_errors
def coherence_command(fichier: File, registres: Annotated[Path, typer.Option(
        "--registres", help="Dossier des registres de factures et de recettes.")], as_json: Json = False) -> int:
    """Cohérence du budget avec les registres : imputations, engagements, mandats ligne par ligne."""
    return _finish(coherence(fichier, registres, get_settings()), as_json, {})


@app.command("engager")
@handle_errors
def engager_command(
    fichier: File,
    imputation: Annotated[str, typer.Option("--imputation", help="Code imputation de la ligne (ex. F-011-6064).")],
    montant: Annotated[str, typer.Option("--montant", help="Montant TTC en F CFP (ex. 250000 ou « 250 000 »).")],
    tiers: Annotated[str, typer.Option("--tiers", help="Tiers (fournisseur, titulaire).")],
    objet: Annotated[str, typer.Option("--objet", help="Objet de l'engagement.")] = "",
    marche: Annotated[str | None, typer.Option("--marche", help="N° de marché ou de convention.")] = None,
    date: Annotated[str | None, typer.Option("--date", help="Date d'engagement JJ/MM/AAAA (défaut : aujourd'hui).")]
    = None,
    confirmer: Annotated[bool, typer.Option("--confirmer", help="Confirmer un dépassement du disponible "
                                            "(mode « avertir »).")] = False,
    sortie: Out = None,
    as_json: Json = False,
) -> int:
    """Engager une dépense : contrôle du disponible, refus ou avertissement, journal d'audit, écriture."""
    amount = _whole_francs(montant)
    if amount is None:
        return _usage(f"montant invalide : {montant} (entier en F CFP)")
    try:
        day = parse_date(date) if date else None
    except DateError:
        day = None
    if date and day is None:
        return _usage(f"date invalide : {date} (attendu JJ/MM/AAAA)")
    request = CommitRequest(imputation, amount, tiers, objet, contract_ref=marche, date=day)
    outcome = engage(fichier, request, get_settings(), confirm=confirmer, output_dir=sortie)
    return _written(outcome.report, outcome.accepted, outcome.workbook, outcome.backup, "Engagement", as_json,
                    {"numero": outcome.number})


@app.command("virer")
@handle_errors
def virer_command(
    fichier: File,
    source: Annotated[str, typer.Option("--de", help="Imputation qui cède les crédits (ex. F-011-6068).")],
    cible: Annotated[str, typer.Option("--vers", help="Imputation qui reçoit les crédits (ex. F-011-6064).")],
    montant: Annotated[str, typer.Option("--montant", help="Montant en F CFP (ex. 100000 ou « 100 000 »).")],
    motif: Annotated[str, typer.Option("--motif", help="Motif du virement (journal d'audit).")] = "",
    confirmer: Annotated[bool, typer.Option("--confirmer", help="Confirmer un virement entre chapitres.")] = False,
    sortie: Out = None,
    as_json: Json = False,
) -> int:
    """Virement de crédits entre deux lignes : libre dans un chapitre, à confirmer entre chapitres, journalisé."""
    amount = _whole_francs(montant)
    if amount is None:
        return _usage(f"montant invalide : {montant} (entier en F CFP)")
    request = TransferRequest(source, cible, amount, motif)
    outcome = transfer(fichier, request, get_settings(), confirm=confirmer, output_dir=sortie)
    return _written(outcome.report, outcome.accepted, outcome.workbook, outcome.backup, "Virement", as_json, {})
