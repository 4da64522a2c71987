"""The supplier-invoice checklist (DOMAIN.md section 3): one rule per point, registry = a plain list.

Each rule is `check_x(frames: InvoiceFrames, ctx: InvoiceContext) -> list[Finding]`, vectorised over the
frames of every register checked together. `run_checklist` runs them all; a rule that crashes becomes one
REGLE_EN_ECHEC finding and the others still run. `CHECKLIST` also gives each point its French label, for
the summary "one count per check".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gestadmin.findings import Finding, Provenance
from gestadmin.messages import make_finding
from gestadmin.rules.invoices.arithmetic import check_arithmetic
from gestadmin.rules.invoices.bank import check_bank_details
from gestadmin.rules.invoices.budget import check_budget
from gestadmin.rules.invoices.commitments import check_commitment
from gestadmin.rules.invoices.context import BudgetFrames, InvoiceContext, InvoiceFrames, Source, prepare
from gestadmin.rules.invoices.deadline import check_deadline, deadline_table
from gestadmin.rules.invoices.duplicates import check_duplicates
from gestadmin.rules.invoices.mentions import check_mentions
from gestadmin.rules.invoices.receipt import check_receipt
from gestadmin.rules.invoices.service_done import check_service_done
from gestadmin.rules.invoices.supplier import check_supplier

InvoiceRule = Callable[[InvoiceFrames, InvoiceContext], list[Finding]]


@dataclass(frozen=True, slots=True)
class Check:
    """One checklist point: stable key, French label, rule."""

    key: str
    label: str
    rule: InvoiceRule


CHECKLIST: list[Check] = [
    Check("reception", "1. Réception (date)", check_receipt),
    Check("fournisseur", "2. Fournisseur et RIDET", check_supplier),
    Check("doublons", "3. Doublons", check_duplicates),
    Check("mentions", "4. Mentions obligatoires", check_mentions),
    Check("calculs", "5. Calculs HT / TGC / TTC", check_arithmetic),
    Check("engagement", "6. Rapprochement avec l'engagement", check_commitment),
    Check("service_fait", "7. Service fait", check_service_done),
    Check("credits", "8. Crédits disponibles", check_budget),
    Check("banque", "9. Coordonnées bancaires", check_bank_details),
    Check("delai", "10. Délai de mandatement", check_deadline),
]


def run_checklist(frames: InvoiceFrames, ctx: InvoiceContext,
                  checks: list[Check] | None = None) -> dict[str, list[Finding]]:
    """Findings of every checklist point, keyed by the check's key (crashes become REGLE_EN_ECHEC)."""
    results: dict[str, list[Finding]] = {}
    try:  # status, presence, keys and directory lookup shared by the rules, computed once
        frames = prepare(frames, ctx)
    except Exception:  # noqa: BLE001 - each rule then computes what it needs, and a broken one is reported alone
        pass
    for check in CHECKLIST if checks is None else checks:
        try:
            results[check.key] = list(check.rule(frames, ctx))
        except Exception as exc:  # one broken rule must not hide the others' findings
            where = Provenance(file=ctx.sources[0].file if ctx.sources else "")
            results[check.key] = [make_finding("REGLE_EN_ECHEC", where, rule=check.label,
                                               detail=f"{type(exc).__name__} : {exc}")]
    return results


__all__ = [
    "CHECKLIST", "BudgetFrames", "Check", "InvoiceContext", "InvoiceFrames", "InvoiceRule", "Source",
    "check_arithmetic", "check_bank_details", "check_budget", "check_commitment", "check_deadline",
    "check_duplicates", "check_mentions", "check_receipt", "check_service_done", "check_supplier",
    "deadline_table", "run_checklist",
]
