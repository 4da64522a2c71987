"""Findings: validation problems as data with a location (file, sheet, row, column).

This module imports nothing from the project: every other layer builds on it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How serious a finding is. Values are the French words shown to users."""

    ERROR = "erreur"
    WARNING = "avertissement"
    INFO = "information"


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a value came from: physical Excel row (header counted, 1-based) and column letter."""

    file: str = ""
    sheet: str = ""
    row: int | None = None
    column: str = ""
    field: str = ""

    @property
    def cell(self) -> str:
        """A1-style reference of the cell, or the column/row alone when only one is known."""
        return f"{self.column}{self.row if self.row is not None else ''}"

    def render(self) -> str:
        """`Registre.xlsx › Factures!F12` style location, shortest form that is still exact."""
        parts = [self.file] if self.file else []
        place = self.sheet
        if self.cell:
            place = f"{place}!{self.cell}" if place else self.cell
        if place:
            parts.append(place)
        return " › ".join(parts)

    def __reduce__(self) -> tuple[type[Provenance], tuple[str, str, int | None, str, str]]:
        # positional constructor call: much cheaper to unpickle than the dataclass __setstate__ (cached findings)
        return (Provenance, (self.file, self.sheet, self.row, self.column, self.field))


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in user data, with a stable code and a French message."""

    code: str
    message: str
    provenance: Provenance = field(default_factory=Provenance)
    severity: Severity = Severity.ERROR

    def render(self) -> str:
        """One line for humans: `location : message`."""
        where = self.provenance.render()
        return f"{where} : {self.message}" if where else self.message

    def __reduce__(self) -> tuple[type[Finding], tuple[str, str, Provenance, Severity]]:
        return (Finding, (self.code, self.message, self.provenance, self.severity))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping (French severity word, flat provenance)."""
        data = asdict(self.provenance)
        data.update(code=self.code, message=self.message, severity=str(self.severity))
        data["cell"] = self.provenance.cell
        return data


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Stable reading order: file, sheet, row, column, code."""
    return sorted(
        findings,
        key=lambda f: (
            f.provenance.file,
            f.provenance.sheet,
            f.provenance.row if f.provenance.row is not None else -1,
            len(f.provenance.column),
            f.provenance.column,
            f.code,
        ),
    )


@dataclass(slots=True)
class Report:
    """Outcome of a use case: the valid items, counters, and every finding."""

    valid: list[Any] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        """Findings of severity error."""
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        """Findings of severity warning."""
        return [f for f in self.findings if f.severity is Severity.WARNING]

    def extend(self, findings: Sequence[Finding]) -> None:
        """Add findings to the report."""
        self.findings.extend(findings)

    def counts(self) -> dict[str, int]:
        """Number of findings per severity word."""
        counter = Counter(str(f.severity) for f in self.findings)
        return {str(s): counter.get(str(s), 0) for s in Severity}

    def exit_code(self) -> int:
        """0 when nothing to report, 1 when there are errors or warnings."""
        return 1 if self.errors or self.warnings else 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping of stats and findings (not the valid items)."""
        return {
            "stats": self.stats,
            "comptes": self.counts(),
            "anomalies": [f.to_dict() for f in sort_findings(self.findings)],
        }

    def to_json(self) -> str:
        """Stable, indented, UTF-8 JSON."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, default=str)

    def to_text(self) -> str:
        """French plain-text report, one finding per line, then a summary line."""
        lines = [f"[{f.severity}] {f.render()} ({f.code})" for f in sort_findings(self.findings)]
        counts = self.counts()
        lines.append(
            f"{counts['erreur']} erreur(s), {counts['avertissement']} avertissement(s), "
            f"{counts['information']} information(s)."
        )
        return "\n".join(lines)


class UnreadableInputError(Exception):
    """A whole input cannot be read at all. Carries one Finding; the CLI exits 2."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.render())
        self.finding = finding
