"""SQL tables kept beside the event log, in the same database (seal, keys, credentials)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.sqlite import SQLiteFactory

from feedback.persistence import migrations
from feedback.persistence.migrations import Migration
from feedback.persistence.sql import POSTGRES, SQLITE, Cursor, pg_transaction, sqlite_transaction

__all__ = ["Cursor", "SideTables"]


class SideTables:
    """Transactions on the tables that live beside the events; opening them applies pending migrations.

    On SQLite they share the event store's file (and its connection pool); on
    the in-memory store they live in a private in-memory SQLite database, so
    the same SQL serves both. The application opens them while it builds its
    transcoder, under ``schema_lock``: before the library creates its own tables.
    """

    def __init__(self, factory: InfrastructureFactory) -> None:
        self._memory: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._postgres = type(factory).__module__ == "eventsourcing.postgres"
        self.dialect = POSTGRES if self._postgres else SQLITE
        if isinstance(factory, SQLiteFactory) or self._postgres:
            self._datastore = factory.datastore  # type: ignore[attr-defined]
        else:
            self._datastore = None
            self._memory = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        self.migrations_applied = self.migrate()

    def migrate(self) -> list[Migration]:
        """Apply the pending migrations, each in its own transaction; return those applied."""
        with self.locked() as cursor:
            migrations.create_migrations_table(cursor)
        applied: list[Migration] = []
        while True:
            with self.locked() as cursor:
                todo = [m for m in migrations.pending(migrations.applied_versions(cursor)) if m.apply]
                if not todo:
                    return applied
                migrations.apply(cursor, self.dialect, todo[0])
            applied.append(todo[0])

    def migrate_events(self, app: object) -> list[Migration]:
        """Run the pending migrations that record events, through ``app`` (under the schema lock); record each."""
        with self.reading() as cursor:
            todo = [m for m in migrations.pending(migrations.applied_versions(cursor)) if m.events]
        for migration in todo:
            getattr(app, migration.events)()
            with self.locked() as cursor:
                if migration.version not in migrations.applied_versions(cursor):
                    migrations.record(cursor, migration)
        self.migrations_applied += todo
        return todo

    def schema_version(self) -> int:
        """Return the newest migration recorded in the store (0 for none)."""
        with self.reading() as cursor:
            return max(migrations.applied_versions(cursor), default=0)

    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        """Run statements in one committed transaction."""
        if self._datastore is None:
            with self.locked() as cursor:
                yield cursor
            return
        with self._transaction(commit=True) as cursor:
            yield cursor

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
    def locked(self) -> Iterator[Cursor]:
        """Run statements in one transaction that holds the write lock from its start (SQLite).

        On PostgreSQL the callers that need it (migrations) hold ``schema_lock``.
        """
        if self._postgres:
            with self._transaction(commit=True) as cursor:
                yield cursor
        elif self._datastore is not None:
            with self._datastore.get_connection(commit=True) as conn, conn.cursor() as cursor:
                with sqlite_transaction(cursor) as locked:
                    yield locked
        else:
            assert self._memory is not None
            with self._lock, sqlite_transaction(self._memory.cursor()) as cursor:
                yield cursor

    @contextmanager
    def _transaction(self, *, commit: bool) -> Iterator[Cursor]:
        if self._postgres:
            with pg_transaction(self._datastore.get_connection(), commit=commit) as cursor:
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
