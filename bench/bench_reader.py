"""Reader benchmark (issue 7, Performance): ratios measured in one run, not a timed test.

1. 200 registers x 2,000 rows x 15 columns (bench/synthetic.py): read through the sandbox with one thread per
   worker of the pool (one per processor, at most 8), then validated (services.validation); rows/s of read
   alone and of read + validate, against the 130,000 rows/s target.
2. One 2,000-row x 24-column register: milliseconds per file on one worker.
3. A 1,000,000-row invoice register (xlsxwriter, constant_memory): unzip floor (sheet XML decompression alone),
   raw read, full typed read, ratio to the floor (target <= 4x) and the worker's peak RSS (target <= 1.5 GB).
4. When fastexcel (calamine to Arrow, not a gestadmin dependency) is importable: the same files read by it in a
   child process, for comparison (`pip install fastexcel pyarrow` in a scratch environment, or PYTHONPATH).

Usage: python bench/bench_reader.py [rows] [files] [--garder DOSSIER]
(defaults 1,000,000 rows and 200 files; --garder keeps the generated files in DOSSIER and reuses them).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import xlsxwriter

from gestadmin.io.layouts import INVOICES
from gestadmin.io.reader import RegisterData, read_raw, read_register
from gestadmin.io.sandbox import sandbox
from gestadmin.services.validation import validate_register
from gestadmin.settings import Settings

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic  # noqa: E402  (bench/synthetic.py, shared with bench_consolidation)

STATUSES = ("Reçue", "Service fait", "Mandatée", "Payée")
TARGET_ROWS_PER_S = 130_000
TARGET_FLOOR_RATIO = 4.0
TARGET_PEAK_MB = 1_500


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


def timed(func: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = func(*args, **kwargs)
    return time.perf_counter() - started, result


def _verdict(ok: bool) -> str:
    return "atteint" if ok else "NON atteint"


def many_files(folder: Path, count: int, settings: Settings) -> None:
    """Part 1: the consolidation-sized set, read with 2 threads then validated."""
    files = sorted(folder.rglob("*.xlsx"))
    if len(files) < count:
        started = time.perf_counter()
        files = synthetic.generate(folder, files=count).files
        print(f"génération de {count} registres : {time.perf_counter() - started:.1f} s")
    files = files[:count]

    def read(path: Path) -> RegisterData:
        return read_register(path, kind="factures", settings=settings)

    read(files[0])  # warm the workers' imports
    workers = sandbox(settings.read_memory_mb)
    readers = workers.size
    with ThreadPoolExecutor(readers) as pool:
        list(pool.map(read, files[:readers]))
        cpu_workers, cpu_caller = workers.cpu_seconds, time.process_time()
        read_time, datas = timed(lambda: list(pool.map(read, files)))
        cpu_read = workers.cpu_seconds - cpu_workers + time.process_time() - cpu_caller
    rows = sum(len(d.sheets["invoices"].frame) for d in datas)
    cpu_caller = time.process_time()
    validate_time, _ = timed(lambda: [validate_register(d, settings) for d in datas])
    cpu_validate = time.process_time() - cpu_caller
    both = rows / (read_time + validate_time)
    print(f"{count} registres, {rows:,} lignes x 15 colonnes ({readers} lecteurs) : lecture {read_time:.2f} s = "
          f"{rows / read_time:,.0f} lignes/s ; validation {validate_time:.2f} s (un fil)")
    print(f"lecture + validation : {both:,.0f} lignes/s "
          f"(objectif {TARGET_ROWS_PER_S:,} : {_verdict(both >= TARGET_ROWS_PER_S)})")
    # Wall time depends on what else runs on the machine; CPU time does not (much): rows per CPU-second.
    print(f"temps CPU : lecture {cpu_read * 1000 / count:.1f} ms par registre ({rows / cpu_read:,.0f} lignes par "
          f"seconde-CPU, ~{2 * rows / cpu_read:,.0f} lignes/s sur 2 cœurs libres) ; validation "
          f"{cpu_validate * 1000 / count:.1f} ms par registre ({rows / cpu_validate:,.0f} lignes par seconde-CPU)")


def big_file(tmp: Path, rows: int, settings: Settings) -> None:
    """Parts 2 and 3: one small register per worker call, then the big one against the unzip floor."""
    small, big = tmp / "petit.xlsx", tmp / f"grand_{rows}.xlsx"
    if not small.exists():
        generate(small, 2_000)
    read_register(small, kind="factures", settings=settings)  # warm the worker
    per_file = min(timed(read_register, small, kind="factures", settings=settings)[0] for _ in range(5))
    print(f"2 000 lignes x 24 colonnes : {per_file * 1000:.0f} ms par fichier (lecture + typage, sandbox) "
          f"= {2000 / per_file:,.0f} lignes/s sur un cœur")
    if not big.exists():
        started = time.perf_counter()
        generate(big, rows)
        print(f"génération de {rows:,} lignes : {time.perf_counter() - started:.1f} s")
    print(f"registre de {rows:,} lignes : {big.stat().st_size / 1e6:.0f} Mo")
    workers = sandbox(settings.read_memory_mb)
    floor = unzip_floor(big)
    workers.close()  # a fresh worker: its peak RSS is this read's, not an earlier one's
    cpu_workers, cpu_caller = workers.cpu_seconds, time.process_time()
    typed_time, data = timed(read_register, big, kind="factures", settings=settings)
    cpu_typed = workers.cpu_seconds - cpu_workers + time.process_time() - cpu_caller
    peak_mb = workers.last_peak_kb / 1024
    raw_time, _ = timed(read_raw, big, settings)  # every cell back to the caller: includes pickling 24M cells
    floor = min(floor, unzip_floor(big))
    count = len(data.sheets["invoices"].frame)
    ratio = typed_time / floor
    print(f"plancher décompression : {floor:.2f} s")
    print(f"lecture brute (read_raw, toutes les cellules renvoyées à l'appelant) : {raw_time:.2f} s "
          f"({raw_time / floor:.1f}x le plancher)")
    print(f"lecture typée complète : {typed_time:.2f} s ({ratio:.1f}x le plancher, "
          f"objectif <= {TARGET_FLOOR_RATIO:.0f}x : {_verdict(ratio <= TARGET_FLOOR_RATIO)})")
    print(f"temps CPU de la lecture typée (lecteur + appelant) : {cpu_typed:.2f} s "
          f"({cpu_typed / floor:.1f}x le plancher)")
    print(f"{count:,} lignes, {count / typed_time:,.0f} lignes/s ; pic mémoire du lecteur : {peak_mb:,.0f} Mo "
          f"(objectif <= {TARGET_PEAK_MB:,} Mo : {_verdict(peak_mb <= TARGET_PEAK_MB)})")


FASTEXCEL_CHILD = """
import json, resource, sys, time
import fastexcel
seconds = float("inf")
for _ in range(int(sys.argv[3])):  # best of n (the first read of a process also starts fastexcel's machinery)
    started = time.perf_counter()
    batch = fastexcel.read_excel(sys.argv[1]).load_sheet(sys.argv[2]).to_arrow()
    seconds = min(seconds, time.perf_counter() - started)
