"""Command line: `gestadmin ...`. Thin: parses arguments, calls services, renders reports.

Exit codes: 0 ok, 1 findings (errors or warnings), 2 unreadable input.
"""

from __future__ import annotations

import typer

from gestadmin.cli import budget, consolidation, courriers, factures, journal, recettes, spine, valider

app = typer.Typer(
    name="gestadmin",
    help="gestadmin : registres, contrôles, budget, facturation et consolidation pour les gestionnaires.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

for _module in (spine, valider, factures, budget, recettes, consolidation, courriers, journal):
    _module.register(app)


def main() -> None:
    """Entry point of the `gestadmin` command."""
    app()
