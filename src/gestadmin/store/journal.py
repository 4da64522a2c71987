"""The append-only audit journal: every status change, issue, commitment or export, chained by hash.

Each entry stores who (actor), what (action on entity/entity_id), before/after as canonical JSON, why (reason),
when (UTC), the previous entry's hash and its own hash = sha256(canonical serialisation including prev_hash and
its id). A one-row head table holds the last id and hash: appends lock it (SQLite: `BEGIN IMMEDIATE` from
`make_engine` already holds the write lock; PostgreSQL: `SELECT ... FOR UPDATE`), so concurrent writers
serialise and ids stay gapless. `verify()` replays the chain and names every altered, deleted or inserted entry.

A hash chain without a secret detects edits made with SQL by someone who does not recompute the hashes; an
attacker who rewrites the whole chain *and* the head is not detected (out of scope: it needs a key or an
external anchor).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Integer, String, Text, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from gestadmin.findings import Finding, Provenance
from gestadmin.messages import make_finding
from gestadmin.store.db import Base

GENESIS = "0" * 64
JOURNAL_SHEET = "Journal"


class JournalRow(Base):
    """One journal entry as stored (JSON kept as the exact text that was hashed)."""

    __tablename__ = "audit_journal"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    timestamp: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(100), index=True)
    entity: Mapped[str] = mapped_column(String(100), index=True)
    entity_id: Mapped[str] = mapped_column(String(300), index=True)
    before: Mapped[str] = mapped_column(Text)
    after: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class JournalHead(Base):
    """The single row locked by every append: last id and last hash (detects truncated tails)."""

    __tablename__ = "audit_journal_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_id: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default=GENESIS)


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One journal entry, decoded."""

    id: int
    timestamp: dt.datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str
    prev_hash: str
    hash: str


def canonical_json(value: dict[str, Any] | None) -> str:
    """Stable JSON text of a before/after mapping (sorted keys, no spaces; dates and Decimals as text)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def entry_hash(fields: dict[str, Any]) -> str:
    """sha256 of the canonical serialisation of an entry's stored fields (prev_hash included, hash excluded)."""
    payload = {k: fields[k] for k in _HASHED}
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_HASHED = ("id", "timestamp", "actor", "action", "entity", "entity_id", "before", "after", "reason", "prev_hash")


