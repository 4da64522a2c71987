"""The add-in server over HTTP (TestClient on xlwings_server.main.main_app): manifest, ribbon, formulas."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from tests.addin import server_env

server_env.apply()

from fastapi.testclient import TestClient  # noqa: E402
from xlwings_server.main import main_app  # noqa: E402

from addin.settings import get_addin_settings  # noqa: E402
from macros import script_functions  # noqa: E402
from macros.ribbon import BUTTONS  # noqa: E402

NS = {"o": "http://schemas.microsoft.com/office/appforoffice/1.1",
      "bt": "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
      "v": "http://schemas.microsoft.com/office/taskpaneappversionoverrides"}
FUNCTIONS = {"TGC", "TTC", "ARRONDI_XPF", "ECHEANCE", "JOURS_RESTANTS", "JOUR_OUVRE", "RIDET_VALIDE", "RIB_VALIDE",
             "IBAN_VALIDE", "EN_LETTRES", "DISPONIBLE"}


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(main_app)


@pytest.fixture(scope="module")
def manifest(client: TestClient) -> ET.Element:
    response = client.get("/manifest")
    assert response.status_code == 200
    return ET.fromstring(response.text.encode("utf-8"))


def _strings(manifest: ET.Element) -> dict[str, str]:
    return {s.get("id", ""): s.get("DefaultValue", "") for s in manifest.iterfind(".//bt:String", NS)}


def test_manifest_ribbon_is_the_definition(manifest: ET.Element) -> None:
    strings = _strings(manifest)
    controls = manifest.findall(".//v:CustomTab/v:Group/v:Control", NS)
    assert [c.get("id") for c in controls] == [b.id for b in BUTTONS]
    assert [strings[c.find("v:Label", NS).get("resid", "")] for c in controls] == [b.label for b in BUTTONS]  # type: ignore[union-attr]
    actions = [c.findtext("v:Action/v:FunctionName", namespaces=NS) for c in controls]
    assert actions == [b.id for b in BUTTONS]
    assert strings["Onglet.Label"] == "Gestion administrative [dev]"
    assert strings["Functions.Namespace"] == "GESTADMIN_DEV"
    assert manifest.findtext("o:DefaultLocale", namespaces=NS) == "fr-FR"


def test_every_button_runs_an_existing_script() -> None:
    scripts = script_functions()
    assert {b.script for b in BUTTONS} <= set(scripts)
    assert all(scripts[b.script].__module__ == f"macros.{b.module}" for b in BUTTONS)


def test_icons_are_ours_and_served(client: TestClient, manifest: ET.Element) -> None:
    urls = [i.get("DefaultValue", "") for i in manifest.iterfind(".//bt:Images/bt:Image", NS)]
    urls += [manifest.find(f"o:{tag}", NS).get("DefaultValue", "") for tag in ("IconUrl", "HighResolutionIconUrl")]  # type: ignore[union-attr]
    assert urls and all("/static/images/ribbon/" in u and "xlwings" not in u for u in urls)
    for url in set(urls):
        response = client.get("/static/" + url.split("/static/", 1)[1])
        assert response.status_code == 200 and response.content[:8] == b"\x89PNG\r\n\x1a\n", url


def test_ribbon_js_binds_each_button_to_its_script(client: TestClient) -> None:
    js = client.get("/static/js/ribbon.js").text
    for button in BUTTONS:
        assert f'"id": "{button.id}"' in js and f'"script": "{button.script}"' in js
    assert "hello-ribbon" not in js  # the package's demo handler is not served


def test_functions_meta_has_french_help(client: TestClient) -> None:
    functions = client.get("/xlwings/custom-functions-meta").json()["functions"]
    assert {f["name"] for f in functions} == FUNCTIONS
    for function in functions:
        assert function["description"] and not function["description"].startswith("Python function")
        for parameter in function["parameters"]:
            assert not parameter["description"].startswith("Positional argument"), (function["name"], parameter)
    echeance = next(f for f in functions if f["name"] == "ECHEANCE")
    assert [p.get("optional", False) for p in echeance["parameters"]] == [False, True]


def call(client: TestClient, name: str, *args: Any) -> Any:
    body = {"func_name": name, "args": [a if isinstance(a, list) else [[a]] for a in args], "version": "0.37.8",
            "caller_address": "Feuil1!C3", "formula_name": f"GESTADMIN.{name}", "runtime": "1.4",
            "culture_info_name": "fr-FR", "date_format": "dd/MM/yyyy"}
    response = client.post("/xlwings/custom-functions-call", json=body)
    assert response.status_code == 200, response.text
    result = response.json()["result"]
    return result[0][0] if len(result) == 1 and len(result[0]) == 1 else result


def date_cell(serial: int) -> dict[str, Any]:
    return {"type": "FormattedNumber", "basicValue": float(serial), "numberFormat": "dd/MM/yyyy"}


# Serials: 46351 = 25/11/2026, 46384 = 28/12/2026 (Noël on Friday 25 -> Monday 28), 46258 = 24/08/2026
@pytest.mark.parametrize(("name", "args", "expected"), [
    ("tax", (100_000, 0.11), 11_000),
    ("tax", (1_005, "6 %"), 60),             # 60.3 -> 60
    ("tax", (1_050, 0.03), 32),              # 31.5 -> 32 (half up, not to even)
    ("tax", (5_000, "exonéré"), 0),
    ("gross", (100_000, 0.22), 122_000),
    ("round_xpf", (2.5,), 3),
    ("round_xpf", ("1 234,5",), 1235),
    ("deadline", (46351,), date_cell(46384)),
    ("deadline", (46351, 10), date_cell(46363)),  # 05/12/2026 is a Saturday -> Monday 07/12
    ("days_left", (46351, 46376), 8),
    ("working_day", (46288, 1), date_cell(46290)),  # Wed 23/09/2026 + 1 -> Fri 25 (24 is a holiday)
    ("ridet_valid", ("123456.001",), True),
    ("ridet_valid", ("12345.001",), False),
    ("rib_valid", ("30006 00001 12345678901 89",), True),
    ("rib_valid", ("30006 00001 12345678901 88",), False),
    ("iban_valid", ("FR76 3000 6000 0112 3456 7890 189",), True),
    ("iban_valid", ("FR76 3000 6000 0112 3456 7890 188",), False),
    ("in_words", (120_000,), "cent vingt mille francs CFP"),
    ("in_words", (1,), "un franc CFP"),
    ("tax", ("", 0.11), ""),                  # empty cell -> empty result
])
def test_function_values(client: TestClient, name: str, args: tuple[Any, ...], expected: Any) -> None:
    assert call(client, name, *args) == expected


def test_two_dimensional_ranges_broadcast(client: TestClient) -> None:
    assert call(client, "tax", [[1000, 2000], [3000, 4000]], 0.11) == [[110, 220], [330, 440]]
    assert call(client, "gross", [[1000], [2000]], [[0.03, 0.22]]) == [[1030, 1220], [2060, 2440]]
    assert call(client, "rib_valid", [["30006 00001 12345678901 89"], [""], ["x"]]) == [[True], [""], [False]]
    assert call(client, "tax", [[1, 2, 3]], [[0.11, 0.22]]) == "#ERREUR: plages de tailles différentes"


@pytest.mark.parametrize(("name", "args", "start"), [
    ("tax", (1000, 0.12), "#ERREUR: taux TGC non autorisé"),
    ("tax", ("mille", 0.11), "#ERREUR: montant HT illisible « mille »"),
    ("gross", (1000, ""), "#ERREUR: taux TGC illisible"),
    ("deadline", ("32/13/2026",), "#ERREUR: date de réception illisible"),
    ("deadline", (46351, 2.5), "#ERREUR: nombre de jours incorrect"),
    ("working_day", (46351, "x"), "#ERREUR: nombre de jours ouvrés illisible"),
    ("in_words", ("abc",), "#ERREUR: montant illisible"),
])
def test_bad_input_is_a_french_error_text(client: TestClient, name: str, args: tuple[Any, ...], start: str) -> None:
    result = call(client, name, *args)
    assert isinstance(result, str) and result.startswith(start), result
    assert "Traceback" not in result


LINES = [["Code imputation", "Libellé", "BP", "DM", "Virements"],
         ["011-6064", "Fournitures", 1_000_000, 50_000, None],
         ["65-6574", "Subventions", 2_000_000, "", -100_000],
         ["21-2183", "Matériel", 0, 0, 0]]
COMMITMENTS = [["N° d'engagement", "Imputation", "Montant TTC", "Statut"],
               ["E-001", "011-6064", 300_000, "Engagé"],
               ["E-002", "011-6064", 100_000, "Annulé"],
               ["E-003", "65-6574", 1_950_000, "Soldé"]]


def test_disponible_from_ranges(client: TestClient) -> None:
    assert call(client, "available", "011-6064", LINES, COMMITMENTS) == 750_000
    codes = [["011-6064"], ["65-6574"], ["21-2183"], ["99-9999"]]
    assert call(client, "available", codes, LINES, COMMITMENTS) == [
        [750_000], [-50_000], [0], ["#ERREUR: imputation « 99-9999 » absente des lignes budgétaires"]]
    no_credits = call(client, "available", "011-6064", [row[:2] for row in LINES], COMMITMENTS)
    assert no_credits == -300_000  # no appropriation column: credits count as 0, the commitment remains
    no_code = call(client, "available", "011-6064", [["Libellé"], ["x"]], COMMITMENTS)
    assert no_code == "#ERREUR: colonne « Code imputation » introuvable dans la plage « Lignes budgétaires »"


def test_payload_over_the_limit_is_refused(client: TestClient) -> None:
    limit = get_addin_settings().max_payload_bytes
    body = b'{"func_name": "tax", "args": [[["' + b"x" * limit + b'"]]]}'
    response = client.post("/xlwings/custom-functions-call", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413 and "trop volumineux" in response.json()["detail"]


def test_download_serves_only_files_of_the_downloads_folder(client: TestClient, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "factures_pdf").mkdir()
    (tmp_path / "factures_pdf" / "Facture_FR-2026-000001.pdf").write_bytes(b"%PDF-1.7 test")
    (tmp_path.parent / "secret.txt").write_text("non")
    monkeypatch.setattr(get_addin_settings(), "downloads_dir", tmp_path)
    ok = client.get("/telechargements/factures_pdf/Facture_FR-2026-000001.pdf")
    assert ok.status_code == 200 and ok.content == b"%PDF-1.7 test"
    for bad in ("../secret.txt", "factures_pdf/../../secret.txt", ".env", "absent.pdf", "%2e%2e/secret.txt"):
        assert client.get(f"/telechargements/{bad}").status_code == 404, bad


def test_task_pane_and_auth_script_are_ours(client: TestClient) -> None:
    pane = client.get("/taskpane.html")
    assert pane.status_code == 200 and "Gestion administrative" in pane.text and "GESTADMIN_DEV." in pane.text
    auth = client.get("/static/js/auth.js").text
    assert '"bearer"' in auth and '"Bearer "' in auth
