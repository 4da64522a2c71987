"""XPF money: parsing what users type, TGC per rate, half-up rounding, French formatting.

The franc CFP has no decimals. TGC is computed per rate on the invoice's total HT for that rate and
rounded half up to the franc (Python's round() is half-even: wrong here).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

NBSP = "\u00a0"
NNBSP = "\u202f"

TGC_RATES: tuple[Decimal, ...] = (Decimal("0.03"), Decimal("0.06"), Decimal("0.11"), Decimal("0.22"))
EXEMPT = Decimal("0")
ALLOWED_RATES: tuple[Decimal, ...] = (EXEMPT, *TGC_RATES)

_CURRENCY = re.compile(r"(?i)\s*(xpf|f\s*cfp|fcfp|francs?\s*cfp|cfp|f)\.?\s*$")
_SPACES = re.compile(r"[\s\u00a0\u202f'’]")
_DOT_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_COMMA_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+\.\d+$")


class AmountError(ValueError):
    """The text is not an amount."""


def round_xpf(value: Decimal | int | float | str) -> int:
    """Round to the franc, half up (0.5 -> 1, -0.5 -> -1: away from zero, as Excel ROUND)."""
    dec = value if isinstance(value, Decimal) else Decimal(str(value))
    return int(dec.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_amount(value: object) -> Decimal | None:
    """Parse what a user typed into an amount; None for an empty cell.

    Accepts numbers, `1 234`, `1 234,50`, `1.234` (dot as thousands separator), `1,234.50`,
    `(1 500)` (negative), `-1500`, `1 500 XPF`, `1 500 F CFP`. Raises AmountError otherwise.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise AmountError(str(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise AmountError(str(value))
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    text = str(value).strip()
    if not text:
        return None
    negative = text.startswith("(") and text.endswith(")")
    if negative:
        text = text[1:-1].strip()
    text = _CURRENCY.sub("", text)
    text = _SPACES.sub("", text)
    if text.startswith("+"):
        text = text[1:]
    if _DOT_THOUSANDS.match(text):
        text = text.replace(".", "")
    elif _COMMA_THOUSANDS.match(text):
        text = text.replace(",", "")
    else:
        text = text.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        raise AmountError(str(value))
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the regex guards this
        raise AmountError(str(value)) from exc
    return -amount if negative else amount


def parse_rate(value: object) -> Decimal | None:
    """Parse a TGC rate: `0.11`, `11`, `11 %`, `11%`, `0,11`, `exonéré` -> Decimal fraction."""
    if value is None:
        return None
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        rate = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    else:
        text = str(value).strip().lower()
        if not text:
            return None
        if text in {"exonéré", "exonere", "exo", "franchise", "0", "0 %", "0%"}:
            return EXEMPT
        text = text.replace("%", "").replace(",", ".").replace(NBSP, "").replace(" ", "")
        try:
            rate = Decimal(text)
        except InvalidOperation as exc:
            raise AmountError(str(value)) from exc
    if rate >= 1:
        rate = rate / 100
    return rate.normalize() if rate else EXEMPT


def is_allowed_rate(rate: Decimal, allowed: Iterable[Decimal] = ALLOWED_RATES) -> bool:
    """True when the rate is one of the TGC rates in force (or exempt)."""
    return any(rate == a for a in allowed)


def tgc_amount(net: Decimal | int, rate: Decimal) -> int:
    """TGC on one HT base at one rate, rounded half up to the franc."""
    return round_xpf(Decimal(net) * rate)


def tgc_by_rate(lines: Iterable[tuple[Decimal | int, Decimal]]) -> dict[Decimal, int]:
    """Invoice-level TGC: HT summed per rate first, then rounded half up once per rate.

    `lines` are (net amount, rate) pairs. Returns {rate: tgc} for every rate present, exempt included.
    """
    bases: dict[Decimal, Decimal] = {}
    for net, rate in lines:
        bases[rate] = bases.get(rate, Decimal(0)) + Decimal(net)
    return {rate: tgc_amount(base, rate) for rate, base in sorted(bases.items())}


def invoice_totals(lines: Iterable[tuple[Decimal | int, Decimal]]) -> tuple[int, int, int]:
    """(HT, TGC, TTC) of an invoice from its (net, rate) lines, TGC rounded per rate."""
    materialised = [(Decimal(n), r) for n, r in lines]
    net = round_xpf(sum((n for n, _ in materialised), Decimal(0)))
    tax = sum(tgc_by_rate(materialised).values())
    return net, tax, net + tax


def group_thousands(number: int, sep: str = NNBSP) -> str:
    """`1234567` -> `1 234 567` with a narrow no-break space (French typography)."""
    sign = "-" if number < 0 else ""
    digits = str(abs(number))
    groups = []
    while digits:
        groups.append(digits[-3:])
        digits = digits[:-3]
    return sign + sep.join(reversed(groups))


def format_xpf(amount: Decimal | int | None, *, unit: bool = True, sep: str = NNBSP) -> str:
    """French display of an XPF amount: `1 234 567 F CFP` (no-break spaces), or `` for None."""
    if amount is None:
        return ""
    text = group_thousands(round_xpf(amount), sep)
    return f"{text}{NBSP}F{NBSP}CFP" if unit else text


def format_rate(rate: Decimal | None) -> str:
    """`0.11` -> `11 %`; exempt -> `exonéré`."""
    if rate is None:
        return ""
    if rate == 0:
        return "exonéré"
    percent = (rate * 100).normalize()
    return f"{format(percent, 'f').replace('.', ',')}{NBSP}%"


def sum_xpf(amounts: Iterable[Decimal | int | None]) -> int:
    """Sum of amounts, None counted as 0, rounded to the franc."""
    return round_xpf(sum((Decimal(a) for a in amounts if a is not None), Decimal(0)))


def amount_in_words(amount: Decimal | int) -> str:
    """`120000` -> `cent vingt mille francs CFP` (num2words has no XPF currency: append it ourselves)."""
    from num2words import num2words

    value = round_xpf(amount)
    words = str(num2words(abs(value), lang="fr"))
    unit = "franc CFP" if abs(value) <= 1 else "francs CFP"
    prefix = "moins " if value < 0 else ""
    return f"{prefix}{words} {unit}"


def rates_table(rates: Mapping[str, Decimal] | None = None) -> dict[str, Decimal]:
    """French label -> rate for data-validation lists and reports."""
    table = {"exonéré": EXEMPT}
    for rate in TGC_RATES:
        table[format_rate(rate)] = rate
    if rates:
        table.update(rates)
    return table
