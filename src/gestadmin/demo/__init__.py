"""Reproducible demo data for a resources service in Nouméa (seeded).

Plug-in interface for the other registers: a module `gestadmin.demo.<name>` listed in `dataset.PLUGINS`
exposes `KIND` (register kind of io/layouts.py), `FILENAME` (the demo file name) and
`build(rng: random.Random, ref_date: datetime.date) -> dict[sheet_key, list[dict[field, value]]]`.
Values are plain Python: str for ids and text (kept as text cells), int for XPF amounts, date for dates,
float/Decimal for rates.
"""

from __future__ import annotations

import datetime as dt

DEMO_TODAY = dt.date(2026, 10, 30)
"""Reference date of every demo check (deadlines, future dates): never the real today."""

DEMO_SEED = 2026
FISCAL_YEAR = 2026
