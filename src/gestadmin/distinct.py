"""Column work done once per distinct value: registers repeat suppliers, codes, statuses and ids' shapes over
thousands of rows, so a column is factorised once (hashing in C) and a function runs on its distinct values only,
the results spread back over the rows with a take."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

Array = np.ndarray[Any, Any]


def per_distinct(values: pd.Series, function: Callable[[Any], Any], missing: Any) -> Array:
    """`function` of each row's value as an object array, computed once per distinct value (`missing` for NA).

    100k rows cost a few hundred calls of `function` (a hash map of 100k Python objects is the expensive part,
    done once)."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    return spread(codes, [function(u) for u in uniques.tolist()], missing)


def texts_per_distinct(values: pd.Series, batch: Callable[[list[str]], list[Any]], missing: Any) -> Array | None:
    """`batch(distinct texts)` spread over the rows (`missing` for NA), or None when a distinct value is not a
    str: factorising takes 1, 1.0 and True for one value, so such columns need the caller's general path."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    distinct = uniques.tolist()
    if not set(map(type, distinct)) <= {str}:  # every distinct value a str (types gathered in C)
        return None
    return spread(codes, batch(distinct), missing)


def spread(codes: Array, results: list[Any], missing: Any) -> Array:
    """The result of each row: `results[code]`, `missing` where the code is -1 (NA)."""
    table = np.empty(len(results) + 1, dtype=object)
    table[:-1] = results
    table[-1] = missing  # code -1 (NA) takes the last slot
    return table.take(codes)


def repeated_groups(codes: list[Array]) -> tuple[Array, Array]:
    """Group code per row (order of first appearance) of the combination of non-negative integer codes, and a
    mask of the rows whose combination appears more than once."""
    combo = codes[0]
    for code in codes[1:]:
        combo = pd.factorize(combo * (int(code.max(initial=0)) + 1) + code)[0]
    group = pd.factorize(combo)[0] if len(combo) else combo
    counts = np.bincount(group) if len(group) else np.zeros(0, dtype=np.int64)
    return group, counts[group] > 1 if len(group) else np.zeros(0, dtype=bool)
