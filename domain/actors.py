"""Who acted: every event records the person behind it."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Iterator

STAFF = "staff"
CHILD = "child"
FACILITATOR = "facilitator"
SYSTEM = "system"
ACTOR_KINDS = (STAFF, CHILD, FACILITATOR, SYSTEM)


@dataclass(frozen=True)
class Actor:
    """A staff member, the child (via the tracking code), a facilitator on a
    child's behalf, or the system itself.

    ``username`` names the staff member (or the facilitator); it is empty for
    the child, whom the item itself identifies.
    """

    kind: str
    username: str = ""

    def __post_init__(self) -> None:
        if self.kind not in ACTOR_KINDS:
            raise ValueError(f"unknown actor kind: {self.kind!r}")

    @classmethod
    def staff(cls, username: str) -> Actor:
        return cls(STAFF, username)

    @classmethod
    def child(cls) -> Actor:
        return cls(CHILD)

    @classmethod
    def facilitator(cls, username: str) -> Actor:
        return cls(FACILITATOR, username)

    @property
    def is_child(self) -> bool:
        return self.kind in (CHILD, FACILITATOR)

    def __str__(self) -> str:
        if self.kind == FACILITATOR:
            return f"{self.username} (for the child)"
        return self.username or self.kind


SYSTEM_ACTOR = Actor(SYSTEM)
_current_actor: ContextVar[Actor] = ContextVar("current_actor", default=SYSTEM_ACTOR)


def current_actor() -> Actor:
    """Return the actor on whose behalf events are being triggered."""
    return _current_actor.get()


@contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    """Record ``actor`` on every event triggered inside the block."""
    token = _current_actor.set(actor)
    try:
        yield actor
    finally:
        _current_actor.reset(token)
