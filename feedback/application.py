"""The application: one method per use case, each get -> change -> save."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date, timedelta
from enum import Enum
from typing import Any, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import ApplicationRecorder, InfrastructureFactory, IntegrityError, Transcoder
from eventsourcing.utils import Environment, get_topic

from domain.actors import Actor, acting_as
from domain.codes import (
    InvalidCode,
    InvalidRef,
    item_id_for,
    legacy_suggestion_id,
    new_code,
    new_ref,
    normalise_code,
    reference_id,
)
from domain.naming import natural_id
from domain.reference import Reference
from domain.safeguarding import SafeguardingCase, case_id
from domain.staff import StaffMember, staff_id
from domain.suggestion import Suggestion
from domain.topic import Topic, topic_id
from domain.values import CHANNEL_VENUE_KINDS, AgeBand, Category, Channel, Decision, Reaction
from domain.venue import Venue, venue_id
from feedback.clock import Clock
from feedback.config import SEALED_FACTORIES, Settings, schema_lock
from feedback.errors import (
    N_,
    ActionRefused,
    ConfigError,
    Conflict,
    InvalidInput,
    NotFound,
    domain_errors_as_application_errors,
)
from feedback.keystore import KeyStore, load_master_key
from feedback.screening import screen_words
from feedback.steps import STEPS, Step, UnknownStep, check_may, step_named
from feedback.tables import SideTables, events_table_of
from feedback.persistence.overrides import SEALED_RECORDERS, STORES_KEYS_WITH_EVENTS, DomainTranscoder, save_collected
from feedback.transcodings import register_transcodings

CODE_ATTEMPTS = 5
# Items' ids are keyed hashes of their codes under this store's own random secret (kept, wrapped by the
# master key, beside the content keys, so it moves with a store copy): without it no id leads to a code.
CODE_KEY = natural_id("secret", "item ids from tracking codes")
E = TypeVar("E", bound=Enum)


class FeedbackApp(Application[UUID]):
    """One-Meter Voice's store, and the lifecycle of children's suggestions: one method per use case."""

    name = "OneMeterVoice"

    def __init__(self, settings: Settings | None = None, clock: Clock | None = None) -> None:
        self.settings = settings or Settings.from_environ()
        self.clock = clock or Clock(self.settings.zone)
        with schema_lock(self.settings.store):
            super().__init__(env=self.settings.store.eventsourcing_env())
            self.tables.migrate_with(self)

    def construct_factory(self, env: Environment) -> InfrastructureFactory:
        factory = super().construct_factory(env)
        store = self.settings.store
        if get_topic(type(factory)) != SEALED_FACTORIES[store.scheme]:
            factory.close()
            raise ConfigError(f"the event store's factory {get_topic(type(factory))} is not this store's sealed "
                              "one: unset the PERSISTENCE_MODULE that names it")
        schema = getattr(getattr(factory, "datastore", None), "schema", store.schema)
        if store.scheme == "postgresql" and schema != store.schema:
            factory.close()
            raise ConfigError(f"the events would go to schema {schema!r}, not {store.schema!r} as POSTGRES_SCHEMA "
                              f"says: unset {self.name.upper()}_POSTGRES_SCHEMA")
        return factory

    def construct_recorder(self) -> ApplicationRecorder:
        recorder = super().construct_recorder()
        if not isinstance(recorder, SEALED_RECORDERS):
            raise ConfigError(f"the event recorder {get_topic(type(recorder))} does not seal events: unset the "
                              "APPLICATION_RECORDER_TOPIC that names it")
        if isinstance(recorder, STORES_KEYS_WITH_EVENTS):
            recorder.keys = self.keys
            self.keys.recorder_takes_keys = True
        return recorder

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        """Record the changes of ``objs`` atomically (with their seal and new keys)."""
        created = [o.id for o in objs if isinstance(o, Suggestion) and o.version == len(o.pending_events)]
        with self.keys.saving(*created):
            return save_collected(self, objs, kwargs)

    def construct_transcoder(self) -> Transcoder:
        # The factory exists by now; the key store shares its database.
        self.tables = SideTables(getattr(self.factory, "datastore", None), events_table_of(self.name))
        self.keys = KeyStore(self.tables, load_master_key(self.settings))
        self._code_key = self.keys.store_secret(CODE_KEY)
        transcoder = DomainTranscoder()
        self.register_transcodings(transcoder)
        register_transcodings(transcoder, self.keys)
        return transcoder

    # -- reading ------------------------------------------------------------

    def get_suggestion(self, code: str) -> Suggestion:
        """Return the item with this tracking code (any case, dashes optional): the child's way in."""
        try:
            code = normalise_code(code)
        except InvalidCode:
            raise NotFound(N_("there is no item with that code")) from None
        for item_id in (item_id_for(code, self._code_key), legacy_suggestion_id(code)):
            item = self.existing(Suggestion, item_id)
            if item is not None:
                item.code = code
                return item
        raise NotFound(N_("there is no item with that code"))

    def get_by_ref(self, ref: str) -> Suggestion:
        """Return the item with this public reference: the staff's way in (it reveals no code)."""
        try:
            index = self.existing(Reference, reference_id(ref))
        except InvalidRef:
            index = None
        if index is None:
            raise NotFound(N_("there is no item with that reference"))
        return self.get_suggestion_by_id(index.item_id)

    def get_item(self, key: str) -> Suggestion:
        """Return the item a tracking code or a public reference names (for the operator's CLI)."""
        try:
            return self.get_by_ref(key)
        except NotFound:
            return self.get_suggestion(key)

    def get_suggestion_by_id(self, item_id: UUID) -> Suggestion:
        """Return an item by its id (for following a merge; the id reveals no code)."""
        try:
            item: Any = self.repository.get(item_id)
        except AggregateNotFoundError:
            raise NotFound(N_("there is no such item")) from None
        if not isinstance(item, Suggestion):
            raise NotFound(N_("there is no such item"))
        return item

    def ref_of(self, item_id: UUID | None) -> str | None:
        """Return the public reference of the item with this id (None for none)."""
        item = self.existing(Suggestion, item_id) if item_id else None
        return item.ref if item is not None else None

    def history(self, key: str) -> list[DomainEventProtocol[UUID]]:
        """Return every event of the item a code or reference names, oldest first, from its own stream."""
        item = self.get_item(key)
        return list(self.events.get(item.id))

    def history_of(self, item: Suggestion) -> list[DomainEventProtocol[UUID]]:
        """Return every event of an item already read, oldest first, from its own stream."""
        saved: tuple[Any, ...] | None = getattr(item, "saved_history", None)
        if saved is not None and len(saved) == item.version:  # all of it, just saved by submit()
            return list(saved)
        return list(self.events.get(item.id))

    def get_venue(self, key: str | UUID) -> Venue:
        """Return a venue by id or slug."""
        return self._get(Venue, key, venue_id, N_("there is no such place"))

    def get_topic(self, key: str | UUID) -> Topic:
        """Return a topic by id or slug."""
        return self._get(Topic, key, topic_id, N_("there is no such topic"))

    def get_staff(self, username: str) -> StaffMember:
        return self._get(StaffMember, username.strip().lower(), staff_id, N_("there is no such staff member"))

    def _get(self, cls: type, key: str | UUID, make_id: Callable[[str], UUID], missing: str) -> Any:
        try:
            aggregate_id = key if isinstance(key, UUID) else _uuid_or(key, make_id)
            aggregate: Any = self.repository.get(aggregate_id)
        except (AggregateNotFoundError, ValueError):
            raise NotFound(missing) from None
        if not isinstance(aggregate, cls):
            raise NotFound(missing)
        return aggregate

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
                item, index = self.draft(
                    new_code(),
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
                sealed_case = screen_words(item, self.safeguarding_case, needs_help)
            saved = tuple(item.pending_events)
            try:
                self.save(item, index, *sealed_case)
            except IntegrityError:
                continue  # the new code or reference was taken (1 in 2**40 each): draw again
            cast(Any, item).saved_history = saved  # the reply's timeline, without reading back what was just written
            return item
        raise Conflict(N_("could not find a free tracking code; please try again"))

    def draft(self, code: str, **fields: Any) -> tuple[Suggestion, Reference]:
        """Return a new item filed under ``code`` (not saved) and the index entry of its new reference.

        Save both together: the item's id is a keyed hash of the code, its reference is random,
        and the index finds the item from the reference. ``item.code`` holds the code for the
        child's receipt; the store keeps no code.
        """
        item = Suggestion.submit(item_id=item_id_for(code, self._code_key), ref=new_ref(), **fields)
        assert item.ref is not None
        item.code = normalise_code(code)
        return item, Reference(ref=item.ref, item_id=item.id)

    def give_missing_refs(self) -> int:
        """Give each item filed before public references a random one (an event each); return how many."""
        given = 0
        for notification in list(self.iter_notifications([Suggestion.Submitted])):
            item = self.existing(Suggestion, notification.originator_id)
            if item is None or item.ref is not None:
                continue
            for _ in range(CODE_ATTEMPTS):
                ref = new_ref()
                with acting_as(Actor(kind="system")):
                    item.give_ref(ref)
                    index = Reference(ref=ref, item_id=item.id)
                try:
                    self.save(item, index)
                except IntegrityError:
                    item = self.existing(Suggestion, notification.originator_id)  # a clash, or another process
                    if item is None or item.ref is not None:
                        break
                    continue
                given += 1
                break
        return given

    def _venue_for(self, channel: Channel, key: str | UUID | None) -> Venue | None:
        if key in (None, ""):
            if channel is Channel.WEB:
                return None
            raise InvalidInput(N_("choose where you are"), {"venue": N_("choose where you are")})
        try:
            place = self.get_venue(key)
        except NotFound:
            raise InvalidInput(N_("that place is not known"), {"venue": N_("that place is not known")}) from None
        if place.kind not in CHANNEL_VENUE_KINDS[channel] or not place.is_open:
            raise InvalidInput(
                N_("that place does not take this kind of idea"),
                {"venue": N_("that place does not take this kind of idea")},
            )
        return place

    def react(self, code: str, reaction: Reaction, comment: str | None = None) -> Suggestion:
        """Record the child's feeling about the answer (a comment passes the screen)."""
        return self.child_writes(code, lambda item: item.react(as_enum(Reaction, reaction, "reaction"), comment))

    def reconsider(self, code: str, comment: str | None = None) -> Suggestion:
        """Ask once to look again at a not-adopted idea (records an unhappy reaction first)."""

        def ask(item: Suggestion) -> None:
            item.check_can_reconsider()
            if item.reaction is not Reaction.UNHAPPY or comment:
                item.react(Reaction.UNHAPPY, comment)
            item.request_reconsideration(self.clock.today() + timedelta(days=self.settings.answer_within_days))

        return self.child_writes(code, ask)

    def child_writes(self, code: str, write: Callable[[Suggestion], None]) -> Suggestion:
        """Apply what the child did to the item, screen any words they wrote, and save it with any case."""

        def written(item: Suggestion) -> list[Any]:
            write(item)
            return screen_words(item, self.safeguarding_case)

        return self.child_change(code, written)

    def safeguarding_case(self, item_id: UUID) -> SafeguardingCase | None:
        """Return the item's safeguarding case, or None."""
        case: SafeguardingCase | None = self.existing(SafeguardingCase, case_id(item_id))
        return case

    def withdraw(self, code: str) -> Suggestion:
        """Take the idea back."""
        return self.child_change(code, lambda item: item.withdraw())

    # -- staff ----------------------------------------------------------------

    def accept(self, ref: str, actor: Actor, expected_version: int | None = None) -> Suggestion:
        """Accept an item for review."""
        return self.change(ref, actor, lambda item: item.accept(), expected_version)

    def decline(
        self, ref: str, reason: str, explanation: str, actor: Actor, expected_version: int | None = None
    ) -> Suggestion:
        """Decline an item, with a reason and words for the child."""
        return self.change(ref, actor, lambda item: item.decline(reason, explanation), expected_version)

    def merge(self, ref: str, into: str, actor: Actor, expected_version: int | None = None) -> Suggestion:
        """Merge a duplicate into another item; both keep the record."""
        target = self.referenced(
            self.get_item, into, "into", N_("there is no item with that reference to merge into")
        )

        def merge_into(item: Suggestion) -> list[Suggestion]:
            item.merge_into(target)
            return [target]

        return self.change(ref, actor, merge_into, expected_version)

    def assign_topic(
        self, ref: str, topic: str | UUID, actor: Actor, expected_version: int | None = None
    ) -> Suggestion:
        """Group an item under a Two Sessions topic."""
        board = self.referenced(self.get_topic, topic, "topic", N_("there is no such topic"))

        def assign(item: Suggestion) -> list[Topic]:
            previous = self._previous_topic(item, board)
            item.assign_topic(board.id)
            board.attach(item.id)
            if previous is not None:
                previous.detach(item.id)
                return [board, previous]
            return [board]

        return self.change(ref, actor, assign, expected_version)

    def _previous_topic(self, item: Suggestion, board: Topic) -> Topic | None:
        """Return the topic an item leaves when it moves to ``board`` (if that topic lists it)."""
        if item.topic_id is None or item.topic_id == board.id:
            return None
        previous = self.existing(Topic, item.topic_id)
        return previous if previous is not None and item.id in previous.suggestion_ids else None

    def detach_from_topic(self, ref: str, actor: Actor, expected_version: int | None = None) -> Suggestion:
        """Take an item off its Two Sessions topic; the item and the topic both record it."""

        def detach(item: Suggestion) -> list[Topic]:
            board = self.existing(Topic, item.topic_id) if item.topic_id else None
            item.remove_topic()
            if board is None or item.id not in board.suggestion_ids:
                return []
            board.detach(item.id)
            return [board]

        return self.change(ref, actor, detach, expected_version)

    def forward(
        self, ref: str, body: str | UUID, due: date, actor: Actor, expected_version: int | None = None
    ) -> Suggestion:
        """Send an item to the body that must answer it, by ``due``."""
        responsible = self.referenced(self.get_venue, body, "body", N_("there is no such responsible body"))
        if not responsible.can_answer:
            raise InvalidInput(N_("%(name)s cannot answer items"), {"body": N_("not a responsible body")}, name=responsible.name)
        if not isinstance(due, date):
            raise InvalidInput(N_("a forward needs a due date"), {"due": N_("give a date such as 2027-01-31")})
        if due < self.clock.today():
            raise InvalidInput(N_("the due date is in the past"), {"due": N_("the due date is in the past")})
        return self.change(ref, actor, lambda item: item.forward(responsible.id, due), expected_version)

    def answer(
        self,
        ref: str,
        decision: Decision,
        response: str,
        explanation: str,
        actor: Actor,
        expected_version: int | None = None,
    ) -> Suggestion:
        """Answer an item: a decision, the official response, and words a child can read."""
        return self.change(
            ref, actor, lambda item: item.answer(as_enum(Decision, decision, "decision"), response, explanation), expected_version
        )

    def record_progress(
        self, ref: str, percent: int, note: str, actor: Actor, expected_version: int | None = None
    ) -> Suggestion:
        """Report progress on an adopted idea."""
        return self.change(ref, actor, lambda item: item.record_progress(percent, note), expected_version)

    def mark_implemented(
        self, ref: str, evidence: str, actor: Actor, expected_version: int | None = None
    ) -> Suggestion:
        """Close an adopted idea as done, with evidence."""
        return self.change(ref, actor, lambda item: item.mark_implemented(evidence), expected_version)

    def act(self, staff: StaffMember, ref: str, step: Step | str, **params: Any) -> Suggestion:
        """Take a lifecycle step (or the step of that name) as ``staff``, after checking their role allows it."""
        if not isinstance(step, Step):
            step = as_step(step)
        check_may(staff, step, self.get_item(ref))
        use_case = getattr(self, step.use_case)
        return use_case(ref, actor=Actor.staff(staff.username), **params)

    def change(
        self,
        ref: str,
        actor: Actor,
        change: Callable[[Suggestion], Sequence[Any] | None],
        expected_version: int | None = None,
    ) -> Suggestion:
        """Get the item, refuse a stale ``expected_version``, apply ``change`` as ``actor``, save what changed.

        Staff name an item by its public reference (the web and the API take nothing else from
        them); the operator's tools and the tests may name it by its code (see :meth:`get_item`).
        """
        return self.apply_change(self.get_item(ref), actor, change, expected_version)

    def child_change(self, code: str, change: Callable[[Suggestion], Sequence[Any] | None]) -> Suggestion:
        """Get the item a tracking code names, apply what the child did, and save it."""
        return self.apply_change(self.get_suggestion(code), Actor.child(), change)

    def apply_change(
        self,
        item: Suggestion,
        actor: Actor,
        change: Callable[[Suggestion], Sequence[Any] | None],
        expected_version: int | None = None,
    ) -> Suggestion:
        """Refuse a stale ``expected_version``, apply ``change`` as ``actor`` and save what it changed."""
        with acting_as(actor), domain_errors_as_application_errors():
            if expected_version is not None and expected_version != item.version:
                raise Conflict(
                    N_("someone changed this item meanwhile: it is now at version %(version)s, not %(expected)s"),
                    version=item.version, expected=expected_version,
                )
            others = change(item) or ()
            self.save(item, *others)
        return item

    # -- shared by the services ------------------------------------------------------

    @staticmethod
    def referenced(get: Callable[[Any], Any], key: Any, field: str, missing: str) -> Any:
        """Look up what a command refers to; a missing one is bad input, not a missing page."""
        try:
            return get(key)
        except NotFound:
            raise InvalidInput(missing, {field: missing}) from None

    def existing(self, cls: type, aggregate_id: UUID) -> Any:
        """Return the aggregate of type ``cls`` with this id, or None."""
        try:
            aggregate: Any = self.repository.get(aggregate_id)
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
        allowed = ", ".join(member.value for member in cls)
        message = N_("%(value)r is not one of: %(allowed)s")
        raise InvalidInput(message, {field: message}, value=value, allowed=allowed) from None


def as_step(name: str) -> Step:
    """Return the staff step called ``name``, or say which steps there are."""
    try:
        return step_named(name)
    except UnknownStep:
        message = N_("%(value)r is not one of: %(allowed)s")
        allowed = ", ".join(step.name for step in STEPS)
        raise InvalidInput(message, {"action": message}, value=name, allowed=allowed) from None


def _uuid_or(key: str, make_id: Callable[[str], UUID]) -> UUID:
    try:
        return UUID(key)
    except ValueError:
        return make_id(key)


__all__ = ["FeedbackApp", "ActionRefused", "Conflict", "NotFound", "InvalidInput", "normalise_code"]
