"""The register reader on inline-built workbooks: headers, typing, cell findings with exact provenance."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import Workbook
from openpyxl.worksheet.table import Table

from gestadmin.dates import from_serial
from gestadmin.findings import UnreadableInputError
from gestadmin.io.reader import RegisterData, detect_kind, read_frames, read_raw, read_register
from gestadmin.settings import Settings
from tests.corpus_path import corpus_dir

CORPUS = corpus_dir() / "real"
HEAD = ["N° d'enregistrement", "Date de réception", "Fournisseur", "N° de facture", "Montant TTC", "Statut"]


def make_workbook(tmp_path: Path, sheets: dict[str, list[list[Any]]], name: str = "registre.xlsx",
                  tables: dict[str, str] | None = None, date1904: bool = False) -> Path:
    """An xlsx with these sheets (rows from A1); `tables` maps sheet -> Excel table over its used range."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        if tables and title in tables:
            ws.add_table(Table(displayName=tables[title], ref=ws.dimensions))
    if date1904:
        wb.epoch = dt.datetime(1904, 1, 1)
    path = tmp_path / name
    wb.save(path)
    return path


def codes(data: RegisterData, *wanted: str) -> list[tuple[str, int | None, str, str]]:
    return [(f.provenance.sheet, f.provenance.row, f.provenance.column, f.code) for f in data.findings
            if not wanted or f.code in wanted]


def test_clean_register_types_columns(tmp_path: Path) -> None:
    path = make_workbook(tmp_path, {"Factures": [HEAD, ["2026-001", dt.datetime(2026, 3, 2), "Ets Martin",
                                                        "F-12", 113_000, "Reçue"]]})
    data = read_register(path, kind="factures", settings=Settings())
    frame = data.sheets["invoices"].frame
    assert frame.loc[0, "gross_amount"] == 113_000 and str(frame["gross_amount"].dtype) == "Int64"
    assert frame.loc[0, "received_date"] == pd.Timestamp(2026, 3, 2)
    assert str(frame["received_date"].dtype) == "datetime64[ns]"
    assert str(frame["tax_rate"].dtype) == "Float64" and frame["_row"].tolist() == [2]
    assert data.sheets["invoices"].letters["gross_amount"] == "E"
    assert codes(data, "COLONNE_MANQUANTE", "VALEUR_OBLIGATOIRE", "MONTANT_INVALIDE") == []


def test_header_not_on_row_one_with_synonyms_accents_and_case(tmp_path: Path) -> None:
    rows = [["Registre des factures 2026"], [], ["n° ENREGISTREMENT", "date reception", "Tiers", "N° facture",
                                                 "Total TTC", "etat", "Colonne perso"], ["A1", "02/03/2026", "X",
                                                                                         "F1", "1 500", "Reçue", "z"]]
    data = read_register(make_workbook(tmp_path, {"Factures": rows}), kind="factures", settings=Settings())
    frame = data.sheets["invoices"].frame
    assert frame["_row"].tolist() == [4] and frame.loc[0, "gross_amount"] == 1500
    assert codes(data, "COLONNE_INCONNUE") == [("Factures", 3, "G", "COLONNE_INCONNUE")]
    assert ("Factures", 3, "E", "COLONNE_RENOMMEE") in codes(data)


def test_missing_and_duplicate_columns(tmp_path: Path) -> None:
    rows = [["N° d'enregistrement", "Fournisseur", "Fournisseur", "N° de facture", "Statut"],
            ["1", "A", "B", "F", "Reçue"]]
    data = read_register(make_workbook(tmp_path, {"Factures": rows}), kind="factures", settings=Settings())
    assert codes(data, "COLONNE_MANQUANTE", "COLONNE_EN_DOUBLE") == [
        ("Factures", 1, "", "COLONNE_MANQUANTE"), ("Factures", 1, "", "COLONNE_MANQUANTE"),
        ("Factures", 1, "C", "COLONNE_EN_DOUBLE")]
    assert data.sheets["invoices"].frame.loc[0, "supplier_name"] == "A"


