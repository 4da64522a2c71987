"""Inline register data for letter, case and filing tests, typed by the project's reader (`read_frames`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from gestadmin.io.layouts import register
from gestadmin.io.reader import RegisterData, read_frames


def register_data(kind: str, rows: dict[str, list[dict[str, Any]]], name: str = "Registre.xlsx") -> RegisterData:
    """RegisterData of `kind` with rows per sheet key (header on row 1, data from row 2); cells typed without error."""
    values = {}
    for sheet in register(kind).sheets:
        records = rows.get(sheet.key, [])
        values[sheet.sheet] = [[c.header for c in sheet.columns]] + [[r.get(c.field) for c in sheet.columns]
                                                                     for r in records]
    data = read_frames(values, kind=kind, file_label=name)
    bad = [f.render() for f in data.findings if f.provenance.row is not None and f.code != "VALEUR_OBLIGATOIRE"]
    assert not bad, bad
    return data


INVOICES = [
    {"registration_number": "LT-2026-0001", "received_date": dt.date(2026, 9, 3),
     "supplier_name": "Bureau Vallée Nouméa", "invoice_number": "F/2026/118", "invoice_date": dt.date(2026, 9, 24),
     "subject": "Ramettes de papier",
     "net_amount": 1_112_222, "tax_rate": 0.11, "tax_amount": 122_344, "gross_amount": 1_234_566,
     "status": "Enregistrée"},
    {"registration_number": "LT-2026-0002", "received_date": dt.date(2026, 9, 5), "supplier_name": "Calédonie Mobilier",
     "ridet": "1234567.001", "invoice_number": "CM-77", "invoice_date": dt.date(2026, 9, 1), "subject": "Chaises",
     "net_amount": 200_000, "tax_rate": 0.22, "tax_amount": 44_000, "gross_amount": 244_000,
     "status": "Rejetée", "notes": "Facture adressée à un autre service"},
]
SUPPLIERS = [{"name": "Bureau Vallée Nouméa", "ridet": "0987654.001", "address": "12 rue de Sébastopol",
              "postcode": "98800", "city": "Nouméa"}]
