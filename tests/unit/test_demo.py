"""Demo data: reproducible, anomalies where the list says, everything else consistent."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import schwifty

from gestadmin.demo import DEMO_TODAY
from gestadmin.demo.bank import iban_from_rib, rib_key
from gestadmin.demo.dataset import BUDGET_FILE, DIRECTORY_FILE, build_dataset
from gestadmin.demo.expected import EXPECTED_ANOMALIES
from gestadmin.io.formulas import column_letters
from gestadmin.io.layouts import register
from gestadmin.money import round_xpf
from gestadmin.services.demo import write_demo
from gestadmin.settings import Settings

RIDET = re.compile(r"^\d{6,7}\.\d{3}$")


def _rib_ok(account: str) -> bool:
    compact = account.replace(" ", "")
    if compact.startswith("FR"):
        numeric = "".join(str(int(c, 36)) for c in compact[4:] + compact[:4])
        return int(numeric) % 97 == 1 and _rib_ok(compact[4:])
    return len(compact) == 23 and rib_key(compact[:5], compact[5:10], compact[10:21]) == compact[21:]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_demo(tmp_path_factory.mktemp("demo"), settings=Settings(_env_file=None))


def test_rib_key_and_iban_follow_the_french_scheme() -> None:
    assert rib_key("30002", "00550", "0000157841Z") == "25"
    iban = iban_from_rib("30002 00550 0000157841Z 25")
    assert schwifty.IBAN(iban).bban == "30002005500000157841Z25"  # schwifty checks the mod-97 digits


def test_same_seed_same_data_other_seed_other_data() -> None:
    first, again, other = build_dataset(), build_dataset(), build_dataset(7)
    assert [w.rows for w in first.workbooks] == [w.rows for w in again.workbooks]
    assert first.workbook(BUDGET_FILE).rows != other.workbook(BUDGET_FILE).rows


def test_expected_anomalies_are_the_generated_ones() -> None:
    assert tuple(build_dataset().anomalies) == EXPECTED_ANOMALIES
    kinds = {a.kind for a in EXPECTED_ANOMALIES}
    assert {"doublon_exact", "quasi_doublon", "cle_rib_invalide", "delai_depasse", "delai_proche",
            "ligne_surengagee", "mandats_incoherents", "montant_illisible", "date_impossible"} <= kinds
    registers = {a.file for a in EXPECTED_ANOMALIES if a.file.startswith("Registre_factures")}
    assert len(registers) == 3


def test_anomalies_point_to_real_rows(demo: dict[str, Path]) -> None:
    seen = []
    for anomaly in EXPECTED_ANOMALIES:
        layout = register("budget" if anomaly.file == BUDGET_FILE else "factures")
        sheet = next(s for s in layout.sheets if s.sheet == anomaly.sheet)
        ws = openpyxl.load_workbook(demo[anomaly.file])[anomaly.sheet]
        assert ws.cell(row=anomaly.row, column=1).value not in (None, "")
        seen.append((anomaly.kind, ws[f"{column_letters(sheet)[anomaly.field]}{anomaly.row}"].value))
    values = dict(seen)
    assert values["montant_illisible"] == "douze mille"
    assert values["date_impossible"] == "31/02/2026"
    assert values["taux_tgc_invalide"] == 0.1
    assert isinstance(values["identifiant_numerique"], int)
    assert values["date_reception_manquante"] is None and values["ridet_manquant"] is None
    assert not _rib_ok(str(values["cle_rib_invalide"]))


def _invoice_rows(path: Path) -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(path)["Factures"]
    fields = register("factures").sheet("invoices").fields
    rows = []
    for row in ws.iter_rows(min_row=2, max_row=ws.max_row):
        if row[0].value is None:
            continue
        record = {f: _date(c.value) for f, c in zip(fields, row, strict=False)}
        record["_row"], record["_id_is_text"] = row[0].row, row[0].data_type == "s"
        rows.append(record)
    return rows


def _date(value: object) -> object:
    return value.date() if isinstance(value, dt.datetime) else value


def test_clean_invoice_rows_are_consistent(demo: dict[str, Path]) -> None:
    planted = {(a.file, a.row) for a in EXPECTED_ANOMALIES if a.sheet == "Factures"}
    budget = openpyxl.load_workbook(demo[BUDGET_FILE])["Engagements"]
    commitments = {r[0]: (r[2], r[4]) for r in budget.iter_rows(min_row=2, values_only=True) if r[0]}
    directory_ws = openpyxl.load_workbook(demo[DIRECTORY_FILE])["Tiers"]
    directory = {r[0]: r[8] for r in directory_ws.iter_rows(min_row=2, values_only=True) if r[0]}
    problems, checked = [], 0
    for name in (n for n in demo if n.startswith("Registre_factures")):
        for r in _invoice_rows(demo[name]):
            if (name, r["_row"]) in planted:
                continue
            checked += 1
            net, tax, gross, rate = r["net_amount"], r["tax_amount"], r["gross_amount"], r["tax_rate"]
            ok = [
                r["_id_is_text"], gross == net + tax, RIDET.match(str(r["ridet"])),
                rate is None or tax == round_xpf(Decimal(str(net)) * Decimal(str(rate))),
                r["bank_account"] == directory[r["supplier_name"]], _rib_ok(str(r["bank_account"])),
                r["received_date"] <= DEMO_TODAY,
                commitments[r["commitment_number"]] == (r["supplier_name"], r["budget_code"]),
            ]
            if r["status"] in {"Mandatée", "Payée"}:
                ok += [r["payment_order_number"] is not None, r["service_done_date"] <= r["liquidation_date"],
                       r["ordering_date"] <= r["received_date"] + dt.timedelta(days=30)]
            else:
                ok.append((DEMO_TODAY - r["received_date"]).days < 20)
            if not all(ok):
                problems.append((name, r["_row"], ok))
    assert problems == [] and checked > 80