def test_bad_cells_are_na_with_exact_provenance(tmp_path: Path) -> None:
    head = [*HEAD, "Taux TGC", "Montant HT"]
    rows = [head, ["1", "31/02/2026", "A", "F1", "douze", "Reçue", 0.11, 1000.4],
            [None] * 8,
            ["2", dt.datetime(2026, 1, 5), "B", "F2", 1000, "Inconnu", 0.07, "1 000,5"],
            ["3", "05/01/2026", None, "F3", 10, "Payée", "11 %", 5]]
    data = read_register(make_workbook(tmp_path, {"Factures": rows}), kind="factures", settings=Settings())
    assert sorted(codes(data, "DATE_INVALIDE", "MONTANT_INVALIDE", "MONTANT_DECIMALES", "TAUX_INVALIDE",
                        "VALEUR_HORS_LISTE", "VALEUR_OBLIGATOIRE")) == [
        ("Factures", 2, "B", "DATE_INVALIDE"), ("Factures", 2, "E", "MONTANT_INVALIDE"),
        ("Factures", 2, "H", "MONTANT_DECIMALES"), ("Factures", 4, "F", "VALEUR_HORS_LISTE"),
        ("Factures", 4, "G", "TAUX_INVALIDE"), ("Factures", 4, "H", "MONTANT_DECIMALES"),
        ("Factures", 5, "C", "VALEUR_OBLIGATOIRE")]
    frame = data.sheets["invoices"].frame
    assert frame["_row"].tolist() == [2, 4, 5]
    assert frame["gross_amount"].isna().tolist() == [True, False, False]
    assert frame["net_amount"].tolist() == [1000, 1001, 5]  # half up: 1000.5 -> 1001
    assert frame["tax_rate"].tolist()[0] == 0.11 and pd.isna(frame["tax_rate"].tolist()[1])
    assert frame["tax_rate"].tolist()[2] == 0.11
    assert frame["status"].tolist() == ["Reçue", None, "Payée"]
    assert all(f.provenance.file == "registre.xlsx" for f in data.findings)


def test_ids_stay_text_exactly_and_numeric_ids_warn(tmp_path: Path) -> None:
    rows = [[*HEAD, "RIDET"], ["0012", "05/01/2026", "A", "1234567.010", 10, "Reçue", " 1234567.001 "],
            [12.0, "05/01/2026", "B", 1234567.01, 10, "Reçue", None]]
    data = read_register(make_workbook(tmp_path, {"Factures": rows}), kind="factures", settings=Settings())
    frame = data.sheets["invoices"].frame
    assert frame["registration_number"].tolist() == ["0012", "12"]
    assert frame["invoice_number"].tolist() == ["1234567.010", "1234567.01"]
    assert frame["ridet"].tolist() == ["1234567.001", None]
    assert codes(data, "IDENTIFIANT_NUMERIQUE") == [("Factures", 3, "A", "IDENTIFIANT_NUMERIQUE"),
                                                    ("Factures", 3, "D", "IDENTIFIANT_NUMERIQUE")]


def test_excel_table_name_wins_over_sheet_name(tmp_path: Path) -> None:
    rows = [HEAD, ["1", "01/02/2026", "A", "F", 5, "Reçue"]]
    path = make_workbook(tmp_path, {"Feuil1": [["x"]], "Mes factures": rows}, tables={"Mes factures": "tFactures"})
    data = read_register(path, settings=Settings())
    assert data.kind == "factures" and data.sheets["invoices"].sheet_name == "Mes factures"


def test_detect_kind_from_sheet_names_and_unknown_workbook(tmp_path: Path) -> None:
    path = make_workbook(tmp_path, {"Dossiers": [["N° de dossier", "Objet", "Statut", "Date d'ouverture"]]})
    assert read_register(path, settings=Settings()).kind == "dossiers"
    other = make_workbook(tmp_path, {"Feuil1": [["a", "b"], [1, 2]]}, name="autre.xlsx")
    with pytest.raises(UnreadableInputError) as caught:
        read_register(other, settings=Settings())
    assert caught.value.finding.code == "FICHIER_TYPE_INCONNU"
    assert detect_kind(read_raw(other, Settings())) is None


