"""Recorders that seal every event, and store new content keys, in the event's own transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from eventsourcing.persistence import StoredEvent
from eventsourcing.popo import POPOApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor

from feedback.seal import CHAIN_TABLE, GENESIS, chain, event_digest

ChainRow = tuple[int, bytes, bytes]


class PendingKeys(Protocol):
    def take_pending(self) -> list[tuple[str, bytes]]: ...


def digests(positions: Sequence[int], stored_events: Sequence[StoredEvent]) -> list[tuple[int, bytes]]:
    return [
        (position, event_digest(s.originator_id, s.originator_version, s.topic, s.state))
        for position, s in zip(positions, stored_events, strict=True)
    ]


class SealedSQLiteApplicationRecorder(SQLiteApplicationRecorder):
    """The SQLite recorder, plus the audit chain and new content keys in the same transaction."""

    keys: PendingKeys | None = None

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {CHAIN_TABLE} ("
            "position INTEGER PRIMARY KEY, digest BLOB NOT NULL, link BLOB NOT NULL)",
            "CREATE TABLE IF NOT EXISTS content_keys (owner TEXT PRIMARY KEY, wrapped BLOB NOT NULL)",
        ]

    def _insert_events(self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        positions = super()._insert_events(c, stored_events, **kwargs)
        assert positions is not None
        # The events' insert holds SQLite's write lock, so reading the last link is safe.
        c.execute(f"SELECT link FROM {CHAIN_TABLE} ORDER BY position DESC LIMIT 1")
        row = c.fetchone()
        rows = chain(bytes(row[0]) if row else GENESIS, digests(positions, stored_events))
        c.executemany(f"INSERT INTO {CHAIN_TABLE} (position, digest, link) VALUES (?, ?, ?)", rows)
        if self.keys is not None:
            c.executemany("INSERT INTO content_keys (owner, wrapped) VALUES (?, ?)", self.keys.take_pending())
        return positions

    def select_chain(self, start: int, limit: int) -> list[ChainRow]:
        """Return chain rows from position ``start`` on, in order."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT position, digest, link FROM {CHAIN_TABLE} WHERE position >= ? ORDER BY position LIMIT ?",
                (start, limit),
            )
            return c.fetchall()  # (int, bytes, bytes) tuples, as sqlite3 gives them

    def select_sealed(self, start: int, limit: int) -> tuple[list[Any], bool]:
        """Return events from position ``start`` on, each with its chain row (NULLs where it has none),
        and whether the chain holds no row in that range without an event (else: read both sides apart).

        One query instead of two, and no id objects: what the verifier reads for nearly every batch.
        """
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT e.rowid, e.originator_id, e.originator_version, e.topic, e.state, s.digest, s.link "
                f"FROM {self.events_table_name} e LEFT JOIN {CHAIN_TABLE} s ON s.position = e.rowid "
                "WHERE e.rowid >= ? ORDER BY e.rowid LIMIT ?",
                (start, limit),
            )
            rows = c.fetchall()
            end = rows[-1][0] if len(rows) == limit else 1 << 62
            c.execute(f"SELECT COUNT(*) FROM {CHAIN_TABLE} WHERE position >= ? AND position <= ?", (start, end))
            chained = c.fetchone()[0]
        return rows, chained == sum(1 for row in rows if row[5] is not None)

    def chain_head(self) -> ChainRow | None:
        """Return the newest chain row (the head to publish)."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT position, digest, link FROM {CHAIN_TABLE} ORDER BY position DESC LIMIT 1")
            row = c.fetchone()
            return None if row is None else (int(row[0]), bytes(row[1]), bytes(row[2]))


class SealedPOPOApplicationRecorder(POPOApplicationRecorder):
    """The in-memory recorder, plus the audit chain (for tests and demos); its key store keeps its own keys."""

    def __init__(self) -> None:
        super().__init__()
        self.audit_chain: list[ChainRow] = []

    def _update_table(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        positions = super()._update_table(stored_events, **kwargs)
        assert positions is not None
        previous = self.audit_chain[-1][2] if self.audit_chain else GENESIS
        self.audit_chain.extend(chain(previous, digests(positions, stored_events)))
        return positions

    def select_chain(self, start: int, limit: int) -> list[ChainRow]:
        with self._database_lock:
            return self.audit_chain[max(start, 1) - 1 : max(start, 1) - 1 + limit]

    def chain_head(self) -> ChainRow | None:
        with self._database_lock:
            return self.audit_chain[-1] if self.audit_chain else None
