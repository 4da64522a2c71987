"""Checklist point 5: arithmetic, per TGC rate, rounded half up to the franc at invoice level.

Header: HT x rate = TGC, HT + TGC = TTC. Lines: quantity x unit price = line HT; the lines' HT sum to the
invoice HT; TGC computed per rate over the lines (HT summed per rate, rounded once per rate) sums to the
invoice TGC. A consequence is not reported twice: lines' TGC is only compared when the header TGC and the
lines' HT are right.
"""

from __future__ import annotations

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
    net, tax, gross = (inv[c].astype("Int64") for c in ("net_amount", "tax_amount", "gross_amount"))
    bp = rate_basis_points(inv["tax_rate"])
    expected_tax = tgc_half_up(net, bp)
    bad_tax = (expected_tax != tax).fillna(False).astype(bool)
    bad_gross = ((net + tax) != gross).fillna(False).astype(bool)
    rate_text = by_value(inv["tax_rate"], lambda r: f"{float(r) * 100:g} %".replace(".", ","))
    findings = ctx.emit(inv, bad_tax, "tax_amount", "TGC_INCORRECTE", money=("net", "expected", "value"),
                        net=net, rate=rate_text, expected=expected_tax, value=tax)
    findings += ctx.emit(inv, bad_gross, "gross_amount", "TTC_INCORRECT", money=("net", "tax", "expected", "value"),
                         net=net, tax=tax, expected=net + tax, value=gross)
    if not frames.lines.empty:
        findings += _lines(frames, ctx, bad_tax)
    return findings


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
