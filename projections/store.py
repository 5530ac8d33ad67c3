"""Where read models keep their rows: an SQL database beside the event store."""

from __future__ import annotations

import sqlite3
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from feedback.config import StoreURL

Row = sqlite3.Row


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
    def for_store(cls, store: StoreURL) -> ViewStore:
        """Return the view store that goes with an event store URL."""
        if store.scheme == "sqlite":
            path = Path(store.path)
            return cls(str(path.with_name(path.stem + ".views" + (path.suffix or ".sqlite"))))
        return cls.in_memory()

    @classmethod
    def in_memory(cls) -> ViewStore:
        """Return a fresh private in-memory view store (tests, time travel)."""
        return cls(f"file:views-{uuid.uuid4().hex}?mode=memory&cache=shared")

    @property
    def location(self) -> str:
        return self._target

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(
            self._target, uri=self._target.startswith("file:"), check_same_thread=False,
            isolation_level=None, timeout=30,
        )
        connection.row_factory = sqlite3.Row
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
    def transaction(self) -> Iterator[sqlite3.Cursor]:
        """Run statements in one transaction, committed at the end of the block."""
        with self._write_lock:
            cursor = self._connection.cursor()
            cursor.execute("BEGIN IMMEDIATE")
            try:
                yield cursor
            except BaseException:
                cursor.execute("ROLLBACK")
                raise
            cursor.execute("COMMIT")

    def query(self, statement: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """Return the rows of a read-only query."""
        with self._reading():
            return self._connection.execute(statement, params).fetchall()

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
