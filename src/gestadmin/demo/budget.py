"""The 2026 budget workbook of the demo: lines, commitments covering the invoices, mandats from them.

Commitments are sized on the invoices they cover (plus a margin), budget lines on their commitments (plus a
margin), so only the deliberate anomalies fail: one overcommitted line, one commitment on a line the budget
does not have, one line whose mandats differ from the registers' ordered invoices. The Marchés sheet holds the
contracts and agreements the commitments name, with two deliberate alerts: the copier maintenance contract
committed beyond its total (with amendment), and the telecom contract ending within 30 days of the demo date.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from gestadmin.demo.catalog import BUDGET_LINES, MISSING_LINE, OVERCOMMITTED_LINE
from gestadmin.demo.drafts import Draft
from gestadmin.demo.parties import Party

COHERENCE_LINE = "F-011-6064"
COHERENCE_GAP = 10_000
TITLES_LINE = "R-70-7083"  # imputation of the revenue demo's invoices (gestadmin.demo.revenue)
OVERRUN_CONTRACT = "MAR-2025-014"  # committed 2 600 000 for a total of 2 400 000 (initial + amendment)
EXPIRING_CONTRACT = "MAR-2024-022"  # ends 20/11/2026: 21 days after the demo date, the 30-day alert
# Purchases made under a contract: (supplier, budget code) -> contract number (no threshold cumulation).
CONTRACT_OF = {("Lagon Télécom Entreprises", "F-011-6262"): EXPIRING_CONTRACT,
               ("Logiciels Océaniens SAS", "I-20-2051"): "MAR-2026-002"}


@dataclass
class Commitment:
    """One commitment (engagement) of the budget."""

    key: tuple[object, ...]
    party: str
    ridet: str | None
    budget_code: str
    amount: int
    date: dt.date
    subject: str
    status: str = "Validé"
    contract_ref: str | None = None
    number: str = ""

    def record(self) -> dict[str, object]:
        """The Engagements row."""
        return {"commitment_number": self.number, "commitment_date": self.date, "party_name": self.party,
                "ridet": self.ridet, "budget_code": self.budget_code, "subject": self.subject,
                "amount": self.amount, "contract_ref": self.contract_ref, "status": self.status}


def _round_up(amount: float, step: int) -> int:
    return int(math.ceil(amount / step) * step)


def build_commitments(rng: random.Random, drafts: Iterable[Draft], directory: dict[str, Party]) -> list[Commitment]:
    """Commitments covering every draft that has a commitment key, plus the ones with no invoice."""
    groups: dict[tuple[object, ...], list[Draft]] = defaultdict(list)
    for draft in drafts:
        if draft.commitment_key is not None:
            groups[draft.commitment_key].append(draft)
    out = [_covering(rng, key, members, directory) for key, members in groups.items()]
    out += _without_invoices(directory)
    out.sort(key=lambda c: (c.date, c.party, c.budget_code))
    for i, commitment in enumerate(out, start=1):
        commitment.number = f"EJ-2026-{i:04d}"
    numbers = {c.key: c.number for c in out}
    for draft in drafts:
        if draft.commitment_key is not None:
            draft.commitment_number = numbers[draft.commitment_key]
    return out


def _covering(rng: random.Random, key: tuple[object, ...], members: list[Draft],
              directory: dict[str, Party]) -> Commitment:
    first = min((d.invoice_date or d.sort_date or dt.date(2026, 10, 1)) for d in members)
    total = sum(d.totals[2] for d in members)
    date = max(dt.date(2026, 1, 15), first - dt.timedelta(days=rng.randint(10, 40)))
    party = members[0].party
    if key[0] == "marche_maintenance":  # the overcommitted line: a yearly contract larger than the credits
        return Commitment(key, party.name, party.ridet, OVERCOMMITTED_LINE, 2_600_000, dt.date(2026, 1, 20),
                          "Marché de maintenance des copieurs 2026", contract_ref=OVERRUN_CONTRACT)
    if key[0] == "plafond":  # deliberately smaller than its only invoice
        return Commitment(key, party.name, party.ridet, members[0].budget_code, _round_up(total * 0.6, 1000), date,
                          f"Bon de commande – {members[0].subject}")
    name = str(key[1])
    known = directory.get(name)
    ridet = known.ridet if known else party.ridet
    amount = _round_up(total * rng.uniform(1.12, 1.3) + COHERENCE_GAP, 10_000)
    contract = CONTRACT_OF.get((name, str(key[2])))
    kind = f"Commande sur marché {contract}" if contract else "Bon de commande 2026"
    subject = f"{kind} – {members[0].subject.split(' – ')[0]}"
    return Commitment(key, name, ridet, str(key[2]), amount, date, subject, contract_ref=contract)


def _without_invoices(directory: dict[str, Party]) -> list[Commitment]:
    return [
        Commitment(("paie",), "Agents titulaires de la direction", None, "F-012-6411", 78_400_000,
                   dt.date(2026, 1, 15), "Rémunérations du personnel titulaire 2026"),
        Commitment(("subv1",), "Association des Agents du Gouvernement (démo)", None, "F-65-6574", 2_500_000,
                   dt.date(2026, 3, 2), "Subvention de fonctionnement 2026", contract_ref="CONV-2026-003"),
        Commitment(("subv2",), "Comité d'Action Sociale de la Fonction Publique (démo)", None, "F-65-6574",
                   1_800_000, dt.date(2026, 4, 8), "Subvention arbre de Noël 2026", contract_ref="CONV-2026-007"),
        Commitment(("annule",), "Imprimerie Réunies de Nouméa", directory["Imprimerie Réunies de Nouméa"].ridet,
                   "F-011-6231", 350_000, dt.date(2026, 2, 10), "Impression du rapport d'activité (annulé)",
                   status="Annulé"),
        Commitment(("absente",), "Garage Auto Service Magenta", directory["Garage Auto Service Magenta"].ridet,
                   MISSING_LINE, 420_000, dt.date(2026, 6, 3), "Entretien des véhicules de service"),
    ]


def build_lines(rng: random.Random, commitments: list[Commitment]) -> list[dict[str, object]]:
    """Budget lines: credits above their commitments, except the deliberately overcommitted one."""
    committed: dict[str, int] = defaultdict(int)
    for c in commitments:
        if c.status != "Annulé":
            committed[c.budget_code] += c.amount
    rows = []
    for line in BUDGET_LINES:
        base = committed.get(line.code, 0)
        if line.code == TITLES_LINE:  # the revenue demo's titles (room and vehicle rentals, training): small
            initial = 900_000
        elif line.direction == "Recette":
            initial = rng.randrange(20, 120) * 100_000
        elif line.code == OVERCOMMITTED_LINE:
            initial = base - 200_000
        else:
            initial = _round_up(max(base, 300_000) * rng.uniform(1.2, 1.5), 100_000)
        amendment = 200_000 if line.code in {"F-011-6064", "I-21-2183"} else None
        reports = 450_000 if line.section == "Investissement" else None
        rows.append({"fiscal_year": 2026, "direction": line.direction, "section": line.section,
                     "chapter": line.chapter, "nature_account": line.article, "function_code": line.function,
                     "budget_code": line.code, "label": line.label, "initial_budget": initial,
                     "budget_amendment": amendment, "carried_forward": reports})
    return rows


def build_payment_orders(drafts: Iterable[Draft]) -> list[dict[str, object]]:
    """One mandat per ordered invoice, numbered by date, grouped in one bordereau per ordering day."""
    ordered = sorted((d for d in drafts if d.ordered), key=lambda d: (d.ordering, d.registration_number))
    batches: dict[dt.date, str] = {}
    rows = []
    for i, draft in enumerate(ordered, start=1):
        assert draft.ordering is not None
        batch = batches.setdefault(draft.ordering, f"BM-2026-{len(batches) + 1:03d}")
        draft.payment_order_number = f"M-2026-{i:04d}"
        rows.append({"payment_order_number": draft.payment_order_number, "batch_number": batch,
                     "order_date": draft.ordering, "commitment_number": draft.commitment_number,
                     "budget_code": draft.budget_code, "party_name": draft.party.name,
                     "invoice_ref": draft.registration_number, "amount": draft.totals[2],
                     "payment_date": draft.payment})
    return rows


def build_contracts(commitments: list[Commitment], directory: dict[str, Party]) -> list[dict[str, object]]:
    """The Marchés sheet: contracts and agreements named by the commitments, plus an expired one (history)."""
    holders = {c.contract_ref: c for c in commitments if c.contract_ref}

    def row(number: str, subject: str, lot: str | None, initial: int, amendments: int | None, start: dt.date,
            end: dt.date, kind: str, nature: str, holder: str | None = None) -> dict[str, object]:
        name = holder or holders[number].party
        ridet = directory[name].ridet if name in directory else (holders[number].ridet if number in holders else None)
        return {"contract_number": number, "subject": subject, "lot": lot, "holder": name, "ridet": ridet,
                "initial_amount": initial, "amendments": amendments, "start_date": start, "end_date": end,
                "contract_type": kind, "purchase_nature": nature}

    return [
        row("MAR-2023-011", "Fourniture de mobilier de bureau", "1", 4_800_000, None, dt.date(2023, 3, 1),
            dt.date(2025, 12, 31), "Marché", "Mobilier", holder="Mobilier Austral SARL"),
        row(EXPIRING_CONTRACT, "Accès internet et téléphonie des sites", "2", 6_000_000, None, dt.date(2024, 12, 1),
            dt.date(2026, 11, 20), "Marché", "Télécommunications"),
        row(OVERRUN_CONTRACT, "Maintenance des copieurs multifonctions", "1", 2_200_000, 200_000,
            dt.date(2025, 12, 15), dt.date(2027, 12, 14), "Marché", "Maintenance"),
        row("CONV-2026-003", "Subvention de fonctionnement 2026", None, 2_500_000, None, dt.date(2026, 3, 1),
            dt.date(2027, 2, 28), "Convention", "Subventions"),
        row("MAR-2026-002", "Licence et maintenance du logiciel de gestion", None, 12_000_000, 1_500_000,
            dt.date(2026, 3, 15), dt.date(2029, 3, 14), "Marché", "Logiciels"),
        row("CONV-2026-007", "Subvention arbre de Noël 2026", None, 1_800_000, None, dt.date(2026, 4, 8),
            dt.date(2027, 1, 31), "Convention", "Subventions"),
    ]
