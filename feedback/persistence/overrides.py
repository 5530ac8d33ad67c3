"""Every override of a private method of the eventsourcing library, in one place (and every call of one).

The library has no public hook for writing rows in the events' own
transaction, nor a cheap one for reading stored objects back, so we override
the private methods it calls there. Private methods may change in any release:
``tests/integration/test_persistence_contract.py`` checks each one named in
:data:`OVERRIDES` (it still exists, with the signature we rely on, and the
public path still calls it) against a real insert on every store, and fails
when the installed library is outside :data:`TESTED_EVENTSOURCING`. The
application's ``save`` (:func:`save_collected`) calls three private methods of
the library's ``Application`` in its place: they are listed in :data:`CALLED`
and checked by the same test module.

The recorders themselves live in ``feedback.recorders`` (SQLite, in memory)
and ``feedback.pg`` (PostgreSQL, an optional driver): each puts one of the
hooks below in front of the library's recorder.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from eventsourcing.application import ProcessingEvent
from eventsourcing.domain import BaseAggregate
from eventsourcing.persistence import JSONTranscoder, StoredEvent

from feedback.config import schema_name, search_path_option
from feedback.errors import ConfigError
from feedback.persistence.sql import Cursor, PgCursor, pg_cursor
from feedback.seal import CHAIN_TABLE, GENESIS, chain, event_digest

if TYPE_CHECKING:  # at run time the hooks are plain mixins: psycopg is an optional extra
    from eventsourcing.popo import POPOApplicationRecorder as _POPOBase
    from eventsourcing.postgres import PostgresApplicationRecorder as _PostgresBase
    from eventsourcing.sqlite import SQLiteApplicationRecorder as _SQLiteBase
else:
    _POPOBase = _PostgresBase = _SQLiteBase = object

# The eventsourcing releases these overrides were read against and tested with: [lowest, first untested).
TESTED_EVENTSOURCING = ("9.5.6", "9.6")

ChainRow = tuple[int, bytes, bytes]

DB_FUNCTIONS_REFUSED = (
    "POSTGRES_ENABLE_DB_FUNCTIONS is on: the library's database function stores events without their "
    "audit seal and content keys, so the store will not open; unset it"
)


class PendingKeys(Protocol):
    def take_pending(self) -> list[tuple[str, bytes]]: ...


@dataclass(frozen=True)
class Override:
    """One private library method we override, and what we rely on it for."""

    hook: type
    base: str  # the library class, as a topic (PostgreSQL's is imported only where its driver is)
    method: str
    parameters: tuple[str, ...]  # the library's parameter names, as we call them
    called_from: str  # the public method that must still call it
    why: str


def digests(positions: Sequence[int], stored_events: Sequence[StoredEvent]) -> list[tuple[int, bytes]]:
    """Return each stored event's position with the digest of its bytes."""
    return [
        (position, event_digest(s.originator_id, s.originator_version, s.topic, s.state))
        for position, s in zip(positions, stored_events, strict=True)
    ]


def seal(cursor: Cursor, positions: Sequence[int] | None, stored_events: Sequence[StoredEvent],
         keys: PendingKeys | None) -> None:
    """Write the chain links of the new events, and the new content keys, with the cursor of their transaction.

    The events' insert holds the store's write lock (SQLite's database lock,
    PostgreSQL's exclusive lock on the events table), so reading the last link is safe.
    """
    assert positions is not None
    cursor.execute(f"SELECT link FROM {CHAIN_TABLE} ORDER BY position DESC LIMIT 1")
    row = cursor.fetchone()
    rows = chain(bytes(row[0]) if row else GENESIS, digests(positions, stored_events))
    insert_rows(cursor, f"INSERT INTO {CHAIN_TABLE} (position, digest, link) VALUES ", rows)
    if keys is not None:
        insert_rows(cursor, "INSERT INTO content_keys (owner, wrapped) VALUES ", keys.take_pending())


ROWS_A_STATEMENT = 250  # under SQLite's oldest limit of 999 parameters a statement


def insert_rows(cursor: Cursor, insert: str, rows: Sequence[Sequence[Any]]) -> None:
    """Insert ``rows`` with a few multi-row statements.

    Not ``executemany``: psycopg runs it as a nested pipeline, two round trips
    to the server each, while the events table is locked; a plain statement is
    queued in the insert's pipeline and costs none.
    """
    for start in range(0, len(rows), ROWS_A_STATEMENT):
        part = rows[start:start + ROWS_A_STATEMENT]
        marks = "(" + ", ".join("?" for _ in part[0]) + ")"
        cursor.execute(insert + ", ".join(marks for _ in part), [value for row in part for value in row])


