"""The Topic aggregate: a Two Sessions topic that deputies work on."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Root
from domain.actors import Actor
from domain.errors import N_, InvalidValue, TransitionNotAllowed
from domain.names import name_in, tidy_names
from domain.naming import natural_id


def topic_id(slug: str) -> UUID:
    return natural_id("topic", slug)


class ProposalStage(str, Enum):
    """A step of the proposal's own lifecycle (their words live in feedback/steps.py, ``PROPOSAL_STEPS``)."""

    DRAFTED = "drafted"
    TABLED = "tabled"  # 提交: its official number, at a session
    ACCEPTED = "accepted"  # 立案: accepted for handling
    MERGED = "merged"  # 并案: handled together with another proposal
    NOT_ACCEPTED = "not_accepted"  # 不予立案
    ANSWERED = "answered"  # the handling body answered
    CLOSED = "closed"  # 办结
    OUTCOME = "outcome"  # an outcome written as free text before the steps existed (old stores)


S = ProposalStage
# Which steps may follow the standing one (None: no step yet).
NEXT: dict[ProposalStage | None, tuple[ProposalStage, ...]] = {
    None: (S.DRAFTED, S.TABLED),
    S.DRAFTED: (S.TABLED,),
    S.TABLED: (S.ACCEPTED, S.MERGED, S.NOT_ACCEPTED),
    S.ACCEPTED: (S.ANSWERED,),
    S.MERGED: (S.ANSWERED, S.CLOSED),
    S.NOT_ACCEPTED: (),
    S.ANSWERED: (S.CLOSED,),
    S.CLOSED: (),
    S.OUTCOME: (S.CLOSED,),
}
# The details each step records, and which of them it cannot go without.
DETAILS: dict[ProposalStage, tuple[str, ...]] = {
    S.DRAFTED: ("title", "text"),
    S.TABLED: ("number", "title", "session"),
    S.ACCEPTED: ("handler",),
    S.MERGED: ("into",),
    S.NOT_ACCEPTED: ("reason",),
    S.ANSWERED: ("body", "summary"),
    S.CLOSED: ("note",),
    S.OUTCOME: ("outcome",),
}
REQUIRED: dict[ProposalStage, tuple[str, ...]] = {
    S.DRAFTED: ("title",),
    S.TABLED: ("number", "title"),
    S.ACCEPTED: (),
    S.MERGED: ("into",),
    S.NOT_ACCEPTED: ("reason",),
    S.ANSWERED: ("body", "summary"),
    S.CLOSED: (),
    S.OUTCOME: ("outcome",),
}


@dataclass(frozen=True)
class Correction:
    """A later event that replaced a step's details or withdrew it: when, by whom, why."""

    at: datetime
    by: str
    reason: str
    withdrawn: bool = False


@dataclass(frozen=True)
class ProposalStep:
    """One step of the proposal as it stands now (corrections applied), with its history of corrections."""

    position: int  # 1, 2, ... in the order the steps were recorded
    stage: ProposalStage
    details: dict[str, str]
    at: datetime
    by: str
    corrections: tuple[Correction, ...] = ()
    withdrawn: bool = False

    def get(self, name: str) -> str:
        return self.details.get(name, "")


def who(actor: Actor | None) -> str:
    """Return the name of who acted (a staff member's username; the kind of actor otherwise)."""
    if actor is None:
        return ""
    return actor.username or actor.kind


