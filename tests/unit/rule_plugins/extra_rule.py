"""A plugin rule, as a separate package would ship it: one finding on every invoice register."""

from __future__ import annotations

from typing import Any

from gestadmin.findings import Finding, Provenance, Severity
from gestadmin.services.validation import register_rule


def plugin_rule(data: Any, settings: Any) -> list[Finding]:
    return [Finding("REGLE_EXTERNE", "Règle d'un autre paquet", Provenance(file=data.path.name), Severity.INFO)]


register_rule("factures", plugin_rule)
