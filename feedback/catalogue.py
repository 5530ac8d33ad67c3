"""The small, slowly-changing lists (venues, topics) that every form needs."""

from __future__ import annotations

import threading
from collections.abc import Iterable
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


class Catalogue:
    """Venues and topics kept in memory, caught up from the log on each read.

    Catching up reads only the notifications after the last one seen, filtered
    by the venue and topic event types, so it stays cheap as the log grows.
    """

    def __init__(self, app: Application[Any]) -> None:
        self._app = app
        self._topics = event_topics(Venue, Topic)
        self._position = 0
        self._lock = threading.Lock()
        self.venues: dict[UUID, Venue] = {}
        self.topics: dict[UUID, Topic] = {}

    def refresh(self) -> None:
        """Read what changed since the last refresh."""
        with self._lock:
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
        self.refresh()
        return self.venues.get(venue_id)

    def topic(self, topic_id: UUID) -> Topic | None:
        self.refresh()
        return self.topics.get(topic_id)