class StepEvent(Root.Event):
    """An event of the proposal's lifecycle: while it applies, the topic knows when and by whom."""

    def mutate(self, aggregate: Any) -> Any:
        aggregate._applying = self
        try:
            return super().mutate(aggregate)
        finally:
            aggregate._applying = None


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
        self.proposal_steps: list[ProposalStep] = []

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

    class ProposalTabled(StepEvent):
        class_version = 2
        number: str
        title: str
        session: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["session"] = ""  # tabled before the session was recorded: the topic's own session

    def table_proposal(self, number: str, title: str, session: str = "") -> None:
        """Table the formal proposal with its official number (at the topic's session unless another is named)."""
        if self.proposal_number:
            raise TransitionNotAllowed(N_("proposal %(number)s is already tabled"), number=self.proposal_number)
        if not number.strip() or not title.strip():
            raise InvalidValue(N_("a proposal needs its official number and a title"))
        self._check_next(S.TABLED)
        self._proposal_tabled(number.strip(), title.strip(), session.strip())

    @event(ProposalTabled)
    def _proposal_tabled(self, number: str, title: str, session: str) -> None:
        self.proposal_number = number
        self.proposal_title = title
        self._step(S.TABLED, {"number": number, "title": title, "session": session or self.session})

    class OutcomeRecorded(StepEvent):
        outcome: str

    def record_outcome(self, outcome: str) -> None:
        """Record what became of the tabled proposal, as free text (the old way: kept so old stores read the same)."""
        if not self.proposal_number:
            raise TransitionNotAllowed(N_("table a proposal before recording its outcome"))
        if not outcome.strip():
            raise InvalidValue(N_("an outcome needs words"))
        self._outcome_recorded(outcome.strip())

    @event(OutcomeRecorded)
    def _outcome_recorded(self, outcome: str) -> None:
        self.outcome = outcome
        self._step(S.OUTCOME, {"outcome": outcome})

    # -- the proposal's own lifecycle ------------------------------------------------------------

    @property
    def proposal_stage(self) -> ProposalStage | None:
        """Return the standing step of the proposal (the latest not withdrawn), or None before any."""
        standing = self.standing_steps
        return standing[-1].stage if standing else None

    @property
    def standing_steps(self) -> list[ProposalStep]:
        """Return the proposal's steps that stand (the withdrawn ones left out), oldest first."""
        return [step for step in self.proposal_steps if not step.withdrawn]

    def next_stages(self) -> tuple[ProposalStage, ...]:
        """Return the steps that may follow now."""
        return NEXT[self.proposal_stage]

    def _check_next(self, stage: ProposalStage) -> None:
        if stage not in self.next_stages():
            raise TransitionNotAllowed(
                N_("the proposal cannot go to '%(step)s' from where it stands"), step=stage.value
            )

    def _when_who(self) -> tuple[datetime, str]:
        applying = getattr(self, "_applying", None)
        if applying is None:
            return self.modified_on, ""
        return applying.timestamp, who(getattr(applying, "actor", None))

    def _step(self, stage: ProposalStage, details: dict[str, str]) -> None:
        at, by = self._when_who()
        self.proposal_steps.append(ProposalStep(len(self.proposal_steps) + 1, stage, details, at, by))

    @staticmethod
    def tidy_details(stage: ProposalStage, details: dict[str, Any]) -> dict[str, str]:
        """Return a step's details trimmed, refusing unknown ones and missing required ones."""
        unknown = sorted(set(details) - set(DETAILS[stage]))
        if unknown:
            raise InvalidValue(N_("the step '%(step)s' records no '%(detail)s'"), step=stage.value, detail=unknown[0])
        tidy = {name: str(details.get(name) or "").strip() for name in DETAILS[stage]}
        for name in REQUIRED[stage]:
            if not tidy[name]:
                raise InvalidValue(N_("the step '%(step)s' needs its '%(detail)s'"), step=stage.value, detail=name)
        return tidy

    class ProposalDrafted(StepEvent):
        title: str
        text: str

    class ProposalAccepted(StepEvent):
        """立案: accepted for handling, by a handling body if named."""

        handler: str

    class ProposalMerged(StepEvent):
        """Handled together with another proposal (并案), named by its number."""

        into: str

    class ProposalNotAccepted(StepEvent):
        reason: str

    class ProposalAnswered(StepEvent):
        body: str
        summary: str

    class ProposalClosed(StepEvent):
        """办结: the handling is finished."""

        note: str

    def take_step(self, stage: ProposalStage | str, **details: Any) -> None:
        """Record the proposal's next step with its details (tabling sets the proposal's number and title)."""
        stage = self._stage(stage)
        tidy = self.tidy_details(stage, details)
        if stage is S.TABLED:
            self.table_proposal(tidy["number"], tidy["title"], tidy["session"])
            return
        if stage is S.OUTCOME:
            raise TransitionNotAllowed(N_("an outcome is no longer written as free text: record the proposal's steps"))
        self._check_next(stage)
        record: dict[ProposalStage, Any] = {
            S.DRAFTED: self._proposal_drafted,
            S.ACCEPTED: self._proposal_accepted,
            S.MERGED: self._proposal_merged,
            S.NOT_ACCEPTED: self._proposal_not_accepted,
            S.ANSWERED: self._proposal_answered,
            S.CLOSED: self._proposal_closed,
        }
        record[stage](**tidy)

    @staticmethod
    def _stage(stage: ProposalStage | str) -> ProposalStage:
        try:
            return ProposalStage(stage)
        except ValueError:
            raise InvalidValue(N_("there is no proposal step called '%(step)s'"), step=str(stage)) from None

    @event(ProposalDrafted)
    def _proposal_drafted(self, title: str, text: str) -> None:
        self.proposal_title = title
        self._step(S.DRAFTED, {"title": title, "text": text})

    @event(ProposalAccepted)
    def _proposal_accepted(self, handler: str) -> None:
        self._step(S.ACCEPTED, {"handler": handler})

    @event(ProposalMerged)
    def _proposal_merged(self, into: str) -> None:
        self._step(S.MERGED, {"into": into})

    @event(ProposalNotAccepted)
    def _proposal_not_accepted(self, reason: str) -> None:
        self._step(S.NOT_ACCEPTED, {"reason": reason})

    @event(ProposalAnswered)
    def _proposal_answered(self, body: str, summary: str) -> None:
        self._step(S.ANSWERED, {"body": body, "summary": summary})

    @event(ProposalClosed)
    def _proposal_closed(self, note: str) -> None:
        self._step(S.CLOSED, {"note": note})

    class ProposalStepCorrected(StepEvent):
        """A step's details replaced, in full, with why (who is the event's actor)."""

        position: int
        details: dict[str, str]
        reason: str

    class ProposalStepWithdrawn(StepEvent):
        """A wrongly recorded step withdrawn (the latest standing one), with why."""

        position: int
        reason: str

    def _standing(self, position: int) -> ProposalStep:
        for step in self.proposal_steps:
            if step.position == position and not step.withdrawn:
                return step
        raise InvalidValue(N_("the proposal has no step %(position)s to correct"), position=position)

    def correct_step(self, position: int, reason: str, **details: Any) -> None:
        """Replace the details of a standing step (a correction names why); the step's kind stays."""
        step = self._standing(position)
        if not reason.strip():
            raise InvalidValue(N_("a correction needs a reason"))
        tidy = self.tidy_details(step.stage, {**step.details, **details})
        if tidy == step.details:
            raise InvalidValue(N_("the correction changes nothing"))
        self._step_corrected(position, tidy, reason.strip())

    @event(ProposalStepCorrected)
    def _step_corrected(self, position: int, details: dict[str, str], reason: str) -> None:
        step = self._standing(position)
        fixed = replace(step, details=dict(details), corrections=(
            *step.corrections, Correction(*self._when_who(), reason)))
        self.proposal_steps[position - 1] = fixed
        if step.stage is S.TABLED:
            self.proposal_number, self.proposal_title = details["number"], details["title"]
        elif step.stage is S.DRAFTED and not self.proposal_number:
            self.proposal_title = details["title"]
        elif step.stage is S.OUTCOME:
            self.outcome = details["outcome"]

    def withdraw_step(self, position: int, reason: str) -> None:
        """Withdraw the latest standing step, recorded wrongly (a reason says why); the one before stands again."""
        step = self._standing(position)
        if step is not self.standing_steps[-1]:
            raise TransitionNotAllowed(N_("only the latest step of the proposal can be withdrawn"))
        if not reason.strip():
            raise InvalidValue(N_("a correction needs a reason"))
        self._step_withdrawn(position, reason.strip())

    @event(ProposalStepWithdrawn)
    def _step_withdrawn(self, position: int, reason: str) -> None:
        step = self._standing(position)
        self.proposal_steps[position - 1] = replace(step, withdrawn=True, corrections=(
            *step.corrections, Correction(*self._when_who(), reason, withdrawn=True)))
        if step.stage is S.TABLED:
            self.proposal_number = ""
            drafted = [s for s in self.standing_steps if s.stage is S.DRAFTED]
            self.proposal_title = drafted[-1].get("title") if drafted else ""
        elif step.stage is S.DRAFTED:
            self.proposal_title = ""
        elif step.stage is S.OUTCOME:
            self.outcome = ""
