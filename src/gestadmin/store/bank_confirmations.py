"""Out-of-band confirmations of bank-detail changes (anti-fraud call-back), journaled.

A supplier's invoice whose RIB differs from the directory stays blocked until someone records here who
confirmed the new account, when, and how (phone call-back to a known number, letter...). The record and
its journal entry are written in one transaction: no confirmation without its audit trail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Date, Engine, Integer, String, Text, UniqueConstraint, insert, select
from sqlalchemy.orm import Mapped, mapped_column

from gestadmin.store.db import Base
from gestadmin.store.journal import Journal

ENTITY = "rib_fournisseur"


class BankConfirmationRow(Base):
    """One confirmed (supplier, bank account) pair."""

    __tablename__ = "bank_confirmations"
    __table_args__ = (UniqueConstraint("party_key", "bank_key", name="uq_bank_confirmation"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    party_key: Mapped[str] = mapped_column(String(300), index=True)
    party_name: Mapped[str] = mapped_column(String(300))
    bank_key: Mapped[str] = mapped_column(String(60))
    bank_account: Mapped[str] = mapped_column(String(80))
    confirmed_by: Mapped[str] = mapped_column(String(200))
    confirmed_on: Mapped[dt.date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(200))
    journal_id: Mapped[int] = mapped_column(Integer)


@dataclass(frozen=True, slots=True)
class BankConfirmation:
    """A confirmation as the checklist needs it."""

    party_key: str
    party_name: str
    bank_key: str
    bank_account: str
    confirmed_by: str
    confirmed_on: dt.date
    method: str
    journal_id: int


class BankConfirmations:
    """The confirmations of one database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.journal = Journal(engine)
        Base.metadata.create_all(engine, tables=[BankConfirmationRow.__table__])  # type: ignore[list-item]

    def record(self, confirmation: BankConfirmation, recorded_by: str) -> int:
        """Store a confirmation (or return the existing one's journal id) and journal it; returns the entry id."""
        existing = self._find(confirmation.party_key, confirmation.bank_key)
        if existing is not None:
            return existing.journal_id
        with self.engine.begin() as conn:
            entry = self.journal.append(
                actor=recorded_by, action="confirmation_rib", entity=ENTITY, entity_id=confirmation.party_key,
                before=None,
                after={"fournisseur": confirmation.party_name, "rib": confirmation.bank_account,
                       "confirme_par": confirmation.confirmed_by, "le": confirmation.confirmed_on.isoformat(),
                       "moyen": confirmation.method},
                reason=f"Changement de RIB confirmé hors bande ({confirmation.method})", connection=conn,
            )
            conn.execute(insert(BankConfirmationRow).values(
                party_key=confirmation.party_key, party_name=confirmation.party_name,
                bank_key=confirmation.bank_key, bank_account=confirmation.bank_account,
                confirmed_by=confirmation.confirmed_by, confirmed_on=confirmation.confirmed_on,
                method=confirmation.method, recorded_by=recorded_by, journal_id=entry,
            ))
        return entry

    def all(self) -> list[BankConfirmation]:
        """Every confirmation, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(BankConfirmationRow).order_by(BankConfirmationRow.id)).mappings().all()
        return [_decode(r) for r in rows]

    def _find(self, party_key: str, bank_key: str) -> BankConfirmation | None:
        query = select(BankConfirmationRow).where(BankConfirmationRow.party_key == party_key,
                                                  BankConfirmationRow.bank_key == bank_key)
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        return None if row is None else _decode(row)


def _decode(row: object) -> BankConfirmation:
    r = dict(row)  # type: ignore[call-overload]
    return BankConfirmation(r["party_key"], r["party_name"], r["bank_key"], r["bank_account"], r["confirmed_by"],
                            r["confirmed_on"], r["method"], r["journal_id"])
