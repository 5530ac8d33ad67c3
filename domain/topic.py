"""The Topic aggregate: a Two Sessions topic that deputies work on."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Root
from domain.errors import N_, InvalidValue, TransitionNotAllowed
from domain.names import name_in, tidy_names
from domain.naming import natural_id


def topic_id(slug: str) -> UUID:
    return natural_id("topic", slug)


class Topic(Root):
    """A topic opened for a session; suggestions attach, a proposal is tabled."""

    class Opened(Root.Created):
        slug: str
        name: str
        session: str
        description: str

    @staticmethod
    def create_id(slug: str, **_: Any) -> UUID:
        return topic_id(slug)

    @event(Opened)
    def __init__(self, slug: str, name: str, session: str, description: str) -> None:
        self.slug = slug
        self.name = name
        self.session = session
        self.description = description
        self.deputies: list[str] = []
        self.suggestion_ids: list[UUID] = []
        self.proposal_number = ""
        self.proposal_title = ""
        self.outcome = ""
        self.names: dict[str, str] = {}

    @classmethod
    def open(cls, slug: str, name: str, session: str, description: str = "") -> Topic:
        """Open a topic for a session."""
        if not slug.strip() or not name.strip():
            raise InvalidValue(N_("a topic needs a slug and a name"))
        return cls(slug.strip().lower(), name.strip(), session.strip(), description.strip())

    class NamesGiven(Root.Event):
        """The topic's name in each language, in full after the change."""

        names: dict[str, str]

    def give_names(self, names: dict[str, str]) -> None:
        """Name the topic in some of the three languages; the others keep theirs."""
        given = {**self.names, **tidy_names(names)}
        if given != self.names:
            self._names_given(given)

    @event(NamesGiven)
    def _names_given(self, names: dict[str, str]) -> None:
        self.names = dict(names)

    def name_in(self, language: str) -> str:
        """Return the topic's name in ``language`` (else in Simplified Chinese, else the name it was opened with)."""
        return name_in(self.names, language, self.name)

    class DeputyJoined(Root.Event):
        username: str

    def join(self, username: str) -> None:
        """Add a deputy to the topic."""
        if username not in self.deputies:
            self._deputy_joined(username)

    @event(DeputyJoined)
    def _deputy_joined(self, username: str) -> None:
        self.deputies.append(username)

    class SuggestionAttached(Root.Event):
        suggestion_id: UUID

    def attach(self, suggestion_id: UUID) -> None:
        """Attach a suggestion to the topic."""
        if suggestion_id not in self.suggestion_ids:
            self._suggestion_attached(suggestion_id)

    @event(SuggestionAttached)
    def _suggestion_attached(self, suggestion_id: UUID) -> None:
        self.suggestion_ids.append(suggestion_id)

    class SuggestionDetached(Root.Event):
        suggestion_id: UUID

    def detach(self, suggestion_id: UUID) -> None:
        """Take a suggestion off the topic."""
        if suggestion_id not in self.suggestion_ids:
            raise InvalidValue(N_("that suggestion is not on this topic"))
        self._suggestion_detached(suggestion_id)

    @event(SuggestionDetached)
    def _suggestion_detached(self, suggestion_id: UUID) -> None:
        self.suggestion_ids.remove(suggestion_id)

    class ProposalTabled(Root.Event):
        number: str
        title: str

    def table_proposal(self, number: str, title: str) -> None:
        """Table the formal proposal with its official number."""
        if self.proposal_number:
            raise TransitionNotAllowed(N_("proposal %(number)s is already tabled"), number=self.proposal_number)
        if not number.strip() or not title.strip():
            raise InvalidValue(N_("a proposal needs its official number and a title"))
        self._proposal_tabled(number.strip(), title.strip())

    @event(ProposalTabled)
    def _proposal_tabled(self, number: str, title: str) -> None:
        self.proposal_number = number
        self.proposal_title = title

    class OutcomeRecorded(Root.Event):
        outcome: str

    def record_outcome(self, outcome: str) -> None:
        """Record what became of the tabled proposal."""
        if not self.proposal_number:
            raise TransitionNotAllowed(N_("table a proposal before recording its outcome"))
        if not outcome.strip():
            raise InvalidValue(N_("an outcome needs words"))
        self._outcome_recorded(outcome.strip())

    @event(OutcomeRecorded)
    def _outcome_recorded(self, outcome: str) -> None:
        self.outcome = outcome
