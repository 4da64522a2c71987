"""The xlsx table writer: its column-at-a-time row XML is byte for byte what xlsxwriter's own cell calls write,
and a text shaped like xlsxwriter's rich-string marker no longer corrupts the file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gestadmin.io import xlsx_tables
from gestadmin.io.export import load_mapping
from gestadmin.io.xlsx_tables import is_missing, is_number, write_xlsx_tables
from gestadmin.model.export_mapping import ExportFormat, ExportMapping


def _rows(count: int) -> pd.DataFrame:
    """Invoices as consolidation leaves them: text ids, typed amounts and dates, gaps, hostile text."""
    return pd.DataFrame({
        "registration_number": [f"2026-{i:05d}" for i in range(count)],
        "received_date": pd.to_datetime([f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in range(count)]),
        "supplier_name": [("=cmd|' /C calc'!A0" if i % 97 == 0 else f"Fournisseur {i % 37} <&> é")
                          for i in range(count)],
        "ridet": [f"{1234567 + i % 50:07d}.0{i % 10}0" for i in range(count)],
        "invoice_date": [dt.date(2025, 1 + i % 12, 1 + i % 28) if i % 5 else None for i in range(count)],
        "subject": [f" espace {i}" if i % 7 == 0 else ("ligne\nsuivante\x01_x0041_" if i % 11 == 0 else "")
                    for i in range(count)],
        "net_amount": pd.array([None if i % 13 == 0 else i * 1000 for i in range(count)], dtype="Int64"),
        "tax_rate": pd.array([0.11 if i % 2 else 0.22 for i in range(count)], dtype="Float64"),
        "tax_amount": [i * 110.5 if i % 3 else "illisible" for i in range(count)],
        "gross_amount": [True if i % 17 == 0 else 1 for i in range(count)],
        "status": [None] * count,
        "ordering_date": pd.to_datetime([None if i % 4 else f"2026-03-{1 + i % 28:02d} 10:30" for i in range(count)]),
        "_fichier": [f"DAF/registre_{i % 3}.xlsx" for i in range(count)],
        "_ligne": pd.array(range(2, count + 2), dtype="Int64"),
    })


def _by_cell_calls(path: Path, tables: list[tuple[str, pd.DataFrame, ExportMapping]]) -> bytes:
    """The specification: the same workbook written one xlsxwriter cell call at a time."""
    book = xlsxwriter.Workbook(str(path), xlsx_tables._OPTIONS)
    book.set_properties({"created": dt.datetime(2026, 1, 1)})
    formats, header = xlsx_tables._styles(book)
    for name, frame, mapping in tables:
        sheet = book.add_worksheet(name[:31])
        for col, column in enumerate(mapping.colonnes):
            sheet.write_string(0, col, column.entete, header)
            sheet.set_column(col, col, max(10, min(40, len(column.entete) + 4)))
        sheet.freeze_panes(1, 0)
        for row, record in enumerate(frame.to_dict("records"), start=1):
            for col, column in enumerate(mapping.colonnes):
                value: Any = record.get(column.champ)
                style = formats[column.format]
                if is_missing(value):
                    continue
                if column.format is ExportFormat.DATE and isinstance(value, (dt.date, pd.Timestamp)):
                    sheet.write_datetime(row, col, value.to_pydatetime() if isinstance(value, pd.Timestamp)
                                         else value, style)
                elif column.format in xlsx_tables._NUMBER_FORMATS and is_number(value):
                    sheet.write_number(row, col, float(value), style)
                else:
                    sheet.write_string(row, col, str(value), style)
        if len(frame):
            sheet.autofilter(0, 0, len(frame), len(mapping.colonnes) - 1)
    book.close()
    return path.read_bytes()


def test_the_rows_are_the_bytes_xlsxwriter_cell_calls_write(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(xlsx_tables, "_CHUNK", 1_000)  # several chunks, the last one partial
    mapping = load_mapping()
    rows = _rows(3_001)
    gaps = rows.iloc[:40].copy()
    gaps.loc[gaps.index[-5:], :] = None  # trailing rows without any cell: not written, not in the dimension
    tables = [("Factures", rows, mapping), ("Petite", rows.iloc[:5], mapping), ("Vide", rows.iloc[:0], mapping),
              ("Trous", gaps.astype(object), mapping)]
    digest = write_xlsx_tables(tmp_path / "colonnes.xlsx", tables)
    assert (tmp_path / "colonnes.xlsx").read_bytes() == _by_cell_calls(tmp_path / "cellules.xlsx", tables)
    import hashlib
    assert digest == hashlib.sha256((tmp_path / "colonnes.xlsx").read_bytes()).hexdigest()
    sheet = openpyxl.load_workbook(tmp_path / "colonnes.xlsx", read_only=True)["Factures"]
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 3_002 and values[-1][0] == "2026-03000"  # header + every row, the last one included
    assert sheet.calculate_dimension() == f"A1:{openpyxl.utils.get_column_letter(len(mapping.colonnes))}3002"


_VALUE = st.one_of(
    st.none(), st.text(max_size=12), st.integers(-10**17, 10**17), st.booleans(),
    st.floats(allow_nan=False, width=64), st.decimals(allow_nan=False, places=3),
    st.dates(dt.date(1900, 3, 1), dt.date(2100, 1, 1)),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2100, 1, 1)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(_VALUE, _VALUE, _VALUE, _VALUE), min_size=1, max_size=30))
def test_any_values_give_the_bytes_of_cell_calls(tmp_path, records: list[tuple[Any, ...]]) -> None:
    mapping = load_mapping()
    fields = ["supplier_name", "received_date", "net_amount", "ridet"]  # text, date, amount, id
    frame = pd.DataFrame(records, columns=fields, dtype=object)
    tables = [("T", frame, mapping)]
    write_xlsx_tables(tmp_path / "colonnes.xlsx", tables)
    assert (tmp_path / "colonnes.xlsx").read_bytes() == _by_cell_calls(tmp_path / "cellules.xlsx", tables)


@pytest.mark.parametrize("text", ["<r>&</r>", "<r><t>caché</t></r>", "<r></r>"])
def test_a_text_shaped_like_a_rich_string_stays_that_text(tmp_path, text: str) -> None:
    mapping = load_mapping()
    frame = pd.DataFrame({"supplier_name": [text, "autre"]})
    write_xlsx_tables(tmp_path / "t.xlsx", [("T", frame, mapping)])
    column = [c.value for c in openpyxl.load_workbook(tmp_path / "t.xlsx")["T"]["C"]]
    assert column == [mapping.colonnes[2].entete, text, "autre"]


@pytest.mark.parametrize("text", ["x" * 40_000, "é" * 20_000 + "😀" * 10, "\ufffe\uffff", "a\tb\nc\r", " fin ",
                                  "_x0041_ et _X00e9_", "\x00\x1f", "&amp; <b>", '"guillemets"'])
def test_hostile_and_long_texts_are_the_bytes_of_cell_calls(tmp_path, text: str) -> None:
    mapping = load_mapping()
    frame = pd.DataFrame({"supplier_name": [text, "autre", text], "ridet": [text, None, "x"]})
    write_xlsx_tables(tmp_path / "colonnes.xlsx", [("T", frame, mapping)])
    assert (tmp_path / "colonnes.xlsx").read_bytes() == _by_cell_calls(tmp_path / "cellules.xlsx",
                                                                        [("T", frame, mapping)])
