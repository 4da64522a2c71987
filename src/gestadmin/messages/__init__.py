"""The French message catalogue: stable code -> (severity, template).

Each domain keeps its own module (core, invoices, budget, revenue, consolidation, letters) so that
teams never edit the same file; this package merges them and refuses duplicate codes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gestadmin.findings import Finding, Provenance, Severity
from gestadmin.messages import budget, consolidation, core, invoices, letters, revenue
from gestadmin.messages._types import Message

__all__ = ["CATALOGUE", "Message", "make_finding", "render"]


def _merge(*parts: Mapping[str, Message]) -> dict[str, Message]:
    merged: dict[str, Message] = {}
    for part in parts:
        for code, message in part.items():
            if code in merged:
                raise ValueError(f"code de message en double : {code}")
            merged[code] = message
    return merged


CATALOGUE: dict[str, Message] = _merge(
    core.MESSAGES,
    invoices.MESSAGES,
    budget.MESSAGES,
    revenue.MESSAGES,
    consolidation.MESSAGES,
    letters.MESSAGES,
)


class _Safe(dict[str, Any]):
    """Leaves unknown placeholders visible instead of raising KeyError."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(code: str, **params: Any) -> str:
    """French text of a message code with its parameters filled in."""
    message = CATALOGUE.get(code)
    if message is None:
        return f"Anomalie {code}"
    return message.template.format_map(_Safe(params))


def make_finding(
    code: str,
    provenance: Provenance | None = None,
    severity: Severity | None = None,
    **params: Any,
) -> Finding:
    """Build a Finding from the catalogue: default severity from the catalogue, message rendered."""
    message = CATALOGUE.get(code)
    default = message.severity if message is not None else Severity.ERROR
    return Finding(
        code=code,
        message=render(code, **params),
        provenance=provenance or Provenance(),
        severity=severity or default,
    )
