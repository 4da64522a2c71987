"""Letter contexts: register rows (field -> value) turned into the French placeholders of the templates.

Pure functions: amounts are formatted with money.format_xpf (`1 234 567 F CFP`), dates in letters with
dates.format_date_long (`24 septembre 2026`). Rows come from reader frames, so values may be pandas
Timestamps, NaT or NA: `plain` turns them into Python values first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import pandas as pd

from gestadmin.dates import format_date_long
from gestadmin.money import amount_in_words, format_rate, format_xpf, invoice_totals
from gestadmin.settings import Issuer

Row = Mapping[str, Any]
Context = dict[str, Any]


def plain(value: Any) -> Any:
    """NA/NaT -> None, Timestamp -> date, numpy scalars -> Python scalars, text stripped."""
    if value is None or (not isinstance(value, (str, list, tuple, dict)) and pd.isna(value)):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        return value.strip() or None
    return value.item() if hasattr(value, "item") else value


def long_date(value: Any) -> str:
    """`24 septembre 2026`, or an empty string for a missing date."""
    day = plain(value)
    return format_date_long(day) if isinstance(day, dt.date) else ""


def xpf(value: Any) -> str:
    """`1 234 567 F CFP`, or an empty string for a missing amount."""
    amount = plain(value)
    return format_xpf(int(amount)) if amount is not None else ""


def text(value: Any) -> str:
    """Text of a cell, empty when missing."""
    cleaned = plain(value)
    return "" if cleaned is None else str(cleaned)


def issuer_context(issuer: Issuer) -> Context:
    """Letterhead fields (`emetteur.*`), from settings so that a change needs no template regeneration."""
    return {"organisation": issuer.organisation, "nom": issuer.name, "adresse": issuer.address,
            "code_postal": issuer.postcode, "ville": issuer.city, "telephone": issuer.phone,
            "courriel": issuer.email, "ridet": issuer.ridet, "signataire": issuer.signatory,
            "banque": issuer.bank_name, "rib": issuer.rib, "iban": issuer.iban, "bic": issuer.bic}


def base_context(issuer: Issuer, today: dt.date, reference: str) -> Context:
    """Fields every template uses: letterhead, place and date of the letter, our reference."""
    return {"emetteur": issuer_context(issuer), "lieu": issuer.city, "date_courrier": format_date_long(today),
            "reference": reference}


def party_context(name: Any, party: Row | None) -> Context:
    """Addressee block (`fournisseur.*` or `client.*`) from the register row and the directory row, if any."""
    party = party or {}
    return {"nom": text(name) or text(party.get("name")), "ridet": text(party.get("ridet")),
            "adresse": text(party.get("address")), "code_postal": text(party.get("postcode")),
            "ville": text(party.get("city"))}


def supplier_invoice_context(row: Row) -> Context:
    """`facture.*` of a supplier invoice row."""
    return {"numero": text(row.get("invoice_number")), "date": long_date(row.get("invoice_date")),
            "reception": long_date(row.get("received_date")), "objet": text(row.get("subject")),
            "montant_ttc": xpf(row.get("gross_amount")), "enregistrement": text(row.get("registration_number"))}


def supplier_letter(row: Row, party: Row | None, reasons: Sequence[str], list_name: str) -> Context:
    """Supplier reminder (`anomalies`) or rejection (`motifs`): the invoice, its supplier and the reasons."""
    return {"fournisseur": party_context(row.get("supplier_name"), party), "facture": supplier_invoice_context(row),
            list_name: list(reasons)}


def revenue_lines(lines: Iterable[Row]) -> tuple[list[Context], int, int, int]:
    """Invoice lines as placeholders, and (HT, TGC, TTC) computed per rate, half up (DOMAIN rule)."""
    rows, amounts = [], []
    for line in lines:
        quantity, price = plain(line.get("quantity")) or 0, plain(line.get("unit_price")) or 0
        rate = Decimal(str(plain(line.get("tax_rate")) or 0))
        net = Decimal(str(quantity)) * Decimal(str(price))
        amounts.append((net, rate))
        rows.append({"designation": text(line.get("designation")), "quantite": f"{quantity:g}".replace(".", ","),
                     "prix_unitaire": xpf(price), "taux": format_rate(rate), "montant_ht": xpf(net)})
    net_total, tax_total, gross_total = invoice_totals(amounts)
    return rows, net_total, tax_total, gross_total


def revenue_invoice_context(row: Row, gross: int, due: dt.date | None) -> Context:
    """`facture.*` of an issued revenue invoice."""
    return {"numero": text(row.get("invoice_number")), "date": long_date(row.get("issue_date")),
            "objet": text(row.get("subject")), "montant_ttc": xpf(gross), "echeance": long_date(due),
            "montant_lettres": amount_in_words(gross)}


def payment_notice(row: Row, party: Row | None, lines: Iterable[Row], due: dt.date | None) -> Context:
    """Avis des sommes à payer: invoice, customer, detail lines and totals."""
    items, net, tax, gross = revenue_lines(lines)
    invoice = revenue_invoice_context(row, gross, due)
    invoice.update(montant_ht=xpf(net), tgc=xpf(tax))
    return {"client": party_context(row.get("customer_name"), party), "facture": invoice, "lignes": items}


def revenue_reminder(row: Row, party: Row | None, gross: int, outstanding: int, due: dt.date,
                     today: dt.date) -> Context:
    """Reminder of an overdue revenue invoice: what is left to pay and how late it is."""
    invoice = revenue_invoice_context(row, gross, due)
    invoice.update(reste_a_payer=xpf(outstanding), jours_retard=(today - due).days)
    return {"client": party_context(row.get("customer_name"), party), "facture": invoice}


def milestone_context(milestone: Row) -> Context:
    """One project milestone (`jalon.*` / `action.*`)."""
    done = plain(milestone.get("done_on"))
    return {"libelle": text(milestone.get("milestone")), "responsable": text(milestone.get("owner")) or "à désigner",
            "echeance": long_date(milestone.get("due_date")),
            "etat": f"réalisé le {long_date(done)}" if done else "à faire"}


def case_context(row: Row) -> Context:
    """`dossier.*` of an administrative file."""
    return {"numero": text(row.get("case_number")), "objet": text(row.get("subject")),
            "responsable": text(row.get("owner")) or "responsable à désigner",
            "partenaires": text(row.get("partners")) or "aucun", "statut": text(row.get("status")),
            "ouverture": long_date(row.get("opened_on")), "echeance": long_date(row.get("next_deadline")) or "—",
            "prochaine_action": text(row.get("next_action")) or "à définir"}


def memo(row: Row, milestones: Sequence[Row]) -> Context:
    """Note about a file: its state, next action and milestones."""
    return {"dossier": case_context(row), "jalons": [milestone_context(m) for m in milestones]}


def minutes(row: Row, milestones: Sequence[Row], today: dt.date) -> Context:
    """Compte rendu: attendees (owner + partners), decisions (milestones done), actions (milestones open)."""
    people = [text(row.get("owner"))] + [p.strip() for p in text(row.get("partners")).replace(";", ",").split(",")]
    done = [m for m in milestones if plain(m.get("done_on"))]
    open_ = [m for m in milestones if not plain(m.get("done_on"))]
    return {"dossier": case_context(row), "reunion": {"date": format_date_long(today)},
            "participants": [p for p in people if p],
            "decisions": [f"{text(m.get('milestone'))} (réalisé le {long_date(m.get('done_on'))})" for m in done],
            "actions": [milestone_context(m) for m in open_]}