class Journal:
    """The audit journal of one database (tables created on first use)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        Base.metadata.create_all(engine, tables=[JournalRow.__table__, JournalHead.__table__])  # type: ignore[list-item]
        self._ensure_head()

    def append(
        self,
        *,
        actor: str,
        action: str,
        entity: str,
        entity_id: str,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        reason: str = "",
        connection: Connection | None = None,
    ) -> int:
        """Append one entry (inside the caller's transaction when `connection` is given); returns its id."""
        with self._transaction(connection) as conn:
            head = self._lock_head(conn)
            fields: dict[str, Any] = {
                "id": head.last_id + 1,
                "timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
                "actor": actor, "action": action, "entity": entity, "entity_id": str(entity_id),
                "before": canonical_json(before), "after": canonical_json(after),
                "reason": reason, "prev_hash": head.last_hash,
            }
            fields["hash"] = entry_hash(fields)
            conn.execute(insert(JournalRow).values(**fields))
            conn.execute(update(JournalHead).where(JournalHead.id == 1)
                         .values(last_id=fields["id"], last_hash=fields["hash"]))
            return int(fields["id"])

    def entries(self, entity: str | None = None, entity_id: str | None = None) -> list[JournalEntry]:
        """Entries in order, optionally only those of one entity (and one of its ids)."""
        query = select(JournalRow).order_by(JournalRow.id)
        if entity is not None:
            query = query.where(JournalRow.entity == entity)
        if entity_id is not None:
            query = query.where(JournalRow.entity_id == str(entity_id))
        with self.engine.connect() as conn:
            return [_decode(row) for row in conn.execute(query).mappings()]

    def verify(self) -> list[Finding]:
        """Replay the chain: empty when intact, else one finding per altered, deleted or inserted entry."""
        with self.engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(select(JournalRow).order_by(JournalRow.id)).mappings()]
            head = conn.execute(select(JournalHead).where(JournalHead.id == 1)).mappings().first()
        head_id = head["last_id"] if head is not None else max((r["id"] for r in rows), default=0)
        findings: list[Finding] = []
        expected_id, prev_hash = 1, GENESIS
        for row in (r for r in rows if r["id"] <= head_id):
            findings += _check_row(row, expected_id, prev_hash)
            expected_id, prev_hash = row["id"] + 1, row["hash"]
        findings += _check_head(head, expected_id - 1, prev_hash)
        findings += [make_finding("JOURNAL_INSERE", _where(r["id"]), id=r["id"]) for r in rows if r["id"] > head_id]
        return findings

    # --- internals -------------------------------------------------------------------------------

    @contextmanager
    def _transaction(self, connection: Connection | None) -> Iterator[Connection]:
        if connection is not None:
            yield connection
            return
        with self.engine.begin() as conn:
            yield conn

    def _lock_head(self, conn: Connection) -> Any:
        query = select(JournalHead.last_id, JournalHead.last_hash).where(JournalHead.id == 1)
        if conn.dialect.name != "sqlite":  # SQLite already holds the write lock (BEGIN IMMEDIATE)
            query = query.with_for_update()
        return conn.execute(query).one()

    def _ensure_head(self) -> None:
        with self.engine.begin() as conn:
            if conn.execute(select(JournalHead.id).where(JournalHead.id == 1)).first() is not None:
                return
            try:
                with conn.begin_nested():
                    conn.execute(insert(JournalHead).values(id=1, last_id=0, last_hash=GENESIS))
            except IntegrityError:  # another process created it first
                pass


def _decode(row: Any) -> JournalEntry:
    return JournalEntry(
        id=row["id"], timestamp=dt.datetime.fromisoformat(row["timestamp"]), actor=row["actor"],
        action=row["action"], entity=row["entity"], entity_id=row["entity_id"],
        before=json.loads(row["before"]), after=json.loads(row["after"]), reason=row["reason"],
        prev_hash=row["prev_hash"], hash=row["hash"],
    )


def _where(entry_id: int | None) -> Provenance:
    return Provenance(sheet=JOURNAL_SHEET, row=entry_id, field="écriture")


def _check_row(row: dict[str, Any], expected_id: int, prev_hash: str) -> list[Finding]:
    """Findings of one stored entry against the chain so far."""
    findings = [make_finding("JOURNAL_SUPPRIME", _where(i), id=i) for i in range(expected_id, row["id"])]
    if entry_hash(row) != row["hash"]:
        findings.append(make_finding("JOURNAL_ALTERE", _where(row["id"]), id=row["id"]))
    elif row["prev_hash"] != prev_hash and not findings:
        # Content matches its own hash but does not follow its predecessor: forged or re-hashed entry.
        findings.append(make_finding("JOURNAL_CHAINE_ROMPUE", _where(row["id"]), id=row["id"], prev=row["id"] - 1))
    return findings


def _check_head(head: Any, last_id: int, last_hash: str) -> list[Finding]:
    """Findings of the chain's tail against the head row (deleted or appended-by-hand entries)."""
    if head is None:
        return [make_finding("JOURNAL_TETE_ABSENTE", _where(None))] if last_id else []
    if head["last_id"] > last_id:
        return [make_finding("JOURNAL_SUPPRIME", _where(i), id=i) for i in range(last_id + 1, head["last_id"] + 1)]
    if head["last_hash"] != last_hash:
        return [make_finding("JOURNAL_CHAINE_ROMPUE", _where(last_id), id=last_id, prev=last_id - 1)]
    return []
