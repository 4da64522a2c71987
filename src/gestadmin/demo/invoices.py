"""Clean supplier invoices of the three agents, May to October 2026 (the anomalies come on top)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from gestadmin.demo.catalog import AGENTS, OVERCOMMITTED_LINE, SUPPLIERS, SupplierProfile
from gestadmin.demo.drafts import Draft, Line
from gestadmin.demo.parties import Party

FIRST_RECEIPT = dt.date(2026, 5, 4)
_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre")
_EXTRA_LINE = {Decimal("0.22"): "Accessoires (taux supérieur)", Decimal("0.06"): "Livraison et installation",
               Decimal("0.11"): "Frais de service", Decimal("0.03"): "Transport de passagers"}
RECENT_DAYS = 18  # invoices not yet ordered were all received within this many days (well before D+20)


class Numbering:
    """Per-supplier invoice counters, so numbers never repeat."""

    def __init__(self, rng: random.Random) -> None:
        self._next = {p.name: rng.randrange(3, 60) for p in SUPPLIERS}

    def take(self, profile: SupplierProfile, year: int) -> str:
        """The supplier's next invoice number in its own style."""
        n = self._next[profile.name]
        self._next[profile.name] = n + 1
        return profile.number_style.format(y=year, n=n)


def business_day(day: dt.date) -> dt.date:
    """The same day, or the following Monday for a weekend."""
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def make_lines(rng: random.Random, profile: SupplierProfile, multi: bool) -> list[Line]:
    """1-3 lines from the supplier's catalogue (plus a line at its second rate when `multi`)."""
    chosen = rng.sample(profile.items, k=rng.randint(1, min(3, len(profile.items))))
    lines: list[Line] = []
    for designation, price in chosen:
        quantity = Decimal(rng.randint(1, 3) if price > 40000 else rng.randint(1, 25))
        unit = int(price * rng.uniform(0.9, 1.1))
        lines.append((designation, quantity, unit, profile.rate))
    if multi and profile.second_rate is not None:
        extra = _EXTRA_LINE[profile.second_rate]
        lines.append((extra, Decimal(1), rng.randrange(2500, 25000), profile.second_rate))
    return lines


def new_draft(rng: random.Random, profile: SupplierProfile, party: Party, numbering: Numbering,
              received: dt.date, today: dt.date, agent: str | None = None) -> Draft:
    """A consistent invoice received on `received`, processed as far as `today` allows."""
    multi = profile.second_rate is not None and rng.random() < 0.3
    invoice_date = received - dt.timedelta(days=rng.randint(1, 6))
    subject = f"{profile.items[0][0].split(' – ')[0]} – {_MONTHS[invoice_date.month - 1]} {invoice_date.year}"
    draft = Draft(agent or profile.agent, party, numbering.take(profile, invoice_date.year), invoice_date,
                  received, subject, profile.budget_code, make_lines(rng, profile, multi),
                  with_lines=multi or rng.random() < 0.3, sort_date=received)
    draft.commitment_key = (draft.agent, party.name, profile.budget_code)
    advance(rng, draft, today)
    return draft


def advance(rng: random.Random, draft: Draft, today: dt.date) -> None:
    """Move a received invoice along the chain: old ones are ordered in time, recent ones still in progress."""
    received = draft.received_date
    assert received is not None
    if (today - received).days <= RECENT_DAYS:
        draft.status = rng.choice(("Reçue", "Enregistrée", "Enregistrée", "Service fait", "Liquidée"))
        if draft.status in {"Service fait", "Liquidée"}:
            draft.service_done = min(received + dt.timedelta(days=rng.randint(0, 3)), today)
        if draft.status == "Liquidée":
            assert draft.service_done is not None
            draft.liquidation = min(draft.service_done + dt.timedelta(days=1), today)
            draft.service_done = min(draft.service_done, draft.liquidation)
        return
    draft.service_done = received + dt.timedelta(days=rng.randint(0, 4))
    draft.liquidation = draft.service_done + dt.timedelta(days=rng.randint(1, 4))
    draft.ordering = business_day(draft.liquidation + dt.timedelta(days=rng.randint(1, 5)))
    draft.payment = draft.ordering + dt.timedelta(days=rng.randint(5, 14))
    draft.status = "Payée"
    if draft.payment > today:
        draft.status, draft.payment = "Mandatée", None


def clean_invoices(rng: random.Random, directory: dict[str, Party], numbering: Numbering,
                   today: dt.date) -> dict[str, list[Draft]]:
    """Agent code -> clean drafts (one or two invoices per supplier and month, amounts all distinct)."""
    out: dict[str, list[Draft]] = {a.code: [] for a in AGENTS}
    seen: set[tuple[str, int]] = set()
    for profile in SUPPLIERS:
        if profile.budget_code == OVERCOMMITTED_LINE:
            continue  # the only invoice on the overcommitted line is a deliberate anomaly
        for month in range(5, 11):
            for _ in range(rng.choice((1, 1, 1, 2)) if rng.random() < 0.8 else 0):
                received = business_day(dt.date(2026, month, rng.randint(1, 28)))
                if received >= today:
                    continue
                draft = new_draft(rng, profile, directory[profile.name], numbering, received, today)
                key = (profile.name, draft.totals[2])
                if key in seen:  # equal amounts would look like a near-duplicate
                    continue
                seen.add(key)
                out[profile.agent].append(draft)
    return out
