"""Checklist point 5: arithmetic, per TGC rate, rounded half up to the franc at invoice level.

Header: HT x rate = TGC, HT + TGC = TTC. Lines: quantity x unit price = line HT; the lines' HT sum to the
invoice HT; TGC computed per rate over the lines (HT summed per rate, rounded once per rate) sums to the
invoice TGC. A consequence is not reported twice: lines' TGC is only compared when the header TGC and the
lines' HT are right.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from gestadmin.findings import Finding
from gestadmin.model.invoices import BASIS, rate_basis_points, tgc_half_up
from gestadmin.rules.invoices.context import REG, ROW, SRC, InvoiceContext, InvoiceFrames, by_value

INVOICE_KEY = [REG, "registration_number"]


def check_arithmetic(frames: InvoiceFrames, ctx: InvoiceContext) -> list[Finding]:
    """TGC_INCORRECTE, TTC_INCORRECT, LIGNE_HT_INCORRECT, LIGNE_SANS_FACTURE, LIGNES_HT_INCOHERENT,
    LIGNES_TGC_INCOHERENTE."""
    inv = frames.invoices
    if inv.empty:
        return []
    head = header_sums(inv)
    findings: list[Finding] = []
    if head.bad_tax.any():  # messages' values built for flagged registers only
        net, tax, expected_tax = head.series("net"), head.series("tax"), head.series("expected_tax")
        rate_text = by_value(inv["tax_rate"], lambda r: f"{float(r) * 100:g} %".replace(".", ","))
        findings += ctx.emit(inv, head.bad_tax, "tax_amount", "TGC_INCORRECTE", money=("net", "expected", "value"),
                             net=net, rate=rate_text, expected=expected_tax, value=tax)
    if head.bad_gross.any():
        net, tax, gross = head.series("net"), head.series("tax"), head.series("gross")
        findings += ctx.emit(inv, head.bad_gross, "gross_amount", "TTC_INCORRECT",
                             money=("net", "tax", "expected", "value"), net=net, tax=tax, expected=net + tax,
                             value=gross)
    if not frames.lines.empty:
        findings += _lines(frames, ctx, pd.Series(head.bad_tax, index=inv.index))
    return findings


_SAFE_NET = 9 * 10**14  # |HT| x 10 000 basis points stays inside int64: the quick path's sums cannot overflow


@dataclass(frozen=True, slots=True)
class HeaderSums:
    """An invoice frame's HT, TGC, TTC (Int64 data and NA mask each), the TGC expected from HT and rate, and the
    rows whose TGC (HT x rate, half up) or TTC (HT + TGC) is wrong (values present only)."""

    values: dict[str, tuple[np.ndarray, np.ndarray]]
    bad_tax: np.ndarray
    bad_gross: np.ndarray
    index: pd.Index

    def series(self, name: str) -> pd.Series:
        """One of net, tax, gross, expected_tax as an Int64 Series on the frame's index."""
        data, missing = self.values[name]
        return pd.Series(pd.arrays.IntegerArray(data, missing), index=self.index)


