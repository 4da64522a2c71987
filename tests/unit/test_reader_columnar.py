"""The typed read's columnar path (CellGrid, row slices, shared texts, cells handed over to typing) against the
plain path (calamine's rows as lists, read_raw's form): the same frames, letters, header rows and findings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import xlsxwriter
from openpyxl import Workbook
from openpyxl.worksheet.table import Table
from pandas.testing import assert_frame_equal

from gestadmin.findings import UnreadableInputError
from gestadmin.io import sheet_slices
from gestadmin.io.guard import precheck
from gestadmin.io.layouts import INVOICES, SUPPLIERS
from gestadmin.io.raw import CellError
from gestadmin.io.reader import RegisterData, build_register, parse_file
from gestadmin.io.sniff import sniff
from gestadmin.settings import Settings
from tests.corpus_path import corpus_dir

CORPUS = corpus_dir() / "real"
TINY_SLICE = 3_000  # bytes of sheet XML per calamine call: every sheet of a few rows is cut in several slices


def _typed(path: Path, kind: str | None, columnar: bool) -> RegisterData | str:
    try:
        return build_register(parse_file(path, sniff(path), columnar=columnar), kind, path, Settings())
    except UnreadableInputError as exc:
        return exc.finding.code


def assert_same_read(path: Path, kind: str | None) -> None:
    plain, columnar = _typed(path, kind, False), _typed(path, kind, True)
    if isinstance(plain, str) or isinstance(columnar, str):
        assert plain == columnar
        return
    assert plain.sheets.keys() == columnar.sheets.keys()
    for key, expected in plain.sheets.items():
        got = columnar.sheets[key]
        assert (got.sheet_name, got.letters, got.header_row) == (expected.sheet_name, expected.letters,
                                                                 expected.header_row)
        assert_frame_equal(got.frame, expected.frame, check_dtype=True, check_exact=True)
    assert columnar.findings == plain.findings
    assert (columnar.date1904, columnar.version) == (plain.date1904, plain.version)


def grid_rows(path: Path) -> list[list[list[object]]]:
    sheets = parse_file(path, sniff(path), columnar=True).sheets
    return [[s.row(i) for i in range(s.height)] for s in sheets]


def plain_rows(path: Path) -> list[list[list[object]]]:
    return [s.rows for s in parse_file(path, sniff(path)).sheets]


def messy_register(path: Path, rows: int = 400) -> Path:
    """Factures with a title above the header, blank rows, mixed and bad cells, error cells, stray far cells."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Factures")
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write(0, 0, "Registre des factures 2026")
    sheet.write_row(2, 1, [c.header for c in INVOICES.columns[:9]] + ["Colonne inconnue"]
                    + [c.header for c in INVOICES.columns[9:]])
    cells: list[object] = [None, "", "  ", 12, 12.5, -3, True, "#N/A", "Err:502", " texte ", "12 000", "11 %", 0.11,
                           "31/02/2026", "Payée", "payée", dt.datetime(2026, 3, 1), dt.datetime(1500, 1, 1),
                           dt.datetime(2026, 3, 1, 10, 30), 45000.5, "1234567.010", 2.0**60, "douze mille"]
    for row in range(3, 3 + rows):
        if row % 37 == 0:
            continue
        for col in range(1, 27):
            value = cells[(row * 7 + col * 3) % len(cells)] if (row + col) % 3 else cells[col % len(cells)]
            if row % 53 == 0 and col == 4:
                sheet.write_formula(row, col, "=1/0", None, "#DIV/0!")
            elif value is None:
                continue
            elif isinstance(value, dt.datetime):
                sheet.write_datetime(row, col, value, dates)
            elif isinstance(value, bool):
                sheet.write_boolean(row, col, value)
            elif isinstance(value, str):
                sheet.write_string(row, col, value)
            else:
                sheet.write_number(row, col, value)
    sheet.write(rows + 40, 30, "loin")
    book.add_worksheet("Tiers").write_row(0, 0, [c.header for c in SUPPLIERS.columns])
    book.close()
    return path


