"""Contract tests: the ribbon scripts on Office.js payloads made from the real template and demo workbooks,
run through xlwings' own engine; assertions on the returned actions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.comments import Comment
from openpyxl.utils import column_index_from_string

from tests.addin import server_env

server_env.apply()

import xlwings as xw  # noqa: E402

from gestadmin.io.layouts import register  # noqa: E402
from gestadmin.services.demo import write_demo  # noqa: E402
from gestadmin.services.templates import generate_templates  # noqa: E402
from gestadmin.services.validation import validate_file  # noqa: E402
from tests.officejs import Action, actions_named, alert_texts, run_on_file  # noqa: E402

TEMPLATE_KINDS = {"Registre_factures_fournisseurs.xlsx": "factures", "Budget.xlsx": "budget",
                  "Registre_facturation_recettes.xlsx": "recettes", "Dossiers.xlsx": "dossiers"}


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {p.name: p for p in generate_templates(tmp_path_factory.mktemp("modeles"))}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_demo(tmp_path_factory.mktemp("demo"))


def colored(actions: list[Action]) -> dict[tuple[int, int, int], str]:
    """(sheet position, physical row, column number) -> fill colour, for single cells."""
    return {(a["sheet_position"], a["start_row"] + 1, a["start_column"] + 1): a["args"][0]
            for a in actions_named(actions, "setRangeColor") if a["row_count"] == a["column_count"] == 1}


def anomalies_rows(actions: list[Action]) -> list[list[Any]]:
    added = actions_named(actions, "addSheet")
    assert [a["args"][1] for a in added] == ["Anomalies"]
    position = added[0]["args"][0]
    writes = [a for a in actions_named(actions, "setValues") if a["sheet_position"] == position]
    rows: list[list[Any]] = writes[0]["values"]
    return rows


def planted_invoice_register(templates: dict[str, Path], tmp_path: Path) -> Path:
    book = openpyxl.load_workbook(templates["Registre_factures_fournisseurs.xlsx"])
    sheet = book["Factures"]
    header = {c.value: c.column_letter for c in sheet[1]}
    rows = [{"N° d'enregistrement": "2026-0001", "Date de réception": dt.date(2026, 11, 2), "Fournisseur": "SARL Test",
             "RIDET": "12345.001", "RIB / IBAN": "30006 00001 12345678901 88"},
            {"N° d'enregistrement": "2026-0001", "Date de réception": dt.date(2026, 11, 3), "Fournisseur": "SARL Test",
             "RIDET": "1234567.001", "RIB / IBAN": "30006 00001 12345678901 89"}]
    for number, record in enumerate(rows, start=2):
        for title, value in record.items():
            sheet[f"{header[title]}{number}"] = value
    sheet["C3"].comment = Comment("ancienne note", "agent")
    path = tmp_path / "Registre_factures_2026.xlsx"
    book.save(path)
    return path


def test_valider_highlights_notes_lists_and_alerts(templates: dict[str, Path], tmp_path: Path) -> None:
    path = planted_invoice_register(templates, tmp_path)
    actions = run_on_file("valider_feuille", path)
    report = validate_file(path)
    expected_cells = {(0, f.provenance.row, column_index_from_string(f.provenance.column)) for f in report.findings
                      if f.provenance.sheet == "Factures" and f.provenance.row and f.provenance.column}
    fills = colored(actions)
    assert {cell for cell in fills if cell[0] == 0} == expected_cells  # exactly the CLI's cells, no more
    assert fills[(0, 2, 4)] == "#FFC7CE"  # D2: malformed RIDET, an error
    assert (0, 3, 4) not in fills  # D3: a good RIDET stays white
    rib = column_index_from_string(next(f.provenance.column for f in report.findings if f.code == "RIB_INVALIDE"))
    assert fills[(0, 2, rib)] == "#FFC7CE" and (0, 3, rib) not in fills
    notes = {a["args"][0]: a["args"][1] for a in actions_named(actions, "addNote")}
    assert notes["$D$2"].startswith("RIDET_INVALIDE : ") and "CLE_EN_DOUBLE" in notes["$A$2"]
    assert "$C$3" not in notes and any(a["func"] == "setNoteText" for a in actions)  # an existing note is replaced
    rows = anomalies_rows(actions)
    assert rows[0] == ["Gravité", "Code", "Feuille", "Cellule", "Champ", "Message"]
    assert sorted((r[1], r[3]) for r in rows[1:]) == sorted(
        (f.code, f"{f.provenance.column}{f.provenance.row}" if f.provenance.column else str(f.provenance.row or ""))
        for f in report.findings)
    errors, warnings = len(report.errors), len(report.warnings)
    assert alert_texts(actions) == [
        f"Validation de « {path.name} » : {errors} erreurs et {warnings} avertissement{'s' if warnings > 1 else ''}. "
        "Les cellules concernées sont surlignées et commentées ; la liste complète est dans la feuille « Anomalies »."]


def test_valider_on_the_demo_registers_matches_the_cli(demo: dict[str, Path]) -> None:
    for name, path in demo.items():
        if path.suffix != ".xlsx":
            continue
        actions = run_on_file("valider_feuille", path)
        report = validate_file(path)
        assert len(anomalies_rows(actions)) == len(report.findings) + 1, name
        counted = f"{len(report.errors)} erreur"
        assert counted in alert_texts(actions)[0] or not report.errors, name


@pytest.mark.parametrize("name", sorted(TEMPLATE_KINDS))
def test_valider_on_each_template_finds_no_error(templates: dict[str, Path], name: str) -> None:
    actions = run_on_file("valider_feuille", templates[name])
    assert anomalies_rows(actions)[0][0] == "Gravité"
    assert "erreur" not in alert_texts(actions)[0]


def test_valider_on_a_workbook_that_is_no_register_is_a_french_error(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Feuil1"
    book.save(tmp_path / "autre.xlsx")
    with pytest.raises(xw.XlwingsError, match="Type de registre non reconnu"):
        run_on_file("valider_feuille", tmp_path / "autre.xlsx")


@pytest.mark.parametrize(("name", "sheet", "table"), [
    ("Registre_factures_fournisseurs.xlsx", "Factures (2)", "tFactures2"),
    ("Budget.xlsx", "Lignes budgétaires (2)", "tLignesBudgetaires2"),
])
def test_nouveau_registre_adds_a_structured_sheet(templates: dict[str, Path], name: str, sheet: str,
                                                  table: str) -> None:
    actions = run_on_file("nouveau_registre", templates[name])
    layout = register(TEMPLATE_KINDS[name]).sheets[0]
    added = actions_named(actions, "addSheet")
    assert [a["args"][1] for a in added] == [sheet]
    position = added[0]["args"][0]
    headers = next(a["values"] for a in actions_named(actions, "setValues") if a["sheet_position"] == position)
    assert headers == [[c.header for c in layout.columns]]
    tables = actions_named(actions, "addTable")
    assert [(a["sheet_position"], a["args"][1], a["args"][3]) for a in tables] == [(position, True, table)]
    formats = {a["start_column"]: a["args"][0] for a in actions_named(actions, "setNumberFormat")}
    assert formats[[c.field for c in layout.columns].index(layout.key_field or "")] == "@"  # ids stay text
    assert any(a["func"] == "setFormula" for a in actions) == any(c.is_formula for c in layout.columns)
    assert alert_texts(actions) == [f"Feuille « {sheet} » ajoutée ({register(TEMPLATE_KINDS[name]).title})."]


def test_nouveau_registre_adds_the_missing_sheet_of_the_register(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Factures"
    book.save(tmp_path / "partiel.xlsx")
    actions = run_on_file("nouveau_registre", tmp_path / "partiel.xlsx")
    assert [a["args"][1] for a in actions_named(actions, "addSheet")] == ["Lignes de facture"]
