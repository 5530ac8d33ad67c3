"""Per-item content keys, wrapped by a master key, kept outside the event log."""

from __future__ import annotations

import base64
import binascii
import logging
import os
import secrets
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
import stat
from pathlib import Path
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.persistence import IntegrityError

from feedback.config import ConfigError, Settings
from feedback.tables import SideTables

log = logging.getLogger(__name__)
NONCE = 12
DESTROYED = b""  # the tombstone of an erased item's key


def load_master_key(settings: Settings) -> bytes:
    """Return the master key: from FEEDBACK_MASTER_KEY, else (embedded store) from var/."""
    if settings.master_key:
        try:
            key = base64.urlsafe_b64decode(settings.master_key.encode() + b"==")
        except (binascii.Error, ValueError):
            key = b""
        if len(key) != 32:
            raise ConfigError("FEEDBACK_MASTER_KEY must be 32 bytes in url-safe base64")
        return key
    if settings.store.scheme == "memory":
        return AESGCM.generate_key(bit_length=256)
    if settings.store.scheme == "postgresql":
        # Many workers on many hosts must share one key: it cannot be a file made here.
        raise ConfigError("FEEDBACK_MASTER_KEY is required with PostgreSQL (32 bytes, url-safe base64)")
    return _embedded_master_key(settings.store.master_key_path)


def _embedded_master_key(path: Path) -> bytes:
    if not path.exists():
        _create_master_key(path)
    return base64.urlsafe_b64decode(path.read_bytes().strip())


