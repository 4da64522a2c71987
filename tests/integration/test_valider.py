"""`gestadmin valider` end to end on workbooks built inline: exit codes, JSON, annotated copy, LibreOffice."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import uuid
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from gestadmin.cli import app
from gestadmin.findings import Finding, Provenance, Severity
from gestadmin.io.annotate import annotated_name, write_annotated_copy
from gestadmin.io.layouts import CASES_REGISTER, INVOICE_REGISTER, RegisterLayout
from gestadmin.services import validation

RUNNER = CliRunner()
FINDING_KEYS = {"file", "sheet", "row", "column", "cell", "field", "code", "severity", "message"}


def make_register(path: Path, layout: RegisterLayout, rows: dict[str, list[dict[str, Any]]]) -> Path:
    """A register with every sheet of `layout` (input headers only) and rows given as {header: value}."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.worksheets[0])
    for sheet_layout in layout.sheets:
        sheet = workbook.create_sheet(sheet_layout.sheet)
        headers = [c.header for c in sheet_layout.columns if not c.is_formula]
        sheet.append(headers)
        for record in rows.get(sheet_layout.sheet, []):
            sheet.append([record.get(h) for h in headers])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # ids typed as text, as the templates do
    workbook.save(path)
    return path


def invoice(number: str, ridet: str = "1234567.010", received: str = "02/03/2026") -> dict[str, Any]:
    day, month, year = map(int, received.split("/"))
    return {
        "N° d'enregistrement": number, "Date de réception": dt.date(year, month, day), "Fournisseur": "SARL Test",
        "RIDET": ridet, "N° de facture": f"F-{number}", "Date de facture": dt.date(2026, 2, 27),
        "Objet": "Fournitures", "Montant HT": 10_000, "Taux TGC": 0.11, "Montant TGC": 1_100,
        "Montant TTC": 11_100, "RIB / IBAN": "14158 01000 00000000000 03", "Statut": "Enregistrée",
    }


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(*args: str) -> Any:
    return RUNNER.invoke(app, ["valider", *args])


@pytest.fixture
def faulty(tmp_path: Path) -> Path:
    """An invoice register with a duplicate registration number, a bad RIDET and a 2126 date."""
    rows = [invoice("2026-001"), invoice("2026-002", ridet="12AB"), invoice("2026-001", received="02/03/2126")]
    return make_register(tmp_path / "Registre_factures.xlsx", INVOICE_REGISTER, {"Factures": rows})


