"""CLI commands of the recettes area: emettre, avoir, encaisser, trous, relances."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer

from gestadmin.cli.common import handle_errors, out_console, print_report
from gestadmin.dates import DateError, format_date, parse_date
from gestadmin.findings import Report
from gestadmin.money import format_xpf
from gestadmin.services.revenue import issue_drafts
from gestadmin.services.revenue_credit import create_credit_note
from gestadmin.services.revenue_reports import follow_up, gap_report, record_receipt
from gestadmin.settings import get_settings

app = typer.Typer(help="Facturation des recettes : émission numérotée, avoirs, encaissements, trous, relances.",
                  no_args_is_help=True)

File = Annotated[Path, typer.Argument(help="Registre de facturation des recettes (xlsx).")]
Json = Annotated[bool, typer.Option("--json", help="Sortie JSON.")]
Base = Annotated[str | None, typer.Option("--base", help="URL de la base de numérotation (défaut : réglages).")]
Out = Annotated[Path | None, typer.Option("--sortie", help="Dossier de sortie : copie numérotée et PDF. "
                                          "Sans cette option, le classeur est mis à jour après sauvegarde.")]


def _date(text: str | None) -> dt.date:
    if not text:
        return dt.date.today()
    try:
        day = parse_date(text)
    except DateError:
        day = None
    if day is None:
        raise typer.BadParameter(f"date invalide : {text} (attendu JJ/MM/AAAA)")
    return day


def _finish(report: Report, as_json: bool, title: str, extra: dict[str, object] | None = None) -> int:
    if as_json:
        data = report.to_dict()
        data.update(extra or {})
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        print_report(report, title=title)
    return report.exit_code()


@app.command("emettre")
@handle_errors
def emettre(fichier: File, brouillons: Annotated[str | None, typer.Option(
        "--brouillons", help="Réf. des brouillons à émettre, séparées par des virgules (ex. B-001,B-002).")] = None,
        tous: Annotated[bool, typer.Option("--tous", help="Émettre tous les brouillons.")] = False,
        base: Base = None, sortie: Out = None, as_json: Json = False) -> int:
    """Émet des brouillons : numéro définitif, empreinte, PDF Factur-X, écriture dans le classeur."""
    if not tous and not brouillons:
        raise typer.BadParameter("indiquez --brouillons B-001,B-002 ou --tous")
    refs = None if tous else [r.strip() for r in (brouillons or "").split(",") if r.strip()]
    outcome = issue_drafts(fichier, get_settings(), refs, base, sortie)
    issued = [{"brouillon": i.draft_ref, "numero": i.number, "ttc": i.gross, "pdf": str(i.pdf),
               "deja_emise": i.already_issued} for i in outcome.issued]
    if not as_json and outcome.workbook:
        out_console().print(f"Classeur écrit : {outcome.workbook}"
                            + (f" (sauvegarde : {outcome.backup})" if outcome.backup else ""), markup=False)
    return _finish(outcome.report, as_json, "Émission des factures", {"factures": issued,
                                                               "classeur": str(outcome.workbook or "")})


@app.command("avoir")
@handle_errors
def avoir(fichier: File, facture: Annotated[str, typer.Option("--facture", help="N° de la facture d'origine.")],
          montant: Annotated[int | None, typer.Option("--montant", help="Montant HT de l'avoir partiel.")] = None,
          motif: Annotated[str, typer.Option("--motif", help="Motif de l'avoir.")] = "Avoir",
          date: Annotated[str | None, typer.Option("--date", help="Date d'émission JJ/MM/AAAA.")] = None,
          base: Base = None, sortie: Out = None, as_json: Json = False) -> int:
    """Crée et émet un avoir (total, ou partiel avec --montant) sur une facture émise."""
    outcome = create_credit_note(fichier, get_settings(), facture, montant, motif, _date(date), base, sortie)
    return _finish(outcome.report, as_json, "Avoir", {"avoirs": [i.number for i in outcome.issued]})


@app.command("encaisser")
@handle_errors
def encaisser(fichier: File, facture: Annotated[str, typer.Option("--facture", help="N° de facture encaissée.")],
              montant: Annotated[int, typer.Option("--montant", help="Montant encaissé (F CFP).")],
              date: Annotated[str | None, typer.Option("--date", help="Date d'encaissement JJ/MM/AAAA.")] = None,
              mode: Annotated[str, typer.Option("--mode", help="Mode de paiement.")] = "",
              reference: Annotated[str, typer.Option("--reference", help="Référence du paiement.")] = "",
              sortie: Out = None, as_json: Json = False) -> int:
    """Enregistre un encaissement (total ou partiel) et met à jour le statut de la facture."""
    report = record_receipt(fichier, get_settings(), facture, montant, _date(date), mode, reference, sortie)
    return _finish(report, as_json, "Encaissement")


@app.command("trous")
@handle_errors
def trous(fichiers: Annotated[list[Path], typer.Argument(help="Un ou plusieurs registres.")], base: Base = None,
          as_json: Json = False) -> int:
    """Signale les trous et doublons de numérotation, et les factures émises modifiées."""
    return _finish(gap_report(fichiers, get_settings(), base), as_json, "Contrôle de la numérotation")


@app.command("relances")
@handle_errors
def relances(fichier: File, date: Annotated[str | None, typer.Option("--date", help="Date du jour JJ/MM/AAAA.")] = None,
             base: Base = None, as_json: Json = False) -> int:
    """Balance âgée des factures non soldées et relances à envoyer."""
    result = follow_up(fichier, get_settings(), _date(date), base)
    ages = {label: {"factures": n, "montant": total} for label, (n, total) in result.ageing.items()}
    if not as_json:
        console = out_console()
        console.print(f"Balance âgée au {format_date(_date(date))}", style="bold", markup=False)
        for label, (count, total) in result.ageing.items():
            console.print(f"  {label:<12} {count:>4} facture(s)  {format_xpf(total)}", markup=False)
    return _finish(result.report, as_json, "Relances", {"balance_agee": ages})


def register(root: typer.Typer) -> None:
    """Attach this area's commands to the main app."""
    root.add_typer(app, name="recettes")
