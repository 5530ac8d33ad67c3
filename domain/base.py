"""The base aggregate: every event carries who acted and a class version."""

from __future__ import annotations

from dataclasses import field

from eventsourcing.domain import Aggregate

from domain.actors import Actor, current_actor


class Root(Aggregate):
    """Base of every aggregate of the platform."""

    class Event(Aggregate.Event):
        """Base event: records the actor from the ambient context."""

        class_version = 1
        actor: Actor = field(default_factory=current_actor, init=False)

    class Created(Event, Aggregate.Created):
        """Base creation event."""

        class_version = 1
