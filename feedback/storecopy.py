"""Moving up: copy a store (the embedded SQLite one) into PostgreSQL, positions and seal intact."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag

from feedback.application import FeedbackApp
from feedback.errors import N_, InvalidInput
from feedback.persistence.sql import POSTGRES, pg_transaction

BATCH = 1000
CREDENTIAL_TABLES: dict[str, tuple[str, ...]] = {
    "staff_passwords": ("username", "hash"),
    "api_tokens": ("token_hash", "username", "created_at", "revoked_at"),
    "api_token_labels": ("token_hash", "label"),
}
# Evidence photos stay sealed with their item's key (copied, re-wrapped, above): their bytes move as they are.
PHOTO_TABLES: dict[str, tuple[str, ...]] = {
    "evidence_photos": ("photo_id", "item_id", "media_type", "sealed", "stored_at"),
}


@dataclass(frozen=True)
class CopyReport:
    events: int
    keys: int
    credentials: int
    photos: int = 0


def copy_store(source: FeedbackApp, target: FeedbackApp, progress: Callable[[int], None] | None = None) -> CopyReport:
    """Copy every event (same positions and bytes), its seal, the content keys and credentials.

    The target must be an empty PostgreSQL store. Keys are re-wrapped under the
    target's master key; read models are not copied (rebuild them there).
    """
    if target.settings.store.scheme != "postgresql":
        raise InvalidInput(N_("the copy goes into PostgreSQL: give --to postgresql://..."), {"to": N_("not PostgreSQL")})
    if target.recorder.max_notification_id():
        raise InvalidInput(N_("the target store already holds events: give an empty database"), {"to": N_("not empty")})
    recorder: Any = target.recorder
    table = f'"{recorder.datastore.schema}"."{recorder.events_table_name}"'
    with pg_transaction(recorder.datastore.get_connection()) as c:
        events = _copy_events(source, c, table, progress)
        keys = _copy_keys(source, target, c)
        credentials = _copy_credentials(source, c)
        photos = _copy_credentials(source, c, PHOTO_TABLES)
        if events:
            c.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'notification_id'), ?)", (events_head(source),))
    return CopyReport(events, keys, credentials, photos)


def events_head(app: FeedbackApp) -> int:
    return int(app.recorder.max_notification_id() or 0)


def _copy_events(source: FeedbackApp, c: Any, table: str, progress: Callable[[int], None] | None) -> int:
    position, count = 0, 0
    while True:
        rows = source.recorder.select_notifications(start=position + 1, limit=BATCH)
        links = source.recorder.select_chain(position + 1, BATCH)  # type: ignore[attr-defined]
        if not rows:
            return count
        c.executemany(
            f"INSERT INTO {table} (originator_id, originator_version, topic, state, notification_id) "
            "VALUES (?, ?, ?, ?, ?)",
            [(n.originator_id, n.originator_version, n.topic, bytes(n.state), n.id) for n in rows],
        )
        last = rows[-1].id
        c.executemany(
            "INSERT INTO audit_chain (position, digest, link) VALUES (?, ?, ?)",
            [link for link in links if link[0] <= last],
        )
        count += len(rows)
        position = last
        if progress:
            progress(len(rows))


def _copy_keys(source: FeedbackApp, target: FeedbackApp, c: Any) -> int:
    try:
        rows = [(owner.hex, target.keys.wrapped_for_import(owner, key)) for owner, key in source.keys.export_keys()]
    except InvalidTag:
        raise InvalidInput(
            N_("the source's master key does not open its content keys: unset FEEDBACK_MASTER_KEY for the "
               "embedded store and give the target's key as FEEDBACK_TARGET_MASTER_KEY"),
            {"master_key": N_("wrong key")},
        ) from None
    # The empty target made its own store secrets when it opened: the source's take their place.
    c.execute("DELETE FROM content_keys")
    c.executemany("INSERT INTO content_keys (owner, wrapped) VALUES (?, ?)", rows)
    return len(rows)


def _copy_credentials(source: FeedbackApp, c: Any, tables: dict[str, tuple[str, ...]] = CREDENTIAL_TABLES) -> int:
    copied = 0
    for table, columns in tables.items():
        with source.tables.reading() as read:
            read.execute(f"SELECT {', '.join(columns)} FROM {table}")
            rows = [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in read.fetchall()]
        c.execute(f"DELETE FROM {table}")
        c.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({POSTGRES.placeholders(len(columns))})", rows)
        copied += len(rows)
    return copied
