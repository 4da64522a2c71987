"""Contract test of the ribbon script « Situation budgétaire » on Office.js payloads made from the demo budget,
run by xlwings' own engine (tests/officejs.py): the Situation sheet is added (or cleared) and filled from A1 with
the same figures as `gestadmin budget situation`, and the alert gives the totals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from gestadmin.io.situation import situation_grid
from gestadmin.money import format_xpf
from gestadmin.services.budget import situation
from gestadmin.services.demo import write_demo
from gestadmin.settings import get_settings
from macros.ribbon import BUTTONS
from tests.officejs import actions_named, alert_texts, run_script, workbook_payload


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    write_demo(folder)
    return folder


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GESTADMIN_DATABASE_URL", f"sqlite:///{tmp_path / 'store.sqlite3'}")
    monkeypatch.setenv("GESTADMIN_OUTPUT_DIR", str(tmp_path / "sorties"))
    get_settings.cache_clear()


def _grid(actions: list[dict[str, Any]]) -> list[list[Any]]:
    writes = [a for a in actions_named(actions, "setValues") if (a["start_row"], a["start_column"]) == (0, 0)]
    assert len(writes) == 1
    values: list[list[Any]] = writes[0]["values"]
    return values


def _rows(grid: list[list[Any]], first: str) -> list[list[Any]]:
    return [row for row in grid if row and row[0] == first]


def test_situation_budgetaire_adds_and_fills_the_situation_sheet(demo: Path) -> None:
    actions = run_script("situation_budgetaire", workbook_payload(demo / "Budget_2026.xlsx"))
    added = actions_named(actions, "addSheet")
    assert added and added[0]["args"][1] == "Situation"
    grid = _grid(actions)
    # the same cells as the sheet of the CLI's copy, computed by the CLI's path (file reader, no registers)
    cli = situation(demo / "Budget_2026.xlsx", get_settings(), write=False, today=dt.date.today()).situation
    expected = situation_grid(cli, get_settings().budget.commitment_rate_alert)
    assert [[("" if v is None else v) for v in row] + [""] * (len(grid[0]) - len(row)) for row in expected] == grid
    assert grid[0][0] == "Situation budgétaire 2026"
    assert grid[4][0] == "Section" and "Crédits ouverts" in grid[4]
    sections = grid[5:grid.index(_rows(grid, "Total")[0])]  # Fonctionnement, Investissement
    assert [row[0] for row in sections] == ["Fonctionnement", "Investissement"]
    assert [sum(row[c] for row in sections) for c in (3, 4, 5, 6)] == [
        cli.total["appropriations"], cli.total["committed"], cli.total["mandated"], cli.total["paid"]]
    assert all(str(v).startswith("=") for v in _rows(grid, "Total")[0][3:8])  # totals and Disponible: live formulas
    assert [row[2] for row in grid if row[:1] in (["MAR-2025-014"], ["MAR-2024-022"])] == [
        "Lagon Télécom Entreprises", "Calédonie Bureautique Services"]  # the Marchés table
    (alert,) = alert_texts(actions)
    assert alert.startswith("Situation 2026 mise à jour")
    assert f"disponible {format_xpf(cli.total['available'])}" in alert
    assert "3 erreur(s)" in alert  # overcommitted line, commitment on a missing line, contract overrun


def test_refresh_clears_an_existing_situation_sheet_and_keeps_the_cli_layout(demo: Path, tmp_path: Path) -> None:
    copy = situation(demo / "Budget_2026.xlsx", get_settings(), output_dir=tmp_path / "copie",
                     today=dt.date.today()).workbook
    assert copy is not None
    actions = run_script("situation_budgetaire", workbook_payload(copy))
    assert actions_named(actions, "addSheet") == []
    clear = actions_named(actions, "rangeClearContents")
    assert clear and clear[0]["sheet_position"] == 0  # the Situation sheet is the copy's first sheet
    grid = _grid(actions)
    assert actions.index(clear[0]) < actions.index(actions_named(actions, "setValues")[0])
    written = workbook_payload(copy)["sheets"][0]["values"]  # the CLI's sheet: same labels in the same cells
    assert grid[1][0].startswith("Classeur Budget_2026_situation.xlsx, arrêtée au")  # the open workbook's name
    assert [row[0] for i, row in enumerate(grid) if i != 1] == [row[0] for i, row in enumerate(written) if i != 1]


def test_the_button_is_on_the_ribbon() -> None:
    button = next(b for b in BUTTONS if b.script == "situation_budgetaire")
    assert (button.label, button.module, button.group) == ("Situation budgétaire", "budget", "Budget")
