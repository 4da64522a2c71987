"""Small invoice registers written as agents would (any column order, renamed headers), for consolidation tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl

HEADERS = [
    "N° d'enregistrement", "Date de réception", "Fournisseur", "RIDET", "N° de facture", "Date de facture",
    "Objet", "Imputation", "Montant HT", "Taux TGC", "Montant TGC", "Montant TTC", "RIB / IBAN", "Statut",
    "N° de mandat",
]
IBAN = "FR76 1415 8010 0000 0000 0000 003"


def invoice(reg: str, number: str, net: int = 10_000, supplier: str = "Papeterie du Caillou SARL",
            ridet: str = "1234567.010", received: dt.date = dt.date(2026, 3, 2), **extra: Any) -> dict[str, Any]:
    """One invoice row as {header: value}; amounts consistent (TGC 11 %)."""
    tax = round(net * 0.11)
    row = {
        "N° d'enregistrement": reg, "Date de réception": received, "Fournisseur": supplier, "RIDET": ridet,
        "N° de facture": number, "Date de facture": received - dt.timedelta(days=3), "Objet": "Fournitures",
        "Imputation": "F-011-6064", "Montant HT": net, "Taux TGC": 0.11, "Montant TGC": tax,
        "Montant TTC": net + tax, "RIB / IBAN": IBAN, "Statut": "Enregistrée",
    }
    row.update(extra)
    return row


def write_register(path: Path, rows: list[dict[str, Any]], headers: list[str] | None = None,
                   rename: dict[str, str] | None = None, sheet: str = "Factures") -> Path:
    """A one-sheet invoice register: `headers` (order and subset), `rename` (header -> header written)."""
    headers = headers or HEADERS
    rename = rename or {}
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = sheet
    ws.append([rename.get(h, h) for h in headers])
    for record in rows:
        ws.append([record.get(h) for h in headers])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # ids typed as text, as in the templates
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def folder_with_services(root: Path) -> Path:
    """Two services, three registers, one row sent twice and one conflicting invoice number across files."""
    write_register(root / "Achats" / "Registre_mars.xlsx", [
        invoice("2026-0001", "F-001", 10_000),
        invoice("2026-0002", "F-002", 20_000),
        invoice("2026-0003", "F-003", 30_000, received=dt.date(2026, 4, 1)),
    ])
    write_register(root / "Achats" / "Registre_avril.xlsx", [
        invoice("2026-0003", "F-003", 30_000, received=dt.date(2026, 4, 1)),  # the same row sent twice
        invoice("2026-0004", "F-004", 40_000, received=dt.date(2026, 4, 3)),
    ])
    write_register(root / "Moyens généraux" / "Registre_MG.xlsx", [
        invoice("MG-0001", "f 002", 25_000),  # same supplier, same number once normalised, other amount
        invoice("MG-0002", "X-900", 5_000, supplier="Imprimerie Réunies", ridet="7906212.001"),
    ])
    return root
