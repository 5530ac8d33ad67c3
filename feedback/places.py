"""Places and topics: the venues ideas come from and go to, and the Two Sessions topics deputies work."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from uuid import UUID

from domain.actors import Actor, acting_as
from domain.topic import Topic, topic_id
from domain.values import VenueKind
from domain.venue import Venue, venue_id
from feedback.application import FeedbackApp, as_enum
from feedback.catalogue import Catalogue
from feedback.errors import domain_errors_as_application_errors

SYSTEM = Actor(kind="system")


class Places:
    """The venues and topics service; names are served from memory (the catalogue), never a log scan a name."""

    def __init__(self, app: FeedbackApp, catalogue: Catalogue) -> None:
        self._app = app
        self._catalogue = catalogue

    # -- reading ---------------------------------------------------------------------------

    def get_venue(self, key: str | UUID) -> Venue:
        """Return a venue by id or slug."""
        return self._app.get_venue(key)

    def get_topic(self, key: str | UUID) -> Topic:
        """Return a topic by id or slug."""
        return self._app.get_topic(key)

    def list_venues(self, kind: VenueKind | None = None) -> list[Venue]:
        """Return every venue (of one kind when given)."""
        return [v for v in self._catalogue.all_venues() if kind is None or v.kind is kind]

    def list_topics(self) -> list[Topic]:
        """Return every topic."""
        return self._catalogue.all_topics()

    def bodies(self) -> list[Venue]:
        """Return the open responsible bodies (and hospitals, which answer for themselves)."""
        return [v for v in self.list_venues() if v.can_answer and v.is_open]

    def venue(self, key: UUID) -> Venue | None:
        """Return the venue with this id from memory (None for an unknown one)."""
        return self._catalogue.venue(key)

    def steady(self) -> AbstractContextManager[None]:
        """Within the block (one page), read the names from memory after one look at the log."""
        return self._catalogue.steady()

    def venue_name(self, key: UUID | None) -> str:
        """Return a venue's name ('' for none)."""
        venue = self._catalogue.venue(key) if key else None
        return venue.name if venue else ""

    def topic_name(self, key: UUID | None) -> str:
        """Return a topic's name ('' for none)."""
        topic = self._catalogue.topic(key) if key else None
        return topic.name if topic else ""

    # -- venues ----------------------------------------------------------------------------

    def register_venue(
        self, slug: str, kind: VenueKind, name: str, district: str = "", parent: str | None = None
    ) -> Venue:
        """Register a venue (idempotent on its slug)."""
        existing = self._app.existing(Venue, venue_id(slug))
        if existing:
            return existing
        parent_id = self._app.get_venue(parent).id if parent else None
        with acting_as(SYSTEM), domain_errors_as_application_errors():
            venue = Venue.register(slug, as_enum(VenueKind, kind, "kind"), name, district, parent_id)
            self._app.save(venue)
        return venue

    # -- topics ----------------------------------------------------------------------------

    def open_topic(self, slug: str, name: str, session: str, description: str = "", actor: Actor | None = None) -> Topic:
        """Open a topic for a session (idempotent on its slug)."""
        existing = self._app.existing(Topic, topic_id(slug))
        if existing:
            return existing
        with acting_as(actor or SYSTEM), domain_errors_as_application_errors():
            topic = Topic.open(slug, name, session, description)
            self._app.save(topic)
        return topic

    def join_topic(self, topic: str | UUID, username: str) -> Topic:
        """Add a deputy to a topic."""
        return self._change_topic(topic, Actor.staff(username), lambda board: board.join(username))

    def table_proposal(self, topic: str | UUID, number: str, title: str, actor: Actor) -> Topic:
        """Table a topic's formal proposal with its official number."""
        return self._change_topic(topic, actor, lambda board: board.table_proposal(number, title))

    def record_outcome(self, topic: str | UUID, outcome: str, actor: Actor) -> Topic:
        """Record what became of a topic's tabled proposal."""
        return self._change_topic(topic, actor, lambda board: board.record_outcome(outcome))

    def _change_topic(self, topic: str | UUID, actor: Actor, change: Callable[[Topic], None]) -> Topic:
        board = self._app.get_topic(topic)
        with acting_as(actor), domain_errors_as_application_errors():
            change(board)
            self._app.save(board)
        return board
