"""`gestadmin consolider` / `exporter` as users run them: folders of registers in, one workbook and exports out."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from typer.testing import CliRunner

from gestadmin.cli import app
from gestadmin.services.consolidation import consolidate, write_consolidation
from gestadmin.settings import Settings
from gestadmin.store.db import make_engine
from gestadmin.store.file_cache import FileCache
from gestadmin.store.journal import Journal
from tests.integration.consolidation_files import HEADERS, folder_with_services, invoice, write_register

TODAY = dt.date(2026, 4, 10)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sheet_rows(path: Path, sheet: str) -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(path, read_only=True)[sheet]
    rows = ws.iter_rows(values_only=True)
    header = [str(h) for h in next(rows)]
    return [dict(zip(header, r, strict=False)) for r in rows]


def codes(result, code: str) -> list:  # type: ignore[no-untyped-def]
    return [f for f in result.report.findings if f.code == code]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return folder_with_services(tmp_path / "registres")


def test_rows_carry_service_file_sheet_and_row(folder: Path, tmp_path: Path) -> None:
    result = consolidate(folder, Settings(), today=TODAY)
    write_consolidation(result, tmp_path / "c.xlsx")
    rows = sheet_rows(tmp_path / "c.xlsx", "Factures")
    where = {(r["Service"], r["Fichier source"], r["Feuille source"], r["Ligne source"]): r for r in rows}
    assert where[("Moyens généraux", "Moyens généraux/Registre_MG.xlsx", "Factures", 3)]["N° de facture"] == "X-900"
    assert where[("Achats", "Achats/Registre_avril.xlsx", "Factures", 3)]["Montant TTC"] == 44_400
    # one row was sent twice: 7 rows in, 6 consolidated
    assert len(rows) == 6
    summary = sheet_rows(tmp_path / "c.xlsx", "Synthèse")
    assert {(s["Service"], s["Mois"]): s["Lignes"] for s in summary} == {
        ("Achats", "2026-03"): 2, ("Achats", "2026-04"): 2, ("Moyens généraux", "2026-03"): 2,
    }
    files = sheet_rows(tmp_path / "c.xlsx", "Fichiers")
    assert [f["Fichier"] for f in files] == [
        "Achats/Registre_avril.xlsx", "Achats/Registre_mars.xlsx", "Moyens généraux/Registre_MG.xlsx"]
    assert {f["Type de registre"] for f in files} == {"factures"}
    assert files[0]["Empreinte SHA-256"] == sha256(folder / "Achats" / "Registre_avril.xlsx")


def test_duplicates_across_files_name_both_places(folder: Path) -> None:
    result = consolidate(folder, Settings(), today=TODAY)
    (line,) = codes(result, "DOUBLON_LIGNE")
    # files are taken in path order: avril < mars, so the copy in mars is the one dropped
    assert (line.provenance.file, line.provenance.sheet, line.provenance.row) == (
        "Achats/Registre_mars.xlsx", "Factures", 4)
    assert "Achats/Registre_avril.xlsx › Factures!ligne 2" in line.message
    (conflict,) = codes(result, "DOUBLON_FACTURE")
    assert (conflict.provenance.file, conflict.provenance.row, conflict.provenance.column) == (
        "Moyens généraux/Registre_MG.xlsx", 2, "E")
    assert "Achats/Registre_mars.xlsx › Factures!ligne 3" in conflict.message
    assert conflict.severity == "erreur"
    assert result.report.stats["doublons_retires"] == 1


def test_schema_drift_renamed_missing_extra_reordered(tmp_path: Path) -> None:
    root = tmp_path / "registres"
    write_register(root / "a.xlsx", [invoice("A-1", "F-1", 10_000)])
    drifted = [h for h in reversed(HEADERS) if h not in ("Objet", "Montant TGC")] + ["Visa du chef"]
    row = invoice("B-1", "F-77", 50_000, supplier="Société Drift", ridet="7654321.001")
    row["Visa du chef"] = "ok"
    write_register(root / "b.xlsx", [row], headers=drifted,
                   rename={"Fournisseur": "Raison sociale", "Montant TTC": "Total TTC"})
    result = consolidate(root, Settings(), today=TODAY)
    frame = result.rows("factures", "invoices").set_index("registration_number")
    assert frame.loc["B-1", "supplier_name"] == "Société Drift"  # renamed and reordered, still in place
    assert int(frame.loc["B-1", "gross_amount"]) == 55_500
    assert frame.loc["B-1", "ridet"] == "7654321.001"
    drift = {(f.code, f.provenance.file) for f in result.report.findings}
    assert ("COLONNE_RENOMMEE", "b.xlsx") in drift
    assert ("COLONNE_INCONNUE", "b.xlsx") in drift
    assert ("COLONNES_REORDONNEES", "b.xlsx") in drift
    absent = sorted(f.message for f in codes(result, "COLONNE_ABSENTE") if f.provenance.file == "b.xlsx")
    assert any("« Objet »" in m for m in absent) and any("« Montant TGC »" in m for m in absent)
    # a required column missing is an error of the reader, named with the file
    write_register(root / "c.xlsx", [invoice("C-1", "F-8")], headers=[h for h in HEADERS if h != "Statut"])
    missing = consolidate(root, Settings(), today=TODAY)
    assert any(f.code == "COLONNE_MANQUANTE" and f.provenance.file == "c.xlsx" and "Statut" in f.message
               for f in missing.report.findings)
    renamed = [f for f in codes(result, "COLONNE_RENOMMEE") if "Raison sociale" in f.message]
    assert renamed and renamed[0].provenance.column == get_column_letter(drifted.index("Fournisseur") + 1)
    drift_codes = {"COLONNE_RENOMMEE", "COLONNE_INCONNUE", "COLONNES_REORDONNEES", "COLONNE_MANQUANTE"}
    assert not any(f.provenance.file == "a.xlsx" and f.code in drift_codes for f in result.report.findings)


def test_lock_files_are_reported_with_their_owner_and_not_read(folder: Path) -> None:
    (folder / "Achats" / "~$Registre_mars.xlsx").write_bytes(bytes([5]) + b"Tein" + b"e" + b"\x00" * 40)
    (folder / "Achats" / ".~lock.Registre_avril.xlsx#").write_text("Wahio,poste12,host,29.11.2026 10:00,;")
    result = consolidate(folder, Settings(), today=TODAY)
    locks = codes(result, "FICHIER_VERROUILLE")
    assert [(f.provenance.file, f.severity) for f in locks] == [
        ("Achats/.~lock.Registre_avril.xlsx#", "avertissement"), ("Achats/~$Registre_mars.xlsx", "avertissement")]
    assert "Wahio" in locks[0].message and "Teine" in locks[1].message
    assert result.report.stats["fichiers"] == 3 and result.report.stats["fichiers_verrouilles"] == 2


def test_other_types_unreadable_files_and_type_filter(folder: Path, tmp_path: Path) -> None:
    (folder / "Achats" / "casse.xlsx").write_bytes(b"PK\x03\x04 pas un vrai classeur")
    shutil.copy(Path("workbooks/modeles/Budget.xlsx"), folder / "Budget.xlsx")
    result = consolidate(folder, Settings(), kind="factures", today=TODAY)
    status = {f.found.relative: f.status for f in result.files}
    assert status["Budget.xlsx"] == "ignoré (registre budget)"
    assert status["Achats/casse.xlsx"] == "illisible"
    unreadable = [f for f in result.report.findings if f.provenance.file == "Achats/casse.xlsx"]
    assert unreadable and unreadable[0].severity == "erreur"
    assert set(result.tables) == {("factures", "invoices")}


def test_two_runs_give_the_same_workbook(folder: Path, tmp_path: Path) -> None:
    first = consolidate(folder, Settings(), today=TODAY)
    second = consolidate(folder, Settings(), today=TODAY)
    assert write_consolidation(first, tmp_path / "1.xlsx") == write_consolidation(second, tmp_path / "2.xlsx")
    assert sha256(tmp_path / "1.xlsx") == sha256(tmp_path / "2.xlsx")


def test_incremental_run_equals_a_full_run(folder: Path, tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'cache.sqlite3'}")
    first = consolidate(folder, Settings(), engine=engine, today=TODAY)
    assert (first.files_read, first.files_cached) == (3, 0)
    again = consolidate(folder, Settings(), engine=engine, today=TODAY)
    assert (again.files_read, again.files_cached) == (0, 3)
    assert write_consolidation(first, tmp_path / "a.xlsx") == write_consolidation(again, tmp_path / "b.xlsx")
    # one file changes: only it is read again, and the result equals a run without cache
    write_register(folder / "Achats" / "Registre_avril.xlsx", [invoice("2026-0009", "F-009", 90_000)])
    changed = consolidate(folder, Settings(), engine=engine, today=TODAY)
    assert (changed.files_read, changed.files_cached) == (1, 2)
    full = consolidate(folder, Settings(), today=TODAY)
    assert write_consolidation(changed, tmp_path / "c.xlsx") == write_consolidation(full, tmp_path / "d.xlsx")
    # another day re-validates (deadlines depend on it): nothing stale comes from the cache
    later = consolidate(folder, Settings(), engine=engine, today=TODAY + dt.timedelta(days=1))
    assert later.files_cached == 0


def test_sources_are_only_read(folder: Path, tmp_path: Path) -> None:
    before = {p: (sha256(p), p.stat().st_mtime_ns) for p in folder.rglob("*.xlsx")}
    result = consolidate(folder, Settings(), today=TODAY)
    write_consolidation(result, tmp_path / "out.xlsx")
    assert {p: (sha256(p), p.stat().st_mtime_ns) for p in folder.rglob("*.xlsx")} == before


def run(*args: str) -> object:
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_cli_consolider_json_and_exit_codes(folder: Path, tmp_path: Path) -> None:
    base = f"sqlite:///{tmp_path / 'g.sqlite3'}"
    result = run("consolider", str(folder), "--sortie", str(tmp_path / "c.xlsx"), "--json", "--base", base)
    assert result.exit_code == 1  # duplicates and findings
    data = json.loads(result.stdout)
    assert data["stats"]["fichiers"] == 3
    assert data["classeur"]["sha256"] == sha256(tmp_path / "c.xlsx")
    assert any(f["code"] == "DOUBLON_FACTURE" and f["file"] == "Moyens généraux/Registre_MG.xlsx"
               for f in data["anomalies"])
    text = run("consolider", str(folder), "--sortie", str(tmp_path / "c.xlsx"), "--base", base)
    assert "repris du cache" in text.stdout and "Doublons retirés : 1" in text.stdout
    missing = run("consolider", str(tmp_path / "absent"), "--sortie", str(tmp_path / "x.xlsx"))
    assert missing.exit_code == 2 and "Dossier introuvable" in missing.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_cli_exporter_writes_journals_and_follows_the_mapping(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "g.sqlite3"
    out = tmp_path / "export"
    result = run("exporter", str(folder), "--sortie", str(out), "--base", f"sqlite:///{db}", "--exercice", "2026")
    assert result.exit_code == 1, result.stdout
    names = ["Export_finances.xlsx", "Export_finances.csv", "Bordereau_mandats.csv", "Bordereau_titres.csv"]
    entries = Journal(make_engine(f"sqlite:///{db}")).entries(entity="export")
    assert [e.entity_id for e in entries] == names
    assert all(e.after["sha256"] == sha256(out / e.entity_id) for e in entries)
    csv = (out / "Export_finances.csv").read_bytes()
    assert csv.startswith(b"\xef\xbb\xbf")
    header = csv.decode("utf-8-sig").splitlines()[0].split(";")
    assert header[:3] == ["N° d'enregistrement", "Date de réception", "Fournisseur"]
    # a mapping of the finance directorate's own format: other order, other names, comma decimals
    mapping = tmp_path / "dbaf.toml"
    mapping.write_text(
        '[export]\nnom = "Import DBAF"\nseparateur = ";"\ndecimale = "."\n\n'
        '[[colonnes]]\nchamp = "gross_amount"\nentete = "MONTANT_TTC"\nformat = "montant"\n\n'
        '[[colonnes]]\nchamp = "tax_rate"\nentete = "TAUX"\nformat = "taux"\n\n'
        '[[colonnes]]\nchamp = "ridet"\nentete = "RIDET"\nformat = "identifiant"\n\n'
        '[[colonnes]]\nchamp = "champ_inexistant"\nentete = "VIDE"\n',
        encoding="utf-8",
    )
    result = run("exporter", str(folder), "--sortie", str(out), "--base", f"sqlite:///{db}",
                 "--correspondance", str(mapping), "--decimale", ",", "--json")
    lines = (out / "Export_finances.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "MONTANT_TTC;TAUX;RIDET;VIDE"
    assert "11100;0,11;1234567.010;" in lines
    data = json.loads(result.stdout)
    assert any(f["code"] == "EXPORT_CHAMP_INCONNU" for f in data["anomalies"])
    assert "Import DBAF" in openpyxl.load_workbook(out / "Export_finances.xlsx", read_only=True).sheetnames
    bad = tmp_path / "bad.toml"
    bad.write_text("[export\nnom=", encoding="utf-8")
    refused = run("exporter", str(folder), "--sortie", str(tmp_path / "e2"), "--correspondance", str(bad),
                  "--base", f"sqlite:///{db}")
    assert refused.exit_code == 2 and "correspondance" in refused.stderr
    assert not (tmp_path / "e2").exists()


def test_bordereaux_totals_per_budget_line_and_chapter(tmp_path: Path) -> None:
    root = tmp_path / "r"
    write_register(root / "a.xlsx", [
        invoice("1", "F-1", 10_000, **{"N° de mandat": "M-1"}),
        invoice("2", "F-2", 20_000, **{"N° de mandat": "M-2", "Imputation": "F-012-6411"}),
        invoice("3", "F-3", 30_000, **{"N° de mandat": "M-3"}),
        invoice("4", "F-4", 40_000),  # not ordered yet: not in a bordereau
    ])
    out = tmp_path / "e"
    run("exporter", str(root), "--sortie", str(out), "--base", f"sqlite:///{tmp_path / 'g.sqlite3'}",
        "--exercice", "2026")
    lines = (out / "Bordereau_mandats.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines == [
        "N° de bordereau;Chapitre;Imputation;Nombre de pièces;Montant",
        "BM-2026-0001;011;F-011-6064;2;44400",
        "BM-2026-0002;012;F-012-6411;1;22200",
    ]
    totals = sheet_rows(out / "Export_finances.xlsx", "Totaux par chapitre")
    assert [(t["Nature"], t["Chapitre"], t["Montant"]) for t in totals] == [
        ("Mandats", "011", 44_400), ("Mandats", "012", 22_200)]


def test_csv_injection_is_neutralised_end_to_end(tmp_path: Path) -> None:
    root = tmp_path / "r"
    hostile = ["=cmd|' /C calc'!A0", "+33 6 00", "-1+1", "@SUM(A1:A9)", "\t=1", "\r=2"]
    write_register(root / "a.xlsx", [invoice(str(i), f"H-{i}", 1_000 + i, supplier=text)
                                     for i, text in enumerate(hostile)])
    out = tmp_path / "e"
    run("exporter", str(root), "--sortie", str(out), "--base", f"sqlite:///{tmp_path / 'g.sqlite3'}")
    rows = list(csv.reader(io.StringIO((out / "Export_finances.csv").read_text(encoding="utf-8-sig"), newline=""),
                           delimiter=";"))
    suppliers = [r[2] for r in rows[1:]]
    # the reader trims the tab and CR typed around a cell; whatever remains is neutralised
    assert sorted(suppliers) == sorted("'" + text.strip() for text in hostile)
    consolidated = consolidate(root, Settings(), today=TODAY)
    write_consolidation(consolidated, tmp_path / "c.xlsx")
    for book in (out / "Export_finances.xlsx", tmp_path / "c.xlsx"):
        with zipfile.ZipFile(book) as package:
            sheets = [n for n in package.namelist() if n.startswith("xl/worksheets/")]
            assert sheets and not any(b"<f>" in package.read(n) for n in sheets)  # no formula, ever
        names = {r["Fournisseur"] for r in sheet_rows(book, "Factures - export DBAF"
                                                       if book.name.startswith("Export") else "Factures")}
        assert {text.strip() for text in hostile} <= names  # kept as text cells


def test_deadlines_are_checked_as_of_the_given_day(folder: Path) -> None:
    early = consolidate(folder, Settings(), today=dt.date(2026, 3, 5))
    late = consolidate(folder, Settings(), today=dt.date(2026, 6, 1))
    assert not codes(early, "DELAI_DEPASSE")
    assert {f.provenance.file for f in codes(late, "DELAI_DEPASSE")} >= {"Achats/Registre_mars.xlsx"}


def test_a_cache_that_cannot_be_written_is_a_warning_not_a_failure(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    writable = make_engine(f"sqlite:///{db}")
    FileCache(writable)  # the store exists, with its table, then is opened read-only (a share mounted read-only)
    writable.dispose()
    read_only = make_engine(f"sqlite:///file:{db}?mode=ro&uri=true")
    result = consolidate(folder, Settings(), engine=read_only, today=TODAY)
    warnings = [f for f in result.report.findings if f.code == "CACHE_NON_ECRIT"]
    assert len(warnings) == 1 and "3 fichier(s)" in warnings[0].message and "relus" in warnings[0].message
    full = consolidate(folder, Settings(), today=TODAY)
    assert {k: len(v) for k, v in result.tables.items()} == {k: len(v) for k, v in full.tables.items()}
    assert [f for f in result.report.findings if f.code != "CACHE_NON_ECRIT"] == full.report.findings