def test_clean_register_exits_0(tmp_path: Path) -> None:
    case = {"N° de dossier": "D-2026-001", "Objet": "Renouvellement du parc", "Responsable": "M. Wamytan",
            "Statut": "Ouvert", "Date d'ouverture": dt.date(2026, 1, 12)}
    path = make_register(tmp_path / "Dossiers.xlsx", CASES_REGISTER, {"Dossiers": [case]})
    result = run(str(path), "--sortie", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "0 erreur(s), 0 avertissement(s)" in result.stdout


def test_findings_exit_1_with_stable_json(faulty: Path, tmp_path: Path) -> None:
    result = run(str(faulty), "--json", "--sortie", str(tmp_path / "out"))
    assert result.exit_code == 1, result.output
    document = json.loads(result.stdout)
    (entry,) = document["fichiers"]
    found = {(a["sheet"], a["row"], a["column"], a["code"]) for a in entry["anomalies"]}
    assert {
        ("Factures", 2, "A", "CLE_EN_DOUBLE"),
        ("Factures", 4, "A", "CLE_EN_DOUBLE"),
        ("Factures", 3, "D", "RIDET_INVALIDE"),
        ("Factures", 4, "B", "DATE_IMPROBABLE"),
    } <= found
    assert all(set(a) >= FINDING_KEYS for a in entry["anomalies"])
    assert entry["stats"]["kind"] == "factures" and entry["stats"]["rows"]["Factures"] == 3
    assert entry["lisible"] is True and entry["copie_annotee"].endswith("Registre_factures_annote.xlsx")
    assert document["code_sortie"] == 1 and document["comptes"]["erreur"] >= 3


def test_text_report_is_french_and_located(faulty: Path, tmp_path: Path) -> None:
    result = run(str(faulty), "--sans-copie")
    assert result.exit_code == 1
    assert "Factures!D3 : RIDET : « 12AB » n'est pas un RIDET valide" in result.stdout
    assert "Copie annotée" not in result.stdout


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("poubelle.xlsx", b"this is not a workbook at all" * 10),
        ("tronque.xlsx", b"PK\x03\x04" + b"\x00" * 40),
        ("chiffre.xlsx", bytes.fromhex("D0CF11E0A1B11AE1") + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 600),
        ("vide.xlsx", b""),
    ],
)
def test_unreadable_file_exits_2_without_traceback(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = run(str(path), "--json", "--sortie", str(tmp_path / "out"))
    assert result.exit_code == 2, result.output
    (entry,) = json.loads(result.stdout)["fichiers"]
    assert entry["lisible"] is False and entry["anomalies"][0]["code"].startswith("FICHIER_")
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_several_files_exit_2_if_any_unreadable_and_json_stays_clean(faulty: Path, tmp_path: Path) -> None:
    missing = tmp_path / "absent.xlsx"
    result = run(str(faulty), str(missing), "--json", "--sortie", str(tmp_path / "out"))
    assert result.exit_code == 2
    document = json.loads(result.stdout)  # progress bar and messages never reach stdout
    assert [e["lisible"] for e in document["fichiers"]] == [True, False]
    assert document["fichiers"][1]["anomalies"][0]["code"] == "FICHIER_INTROUVABLE"


def test_annotated_copy_marks_cells_and_lists_findings(faulty: Path, tmp_path: Path) -> None:
    before = sha256(faulty)
    result = run(str(faulty), "--json", "--sortie", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert sha256(faulty) == before  # the source is never touched
    flagged = {a["cell"] for a in json.loads(result.stdout)["fichiers"][0]["anomalies"] if a["sheet"] == "Factures"}
    copy = openpyxl.load_workbook(tmp_path / "out" / "Registre_factures_annote.xlsx")
    sheet = copy["Factures"]
    assert sheet["D3"].fill.fgColor.rgb.endswith("FFC7CE")  # error: red
    assert sheet["D3"].comment.author == "gestadmin" and "RIDET_INVALIDE" in sheet["D3"].comment.text
    assert "DATE_IMPROBABLE" in sheet["B4"].comment.text
    marked = {c.coordinate for row in sheet.iter_rows() for c in row if c.comment is not None}
    assert marked == flagged  # every flagged cell, and only those
    anomalies = copy["Anomalies"]
    assert [c.value for c in anomalies[1]] == [
        "Gravité", "Code", "Fichier", "Feuille", "Cellule", "Ligne", "Colonne", "Champ", "Message",
    ]
    links = {row[4].value: row[4].hyperlink.location for row in anomalies.iter_rows(min_row=2) if row[4].hyperlink}
    assert links["D3"] == "'Factures'!D3" and links["B4"] == "'Factures'!B4"
    assert anomalies.freeze_panes == "A2" and anomalies.auto_filter.ref.startswith("A1:I")
    assert copy.active.title == "Anomalies"


def test_warning_cells_are_orange_and_errors_win(faulty: Path, tmp_path: Path) -> None:
    at = Provenance(faulty.name, "Factures", 2, "G", "subject")
    findings = [
        Finding("W1", "avertissement seul", at, Severity.WARNING),
        Finding("W2", "avertissement", replace(at, column="H"), Severity.WARNING),
        Finding("E1", "erreur", replace(at, column="H"), Severity.ERROR),
    ]
    sheet = openpyxl.load_workbook(write_annotated_copy(faulty, findings, tmp_path / "c.xlsx"))["Factures"]
    assert sheet["G2"].fill.fgColor.rgb.endswith("FFD8A8")
    assert sheet["H2"].fill.fgColor.rgb.endswith("FFC7CE")
    assert sheet["H2"].comment.text.count("\n- ") == 2 and sheet["C2"].comment is None


def test_same_named_inputs_get_distinct_copies(faulty: Path, tmp_path: Path) -> None:
    other = tmp_path / "service2"
    other.mkdir()
    second = make_register(other / faulty.name, INVOICE_REGISTER, {"Factures": [invoice("X-1")]})
    result = run(str(faulty), str(second), "--json", "--sortie", str(tmp_path / "out"))
    copies = [e["copie_annotee"] for e in json.loads(result.stdout)["fichiers"]]
    assert [Path(c).name for c in copies] == ["Registre_factures_annote.xlsx", "Registre_factures_annote_2.xlsx"]


def test_crashing_rule_becomes_a_finding_and_the_run_goes_on(
    faulty: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(data: Any, settings: Any) -> list[Finding]:
        raise ZeroDivisionError("division par zéro")

    monkeypatch.setitem(validation.RULESETS, "factures", [broken])
    report = validation.validate_file(faulty)
    codes = [f.code for f in report.findings]
    assert "REGLE_EN_ECHEC" in codes and "RIDET_INVALIDE" in codes
    failure = next(f for f in report.findings if f.code == "REGLE_EN_ECHEC")
    assert "broken" in failure.message and "ZeroDivisionError" in failure.message


def test_annotated_copy_of_a_csv_is_a_new_xlsx_with_text_ids(tmp_path: Path) -> None:
    source = tmp_path / "export.csv"
    source.write_text("N° d'enregistrement;RIDET\n000123;1234567.010\nFA-2026/001;12AB\n", encoding="cp1252")
    finding = Finding("RIDET_INVALIDE", "RIDET : invalide", Provenance(source.name, "export", 3, "B", "ridet"))
    out = write_annotated_copy(source, [finding], tmp_path / annotated_name(source))
    copy = openpyxl.load_workbook(out)
    assert out.name == "export_annote.xlsx"
    assert [copy["export"]["A2"].value, copy["export"]["A3"].value] == ["000123", "FA-2026/001"]
    assert copy["export"]["B3"].comment is not None
    assert copy["Anomalies"]["E2"].hyperlink.location == "'export'!B3"


def test_annotated_copy_refuses_to_overwrite_its_source(faulty: Path) -> None:
    with pytest.raises(ValueError):
        write_annotated_copy(faulty, [], faulty)


def test_annotated_copy_handles_sheetless_and_odd_findings(faulty: Path, tmp_path: Path) -> None:
    findings = [
        Finding("FEUILLE_ABSENTE", "La feuille « Tiers » est absente.", Provenance(faulty.name, "Tiers")),
        Finding("X", "=HYPERLINK(\"http://evil\")", Provenance(faulty.name, "Factures", 2, "ZZZZ"), Severity.INFO),
        Finding("COLONNE_MANQUANTE", "Colonne manquante", Provenance(faulty.name, "Factures", 1)),
    ]
    out = write_annotated_copy(faulty, findings, tmp_path / "copie.xlsx")
    anomalies = openpyxl.load_workbook(out)["Anomalies"]
    messages = [row[8].value for row in anomalies.iter_rows(min_row=2)]
    assert "=HYPERLINK(\"http://evil\")" in messages  # stored as text, never as a formula
    assert anomalies.max_row == 4


def test_annotated_copy_opens_in_libreoffice(faulty: Path, tmp_path: Path) -> None:
    run(str(faulty), "--sortie", str(tmp_path / "out"))
    copy = tmp_path / "out" / "Registre_factures_annote.xlsx"
    profile = f"file:///tmp/lo-{uuid.uuid4().hex}"
    converted = tmp_path / "lo"
    completed = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xlsx",
         "--outdir", str(converted), str(copy)],
        capture_output=True, timeout=180, check=False,
    )
    assert completed.returncode == 0, completed.stderr
    reopened = openpyxl.load_workbook(converted / copy.name)
    assert "Anomalies" in reopened.sheetnames
    assert reopened["Factures"]["A2"].value == "2026-001"


def test_failed_copy_is_a_note_not_a_crash(faulty: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise KeyError("xl/styles.xml")

    monkeypatch.setattr("gestadmin.io.annotate.load_workbook", refuse)
    result = run(str(faulty), "--json", "--sortie", str(tmp_path / "out"))
    assert result.exit_code == 1
    (entry,) = json.loads(result.stdout)["fichiers"]
    assert entry["copie_annotee"] is None and [n["code"] for n in entry["notes"]] == ["COPIE_ANNOTEE_IMPOSSIBLE"]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_folder_argument_expands_to_its_registers(faulty: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(str(faulty), "--sortie", str(out))
    (tmp_path / "notes.txt").write_text("pas un registre", encoding="utf-8")
    result = run(str(tmp_path), "--json", "--sans-copie")
    names = [Path(e["fichier"]).name for e in json.loads(result.stdout)["fichiers"]]
    assert names == ["Registre_factures.xlsx"]  # the earlier annotated copy under out/ is skipped


def test_macro_workbook_copy_keeps_its_vba_project(faulty: Path, tmp_path: Path) -> None:
    source = tmp_path / "Registre.xlsm"
    vba = b"\xd0\xcf\x11\xe0fake vba project"
    with zipfile.ZipFile(faulty) as src, zipfile.ZipFile(source, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("xl/vbaProject.bin", vba)
    finding = Finding("RIDET_INVALIDE", "RIDET invalide", Provenance(source.name, "Factures", 3, "D", "ridet"))
    out = write_annotated_copy(source, [finding], tmp_path / annotated_name(source))
    assert out.name == "Registre_annote.xlsm"
    with zipfile.ZipFile(out) as copy:
        assert copy.read("xl/vbaProject.bin") == vba
        assert b"macroEnabled" in copy.read("[Content_Types].xml")
    assert openpyxl.load_workbook(out)["Factures"]["D3"].comment is not None


def test_annotating_a_copy_again_replaces_its_anomalies_sheet(faulty: Path, tmp_path: Path) -> None:
    first = write_annotated_copy(faulty, [Finding("A", "un", Provenance(faulty.name, "Factures", 2, "A"))],
                                 tmp_path / "premiere.xlsx")
    second = write_annotated_copy(first, [], tmp_path / "seconde.xlsx")
    book = openpyxl.load_workbook(second)
    assert book.sheetnames.count("Anomalies") == 1
    assert [c.value for c in book["Anomalies"][2]][8] == "Aucune anomalie."


def test_unexpected_crash_is_a_french_message_with_exit_3(faulty: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boum")

    monkeypatch.setattr("gestadmin.cli.valider.validate_paths", crash)
    result = run(str(faulty), "--json")
    assert result.exit_code == 3
    assert "Erreur interne inattendue (RuntimeError : boum)" in result.stderr and "Traceback" not in result.output
    assert json.loads(result.stdout)["erreur"]["code"] == "ERREUR_INTERNE"


def test_print_report_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    from gestadmin.cli.common import print_report
    from gestadmin.findings import Report

    report = Report(findings=[Finding("RIDET_INVALIDE", "RIDET invalide", Provenance("R.xlsx", "Factures", 3, "D"))])
    print_report(report, as_json=False, title="Contrôle")
    text = capsys.readouterr().out
    assert "Factures!D3 : RIDET invalide  [RIDET_INVALIDE]" in text and "1 erreur(s)" in text
    print_report(report, as_json=True)
    assert json.loads(capsys.readouterr().out)["anomalies"][0]["cell"] == "D3"
