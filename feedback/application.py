"""The application: one method per use case, each get -> change -> save."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date, timedelta
from enum import Enum
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import ApplicationRecorder, IntegrityError, Transcoder
from eventsourcing.popo import POPOFactory

from domain.actors import Actor, acting_as
from domain.codes import InvalidCode, new_code, normalise_code, suggestion_id
from domain.staff import StaffMember, staff_id
from domain.suggestion import Suggestion
from domain.topic import Topic, topic_id
from domain.values import CHANNEL_VENUE_KINDS, AgeBand, Category, Channel, Decision, Reaction, Role, VenueKind
from domain.venue import Venue, venue_id
from feedback.catalogue import Catalogue
from feedback.clock import Clock
from feedback.config import Settings, schema_lock
from feedback.credentials import Credentials
from feedback.errors import (
    ActionRefused,
    Conflict,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    domain_errors_as_application_errors,
)
from feedback.keystore import KeyStore, load_master_key
from feedback.privacy import PrivacyUseCases
from feedback.recorders import SealedPOPOApplicationRecorder
from feedback.steps import STEPS, Step, UnknownStep, check_may, step_named
from feedback.tables import SideTables
from feedback.transcodings import DomainTranscoder, register_transcodings

CODE_ATTEMPTS = 5
MIN_PASSWORD = 10
E = TypeVar("E", bound=Enum)


class FeedbackApp(PrivacyUseCases, Application[UUID]):
    """One-Meter Voice: children's suggestions and what the grown-ups did with them."""

    name = "OneMeterVoice"

    def __init__(self, settings: Settings | None = None, clock: Clock | None = None) -> None:
        self.settings = settings or Settings.from_environ()
        self.clock = clock or Clock(self.settings.zone)
        with schema_lock(self.settings.store):
            super().__init__(env=self.settings.store.eventsourcing_env())
            self.credentials = Credentials(self.tables)
        self.catalogue = Catalogue(self)

    def construct_recorder(self) -> ApplicationRecorder:
        if isinstance(self.factory, POPOFactory):
            recorder: ApplicationRecorder = SealedPOPOApplicationRecorder()
        else:
            recorder = super().construct_recorder()
        if hasattr(recorder, "keys"):  # it stores new content keys in the events' transaction
            recorder.keys = self.keys
            self.keys.recorder_takes_keys = True
        return recorder

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        """Record the changes of ``objs`` atomically (with their seal and new keys)."""
        created = [o.id for o in objs if isinstance(o, Suggestion) and o.version == len(o.pending_events)]
        with self.keys.saving(*created):
            return super().save(*objs, **kwargs)

    def construct_transcoder(self) -> Transcoder:
        # The factory exists by now; the key store shares its database.
        self.tables = SideTables(self.factory)
        self.keys = KeyStore(self.tables, load_master_key(self.settings))
        transcoder = DomainTranscoder()
        self.register_transcodings(transcoder)
        register_transcodings(transcoder, self.keys)
        return transcoder

    # -- reading ------------------------------------------------------------

    def get_suggestion(self, code: str) -> Suggestion:
        """Return the item with this tracking code (any case, dashes optional)."""
        try:
            item = self.repository.get(suggestion_id(code))
        except (InvalidCode, AggregateNotFoundError):
            raise NotFound("there is no item with that code") from None
        assert isinstance(item, Suggestion)
        return item

    def get_suggestion_by_id(self, item_id: UUID) -> Suggestion:
        """Return an item by its id (for following a merge; the id reveals no code)."""
        try:
            item = self.repository.get(item_id)
        except AggregateNotFoundError:
            raise NotFound("there is no such item") from None
        if not isinstance(item, Suggestion):
            raise NotFound("there is no such item")
        return item

    def history(self, code: str) -> list[DomainEventProtocol[UUID]]:
        """Return every event of the item, oldest first, from its own stream."""
        item = self.get_suggestion(code)
        return list(self.events.get(item.id))

    def get_venue(self, key: str | UUID) -> Venue:
        """Return a venue by id or slug."""
        return self._get(Venue, key, venue_id, "there is no such place")

    def get_topic(self, key: str | UUID) -> Topic:
        """Return a topic by id or slug."""
        return self._get(Topic, key, topic_id, "there is no such topic")

    def get_staff(self, username: str) -> StaffMember:
        return self._get(StaffMember, username.strip().lower(), staff_id, "there is no such staff member")

    def _get(self, cls: type, key: str | UUID, make_id: Callable[[str], UUID], missing: str) -> Any:
        try:
            aggregate_id = key if isinstance(key, UUID) else _uuid_or(key, make_id)
            aggregate = self.repository.get(aggregate_id)
        except (AggregateNotFoundError, ValueError):
            raise NotFound(missing) from None
        if not isinstance(aggregate, cls):
            raise NotFound(missing)
        return aggregate

    def list_venues(self, kind: VenueKind | None = None) -> list[Venue]:
        return [v for v in self.catalogue.all_venues() if kind is None or v.kind is kind]

    def list_topics(self) -> list[Topic]:
        return self.catalogue.all_topics()

    def venue_name(self, key: UUID | None) -> str:
        venue = self.catalogue.venue(key) if key else None
        return venue.name if venue else ""

    def topic_name(self, key: UUID | None) -> str:
        topic = self.catalogue.topic(key) if key else None
        return topic.name if topic else ""

    # -- the child ------------------------------------------------------------

    def submit(
        self,
        *,
        channel: Channel,
        category: Category,
        age_band: AgeBand,
        text: str,
        venue: str | UUID | None = None,
        title: str | None = None,
        language: str = "zh-Hans",
        ratings: dict[str, int] | None = None,
        actor: Actor | None = None,
        needs_help: bool = False,
    ) -> Suggestion:
        """File a child's idea; return it with its new tracking code.

        The words are screened first: personal data holds the idea back from every
        public place until a moderator redacts or releases it; a disclosure of harm
        (or the child's "I need help") seals it for the safeguarding officer.
        """
        actor = actor or Actor.child()
        place = self._venue_for(as_enum(Channel, channel, "channel"), venue)
        due = self.clock.today() + timedelta(days=self.settings.answer_within_days)
        for _ in range(CODE_ATTEMPTS):
            with acting_as(actor), domain_errors_as_application_errors():
                item = Suggestion.submit(
                    code=new_code(),
                    channel=as_enum(Channel, channel, "channel"),
                    venue_id=place.id if place else None,
                    category=as_enum(Category, category, "category"),
                    age_band=as_enum(AgeBand, age_band, "age_band"),
                    text=text,
                    title=title,
                    language=language,
                    ratings=ratings,
                    assisted=actor.kind == "facilitator",
                    answer_due=due,
                )
                sealed_case = self.screen_new(item, needs_help)
            try:
                self.save(item, *sealed_case)
            except IntegrityError:
                continue  # the new code was taken (1 in 2**40): draw another
            return item
        raise Conflict("could not find a free tracking code; please try again")

    def _venue_for(self, channel: Channel, key: str | UUID | None) -> Venue | None:
        if key in (None, ""):
            if channel is Channel.WEB:
                return None
            raise InvalidInput("choose where you are", {"venue": "choose where you are"})
        try:
            place = self.get_venue(key)  # type: ignore[arg-type]
        except NotFound:
            raise InvalidInput("that place is not known", {"venue": "that place is not known"}) from None
        if place.kind not in CHANNEL_VENUE_KINDS[channel] or not place.is_open:
            raise InvalidInput(
                "that place does not take this kind of idea",
                {"venue": "that place does not take this kind of idea"},
            )
        return place

    def react(self, code: str, reaction: Reaction, comment: str | None = None) -> Suggestion:
        """Record the child's feeling about the answer."""
        return self._change(code, Actor.child(), lambda item: item.react(as_enum(Reaction, reaction, "reaction"), comment))

    def reconsider(self, code: str, comment: str | None = None) -> Suggestion:
        """Ask once to look again at a not-adopted idea (records an unhappy reaction first)."""

        def ask(item: Suggestion) -> None:
            item.check_can_reconsider()
            if item.reaction is not Reaction.UNHAPPY or comment:
                item.react(Reaction.UNHAPPY, comment)
            item.request_reconsideration()

        return self._change(code, Actor.child(), ask)

    def withdraw(self, code: str) -> Suggestion:
        """Take the idea back."""
        return self._change(code, Actor.child(), lambda item: item.withdraw())

    # -- staff ----------------------------------------------------------------

    def accept(self, code: str, actor: Actor, expected_version: int | None = None) -> Suggestion:
        """Accept an item for review."""
        return self._change(code, actor, lambda item: item.accept(), expected_version)

    def decline(
        self, code: str, reason: str, explanation: str, actor: Actor, expected_version: int | None = None
    ) -> Suggestion:
        """Decline an item, with a reason and words for the child."""
        return self._change(code, actor, lambda item: item.decline(reason, explanation), expected_version)

    def merge(self, code: str, into: str, actor: Actor, expected_version: int | None = None) -> Suggestion:
        """Merge a duplicate into another item; both keep the record."""
        target = self._referenced(
            self.get_suggestion, into, "into", "there is no item with that code to merge into"
        )

        def merge_into(item: Suggestion) -> list[Suggestion]:
            item.merge_into(target)
            return [target]

        return self._change(code, actor, merge_into, expected_version)

    def assign_topic(
        self, code: str, topic: str | UUID, actor: Actor, expected_version: int | None = None
    ) -> Suggestion:
        """Group an item under a Two Sessions topic."""
        board = self._referenced(self.get_topic, topic, "topic", "there is no such topic")

        def assign(item: Suggestion) -> list[Topic]:
            previous = self._previous_topic(item, board)
            item.assign_topic(board.id)
            board.attach(item.id)
            if previous is not None:
                previous.detach(item.id)
                return [board, previous]
            return [board]

        return self._change(code, actor, assign, expected_version)

    def _previous_topic(self, item: Suggestion, board: Topic) -> Topic | None:
        """Return the topic an item leaves when it moves to ``board`` (if that topic lists it)."""
        if item.topic_id is None or item.topic_id == board.id:
            return None
        previous = self._existing(Topic, item.topic_id)
        return previous if previous is not None and item.id in previous.suggestion_ids else None

    def detach_from_topic(self, code: str, actor: Actor, expected_version: int | None = None) -> Suggestion:
        """Take an item off its Two Sessions topic; the item and the topic both record it."""

        def detach(item: Suggestion) -> list[Topic]:
            board = self._existing(Topic, item.topic_id) if item.topic_id else None
            item.remove_topic()
            if board is None or item.id not in board.suggestion_ids:
                return []
            board.detach(item.id)
            return [board]

        return self._change(code, actor, detach, expected_version)

    def forward(
        self, code: str, body: str | UUID, due: date, actor: Actor, expected_version: int | None = None
    ) -> Suggestion:
        """Send an item to the body that must answer it, by ``due``."""
        responsible = self._referenced(self.get_venue, body, "body", "there is no such responsible body")
        if not responsible.can_answer:
            raise InvalidInput(f"{responsible.name} cannot answer items", {"body": "not a responsible body"})
        if not isinstance(due, date):
            raise InvalidInput("a forward needs a due date", {"due": "give a date such as 2027-01-31"})
        if due < self.clock.today():
            raise InvalidInput("the due date is in the past", {"due": "the due date is in the past"})
        return self._change(code, actor, lambda item: item.forward(responsible.id, due), expected_version)

    def answer(
        self,
        code: str,
        decision: Decision,
        response: str,
        explanation: str,
        actor: Actor,
        expected_version: int | None = None,
    ) -> Suggestion:
        """Answer an item: a decision, the official response, and words a child can read."""
        return self._change(
            code, actor, lambda item: item.answer(as_enum(Decision, decision, "decision"), response, explanation), expected_version
        )

    def record_progress(
        self, code: str, percent: int, note: str, actor: Actor, expected_version: int | None = None
    ) -> Suggestion:
        """Report progress on an adopted idea."""
        return self._change(code, actor, lambda item: item.record_progress(percent, note), expected_version)

    def mark_implemented(
        self, code: str, evidence: str, actor: Actor, expected_version: int | None = None
    ) -> Suggestion:
        """Close an adopted idea as done, with evidence."""
        return self._change(code, actor, lambda item: item.mark_implemented(evidence), expected_version)

    def act(self, staff: StaffMember, code: str, step: Step | str, **params: Any) -> Suggestion:
        """Take a lifecycle step (or the step of that name) as ``staff``, after checking their role allows it."""
        if not isinstance(step, Step):
            step = as_step(step)
        check_may(staff, step, self.get_suggestion(code))
        use_case = getattr(self, step.use_case)
        return use_case(code, actor=Actor.staff(staff.username), **params)

    def _change(
        self,
        code: str,
        actor: Actor,
        change: Callable[[Suggestion], Sequence[Any] | None],
        expected_version: int | None = None,
    ) -> Suggestion:
        with acting_as(actor), domain_errors_as_application_errors():
            item = self.get_suggestion(code)
            if expected_version is not None and expected_version != item.version:
                raise Conflict(
                    f"someone changed this item meanwhile: it is now at version {item.version}, "
                    f"not {expected_version}"
                )
            others = change(item) or ()
            self.save(item, *others)
        return item

    # -- venues, topics, staff --------------------------------------------------

    def register_venue(
        self, slug: str, kind: VenueKind, name: str, district: str = "", parent: str | None = None
    ) -> Venue:
        """Register a venue (idempotent on its slug)."""
        existing = self._existing(Venue, venue_id(slug))
        if existing:
            return existing
        parent_id = self.get_venue(parent).id if parent else None
        with acting_as(Actor(kind="system")), domain_errors_as_application_errors():
            venue = Venue.register(slug, as_enum(VenueKind, kind, "kind"), name, district, parent_id)
            self.save(venue)
        return venue

    def open_topic(self, slug: str, name: str, session: str, description: str = "", actor: Actor | None = None) -> Topic:
        """Open a topic for a session (idempotent on its slug)."""
        existing = self._existing(Topic, topic_id(slug))
        if existing:
            return existing
        with acting_as(actor or Actor(kind="system")), domain_errors_as_application_errors():
            topic = Topic.open(slug, name, session, description)
            self.save(topic)
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
        board = self.get_topic(topic)
        with acting_as(actor), domain_errors_as_application_errors():
            change(board)
            self.save(board)
        return board

    def add_staff(
        self, username: str, role: Role, body: str | None = None, display_name: str = ""
    ) -> tuple[StaffMember, str]:
        """Register a staff member (or grant another role) and issue an API token."""
        role = as_enum(Role, role, "role")
        body_id = self._body_id(role, body)
        with acting_as(Actor(kind="system")), domain_errors_as_application_errors():
            member = self._existing(StaffMember, staff_id(username)) or StaffMember.register(
                username, display_name
            )
            member.grant(role, body_id)
            self.save(member)
        return member, self.credentials.issue_token(member.username)

    def _body_id(self, role: Role, body: str | None) -> UUID | None:
        if role is not Role.OFFICIAL:
            if body:
                raise InvalidInput("only officials answer for a body", {"body": "only for officials"})
            return None
        if not body:
            raise InvalidInput("an official answers for a body: give --body", {"body": "required"})
        responsible = self._referenced(self.get_venue, body, "body", "there is no such responsible body")
        if not responsible.can_answer:
            raise InvalidInput(f"{responsible.name} is not a responsible body", {"body": "not a body"})
        return responsible.id

    def register_staff(
        self, username: str, role: Role, actor: Actor, body: str | None = None, display_name: str = ""
    ) -> StaffMember:
        """Register a new staff member with a first role (refused if the username is taken)."""
        role = as_enum(Role, role, "role")
        body_id = self._body_id(role, body)
        if self._existing(StaffMember, staff_id(username.strip().lower() or "-")):
            raise InvalidInput("that username is taken", {"username": "that username is taken"})
        with acting_as(actor), domain_errors_as_application_errors():
            member = StaffMember.register(username, display_name)
            member.grant(role, body_id)
            self.save(member)
        return member

    def grant_role(self, username: str, role: Role, actor: Actor, body: str | None = None) -> StaffMember:
        """Grant a staff member a role (an official's names the body they answer for)."""
        role = as_enum(Role, role, "role")
        body_id = self._body_id(role, body)
        member = self.get_staff(username)
        with acting_as(actor), domain_errors_as_application_errors():
            member.grant(role, body_id)
            self.save(member)
        return member

    def revoke_role(self, username: str, role: Role, actor: Actor) -> StaffMember:
        """Take a role away from a staff member (an admin cannot take their own admin role)."""
        role = as_enum(Role, role, "role")
        member = self.get_staff(username)
        if role is Role.ADMIN and actor.username == member.username:
            raise ActionRefused("you cannot take away your own admin role: ask another admin")
        with acting_as(actor), domain_errors_as_application_errors():
            member.revoke(role)
            self.save(member)
        return member

    def set_password(self, username: str, password: str) -> None:
        """Set a staff member's password (kept as a scrypt hash, outside the event log)."""
        member = self.get_staff(username)
        if len(password) < MIN_PASSWORD:
            message = f"a password has at least {MIN_PASSWORD} characters"
            raise InvalidInput(message, {"password": message})
        self.credentials.set_password(member.username, password)

    def sign_in(self, username: str, password: str) -> StaffMember:
        """Return the staff member with this username and password, or refuse (without saying which was wrong)."""
        name = username.strip().lower()
        if not self.credentials.check_password(name, password):
            raise NotAuthenticated("that username and password do not match")
        try:
            return self.get_staff(name)
        except NotFound:
            raise NotAuthenticated("that username and password do not match") from None

    def issue_token(self, username: str, label: str = "") -> str:
        """Issue a new API token to a staff member; it is shown once, only its hash is kept."""
        member = self.get_staff(username)
        return self.credentials.issue_token(member.username, label=label)

    def list_staff(self) -> list[StaffMember]:
        """Return every staff member, by username (a scan of registrations; staff are few)."""
        ids = {n.originator_id for n in self.iter_notifications([StaffMember.Registered])}
        members = [self.repository.get(member_id) for member_id in ids]
        return sorted(members, key=lambda m: m.username)

    def authenticate(self, token: str) -> StaffMember:
        """Return the staff member an API token belongs to."""
        username = self.credentials.username_for_token(token) if token else None
        if username is None:
            raise NotAuthenticated("a valid API token is required")
        try:
            return self.get_staff(username)
        except NotFound:
            raise NotAuthenticated("a valid API token is required") from None

    @staticmethod
    def _referenced(get: Callable[[Any], Any], key: Any, field: str, missing: str) -> Any:
        """Look up what a command refers to; a missing one is bad input, not a missing page."""
        try:
            return get(key)
        except NotFound:
            raise InvalidInput(missing, {field: missing}) from None

    def _existing(self, cls: type, aggregate_id: UUID) -> Any:
        try:
            aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        return aggregate if isinstance(aggregate, cls) else None

    def count_suggestions(self) -> int:
        """Return how many items are in the log (a scan; for the CLI and demo)."""
        return sum(1 for _ in self.iter_notifications([Suggestion.Submitted]))

    def iter_notifications(self, event_classes: Sequence[type], batch: int = 1000) -> Iterator[Any]:
        from eventsourcing.utils import get_topic

        topics = [get_topic(cls) for cls in event_classes]
        position = 0
        while True:
            rows = self.recorder.select_notifications(start=position + 1, limit=batch, topics=topics)
            if not rows:
                return
            yield from rows
            position = rows[-1].id

    def is_empty(self) -> bool:
        return not self.recorder.select_notifications(start=1, limit=1)


def as_enum(cls: type[E], value: Any, field: str) -> E:
    """Convert a string from the edge to a domain enum, or say which values are allowed."""
    try:
        return cls(value)
    except ValueError:
        allowed = ", ".join(member.value for member in cls)  # type: ignore[attr-defined]
        message = f"{value!r} is not one of: {allowed}"
        raise InvalidInput(message, {field: message}) from None


def as_step(name: str) -> Step:
    """Return the staff step called ``name``, or say which steps there are."""
    try:
        return step_named(name)
    except UnknownStep:
        message = f"{name!r} is not one of: {', '.join(step.name for step in STEPS)}"
        raise InvalidInput(message, {"action": message}) from None


def _uuid_or(key: str, make_id: Callable[[str], UUID]) -> UUID:
    try:
        return UUID(key)
    except ValueError:
        return make_id(key)


__all__ = ["FeedbackApp", "ActionRefused", "Conflict", "NotFound", "InvalidInput", "normalise_code"]
