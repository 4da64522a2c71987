"""Contract test of « Contrôler les factures » on Office.js payloads of demo registers, run through xlwings'
own engine: the cells it highlights are exactly those of `gestadmin factures controler` on the same file, the
notes carry the codes, the « Anomalies » sheet lists every finding, the alert gives one count per check."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl.utils import column_index_from_string
from typer.testing import CliRunner

from tests.addin import server_env

server_env.apply()

import xlwings as xw  # noqa: E402

from gestadmin.cli import app  # noqa: E402
from gestadmin.rules.invoices import CHECKLIST  # noqa: E402
from gestadmin.services.demo import write_demo  # noqa: E402
from gestadmin.services.invoice_status import confirm_bank_change  # noqa: E402
from gestadmin.settings import get_settings  # noqa: E402
from gestadmin.store.db import make_engine  # noqa: E402
from macros.ribbon import BUTTONS  # noqa: E402
from tests.invoice_books import clean_register  # noqa: E402
from tests.officejs import Action, actions_named, alert_texts, run_on_file, workbook_payload  # noqa: E402

WAHIO = "Registre_factures_2026_Wahio.xlsx"
RED, INFO = "#FFC7CE", "#DDEBF7"


@pytest.fixture(autouse=True)
def _store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'serveur.sqlite3'}"
    monkeypatch.setenv("GESTADMIN_DATABASE_URL", url)
    get_settings.cache_clear()
    return url


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_demo(tmp_path_factory.mktemp("demo"))


def cli_findings(path: Path, url: str, out: Path) -> list[dict[str, Any]]:
    """`gestadmin factures controler FILE --json` (the register alone, today), as the ribbon checks it."""
    result = CliRunner().invoke(app, ["factures", "controler", str(path), "--json", "--base", url,
                                      "--sortie", str(out)])
    assert result.exit_code in (0, 1), result.output
    findings: list[dict[str, Any]] = json.loads(result.stdout)["anomalies"]
    return findings


def positions(path: Path) -> dict[str, int]:
    return {s["name"]: i for i, s in enumerate(workbook_payload(path)["sheets"])}


def fills(actions: list[Action]) -> dict[tuple[int, int, int], str]:
    """(sheet position, physical row, column number) -> fill colour of single cells."""
    return {(a["sheet_position"], a["start_row"] + 1, a["start_column"] + 1): a["args"][0]
            for a in actions_named(actions, "setRangeColor") if a["row_count"] == a["column_count"] == 1}


def notes(actions: list[Action], position: int) -> dict[str, str]:
    return {a["args"][0]: a["args"][1] for a in actions_named(actions, "addNote") if a["sheet_position"] == position}


def anomalies_rows(actions: list[Action]) -> list[list[Any]]:
    added = actions_named(actions, "addSheet")
    assert [a["args"][1] for a in added] == ["Anomalies"]
    writes = [a for a in actions_named(actions, "setValues") if a["sheet_position"] == added[0]["args"][0]]
    rows: list[list[Any]] = writes[0]["values"]
    return rows


def test_the_button_runs_this_script() -> None:
    button = next(b for b in BUTTONS if b.script == "controler_factures")
    assert (button.id, button.label, button.module) == ("ControlerFactures", "Contrôler les factures", "factures")


def test_demo_register_is_marked_like_the_cli(demo: dict[str, Path], _store: str, tmp_path: Path) -> None:
    path = demo[WAHIO]
    actions = run_on_file("controler_factures", path)
    expected = cli_findings(path, _store, tmp_path)
    where = positions(path)
    cells = {(where[f["sheet"]], f["row"], column_index_from_string(f["column"])) for f in expected
             if f["sheet"] in where and f["row"] and f["column"]}
    marked = fills(actions)
    assert set(marked) == cells and len(cells) >= 10  # exactly the CLI's cells, no more
    factures = where["Factures"]
    bank = column_index_from_string("N")
    assert marked[(factures, 40, bank)] == RED  # the planted RIB change is blocked
    note = notes(actions, factures)["$N$40"]
    assert note.startswith("RIB_DIFFERENT : Fraude possible") and "BLOQUÉE" in note
    assert notes(actions, factures)["$E$32"].startswith("FACTURE_QUASI_DOUBLON")  # its pair is in this register
    rows = anomalies_rows(actions)
    assert rows[0] == ["Gravité", "Code", "Feuille", "Cellule", "Champ", "Message"]
    assert sorted((r[1], r[2], r[3]) for r in rows[1:]) == sorted(
        (f["code"], f["sheet"], f["cell"] or (str(f["row"]) if f["row"] else "")) for f in expected)
    alert = alert_texts(actions)
    errors = sum(f["severity"] == "erreur" for f in expected)
    warnings = sum(f["severity"] == "avertissement" for f in expected)
    assert len(alert) == 1 and alert[0].startswith(
        f"Contrôle des factures de « {WAHIO} » : 40 facture(s), {errors} erreur(s), {warnings} avertissement(s).")
    lines = alert[0].split("\n")
    assert [line.rsplit(" : ", 1)[0] for line in lines[1:11]] == [c.label for c in CHECKLIST]
    assert lines[9] == "9. Coordonnées bancaires : 1 anomalie(s)"
    assert lines[-1].endswith("la liste complète est dans la feuille « Anomalies ».")


def test_a_confirmed_rib_change_is_unblocked_in_the_register(demo: dict[str, Path], _store: str) -> None:
    path = demo[WAHIO]
    account = "FR76 1749 9283 2582 6727 0211 382"  # the planted new account of row 40
    assert account in json.dumps(workbook_payload(path), ensure_ascii=False)
    confirm_bank_change(make_engine(_store), supplier="Lagon Télécom Entreprises", ridet=None, bank_account=account,
                        confirmed_by="Marie Wahio", confirmed_on=dt.date(2026, 10, 29), method="contre-appel",
                        actor="marie")
    actions = run_on_file("controler_factures", path)
    factures = positions(path)["Factures"]
    assert fills(actions)[(factures, 40, column_index_from_string("N"))] == INFO
    assert notes(actions, factures)["$N$40"].startswith("RIB_CONFIRME : Changement de RIB confirmé le 29/10/2026")
    assert "9. Coordonnées bancaires : 0 anomalie(s)" in alert_texts(actions)[0]


def test_clean_register_gets_the_all_clear(tmp_path: Path) -> None:
    path = clean_register(tmp_path / "Registre_factures.xlsx", received=dt.date.today() - dt.timedelta(days=3))
    actions = run_on_file("controler_factures", path)
    assert fills(actions) == {} and len(anomalies_rows(actions)) == 1
    text = alert_texts(actions)[0]
    assert all(f"{c.label} : 0 anomalie(s)" in text for c in CHECKLIST)
    assert text.endswith("Aucune anomalie : les factures du registre sont conformes.")


def test_another_register_is_a_french_error(demo: dict[str, Path]) -> None:
    with pytest.raises(xw.XlwingsError, match="« Budget_2026.xlsx » n'est pas un registre des factures fournisseurs"):
        run_on_file("controler_factures", demo["Budget_2026.xlsx"])


def control_column_writes(actions: list[Action], position: int) -> list[Action]:
    return [a for a in actions_named(actions, "setValues") if a["sheet_position"] == position]


def test_the_control_column_gets_one_verdict_per_invoice(demo: dict[str, Path], _store: str) -> None:
    path = demo[WAHIO]  # the demo register has the template's « Contrôle » column (last input column)
    payload = workbook_payload(path)
    factures = positions(path)["Factures"]
    header = payload["sheets"][factures]["values"][0]
    column = header.index("Contrôle")
    actions = run_on_file("controler_factures", path)
    (write,) = [a for a in control_column_writes(actions, factures) if a["start_column"] == column]
    assert write["start_row"] == 1  # from row 2, under the existing header
    verdicts = [row[0] for row in write["values"]]
    assert len(verdicts) == 40
    assert verdicts[40 - 2].startswith("BLOQUÉE (RIB à confirmer) : ")  # row 40: the planted RIB change
    assert verdicts.count("OK") >= 20 and all(v == "OK" or "erreur" in v or "avertissement" in v for v in verdicts)


def test_the_control_column_is_added_when_the_register_has_none(tmp_path: Path) -> None:
    from tests.integration.consolidation_files import invoice, write_register

    path = write_register(tmp_path / "Registre_ancien.xlsx", [invoice("A-1", "F-1"), invoice("A-2", "F-2")])
    header = workbook_payload(path)["sheets"][0]["values"][0]
    assert "Contrôle" not in header
    actions = run_on_file("controler_factures", path)
    writes = control_column_writes(actions, 0)
    used = max(i for i, v in enumerate(header) if v not in (None, "")) + 1
    assert [w["values"] for w in writes if w["start_column"] == used and w["start_row"] == 0] == [[["Contrôle"]]]
    (verdicts,) = [w["values"] for w in writes if w["start_column"] == used and w["start_row"] == 1]
    assert len(verdicts) == 2 and all(row[0] == "OK" or "erreur" in row[0] or "avertissement" in row[0]
                                      for row in verdicts)
