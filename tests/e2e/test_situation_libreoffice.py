"""The Situation sheet as `gestadmin demo` (make demo) produces it: the revenue step issues the titles, then the
budget step writes the copy, its PDF and PNG. LibreOffice recalculates the sheet with no error cell and the same
totals as Python; the native charts are in the file (chart parts read back from the zip)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook

from gestadmin.demo import DEMO_TODAY
from gestadmin.model.budget_situation import Situation
from gestadmin.money import format_xpf
from gestadmin.services.budget import situation
from gestadmin.services.budget_demo import register_files
from gestadmin.services.demo import STEPS, DemoContext, load_steps, write_demo
from gestadmin.settings import Settings, get_settings
from tests.libreoffice import error_cells, recalculate

pytestmark = pytest.mark.libreoffice
CHART_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
BUDGET_STEP = "Suivi budgétaire : situation, cohérence, tableau de bord"
REVENUE_STEP = "Facturation des recettes"


@dataclass
class DemoRun:
    context: DemoContext
    summary: list[str]
    situation: Situation

    @property
    def workbook(self) -> Path:
        return self.context.output_dir / "budget" / "Budget_2026_situation.xlsx"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GESTADMIN_DATABASE_URL", f"sqlite:///{folder / 'store.sqlite3'}")
        get_settings.cache_clear()
        context = DemoContext(folder / "demo", folder / "sorties", files=write_demo(folder / "demo"))
        load_steps()
        steps: dict[str, Callable[[DemoContext], list[str]]] = dict(STEPS)
        names = list(steps)
        assert names.index(REVENUE_STEP) < names.index(BUDGET_STEP)  # the budget reads the issued titles
        steps[REVENUE_STEP](context)
        summary = steps[BUDGET_STEP](context)
        computed = situation(context.demo_dir / "Budget_2026.xlsx", Settings(), register_files=register_files(context),
                             write=False, today=DEMO_TODAY).situation
    get_settings.cache_clear()
    return DemoRun(context, summary, computed)


def test_situation_recalculates_in_libreoffice_with_no_error_and_python_totals(run: DemoRun, tmp_path: Path) -> None:
    converted = recalculate(run.workbook, tmp_path / "lo")
    assert [e for e in error_cells(converted) if e[0] == "Situation"] == []
    ws = load_workbook(converted, data_only=True)["Situation"]
    totals = [row for row in ws.iter_rows(values_only=True) if row[0] == "Total"]
    sections_total = totals[0]  # first table: per section; columns D.. = appropriations, committed, ..., available
    total = run.situation.total
    assert list(sections_total[3:8]) == [total["appropriations"], total["committed"], total["mandated"],
                                         total["paid"], total["available"]]
    assert sections_total[10] == pytest.approx(float(total["commitment_rate"]))
    revenue_total = totals[3]  # sections, chapters, lines, then revenue: forecast, issued, collected, outstanding
    revenue = run.situation.revenue
    assert list(revenue_total[3:7]) == [int(revenue[k].sum()) for k in ("forecast", "issued", "collected",
                                                                       "outstanding")]
    assert revenue_total[4] > 0  # the titles issued by the revenue step


def test_native_charts_are_in_the_file(run: DemoRun) -> None:
    with zipfile.ZipFile(run.workbook) as package:
        charts = sorted(n for n in package.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        roots = [ElementTree.fromstring(package.read(n)) for n in charts]
    kinds = [{el.tag.split("}")[1] for el in root.iter()} & {"barChart", "lineChart"} for root in roots]
    assert kinds == [{"barChart"}, {"lineChart"}]
    formulas = [f.text or "" for root in roots for f in root.iter(f"{{{CHART_NS}}}f")]
    assert formulas and all(f.startswith("'Situation'!") for f in formulas)  # live references to the sheet
    bar_series = roots[0].findall(f".//{{{CHART_NS}}}ser")
    assert len(bar_series) == 3  # committed, mandated, available


def test_the_demo_step_renders_the_sheet_to_pdf_and_png(run: DemoRun) -> None:
    out = run.context.output_dir / "budget"
    pdf, png = out / "Situation_budgetaire_2026.pdf", out / "Situation_budgetaire_2026.png"
    assert f"Rendu : {pdf} ; {png}" in run.summary
    assert pdf.read_bytes().startswith(b"%PDF") and png.read_bytes().startswith(b"\x89PNG")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True, timeout=60).stdout
        assert "Situation budgétaire 2026" in text and "Marchés, contrats et conventions" in text


def test_the_demo_step_summary(run: DemoRun) -> None:
    revenue = run.situation.revenue
    assert (f"Recettes : prévisions {format_xpf(int(revenue['forecast'].sum()))}, titres émis "
            f"{format_xpf(int(revenue['issued'].sum()))}, encaissé {format_xpf(int(revenue['collected'].sum()))}."
            in run.summary)
    assert "Marchés et conventions : 6 ; alertes : 2." in run.summary  # the planted overrun and 30-day expiry
    assert any("Marchés!H4" in line and "MAR-2025-014" in line for line in run.summary)
    assert any("Marchés!J3" in line and "dans 21 jour(s)" in line for line in run.summary)


def test_commitment_rates_above_the_alert_setting_are_highlighted(run: DemoRun) -> None:
    ws = load_workbook(run.workbook)["Situation"]
    rules = [(str(cf.sqref), rule.operator, rule.formula) for cf in ws.conditional_formatting for rule in cf.rules]
    alerts = [sqref for sqref, operator, formula in rules if operator == "greaterThan" and formula == ["0.90"]]
    assert len(alerts) == 3 and all(s.startswith("K") for s in alerts)  # sections, chapters, lines: Taux d'eng.
    header_row = next(r for r in ws.iter_rows(min_row=1, max_row=10) if r[0].value == "Section")
    assert header_row[10].value == "Taux d'engagement"
    negatives = [sqref for sqref, operator, formula in rules if operator == "lessThan" and formula == ["0"]]
    assert len(negatives) == 3 and all(s.startswith("H") for s in negatives)  # Disponible below 0
