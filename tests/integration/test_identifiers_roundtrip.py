"""Identifiers survive as text through read -> validate -> annotated write -> read (issue 2)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from gestadmin.io.annotate import annotated_name, write_annotated_copy
from gestadmin.io.layouts import INVOICE_REGISTER
from gestadmin.io.reader import read_register
from gestadmin.services.validation import validate_register

IDS = {
    "registration_number": ["000123", "FA-2026/001", "0042"],
    "invoice_number": ["000123", "FA-2026/001", "1E5"],
    "ridet": ["1234567.010", "0123456.001", "123456.001"],
    "budget_code": ["011-6064", "65-6574", "011-60632"],
    "bank_account": ["14158 01000 00000000000 19", "FR76 3000 6000 0112 3456 7890 189", "00012345678901234567890"],
}


def build(path: Path) -> Path:
    """An invoice register whose id cells are typed as text (the template's '@' format)."""
    sheet_layout = INVOICE_REGISTER.sheet("invoices")
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.worksheets[0])
    for layout in INVOICE_REGISTER.sheets:
        workbook.create_sheet(layout.sheet).append([c.header for c in layout.columns if not c.is_formula])
    sheet = workbook[sheet_layout.sheet]
    inputs = [c for c in sheet_layout.columns if not c.is_formula]
    for i in range(3):
        record = {field: values[i] for field, values in IDS.items()}
        record |= {"received_date": dt.date(2026, 3, 2 + i), "supplier_name": "SARL Test",
                   "gross_amount": 11_100, "status": "Enregistrée"}
        sheet.append([record.get(c.field) for c in inputs])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type, cell.number_format = "s", "@"
    workbook.save(path)
    return path


def ids_of(path: Path) -> dict[str, list[str | None]]:
    data = read_register(path, kind="factures")
    frame = data.sheets["invoices"].frame
    return {field: frame[field].tolist() for field in IDS}


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_identifiers_survive_read_validate_write_read(tmp_path: Path, suffix: str) -> None:
    source = build(tmp_path / "Registre_factures.xlsx")
    if suffix == ".csv":
        source = _as_csv(source, tmp_path / "Factures.csv")
    assert ids_of(source) == IDS
    data = read_register(source, kind="factures")
    report = validate_register(data)
    copy = write_annotated_copy(source, report.findings, tmp_path / "out" / annotated_name(source))
    assert ids_of(copy) == IDS
    cells = openpyxl.load_workbook(copy)["Factures"]
    assert {cells.cell(row=r, column=1).data_type for r in (2, 3, 4)} == {"s"}


def _as_csv(source: Path, target: Path) -> Path:
    rows = openpyxl.load_workbook(source)["Factures"].iter_rows(values_only=True)
    lines = [";".join("" if v is None else v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else str(v) for v in row)
             for row in rows]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return target
