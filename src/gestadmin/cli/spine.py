"""CLI commands of the spine area: `gestadmin modeles` and `gestadmin demo`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gestadmin.demo import DEMO_SEED

TEMPLATES_DIR = Path("workbooks/modeles")
DEMO_DIR = Path("workbooks/demo")
DEMO_OUTPUT_DIR = Path("sorties/demo")


def register(app: typer.Typer) -> None:
    """Attach this area's commands to the main app."""
    app.command("modeles")(templates_command)
    app.command("demo")(demo_command)


def templates_command(
    sortie: Annotated[Path, typer.Option("--sortie", help="Dossier où écrire les modèles.")] = TEMPLATES_DIR,
) -> None:
    """Générer les modèles de classeurs structurés (un par registre)."""
    from gestadmin.services.templates import generate_templates

    for path in generate_templates(sortie):
        typer.echo(f"Modèle écrit : {path}")


def demo_command(
    sortie: Annotated[Path, typer.Option("--sortie", help="Dossier des classeurs de démonstration.")] = DEMO_DIR,
    graine: Annotated[int, typer.Option("--graine", help="Graine du générateur (même graine, mêmes données).")]
    = DEMO_SEED,
    resultats: Annotated[Path, typer.Option("--resultats", help="Dossier des sorties des étapes.")]
    = DEMO_OUTPUT_DIR,
) -> None:
    """Générer les classeurs de démonstration puis dérouler chaque étape de la démonstration."""
    from gestadmin.services.demo import run_demo

    for name, lines in run_demo(sortie, resultats, graine):
        typer.echo(f"== {name}")
        for line in lines:
            typer.echo(f"   {line}")
