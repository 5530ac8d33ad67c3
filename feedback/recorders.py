"""Recorders that seal every event, and store new content keys, in the event's own transaction.

The hooks into the library's private methods live in ``feedback.persistence.overrides``;
here are the recorders built on them, what they read back, and the factories
that make them. The class names are topics in the configuration
(``PERSISTENCE_MODULE``, ``APPLICATION_RECORDER_TOPIC``): keep them here.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from eventsourcing.persistence import ApplicationRecorder, StoredEvent
from eventsourcing.popo import POPOApplicationRecorder, POPOFactory
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteFactory

from feedback.persistence.overrides import ChainRow, PendingKeys, SealsPOPOInsert, SealsSQLiteInsert, digests
from feedback.seal import CHAIN_TABLE
from feedback.tables import SideTables

__all__ = [
    "ChainRow", "PendingKeys", "SealedPOPOApplicationRecorder", "SealedPOPOFactory",
    "SealedSQLiteApplicationRecorder", "SealedSQLiteFactory", "digests",
]


class SealedSQLiteApplicationRecorder(SealsSQLiteInsert, SQLiteApplicationRecorder):
    """The SQLite recorder, plus the audit chain and new content keys in the same transaction."""

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        """Record the events; a writer in another process waits on a lock file, woken as soon as it is free.

        Within a process the library's pool already queues writers. Between processes
        (``feedback serve --workers N``) SQLite's own busy handler would make a second
        writer sleep 1, 2, 5, 10 ... ms between tries: the lock file hands over at once.
        """
        with writers_lock(self.datastore):
            return super().insert_events(stored_events, **kwargs)

    def create_table(self) -> None:
        """Create the events' table, and the tables beside it (the seal's, the keys') by our migrations."""
        super().create_table()
        SideTables(self.datastore)

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


class SealedPOPOApplicationRecorder(SealsPOPOInsert, POPOApplicationRecorder):
    """The in-memory recorder, plus the audit chain (for tests and demos); its key store keeps its own keys."""

    def __init__(self) -> None:
        super().__init__()
        self.audit_chain: list[ChainRow] = []

    def select_chain(self, start: int, limit: int) -> list[ChainRow]:
        with self._database_lock:
            return self.audit_chain[max(start, 1) - 1 : max(start, 1) - 1 + limit]

    def chain_head(self) -> ChainRow | None:
        with self._database_lock:
            return self.audit_chain[-1] if self.audit_chain else None


class SealedSQLiteFactory(SQLiteFactory):
    """The library's SQLite factory, whose application recorder seals every event."""

    application_recorder_class = SealedSQLiteApplicationRecorder


class SealedPOPOFactory(POPOFactory):
    """The library's in-memory factory, whose application recorder seals every event."""

    application_recorder_class = SealedPOPOApplicationRecorder

    def application_recorder(self) -> ApplicationRecorder:
        return self.application_recorder_class()


class _WritersLock:
    """One process's hold on a store's lock file: a thread lock inside, ``flock`` between processes."""

    def __init__(self, path: str) -> None:
        self.path, self.pid = path, os.getpid()
        self.threads = threading.Lock()
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)

    @contextmanager
    def held(self) -> Iterator[None]:
        import fcntl

        with self.threads:  # flock is per open file: threads of one process must queue first
            fcntl.flock(self.fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(self.fd, fcntl.LOCK_UN)


_LOCKS: dict[str, _WritersLock] = {}
_LOCKS_GUARD = threading.Lock()


@contextmanager
def writers_lock(datastore: Any) -> Iterator[None]:
    """Hold the store's writers' lock file (none for an in-memory database or without ``fcntl``)."""
    pool = datastore.pool
    name = str(pool.db_name)
    if pool.is_sqlite_memory_mode or not name or name.startswith("file:") or os.name != "posix":
        yield
        return
    path = os.path.abspath(name) + ".writers"
    with _LOCKS_GUARD:
        lock = _LOCKS.get(path)
        if lock is None or lock.pid != os.getpid():  # a forked worker opens its own
            lock = _LOCKS[path] = _WritersLock(path)
    with lock.held():
        yield
