"""Places and topics: the venues ideas come from and go to, and the Two Sessions topics deputies work."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from uuid import UUID

from domain.actors import Actor, acting_as
from domain.errors import N_
from domain.names import LANGUAGES, SIMPLIFIED, name_in
from domain.staff import StaffMember
from domain.topic import ProposalStage, Topic, topic_id
from domain.values import VenueKind
from domain.venue import Venue, venue_id
from feedback.application import FeedbackApp, as_enum
from feedback.catalogue import Catalogue
from feedback.errors import NotFound, domain_errors_as_application_errors
from feedback.permissions import check_works_on_board

SYSTEM = Actor(kind="system")

# The language names are read in: the web sets it per request (the page's, the API's or Open311's language).
_reading: ContextVar[str] = ContextVar("reading_language", default=SIMPLIFIED)


def set_reading_language(language: str) -> None:
    """Read names in ``language`` from now on in this context (one request)."""
    _reading.set(language if language in LANGUAGES else SIMPLIFIED)


@contextmanager
def reading_in(language: str) -> Iterator[None]:
    """Within the block, read names in ``language``."""
    token = _reading.set(language if language in LANGUAGES else SIMPLIFIED)
    try:
        yield
    finally:
        _reading.reset(token)


def reading_language() -> str:
    """Return the language names are read in here."""
    return _reading.get()


Named = Venue | Topic


def lacking(known: Mapping[str, str], names: Mapping[str, str] | None) -> dict[str, str]:
    """Return the names of ``names`` in the languages ``known`` has none in (a rename stays a rename)."""
    return {tag: name for tag, name in (names or {}).items() if not known.get(tag)}


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
        """Return every venue (of one kind when given), by kind and then by the name read here."""
        language = reading_language()
        venues = [v for v in self._catalogue.all_venues() if kind is None or v.kind is kind]
        return sorted(venues, key=lambda v: (v.kind.value, v.name_in(language), v.slug))

    def list_topics(self) -> list[Topic]:
        """Return every topic, by session and then by the name read here."""
        language = reading_language()
        return sorted(self._catalogue.all_topics(), key=lambda t: (t.session, t.name_in(language), t.slug))

    def bodies(self) -> list[Venue]:
        """Return the open responsible bodies (and hospitals, which answer for themselves)."""
        return [v for v in self.list_venues() if v.can_answer and v.is_open]

    def venue(self, key: UUID) -> Venue | None:
        """Return the venue with this id from memory (None for an unknown one)."""
        return self._catalogue.venue(key)

    def topic(self, key: UUID) -> Topic | None:
        """Return the topic with this id from memory (None for an unknown one)."""
        return self._catalogue.topic(key)

    def steady(self) -> AbstractContextManager[None]:
        """Within the block (one page), read the names from memory after one look at the log."""
        return self._catalogue.steady()

    def name_of(self, named: Named | None, language: str | None = None) -> str:
        """Return a venue's or topic's name in ``language`` (the language read here by default; '' for none)."""
        return named.name_in(language or reading_language()) if named else ""

    def names_of(self, named: Named | None) -> dict[str, str]:
        """Return a venue's or topic's name in each of the three languages (each with its fallback)."""
        return {tag: named.name_in(tag) for tag in LANGUAGES} if named else {}

    def all_names(self, key: UUID | None) -> dict[str, str]:
        """Return the names of the venue or topic with this id in each of the three languages ({} for none)."""
        return self.names_of((self.venue(key) or self.topic(key)) if key else None)

    def venue_name(self, key: UUID | None, language: str | None = None) -> str:
        """Return a venue's name in ``language`` (the language read here by default; '' for none)."""
        return self.name_of(self._catalogue.venue(key) if key else None, language)

    def topic_name(self, key: UUID | None, language: str | None = None) -> str:
        """Return a topic's name in ``language`` (the language read here by default; '' for none)."""
        return self.name_of(self._catalogue.topic(key) if key else None, language)

    def district_name(self, district: str | None, language: str | None = None) -> str:
        """Return a district's name in ``language``, as its venues name it (the key itself when none does)."""
        if not district:
            return ""
        names = self._catalogue.district_names().get(district, {})
        return name_in(names, language or reading_language(), district)

    # -- venues ----------------------------------------------------------------------------

    def register_venue(
        self, slug: str, kind: VenueKind, name: str, district: str = "", parent: str | None = None,
        names: Mapping[str, str] | None = None, district_names: Mapping[str, str] | None = None,
    ) -> Venue:
        """Register a venue with its names (idempotent on its slug: a known one only gets the names it lacks)."""
        venue = self._app.existing(Venue, venue_id(slug))
        with acting_as(SYSTEM), domain_errors_as_application_errors():
            if venue is None:
                parent_id = self._app.get_venue(parent).id if parent else None
                venue = Venue.register(slug, as_enum(VenueKind, kind, "kind"), name, district, parent_id)
            venue.give_names(lacking(venue.names, names), lacking(venue.district_names, district_names))
            if venue.pending_events:
                self._app.save(venue)
        return venue

    def rename_venue(
        self, key: str | UUID, names: Mapping[str, str], actor: Actor,
        district_names: Mapping[str, str] | None = None,
    ) -> Venue:
        """Rename a venue in any of the three languages (and its district, on every venue in it: one atomic save)."""
        venue = self._app.get_venue(key)
        neighbours = self._in_district(venue.district, but=venue.id) if district_names and venue.district else []
        with acting_as(actor), domain_errors_as_application_errors():
            venue.give_names(dict(names), dict(district_names or {}))
            for neighbour in neighbours:
                neighbour.give_names({}, dict(district_names or {}))
            self._save_changed(venue, *neighbours)
        return venue

    def rename_district(self, district: str, names: Mapping[str, str], actor: Actor) -> list[Venue]:
        """Rename a district in any of the three languages, on every venue in it (one atomic save)."""
        venues = self._in_district(district)
        if not venues:
            raise NotFound(N_("no place is in a district called “%(district)s”"), district=district)
        with acting_as(actor), domain_errors_as_application_errors():
            for venue in venues:
                venue.give_names({}, dict(names))
            self._save_changed(*venues)
        return venues

    def _in_district(self, district: str, but: UUID | None = None) -> list[Venue]:
        return [self._app.get_venue(v.id) for v in self._catalogue.all_venues() if v.district == district and v.id != but]

    def _save_changed(self, *aggregates: Venue | Topic) -> None:
        changed = [aggregate for aggregate in aggregates if aggregate.pending_events]
        if changed:
            self._app.save(*changed)

    def rename_topic(self, key: str | UUID, names: Mapping[str, str], actor: Actor) -> Topic:
        """Rename a topic in any of the three languages."""
        return self._change_topic(key, actor, lambda board: board.give_names(dict(names)))

    # -- topics ----------------------------------------------------------------------------

    def open_topic(
        self, slug: str, name: str, session: str, description: str = "", actor: Actor | None = None,
        names: Mapping[str, str] | None = None,
    ) -> Topic:
        """Open a topic for a session with its names (idempotent on its slug: a known one only gets the names it lacks)."""
        topic = self._app.existing(Topic, topic_id(slug))
        with acting_as(actor or SYSTEM), domain_errors_as_application_errors():
            if topic is None:
                topic = Topic.open(slug, name, session, description)
            topic.give_names(lacking(topic.names, names))
            if topic.pending_events:
                self._app.save(topic)
        return topic

    def join_topic(self, topic: str | UUID, username: str) -> Topic:
        """Add a deputy to a topic."""
        return self._change_topic(topic, Actor.staff(username), lambda board: board.join(username))

    def table_proposal(self, topic: str | UUID, number: str, title: str, staff: StaffMember, session: str = "") -> Topic:
        """Table a topic's formal proposal with its official number (a deputy of its board only)."""
        return self.take_proposal_step(topic, ProposalStage.TABLED, staff, number=number, title=title, session=session)

    def take_proposal_step(self, topic: str | UUID, stage: ProposalStage | str, staff: StaffMember,
                           **details: str) -> Topic:
        """Record the next step of a topic's proposal with its details (a deputy of its board only)."""
        return self._board_work(topic, staff, lambda board: board.take_step(stage, **details))

    def correct_proposal_step(self, topic: str | UUID, position: int, reason: str, staff: StaffMember,
                              **details: str) -> Topic:
        """Replace the details of a step of a topic's proposal, saying why (a deputy of its board only)."""
        return self._board_work(topic, staff, lambda board: board.correct_step(position, reason, **details))

    def withdraw_proposal_step(self, topic: str | UUID, position: int, reason: str, staff: StaffMember) -> Topic:
        """Withdraw the latest step of a topic's proposal, recorded wrongly, saying why (a deputy of its board only)."""
        return self._board_work(topic, staff, lambda board: board.withdraw_step(position, reason))

    def _board_work(self, topic: str | UUID, staff: StaffMember, change: Callable[[Topic], None]) -> Topic:
        board = self._app.get_topic(topic)
        check_works_on_board(staff, board.deputies)
        with acting_as(Actor.staff(staff.username)), domain_errors_as_application_errors():
            change(board)
            if board.pending_events:
                self._app.save(board)
        return board

    def _change_topic(self, topic: str | UUID, actor: Actor, change: Callable[[Topic], None]) -> Topic:
        board = self._app.get_topic(topic)
        with acting_as(actor), domain_errors_as_application_errors():
            change(board)
            if board.pending_events:
                self._app.save(board)
        return board
