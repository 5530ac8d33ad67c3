"""How domain values are written into stored events (JSON), and read back."""

from __future__ import annotations

import base64
import functools
from datetime import date
from uuid import UUID

from eventsourcing.persistence import JSONTranscoder, Transcoding, UUIDAsHex

from domain.actors import Actor
from domain.content import PrivateText
from feedback.keystore import KeyStore
from feedback.persistence.overrides import DomainTranscoder

__all__ = ["DomainTranscoder", "register_transcodings"]


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class ActorAsDict(Transcoding):
    type = Actor
    name = "actor"

    def encode(self, obj: Actor) -> dict[str, str]:
        return {"kind": obj.kind, "username": obj.username}

    def decode(self, data: dict[str, str]) -> Actor:
        return _actor(data["kind"], data["username"])


class SharedUUIDAsHex(UUIDAsHex):
    """The library's ids as hex; an id read again is the same (immutable) object."""

    def decode(self, data: str) -> UUID:
        return _uuid(data)


# A few people and places act on every item: read their actors and ids once, not per event.
_actor = functools.lru_cache(maxsize=1024)(Actor)
_uuid = functools.lru_cache(maxsize=8192)(UUID)
shared_uuid = _uuid  # for the read side's own decoder (projections.decoding)


class PrivateTextAsCiphertext(Transcoding):
    """A child's words, encrypted with the key of the item they belong to."""

    type = PrivateText
    name = "private_text"

    def __init__(self, keys: KeyStore) -> None:
        self.keys = keys

    def encode(self, obj: PrivateText) -> dict[str, str | None]:
        sealed = None if obj.text is None else self.keys.encrypt(obj.owner, obj.text)
        return {"owner": obj.owner.hex, "sealed": _b64(sealed)}

    def decode(self, data: dict[str, str | None]) -> PrivateText:
        owner = _uuid(str(data["owner"]))
        sealed = data["sealed"]
        text = None if sealed is None else self.keys.decrypt(owner, base64.b64decode(sealed))
        return PrivateText(owner, text)


def _b64(data: bytes | None) -> str | None:
    return None if data is None else base64.b64encode(data).decode("ascii")


def register_transcodings(transcoder: JSONTranscoder, keys: KeyStore) -> None:
    """Register every domain value type on ``transcoder``.

    Enums subclass ``str``, so JSON writes them as their values and the
    aggregates coerce them back when they apply an event.
    """
    transcoder.register(SharedUUIDAsHex())
    transcoder.register(DateAsISO())
    transcoder.register(ActorAsDict())
    transcoder.register(PrivateTextAsCiphertext(keys))
