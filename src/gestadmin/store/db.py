"""Engine and schema creation. SQLite by default (WAL, busy timeout); any SQLAlchemy URL works."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import DeclarativeBase, sessionmaker


class Base(DeclarativeBase):
    """Declarative base of every gestadmin table."""


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Engine for a database URL; SQLite gets WAL mode, a 30 s busy timeout and foreign keys."""
    if url.startswith("sqlite"):
        connect_args = kwargs.pop("connect_args", {})
        connect_args.setdefault("timeout", 30)
        engine = create_engine(url, connect_args=connect_args, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            # Python's sqlite3 opens transactions lazily; we issue BEGIN ourselves (see begin_immediate).
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Any) -> None:
            # BEGIN IMMEDIATE takes the write lock at once: two writers serialise instead of deadlocking.
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, **kwargs)


def init_db(engine: Engine) -> None:
    """Create every table that does not exist yet (import the table modules first)."""
    from gestadmin.store import tables  # noqa: F401  (registers the tables on Base.metadata)

    Base.metadata.create_all(engine)


def session_factory(engine: Engine) -> sessionmaker[Any]:
    """Session factory bound to an engine (expire_on_commit off: results stay readable)."""
    return sessionmaker(engine, expire_on_commit=False)
