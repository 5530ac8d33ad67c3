"""What an auditor relies on, read straight from a store: every event sealed once, in order, its words' key kept.

The check reads the rows with plain SQL (or the in-memory recorder's own
lists), not through the recorders under test, and recomputes the chain with
the seal's definition (``feedback.seal``):

- the events' positions increase (and, where the store promises it, have no gaps);
- the chain has exactly one row per event, at the event's position, and none besides;
- each row's digest is the digest of the event's stored bytes, and each link
  chains it onto the link before, from the genesis link;
- every child's words the log holds encrypted (``private_text``) have their item's
  content key in the store (or its tombstone, once erased).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from feedback.seal import CHAIN_TABLE, GENESIS, event_digest, next_link

Event = tuple[int, Any, int, str, bytes]  # position, originator id, version, topic, state


@dataclass
class Held:
    """What one store holds: its events (by position), its chain rows, and the owners of its content keys."""

    events: list[Event] = field(default_factory=list)
    chain: list[tuple[int, bytes, bytes]] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    logs: list[str] = field(default_factory=list)  # the events tables found (one chain covers one log)


def check(held: Held, *, gap_free: bool) -> int:
    """Assert every property in this module's docstring; return how many events were checked."""
    assert len(held.logs) <= 1, f"one audit chain cannot seal several event logs: {held.logs}"
    positions = [event[0] for event in held.events]
    assert positions == sorted(set(positions)), "the events' positions do not increase"
    if gap_free:
        assert positions == list(range(1, len(positions) + 1)), f"the positions have gaps: {gaps(positions)}"
    chained = [row[0] for row in held.chain]
    unsealed = sorted(set(positions) - set(chained))
    assert not unsealed, f"{len(unsealed)} events have no chain row, the first at position {unsealed[:1]}"
    assert chained == positions, (
        f"the chain has rows where there is no event, or twice: {sorted(set(chained) - set(positions))[:5]}, "
        f"{len(chained)} rows for {len(positions)} events"
    )
    previous = GENESIS
    for (position, originator_id, version, topic, state), (_, digest, link) in zip(held.events, held.chain,
                                                                                   strict=True):
        assert bytes(digest) == event_digest(originator_id, version, topic, bytes(state)), (
            f"the chain row at position {position} does not match the event's bytes"
        )
        previous = next_link(previous, position, bytes(digest))
        assert bytes(link) == previous, f"the link at position {position} does not follow from the one before"
    for position, owner in words_owners(held.events):
        assert owner in held.keys, f"the words at position {position} have no content key (item {owner})"
    return len(held.events)


def gaps(positions: list[int]) -> list[int]:
    return sorted(set(range(1, (positions[-1] if positions else 0) + 1)) - set(positions))[:5]


def words_owners(events: list[Event]) -> Iterator[tuple[int, str]]:
    """Yield (position, owner hex) for each encrypted text the events hold."""
    for position, _, _, _, state in events:
        try:
            data = json.loads(bytes(state))
        except (ValueError, UnicodeDecodeError):
            continue  # not our JSON (the library's own test payloads)
        for owner in _private_texts(data):
            yield position, owner


def _private_texts(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        if value.get("_type_") == "private_text" and isinstance(value.get("_data_"), dict):
            if value["_data_"].get("sealed") is not None:
                yield str(value["_data_"]["owner"])
            return
        for item in value.values():
            yield from _private_texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _private_texts(item)


# -- reading a store ----------------------------------------------------------------------------


def read_sqlite(database: str) -> Held:
    """Read an SQLite store (a path, or a ``file:`` URI such as a shared in-memory database)."""
    connection = sqlite3.connect(database, uri=database.startswith("file:"))
    try:
        tables = dict(connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall())
        # The application's log has positions (rowids); the library's aggregate table of that name has none.
        held = Held(logs=["stored_events"] if "ROWID" not in tables.get("stored_events", "ROWID") else [])
        if held.logs:
            held.events = [
                (row[0], row[1], row[2], row[3], bytes(row[4])) for row in connection.execute(
                    "SELECT rowid, originator_id, originator_version, topic, state FROM stored_events ORDER BY rowid")
            ]
        if CHAIN_TABLE in tables:
            held.chain = list(connection.execute(f"SELECT position, digest, link FROM {CHAIN_TABLE} ORDER BY position"))
        if "content_keys" in tables:
            held.keys = {row[0] for row in connection.execute("SELECT owner FROM content_keys")}
        return held
    finally:
        connection.close()


def read_postgres(url: str, schema: str = "public") -> Held:
    """Read a PostgreSQL store in ``schema``; its events are in the one ``*_events`` table there with positions."""
    import psycopg

    with psycopg.connect(url) as connection:
        logs = [row[0] for row in connection.execute(
            "SELECT table_name FROM information_schema.columns WHERE table_schema = %s "
            "AND column_name = 'notification_id' AND table_name LIKE %s ORDER BY table_name",
            (schema, "%\\_events"),
        )]
        tables = {row[0] for row in connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (schema,))}
        held = Held(logs=logs)
        if len(logs) == 1:
            held.events = [
                (row[0], row[1], row[2], row[3], bytes(row[4])) for row in connection.execute(
                    f'SELECT notification_id, originator_id, originator_version, topic, state FROM "{schema}".'
                    f'"{logs[0]}" ORDER BY notification_id')
            ]
        if CHAIN_TABLE in tables:
            held.chain = [(row[0], bytes(row[1]), bytes(row[2])) for row in connection.execute(
                f'SELECT position, digest, link FROM "{schema}".{CHAIN_TABLE} ORDER BY position')]
        if "content_keys" in tables:
            held.keys = {row[0] for row in connection.execute(f'SELECT owner FROM "{schema}".content_keys')}
        return held


def read_memory(recorder: Any, key_owners: set[str] | None = None) -> Held:
    """Read an in-memory store: the recorder's notifications and chain, and the key store's owners if given."""
    events = [(n.id, n.originator_id, n.originator_version, n.topic, bytes(n.state))
              for n in recorder.select_notifications(start=1, limit=1 << 30)]
    return Held(events=events, chain=list(recorder.audit_chain), keys=key_owners or set(),
                logs=["memory"] if events else [])


def key_owners(app: Any) -> set[str]:
    """Return the owners of the content keys an application's key store holds."""
    with app.tables.reading() as cursor:
        cursor.execute("SELECT owner FROM content_keys")
        return {row[0] for row in cursor.fetchall()}


def read_app(app: Any) -> Held:
    """Read the store under a FeedbackApp, whichever it is."""
    store = app.settings.store
    if store.scheme == "memory":
        return read_memory(app.recorder, key_owners(app))
    if store.scheme == "sqlite":
        return read_sqlite(store.path)
    return read_postgres(app.settings.database_url, store.schema)


def check_app(app: Any) -> int:
    """Check the store under a FeedbackApp (positions gap-free except on PostgreSQL, whose sequence skips)."""
    return check(read_app(app), gap_free=app.settings.store.scheme != "postgresql")
