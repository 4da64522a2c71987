"""Register statuses, their French labels and the allowed transitions."""

from __future__ import annotations

from enum import StrEnum


class InvoiceStatus(StrEnum):
    """Supplier-invoice statuses (DOMAIN.md section 3). Values are the French labels users see."""

    RECEIVED = "Reçue"
    REGISTERED = "Enregistrée"
    SUSPENDED = "Suspendue"
    REJECTED = "Rejetée"
    SERVICE_DONE = "Service fait"
    LIQUIDATED = "Liquidée"
    ORDERED = "Mandatée"
    SENT_TO_ACCOUNTANT = "Transmise au comptable"
    PAID = "Payée"
    CANCELLED = "Annulée"


_I = InvoiceStatus
INVOICE_TRANSITIONS: dict[InvoiceStatus, frozenset[InvoiceStatus]] = {
    _I.RECEIVED: frozenset({_I.REGISTERED, _I.SUSPENDED, _I.REJECTED, _I.CANCELLED}),
    _I.REGISTERED: frozenset({_I.SERVICE_DONE, _I.SUSPENDED, _I.REJECTED, _I.CANCELLED}),
    _I.SUSPENDED: frozenset({_I.REGISTERED, _I.REJECTED, _I.CANCELLED}),
    _I.REJECTED: frozenset(),
    _I.SERVICE_DONE: frozenset({_I.LIQUIDATED, _I.SUSPENDED, _I.REJECTED}),
    _I.LIQUIDATED: frozenset({_I.ORDERED, _I.SUSPENDED}),
    _I.ORDERED: frozenset({_I.SENT_TO_ACCOUNTANT}),
    _I.SENT_TO_ACCOUNTANT: frozenset({_I.PAID, _I.SUSPENDED}),
    _I.PAID: frozenset(),
    _I.CANCELLED: frozenset(),
}


class RevenueStatus(StrEnum):
    """Issued-invoice (titre de recette) statuses."""

    DRAFT = "Brouillon"
    ISSUED = "Émise"
    PARTLY_COLLECTED = "Partiellement encaissée"
    COLLECTED = "Encaissée"
    CANCELLED = "Annulée par avoir"


class CommitmentStatus(StrEnum):
    """Commitment (engagement) statuses."""

    DRAFT = "Provisoire"
    VALIDATED = "Validé"
    SETTLED = "Soldé"
    CANCELLED = "Annulé"


class Section(StrEnum):
    """Budget sections."""

    OPERATING = "Fonctionnement"
    CAPITAL = "Investissement"


class Direction(StrEnum):
    """Whether a budget line is expenditure or revenue."""

    EXPENDITURE = "Dépense"
    REVENUE = "Recette"


class CaseStatus(StrEnum):
    """Administrative-file (dossier) statuses."""

    OPEN = "Ouvert"
    WAITING = "En attente"
    CLOSED = "Clos"
