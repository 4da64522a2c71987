"""CLI commands of the journal area: `gestadmin journal verifier`."""

from __future__ import annotations

from typing import Annotated

import typer

from gestadmin.cli.common import handle_errors, print_report
from gestadmin.services.journal_check import verify_journal
from gestadmin.settings import get_settings

journal_app = typer.Typer(help="Journal d'audit (chaîné par empreintes).", no_args_is_help=True, rich_markup_mode=None)


def register(app: typer.Typer) -> None:
    """Attach this area's commands to the main app."""
    app.add_typer(journal_app, name="journal")


@journal_app.command("verifier")
@handle_errors
def verifier(
    base: Annotated[str | None, typer.Option("--base", help="Base de données (URL SQLAlchemy).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Rapport JSON sur la sortie standard.")] = False,
) -> None:
    """Vérifie que le journal n'a pas été modifié : chaque écriture modifiée, supprimée ou ajoutée est nommée.

    Code de sortie : 0 journal intact, 1 altération détectée.
    """
    report = verify_journal(base or get_settings().database_url)
    print_report(report, as_json=as_json, title="Vérification du journal d'audit")
    raise typer.Exit(1 if report.errors else 0)
