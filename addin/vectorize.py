"""Broadcasting of worksheet-formula arguments: a cell or a 2-D range in, a value or a 2-D array out.

Excel-like rules: a 1x1 argument is repeated, a single row or column is repeated along the other axis,
other shapes must agree. Each cell is computed on its own, so one bad cell shows its own French
`#ERREUR: ...` text and the others still compute. No traceback ever reaches the sheet.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from gestadmin.services.worksheet_functions import FormulaError

logger = logging.getLogger(__name__)
Grid = list[list[Any]]
ERROR_PREFIX = "#ERREUR: "


def as_grid(value: object) -> Grid:
    """A scalar, a 1-D list or a 2-D list as a 2-D list (empty ranges become one empty cell)."""
    if isinstance(value, (list, tuple)):
        rows = [list(r) if isinstance(r, (list, tuple)) else [r] for r in value] or [[None]]
        return [r or [None] for r in rows]
    return [[value]]


def error_text(message: str) -> str:
    """The text a cell shows for bad input."""
    return f"{ERROR_PREFIX}{message}"


def safe_call(function: Callable[..., Any], *cells: Any) -> Any:
    """One cell's value: the result, "" for an empty result, or a French error text."""
    try:
        result = function(*cells)
    except FormulaError as error:
        return error_text(str(error))
    except Exception:  # a bug must not show a traceback in a cell: log it, show a French message
        logger.exception("Erreur interne dans %s", getattr(function, "__name__", function))
        return error_text("calcul impossible (erreur interne, voir le journal du serveur)")
    return "" if result is None else result


def _shape(grids: Sequence[Grid]) -> tuple[int, int] | None:
    rows = max(len(g) for g in grids)
    cols = max(len(g[0]) for g in grids)
    for grid in grids:
        if len(grid) not in (1, rows) or len(grid[0]) not in (1, cols):
            return None
    return rows, cols


def broadcast(function: Callable[..., Any], *arguments: object) -> Any:
    """Apply `function` cell by cell over broadcast arguments; a scalar result for 1x1 inputs."""
    grids = [as_grid(a) for a in arguments]
    shape = _shape(grids)
    if shape is None:
        return error_text("plages de tailles différentes")
    rows, cols = shape

    def cell(grid: Grid, r: int, c: int) -> Any:
        line = grid[r if len(grid) > 1 else 0]
        return line[c if len(line) > 1 else 0] if c < len(line) or len(line) == 1 else None

    out = [[safe_call(function, *(cell(g, r, c) for g in grids)) for c in range(cols)] for r in range(rows)]
    return out[0][0] if rows == cols == 1 else out
