"""Demo step of the budget area: situation of the demo budget with the demo registers, the Situation sheet
in a copy, its PDF and PNG, and a French summary (registered in services.demo.STEPS at import)."""

from __future__ import annotations

from collections import Counter

from gestadmin.io.render import render_sheet
from gestadmin.io.situation import SHEET
from gestadmin.money import format_xpf
from gestadmin.rules.budget import format_percent
from gestadmin.services.budget import situation
from gestadmin.services.demo import STEPS, DemoContext
from gestadmin.settings import get_settings

BUDGET_FILE = "Budget_2026.xlsx"
COHERENCE_CODES = ("COHERENCE_MANDATS_LIGNE", "COHERENCE_MANDAT_MONTANT", "COHERENCE_FACTURES_DEPASSENT_ENGAGEMENT",
                   "COHERENCE_IMPUTATION_FACTURE_ABSENTE", "COHERENCE_IMPUTATION_RECETTE_ABSENTE")


def budget_step(context: DemoContext) -> list[str]:
    """Situation + coherence of the demo budget; writes the copy, the PDF and the PNG."""
    out_dir = context.output_dir / "budget"
    outcome = situation(context.demo_dir / BUDGET_FILE, get_settings(), registers_dir=context.demo_dir,
                        output_dir=out_dir, today=context.today)
    total = outcome.situation.total
    counts = Counter(f.code for f in outcome.report.findings)
    lines = [
        f"Crédits ouverts {format_xpf(total['appropriations'])}, engagé {format_xpf(total['committed'])} "
        f"({format_percent(total['commitment_rate'])}), mandaté {format_xpf(total['mandated'])}, disponible "
        f"{format_xpf(total['available'])}, restes à réaliser {format_xpf(total['carry_forward'])}.",
        f"Registres rapprochés : {len(outcome.registers)} ; écarts de cohérence : "
        f"{sum(counts[c] for c in COHERENCE_CODES)} ; lignes surengagées : {counts['LIGNE_SURENGAGEE']}.",
        f"Copie avec la feuille {SHEET} et ses graphiques : {outcome.workbook}",
    ]
    lines += [f"  {f.render()}" for f in outcome.report.findings
              if f.code in ("LIGNE_SURENGAGEE", "ENGAGEMENT_IMPUTATION_ABSENTE", "COHERENCE_MANDATS_LIGNE")]
    if outcome.workbook is not None:
        rendered = render_sheet(outcome.workbook, SHEET, out_dir, "Situation_budgetaire_2026")
        lines.append(f"Rendu : {rendered.pdf} ; {rendered.png}" if rendered.pdf else f"Rendu impossible : "
                     f"{rendered.problem}")
    return lines


STEPS.append(("Suivi budgétaire : situation, cohérence, tableau de bord", budget_step))
