"""The small, slowly-changing lists (venues, topics) that every form needs."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.utils import get_topic

from domain.base import Root
from domain.topic import Topic
from domain.venue import Venue


def event_topics(*aggregate_classes: type[Root]) -> list[str]:
    """Return the stored topics of every event class of the given aggregates."""
    topics = []
    for cls in aggregate_classes:
        for value in vars(cls).values():
            if isinstance(value, type) and issubclass(value, Root.Event):
                topics.append(get_topic(value))
    return topics


# How long a name looked up by id may go without a look at the log (a list always looks).
FRESH_FOR = 1.0


class Catalogue:
    """Venues and topics kept in memory, caught up from the log incrementally.

    Catching up reads only the notifications after the last one seen, filtered
    by the venue and topic event types, so it stays cheap as the log grows.
    A list (a form's choices) catches up first; a name by id is read from
    memory, catching up only for an id not known yet or once the memory is
    ``fresh_for`` seconds old, so a page that names fifty places reads the log
    at most once.
    """

    def __init__(self, app: Application[Any], fresh_for: float = FRESH_FOR,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._app = app
        self._topics = event_topics(Venue, Topic)
        self._position = 0
        self._lock = threading.Lock()
        self._fresh_for = fresh_for
        self._monotonic = monotonic
        self._refreshed: float | None = None
        self.venues: dict[UUID, Venue] = {}
        self.topics: dict[UUID, Topic] = {}

    def refresh(self) -> None:
        """Read what changed since the last refresh."""
        with self._lock:
            self._refreshed = self._monotonic()
            while True:
                batch = self._app.recorder.select_notifications(
                    start=self._position + 1, limit=500, topics=self._topics
                )
                if not batch:
                    return
                self._reload({n.originator_id for n in batch})
                self._position = batch[-1].id

    def _reload(self, ids: Iterable[UUID]) -> None:
        for aggregate_id in ids:
            aggregate = self._app.repository.get(aggregate_id)
            target = self.venues if isinstance(aggregate, Venue) else self.topics
            target[aggregate_id] = aggregate

    def all_venues(self) -> list[Venue]:
        self.refresh()
        return sorted(self.venues.values(), key=lambda v: (v.kind.value, v.name))

    def all_topics(self) -> list[Topic]:
        self.refresh()
        return sorted(self.topics.values(), key=lambda t: (t.session, t.name))

    def venue(self, venue_id: UUID) -> Venue | None:
        """Return a venue from memory (catching up if it is unknown or the memory is stale)."""
        if venue_id not in self.venues or self._stale():
            self.refresh()
        return self.venues.get(venue_id)

    def topic(self, topic_id: UUID) -> Topic | None:
        """Return a topic from memory (catching up if it is unknown or the memory is stale)."""
        if topic_id not in self.topics or self._stale():
            self.refresh()
        return self.topics.get(topic_id)

    def _stale(self) -> bool:
        return self._refreshed is None or self._monotonic() - self._refreshed >= self._fresh_for
