"""SQL tables kept beside the event log, in the same database (seal, keys, credentials)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from feedback.config import DEFAULT_SCHEMA
from feedback.errors import ConfigError
from feedback.persistence import migrations
from feedback.persistence.migrations import SIDE_TABLES, Migration
from feedback.seal import CHAIN_TABLE
from feedback.persistence.sql import POSTGRES, SQLITE, Cursor, move_tables, pg_transaction, sqlite_transaction, table_in

__all__ = ["Cursor", "SideTables", "events_table_of"]


def events_table_of(app_name: str) -> str:
    """Return the table PostgreSQL's factory keeps an application's events in (``{name}_events``)."""
    return f"{app_name.lower() or 'stored'}_events"


class SideTables:
    """Transactions on the tables that live beside the events; opening them applies pending migrations.

    They share the event store's datastore (SQLite's file and connection pool,
    or PostgreSQL's database, schema and pool); without one (the in-memory store)
    they live in a private in-memory SQLite database, so the same SQL serves
    both. The application opens them while it builds its transcoder, under
    ``schema_lock``: before the library creates its own tables; the sealed
    recorders open them again when they create theirs.

    On PostgreSQL, ``events_table`` names the events' table: when the store's
    schema holds it but our tables are still in ``public``, where code before
    issue 15 created them, they are moved to the schema first.
    """

    def __init__(self, datastore: Any = None, events_table: str = "") -> None:
        self._memory: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._datastore = datastore
        self._postgres = type(datastore).__module__ == "eventsourcing.postgres"
        self.dialect = POSTGRES if self._postgres else SQLITE
        self.schema = datastore.schema if self._postgres else ""
        if datastore is None:
            self._memory = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        self.adopted = self._settle_schema(events_table) if self._postgres else []
        self.migrations_applied = self.migrate()

    def _settle_schema(self, events_table: str) -> list[str]:
        """Check that our tables land in the store's schema; move there those left in ``public``; return them."""
        if self.schema == DEFAULT_SCHEMA:
            return []
        with self.locked() as cursor:
            cursor.execute("SELECT current_schema()")
            if cursor.fetchone()[0] != self.schema:
                raise ConfigError(
                    f"the PostgreSQL schema {self.schema!r} named by POSTGRES_SCHEMA does not exist, or the "
                    f"connections do not search it (a pooler dropping their 'options'?): create it "
                    f"(CREATE SCHEMA {self.schema}) or unset POSTGRES_SCHEMA"
                )
            if not self._left_in_public(cursor, events_table):
                return []
            return move_tables(cursor, SIDE_TABLES, DEFAULT_SCHEMA, self.schema)

    def _left_in_public(self, cursor: Cursor, events_table: str) -> bool:
        """Say whether our tables for this schema's events are in ``public`` (made before issue 15)."""
        ours_here = table_in(cursor, self.schema, migrations.MIGRATIONS_TABLE)
        ours_there = any(table_in(cursor, DEFAULT_SCHEMA, t) for t in (migrations.MIGRATIONS_TABLE, CHAIN_TABLE))
        events_here = bool(events_table) and table_in(cursor, self.schema, events_table)
        events_there = bool(events_table) and table_in(cursor, DEFAULT_SCHEMA, events_table)
        return not ours_here and ours_there and events_here and not events_there

    def migrate(self, app: object | None = None) -> list[Migration]:
        """Apply the pending migrations in order, each in its own transaction; return those applied.

        A migration that records events runs through ``app``, the application once
        it is built (under the schema lock); until then it waits, and so do the ones after it.
        """
        with self.locked() as cursor:
            migrations.create_migrations_table(cursor)
        applied: list[Migration] = []
        while True:
            with self.locked() as cursor:
                todo = migrations.pending(migrations.applied_versions(cursor))
                if not todo or (todo[0].events and app is None):
                    return applied
                if not todo[0].events:
                    migrations.apply(cursor, self.dialect, todo[0])
            if todo[0].events:
                getattr(app, todo[0].events)()
                with self.locked() as cursor:
                    if todo[0].version not in migrations.applied_versions(cursor):
                        migrations.record(cursor, todo[0])
            applied.append(todo[0])

    def migrate_with(self, app: object) -> list[Migration]:
        """Apply the rest of the pending migrations, those that record events through ``app``; record them."""
        done = self.migrate(app)
        self.migrations_applied += done
        return done

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
                conn.execute("VACUUM content_keys")  # the connection's search path finds the store's schema
            return
        if self._datastore is not None:
            with self._datastore.get_connection(commit=True) as conn:
                conn.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
