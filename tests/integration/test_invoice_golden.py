"""Golden test: the demo invoice report finds exactly the deliberate anomalies of the demo, and nothing else.

The report of `gestadmin factures controler` on the three demo registers (with the budget workbook and the
shared directory, on the demo's reference date) is stored as codes + provenance in
tests/golden/factures_demo.json. Regenerate it after an intended change with

    GESTADMIN_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/integration/test_invoice_golden.py

and review the diff. A second test explains every finding by one planted anomaly of
`gestadmin.demo.expected.EXPECTED_ANOMALIES` (kind -> code below) and finds every planted anomaly.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from gestadmin.demo import DEMO_TODAY
from gestadmin.demo.expected import EXPECTED_ANOMALIES, ExpectedAnomaly
from gestadmin.findings import Finding
from gestadmin.rules.invoices import CHECKLIST
from gestadmin.services.demo import DemoContext, write_demo
from gestadmin.services.invoices import InvoiceCheck, check_files, demo_step

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "factures_demo.json"
UPDATE_ENV = "GESTADMIN_UPDATE_GOLDEN"

# Demo anomaly kind -> the one finding code that reports it. Anomalies planted in the budget workbook are the
# budget area's (its own report), not the invoice checklist's.
KIND_CODES: dict[str, str] = {
    "delai_depasse": "DELAI_DEPASSE",
    "delai_proche": "DELAI_PROCHE",
    "imputation_differente": "ENGAGEMENT_IMPUTATION_DIFFERENTE",
    "engagement_inconnu": "ENGAGEMENT_INCONNU",
    "tiers_engagement_different": "ENGAGEMENT_TIERS_DIFFERENT",
    "depassement_engagement": "ENGAGEMENT_DEPASSE",
    "ttc_incoherent": "TTC_INCORRECT",
    "tgc_incorrecte": "TGC_INCORRECTE",
    "lignes_ht_incoherent": "LIGNES_HT_INCOHERENT",
    "taux_tgc_invalide": "TAUX_INVALIDE",  # reader: not one of the TGC rates
    "montant_illisible": "MONTANT_INVALIDE",  # reader: amount typed in words
    "credits_insuffisants": "CREDITS_INSUFFISANTS",
    "date_facture_manquante": "MENTION_MANQUANTE",
    "ridet_manquant": "MENTION_MANQUANTE",
    "date_reception_manquante": "VALEUR_OBLIGATOIRE",  # reader: required column; the rule does not repeat it
    "date_reception_future": "RECEPTION_FUTURE",
    "identifiant_numerique": "IDENTIFIANT_NUMERIQUE",  # reader
    "date_impossible": "DATE_INVALIDE",  # reader (Tiers sheet)
    "quasi_doublon": "FACTURE_QUASI_DOUBLON",
    "doublon_exact": "FACTURE_DOUBLON",
    "fournisseur_inconnu": "FOURNISSEUR_INCONNU",
    "ridet_malforme": "RIDET_INVALIDE",
    "service_fait_manquant": "SERVICE_FAIT_MANQUANT",
    "rib_different_repertoire": "RIB_DIFFERENT",
    "cle_rib_invalide": "RIB_INVALIDE",
}
PAIRED = {"FACTURE_DOUBLON", "FACTURE_QUASI_DOUBLON"}  # both rows are reported, each naming the other


def invoice_anomalies() -> list[ExpectedAnomaly]:
    """The planted anomalies the invoice report is about (the three registers, Tiers sheets included)."""
    return [a for a in EXPECTED_ANOMALIES if a.file.startswith("Registre_factures")]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def result(demo: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> InvoiceCheck:
    registers = sorted(p for name, p in demo.items() if name.startswith("Registre_factures"))
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'empty.sqlite3'}"
    return check_files(registers, budget=demo["Budget_2026.xlsx"], directory=demo["Repertoire_tiers.xlsx"],
                       today=DEMO_TODAY, database_url=url)


def golden_of(check: InvoiceCheck) -> dict[str, Any]:
    """Codes, severities and provenance of every finding, the counts per check and the invoices at risk."""
    return {
        "date_reference": DEMO_TODAY.isoformat(),
        "controles": {c.label: check.per_check.get(c.key, 0) for c in CHECKLIST},
        "factures_a_risque": [{k: item[k] for k in ("fichier", "ligne", "echeance", "jours_restants")}
                              for item in check.at_risk],
        "anomalies": [{"code": f.code, "severity": str(f.severity), "file": f.provenance.file,
                       "sheet": f.provenance.sheet, "row": f.provenance.row, "column": f.provenance.column,
                       "field": f.provenance.field} for f in check.report.findings],
    }


def test_demo_report_equals_the_golden_file(result: InvoiceCheck) -> None:
    current = golden_of(result)
    if os.environ.get(UPDATE_ENV) == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(json.dumps(current, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    stored = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert stored == current, f"rapport différent du fichier de référence ; {UPDATE_ENV}=1 pour le régénérer"


def _partner_of(finding: Finding, planted: list[ExpectedAnomaly]) -> ExpectedAnomaly | None:
    """For the first copy of a planted duplicate: the planted row its message names."""
    if finding.code not in PAIRED:
        return None
    named = {(m[0], m[1], int(m[2])) for m in re.findall(r"([^\s(]+\.xlsx) › (.+?) ligne (\d+)", finding.message)}
    return next((a for a in planted if KIND_CODES[a.kind] == finding.code and (a.file, a.sheet, a.row) in named),
                None)


def test_report_finds_exactly_the_planted_anomalies(result: InvoiceCheck) -> None:
    planted = invoice_anomalies()
    assert {k for a in planted for k in (a.kind, *a.also)} <= set(KIND_CODES)  # every kind mapped to a code
    found: dict[tuple[str, str, int | None, str], set[str]] = {}
    unexplained = []
    for finding in result.report.findings:
        p = finding.provenance
        found.setdefault((p.file, p.sheet, p.row, p.field), set()).add(finding.code)
        at_cell = [a for a in planted if (a.file, a.sheet, a.row, a.field) == (p.file, p.sheet, p.row, p.field)]
        allowed = {KIND_CODES[k] for a in at_cell for k in (a.kind, *a.also)}
        if finding.code not in allowed and _partner_of(finding, planted) is None:
            unexplained.append(f"{finding.code} {p.render()} : {finding.message}")
    missing = [f"{a.kind} {a.file} › {a.sheet}!{a.row} ({a.field}) : {KIND_CODES[a.kind]} attendu"
               for a in planted if KIND_CODES[a.kind] not in found.get((a.file, a.sheet, a.row, a.field), set())]
    assert unexplained == [] and missing == []
    # the three copies named by a planted duplicate (the first registration) are the only paired extras
    extras = [f for f in result.report.findings if not any(
        (a.file, a.sheet, a.row, a.field) == (f.provenance.file, f.provenance.sheet, f.provenance.row,
                                              f.provenance.field) for a in planted)]
    assert sorted((f.code, f.provenance.file, f.provenance.row) for f in extras) == [
        ("FACTURE_DOUBLON", "Registre_factures_2026_Lepeu.xlsx", 5),
        ("FACTURE_DOUBLON", "Registre_factures_2026_Tein.xlsx", 2),
        ("FACTURE_QUASI_DOUBLON", "Registre_factures_2026_Wahio.xlsx", 31),
    ]


def test_every_checklist_point_has_a_demo_case_and_the_demo_step_shows_the_counts(
        demo: dict[str, Path], result: InvoiceCheck, tmp_path: Path) -> None:
    assert all(result.per_check[c.key] >= 1 for c in CHECKLIST), result.per_check
    lines = demo_step(DemoContext(next(iter(demo.values())).parent, tmp_path, files=demo))
    for check in CHECKLIST:
        assert f"{check.label} : {result.per_check[check.key]} anomalie(s)" in lines
    assert lines[0] == f"3 registres, {result.report.stats['factures']} factures contrôlées ensemble"
    assert "Factures à risque (délai de mandatement) : 2" in lines
    assert sorted(p.name for p in tmp_path.glob("*_annote.xlsx")) == [
        "Registre_factures_2026_Lepeu_annote.xlsx", "Registre_factures_2026_Tein_annote.xlsx",
        "Registre_factures_2026_Wahio_annote.xlsx"]
