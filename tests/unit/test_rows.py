"""A projection's held writes give the rows that writing each statement at once gives."""

from __future__ import annotations

import sqlite3
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from projections.base import Rows

SCHEMA = "CREATE TABLE t (id TEXT PRIMARY KEY, a INTEGER, b TEXT, c INTEGER DEFAULT 0)"
KEYS = st.sampled_from(["x", "y", "z"])
VALUES = st.fixed_dictionaries({}, optional={"a": st.integers(0, 9), "b": st.sampled_from(["p", "q", None])})
OPS = st.lists(
    st.one_of(
        st.tuples(st.just("upsert"), KEYS, VALUES),
        st.tuples(st.just("update"), KEYS, VALUES),
        st.tuples(st.just("get"), KEYS, st.just({})),
        st.tuples(st.just("bump"), KEYS, st.just({})),  # raw SQL in the middle of the batch
    ),
    max_size=30,
)


def table(connection: sqlite3.Connection) -> list[tuple[Any, ...]]:
    return connection.execute("SELECT * FROM t ORDER BY id").fetchall()


def at_once(cursor: sqlite3.Cursor, op: str, key: str, row: dict[str, Any]) -> Any:
    if op == "upsert":
        row = {"id": key, **row}
        sets = ", ".join(f"{c} = excluded.{c}" for c in row if c != "id") or "id = id"
        cursor.execute(f"INSERT INTO t ({', '.join(row)}) VALUES ({', '.join('?' * len(row))}) "
                       f"ON CONFLICT (id) DO UPDATE SET {sets}", list(row.values()))
    elif op == "update" and row:
        cursor.execute(f"UPDATE t SET {', '.join(f'{c} = ?' for c in row)} WHERE id = ?", [*row.values(), key])
    elif op == "get":
        found = cursor.execute("SELECT a, b FROM t WHERE id = ?", (key,)).fetchone()
        return None if found is None else tuple(found)
    elif op == "bump":
        cursor.execute("UPDATE t SET c = c + 1 WHERE id = ?", (key,))
    return None


def held(rows: Rows, op: str, key: str, row: dict[str, Any]) -> Any:
    if op == "upsert":
        rows.upsert("t", "id", {"id": key, **row})
    elif op == "update":
        rows.update("t", "id", key, row)
    elif op == "get":
        return rows.get("t", "id", key, ("a", "b"))
    elif op == "bump":
        rows.execute("UPDATE t SET c = c + 1 WHERE id = ?", (key,))
    return None


@given(before=OPS, ops=OPS)
def test_held_writes_leave_the_rows_statement_by_statement_writing_leaves(before: Any, ops: Any) -> None:
    direct, buffered = sqlite3.connect(":memory:"), sqlite3.connect(":memory:")
    for connection in (direct, buffered):
        connection.execute(SCHEMA)
        for op in before:  # rows already there from earlier batches
            at_once(connection.cursor(), *op)
    rows = Rows(buffered.cursor())
    seen_direct = [at_once(direct.cursor(), *op) for op in ops]
    seen_held = [held(rows, *op) for op in ops]
    rows.flush()
    assert seen_held == seen_direct
    assert table(buffered) == table(direct)


def test_writes_to_one_row_in_a_batch_become_one_statement() -> None:
    connection = sqlite3.connect(":memory:", isolation_level=None)
    connection.execute(SCHEMA)
    statements: list[str] = []
    connection.set_trace_callback(statements.append)
    rows = Rows(connection.cursor())
    rows.upsert("t", "id", {"id": "x", "a": 1})
    rows.update("t", "id", "x", {"b": "p"})
    rows.update("t", "id", "x", {"a": 2})
    assert statements == []  # nothing written until the batch ends
    rows.flush()
    assert len(statements) == 1
    assert table(connection) == [("x", 2, "p", 0)]
