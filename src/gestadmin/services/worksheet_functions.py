"""Cell-level computations behind the GESTADMIN worksheet formulas (one value in, one value out).

The add-in layer (addin/functions.py) only broadcasts ranges and turns `FormulaError` into a French
`#ERREUR: ...` text; every rule lives here or in model/ and money.py. Empty inputs give `None` (an empty
cell in Excel), never an error. DISPONIBLE's core, `available_balance`, is the budget model's computation.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from gestadmin.dates import DateError, parse_date
from gestadmin.model import calendar, identifiers
from gestadmin.money import AmountError, amount_in_words, format_rate, parse_amount, parse_rate, round_xpf, tgc_amount
from gestadmin.settings import Settings

MAX_DAYS = 3660  # a deadline or a working-day count beyond ten years is a typo, not a request


class FormulaError(ValueError):
    """Bad input of a worksheet formula; the message is the French text shown in the cell."""


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def to_amount(value: object, label: str = "montant") -> Decimal | None:
    """An amount cell (number or text such as `1 234 F CFP`) or None when empty."""
    if _blank(value):
        return None
    try:
        return parse_amount(value)
    except AmountError:
        raise FormulaError(f"{label} illisible « {value} »") from None


def to_date(value: object, label: str = "date") -> dt.date | None:
    """A date cell (Excel serial, date, or JJ/MM/AAAA text) or None when empty (Office.js sends 0)."""
    if _blank(value) or value == 0:
        return None
    try:
        return parse_date(value)
    except DateError:
        raise FormulaError(f"{label} illisible « {value} » (attendu JJ/MM/AAAA)") from None


def to_count(value: object, label: str, default: int | None = None) -> int:
    """A whole number of days (empty -> default)."""
    if _blank(value):
        if default is None:
            raise FormulaError(f"{label} manquant")
        return default
    number = to_amount(value, label)
    if number is None or number != number.to_integral_value() or abs(number) > MAX_DAYS:
        raise FormulaError(f"{label} incorrect « {value} » (nombre entier de jours attendu)")
    return int(number)


def to_rate(value: object, settings: Settings, today: dt.date | None = None) -> Decimal:
    """A TGC rate in force (`11 %`, `0,11`, `11`, `exonéré`); an empty rate is an error, not 0."""
    allowed = settings.rates_on(today)
    names = ", ".join(format_rate(r) for r in allowed if r) + " ou exonéré"
    try:
        rate = parse_rate(value) if not _blank(value) else None
    except AmountError:
        rate = None
    if rate is None:
        raise FormulaError(f"taux TGC illisible « {value} » ({names})")
    if not any(rate == r for r in allowed):
        raise FormulaError(f"taux TGC non autorisé ({names})")
    return rate


def tgc(net: object, rate: object, settings: Settings) -> int | None:
    """TGC on an HT amount at one rate, rounded half up to the franc."""
    amount = to_amount(net, "montant HT")
    return None if amount is None else tgc_amount(amount, to_rate(rate, settings))


def ttc(net: object, rate: object, settings: Settings) -> int | None:
    """HT + TGC (HT rounded to the franc first)."""
    amount = to_amount(net, "montant HT")
    return None if amount is None else round_xpf(amount) + tgc_amount(amount, to_rate(rate, settings))


def round_amount(value: object) -> int | None:
    """Half-up rounding to the franc (Python's round() would round 0.5 to even)."""
    amount = to_amount(value)
    return None if amount is None else round_xpf(amount)


def deadline(received: object, days: object, settings: Settings) -> dt.date | None:
    """Ordering deadline on the NC calendar (settings: number of days, mode, closure days)."""
    day = to_date(received, "date de réception")
    if day is None:
        return None
    return calendar.ordering_deadline(day, to_count(days, "nombre de jours", settings.deadline.days), settings)


def days_left(received: object, today: object, settings: Settings) -> int | None:
    """Calendar days left before the deadline (negative once it has passed)."""
    day = to_date(received, "date de réception")
    if day is None:
        return None
    reference = to_date(today, "date du jour") or dt.date.today()
    return calendar.days_remaining(day, reference, settings)


def working_day(start: object, count: object, settings: Settings) -> dt.date | None:
    """Excel WORKDAY on the NC calendar: the n-th working day after (before, if n < 0) the date."""
    day = to_date(start)
    if day is None:
        return None
    return calendar.add_working_days(day, to_count(count, "nombre de jours ouvrés"), settings)


def ridet_valid(value: object) -> bool | None:
    """True when the RIDET is well-formed (format only), None for an empty cell."""
    return None if _blank(value) or value == 0 else identifiers.ridet_is_valid(value)


def rib_valid(value: object) -> bool | None:
    """True when the 23-character RIB has the right key."""
    return None if _blank(value) or value == 0 else identifiers.rib_is_valid(value)


def iban_valid(value: object) -> bool | None:
    """True when the IBAN passes mod 97 (and the embedded RIB key for FR/NC)."""
    return None if _blank(value) or value == 0 else identifiers.iban_is_valid(value)


def in_words(value: object) -> str | None:
    """`120000` -> `cent vingt mille francs CFP`."""
    amount = to_amount(value)
    if amount is None:
        return None
    if abs(amount) >= Decimal(10) ** 15:
        raise FormulaError("montant trop grand pour être écrit en lettres")
    return amount_in_words(amount)