kinds = {f.name: str(f.type) for f in batch.schema}
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"s": seconds, "rows": batch.num_rows, "peak_mb": peak_mb, "kinds": kinds}))
"""


def fastexcel_comparison(small_register: Path, big: Path, floor: float) -> None:
    """Part 4: fastexcel's raw read (to Arrow, no typing, no findings) of the same files, each in a fresh process."""
    if importlib.util.find_spec("fastexcel") is None:
        print("fastexcel absent : comparaison non faite (facultative)")
        return

    def child(path: Path, sheet: str, repeats: int) -> dict[str, Any]:
        done = subprocess.run([sys.executable, "-c", FASTEXCEL_CHILD, str(path), sheet, str(repeats)],
                              capture_output=True, text=True, check=True)
        return dict(json.loads(done.stdout.splitlines()[-1]))

    small = child(small_register, "Factures", 5)
    text_kinds = sorted(name for name, kind in small["kinds"].items() if kind in ("string", "large_string"))
    print(f"fastexcel, registre de 2 000 lignes x 15 colonnes : {small['s'] * 1000:.0f} ms (lecture brute vers "
          f"Arrow, sans typage ni constats, meilleure de 5) ; colonnes devenues texte : {', '.join(text_kinds)}")
    result = child(big, "Factures", 1)
    print(f"fastexcel, {result['rows']:,} lignes : {result['s']:.2f} s ({result['s'] / floor:.1f}x le plancher), "
          f"pic mémoire {result['peak_mb']:,.0f} Mo")


def main() -> None:
    args = sys.argv[1:]
    keep = None
    if "--garder" in args:
        at = args.index("--garder")
        keep = Path(args[at + 1])
        del args[at:at + 2]
    rows = int(args[0]) if args else 1_000_000
    files = int(args[1]) if len(args) > 1 else 200
    # Measured above the production limit (read_memory_mb, 3 GB of address space), so that a regression shows as a
    # peak to read rather than a refused file.
    settings = Settings(read_timeout_seconds=3600, max_file_bytes=2_000_000_000, read_memory_mb=16_384)
    with tempfile.TemporaryDirectory() as scratch:
        folder = keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        if files:
            many_files(folder / "registres", files, settings)
        if rows:
            big_file(folder, rows, settings)
            registers = sorted((folder / "registres").rglob("*.xlsx")) if files else []
            big = folder / f"grand_{rows}.xlsx"
            if registers:
                fastexcel_comparison(registers[0], big, unzip_floor(big))


if __name__ == "__main__":
    main()
