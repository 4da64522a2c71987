"""`handle_errors`: exits, aborts and usage errors raised inside a command keep their exit codes (typer >= 0.29
vendors its own click, so its exceptions are not click's); returned ints become the exit code; real bugs -> 3."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
import typer
from typer.testing import CliRunner

from gestadmin.cli import app as gestadmin_app
from gestadmin.cli.common import EXIT_INTERNAL, handle_errors
from gestadmin.findings import Provenance, UnreadableInputError
from gestadmin.messages import make_finding

runner = CliRunner()
app = typer.Typer()


@app.command("sortie")
@handle_errors
def sortie(code: int) -> None:
    raise typer.Exit(code)


@app.command("sortie-click")
@handle_errors
def sortie_click(code: int) -> None:
    raise click.exceptions.Exit(code)


@app.command("parametre")
@handle_errors
def parametre() -> None:
    raise typer.BadParameter("date invalide : 31/02/2026 (attendu JJ/MM/AAAA)")


@app.command("abandon")
@handle_errors
def abandon() -> None:
    raise typer.Abort()


@app.command("renvoie")
@handle_errors
def renvoie(code: int) -> int:
    typer.echo("travail fait")
    return code


@app.command("illisible")
@handle_errors
def illisible() -> None:
    raise UnreadableInputError(make_finding("FICHIER_ILLISIBLE", Provenance(file="x.xlsx"), detail="zip abîmé"))


@app.command("bogue")
@handle_errors
def bogue() -> None:
    raise RuntimeError("boum")


@pytest.fixture(autouse=True)
def _no_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GESTADMIN_DEBUG", raising=False)


@pytest.mark.parametrize("code", [0, 1, 2, 4])
def test_typer_exit_keeps_its_code(code: int) -> None:
    result = runner.invoke(app, ["sortie", str(code)])
    assert result.exit_code == code
    assert "Erreur interne" not in result.output


@pytest.mark.parametrize("code", [0, 1, 5])
def test_click_exit_keeps_its_code(code: int) -> None:
    result = runner.invoke(app, ["sortie-click", str(code)])
    assert result.exit_code == code
    assert "Erreur interne" not in result.output


def test_usage_error_inside_a_command_keeps_exit_2_and_reads_french() -> None:
    result = runner.invoke(app, ["parametre"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "Erreur : date invalide : 31/02/2026 (attendu JJ/MM/AAAA)"
    assert "Erreur interne" not in result.output


def test_abort_is_not_a_crash() -> None:
    result = runner.invoke(app, ["abandon"])
    assert result.exit_code == 1
    assert "Erreur interne" not in result.output


@pytest.mark.parametrize("code", [0, 1, 2])
def test_returned_int_is_the_exit_code(code: int) -> None:
    result = runner.invoke(app, ["renvoie", str(code)])
    assert result.exit_code == code
    assert "travail fait" in result.stdout


def test_unreadable_input_is_exit_2_in_french() -> None:
    result = runner.invoke(app, ["illisible"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Erreur : ")
    assert "Traceback" not in result.output


def test_unexpected_exception_is_an_internal_error() -> None:
    result = runner.invoke(app, ["bogue"])
    assert result.exit_code == EXIT_INTERNAL
    assert "Erreur interne inattendue (RuntimeError : boum)" in result.stderr


@pytest.mark.parametrize("args", [
    ["recettes", "relances", "{file}", "--date", "31/02/2026"],
    ["recettes", "encaisser", "{file}", "--facture", "R-1", "--montant", "100", "--date", "31/02/2026"],
    ["budget", "engager", "{file}", "--imputation", "F-011-6064", "--montant", "100", "--tiers", "T",
     "--date", "31/02/2026"],
    ["dossiers", "echeances", "{file}", "--aujourdhui", "31/02/2026"],
])
def test_real_commands_refuse_an_impossible_date_as_a_usage_error(tmp_path: Path, args: list[str]) -> None:
    workbook = tmp_path / "Classeur.xlsx"
    workbook.write_bytes(b"")
    result = runner.invoke(gestadmin_app, [a.replace("{file}", str(workbook)) for a in args])
    assert result.exit_code == 2, result.output
    assert "date invalide : 31/02/2026 (attendu JJ/MM/AAAA)" in result.output
    assert "Erreur interne" not in result.output and "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def _command_paths(command: object, prefix: tuple[str, ...] = ()) -> list[str]:
    subcommands = getattr(command, "commands", None)
    if not subcommands:
        return [" ".join(prefix)]
    return [path for name, sub in subcommands.items() for path in _command_paths(sub, (*prefix, name))]


def test_readme_lists_every_command_with_a_line_each() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    commands = _command_paths(typer.main.get_command(gestadmin_app))
    assert len(commands) >= 20
    missing = [c for c in commands if f"| `gestadmin {c}` |" not in readme]
    assert not missing, f"commandes absentes du README : {missing}"
