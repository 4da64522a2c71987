"""A calamine sheet kept columnar: blocks of rows as 2-D object arrays (no Python list per row), equal texts of
a column shared as one object. The typed read works on it; `RawSheet.rows` stays the plain form for the rest."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd


@dataclass(slots=True)
class CellGrid:
    """A calamine sheet as blocks of rows: (first row, first column, 2-D object array), in row order.

    Cells inside the sheet's used range that no block holds are '' (as calamine pads them); outside, None."""

    blocks: list[tuple[int, int, np.ndarray]]
    height: int = 0
    width: int = 0

    def add(self, row0: int, col0: int, cells: np.ndarray) -> None:
        """Append a block (its rows come after every block already added)."""
        self.blocks.append((row0, col0, cells))
        self.height = max(self.height, row0 + cells.shape[0])
        self.width = max(self.width, col0 + cells.shape[1])

    def row(self, index: int) -> list[Any]:
        """Physical row index + 1 as calamine's padded `to_python` gives it (width cells)."""
        out: list[Any] = [""] * self.width
        for row0, col0, cells in self.blocks:
            if row0 <= index < row0 + cells.shape[0]:
                out[col0:col0 + cells.shape[1]] = cells[index - row0].tolist()
        return out

    def columns(self, first: int, count: int, start: int, stop: int, release: bool = False) -> list[np.ndarray]:
        """Columns first..first+count-1, rows start..stop-1 (stop clipped to the height), as object arrays.

        `release`: the grid hands its blocks over on the way (it holds no cell afterwards), so that a
        million-row sheet's cells are not held twice while they are typed."""
        stop = min(stop, self.height)
        size = max(stop - start, 0)
        out = [np.full(size, "" if first + k < self.width else None, dtype=object) for k in range(count)]
        pending = self.blocks[::-1]  # popped from the end: first block first
        if release:
            self.blocks = []
        while pending:
            row0, col0, cells = pending.pop()
            low, high = max(start, row0), min(stop, row0 + cells.shape[0])
            for k in range(count) if low < high else ():
                if col0 <= first + k < col0 + cells.shape[1]:
                    out[k][low - start:high - start] = cells[low - row0:high - row0, first + k - col0]
            del cells  # with `release`, the last reference to the block
        return out

    def put(self, row: int, col: int, value: Any) -> bool:
        """Overwrite one cell held by a block (False when no block holds it)."""
        for row0, col0, cells in self.blocks:
            if row0 <= row < row0 + cells.shape[0] and col0 <= col < col0 + cells.shape[1]:
                cells[row - row0, col - col0] = value
                return True
        return False


class SharedTexts:
    """Equal texts of a column made one str object (registers repeat suppliers, statuses, budget codes...):
    a million-row sheet then holds each distinct text once. Columns of mostly distinct texts are left alone."""

    def __init__(self) -> None:
        self.seen: dict[int, dict[str, str] | None] = {}

    def share(self, col: int, values: np.ndarray) -> None:
        seen = self.seen.get(col, {})
        if seen is None or not len(values) or type(values[0]) is not str:
            return
        codes, uniques = pd.factorize(values)  # hashing in C; equal values get one code
        if (codes < 0).any() or not all(type(u) is str for u in uniques):
            return  # not only texts (1 == 1.0 == True: numbers of different types would be merged)
        before = len(seen)
        canonical = np.empty(len(uniques), dtype=object)
        canonical[:] = [seen.setdefault(u, u) for u in uniques]
        values[:] = canonical[codes]
        self.seen[col] = None if len(seen) - before > len(values) // 2 else seen


def add_range(grid: CellGrid, sheet: Any, texts: SharedTexts | None = None) -> bool:
    """Add a calamine sheet's used range as one block; False when it starts above rows the grid already has."""
    rows = sheet.to_python(skip_empty_area=True)
    if not rows:
        return True
    row0, col0 = sheet.start
    if row0 < grid.height:
        return False
    cells = np.empty((len(rows), max(map(len, rows))), dtype=object)
    try:
        cells[:] = rows  # one C loop (calamine ranges are rectangular)
    except ValueError:
        cells[:] = ""
        for at, row in enumerate(rows):
            cells[at, :len(row)] = row
    if texts is not None:
        for offset in range(cells.shape[1]):
            texts.share(int(col0) + offset, cells[:, offset])
    grid.add(int(row0), int(col0), cells)
    return True
