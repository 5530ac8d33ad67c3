"""A projection's held writes leave the rows that writing each statement at once leaves."""

from __future__ import annotations

import sqlite3
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from projections.base import Rows

SCHEMA = (
    "CREATE TABLE t (id TEXT PRIMARY KEY, a INTEGER, b TEXT, c INTEGER DEFAULT 0)",
    "CREATE TABLE pairs (x TEXT, y TEXT, n INTEGER, PRIMARY KEY (x, y))",
)
KEYS = st.sampled_from(["x", "y", "z"])
VALUES = st.fixed_dictionaries({}, optional={"a": st.integers(0, 9), "b": st.sampled_from(["p", "q", None])})
OPS = st.lists(
    st.one_of(
        st.tuples(st.just("upsert"), KEYS, VALUES),
        st.tuples(st.just("update"), KEYS, VALUES),
        st.tuples(st.just("delete"), KEYS, st.just({})),
        st.tuples(st.just("get"), KEYS, st.just({})),
        st.tuples(st.just("count"), KEYS, st.just({})),  # a two-column key: read, then write the sum
    ),
    max_size=30,
)


class Views:
    """The part of a view store that ``Rows`` reads through."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        connection.row_factory = sqlite3.Row
        self.connection = connection

    def query(self, statement: str, params: Any = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in self.connection.execute(statement, params).fetchall()]


def tables(connection: sqlite3.Connection) -> list[list[tuple[Any, ...]]]:
    return [[tuple(r) for r in connection.execute(f"SELECT * FROM {t} ORDER BY 1, 2")] for t in ("t", "pairs")]


def at_once(connection: sqlite3.Connection, op: str, key: str, row: dict[str, Any]) -> Any:
    if op == "upsert":
        row = {"id": key, **row}
        sets = ", ".join(f"{c} = excluded.{c}" for c in row if c != "id")
        connection.execute(f"INSERT INTO t ({', '.join(row)}) VALUES ({', '.join('?' * len(row))}) "
                           f"ON CONFLICT (id) DO {'UPDATE SET ' + sets if sets else 'NOTHING'}", list(row.values()))
    elif op == "update" and row:
        connection.execute(f"UPDATE t SET {', '.join(f'{c} = ?' for c in row)} WHERE id = ?", [*row.values(), key])
    elif op == "delete":
        connection.execute("DELETE FROM t WHERE id = ?", (key,))
    elif op == "get":
        found = connection.execute("SELECT a, b FROM t WHERE id = ?", (key,)).fetchone()
        return None if found is None else tuple(found)
    elif op == "count":
        connection.execute("INSERT INTO pairs VALUES (?, 'k', 1) ON CONFLICT (x, y) DO UPDATE SET n = n + 1", (key,))
    return None


def held(rows: Rows, op: str, key: str, row: dict[str, Any]) -> Any:
    if op == "upsert":
        rows.upsert("t", "id", {"id": key, **row})
    elif op == "update":
        rows.update("t", "id", key, row)
    elif op == "delete":
        rows.delete("t", "id", key)
    elif op == "get":
        return rows.get("t", "id", key, ("a", "b"))
    elif op == "count":
        (n,) = rows.get("pairs", ("x", "y"), (key, "k"), ("n",)) or (0,)
        rows.upsert("pairs", ("x", "y"), {"x": key, "y": "k", "n": n + 1})
    return None


@given(before=OPS, ops=OPS)
def test_held_writes_leave_the_rows_statement_by_statement_writing_leaves(before: Any, ops: Any) -> None:
    direct, buffered = sqlite3.connect(":memory:"), sqlite3.connect(":memory:")
    for connection in (direct, buffered):
        for statement in SCHEMA:
            connection.execute(statement)
        for op in before:  # rows already there from earlier batches
            at_once(connection, *op)
    rows = Rows(Views(buffered))
    seen_direct = [at_once(direct, *op) for op in ops]
    seen_held = [held(rows, *op) for op in ops]
    assert seen_held == seen_direct
    rows.write(buffered.cursor())
    assert tables(buffered) == tables(direct)


def test_nothing_is_written_until_the_batch_is_and_one_row_takes_one_statement() -> None:
    connection = sqlite3.connect(":memory:", isolation_level=None)
    for statement in SCHEMA:
        connection.execute(statement)
    statements: list[str] = []
    connection.set_trace_callback(statements.append)
    rows = Rows(Views(connection))
    rows.upsert("t", "id", {"id": "x", "a": 1})
    rows.update("t", "id", "x", {"b": "p"})
    rows.update("t", "id", "x", {"a": 2})
    assert rows.get("t", "id", "x", ("a", "b")) == (2, "p")
    assert statements == []  # handlers' work touches no table until the transaction
    rows.write(connection.cursor())
    assert len(statements) == 1
    assert tables(connection)[0] == [("x", 2, "p", 0)]