def test_1904_serials(tmp_path: Path) -> None:
    rows = [HEAD, ["1", 44000, "A", "F", 5, "Reçue"]]
    data = read_frames({"Factures": rows}, kind="factures", date1904=True)
    assert data.sheets["invoices"].frame.loc[0, "received_date"] == pd.Timestamp(from_serial(44000, date1904=True))
    data = read_frames({"Factures": rows}, kind="factures")
    assert data.sheets["invoices"].frame.loc[0, "received_date"] == pd.Timestamp(2020, 6, 18)
    assert from_serial(44000, date1904=True) - from_serial(44000) == dt.timedelta(days=1462)


def test_1904_workbook_dates_from_corpus() -> None:
    raw = read_raw(CORPUS / "calamine" / "date_1904.xlsx", Settings())
    assert raw.date1904 and raw.sheets[0].rows[0][0] == dt.date(2021, 1, 1)


def test_error_cells_become_cellule_erreur() -> None:
    raw = read_raw(CORPUS / "calamine" / "errors.xlsx", Settings())
    assert [str(r[0]) for r in raw.sheets[0].rows[:7]] == [
        "#DIV/0!", "#NAME?", "#VALUE!", "#NULL!", "#REF!", "#NUM!", "#N/A"]
    data = read_frames({"Factures": [HEAD, ["1", "#N/A", "A", "F", raw.sheets[0].rows[0][0], "Reçue"]]},
                       kind="factures", file_label="x.xlsx")
    assert codes(data, "CELLULE_ERREUR") == [("Factures", 2, "B", "CELLULE_ERREUR"),
                                             ("Factures", 2, "E", "CELLULE_ERREUR")]


@pytest.mark.parametrize(("encoding", "bom"), [("cp1252", b""), ("utf-16", b""), ("utf-8", b"\xef\xbb\xbf")])
def test_csv_encodings_with_semicolons(tmp_path: Path, encoding: str, bom: bytes) -> None:
    text = "N° d'enregistrement;Date de réception;Fournisseur;N° de facture;Montant TTC;Statut\n" \
           "0012;05/01/2026;Société Générale d'Équipement;F-1;1 234;Reçue\n"
    path = tmp_path / "registre.csv"
    path.write_bytes(bom + text.encode(encoding))
    data = read_register(path, kind="factures", settings=Settings())
    frame = data.sheets["invoices"].frame
    assert frame.loc[0, "supplier_name"] == "Société Générale d'Équipement"
    assert frame.loc[0, "registration_number"] == "0012" and frame.loc[0, "gross_amount"] == 1234


def test_xls_from_corpus_reads_through_sandbox() -> None:
    raw = read_raw(CORPUS / "xlrd" / "ragged.xls", Settings())
    assert len(raw.sheets) == 3 and raw.format == "xls"


def test_whole_file_failures_are_french_findings(tmp_path: Path) -> None:
    missing = tmp_path / "absent.xlsx"
    empty = tmp_path / "vide.xlsx"
    empty.write_bytes(b"")
    for path, code in ((missing, "FICHIER_INTROUVABLE"), (empty, "FICHIER_VIDE")):
        with pytest.raises(UnreadableInputError) as caught:
            read_register(path, kind="factures", settings=Settings())
        assert caught.value.finding.code == code and caught.value.finding.provenance.file == path.name


def test_timeout_kills_worker_and_next_read_works(tmp_path: Path) -> None:
    big = tmp_path / "lent.csv"
    big.write_text("a;b\n" + "1;2\n" * 2_000_000)
    with pytest.raises(UnreadableInputError) as caught:
        read_register(big, kind="factures", settings=Settings(read_timeout_seconds=0))
    assert caught.value.finding.code == "FICHIER_DELAI_DEPASSE"
    ok = make_workbook(tmp_path, {"Factures": [HEAD, ["1", "01/02/2026", "A", "F", 5, "Reçue"]]})
    assert read_register(ok, kind="factures", settings=Settings()).sheets["invoices"].frame["_row"].tolist() == [2]


def test_memory_limit_becomes_fichier_memoire(tmp_path: Path) -> None:
    wide = tmp_path / "large.csv"
    wide.write_text("a;b\n" + "x;y\n" * 3_000_000)
    with pytest.raises(UnreadableInputError) as caught:
        read_register(wide, kind="factures", settings=Settings(read_memory_mb=400))
    assert caught.value.finding.code == "FICHIER_MEMOIRE"
