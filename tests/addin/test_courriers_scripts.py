"""Contract tests of « Générer les courriers » and « Échéances à venir » on Office.js payloads (xlwings engine).

The payloads are read by the project's reader (`io.reader.read_frames`).
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from tests.addin import server_env

server_env.apply()  # the server's settings, as the add-in server reads them at its start

import xlwings as xw  # noqa: E402
from xlwings_server.config import settings as server_settings  # noqa: E402

from gestadmin.demo import cases as demo_cases  # noqa: E402
from gestadmin.io.demo_writer import write_register  # noqa: E402
from gestadmin.services.download_links import is_valid  # noqa: E402
from gestadmin.settings import Settings, get_settings  # noqa: E402
from macros.ribbon import BUTTONS  # noqa: E402
from tests.officejs import actions_named, alert_texts, run_script, script_include, workbook_payload  # noqa: E402
from tests.unit.letter_data import INVOICES  # noqa: E402

SECRET = "cle-secrete-du-serveur"


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GESTADMIN_OUTPUT_DIR", str(tmp_path / "serveur"))
    monkeypatch.setenv("GESTADMIN_LETTERS__TEMPLATES_DIR", str(tmp_path / "modeles"))
    monkeypatch.setattr(server_settings, "hostname", "gestadmin.intranet.nc")  # XLWINGS_HOSTNAME
    monkeypatch.setattr(server_settings, "app_path", "")
    monkeypatch.setattr(server_settings, "secret_key", SECRET)  # XLWINGS_SECRET_KEY
    get_settings.cache_clear()


def _hyperlink(formula: str, label: str) -> tuple[str, str, int, str]:
    """(route base, path under the downloads folder, expire, signature) of =HYPERLINK("url","label")."""
    prefix, suffix = '=HYPERLINK("', f'","{label}")'
    assert formula.startswith(prefix) and formula.endswith(suffix), formula
    link = urlsplit(formula[len(prefix):-len(suffix)])
    base, _, relative = link.path.partition("/telechargements/")
    query = parse_qs(link.query)
    return (f"{link.scheme}://{link.netloc}{base}/telechargements/", unquote(relative), int(query["expire"][0]),
            query["signature"][0])


def _payload(path: Path, selection: str, script: str, active: int = 0) -> dict[str, Any]:
    return workbook_payload(path, selection=selection, include=script_include(script), active_sheet=active)


def test_both_buttons_point_to_the_scripts_of_this_module() -> None:
    mine = {b.script: b for b in BUTTONS if b.module == "courriers"}
    assert sorted(mine) == ["echeances_a_venir", "generer_courriers"]
    assert mine["generer_courriers"].label == "Générer les courriers"
    assert mine["echeances_a_venir"].label == "Échéances à venir"


def test_echeances_writes_the_digest_sheet_with_the_planted_items(tmp_path: Path) -> None:
    today = dt.date.today()  # the ribbon has no date option: the demo rows are built around today
    path = write_register("dossiers", demo_cases.build(random.Random(0), today), tmp_path / "Dossiers.xlsx",
                          Settings())
    actions = run_script("echeances_a_venir", _payload(path, "A1", "echeances_a_venir"))
    assert [a["args"][1] for a in actions_named(actions, "addSheet")] == ["Échéances à venir"]
    table = next(a["values"] for a in actions_named(actions, "setValues") if a["values"][0][0] == "Responsable")
    assert table[0][:3] == ["Responsable", "Échéance", "État"]
    keys = {"Dossiers": "cases", "Jalons": "milestones"}
    listed = sorted((keys[r[7]], int(r[8]), "en retard" if "RETARD" in r[2] else "à échéance") for r in table[1:])
    assert listed == sorted(demo_cases.expected_due())
    assert alert_texts(actions)[0].endswith("3 en retard, 5 à échéance.")


def test_generer_courriers_returns_download_links_for_the_selected_rows(tmp_path: Path) -> None:
    rows = [dict(r) for r in INVOICES]
    rows[0]["bank_account"] = "14158 01000 00000000000 18"
    path = write_register("factures", {"invoices": rows}, tmp_path / "Registre_factures.xlsx", Settings())
    actions = run_script("generer_courriers", _payload(path, "A2:A3", "generer_courriers"))
    table = next(a["values"] for a in actions_named(actions, "setValues") if a["values"][0][0] == "Ligne")
    assert [(r[0], r[1], r[2]) for r in table[1:]] == [
        (2, "Relance fournisseur (mention manquante, RIB invalide)", "LT-2026-0001"),
        (3, "Notification de rejet de facture", "LT-2026-0002")]
    word = _hyperlink(table[1][3], "Word")  # signed links to this server's download route (no token in a browser)
    assert word[:2] == ("https://gestadmin.intranet.nc/telechargements/",
                        "courriers/Registre_factures/Relance_fournisseur_LT-2026-0001.docx")
    pdf = _hyperlink(table[2][4], "PDF")
    assert pdf[1] == "courriers/Registre_factures/pdf/Rejet_facture_LT-2026-0002.pdf"
    for _base, relative, expire, signature in (word, pdf):
        assert is_valid(relative, expire, signature, SECRET) and not is_valid(relative, expire, signature, "autre")
    assert (tmp_path / "serveur" / "courriers" / "Registre_factures" / "pdf" / "Rejet_facture_LT-2026-0002.pdf"
            ).stat().st_size > 1000
    assert alert_texts(actions)[0].startswith("2 courrier(s) préparé(s)")


def test_generer_courriers_without_a_register_selection_is_a_french_error(tmp_path: Path) -> None:
    path = write_register("factures", {"invoices": INVOICES}, tmp_path / "Registre.xlsx", Settings())
    with pytest.raises(xw.XlwingsError, match="Sélectionnez les lignes"):
        run_script("generer_courriers", _payload(path, "A1", "generer_courriers"))
