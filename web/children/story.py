"""What a child's tracking page tells beyond the path: when to hear back, the steps so far, the proposal."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from flask_babel import gettext as _

from domain.suggestion import Suggestion
from domain.topic import ProposalStage, ProposalStep, Topic
from feedback.clock import Clock
from feedback.steps import proposal_step
from web.timeline import Step



def hear_back_by(item: Suggestion, history: Iterable[Any], clock: Clock, within_days: int) -> date | None:
    """Return the day the child should hear back by, or None once there is nothing to wait for.

    Asking again starts a new wait: as many days from the (city's) day the child asked as a new
    idea gets, so the page never shows a promise that has already passed.
    """
    if not item.status.awaits_answer:
        return None
    asked = [event for event in history if isinstance(event, Suggestion.ReconsiderationRequested)]
    if item.reconsideration_requested and asked and asked[-1].answer_due is None:  # asked before v2 recorded it
        return clock.local(asked[-1].timestamp).date() + timedelta(days=within_days)
    return item.answer_due


def without_repeated_feelings(steps: Iterable[Step]) -> list[Step]:
    """Leave out a reaction that says again what the child's last reaction said (asking again records one)."""
    shown: list[Step] = []
    last_feeling = None
    for step in steps:
        if step.event == Suggestion.Reacted.__name__:
            if step.label == last_feeling:
                continue
            last_feeling = step.label
        shown.append(step)
    return shown


@dataclass(frozen=True)
class Proposal:
    """The proposal an idea went into, as a child may hear of it: its standing steps, in child words.

    ``events`` is kept for callers that read the topic's events; the steps come from the topic itself
    (corrections applied, withdrawn steps left out).
    """

    number: str
    title: str
    outcome: str
    events: tuple[Any, ...] = ()
    steps: tuple[ProposalStep, ...] = ()

    @property
    def stage(self) -> str:
        """Return the name of the step the proposal stands at ('' before any)."""
        return self.steps[-1].stage.value if self.steps else ""

    def latest(self, stage: ProposalStage) -> ProposalStep | None:
        return next((step for step in reversed(self.steps) if step.stage is stage), None)

    @property
    def answer(self) -> str:
        """Return what came of the proposal in words: the body's answer, or a free-text outcome of an old store."""
        answered = self.latest(ProposalStage.ANSWERED)
        if answered is not None:
            return answered.get("summary")
        return self.outcome

    @property
    def not_accepted_because(self) -> str:
        refused = self.latest(ProposalStage.NOT_ACCEPTED)
        return refused.get("reason") if refused is not None and self.stage == refused.stage.value else ""


def proposal_of(item: Suggestion, topic: Callable[[UUID], Topic | None],
                history: Callable[[UUID], Iterable[Any]] = lambda _: ()) -> Proposal | None:
    """Return the proposal of the idea's topic (or of the idea it joined) once it has a step, or None."""
    if item.topic_id is None:
        return None
    board = topic(item.topic_id)
    if board is None or not board.standing_steps:
        return None
    return Proposal(board.proposal_number, board.proposal_title, board.outcome, (), tuple(board.standing_steps))


def with_proposal(steps: list[Step], proposal: Proposal | None) -> list[Step]:
    """Add the proposal's steps to the child's story: written into proposal No. X, and what came of it.

    A step taken before the idea joined its topic is told when the idea joined, never before.
    """
    if proposal is None:
        return steps
    joined = next((step.at for step in steps if step.event == Suggestion.TopicAssigned.__name__), None)
    told = []
    for step in proposal.steps:
        at = max(step.at, joined) if joined else step.at
        words = proposal_step(step.stage)
        number = step.get("number") if step.stage is ProposalStage.TABLED else proposal.number
        detail = {ProposalStage.ANSWERED: "summary", ProposalStage.NOT_ACCEPTED: "reason",
                  ProposalStage.OUTCOME: "outcome"}.get(step.stage)
        told.append(Step(EVENT_OF.get(step.stage, step.stage.value), at,
                         _(words.child, number=number, into=step.get("into")),
                         step.get(detail) if detail else ""))
    return sorted([*steps, *told], key=lambda step: step.at)


# The names the story has always given the proposal's steps (pages and tests know the first two).
EVENT_OF = {ProposalStage.TABLED: "ProposalTabled", ProposalStage.OUTCOME: "OutcomeRecorded"}
