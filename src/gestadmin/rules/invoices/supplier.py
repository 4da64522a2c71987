"""Checklist point 2: the supplier is known in the directory and its RIDET is well-formed and its own."""

from __future__ import annotations

import numpy as np
import pandas as pd

from gestadmin.findings import Finding
from gestadmin.messages import make_finding
from gestadmin.rules.invoices.context import (
    ROW,
    SRC,
    InvoiceContext,
    InvoiceFrames,
    by_value,
    directory_match,
    present,
)


def ridet_valid(values: pd.Series) -> pd.Series:
    """Well-formedness of RIDETs, each distinct value checked once (the add-in helper's identifiers)."""
    from gestadmin.model.identifiers import ridet_is_valid

    return by_value(values, lambda v: ridet_is_valid(str(v))).fillna(True).astype(bool)


def check_supplier(frames: InvoiceFrames, ctx: InvoiceContext) -> list[Finding]:
    """RIDET_INVALIDE (format), FOURNISSEUR_INCONNU (warning: new supplier), FOURNISSEUR_RIDET_DIFFERENT."""
    inv = frames.invoices
    if inv.empty:
        return []
    has_ridet = present(inv, "ridet")
    valid = ridet_valid(inv["ridet"]) if "ridet" in inv else pd.Series(True, index=inv.index)
    flagged = np.flatnonzero((has_ridet & ~valid).to_numpy(dtype=bool)).tolist()
    findings: list[Finding] = []
    if flagged:  # (never without a RIDET column)
        sources, rows, values = (inv[c].to_numpy(dtype=object) for c in (SRC, ROW, "ridet"))
        findings = [make_finding("RIDET_INVALIDE", ctx.at(int(sources[i]), int(rows[i]), "ridet"),
                                 label=ctx.label(int(sources[i]), "ridet"), value=values[i]) for i in flagged]
    if ctx.directory is None:
        return findings
    match = directory_match(inv, ctx)
    named = present(inv, "supplier_name") | has_ridet
    unknown = named & ~match["known"]
    findings += ctx.emit(inv, unknown, "supplier_name", "FOURNISSEUR_INCONNU",
                         name=inv["supplier_name"], ridet=inv.get("ridet"))
    if "ridet" in inv:  # found by name, but the directory knows this supplier under another RIDET
        other = match["known"] & ~match["by_ridet"] & has_ridet & valid & match["ridet_differs"]
        findings += ctx.emit(inv, other, "ridet", "FOURNISSEUR_RIDET_DIFFERENT", value=inv["ridet"],
                             name=inv["supplier_name"], expected=match["dir_ridet"])
    return findings