def _create_master_key(path: Path) -> None:
    """Write a new key file atomically; when another process wins the race, keep theirs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IRUSR | stat.S_IWUSR)
    with os.fdopen(fd, "wb") as file:
        file.write(base64.urlsafe_b64encode(AESGCM.generate_key(bit_length=256)))
    try:
        os.link(draft, path)  # atomic, and refuses to replace an existing key
    except FileExistsError:
        return
    finally:
        draft.unlink()
    log.warning(
        "no FEEDBACK_MASTER_KEY set: generated %s; whoever can read it can read "
        "children's words in this store. Set FEEDBACK_MASTER_KEY in production.",
        path,
    )


class KeyStore:
    """One random AES-256 key per item; destroying it erases the item's words."""

    def __init__(self, tables: SideTables, master_key: bytes) -> None:
        self._tables = tables
        self._master = AESGCM(master_key)
        self._local = threading.local()
        # Set when the event recorder stores new keys in the events' own transaction.
        self.recorder_takes_keys = False

    @contextmanager
    def prefetched(self, owners: Iterable[UUID]) -> Iterator[None]:
        """Read the keys of many items in one query, for the reads inside the block.

        Bulk readers (projections, exports) decode thousands of events; this spares
        them one query per event. The keys are held only for the block.
        """
        wanted = list({owner.hex: owner for owner in owners}.values())
        found: dict[UUID, bytes | None] = dict.fromkeys(wanted)
        with self._tables.reading() as cursor:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                cursor.execute(
                    f"SELECT owner, wrapped FROM content_keys WHERE owner IN ({', '.join('?' * len(chunk))})",
                    [owner.hex for owner in chunk],
                )
                for row in cursor.fetchall():
                    found[UUID(row[0])] = bytes(row[1])
        self._local.prefetched = found
        try:
            yield
        finally:
            self._local.prefetched = None

    @property
    def _pending(self) -> dict[UUID, tuple[bytes, bytes]]:
        pending = getattr(self._local, "pending", None)
        if pending is None:
            pending = self._local.pending = {}
        return pending

    @contextmanager
    def saving(self, *new_owners: UUID) -> Iterator[None]:
        """Inside the block, a new key waits (per thread) for the transaction that records its events.

        ``new_owners`` are items being created in this save: they cannot have a key
        yet, so none is looked for.
        """
        self._local.saving = self.recorder_takes_keys
        self._local.new_owners = set(new_owners) if self.recorder_takes_keys else set()
        try:
            yield
        finally:
            self._local.saving = False
            self._local.new_owners = set()
            self._pending.clear()

    def take_pending(self) -> list[tuple[str, bytes]]:
        """Hand the new keys of this thread to the transaction that records their events."""
        rows = [(owner.hex, wrapped) for owner, (_, wrapped) in self._pending.items()]
        self._pending.clear()
        return rows

    def key_for(self, owner: UUID, *, create: bool = False) -> bytes | None:
        """Return the item's key, making one if asked; ``None`` once destroyed."""
        if owner in self._pending:
            return self._pending[owner][0]
        prefetched = getattr(self._local, "prefetched", None)
        if prefetched is not None and owner in prefetched and (prefetched[owner] or not create):
            return self._unwrap(owner, prefetched[owner])
        if not (create and owner in getattr(self._local, "new_owners", ())):
            with self._tables.reading() as cursor:
                wrapped = self._wrapped(cursor, owner)
            if wrapped is not None or not create:
                return self._unwrap(owner, wrapped)
        if getattr(self._local, "saving", False):
            key = AESGCM.generate_key(bit_length=256)
            self._pending[owner] = (key, self._wrap(owner, key))
            return key
        with self._tables.transaction() as cursor:
            wrapped = self._wrapped(cursor, owner)  # another writer may have made it meanwhile
            if wrapped is not None:
                return self._unwrap(owner, wrapped)
            key = AESGCM.generate_key(bit_length=256)
            cursor.execute(
                "INSERT INTO content_keys (owner, wrapped) VALUES (?, ?)",
                (owner.hex, self._wrap(owner, key)),
            )
            return key

    def store_secret(self, owner: UUID) -> bytes:
        """Return the store's secret named ``owner`` (made on first use), kept and moved like a content key."""
        try:
            try:
                key = self.key_for(owner, create=True)
            except IntegrityError:  # another process made it at the same moment: read theirs
                key = self.key_for(owner)
        except InvalidTag:
            raise ConfigError(
                "the master key does not open its content keys: FEEDBACK_MASTER_KEY is not the key "
                "this store was made with"
            ) from None
        if key is None:
            raise ConfigError(f"the store's secret {owner} was destroyed")
        return key

    def export_keys(self) -> Iterator[tuple[UUID, bytes | None]]:
        """Yield every item's key (``None`` for an erased item), to move them to another store."""
        with self._tables.reading() as cursor:
            cursor.execute("SELECT owner, wrapped FROM content_keys ORDER BY owner")
            rows = cursor.fetchall()
        for owner_hex, wrapped in rows:
            owner = UUID(owner_hex)
            yield owner, self._unwrap(owner, bytes(wrapped))

    def wrapped_for_import(self, owner: UUID, key: bytes | None) -> bytes:
        """Return ``key`` wrapped under this store's master key (the tombstone for an erased item)."""
        return DESTROYED if key is None else self._wrap(owner, key)

    @staticmethod
    def _wrapped(cursor: Any, owner: UUID) -> bytes | None:
        cursor.execute("SELECT wrapped FROM content_keys WHERE owner = ?", (owner.hex,))
        row = cursor.fetchone()
        return None if row is None else bytes(row[0])

    def destroy(self, owner: UUID) -> bool:
        """Destroy the item's key; return whether there was one."""
        # Keep a tombstone: a fresh key for later words would make the
        # erased ones undecipherable garbage instead of erased.
        with self._tables.transaction() as cursor:
            self._tables.overwrite_deleted(cursor)
            cursor.execute("SELECT wrapped FROM content_keys WHERE owner = ?", (owner.hex,))
            row = cursor.fetchone()
            existed = row is not None and bytes(row[0]) != DESTROYED
            cursor.execute("DELETE FROM content_keys WHERE owner = ?", (owner.hex,))
            cursor.execute(
                "INSERT INTO content_keys (owner, wrapped) VALUES (?, ?)", (owner.hex, DESTROYED)
            )
        return existed

    def scrub(self) -> None:
        """Make sure destroyed keys are gone from the database files too (free pages, the WAL)."""
        self._tables.scrub()

    def _wrap(self, owner: UUID, key: bytes) -> bytes:
        nonce = os.urandom(NONCE)
        return nonce + self._master.encrypt(nonce, key, owner.bytes)

    def _unwrap(self, owner: UUID, wrapped: bytes | None) -> bytes | None:
        if wrapped is None or wrapped == DESTROYED:
            return None
        return self._master.decrypt(wrapped[:NONCE], wrapped[NONCE:], owner.bytes)

    def encrypt(self, owner: UUID, text: str) -> bytes | None:
        """Return the sealed text, or ``None`` when the item has been erased."""
        key = self.key_for(owner, create=True)
        if key is None:
            return None
        nonce = os.urandom(NONCE)
        return nonce + AESGCM(key).encrypt(nonce, text.encode("utf-8"), owner.bytes)

    def decrypt(self, owner: UUID, sealed: bytes) -> str | None:
        """Return the text, or ``None`` when the item's key has been destroyed."""
        key = self.key_for(owner)
        if key is None:
            return None
        return AESGCM(key).decrypt(sealed[:NONCE], sealed[NONCE:], owner.bytes).decode("utf-8")
