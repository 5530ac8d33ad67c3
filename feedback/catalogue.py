"""The small, slowly-changing lists (venues, topics, staff members) that forms and pages need."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, cast
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.utils import get_topic

from domain.base import Root
from domain.staff import StaffMember
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


BATCH = 500


class Catalogue:
    """Venues and topics kept in memory, caught up from the log incrementally.

    Catching up reads only the notifications after the log's head as it stood
    at the last catch-up, filtered by the venue and topic event types, so it
    stays cheap as the log grows. Each read catches up first (a name changed a
    moment ago is right), except within :meth:`steady`: there (one page) the
    first read catches up and the rest come from memory, so a page that names
    fifty places reads the log once.
    """

    def __init__(self, app: Application[Any]) -> None:
        self._app = app
        self._topics = event_topics(Venue, Topic, StaffMember)
        self._position = 0
        self._lock = threading.Lock()
        self._page = threading.local()  # per thread: None outside a steady block, else whether it caught up
        self.venues: dict[UUID, Venue] = {}
        self.topics: dict[UUID, Topic] = {}
        self.staff: dict[UUID, StaffMember] = {}
        self._kinds: dict[type, dict[UUID, Any]] = {Venue: self.venues, Topic: self.topics, StaffMember: self.staff}

    def refresh(self) -> None:
        """Read what changed since the last refresh."""
        with self._lock:
            head = int(self._app.recorder.max_notification_id() or 0)
            while self._position < head:
                batch = self._app.recorder.select_notifications(
                    start=self._position + 1, limit=BATCH, stop=head, topics=self._topics
                )
                self._reload({cast(UUID, n.originator_id) for n in batch})
                # Up to the head, not to the last venue event: the next catch-up skips what is read.
                self._position = batch[-1].id if len(batch) == BATCH else head

    @contextmanager
    def steady(self) -> Iterator[None]:
        """Within the block (one page's reads), catch up once, then read from memory (an unknown id catches up)."""
        if getattr(self._page, "caught_up", None) is not None:
            yield  # already inside one
            return
        self._page.caught_up = False
        try:
            yield
        finally:
            self._page.caught_up = None

    def _catch_up(self, known: bool) -> None:
        caught_up = getattr(self._page, "caught_up", None)
        if caught_up is None or not caught_up or not known:
            self.refresh()
            if caught_up is not None:
                self._page.caught_up = True

    def _reload(self, ids: Iterable[UUID]) -> None:
        for aggregate_id in ids:
            aggregate: Any = self._app.repository.get(aggregate_id)
            self._kinds[type(aggregate)][aggregate_id] = aggregate

    def all_venues(self) -> list[Venue]:
        self._catch_up(True)
        return sorted(self.venues.values(), key=lambda v: (v.kind.value, v.name))

    def district_names(self) -> dict[str, dict[str, str]]:
        """Return each district's names in the three languages, as the venues in it give them (the latest first)."""
        self._catch_up(True)
        found: dict[str, dict[str, str]] = {}
        for venue in sorted(self.venues.values(), key=lambda v: v.modified_on, reverse=True):
            names = found.setdefault(venue.district, {}) if venue.district else {}
            for tag, name in venue.district_names.items():
                names.setdefault(tag, name)
        return found

    def all_topics(self) -> list[Topic]:
        self._catch_up(True)
        return sorted(self.topics.values(), key=lambda t: (t.session, t.name))

    def all_staff(self) -> list[StaffMember]:
        self._catch_up(True)
        return sorted(self.staff.values(), key=lambda m: m.username)

    def venue(self, venue_id: UUID) -> Venue | None:
        self._catch_up(venue_id in self.venues)
        return self.venues.get(venue_id)

    def topic(self, topic_id: UUID) -> Topic | None:
        self._catch_up(topic_id in self.topics)
        return self.topics.get(topic_id)
