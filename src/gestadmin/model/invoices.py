"""Supplier invoices: number normalisation, exact vectorised TGC, status transitions with skipped-step refusal.

Pure calculations: no file, no store. The status rules follow `statuses.INVOICE_TRANSITIONS`; a jump that
is forward in the chain but skips a step (Payée straight after Enregistrée, or liquidation without service
done) is refused with the step that is missing, so the user knows what to do.
"""

from __future__ import annotations

import string
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from gestadmin.model.statuses import INVOICE_TRANSITIONS, InvoiceStatus

# Separators users type inside invoice numbers (ASCII punctuation, blanks, no-break spaces, typographic dashes).
_DROP = str.maketrans("", "", string.punctuation + string.whitespace + "\u00a0\u202f\u2010\u2011\u2012\u2013\u2014°")
_DROP_ASCII = "".join(chr(c) for c in range(128) if chr(c) in string.punctuation + string.whitespace).encode("ascii")
_SEPARATOR = "\x00"  # kept by casefold and by _DROP: joins and splits the numbers of normalize_invoice_numbers
BASIS = 10_000  # rates as integer basis points: 0.11 -> 1100, so half-up rounding is exact integer maths

# Statuses reached only after service done (liquidation needs the service-done certificate).
AFTER_SERVICE_DONE = frozenset({
    InvoiceStatus.LIQUIDATED, InvoiceStatus.ORDERED, InvoiceStatus.SENT_TO_ACCOUNTANT, InvoiceStatus.PAID,
})
# Statuses where the invoice is ordered or closed: budget and deadline checks no longer apply.
ORDERED_OR_CLOSED = frozenset({
    InvoiceStatus.ORDERED, InvoiceStatus.SENT_TO_ACCOUNTANT, InvoiceStatus.PAID,
    InvoiceStatus.REJECTED, InvoiceStatus.CANCELLED,
})
# Statuses whose amount no longer draws on a commitment.
VOID = frozenset({InvoiceStatus.REJECTED, InvoiceStatus.CANCELLED})


def normalize_invoice_number(value: object) -> str:
    """Comparison form of a supplier's invoice number: case-folded, blanks and punctuation dropped
    (`FA-2026/0012` -> `fa20260012`), so `fa 2026 0012` typed by another agent matches. Empty for a blank."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value).casefold().translate(_DROP)


def normalize_invoice_numbers(values: pd.Series) -> pd.Series:
    """Vectorised `normalize_invoice_number`; blanks become NA.

    All numbers are joined into one text, normalised in one pass (bytes.lower/translate for ASCII, the usual
    case, else str.casefold/translate), then split again: no per-value Python call on 100k numbers."""
    raw = values.to_numpy(dtype=object)
    missing = pd.isna(raw)
    texts = [v if isinstance(v, str) else str(v) for v in raw[~missing].tolist()]
    joined = _SEPARATOR.join(texts)
    if joined.count(_SEPARATOR) != max(len(texts) - 1, 0):  # a separator inside a number: the exact, slow path
        parts = [t.casefold().translate(_DROP) for t in texts]
    elif joined.isascii():
        parts = joined.encode("ascii").lower().translate(None, _DROP_ASCII).decode("ascii").split(_SEPARATOR)
    else:
        parts = joined.casefold().translate(_DROP).split(_SEPARATOR)
    out = np.full(len(raw), None, dtype=object)
    out[~missing] = [p or None for p in parts] if texts else []
    return pd.Series(out, index=values.index, dtype=object)


def rate_basis_points(rates: pd.Series) -> pd.Series:
    """TGC fractions (0.11) as integer basis points (1100), NA kept."""
    return (rates.astype("Float64") * BASIS).round().astype("Int64")


def tgc_half_up(net: pd.Series, basis_points: pd.Series) -> pd.Series:
    """HT x rate rounded half up to the franc (away from zero), exactly, over whole columns."""
    product = net.astype("Int64") * basis_points.astype("Int64")
    magnitude = (product.abs() + BASIS // 2) // BASIS
    return magnitude.where(product >= 0, -magnitude)


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a status change is refused: a catalogue code and its parameters."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


def parse_status(value: str) -> InvoiceStatus | None:
    """The status whose French label matches (case and surrounding blanks ignored), else None."""
    wanted = value.strip().casefold()
    return next((s for s in InvoiceStatus if s.value.casefold() == wanted), None)


def path_between(source: InvoiceStatus, target: InvoiceStatus) -> list[InvoiceStatus]:
    """Shortest chain of allowed transitions from source to target (source excluded); [] when unreachable."""
    previous: dict[InvoiceStatus, InvoiceStatus] = {}
    queue = deque([source])
    while queue:
        current = queue.popleft()
        for nxt in sorted(INVOICE_TRANSITIONS[current]):
            if nxt in previous or nxt == source:
                continue
            previous[nxt] = current
            if nxt == target:
                return _unwind(previous, source, target)
            queue.append(nxt)
    return []


def _unwind(previous: dict[InvoiceStatus, InvoiceStatus], source: InvoiceStatus,
            target: InvoiceStatus) -> list[InvoiceStatus]:
    chain = [target]
    while chain[-1] != source and previous[chain[-1]] != source:
        chain.append(previous[chain[-1]])
    return chain[::-1]


def transition_refusal(
    source: InvoiceStatus, target: InvoiceStatus, *, service_done: bool = True, reason: str = "x"
) -> Refusal | None:
    """None when `source -> target` is allowed for this invoice, else why not (French code + params)."""
    if not reason.strip():
        return Refusal("STATUT_MOTIF_MANQUANT")
    allowed = INVOICE_TRANSITIONS[source]
    if target in allowed:
        if target in AFTER_SERVICE_DONE and not service_done:
            return Refusal("STATUT_ETAPE_SAUTEE", _params(source, target, InvoiceStatus.SERVICE_DONE))
        return None
    chain = path_between(source, target)
    if chain:
        return Refusal("STATUT_ETAPE_SAUTEE", _params(source, target, chain[0]))
    allowed_text = ", ".join(s.value for s in sorted(allowed)) or "aucun : statut final"
    return Refusal("STATUT_TRANSITION_INTERDITE", {"source": source.value, "target": target.value,
                                                   "allowed": allowed_text})


def _params(source: InvoiceStatus, target: InvoiceStatus, missing: InvoiceStatus) -> dict[str, Any]:
    return {"source": source.value, "target": target.value, "missing": missing.value}

