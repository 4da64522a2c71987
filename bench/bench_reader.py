"""Reader benchmark: a generated invoice register (xlsxwriter, constant_memory), timed against the unzip floor.

Prints: unzip floor (sheet XML decompression alone), raw read (sandboxed calamine), full typed read, their
ratio to the floor, rows/s, the worker's peak RSS, and the per-file cost on 2,000-row registers.
Usage: python bench/bench_reader.py [rows]   (default 1,000,000). Not a test: it prints ratios.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import xlsxwriter

from gestadmin.io.layouts import INVOICES
from gestadmin.io.reader import read_raw, read_register
from gestadmin.io.sandbox import sandbox
from gestadmin.settings import Settings

STATUSES = ("Reçue", "Service fait", "Mandatée", "Payée")


def _row(i: int, base: dt.date) -> list[object]:
    net = 1_000 + (i * 37) % 500_000
    return [f"2026-{i:07d}", base + dt.timedelta(days=i % 300), f"Fournisseur {i % 997}", f"{i % 9_999_999:07d}.001",
            f"F-{i}", base + dt.timedelta(days=i % 290), "Fournitures de bureau", f"E{i % 5000}", "011-6064",
            net, 0.11, round(net * 0.11), net + round(net * 0.11), "FR76 1415 8010 0000 0000 0000 019",
            base + dt.timedelta(days=i % 280), STATUSES[i % 4], None, None, None, None, None, None, None, "RAS"]


def generate(path: Path, rows: int) -> None:
    """Write a Factures sheet of `rows` rows with every layout header (24 columns)."""
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Factures")
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, [c.header for c in INVOICES.columns])
    base = dt.date(2025, 1, 1)
    for i in range(rows):
        for col, value in enumerate(_row(i, base)):
            if isinstance(value, dt.date):
                sheet.write_datetime(i + 1, col, dt.datetime.combine(value, dt.time()), dates)
            elif value is not None:
                sheet.write(i + 1, col, value)
    book.close()


def unzip_floor(path: Path) -> float:
    started = time.perf_counter()
    with zipfile.ZipFile(path) as package, package.open("xl/worksheets/sheet1.xml") as stream:
        while stream.read(16 * 1024 * 1024):
            pass
    return time.perf_counter() - started


def timed(func: object, *args: object, **kwargs: object) -> tuple[float, object]:
    started = time.perf_counter()
    result = func(*args, **kwargs)  # type: ignore[operator]
    return time.perf_counter() - started, result


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    # The production limit (read_memory_mb, 3 GB) is too small for 1M rows x 24 columns: measure above it.
    settings = Settings(read_timeout_seconds=3600, max_file_bytes=2_000_000_000, read_memory_mb=16_384)
    with tempfile.TemporaryDirectory() as tmp:
        small, big = Path(tmp) / "petit.xlsx", Path(tmp) / "grand.xlsx"
        generate(small, 2_000)
        read_register(small, kind="factures", settings=settings)  # warm the worker
        per_file = min(timed(read_register, small, kind="factures", settings=settings)[0] for _ in range(5))
        print(f"2 000 lignes x 24 colonnes : {per_file * 1000:.0f} ms par fichier (lecture + typage, sandbox) "
              f"= {2000 / per_file:,.0f} lignes/s sur un cœur")
        started = time.perf_counter()
        generate(big, rows)
        print(f"génération de {rows:,} lignes : {time.perf_counter() - started:.1f} s, "
              f"{big.stat().st_size / 1e6:.0f} Mo")
        floor = unzip_floor(big)
        raw_time, _ = timed(read_raw, big, settings)
        typed_time, data = timed(read_register, big, kind="factures", settings=settings)
        peak_mb = sandbox(settings.read_memory_mb).last_peak_kb / 1024
        count = len(data.sheets["invoices"].frame)  # type: ignore[attr-defined]
        print(f"plancher décompression : {floor:.2f} s")
        print(f"lecture brute (calamine) : {raw_time:.2f} s ({raw_time / floor:.1f}x le plancher)")
        print(f"lecture typée complète : {typed_time:.2f} s ({typed_time / floor:.1f}x le plancher ; "
              f"typage seul ≈ {max(typed_time - raw_time, 0):.2f} s)")
        print(f"{count:,} lignes, {count / typed_time:,.0f} lignes/s ; pic mémoire du lecteur : {peak_mb:,.0f} Mo")


if __name__ == "__main__":
    main()
