"""Library floors of the consolidation benchmark (issue 7): how long the registers take to go through the reading
libraries alone, on the same worker count as the consolidation, with no typing, no rule and no Python cell.

- decompression: every package member inflated (zipfile), nothing parsed;
- python-calamine: every sheet parsed into calamine's range (`get_sheet_by_index`), no `to_python`;
- fastexcel (calamine to Arrow; not a gestadmin dependency, measured when importable): every sheet to Arrow.

What the consolidation does on top (typing, the rules, row identity, deduplication, the CSV) must fit in what
these floors leave of a target. Used by bench_consolidation.py. Not a test.
"""

from __future__ import annotations

import importlib.util
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


def inflate(path: str) -> int:
    """Bytes of every member, decompressed."""
    with zipfile.ZipFile(path) as package:
        return sum(len(package.read(name)) for name in package.namelist())


def calamine_parse(path: str) -> int:
    """Rows of every sheet parsed by python-calamine (no conversion to Python values)."""
    import python_calamine as pc

    book = pc.CalamineWorkbook.from_path(path, load_tables=False)
    return sum(int(book.get_sheet_by_index(index).height) for index in range(len(book.sheets_metadata)))


def fastexcel_arrow(path: str) -> int:
    """Rows of every sheet read by fastexcel into Arrow."""
    import fastexcel

    reader = fastexcel.read_excel(path)
    return sum(int(reader.load_sheet(name, header_row=None).to_arrow().num_rows) for name in reader.sheet_names)


def floors(paths: list[Path], workers: int) -> dict[str, float]:
    """Seconds of each floor over `paths` on `workers` processes (each warmed up on a few files first)."""
    steps: list[tuple[str, Callable[[str], int]]] = [("décompression seule", inflate),
                                                     ("python-calamine seul", calamine_parse)]
    if importlib.util.find_spec("fastexcel") is not None:
        steps.append(("fastexcel vers Arrow", fastexcel_arrow))
    names = [str(p) for p in paths]
    out: dict[str, float] = {}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for label, step in steps:
            list(pool.map(step, names[: 2 * workers]))
            start = time.perf_counter()
            for _ in pool.map(step, names, chunksize=4):
                pass
            out[label] = time.perf_counter() - start
    return out
