"""SQL tables kept beside the event log, in the same database (keys, credentials)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.sqlite import SQLiteFactory


class Cursor(Protocol):
    def execute(self, statement: str, params: Any = ...) -> Any: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> Any: ...


class SideTables:
    """Transactions on the tables that live beside the events.

    On SQLite they share the event store's file (and its connection pool); on
    the in-memory store they live in a private in-memory SQLite database, so
    the same SQL serves both.
    """

    def __init__(self, factory: InfrastructureFactory) -> None:
        self._memory: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._postgres = type(factory).__module__ == "eventsourcing.postgres"
        if isinstance(factory, SQLiteFactory) or self._postgres:
            self._datastore = factory.datastore  # type: ignore[attr-defined]
        else:
            self._datastore = None
            self._memory = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)

    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        """Run statements in one committed transaction."""
        if self._datastore is not None:
            with self._transaction(commit=True) as cursor:
                yield cursor
            return
        assert self._memory is not None
        with self._lock:
            cursor = self._memory.cursor()
            cursor.execute("BEGIN")
            try:
                yield cursor
            except BaseException:
                cursor.execute("ROLLBACK")
                raise
            cursor.execute("COMMIT")

    @contextmanager
    def reading(self) -> Iterator[Cursor]:
        """Run read-only statements (no commit)."""
        if self._datastore is not None:
            with self._transaction(commit=False) as cursor:
                yield cursor
            return
        assert self._memory is not None
        with self._lock:
            yield self._memory.cursor()

    @contextmanager
    def _transaction(self, *, commit: bool) -> Iterator[Cursor]:
        if self._postgres:
            from feedback.pg import pg_transaction

            with pg_transaction(self._datastore, commit=commit) as cursor:
                yield cursor
            return
        with self._datastore.transaction(commit=commit) as cursor:
            yield cursor

    def overwrite_deleted(self, cursor: Cursor) -> None:
        """Have the database zero what this transaction deletes (SQLite keeps free pages otherwise)."""
        if not self._postgres:
            cursor.execute("PRAGMA secure_delete = ON")

    def scrub(self) -> None:
        """Push deleted bytes out of the WAL (SQLite) or the heap (PostgreSQL)."""
        if self._postgres:
            with self._datastore.get_connection() as conn:
                conn.execute("VACUUM content_keys")
            return
        if self._datastore is not None:
            with self._datastore.get_connection(commit=True) as conn:
                conn.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def create(self, *statements: str) -> None:
        """Create tables (idempotent statements; BLOB means bytea on PostgreSQL)."""
        with self.transaction() as cursor:
            for statement in statements:
                cursor.execute(statement.replace(" BLOB", " BYTEA") if self._postgres else statement)
