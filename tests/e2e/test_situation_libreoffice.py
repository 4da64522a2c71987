"""The Situation sheet of the demo budget: LibreOffice recalculates it with no error cell and the same totals as
Python; the native charts are in the file (chart parts read back from the zip); PDF and PNG are rendered."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook

from gestadmin.io.render import render_sheet
from gestadmin.services.budget import situation
from gestadmin.services.demo import write_demo
from gestadmin.settings import Settings
from tests.libreoffice import error_cells, recalculate

pytestmark = pytest.mark.libreoffice
CHART_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("demo")
    write_demo(folder)
    return situation(folder / "Budget_2026.xlsx", Settings(), registers_dir=folder, output_dir=folder / "sorties",
                     today=dt.date(2026, 10, 30))


def test_situation_recalculates_in_libreoffice_with_no_error_and_python_totals(outcome, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    converted = recalculate(outcome.workbook, tmp_path / "lo")
    assert [e for e in error_cells(converted) if e[0] == "Situation"] == []
    ws = load_workbook(converted, data_only=True)["Situation"]
    totals = [row for row in ws.iter_rows(values_only=True) if row[0] == "Total"]
    sections_total = totals[0]  # first table: per section; columns D.. = appropriations, committed, ..., available
    total = outcome.situation.total
    assert list(sections_total[3:8]) == [total["appropriations"], total["committed"], total["mandated"],
                                         total["paid"], total["available"]]
    assert sections_total[10] == pytest.approx(float(total["commitment_rate"]))


def test_native_charts_are_in_the_file(outcome) -> None:  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(outcome.workbook) as package:
        charts = sorted(n for n in package.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        roots = [ElementTree.fromstring(package.read(n)) for n in charts]
    kinds = [{el.tag.split("}")[1] for el in root.iter()} & {"barChart", "lineChart"} for root in roots]
    assert kinds == [{"barChart"}, {"lineChart"}]
    formulas = [f.text or "" for root in roots for f in root.iter(f"{{{CHART_NS}}}f")]
    assert formulas and all(f.startswith("'Situation'!") for f in formulas)  # live references to the sheet
    bar_series = roots[0].findall(f".//{{{CHART_NS}}}ser")
    assert len(bar_series) == 3  # committed, mandated, available


def test_pdf_and_png_of_the_sheet(outcome, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rendered = render_sheet(outcome.workbook, "Situation", tmp_path, "Situation_budgetaire_2026")
    assert rendered.problem == ""
    assert rendered.pdf is not None and rendered.pdf.read_bytes().startswith(b"%PDF")
    assert rendered.png is not None and rendered.png.read_bytes().startswith(b"\x89PNG")
