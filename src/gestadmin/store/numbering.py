"""Gapless invoice numbering: one sequence per (fiscal year, series), allocated only when a draft is issued.

One store transaction takes the sequence row (SQLite: `BEGIN IMMEDIATE` from `make_engine` takes the
database write lock; PostgreSQL: `SELECT ... FOR UPDATE` on the sequence row), checks chronology and the
credit-note invariant, bumps the counter, records the issued invoice and journals it. Either all of it
commits or none of it does, so two agents issuing at once never share a number and a process killed
mid-transaction leaves no gap. Only SQLite is exercised by the tests here; the PostgreSQL path relies on
the standard row lock and `ON CONFLICT DO NOTHING` and is untested in this environment.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    JSON,
    Connection,
    Date,
    DateTime,
    Engine,
    Integer,
    String,
    UniqueConstraint,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from gestadmin.model.revenue import DocumentKind, format_number
from gestadmin.store.db import Base


class NumberSequence(Base):
    """The last number allocated in one (fiscal year, series), and the date it was issued on."""

    __tablename__ = "revenue_sequences"

    fiscal_year: Mapped[int] = mapped_column(Integer, primary_key=True)
    series: Mapped[str] = mapped_column(String(10), primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)
    last_issue_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


class IssuedRecord(Base):
    """One issued invoice or credit note: what was frozen at issue, and where it came from."""

    __tablename__ = "revenue_issued"
    __table_args__ = (
        UniqueConstraint("fiscal_year", "series", "sequence_number", name="uq_revenue_sequence"),
        UniqueConstraint("source", "draft_ref", name="uq_revenue_draft"),
    )

    invoice_number: Mapped[str] = mapped_column(String(40), primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    series: Mapped[str] = mapped_column(String(10))
    sequence_number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    draft_ref: Mapped[str] = mapped_column(String(60))
    source: Mapped[str] = mapped_column(String(300))
    issue_date: Mapped[dt.date] = mapped_column(Date)
    customer_name: Mapped[str] = mapped_column(String(300))
    original_invoice: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)
    net: Mapped[int] = mapped_column(Integer)
    tax: Mapped[int] = mapped_column(Integer)
    gross: Mapped[int] = mapped_column(Integer)
    seal: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    issued_by: Mapped[str] = mapped_column(String(100))
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class NumberingError(Exception):
    """An issue refused by the store (chronology, credit-note rule); `code` is a catalogue code."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params


@dataclass(frozen=True, slots=True)
class IssueRequest:
    """What the caller wants to freeze under a new number."""

    fiscal_year: int
    series: str
    draft_ref: str
    source: str
    issue_date: dt.date
    customer_name: str
    net: int
    tax: int
    gross: int
    seal_for: Callable[[str], tuple[str, dict[str, Any]]]  # number -> (seal, canonical payload)
    original_invoice: str | None = None
    user: str = "gestionnaire"


@dataclass(frozen=True, slots=True)
class IssueResult:
    """The number allocated (or found again when the same draft of the same source was already issued)."""

    invoice_number: str
    seal: str
    already_issued: bool


JournalHook = Callable[[Connection, str, dict[str, Any]], None]
Hook = Callable[[Connection], None]


def _insert(conn: Connection) -> Any:
    return postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert


def _lock_sequence(conn: Connection, year: int, series: str) -> tuple[int, dt.date | None]:
    """Create the sequence row if needed, then read it under the row lock (FOR UPDATE where supported)."""
    if conn.dialect.name in {"postgresql", "sqlite"}:
        stmt = _insert(conn)(NumberSequence).values(fiscal_year=year, series=series, last_number=0)
        conn.execute(stmt.on_conflict_do_nothing(index_elements=["fiscal_year", "series"]))
    elif conn.execute(select(NumberSequence.fiscal_year).filter_by(fiscal_year=year, series=series)).first() is None:
        conn.execute(insert(NumberSequence).values(fiscal_year=year, series=series, last_number=0))
    query = (
        select(NumberSequence.last_number, NumberSequence.last_issue_date)
        .filter_by(fiscal_year=year, series=series)
        .with_for_update()
    )
    last, last_date = conn.execute(query).one()
    return int(last), last_date


