"""The audit seal: a hash chain over the stored events in log order.

Each link covers the previous link, the event's position in the log, and the
digest of the stored bytes of that event (its aggregate id, version, topic and
state). The recorder writes the link in the same transaction as the event, so no
event is ever unsealed. Keeping the content digest apart from the position lets
``verify`` tell an event that was moved (reordered) from one that was changed.
"""

from __future__ import annotations

import functools
import hashlib
import struct
from dataclasses import dataclass
from uuid import UUID

GENESIS = bytes(32)
CHAIN_TABLE = "audit_chain"


def event_digest(originator_id: UUID | str, version: int, topic: str, state: bytes) -> bytes:
    """Return the SHA-256 of one stored event's bytes, each field length-prefixed."""
    ident = originator_id.bytes if isinstance(originator_id, UUID) else _id_bytes(originator_id)
    return hashlib.sha256(b"".join((
        _ID_LENGTH, ident, _VERSION_LENGTH, _POSITION(version), _prefixed(topic), _LENGTH(len(state)), state,
    ))).digest()


def next_link(previous: bytes, position: int, digest: bytes) -> bytes:
    """Return the link that chains the event at ``position`` onto ``previous``."""
    return hashlib.sha256(previous + _POSITION(position) + digest).digest()


_LENGTH = struct.Struct(">I").pack
_POSITION = struct.Struct(">Q").pack
_ID_LENGTH, _VERSION_LENGTH = _LENGTH(16), _LENGTH(8)


def _id_bytes(text: str) -> bytes:
    """An id as stored (32 hex digits), or in any form ``UUID`` reads, as its 16 bytes."""
    try:
        ident = bytes.fromhex(text) if len(text) == 32 else b""
    except ValueError:
        ident = b""
    return ident if len(ident) == 16 else UUID(str(text)).bytes


@functools.lru_cache(maxsize=256)
def _prefixed(topic: str) -> bytes:
    """An event topic as the digest takes it (a few dozen topics recur in every log)."""
    encoded = topic.encode()
    return _LENGTH(len(encoded)) + encoded


def chain(previous: bytes, sealed: list[tuple[int, bytes]]) -> list[tuple[int, bytes, bytes]]:
    """Return ``(position, digest, link)`` rows for ``(position, digest)`` pairs after ``previous``."""
    rows = []
    for position, digest in sealed:
        previous = next_link(previous, position, digest)
        rows.append((position, digest, previous))
    return rows


@dataclass(frozen=True)
class Head:
    """The newest link: outsiders keep copies of it to compare later."""

    position: int
    link: bytes

    @property
    def hash(self) -> str:
        return self.link.hex()

    def __str__(self) -> str:
        return f"{self.position}:{self.hash}"

    @classmethod
    def parse(cls, text: str) -> Head:
        """Read ``POSITION:HASH`` as printed by ``feedback audit verify``."""
        position, _, hexed = text.strip().partition(":")
        try:
            link = bytes.fromhex(hexed)
            head = cls(int(position), link)
        except ValueError:
            raise ValueError(f"{text!r} is not POSITION:HASH (as 'feedback audit verify' prints it)") from None
        if len(link) != 32 or head.position < 0:
            raise ValueError(f"{text!r} is not POSITION:HASH (as 'feedback audit verify' prints it)")
        return head


EMPTY_HEAD = Head(0, GENESIS)
