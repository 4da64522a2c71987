"""An invoice being generated for the demo, and how it becomes register rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from gestadmin.demo.parties import Party
from gestadmin.money import invoice_totals, round_xpf

Line = tuple[str, Decimal, int, Decimal]  # designation, quantity, unit price HT, TGC rate


@dataclass
class Anomaly:
    """A deliberate anomaly carried by a draft (its row is known only once the register is sorted)."""

    field: str
    kind: str
    description: str
    sheet: str = "Factures"
    also: tuple[str, ...] = ()


@dataclass
class Draft:
    """One supplier invoice of an agent's register, with the rows it will produce."""

    agent: str
    party: Party
    number: object
    invoice_date: dt.date | None
    received_date: dt.date | None
    subject: str
    budget_code: str
    lines: list[Line]
    with_lines: bool
    status: str = "Enregistrée"
    service_done: dt.date | None = None
    liquidation: dt.date | None = None
    ordering: dt.date | None = None
    payment: dt.date | None = None
    commitment_key: tuple[object, ...] | None = None
    commitment_number: str | None = None
    payment_order_number: str | None = None
    registration_number: str = ""
    sort_date: dt.date | None = None
    overrides: dict[str, object] = field(default_factory=dict)
    line_net_delta: int = 0
    anomalies: list[Anomaly] = field(default_factory=list)

    @property
    def rates(self) -> list[Decimal]:
        """Distinct TGC rates of the lines."""
        return sorted({line[3] for line in self.lines})

    @property
    def totals(self) -> tuple[int, int, int]:
        """(HT, TGC, TTC), TGC rounded half up per rate."""
        return invoice_totals((_line_net(line), line[3]) for line in self.lines)

    @property
    def ordered(self) -> bool:
        """True once a payment order (mandat) exists."""
        return self.status in {"Mandatée", "Transmise au comptable", "Payée"}

    def invoice_record(self) -> dict[str, object]:
        """The Factures row (overrides applied last: that is where anomalies live)."""
        net, tax, gross = self.totals
        rate = self.rates[0] if len(self.rates) == 1 else None  # several rates: the lines carry them
        record: dict[str, object] = {
            "registration_number": self.registration_number, "received_date": self.received_date,
            "supplier_name": self.party.name, "ridet": self.party.ridet, "invoice_number": self.number,
            "invoice_date": self.invoice_date, "subject": self.subject,
            "commitment_number": self.commitment_number, "budget_code": self.budget_code,
            "net_amount": net, "tax_rate": rate, "tax_amount": tax, "gross_amount": gross,
            "bank_account": self.party.bank_account, "service_done_date": self.service_done,
            "status": self.status, "liquidation_date": self.liquidation,
            "payment_order_number": self.payment_order_number, "ordering_date": self.ordering,
            "payment_date": self.payment,
        }
        record.update(self.overrides)
        return record

    def line_records(self) -> list[dict[str, object]]:
        """The Lignes de facture rows (empty when the invoice is registered without its lines)."""
        if not self.with_lines:
            return []
        rows = []
        for i, (designation, quantity, unit_price, rate) in enumerate(self.lines):
            delta = self.line_net_delta if i == 0 else 0
            qty: object = int(quantity) if quantity == quantity.to_integral_value() else float(quantity)
            rows.append({"registration_number": self.registration_number, "designation": designation,
                         "quantity": qty, "unit_price": unit_price + delta, "tax_rate": rate,
                         "net_amount": _line_net(line=(designation, quantity, unit_price + delta, rate))})
        return rows


def _line_net(line: Line) -> int:
    return round_xpf(line[1] * line[2])
