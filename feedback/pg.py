"""PostgreSQL: the sealed recorder and SQL beside the events (needs the ``postgres`` extra)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from psycopg import Cursor
from psycopg.rows import tuple_row
from psycopg.sql import SQL

from feedback.recorders import ChainRow, PendingKeys, digests
from feedback.seal import CHAIN_TABLE, GENESIS, chain

_QMARK = re.compile(r"\?")


def to_pyformat(statement: str) -> str:
    """Turn the ``?`` placeholders our SQL is written with into psycopg's ``%s``."""
    return _QMARK.sub("%s", statement.replace("%", "%%"))


class PgCursor:
    """A cursor that takes ``?`` placeholders and returns tuples, like sqlite3's."""

    def __init__(self, cursor: Cursor[Any]) -> None:
        self._cursor = cursor

    def execute(self, statement: str, params: Sequence[Any] = ()) -> PgCursor:
        self._cursor.execute(to_pyformat(statement), tuple(params))
        return self

    def executemany(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self._cursor.executemany(to_pyformat(statement), [tuple(r) for r in rows])

    def fetchone(self) -> Any:
        return self._cursor.fetchone()

    def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount


@contextmanager
def pg_transaction(datastore: PostgresDatastore, *, commit: bool) -> Iterator[PgCursor]:
    """A transaction on the event store's pool, with a ``?``-style tuple cursor."""
    with datastore.get_connection() as conn, conn.transaction(force_rollback=not commit):
        yield PgCursor(conn.cursor(row_factory=tuple_row))


CREATE_SIDE_TABLES = (
    f"CREATE TABLE IF NOT EXISTS {CHAIN_TABLE} (position bigint PRIMARY KEY, digest bytea NOT NULL, "
    "link bytea NOT NULL)",
    "CREATE TABLE IF NOT EXISTS content_keys (owner text PRIMARY KEY, wrapped bytea NOT NULL)",
)


class SealedPostgresApplicationRecorder(PostgresApplicationRecorder):
    """The PostgreSQL recorder, plus the audit chain and new content keys in the same transaction."""

    keys: PendingKeys | None = None

    def __init__(self, datastore: PostgresDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        self.sql_create_statements.extend(SQL(statement) for statement in CREATE_SIDE_TABLES)  # type: ignore[arg-type]

    def _fetch_ids_after_insert_events(
        self, curs: Cursor[Any], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        positions = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        assert positions is not None
        # Inserting the events took an exclusive lock on their table: reading the last link is safe.
        cursor = PgCursor(curs.connection.cursor(row_factory=tuple_row))
        cursor.execute(f"SELECT link FROM {CHAIN_TABLE} ORDER BY position DESC LIMIT 1")
        row = cursor.fetchone()
        rows = chain(bytes(row[0]) if row else GENESIS, digests(positions, stored_events))
        cursor.executemany(f"INSERT INTO {CHAIN_TABLE} (position, digest, link) VALUES (?, ?, ?)", rows)
        if self.keys is not None:
            cursor.executemany("INSERT INTO content_keys (owner, wrapped) VALUES (?, ?)", self.keys.take_pending())
        return positions

    def select_chain(self, start: int, limit: int) -> list[ChainRow]:
        with pg_transaction(self.datastore, commit=False) as c:
            c.execute(
                f"SELECT position, digest, link FROM {CHAIN_TABLE} WHERE position >= ? ORDER BY position LIMIT ?",
                (start, limit),
            )
            return [(int(r[0]), bytes(r[1]), bytes(r[2])) for r in c.fetchall()]

    def chain_head(self) -> ChainRow | None:
        with pg_transaction(self.datastore, commit=False) as c:
            c.execute(f"SELECT position, digest, link FROM {CHAIN_TABLE} ORDER BY position DESC LIMIT 1")
            row = c.fetchone()
            return None if row is None else (int(row[0]), bytes(row[1]), bytes(row[2]))
