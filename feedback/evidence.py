"""Evidence of the work: photos kept beside the events, sealed with their item's key, and the steps they come with.

A photo's bytes (already re-encoded by ``feedback.photos``) go into
``evidence_photos`` (migration 6), encrypted with the item's own content key and
bound to the item and the photo's id; the item's ``PhotoAttached`` event names
the photo (id, digest, size, type) and never holds its bytes. Erasing the
child's data destroys that key, so the bytes cannot be read again, and deletes
the rows (``PhotoStore.forget``, called by ``Privacy.erase``).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from domain.actors import Actor
from domain.staff import StaffMember
from domain.suggestion import EvidencePhoto, Suggestion
from feedback.application import FeedbackApp
from feedback.errors import N_, InvalidInput, NotFound
from feedback.keystore import NONCE, KeyStore
from feedback.photos import FIELD, Photo
from feedback.steps import IMPLEMENTED, PROGRESS, Step, check_may
from feedback.tables import SideTables

PHOTOS_PER_UPLOAD = 3

# The steps a photo may come with, and how each changes the item (in the same save as the photos).
WITH_PHOTOS: dict[Step, Callable[..., None]] = {
    PROGRESS: lambda item, percent, note: item.record_progress(percent, note),
    IMPLEMENTED: lambda item, evidence: item.mark_implemented(evidence),
}


class PhotoStore:
    """The bytes of evidence photos, each sealed (AES-256-GCM) with its item's content key."""

    def __init__(self, tables: SideTables, keys: KeyStore) -> None:
        self._tables = tables
        self._keys = keys

    def put(self, item_id: UUID, photo_id: UUID, photo: Photo) -> None:
        """Keep ``photo``'s bytes, sealed with the item's key; refuse once the item's key is destroyed."""
        key = self._keys.key_for(item_id, create=True)
        if key is None:
            raise InvalidInput(N_("The child's data on this item was erased: no photo can be added."),
                               {FIELD: N_("The child's data on this item was erased: no photo can be added.")})
        nonce = os.urandom(NONCE)
        sealed = nonce + AESGCM(key).encrypt(nonce, photo.data, _bound(item_id, photo_id))
        with self._tables.transaction() as cursor:
            cursor.execute(
                "INSERT INTO evidence_photos (photo_id, item_id, media_type, sealed, stored_at) VALUES (?, ?, ?, ?, ?)",
                (photo_id.hex, item_id.hex, photo.media_type, sealed, datetime.now(timezone.utc).isoformat()),
            )

    def get(self, item_id: UUID, photo_id: UUID) -> bytes | None:
        """Return the photo's bytes; ``None`` when there are none or they can no longer be read (erased)."""
        with self._tables.reading() as cursor:
            cursor.execute("SELECT sealed FROM evidence_photos WHERE photo_id = ? AND item_id = ?",
                           (photo_id.hex, item_id.hex))
            row = cursor.fetchone()
        if row is None:
            return None
        key = self._keys.key_for(item_id)
        if key is None:
            return None
        sealed = bytes(row[0])
        try:
            return AESGCM(key).decrypt(sealed[:NONCE], sealed[NONCE:], _bound(item_id, photo_id))
        except InvalidTag:
            return None

    def sealed_rows(self, item_id: UUID) -> list[bytes]:
        """Return the stored (sealed) bytes of an item's photos, as the database holds them."""
        with self._tables.reading() as cursor:
            cursor.execute("SELECT sealed FROM evidence_photos WHERE item_id = ? ORDER BY photo_id", (item_id.hex,))
            return [bytes(row[0]) for row in cursor.fetchall()]

    def forget(self, item_id: UUID) -> None:
        """Delete every photo of an item (erasure)."""
        with self._tables.transaction() as cursor:
            self._tables.overwrite_deleted(cursor)
            cursor.execute("DELETE FROM evidence_photos WHERE item_id = ?", (item_id.hex,))

    def drop(self, photo_ids: Sequence[UUID]) -> None:
        """Delete photos no event names (a step that was refused after they were kept)."""
        with self._tables.transaction() as cursor:
            for photo_id in photo_ids:
                cursor.execute("DELETE FROM evidence_photos WHERE photo_id = ?", (photo_id.hex,))


def _bound(item_id: UUID, photo_id: UUID) -> bytes:
    """The associated data: a sealed photo opens only as this photo of this item."""
    return item_id.bytes + photo_id.bytes


class Evidence:
    """The evidence service: a progress report or an implementation with photos, and the photos read back."""

    def __init__(self, app: FeedbackApp, store: PhotoStore | None = None) -> None:
        self._app = app
        self.store = store or PhotoStore(app.tables, app.keys)

    def take_step(self, staff: StaffMember, ref: str, step: Step, photos: Sequence[Photo],
                  expected_version: int | None = None, **params: Any) -> Suggestion:
        """Take a step (progress or implemented) as ``staff`` with ``photos``, in one save; without photos, as usual."""
        if not photos:
            return self._app.act(staff, ref, step, expected_version=expected_version, **params)
        change = WITH_PHOTOS.get(step)
        if change is None:
            raise InvalidInput(N_("Photos come with a progress report or the work done."),
                               {FIELD: N_("Photos come with a progress report or the work done.")})
        check_may(staff, step, self._app.get_item(ref))
        return self._saved(ref, Actor.staff(staff.username), lambda item: change(item, **params), photos,
                           expected_version)

    def attach(self, ref: str, photos: Sequence[Photo], actor: Actor,
               expected_version: int | None = None) -> Suggestion:
        """Add photos of the work to an item in progress or implemented."""
        return self._saved(ref, actor, lambda item: None, photos, expected_version)

    def _saved(self, ref: str, actor: Actor, change: Callable[[Suggestion], None], photos: Sequence[Photo],
               expected_version: int | None) -> Suggestion:
        """Apply ``change``, keep the photos' bytes and name them on the item; drop the bytes if the save fails."""
        if len(photos) > PHOTOS_PER_UPLOAD:
            raise InvalidInput(N_("Send at most %(most)s photos at a time."),
                               {FIELD: N_("Send at most %(most)s photos at a time.")}, most=PHOTOS_PER_UPLOAD)
        kept: list[UUID] = []

        def changed(item: Suggestion) -> None:
            change(item)
            for photo in photos:
                item.check_can_attach_photo()
                photo_id = uuid.uuid4()
                self.store.put(item.id, photo_id, photo)
                kept.append(photo_id)
                item.attach_photo(photo_id, photo.digest, photo.size, photo.media_type, photo.width, photo.height)

        try:
            return self._app.change(ref, actor, changed, expected_version)
        except BaseException:
            if kept:
                self.store.drop(kept)
            raise

    def photo(self, item: Suggestion, photo_id: UUID) -> tuple[EvidencePhoto, bytes]:
        """Return a photo of ``item`` and its bytes; refuse one it does not name, or whose bytes are gone."""
        named = next((photo for photo in item.photos if photo.id == photo_id), None)
        data = None if named is None or item.erased else self.store.get(item.id, photo_id)
        if named is None or data is None:
            raise NotFound(N_("there is no such photo"))
        return named, data
