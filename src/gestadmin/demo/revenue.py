"""Demo revenue register (seeded): customers, draft invoices with lines, a credit note, receipts to record.

Plug-in of the demo dataset (see gestadmin.demo): KIND, FILENAME and build(rng, ref_date). The rows are plain
dicts keyed by layout field, per sheet key of REVENUE_REGISTER. Issuing, collecting and
the deliberate anomalies (gap, duplicate, tampered amount) are applied by the demo step, through the
real use cases, so that the store and the workbook tell the same story.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

CUSTOMERS: tuple[tuple[str, str, str, str], ...] = (
    ("Province Sud", "0123456.001", "6 route des Artifices", "Nouméa"),
    ("Ville de Nouméa", "0234567.001", "16 rue du Général Mangin", "Nouméa"),
    ("Société Le Nickel", "0045678.002", "2 rue Desjardins", "Nouméa"),
    ("Office des postes et télécommunications", "0345678.001", "2 rue Paul Montchovet", "Nouméa"),
    ("Association Sports et Loisirs du Mont-Dore", "1456789.001", "12 route de la Coulée", "Mont-Dore"),
)

SERVICES: tuple[tuple[str, int, str], ...] = (
    ("Mise à disposition de la salle de conférence (journée)", 45_000, "0.11"),
    ("Location de véhicule de service (jour)", 12_500, "0.11"),
    ("Reprographie (page)", 15, "0.22"),
    ("Formation bureautique (stagiaire)", 38_000, "0"),
    ("Frais de dossier", 5_000, "0.03"),
    ("Prestation de restauration (couvert)", 2_150, "0.06"),
)

KIND = "recettes"
FILENAME = "Registre_facturation_recettes.xlsx"
TODAY = dt.date(2026, 10, 30)  # the demo's reference date (gestadmin.demo.DEMO_TODAY)


def build(rng: random.Random, ref_date: dt.date) -> dict[str, list[dict[str, Any]]]:
    """Demo plug-in entry: the revenue register's rows (drafts only; the demo step issues them)."""
    return revenue_rows(rng.randrange(10**6), ref_date=ref_date)


def revenue_rows(seed: int = 2026, drafts: int = 12,
                 ref_date: dt.date = TODAY) -> dict[str, list[dict[str, Any]]]:
    """Customers and `drafts` draft invoices (B-001...) dated chronologically over the 5 months before ref_date."""
    rng = random.Random(seed)
    customers = [{"name": n, "ridet": r, "address": a, "postcode": "98800", "city": c, "party_type": "Client"}
                 for n, r, a, c in CUSTOMERS]
    invoices: list[dict[str, Any]] = []
    lines: list[dict[str, Any]] = []
    day = ref_date - dt.timedelta(days=150)
    for index in range(1, drafts + 1):
        ref = f"B-{index:03d}"
        customer = CUSTOMERS[rng.randrange(len(CUSTOMERS))][0]
        day += dt.timedelta(days=rng.randint(6, 12))
        invoices.append({"draft_ref": ref, "series": "FR", "fiscal_year": 2026, "issue_date": day,
                         "customer_name": customer, "subject": "Prestations du service des moyens généraux",
                         "budget_code": "R-70-7083", "status": "Brouillon"})
        for designation, price, rate in rng.sample(SERVICES, rng.randint(1, 3)):
            quantity = rng.choice((1, 2, 3, 5, 10, 250)) if price < 1000 else rng.choice((1, 2, 3))
            lines.append({"draft_ref": ref, "designation": designation, "quantity": float(quantity),
                          "unit_price": price, "tax_rate": float(rate)})
    return {"revenue_invoices": invoices, "revenue_lines": lines, "receipts": [], "customers": customers}


# Which drafts stay drafts, which invoices get collected (fully or partly), which one gets a credit note.
KEEP_AS_DRAFTS = ("B-010", "B-011", "B-012")
FULL_RECEIPTS = ("FR-2026-000001", "FR-2026-000003", "FR-2026-000007")
PARTIAL_RECEIPTS = {"FR-2026-000002": 0.4, "FR-2026-000005": 0.5}
CREDITED = "FR-2026-000006"
CREDIT_AMOUNT = 5_000  # HT, a partial credit note
# Anomalies of the hand-edited copy: a deleted row (gap), a duplicated number, an amount changed after issue.
DELETED = "FR-2026-000004"
DUPLICATE_OF = ("FR-2026-000008", "FR-2026-000009")  # row 8's number overwritten with 9's
TAMPERED = "FR-2026-000002"
