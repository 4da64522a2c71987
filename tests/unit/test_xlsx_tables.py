"""The xlsx table writer: a sheet written by two processes is the very file one process writes, and a child that
fails only costs time."""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any

import openpyxl
import pandas as pd

from gestadmin.io import xlsx_tables
from gestadmin.io.export import load_mapping
from gestadmin.io.xlsx_tables import write_xlsx_tables


def _rows(count: int) -> pd.DataFrame:
    """Invoices as consolidation leaves them: text ids, typed amounts and dates, gaps, hostile text."""
    return pd.DataFrame({
        "registration_number": [f"2026-{i:05d}" for i in range(count)],
        "received_date": pd.to_datetime([f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in range(count)]),
        "supplier_name": [("=cmd|' /C calc'!A0" if i % 97 == 0 else f"Fournisseur {i % 37} <&> é")
                          for i in range(count)],
        "ridet": [f"{1234567 + i % 50:07d}.0{i % 10}0" for i in range(count)],
        "net_amount": pd.array([None if i % 13 == 0 else i * 1000 for i in range(count)], dtype="Int64"),
        "tax_rate": pd.array([0.11 if i % 2 else 0.22 for i in range(count)], dtype="Float64"),
        "_fichier": [f"DAF/registre_{i % 3}.xlsx" for i in range(count)],
        "_ligne": pd.array(range(2, count + 2), dtype="Int64"),
    })


def test_a_sheet_split_between_two_processes_is_the_file_one_process_writes(tmp_path) -> None:
    mapping = load_mapping()
    rows = _rows(3_001)  # odd: the halves differ by one row
    tables = [("Factures", rows, mapping), ("Petite", rows.iloc[:5], mapping), ("Vide", rows.iloc[:0], mapping)]
    one = write_xlsx_tables(tmp_path / "un.xlsx", tables, parallel=False)
    two = write_xlsx_tables(tmp_path / "deux.xlsx", tables, parallel=True)
    assert one == two
    assert (tmp_path / "un.xlsx").read_bytes() == (tmp_path / "deux.xlsx").read_bytes()
    sheet = openpyxl.load_workbook(tmp_path / "deux.xlsx", read_only=True)["Factures"]
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 3_002 and values[-1][0] == "2026-03000"  # header + every row, the last one included
    assert sheet.calculate_dimension() == f"A1:{openpyxl.utils.get_column_letter(len(mapping.colonnes))}3002"


def test_a_failing_child_leaves_the_rows_to_this_process(tmp_path, monkeypatch) -> None:
    class DeadChild:
        def __init__(self, **_kwargs: Any) -> None:
            pass

        def submit(self, *_args: Any) -> Future[Any]:
            future: Future[Any] = Future()
            future.set_exception(RuntimeError("processus enfant arrêté"))
            return future

        def shutdown(self, wait: bool = True) -> None:
            pass

    mapping = load_mapping()
    rows = _rows(401)
    expected = write_xlsx_tables(tmp_path / "un.xlsx", [("Factures", rows, mapping)], parallel=False)
    monkeypatch.setattr(xlsx_tables, "ProcessPoolExecutor", DeadChild)
    assert write_xlsx_tables(tmp_path / "deux.xlsx", [("Factures", rows, mapping)], parallel=True) == expected
