"""French renderings of findings and reports for terminals (rich) and machines (JSON-ready dicts).

Typer-free: the CLI, the add-in and tests share these renderers. Text output is one finding per line so it
stays readable in a terminal, in a log file and through grep.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from rich.text import Text

from gestadmin.findings import Finding, Report, Severity

SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "dark_orange", Severity.INFO: "cyan"}
SEVERITY_LABEL = {Severity.ERROR: "ERREUR", Severity.WARNING: "AVERT.", Severity.INFO: "INFO"}


def finding_line(finding: Finding, show_file: bool = False) -> Text:
    """`  ERREUR  Factures!F12 : message  [CODE]`, the severity coloured; the file only when asked."""
    where = finding.provenance if show_file else replace(finding.provenance, file="")
    place = where.render()
    line = Text("  ")
    line.append(f"{SEVERITY_LABEL[finding.severity]:<7}", style=SEVERITY_STYLE[finding.severity])
    line.append(" ")
    if place:
        line.append(place, style="bold")
        line.append(" : ")
    line.append(finding.message)
    line.append(f"  [{finding.code}]", style="dim")
    return line


def summary_line(counts: Mapping[str, int]) -> str:
    """`2 erreur(s), 1 avertissement(s), 0 information(s).`"""
    return (
        f"{counts.get(str(Severity.ERROR), 0)} erreur(s), {counts.get(str(Severity.WARNING), 0)} avertissement(s), "
        f"{counts.get(str(Severity.INFO), 0)} information(s)."
    )


def rows_summary(stats: Mapping[str, Any]) -> str:
    """`registre factures, 3 feuille(s), 2 000 ligne(s)` from validation stats (empty when unknown)."""
    rows = stats.get("rows") or {}
    parts = [f"registre {stats['kind']}"] if stats.get("kind") else []
    if rows:
        total = sum(int(n) for n in rows.values())
        parts.append(f"{len(rows)} feuille(s), {format_int(total)} ligne(s)")
    return ", ".join(parts)


def format_int(value: int) -> str:
    """French thousands separator (narrow no-break space): `12 345`."""
    return f"{value:,}".replace(",", "\u202f")


def total_counts(reports: Sequence[Report]) -> dict[str, int]:
    """Counts per severity word summed over several reports."""
    total = {str(s): 0 for s in Severity}
    for report in reports:
        for word, count in report.counts().items():
            total[word] += count
    return total


def report_dict(report: Report, **extra: Any) -> dict[str, Any]:
    """JSON-ready dict of one report (findings in reading order) with extra top-level keys first."""
    data: dict[str, Any] = dict(extra)
    data.update(report.to_dict())
    return data
