"""Helpers shared by every area's commands: consoles, report printing, exit codes, progress, error handling.

Conventions: reports go to stdout (plain text or JSON), progress bars and error messages to stderr, so that
`gestadmin ... --json > rapport.json` always yields a clean JSON document.
Exit codes: 0 ok, 1 findings (errors or warnings), 2 unreadable input, 3 internal error (a bug, never user data).
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

import click
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from typer.exceptions import TyperException

from gestadmin.findings import Finding, Report, UnreadableInputError
from gestadmin.messages import make_finding
from gestadmin.render import finding_line, summary_line

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE, EXIT_INTERNAL = 0, 1, 2, 3
DEBUG_ENV = "GESTADMIN_DEBUG"

P = ParamSpec("P")
T = TypeVar("T")


def out_console() -> Console:
    """Console on stdout for reports (no wrapping: one finding per line, friendly to grep and pipes)."""
    return Console(soft_wrap=True, highlight=False)


def err_console() -> Console:
    """Console on stderr for progress and error messages."""
    return Console(stderr=True, soft_wrap=True, highlight=False)


def print_report(report: Report, as_json: bool = False, title: str = "") -> None:
    """Print a report on stdout: stable JSON, or French text lines coloured by severity."""
    if as_json:
        typer.echo(report.to_json())
        return
    console = out_console()
    if title:
        console.print(title, style="bold", markup=False)
    for finding in report.findings:
        console.print(finding_line(finding))
    console.print(summary_line(report.counts()), markup=False)


def combine_exit_codes(codes: Iterable[int]) -> int:
    """Worst of several exit codes (2 unreadable beats 1 findings beats 0 ok)."""
    return max(codes, default=EXIT_OK)


def report_exit_code(report: Report) -> int:
    """Exit code of one report: 1 when it holds errors or warnings, else 0."""
    return report.exit_code()


@contextmanager
def progress(total: int, label: str = "Traitement") -> Iterator[Callable[[str], None]]:
    """Progress bar on stderr for multi-item work; yields `advance(description)`. Silent for a single item."""
    if total <= 1:
        yield lambda _description: None
        return
    bar = Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err_console(), transient=True,
    )
    with bar:
        task = bar.add_task(label, total=total)

        def advance(description: str) -> None:
            bar.update(task, advance=1, description=f"{label} : {description}")

        yield advance


def fail(finding: Finding, code: int = EXIT_UNREADABLE, as_json: bool = False) -> typer.Exit:
    """Print a whole-input problem (French, no traceback) and return the Exit to raise."""
    if as_json:
        typer.echo(json.dumps({"erreur": finding.to_dict(), "code_sortie": code}, ensure_ascii=False, indent=2))
    err_console().print(f"Erreur : {finding.render()}", style="red", markup=False)
    return typer.Exit(code)


def handle_errors(command: Callable[P, T]) -> Callable[P, T]:
    """Decorator for commands: unreadable input -> exit 2, unexpected exception -> exit 3, French message.

    `typer.Exit(code)` and aborts pass through with their own exit codes; usage errors (`typer.BadParameter`...)
    keep theirs and are printed as « Erreur : message ».
    A command may also return its exit code as an int: the wrapper then exits with it (0 included).
    Set GESTADMIN_DEBUG=1 to let unexpected exceptions through with their traceback.
    """

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        as_json = bool(kwargs.get("as_json", False))
        try:
            result = command(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise  # normal exits and aborts keep their own codes
        except click.exceptions.Exit as exc:
            # typer >= 0.29 vendors its own click: click's Exit/Abort are no longer typer's, translate them.
            raise typer.Exit(exc.exit_code) from None
        except click.Abort:
            raise typer.Abort() from None
        except (TyperException, click.ClickException) as exc:
            # A usage error raised by the command body (typer.BadParameter with our French message): printed
            # without typer's English "Usage: / Try ... / Error: Invalid value" frame, exit code kept (2).
            err_console().print(f"Erreur : {exc.message}", style="red", markup=False)
            raise typer.Exit(exc.exit_code) from None
        except UnreadableInputError as exc:
            raise fail(exc.finding, EXIT_UNREADABLE, as_json) from None
        except KeyboardInterrupt:
            err_console().print("Interrompu.", markup=False)
            raise typer.Exit(130) from None
        except Exception as exc:
            if os.environ.get(DEBUG_ENV):
                raise
            raise fail(_internal_finding(exc), EXIT_INTERNAL, as_json) from None
        if isinstance(result, int) and not isinstance(result, bool):
            raise typer.Exit(result)
        return result

    return wrapper


def _internal_finding(exc: Exception) -> Finding:
    return make_finding("ERREUR_INTERNE", detail=f"{type(exc).__name__} : {exc}", env=DEBUG_ENV)
