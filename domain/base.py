"""The base aggregate: every event carries who acted and a class version."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import field
from datetime import datetime, timezone

import eventsourcing.domain
from eventsourcing.domain import Aggregate

from domain.actors import Actor, current_actor

# The moment new events are stamped with, when not now. Only the demo generator sets it
# (through feedback.past.PastMoments, which refuses unless the store was empty): see
# docs/decisions.md, "The demo writes a past year".
_stamp: ContextVar[datetime | None] = ContextVar("event_stamp", default=None)


@contextmanager
def stamped_at(moment: datetime) -> Iterator[None]:
    """Stamp the events created inside the block with ``moment`` (aware) instead of now."""
    if moment.tzinfo is None:
        raise ValueError("stamp events with an aware moment")
    token = _stamp.set(moment.astimezone(timezone.utc))
    try:
        yield
    finally:
        _stamp.reset(token)


class Root(Aggregate):
    """Base of every aggregate of the platform."""

    class Event(Aggregate.Event):
        """Base event: records the actor from the ambient context."""

        class_version = 1
        actor: Actor = field(default_factory=current_actor, init=False)

        @staticmethod
        def create_timestamp() -> datetime:
            """Return now, or the moment the demo generator is writing (see ``stamped_at``)."""
            return _stamp.get() or eventsourcing.domain.datetime_now_with_tzinfo()  # looked up late: tests stop it

    class Created(Event, Aggregate.Created):
        """Base creation event."""

        class_version = 1
