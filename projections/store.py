"""Where read models keep their rows: an SQL database beside the event store."""

from __future__ import annotations

import sqlite3
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from feedback.config import DEFAULT_SCHEMA, StoreURL, keep_private
from feedback.persistence.migrations import MIGRATIONS_TABLE
from feedback.persistence.sql import Cursor, move_tables, pg_transaction, sqlite_transaction, table_in, to_pyformat

REBUILD_CACHE_KIB = 65_536  # a rebuilding process's page cache: fixed, whatever the log's length


class ViewStore:
    """An SQLite database for the read models, one connection per thread.

    The embedded store keeps its views in a file beside the event store
    (``feedback.sqlite`` -> ``feedback.views.sqlite``), so rebuilding them never
    holds the event store's write lock; the in-memory store keeps them in a
    shared in-memory database.
    """

    def __init__(self, target: str) -> None:
        self._target = target
        self._local = threading.local()
        self._write_lock = threading.RLock()
        # An in-memory database has table locks, not WAL: one connection, one lock.
        self._shared = self._connect() if "mode=memory" in target else None

    @classmethod
    def for_store(cls, store: StoreURL) -> Any:
        """Return the view store that goes with an event store URL."""
        if store.scheme == "postgresql":
            return PostgresViewStore(store)
        if store.scheme == "sqlite":
            path = Path(store.path)
            views = path.with_name(path.stem + ".views" + (path.suffix or ".sqlite"))
            keep_private(views)
            return cls(str(views))
        return cls.in_memory()

    @classmethod
    def in_memory(cls) -> ViewStore:
        """Return a fresh private in-memory view store (tests, time travel)."""
        return cls(f"file:views-{uuid.uuid4().hex}?mode=memory&cache=shared")

    @property
    def location(self) -> str:
        return self._target

    @property
    def shared_across_processes(self) -> bool:
        """True when another process can open the same views (a file; not an in-memory database)."""
        return self._shared is None

    def __reduce__(self) -> tuple[Any, ...]:
        # Sent to another process, a view store opens the same database there.
        return (ViewStore, (self._target,))

    def close(self) -> None:
        """Close this thread's connection to a views file (an in-memory database lives while it is used)."""
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            del self._local.connection

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(
            self._target, uri=self._target.startswith("file:"), check_same_thread=False,
            isolation_level=None, timeout=30,
        )
        connection.row_factory = sqlite3.Row
        # Erased words must not linger in free pages: zero what is deleted or overwritten.
        connection.execute("PRAGMA secure_delete = ON")
        if "mode=memory" not in self._target:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
        return connection

    @property
    def _connection(self) -> sqlite3.Connection:
        if self._shared is not None:
            return self._shared
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = self._connect()
        return connection

    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        """Run statements in one transaction, committed at the end of the block."""
        with self._write_lock, sqlite_transaction(self._connection.cursor()) as cursor:
            yield cursor

    @contextmanager
    def rebuilding(self) -> Iterator[None]:
        """Write without waiting for the disk at each batch, then make everything durable at once.

        For rebuilds only: the views are derived from the log. A crash of the
        process loses nothing (SQLite's journal still holds); a power cut in the
        middle of a rebuild can leave the views file unreadable, and the remedy is
        to delete it and rebuild. When the block ends, every page is synced.
        """
        if self._shared is not None:
            yield
            return
        self._connection.execute("PRAGMA synchronous=OFF")
        self._connection.execute(f"PRAGMA cache_size=-{REBUILD_CACHE_KIB}")  # the tables outgrow the default 2 MiB
        try:
            yield
        finally:
            self._connection.execute("PRAGMA cache_size=-2000")
            self._connection.execute("PRAGMA synchronous=NORMAL")
            with self._write_lock:
                self._connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def query(self, statement: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Return the rows of a read-only query, as dicts."""
        with self._reading():
            return [dict(row) for row in self._connection.execute(statement, params).fetchall()]

    def scrub(self) -> None:
        """Push overwritten rows out of the WAL, so erased words leave the files too."""
        if self._shared is None:
            with self._write_lock:
                self._connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def scalar(self, statement: str, params: Sequence[Any] = ()) -> Any:
        with self._reading():
            row = self._connection.execute(statement, params).fetchone()
        return None if row is None else row[0]

    @contextmanager
    def _reading(self) -> Iterator[None]:
        if self._shared is None:
            yield  # WAL: readers never wait for the writer
            return
        with self._write_lock:
            yield


class PostgresViewStore:
    """The read models in the event store's PostgreSQL database and schema (tables prefixed per projection).

    Its connections search the store's schema (``StoreURL.conninfo``), as the event store's do.
    """

    def __init__(self, store: StoreURL, max_size: int = 4) -> None:
        from psycopg_pool import ConnectionPool

        self._pool = ConnectionPool(store.conninfo(), min_size=1, max_size=max_size, open=True)
        self._store = store
        self._rebuilding = False
        self.location = f"postgresql://{store.host}:{store.port}/{store.dbname}"

    shared_across_processes = True

    def __reduce__(self) -> tuple[Any, ...]:
        # Sent to another process, a view store opens its own pool on the same database there.
        return (PostgresViewStore, (self._store,))

    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        with pg_transaction(self._pool.connection()) as cursor:
            if self._rebuilding:  # losing the last batches to a crash is safe (they are redone); corruption is not
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
            yield cursor

    @contextmanager
    def rebuilding(self) -> Iterator[None]:
        """Commit a rebuild's batches without waiting for the disk (PostgreSQL stays consistent)."""
        self._rebuilding = True
        try:
            yield
        finally:
            self._rebuilding = False

    def query(self, statement: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        from psycopg.rows import dict_row

        with self._pool.connection() as conn:
            return conn.cursor(row_factory=dict_row).execute(to_pyformat(statement), tuple(params)).fetchall()

    def scalar(self, statement: str, params: Sequence[Any] = ()) -> Any:
        rows = self.query(statement, params)
        return next(iter(rows[0].values())) if rows else None

    def scrub(self) -> None:
        """Let PostgreSQL reclaim the space of overwritten rows (erased words)."""
        with self._pool.connection() as conn:
            conn.autocommit = True
            conn.execute("VACUUM pb_items")
            conn.execute("VACUUM wq_words")

    def adopt_left_in_public(self, tables: Sequence[str]) -> list[str]:
        """Move into the store's schema the read models' ``tables`` that code before issue 15 left in ``public``.

        Only once the store's own tables have moved there (``feedback.tables.SideTables``):
        while ``public`` holds a store of ours, the read models there are that store's.
        """
        schema = self._store.schema
        if schema == DEFAULT_SCHEMA:
            return []
        with self.transaction() as c:
            if table_in(c, schema, tables[0]) or not table_in(c, DEFAULT_SCHEMA, tables[0]):
                return []
            if table_in(c, DEFAULT_SCHEMA, MIGRATIONS_TABLE) or not table_in(c, schema, MIGRATIONS_TABLE):
                return []
            return move_tables(c, tables, DEFAULT_SCHEMA, schema)

    def close(self) -> None:
        self._pool.close()
