"""CSV/xlsx exports: French Excel conventions, CSV injection, ids as text, mapping from TOML."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from gestadmin.io.export import csv_bytes, load_mapping, neutralise, write_csv, write_xlsx_tables
from gestadmin.model.export_mapping import parse_mapping

MAPPING = parse_mapping(
    """
[export]
separateur = ";"
decimale = ","
[[colonnes]]
champ = "ridet"
entete = "RIDET"
format = "identifiant"
[[colonnes]]
champ = "subject"
entete = "Objet"
[[colonnes]]
champ = "gross_amount"
entete = "Montant TTC"
format = "montant"
[[colonnes]]
champ = "tax_rate"
entete = "Taux TGC"
format = "taux"
[[colonnes]]
champ = "received_date"
entete = "Date de réception"
format = "date"
"""
)


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ridet": ["1234567.010", "0012345.001", None],
            "subject": ["=HYPERLINK(\"http://x\")", "+33 cmd", "\tfoo"],
            "gross_amount": pd.array([120000, -1500, None], dtype="Int64"),
            "tax_rate": pd.array([0.11, 0.03, None], dtype="Float64"),
            "received_date": pd.to_datetime(["2026-05-04", "2026-12-31", None]),
        }
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
     ("\rx", "'\rx"), ("Fournitures", "Fournitures"), ("", "")],
)
def test_neutralise(text: str, expected: str) -> None:
    assert neutralise(text) == expected


def test_csv_has_bom_semicolons_french_conventions_and_no_formula() -> None:
    data = csv_bytes(_frame(), MAPPING)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["RIDET", "Objet", "Montant TTC", "Taux TGC", "Date de réception"]
    assert rows[1] == ["1234567.010", "'=HYPERLINK(\"http://x\")", "120000", "0,11", "04/05/2026"]
    # a negative amount is a number, not text: it is not neutralised
    assert rows[2] == ["0012345.001", "'+33 cmd", "-1500", "0,03", "31/12/2026"]
    assert rows[3] == ["", "'\tfoo", "", "", ""]


def test_xlsx_keeps_ids_as_text_numbers_as_numbers_dates_as_dates(tmp_path) -> None:
    out = tmp_path / "export.xlsx"
    digest = write_xlsx_tables(out, [("Factures", _frame(), MAPPING)])
    assert len(digest) == 64
    sheet = openpyxl.load_workbook(out)["Factures"]
    assert sheet["A2"].value == "1234567.010" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == "=HYPERLINK(\"http://x\")" and sheet["B2"].data_type == "s"
    assert sheet["C2"].value == 120000
    assert sheet["E2"].value == dt.datetime(2026, 5, 4)


def test_write_csv_is_atomic_and_returns_hash(tmp_path) -> None:
    out = tmp_path / "export.csv"
    out.write_text("ancien contenu")
    digest = write_csv(_frame(), out, MAPPING)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf") and len(digest) == 64
    assert [p.name for p in tmp_path.iterdir()] == ["export.csv"]


def test_default_mapping_loads_and_bad_mapping_is_refused(tmp_path) -> None:
    assert load_mapping().colonnes[0].entete == "N° d'enregistrement"
    bad = tmp_path / "bad.toml"
    bad.write_text('[export]\nseparateur = ";;"\n[[colonnes]]\nchamp = "x"\nentete = "X"\n', encoding="utf-8")
    with pytest.raises(ValidationError):
        load_mapping(bad)


def _typed_and_object(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The same values twice: as typed columns (numpy fast paths) and as plain Python objects (one by one)."""
    return frame, frame.astype(object)


def test_typed_columns_export_exactly_like_the_value_by_value_conversion(tmp_path) -> None:
    frame = pd.DataFrame({
        "montant": pd.array([1500, None, -25, 0, 123456789], dtype="Int64"),
        "quand": pd.to_datetime(["2026-03-01", None, "1999-12-31", "2026-11-29 13:30", "2030-01-01"], format="ISO8601"),
        "ligne": pd.array([2, 3, 4, 5, 6], dtype="int64"),
    })
    mapping = parse_mapping(
        '[export]\nnom = "T"\n'
        '[[colonnes]]\nchamp = "montant"\nentete = "Montant"\nformat = "montant"\n'
        '[[colonnes]]\nchamp = "quand"\nentete = "Date"\nformat = "date"\n'
        '[[colonnes]]\nchamp = "ligne"\nentete = "Ligne"\nformat = "entier"\n'
    )
    typed, plain = _typed_and_object(frame)
    assert csv_bytes(typed, mapping) == csv_bytes(plain, mapping)
    assert "1500;01/03/2026;2" in csv_bytes(typed, mapping).decode("utf-8-sig")
    books = []
    for name, data in (("typed", typed), ("plain", plain)):
        write_xlsx_tables(tmp_path / f"{name}.xlsx", [("T", data, mapping)])
        sheet = openpyxl.load_workbook(tmp_path / f"{name}.xlsx").active
        books.append([[(c.value, c.number_format) for c in row] for row in sheet.iter_rows()])
    assert books[0] == books[1]
    assert books[0][1][:2] == [(1500, '# ##0 "F"'), (dt.datetime(2026, 3, 1), "dd/mm/yyyy")]
    assert books[0][2][:2] == [(None, "General"), (None, "General")]  # missing values stay empty cells
    assert books[0][4][1] == (dt.datetime(2026, 11, 29, 13, 30), "dd/mm/yyyy")


_FIELD = st.one_of(st.none(), st.text(alphabet=st.sampled_from(list(';,"\r\n\t -=+@aé0123456789\'')), max_size=8),
                   st.integers(-10**6, 10**6))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_FIELD, _FIELD), max_size=12), st.sampled_from([";", ",", "\t", "-", "5", "|"]),
       st.text(alphabet=st.sampled_from(list(';,"\n= a')), max_size=4))
def test_csv_lines_are_the_bytes_csv_writer_gives(records, separator, header) -> None:
    mapping = parse_mapping(
        f'[export]\nnom = "T"\nseparateur = {json.dumps(separator)}\n'
        f'[[colonnes]]\nchamp = "texte"\nentete = {json.dumps(header)}\n'  # a TOML basic string
        '[[colonnes]]\nchamp = "entier"\nentete = "Entier"\nformat = "entier"\n'
    )
    texts = [r[0] if not isinstance(r[0], int) else str(r[0]) for r in records]
    numbers = pd.array([r[1] if isinstance(r[1], int) else None for r in records], dtype="Int64")
    frame = pd.DataFrame({"texte": pd.Series(texts, dtype=object), "entier": numbers})
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    writer.writerow([neutralise(header), "Entier"])
    writer.writerows([["" if t is None else neutralise(t), "" if pd.isna(n) else str(n)]
                      for t, n in zip(texts, numbers, strict=True)])
    assert csv_bytes(frame, mapping) == buffer.getvalue().encode("utf-8-sig")
    one_column = parse_mapping(f'[export]\nnom = "T"\nseparateur = {json.dumps(separator)}\n'
                               '[[colonnes]]\nchamp = "texte"\nentete = "Texte"\n')
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    writer.writerows([["Texte"], *[["" if t is None else neutralise(t)] for t in texts]])
    assert csv_bytes(frame, one_column) == buffer.getvalue().encode("utf-8-sig")
