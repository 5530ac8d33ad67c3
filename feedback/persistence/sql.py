"""One SQL helper for SQLite and PostgreSQL: a cursor face, the dialects, and a transaction for each.

Our SQL is written once, with ``?`` placeholders and SQLite's type names; on
PostgreSQL the cursor turns ``?`` into ``%s`` and the dialect names the types.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar


class Cursor(Protocol):
    """What our SQL runs on: sqlite3's cursor, or PostgreSQL's behind :class:`PgCursor`."""

    def execute(self, statement: str, params: Sequence[Any] = ...) -> Any: ...
    def executemany(self, statement: str, rows: Sequence[Sequence[Any]]) -> Any: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> Any: ...
    @property
    def rowcount(self) -> int: ...


@dataclass(frozen=True)
class Dialect:
    """The few words in which SQLite and PostgreSQL differ, for the DDL of our own tables."""

    name: str
    bigint: str
    blob: str

    def placeholders(self, count: int) -> str:
        """Return ``?, ?, ?`` for ``count`` values (PostgreSQL's cursor rewrites them)."""
        return ", ".join("?" * count)


SQLITE = Dialect("sqlite", bigint="INTEGER", blob="BLOB")
POSTGRES = Dialect("postgresql", bigint="BIGINT", blob="BYTEA")

C = TypeVar("C", bound=Cursor)


@contextmanager
def sqlite_transaction(cursor: C) -> Iterator[C]:
    """Run the block in one transaction on an autocommit SQLite connection; roll back on any error.

    ``BEGIN IMMEDIATE`` takes the write lock up front: a second writer waits
    (the busy timeout) instead of failing when it would upgrade a read lock.
    """
    cursor.execute("BEGIN IMMEDIATE")
    try:
        yield cursor
    except BaseException:
        cursor.execute("ROLLBACK")
        raise
    cursor.execute("COMMIT")


_QMARK = re.compile(r"\?")


def to_pyformat(statement: str) -> str:
    """Turn the ``?`` placeholders our SQL is written with into psycopg's ``%s``."""
    return _QMARK.sub("%s", statement.replace("%", "%%"))


class PgCursor:
    """A psycopg cursor that takes ``?`` placeholders and returns tuples, like sqlite3's."""

    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor

    def execute(self, statement: str, params: Sequence[Any] = ()) -> PgCursor:
        self._cursor.execute(to_pyformat(statement), tuple(params))
        return self

    def executemany(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:  # psycopg refuses an empty batch; sqlite3 takes it as nothing to do
            self._cursor.executemany(to_pyformat(statement), [tuple(r) for r in rows])

    def fetchone(self) -> Any:
        return self._cursor.fetchone()

    def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    @property
    def rowcount(self) -> int:
        return int(self._cursor.rowcount)


def pg_cursor(connection: Any) -> PgCursor:
    """Return a ``?``-style tuple cursor on a psycopg connection."""
    from psycopg.rows import tuple_row

    return PgCursor(connection.cursor(row_factory=tuple_row))


def table_in(c: Cursor, schema: str, table: str) -> bool:
    """Say whether PostgreSQL's ``schema`` holds ``table``."""
    c.execute("SELECT to_regclass(format('%I.%I', ?::text, ?::text)) IS NOT NULL", (schema, table))
    return bool(c.fetchone()[0])


def move_tables(c: Cursor, tables: Sequence[str], source: str, target: str) -> list[str]:
    """Move each of ``tables`` that ``source`` holds and ``target`` lacks into ``target`` (PostgreSQL); return them."""
    moved = [t for t in tables if table_in(c, source, t) and not table_in(c, target, t)]
    for table in moved:  # plain names: the schemas are checked by feedback.config.schema_name
        c.execute(f'ALTER TABLE "{source}"."{table}" SET SCHEMA "{target}"')
    return moved


@contextmanager
def pg_transaction(connection: AbstractContextManager[Any], *, commit: bool = True) -> Iterator[PgCursor]:
    """Run the block in one transaction on a pooled psycopg connection (rolled back unless ``commit``)."""
    with connection as conn, conn.transaction(force_rollback=not commit):
        yield pg_cursor(conn)
