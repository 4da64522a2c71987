"""The default export to finance opens in LibreOffice with the right types: numbers, text ids, dates."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from gestadmin.cli import app
from gestadmin.io import parallel_zip
from gestadmin.io.export import load_mapping
from gestadmin.io.xlsx_tables import write_xlsx_tables
from gestadmin.model.export_mapping import ExportColumn, ExportFormat, ExportMapping, ExportOptions
from tests.integration.consolidation_files import folder_with_services, invoice, write_register
from tests.libreoffice import error_cells, recalculate

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) absent : test sauté")


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("export")
    folder = folder_with_services(tmp / "registres")
    # an id that a float would shorten, and a leading-zero one
    write_register(folder / "Achats" / "Registre_ids.xlsx", [
        invoice("0000123", "1234567.010", 12_345, ridet="0012345.001"),
    ])
    out = tmp / "export"
    result = CliRunner().invoke(app, ["exporter", str(folder), "--sortie", str(out), "--base",
                                      f"sqlite:///{tmp / 'g.sqlite3'}", "--exercice", "2026"])
    assert result.exit_code in (0, 1), result.output
    return out


def test_xlsx_export_types_after_libreoffice(export: Path, tmp_path: Path) -> None:
    converted = recalculate(export / "Export_finances.xlsx", tmp_path)
    assert error_cells(converted) == []
    ws = openpyxl.load_workbook(converted)[load_mapping().export.nom]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, (c for c in row), strict=False)) for row in ws.iter_rows(min_row=2)]
    mine = next(r for r in rows if r["N° de facture"].value == "1234567.010")
    assert mine["N° de facture"].data_type == "s"  # id kept as typed, not 1234567.01
    assert mine["N° d'enregistrement"].value == "0000123" and mine["RIDET"].value == "0012345.001"
    assert mine["Montant TTC"].data_type == "n" and mine["Montant TTC"].value == 13_703
    assert mine["Taux TGC"].data_type == "n" and mine["Taux TGC"].value == pytest.approx(0.11)
    assert isinstance(mine["Date de réception"].value, dt.datetime)
    assert mine["Date de réception"].value.date() == dt.date(2026, 3, 2)
    assert mine["Ligne source"].data_type == "n"
    batches = openpyxl.load_workbook(converted)["Bordereau des mandats"]
    assert [c.value for c in batches[1]] == ["N° de bordereau", "Chapitre", "Imputation", "Nombre de pièces",
                                             "Montant"]


def test_csv_export_opens_as_french_excel_would(export: Path, tmp_path: Path) -> None:
    """Semicolons, UTF-8 with BOM: LibreOffice (filter options ; " UTF-8) reads accents and amounts."""
    profile = tmp_path / f"lo-{uuid.uuid4().hex}"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--infilter=CSV:59,34,76,1", "--convert-to", "xlsx", "--outdir", str(tmp_path),
         str(export / "Export_finances.csv")],
        check=True, capture_output=True, timeout=180,
    )
    ws = openpyxl.load_workbook(tmp_path / "Export_finances.xlsx").active
    header = [c.value for c in ws[1]]
    assert header[:3] == ["N° d'enregistrement", "Date de réception", "Fournisseur"]
    assert "Montant TTC" in header and "Réception" not in header
    amounts = [row[header.index("Montant TTC")].value for row in ws.iter_rows(min_row=2)]
    assert 13_703 in amounts and all(isinstance(a, (int, float)) for a in amounts)
    suppliers = {row[header.index("Fournisseur")].value for row in ws.iter_rows(min_row=2)}
    assert "Imprimerie Réunies" in suppliers


def test_sheet_deflated_in_parallel_chunks_opens_in_libreoffice(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A big sheet's XML is deflated in chunks on several threads (io.parallel_zip): LibreOffice reads every cell."""
    monkeypatch.setattr(parallel_zip, "PARALLEL_MIN", 100_000)  # a few thousand rows, as for a million
    monkeypatch.setattr(parallel_zip, "CHUNK", 32_768)
    rows = 6_000
    frame = pd.DataFrame({
        "numero": [f"{i:07d}.010" for i in range(rows)],
        "tiers": [f"Fournisseur {i % 397} & fils <SARL>" for i in range(rows)],
        "montant": [1_000 + i * 37 for i in range(rows)],
    })
    mapping = ExportMapping(export=ExportOptions(nom="Factures"), colonnes=[
        ExportColumn(champ="numero", entete="N° de facture", format=ExportFormat.ID),
        ExportColumn(champ="tiers", entete="Fournisseur"),
        ExportColumn(champ="montant", entete="Montant", format=ExportFormat.AMOUNT),
    ])
    path = tmp_path / "grand.xlsx"
    write_xlsx_tables(path, [("Factures", frame, mapping)])
    with zipfile.ZipFile(path) as package:
        assert package.getinfo("xl/worksheets/sheet1.xml").file_size > 100_000  # went through the chunks
    converted = recalculate(path, tmp_path / "lo")
    ws = openpyxl.load_workbook(converted, read_only=True)["Factures"]
    read = [tuple(c.value for c in row) for row in ws.iter_rows(min_row=2)]
    assert read == list(frame.itertuples(index=False, name=None))
