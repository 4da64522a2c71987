"""Cache of parsed registers keyed by the file's content hash: an unchanged file is not re-read.

The payload is produced and consumed by gestadmin itself (pickled typed frames and findings) and the store
is local to the service; the key includes a format version so that a reader change invalidates old entries.
"""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Iterator
from typing import Any

from sqlalchemy import DateTime, Engine, LargeBinary, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from gestadmin.store.db import Base

CACHE_FORMAT = "3"  # 2: frames carry the rows' identity (key, uint64 fingerprint); 3: the key is a uint64 hash


class CachedFile(Base):
    """One parsed file."""

    __tablename__ = "file_cache"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    label: Mapped[str] = mapped_column(String(500))
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    stored_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


def _loads(payload: bytes) -> Any | None:
    """A stored payload, or None when it cannot be loaded here (written by another installation, e.g. with a
    library this one lacks): the file is then read again and the entry replaced, never a crash."""
    try:
        return pickle.loads(payload)  # noqa: S301 (own data, local store)
    except Exception:  # noqa: BLE001 - any unpickling failure is a cache miss
        return None


class FileCache:
    """Get/put parsed payloads by content hash (+ a variant such as the register kind)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        Base.metadata.create_all(engine, tables=[CachedFile.__table__])  # type: ignore[list-item]

    @staticmethod
    def key(content_hash: str, variant: str = "") -> str:
        """Cache key of a content hash for a reader variant."""
        return f"{CACHE_FORMAT}:{variant}:{content_hash}"

    def get(self, content_hash: str, variant: str = "") -> Any | None:
        """The cached payload, or None."""
        with Session(self.engine) as session:
            row = session.get(CachedFile, self.key(content_hash, variant))
            return _loads(row.payload) if row is not None else None

    def get_many(self, content_hashes: list[str], variant: str = "") -> dict[str, Any]:
        """The cached payloads of several files in one query: content hash -> payload (missing ones absent)."""
        found: dict[str, Any] = {}
        for content_hash, payload in self._entries(content_hashes, variant, with_payload=True):
            value = _loads(payload)
            if value is not None:
                found[content_hash] = value
        return found

    def present(self, content_hashes: list[str], variant: str = "") -> set[str]:
        """Which of these content hashes have an entry (payloads not loaded)."""
        return {content_hash for content_hash, _ in self._entries(content_hashes, variant, with_payload=False)}

    def _entries(self, content_hashes: list[str], variant: str, with_payload: bool) -> Iterator[tuple[str, bytes]]:
        """(content hash, payload or b"") of the entries present, queried in bounded IN lists (database
        parameter limits)."""
        keys = {self.key(h, variant): h for h in content_hashes}
        wanted = list(keys)
        columns = (CachedFile.key, CachedFile.payload) if with_payload else (CachedFile.key,)
        with Session(self.engine) as session:
            for start in range(0, len(wanted), 500):
                query = select(*columns).where(CachedFile.key.in_(wanted[start:start + 500]))
                for row in session.execute(query):
                    yield keys[row[0]], row[1] if with_payload else b""

    def put(self, content_hash: str, payload: Any, label: str = "", variant: str = "") -> None:
        """Store (or replace) a payload."""
        data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
        with Session(self.engine) as session, session.begin():
            session.merge(
                CachedFile(
                    key=self.key(content_hash, variant), content_hash=content_hash, label=label[:500],
                    payload=data, stored_at=dt.datetime.now(dt.UTC),
                )
            )

    def hashes(self) -> set[str]:
        """Content hashes present in the cache."""
        with Session(self.engine) as session:
            return set(session.scalars(select(CachedFile.content_hash)))

    def clear(self) -> None:
        """Empty the cache."""
        with Session(self.engine) as session, session.begin():
            session.execute(delete(CachedFile))
