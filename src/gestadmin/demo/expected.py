"""Where the deliberate anomalies of the demo are (file, sheet, physical row, field, kind).

`EXPECTED_ANOMALIES` is the list for the default seed and reference date; tests check it against the
generator, and `gestadmin demo` also writes it as `Anomalies_attendues.json` next to the workbooks.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ExpectedAnomaly:
    """One planted anomaly. `also` lists kinds a checker may legitimately report on the same cell."""

    file: str
    sheet: str
    row: int
    field: str
    kind: str
    description: str
    also: tuple[str, ...] = ()
