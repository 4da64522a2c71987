"""Contract tests of « Consolider » and « Exporter vers les finances » on Office.js payloads (xlwings engine)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from tests.addin import server_env

server_env.apply()  # the server's settings, as the add-in server reads them at its start

import xlwings as xw  # noqa: E402
from xlwings_server.config import settings as server_settings  # noqa: E402

from gestadmin.services.download_links import is_valid  # noqa: E402
from gestadmin.settings import get_settings  # noqa: E402
from gestadmin.store.db import make_engine  # noqa: E402
from gestadmin.store.journal import Journal  # noqa: E402
from macros.ribbon import BUTTONS  # noqa: E402
from tests.integration.consolidation_files import folder_with_services  # noqa: E402
from tests.officejs import actions_named, alert_texts, run_on_file  # noqa: E402

SECRET = "cle-du-serveur"
DEMO_BOOK = Path("workbooks/modeles/Registre_factures_fournisseurs.xlsx")


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    folder_with_services(tmp_path / "partage")
    monkeypatch.setenv("GESTADMIN_OUTPUT_DIR", str(tmp_path / "serveur"))
    monkeypatch.setenv("GESTADMIN_CONSOLIDATION__FOLDER", str(tmp_path / "partage"))
    monkeypatch.setenv("GESTADMIN_DATABASE_URL", f"sqlite:///{tmp_path / 'serveur.sqlite3'}")
    monkeypatch.setattr(server_settings, "hostname", "gestadmin.intranet.nc")
    monkeypatch.setattr(server_settings, "app_path", "")
    monkeypatch.setattr(server_settings, "secret_key", SECRET)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _table(actions: list[dict[str, Any]]) -> list[list[Any]]:
    return next(a["values"] for a in actions_named(actions, "setValues") if len(a["values"]) > 3)


def _link(formula: str) -> str:
    """The file path under the downloads folder of a signed =HYPERLINK(...) link, after checking the signature."""
    url = formula.split('"')[1]
    parts = urlsplit(url)
    assert parts.netloc == "gestadmin.intranet.nc" and parts.path.startswith("/telechargements/")
    relative = unquote(parts.path.removeprefix("/telechargements/"))
    query = parse_qs(parts.query)
    assert is_valid(relative, int(query["expire"][0]), query["signature"][0], SECRET)
    return relative


def test_buttons_exist_with_french_labels() -> None:
    mine = {b.script: b for b in BUTTONS if b.module == "consolidation"}
    assert {s: b.label for s, b in mine.items()} == {
        "consolider": "Consolider", "exporter_finances": "Exporter vers les finances"}
    assert {b.group for b in mine.values()} == {"Consolidation"}


def test_consolider_writes_the_summary_sheet_and_offers_the_workbook(tmp_path: Path) -> None:
    actions = run_on_file("consolider", DEMO_BOOK)
    assert [a["args"][1] for a in actions_named(actions, "addSheet")] == ["Consolidation"]
    table = _table(actions)
    figures = {row[0]: row[1] for row in table[:10]}
    assert figures["Fichiers trouvés"] == 3 and figures["Doublons retirés"] == 1
    relative = _link(figures["Classeur consolidé"])
    assert relative == "consolidation/Consolidation.xlsx"
    assert (tmp_path / "serveur" / relative).is_file()
    start = next(i for i, row in enumerate(table) if row[0] == "Registre")
    summary = [row[:4] for row in table[start + 1:] if row[0] == "Factures"]
    assert summary == [["Factures", "Achats", "2026-03", 2], ["Factures", "Achats", "2026-04", 2],
                       ["Factures", "Moyens généraux", "2026-03", 2]]
    assert any(row[0] == "DOUBLON_FACTURE" and row[2] == 1 for row in table)
    (alert,) = alert_texts(actions)
    assert alert.startswith("3 fichier(s) consolidé(s) (0 repris du cache), 6 ligne(s), 1 doublon(s) retiré(s)")
    # a second click reads nothing again: the files come from the server's cache
    again = alert_texts(run_on_file("consolider", DEMO_BOOK))[0]
    assert "(3 repris du cache)" in again


def test_exporter_writes_files_links_and_journal(tmp_path: Path) -> None:
    actions = run_on_file("exporter_finances", DEMO_BOOK)
    assert [a["args"][1] for a in actions_named(actions, "addSheet")] == ["Export finances"]
    table = _table(actions)
    files = {row[0]: (row[1], row[2]) for row in table[1:5]}
    assert sorted(files) == ["Bordereau_mandats.csv", "Bordereau_titres.csv", "Export_finances.csv",
                             "Export_finances.xlsx"]
    for name, (link, digest) in files.items():
        path = tmp_path / "serveur" / _link(link)
        assert path.name == name and hashlib.sha256(path.read_bytes()).hexdigest() == digest
    journal = Journal(make_engine(f"sqlite:///{tmp_path / 'serveur.sqlite3'}")).entries(entity="export")
    assert {e.entity_id: e.after["sha256"] for e in journal} == {n: d for n, (_, d) in files.items()}
    assert "6 ligne(s) exportée(s)" in alert_texts(actions)[0]


def test_missing_folder_is_a_french_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GESTADMIN_CONSOLIDATION__FOLDER", str(tmp_path / "nulle-part"))
    get_settings.cache_clear()
    with pytest.raises(xw.XlwingsError, match="Dossier introuvable"):
        run_on_file("consolider", DEMO_BOOK)
