"""Collection of issued invoices: statuses from receipts and credit notes, balances, ageing, reminders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from gestadmin.model.statuses import RevenueStatus

AGEING_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("Non échu", -10**6, 0),
    ("0-30 jours", 1, 30),
    ("31-60 jours", 31, 60),
    ("61-90 jours", 61, 90),
    ("> 90 jours", 91, None),
)


def collection_status(gross: int, credited: int, collected: int) -> RevenueStatus:
    """Émise, Partiellement encaissée, Encaissée, or Annulée par avoir when fully credited."""
    due = gross - credited
    if credited >= gross:
        return RevenueStatus.CANCELLED
    if collected >= due:
        return RevenueStatus.COLLECTED
    return RevenueStatus.PARTLY_COLLECTED if collected > 0 else RevenueStatus.ISSUED


@dataclass(frozen=True, slots=True)
class Balance:
    """Where one issued invoice stands on a given day."""

    number: str
    customer: str
    due_date: dt.date | None
    gross: int
    credited: int
    collected: int
    today: dt.date

    @property
    def outstanding(self) -> int:
        """Reste à recouvrer: TTC minus credit notes minus receipts (never negative)."""
        return max(self.gross - self.credited - self.collected, 0)

    @property
    def status(self) -> RevenueStatus:
        """Status implied by receipts and credit notes."""
        return collection_status(self.gross, self.credited, self.collected)

    @property
    def days_past_due(self) -> int:
        """Days since the due date (0 or negative when not yet due)."""
        return (self.today - self.due_date).days if self.due_date else 0


def bucket_of(days_past_due: int) -> str:
    """The ageing bucket label of a number of days past due."""
    for label, low, high in AGEING_BUCKETS:
        if days_past_due >= low and (high is None or days_past_due <= high):
            return label
    return AGEING_BUCKETS[0][0]


def ageing(balances: Iterable[Balance]) -> dict[str, tuple[int, int]]:
    """Per bucket: (number of invoices, outstanding total), outstanding invoices only, every bucket present."""
    table = {label: (0, 0) for label, _, _ in AGEING_BUCKETS}
    for balance in balances:
        if balance.outstanding > 0:
            count, total = table[bucket_of(balance.days_past_due)]
            table[bucket_of(balance.days_past_due)] = (count + 1, total + balance.outstanding)
    return table


def reminder_level(days_past_due: int, reminder_days: Sequence[int]) -> int:
    """How many reminder thresholds (days after the due date) have been reached: 0 means none due."""
    return sum(1 for threshold in sorted(reminder_days) if days_past_due >= threshold)


def reminders_due(balances: Iterable[Balance], reminder_days: Sequence[int]) -> list[tuple[Balance, int]]:
    """Outstanding invoices past a reminder threshold, most overdue first, with the reminder level."""
    due = [(b, reminder_level(b.days_past_due, reminder_days)) for b in balances if b.outstanding > 0]
    return sorted([(b, level) for b, level in due if level > 0], key=lambda item: -item[0].days_past_due)
