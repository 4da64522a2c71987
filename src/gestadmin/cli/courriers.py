"""CLI of letters, administrative files and filing: `courriers generer|modeles`, `dossiers echeances`, `classer`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer

from gestadmin.cli.common import handle_errors, out_console, print_report
from gestadmin.dates import DateError, parse_date
from gestadmin.findings import Provenance, Report, UnreadableInputError
from gestadmin.messages import make_finding
from gestadmin.model.letters import SPECS, LetterKind, letter_kind, parse_rows
from gestadmin.services.cases import build_digest, digest_records, digest_text, write_digest
from gestadmin.services.filing import file_documents
from gestadmin.services.letters import generate_from_file, regenerate_templates
from gestadmin.settings import get_settings

letters_app = typer.Typer(help="Courriers, notes et comptes rendus préparés depuis les registres (Word + PDF).",
                          no_args_is_help=True)
cases_app = typer.Typer(help="Suivi des dossiers administratifs : échéances et contrôles.", no_args_is_help=True)



def _check_day(text: str | None) -> str | None:
    """Option callback: typer turns BadParameter into a usage error (exit 2) before the command runs."""
    try:
        day = parse_date(text) if text else None
    except DateError:
        day = None
    if text and day is None:
        raise typer.BadParameter(f"date invalide : {text} (attendu JJ/MM/AAAA)")
    return text


def _check_rows(text: str | None) -> str | None:
    if text:
        try:
            parse_rows(text)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None
    return text


Json = Annotated[bool, typer.Option("--json", help="Sortie JSON.")]
Today = Annotated[str | None, typer.Option("--aujourdhui", callback=_check_day,
                                           help="Date de référence JJ/MM/AAAA (défaut : aujourd'hui).")]


def _day(text: str | None) -> dt.date:
    return (parse_date(text) if text else None) or dt.date.today()


def _finish(report: Report, as_json: bool, title: str, extra: dict[str, object]) -> int:
    if as_json:
        typer.echo(json.dumps(report.to_dict() | extra, ensure_ascii=False, indent=2, default=str))
    else:
        print_report(report, title=title)
    return report.exit_code()


def _kind(name: str) -> LetterKind:
    kind = letter_kind(name)
    if kind is None:
        allowed = ", ".join(k.value for k in LetterKind)
        raise UnreadableInputError(make_finding("MODELE_INCONNU", Provenance(), name=name, allowed=allowed))
    return kind


@letters_app.command("generer")
@handle_errors
def generer(
    modele: Annotated[str, typer.Argument(help="Modèle : " + ", ".join(k.value for k in LetterKind) + ".")],
    fichier: Annotated[Path, typer.Argument(help="Registre source (factures, recettes ou dossiers).")],
    lignes: Annotated[str | None, typer.Option("--lignes", callback=_check_rows,
                                               help="Lignes Excel, ex. 5,7-9 (défaut : toutes).")] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="Produire aussi le PDF de chaque courrier (LibreOffice).")] = False,
    sortie: Annotated[Path | None, typer.Option("--sortie", help="Dossier des courriers produits.")] = None,
    aujourdhui: Today = None, as_json: Json = False,
) -> int:
    """Prépare un courrier Word par ligne sélectionnée du registre (et son PDF avec --pdf)."""
    kind = _kind(modele)
    rows = parse_rows(lignes) if lignes else None
    settings = get_settings()
    out_dir = sortie or settings.output_dir / "courriers"
    outcome = generate_from_file(kind, fichier, rows, out_dir, pdf=pdf, settings=settings, today=_day(aujourdhui))
    files = [{"ligne": f.row, "reference": f.key, "docx": str(f.docx), "pdf": str(f.pdf) if f.pdf else None}
             for f in outcome.files]
    if not as_json:
        console = out_console()
        for item in files:
            console.print(f"Ligne {item['ligne']} : {item['docx']}" + (f" + {item['pdf']}" if item["pdf"] else ""),
                          markup=False)
    return _finish(outcome.report, as_json, f"{SPECS[kind].title} : {len(files)} courrier(s)", {"courriers": files})


@letters_app.command("modeles")
@handle_errors
def modeles(dossier: Annotated[Path | None, typer.Option("--dossier", help="Dossier des modèles Word.")] = None,
            ) -> int:
    """Régénère les modèles Word des courriers (en-tête de la direction pris dans les réglages)."""
    for path in regenerate_templates(dossier):
        out_console().print(f"Modèle écrit : {path}", markup=False)
    return 0


@cases_app.command("echeances")
@handle_errors
def echeances(
    fichier: Annotated[Path, typer.Argument(help="Classeur Dossiers.xlsx.")],
    jours: Annotated[int | None, typer.Option("--jours", min=0, help="Horizon en jours (défaut : 14).")] = None,
    aujourdhui: Today = None, as_json: Json = False,
    sortie: Annotated[Path | None, typer.Option("--sortie", help="Dossier où écrire le récapitulatif .txt et .xlsx.")
                      ] = None,
) -> int:
    """Récapitulatif par responsable de ce qui arrive à échéance (et de ce qui est en retard), avec les contrôles."""
    digest = build_digest(fichier, _day(aujourdhui), jours)
    written = [str(p) for p in write_digest(digest, sortie)] if sortie else []
    if not as_json:
        out_console().print(digest_text(digest), markup=False)
        for path in written:
            out_console().print(f"Écrit : {path}", markup=False)
    extra: dict[str, object] = {"echeances": digest_records(digest), "fichiers": written}
    return _finish(digest.report, as_json, "Contrôles des dossiers", extra)


def classer(
    sources: Annotated[list[Path], typer.Argument(help="Pièces à classer (PDF de factures, courriers...).")],
    registre: Annotated[Path, typer.Option("--registre", help="Registre où retrouver les numéros et noter le "
                                                                "classement.")],
    type_: Annotated[str | None, typer.Option("--type", help="Type de registre : factures, recettes ou dossiers.")
                     ] = None,
    racine: Annotated[Path | None, typer.Option("--racine", help="Dossier racine du classement (défaut : réglages).")
                      ] = None,
    numero: Annotated[str | None, typer.Option("--numero", help="Classer toutes les pièces sous ce numéro.")] = None,
    sortie: Annotated[Path | None, typer.Option("--sortie", help="Écrire le registre mis à jour dans ce dossier "
                                                "(sinon : sauvegarde puis mise à jour du registre).")] = None,
    aujourdhui: Today = None, as_json: Json = False,
) -> int:
    """Classe des pièces par exercice / registre / numéro, sans jamais écraser, et les note dans le registre."""
    outcome = file_documents(sources, registre, kind=type_, root=racine, number=numero, out_dir=sortie,
                             today=_day(aujourdhui))
    if not as_json and outcome.register:
        out_console().print(f"Registre écrit : {outcome.register}"
                            + (f" (sauvegarde : {outcome.backup})" if outcome.backup else ""), markup=False)
    extra: dict[str, object] = {"pieces": [{"source": str(f.source), "chemin": str(f.target), "sha256": f.digest,
                                            "etat": f.status} for f in outcome.filed],
                                "registre": str(outcome.register or "")}
    return _finish(outcome.report, as_json, "Classement des pièces", extra)


def register(app: typer.Typer) -> None:
    """Attach this area's commands to the main app."""
    app.add_typer(letters_app, name="courriers")
    app.add_typer(cases_app, name="dossiers")
    app.command("classer")(handle_errors(classer))