@pytest.fixture
def tiny_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheet_slices, "SLICE_BYTES", TINY_SLICE)


def test_sliced_sheet_reads_like_the_whole_sheet(tmp_path: Path, tiny_slices: None) -> None:
    path = messy_register(tmp_path / "registre.xlsx")
    sheet = parse_file(path, sniff(path), columnar=True).sheets[0]
    assert sheet.grid is not None and len(sheet.grid.blocks) > 10  # really read slice by slice
    assert grid_rows(path) == plain_rows(path)
    assert any(isinstance(v, CellError) for row in plain_rows(path)[0] for v in row)
    for kind in (None, "factures", "budget"):
        assert_same_read(path, kind)


def test_whole_sheet_grid_reads_like_rows(tmp_path: Path) -> None:
    path = messy_register(tmp_path / "registre.xlsx")
    sheet = parse_file(path, sniff(path), columnar=True).sheets[0]
    assert sheet.grid is not None and len(sheet.grid.blocks) == 1
    assert grid_rows(path) == plain_rows(path)
    assert_same_read(path, "factures")


def test_two_tables_on_one_sheet_are_both_read(tmp_path: Path, tiny_slices: None) -> None:
    # the sheet typed for tFactures is located again for tTiers: typing must not take its cells over
    wb = Workbook()
    ws = wb.active
    ws.title = "Données"
    ws.append([c.header for c in INVOICES.columns[:6]] + [None] + [c.header for c in SUPPLIERS.columns[:4]])
    for i in range(60):
        ws.append([f"2026-{i:03d}", dt.datetime(2026, 1, 1 + i % 28), f"Ets {i}", "1234567.001", f"F-{i}",
                   dt.datetime(2026, 1, 1), None, f"Ets {i}", "1234567.001", "FR76 3000", "Fournisseur"])
    ws.add_table(Table(displayName="tFactures", ref="A1:F61"))
    ws.add_table(Table(displayName="tTiers", ref="H1:K61"))
    path = tmp_path / "deux_tables.xlsx"
    wb.save(path)
    data = _typed(path, "factures", True)
    assert isinstance(data, RegisterData) and len(data.sheets["parties"].frame) == 60
    assert_same_read(path, "factures")


def test_cdata_sheet_is_not_cut(tiny_slices: None) -> None:
    path = CORPUS / "calamine" / "inlineStr_cdata.xlsx"
    sheet = parse_file(path, sniff(path), columnar=True).sheets[0]
    assert sheet.grid is not None and len(sheet.grid.blocks) <= 1  # CDATA: parsed whole
    assert grid_rows(path) == plain_rows(path)


def test_equal_texts_share_one_object(tmp_path: Path, tiny_slices: None) -> None:
    path = messy_register(tmp_path / "registre.xlsx", rows=200)
    columns = parse_file(path, sniff(path), columnar=True).sheets[0].grid
    assert columns is not None
    texts = [v for _row0, _col0, cells in columns.blocks for v in cells.ravel().tolist() if v == "Payée"]
    assert len(texts) > 2 and len({id(v) for v in texts}) < len(texts)


@pytest.mark.parametrize("path", sorted(p for p in CORPUS.rglob("*.xls[xm]") if p.stat().st_size < 2_000_000),
                         ids=lambda p: p.name)
def test_corpus_files_read_alike_sliced(path: Path, tiny_slices: None) -> None:
    try:
        precheck(path, Settings())  # what the sandbox refuses is never parsed, in either form
    except UnreadableInputError:
        return
    plain = _typed(path, None, False)
    if isinstance(plain, str):  # refused (or not a register): refused alike
        assert _typed(path, None, True) == plain
        assert_same_read(path, "factures")
        return
    assert grid_rows(path) == plain_rows(path)
    assert_same_read(path, None)
