"""Synthetic supplier-invoice registers for the consolidation benchmark (seeded, realistic, known duplicates).

200 files x 2,000 rows x 15 columns by default, as an agent keeps them: a Factures sheet and the Tiers sheet
of the suppliers used (valid RIDET and bank details). Receipt dates span the last 300 days before `today`;
older invoices are paid (service fait recorded), recent ones are being processed, so that the deadline
rule flags what a real register would. 1 % invalid rows (an amount typed in words, an impossible date);
`duplicates` rows copied verbatim from another file (the same row sent twice). Ids are TEXT cells, some of
them numeric-looking ('1234567.010'), which is what breaks naive readers that turn them into floats.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter
from schwifty import IBAN

HEADERS = [
    "N° d'enregistrement", "Date de réception", "Fournisseur", "RIDET", "N° de facture", "Date de facture",
    "Imputation", "Montant HT", "Taux TGC", "Montant TGC", "Montant TTC", "RIB / IBAN", "Statut",
    "Date du service fait", "N° d'engagement",
]
PARTY_HEADERS = ["Raison sociale", "RIDET", "RIB / IBAN", "Type"]
SUPPLIERS = [
    (f"Fournisseur {i:03d} SARL", f"{1000000 + i * 7919:07d}.{(i % 3) * 5:03d}",
     IBAN.generate("FR", bank_code="1415801000", account_code=f"{i:011d}").formatted)
    for i in range(400)
]
RATES = [0.0, 0.03, 0.06, 0.11, 0.22]
CODES = ["F-011-6064", "F-011-6068", "F-011-6156", "F-011-6262", "F-012-6411", "F-65-6574", "I-21-2183"]
IN_PROGRESS = ["Reçue", "Enregistrée"]


@dataclass(frozen=True)
class Generated:
    """What was generated: files and the exact number of rows copied from another file."""

    files: list[Path]
    rows: int
    duplicates: int
    invalid: int


def _row(rng: random.Random, file_no: int, row_no: int, today: dt.date) -> list[object]:
    name, ridet, iban = SUPPLIERS[rng.randrange(len(SUPPLIERS))]
    age = rng.randrange(300)
    received = today - dt.timedelta(days=age)
    net = rng.randrange(1_000, 2_000_000)
    rate = RATES[rng.randrange(len(RATES))]
    tax = int(net * rate + 0.5)
    if age > 15:  # processed: service done after receipt, paid within the 30 days
        status, done = "Payée", received + dt.timedelta(days=3)
    else:
        status, done = IN_PROGRESS[row_no % 2], None
    return [
        f"{file_no:03d}-{row_no:05d}", received, name, ridet, f"F{file_no:03d}/{row_no:05d}",
        received - dt.timedelta(days=rng.randrange(10)), CODES[rng.randrange(len(CODES))], net, rate, tax,
        net + tax, iban, status, done, f"EJ-{received.year}-{rng.randrange(1, 5000):04d}",
    ]


def generate(folder: Path, files: int = 200, rows: int = 2_000, duplicates: int = 4_000, seed: int = 7,
             today: dt.date | None = None) -> Generated:
    """Write the registers into `folder` (one sub-folder per service) and return what was generated."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    data = [[_row(rng, f, r, today) for r in range(rows)] for f in range(files)]
    invalid = 0
    for f in range(files):
        for r in rng.sample(range(rows), rows // 100):  # 1 % invalid rows
            if r % 2:
                data[f][r][7] = "douze mille"
            else:
                data[f][r][1] = "31/02/2026"
            invalid += 1
    copied = 0
    while copied < duplicates and files > 1:  # the same row sent twice, by another agent
        src, dst = rng.sample(range(files), 2)
        row = rng.randrange(rows)
        data[dst].append(list(data[src][row]))
        copied += 1
    paths = []
    for f in range(files):
        path = folder / f"Service{f % 5}" / f"Registre_{f:03d}.xlsx"
        path.parent.mkdir(parents=True, exist_ok=True)
        used = sorted({(row[2], row[3], row[11]) for row in data[f]})
        _write(path, data[f], used)
        paths.append(path)
    return Generated(paths, sum(len(d) for d in data), copied, invalid)


def _write(path: Path, rows: list[list[object]], parties: list[tuple[str, str, str]]) -> None:
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("Factures")
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, HEADERS)
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
            elif isinstance(value, str):
                sheet.write_string(r, c, value)
            else:
                sheet.write_number(r, c, value)
    tiers = book.add_worksheet("Tiers")
    tiers.write_row(0, 0, PARTY_HEADERS)
    for r, (name, ridet, iban) in enumerate(parties, start=1):
        tiers.write_row(r, 0, [name, ridet, iban, "Fournisseur"])
    book.close()