def header_sums(inv: pd.DataFrame) -> HeaderSums:
    """`_header_sums_general` on plain int64 arrays when the reader typed the columns (Int64 amounts, Float64
    rate) and the values keep every product inside int64; the pandas masked-array path otherwise."""
    columns = [inv[c] for c in ("net_amount", "tax_amount", "gross_amount", "tax_rate")]
    if [str(c.dtype) for c in columns] != ["Int64", "Int64", "Int64", "Float64"]:
        return _header_sums_general(inv)
    (net, net_na), (tax, tax_na), (gross, gross_na) = (
        (c.to_numpy(dtype=np.int64, na_value=0), c.isna().to_numpy()) for c in columns[:3])
    rate_na = columns[3].isna().to_numpy()
    bp = np.round(columns[3].to_numpy(dtype=np.float64, na_value=0.0) * BASIS)
    if not ((bp >= 0) & (bp <= BASIS)).all() or (np.abs(net) > _SAFE_NET).any():  # NaN fails the first test
        return _header_sums_general(inv)
    product = net * bp.astype(np.int64)
    magnitude = (np.abs(product) + BASIS // 2) // BASIS
    expected, expected_na = np.where(product >= 0, magnitude, -magnitude), net_na | rate_na
    bad_tax = ~(expected_na | tax_na) & (expected != tax)
    bad_gross = ~(net_na | tax_na | gross_na) & (net + tax != gross)
    values = {"net": (net, net_na), "tax": (tax, tax_na), "gross": (gross, gross_na),
              "expected_tax": (expected, expected_na)}
    return HeaderSums(values, bad_tax, bad_gross, inv.index)


def _header_sums_general(inv: pd.DataFrame) -> HeaderSums:
    net, tax, gross = (inv[c].astype("Int64") for c in ("net_amount", "tax_amount", "gross_amount"))
    expected_tax = tgc_half_up(net, rate_basis_points(inv["tax_rate"]))
    bad_tax = (expected_tax != tax).fillna(False).astype(bool).to_numpy()
    bad_gross = ((net + tax) != gross).fillna(False).astype(bool).to_numpy()
    values = {name: (s.to_numpy(dtype=np.int64, na_value=0), s.isna().to_numpy())
              for name, s in (("net", net), ("tax", tax), ("gross", gross), ("expected_tax", expected_tax))}
    return HeaderSums(values, bad_tax, bad_gross, inv.index)


def line_net(quantity: pd.Series, unit_price: pd.Series) -> pd.Series:
    """Quantity x unit price rounded half up (quantities may be decimal: 1,5 h)."""
    product = quantity.astype("Float64") * unit_price.astype("Float64")
    # 1e-6 absorbs binary noise (2.675 stored as 2.67499...) without moving a genuine .5 below.
    rounded = np.sign(product) * np.floor(product.abs() + 0.5 + 1e-6)
    return pd.Series(rounded, index=quantity.index).astype("Int64")


def _lines(frames: InvoiceFrames, ctx: InvoiceContext, bad_tax: pd.Series) -> list[Finding]:
    inv, lines = frames.invoices, frames.lines
    expected = line_net(lines["quantity"], lines["unit_price"])
    wrong = (expected != lines["net_amount"].astype("Int64")).fillna(False).astype(bool)
    findings = ctx.emit(lines, wrong, "net_amount", "LIGNE_HT_INCORRECT", money=("unit_price", "expected", "value"),
                        quantity=lines["quantity"], unit_price=lines["unit_price"], expected=expected,
                        value=lines["net_amount"])
    known = pd.MultiIndex.from_frame(inv[INVOICE_KEY])
    orphan = ~pd.MultiIndex.from_frame(lines[INVOICE_KEY]).isin(known) & lines["registration_number"].notna()
    findings += ctx.emit(lines, orphan, "registration_number", "LIGNE_SANS_FACTURE",
                         value=lines["registration_number"])
    totals = _totals_per_invoice(lines.assign(net_amount=lines["net_amount"].astype("Int64").fillna(expected)))
    joined = inv[INVOICE_KEY + [SRC, ROW, "net_amount", "tax_amount"]].merge(
        totals, on=INVOICE_KEY, how="left").set_index(inv.index)
    has_lines = joined["lines_net"].notna()
    bad_net = has_lines & (joined["lines_net"] != joined["net_amount"].astype("Int64")).fillna(False)
    findings += ctx.emit(inv, bad_net.to_numpy(bool), "net_amount", "LIGNES_HT_INCOHERENT",
                         money=("expected", "value"), expected=joined["lines_net"], value=joined["net_amount"])
    bad = has_lines & ~bad_net & ~bad_tax & (joined["lines_tax"] != joined["tax_amount"].astype("Int64")).fillna(False)
    findings += ctx.emit(inv, bad.to_numpy(bool), "tax_amount", "LIGNES_TGC_INCOHERENTE",
                         money=("expected", "value"), detail=joined["detail"], expected=joined["lines_tax"],
                         value=joined["tax_amount"])
    return findings


def _totals_per_invoice(lines: pd.DataFrame) -> pd.DataFrame:
    """Per invoice: HT of its lines, TGC computed per rate, and a French detail `11 % : 1 234 F CFP`."""
    rated = lines.assign(bp=rate_basis_points(lines["tax_rate"]))
    per_rate = rated.groupby(INVOICE_KEY + ["bp"], dropna=False)["net_amount"].sum().reset_index()
    per_rate["tax"] = tgc_half_up(per_rate["net_amount"], per_rate["bp"])
    per_rate["text"] = [f"{int(b) / (BASIS / 100):g} % : {int(t)}".replace(".", ",")
                        if pd.notna(b) and pd.notna(t) else "?" for b, t in zip(per_rate["bp"], per_rate["tax"],
                                                                                  strict=True)]
    grouped = per_rate.groupby(INVOICE_KEY)
    return pd.DataFrame({"lines_net": grouped["net_amount"].sum(), "lines_tax": grouped["tax"].sum(min_count=1),
                         "detail": grouped["text"].agg(" ; ".join)}).reset_index()