class SealsSQLiteInsert(_SQLiteBase):
    """Seal the events (and store new keys) inside SQLite's insert transaction."""

    keys: PendingKeys | None = None

    def _insert_events(self, c: Any, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        positions = super()._insert_events(c, stored_events, **kwargs)
        seal(c, positions, stored_events, self.keys)
        return positions


def keep_to_store(datastore: Any) -> None:
    """Refuse a PostgreSQL datastore on which events could be stored unsealed; point it at its schema.

    The library's database-function path inserts without calling any hook. Our
    tables are named unqualified, so the pool's new connections get a search path
    of the store's schema (the library qualifies its own tables with it).
    """
    if datastore.enable_db_functions:
        raise ConfigError(DB_FUNCTIONS_REFUSED)
    option = search_path_option(schema_name(datastore.schema))
    if option:
        datastore.pool.kwargs = {**(datastore.pool.kwargs or {}), "options": option}


def abort_in_database(cursor: PgCursor) -> None:
    """Make the transaction fail in the database, so that the library's commit rolls it back."""
    try:
        cursor.execute("DO $$ BEGIN RAISE EXCEPTION 'the seal failed: nothing of this insert is kept'; END $$")
        cursor.fetchone()  # in pipeline mode, wait for the database to take the error
    except Exception:  # noqa: BLE001, S110 - the error is the point; the caller re-raises the seal's own
        pass


class SealsPostgresInsert(_PostgresBase):
    """Seal the events (and store new keys) inside PostgreSQL's insert transaction, once their ids are known.

    The library catches any error raised here and re-raises it only after its
    transaction has committed; a database error leaves nothing to commit, an
    error of ours would not. So any failure here first aborts the transaction
    in the database, then propagates: nothing of the insert is kept.
    """

    keys: PendingKeys | None = None

    def __init__(self, datastore: Any, **kwargs: Any) -> None:
        keep_to_store(datastore)  # before the library opens the pool
        super().__init__(datastore, **kwargs)

    def _fetch_ids_after_insert_events(
        self, curs: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        cursor = pg_cursor(curs.connection)
        try:
            positions = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
            seal(cursor, positions, stored_events, self.keys)
        except Exception:
            abort_in_database(cursor)
            raise
        return positions


# The recorders that write new content keys inside the events' own transaction (the in-memory one does not).
STORES_KEYS_WITH_EVENTS = (SealsSQLiteInsert, SealsPostgresInsert)


class SealsPOPOInsert(_POPOBase):
    """Seal the events in memory, under the in-memory recorder's lock (its key store keeps its own keys).

    The links are worked out before the events are written (under the lock, the
    new positions follow the last one), so a failure leaves nothing written.
    """

    audit_chain: list[ChainRow]

    def _update_table(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        first = (self.max_notification_id() or 0) + 1
        previous = self.audit_chain[-1][2] if self.audit_chain else GENESIS
        links = chain(previous, digests(range(first, first + len(stored_events)), stored_events))
        positions = super()._update_table(stored_events, **kwargs)
        self.audit_chain.extend(links)
        return positions


# Every recorder that seals the events it records: the application refuses any other.
SEALED_RECORDERS = (*STORES_KEYS_WITH_EVENTS, SealsPOPOInsert)


def save_collected(app: Any, objs: Sequence[Any], kwargs: dict[str, Any]) -> Any:
    """Do what the library's ``Application.save`` does, collecting aggregates' events without its Protocol checks.

    The library's ``ProcessingEvent.collect_events`` asks of every object
    whether it is a ``DomainEventProtocol`` and then a ``CollectEventsProtocol``:
    runtime-checkable Protocols, which Python 3.11 checks slowly (about a tenth
    of a filing's Python). An aggregate of the library's is never the first and
    always the second, so for one we take its events as the library would; any
    other object goes through the library's own check. The rest is the
    library's ``save``, line for line (see :data:`CALLED`).
    """
    processing_event: ProcessingEvent[Any] = ProcessingEvent()
    for obj in objs:
        if isinstance(obj, BaseAggregate):
            processing_event.events.extend(obj.collect_events())
            processing_event.aggregates[obj.id] = obj
        else:
            processing_event.collect_events(obj)
    processing_event.saved_kwargs.update(kwargs)
    recordings = app._record(processing_event)  # private: see CALLED
    app._take_snapshots(processing_event)
    app._notify(recordings)
    app.notify(processing_event.events)
    return recordings


@dataclass(frozen=True)
class Called:
    """One private library method we call (not override), and the parameters we pass it."""

    base: str
    method: str
    parameters: tuple[str, ...]


# The private methods of the library's Application.save that save_collected calls in its place.
CALLED = (
    Called("eventsourcing.application:Application", "_record", ("self", "processing_event")),
    Called("eventsourcing.application:Application", "_take_snapshots", ("self", "processing_event")),
    Called("eventsourcing.application:Application", "_notify", ("self", "recordings")),
)


class DomainTranscoder(JSONTranscoder):
    """The library's JSON transcoder, with a leaner hook for the ``{"_type_", "_data_"}`` objects.

    Every stored event holds several of them (time, actor, ids, words), so
    reading the log spends much of its time here; the result is the same.
    """

    def _decode_obj(self, d: dict[str, Any]) -> Any:
        if len(d) == 2 and "_type_" in d and "_data_" in d:
            transcoding = self.names.get(d["_type_"])
            if transcoding is not None:
                return transcoding.decode(d["_data_"])
            return super()._decode_obj(d)  # the library's error for an unknown type
        return d


OVERRIDES = (
    Override(
        SealsSQLiteInsert, "eventsourcing.sqlite:SQLiteApplicationRecorder", "_insert_events",
        ("self", "c", "stored_events"), "insert_events",
        "it runs inside the insert's transaction with its cursor: the seal and new keys commit with the events",
    ),
    Override(
        SealsPostgresInsert, "eventsourcing.postgres:PostgresApplicationRecorder", "_fetch_ids_after_insert_events",
        ("self", "curs", "stored_events"), "insert_events",
        "the first hook inside the insert's transaction that knows the events' positions (the chain needs them)",
    ),
    Override(
        SealsPOPOInsert, "eventsourcing.popo:POPOApplicationRecorder", "_update_table",
        ("self", "stored_events"), "insert_events",
        "it runs under the recorder's lock after the uniqueness check, with the new positions",
    ),
    Override(
        DomainTranscoder, "eventsourcing.persistence:JSONTranscoder", "_decode_obj",
        ("self", "d"), "decode",
        "the JSON decoder's object hook, called for every value object of every event read: ours is leaner",
    ),
)