class NumberingStore:
    """Allocates numbers and records issued invoices in one transaction per issue."""

    def __init__(self, engine: Engine, width: int = 6, journal: JournalHook | None = None) -> None:
        self.engine = engine
        self.width = width
        self.journal = journal

    def issue(self, request: IssueRequest, before_commit: Hook | None = None) -> IssueResult:
        """Allocate the next number of the request's sequence and record the invoice, atomically.

        `before_commit` runs inside the transaction after every write (tests use it to kill the process).
        """
        with self.engine.begin() as conn:
            existing = self._find_draft(conn, request.source, request.draft_ref)
            if existing is not None:
                return IssueResult(existing.invoice_number, existing.seal, already_issued=True)
            last, last_date = _lock_sequence(conn, request.fiscal_year, request.series)
            if last_date is not None and request.issue_date < last_date:
                raise NumberingError(
                    "EMISSION_ANTIDATEE", date=request.issue_date, last=last_date, series=request.series
                )
            if request.original_invoice is not None:
                self._check_credit(conn, request)
            number = format_number(request.series, request.fiscal_year, last + 1, self.width)
            seal, payload = request.seal_for(number)
            conn.execute(
                update(NumberSequence)
                .filter_by(fiscal_year=request.fiscal_year, series=request.series)
                .values(last_number=last + 1, last_issue_date=request.issue_date)
            )
            conn.execute(insert(IssuedRecord).values(**self._row(request, number, last + 1, seal, payload)))
            if self.journal is not None:
                self.journal(conn, "recette.emission", {"numero": number, "brouillon": request.draft_ref,
                                                        "source": request.source, "ttc": request.gross,
                                                        "empreinte": seal})
            if before_commit is not None:
                before_commit(conn)
        return IssueResult(number, seal, already_issued=False)

    @staticmethod
    def _row(request: IssueRequest, number: str, sequence: int, seal: str, payload: dict[str, Any]) -> dict[str, Any]:
        kind = DocumentKind.CREDIT_NOTE if request.original_invoice else DocumentKind.INVOICE
        return {
            "invoice_number": number, "fiscal_year": request.fiscal_year, "series": request.series,
            "sequence_number": sequence, "kind": str(kind), "draft_ref": request.draft_ref,
            "source": request.source, "issue_date": request.issue_date, "customer_name": request.customer_name,
            "original_invoice": request.original_invoice, "net": request.net, "tax": request.tax,
            "gross": request.gross, "seal": seal, "payload": json.loads(json.dumps(payload, default=str)),
            "issued_by": request.user, "issued_at": dt.datetime.now(dt.UTC),
        }

    @staticmethod
    def _find_draft(conn: Connection, source: str, draft_ref: str) -> Any:
        query = select(IssuedRecord.invoice_number, IssuedRecord.seal).filter_by(source=source, draft_ref=draft_ref)
        return conn.execute(query).first()

    @staticmethod
    def _check_credit(conn: Connection, request: IssueRequest) -> None:
        """The original exists, is an invoice, and keeps TTC + credit notes >= 0 (checked under the lock)."""
        original = conn.execute(
            select(IssuedRecord.gross, IssuedRecord.kind).filter_by(invoice_number=request.original_invoice)
        ).first()
        if original is None or original.kind != DocumentKind.INVOICE:
            raise NumberingError("AVOIR_ORIGINE_INCONNUE", original=request.original_invoice)
        credited = conn.execute(
            select(func.coalesce(func.sum(IssuedRecord.gross), 0)).filter_by(original_invoice=request.original_invoice)
        ).scalar_one()
        if request.gross <= 0 or request.gross > original.gross - int(credited):
            raise NumberingError("AVOIR_DEPASSE", original=request.original_invoice, amount=request.gross,
                                 headroom=max(original.gross - int(credited), 0))

    def records(self) -> list[IssuedRecord]:
        """Every issued record, by series and sequence."""
        from sqlalchemy.orm import Session

        with Session(self.engine) as session:
            query = select(IssuedRecord).order_by(IssuedRecord.fiscal_year, IssuedRecord.series,
                                                  IssuedRecord.sequence_number)
            return list(session.scalars(query))

    def record(self, invoice_number: str) -> IssuedRecord | None:
        """The issued record of a number, if any."""
        from sqlalchemy.orm import Session

        with Session(self.engine) as session:
            return session.get(IssuedRecord, invoice_number)

    def credited(self, invoice_number: str) -> int:
        """Sum of the credit notes already issued on an invoice."""
        with self.engine.connect() as conn:
            query = select(func.coalesce(func.sum(IssuedRecord.gross), 0)).filter_by(original_invoice=invoice_number)
            return int(conn.execute(query).scalar_one())
