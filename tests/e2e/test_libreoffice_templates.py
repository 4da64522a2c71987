"""LibreOffice recalculates every template and demo workbook: no error cell, and the formulas agree with
the Python computation (gestadmin.money half-up rounding, NC holidays from `holidays`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import holidays
import openpyxl
import pytest

from gestadmin.demo.dataset import BUDGET_FILE
from gestadmin.io.layouts import REGISTERS, register
from gestadmin.io.templates import build_workbook, write_template, write_workbook
from gestadmin.money import invoice_totals, round_xpf
from gestadmin.services.demo import write_demo
from gestadmin.settings import Settings
from tests.libreoffice import cached_values, error_cells, recalculate_many, soffice_available

pytestmark = pytest.mark.skipif(not soffice_available(), reason="LibreOffice (soffice) absent : test sauté")

SETTINGS = Settings(_env_file=None)
REVENUE_LINES = [  # draft, quantity, unit price, rate: 1 005 x 0.03 = 30.15 ; 250 x 0.22 = 55 ; 45 x 0.11 = 4.95
    ("B-1", 1, 1005, 0.03), ("B-1", 2, 125, 0.22), ("B-1", 3, 15, 0.11), ("B-2", 1, 50_000, 0.0),
    ("B-2", 1, 4_545, 0.11),
]


def _revenue_workbook(folder: Path) -> Path:
    rows = {
        "revenue_invoices": [{"draft_ref": ref, "series": "FR", "fiscal_year": 2026, "customer_name": "Client",
                              "status": "Brouillon"} for ref in ("B-1", "B-2")],
        "revenue_lines": [{"draft_ref": d, "designation": "x", "quantity": q, "unit_price": p, "tax_rate": r}
                          for d, q, p, r in REVENUE_LINES],
    }
    wb = build_workbook(register("recettes"), SETTINGS, rows, empty_rows=20)
    return write_workbook(wb, folder / "Recettes_essai.xlsx")


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    src = tmp_path_factory.mktemp("sources")
    templates = [write_template(r, SETTINGS, src / "modeles") for r in REGISTERS]
    # distinct names: the demo revenue register has the template's file name, and soffice writes to one folder
    files = [t.rename(t.with_name(f"Modele_{t.name}")) for t in templates]
    files += [p for p in write_demo(src / "demo", settings=SETTINGS).values() if p.suffix == ".xlsx"]
    files.append(_revenue_workbook(src))
    out = recalculate_many(files, tmp_path_factory.mktemp("recalcules"))
    return {f.name: (f, o) for f, o in zip(files, out, strict=True)}


def test_no_error_cell_in_any_template_or_demo_workbook(recalculated: dict[str, tuple[Path, Path]]) -> None:
    assert len(recalculated) >= 10 and len({out for _, out in recalculated.values()}) == len(recalculated)
    assert {name: error_cells(out) for name, (_, out) in recalculated.items() if error_cells(out)} == {}


def _due(received: dt.date) -> dt.date:
    closed = set(holidays.country_holidays("NC", years=range(2024, 2029))) | set(SETTINGS.deadline.closure_days)
    day = received + dt.timedelta(days=SETTINGS.deadline.days)
    while day.weekday() >= 5 or day in closed:
        day += dt.timedelta(days=1)
    return day


def _as_date(value: object) -> object:
    return value.date() if isinstance(value, dt.datetime) else value


def test_invoice_formulas_match_python(recalculated: dict[str, tuple[Path, Path]]) -> None:
    compared = 0
    for name, (_, out) in recalculated.items():
        if not name.startswith("Registre_factures_2026"):
            continue
        for row in cached_values(out, "Factures"):
            net, rate, received = row["Montant HT"], row["Taux TGC"], _as_date(row["Date de réception"])
            if isinstance(net, int) and isinstance(rate, float):
                assert row["TGC calculée"] == round_xpf(Decimal(net) * Decimal(str(rate)))
                compared += 1
            if isinstance(received, dt.date):
                assert _as_date(row["Échéance (30 jours)"]) == _due(received)
    assert compared > 80


def test_budget_formulas_match_python(recalculated: dict[str, tuple[Path, Path]]) -> None:
    source, out = recalculated[BUDGET_FILE]
    wb = openpyxl.load_workbook(source)
    committed, mandated = defaultdict(int), defaultdict(int)
    for r in wb["Engagements"].iter_rows(min_row=2, values_only=True):
        if r[0] and r[8] != "Annulé":
            committed[r[4]] += r[6]
    for r in wb["Mandats"].iter_rows(min_row=2, values_only=True):
        if r[0]:
            mandated[r[4]] += r[7]
    lines = [r for r in cached_values(out, "Lignes budgétaires") if r["Code imputation"]]
    for r in lines:
        opened = sum(r[k] or 0 for k in ("BP", "BS", "DM", "Virements", "Reports"))
        code = r["Code imputation"]
        assert (r["Crédits ouverts"], r["Engagé"], r["Mandaté"], r["Disponible"]) == (
            opened, committed[code], mandated[code], opened - committed[code]
        )
    assert min(r["Disponible"] for r in lines) < 0  # the deliberately overcommitted line


def test_revenue_totals_round_half_up_per_rate(recalculated: dict[str, tuple[Path, Path]]) -> None:
    _, out = recalculated["Recettes_essai.xlsx"]
    got = {r["Réf. brouillon"]: (r["Total HT"], r["TGC"], r["Total TTC"])
           for r in cached_values(out, "Factures émises") if r["Réf. brouillon"]}
    expected = {
        ref: invoice_totals((round_xpf(Decimal(q) * p), Decimal(str(rate)))
                            for d, q, p, rate in REVENUE_LINES if d == ref)
        for ref in ("B-1", "B-2")
    }
    assert got == expected
