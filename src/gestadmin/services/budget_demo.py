"""Demo step of the budget area: situation of the demo budget with the demo registers, the Situation sheet
in a copy, its PDF and PNG, and a French summary (registered in services.demo.STEPS at import).

The revenue side reads the register the revenue step issued (`<sorties>/recettes/`): importing that step's
module first puts its STEPS entry before this one.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from gestadmin.demo import revenue as revenue_data
from gestadmin.io.render import render_sheet
from gestadmin.io.situation import SHEET
from gestadmin.money import format_xpf
from gestadmin.rules.budget import format_percent
from gestadmin.services import revenue_demo  # noqa: F401 - its step must run first: it issues the titles
from gestadmin.services.budget import situation
from gestadmin.services.demo import STEPS, DemoContext
from gestadmin.settings import get_settings

BUDGET_FILE = "Budget_2026.xlsx"
COHERENCE_CODES = ("COHERENCE_MANDATS_LIGNE", "COHERENCE_MANDAT_MONTANT", "COHERENCE_FACTURES_DEPASSENT_ENGAGEMENT",
                   "COHERENCE_IMPUTATION_FACTURE_ABSENTE", "COHERENCE_IMPUTATION_RECETTE_ABSENTE")
CONTRACT_CODES = ("MARCHE_DEPASSE", "MARCHE_FACTURES_DEPASSENT", "MARCHE_EXPIRE", "MARCHE_ECHEANCE_PROCHE",
                  "MARCHE_INCONNU")


def register_files(context: DemoContext) -> list[Path]:
    """The agents' invoice registers and the revenue register as issued by the revenue step (the drafts
    register of the demo folder when that step did not run)."""
    issued = context.output_dir / "recettes" / revenue_data.FILENAME
    revenue = issued if issued.exists() else context.demo_dir / revenue_data.FILENAME
    return [*sorted(context.demo_dir.glob("Registre_factures_*.xlsx")), revenue]


def budget_step(context: DemoContext) -> list[str]:
    """Situation + coherence of the demo budget; writes the copy, the PDF and the PNG."""
    out_dir = context.output_dir / "budget"
    outcome = situation(context.demo_dir / BUDGET_FILE, get_settings(), register_files=register_files(context),
                        output_dir=out_dir, today=context.today)
    total = outcome.situation.total
    revenue = outcome.situation.revenue
    counts = Counter(f.code for f in outcome.report.findings)
    lines = [
        f"Crédits ouverts {format_xpf(total['appropriations'])}, engagé {format_xpf(total['committed'])} "
        f"({format_percent(total['commitment_rate'])}), mandaté {format_xpf(total['mandated'])}, disponible "
        f"{format_xpf(total['available'])}, restes à réaliser {format_xpf(total['carry_forward'])}.",
        f"Registres rapprochés : {len(outcome.registers)} ; écarts de cohérence : "
        f"{sum(counts[c] for c in COHERENCE_CODES)} ; lignes surengagées : {counts['LIGNE_SURENGAGEE']}.",
        f"Recettes : prévisions {format_xpf(int(revenue['forecast'].sum()))}, titres émis "
        f"{format_xpf(int(revenue['issued'].sum()))}, encaissé {format_xpf(int(revenue['collected'].sum()))}.",
        f"Marchés et conventions : {len(outcome.situation.contracts)} ; alertes : "
        f"{sum(counts[c] for c in CONTRACT_CODES)}.",
        f"Copie avec la feuille {SHEET} et ses graphiques : {outcome.workbook}",
    ]
    lines += [f"  {f.render()}" for f in outcome.report.findings
              if f.code in ("LIGNE_SURENGAGEE", "ENGAGEMENT_IMPUTATION_ABSENTE", "COHERENCE_MANDATS_LIGNE",
                            *CONTRACT_CODES)]
    if outcome.workbook is not None:
        rendered = render_sheet(outcome.workbook, SHEET, out_dir, "Situation_budgetaire_2026")
        lines.append(f"Rendu : {rendered.pdf} ; {rendered.png}" if rendered.pdf else f"Rendu impossible : "
                     f"{rendered.problem}")
    return lines


STEPS.append(("Suivi budgétaire : situation, cohérence, tableau de bord", budget_step))
