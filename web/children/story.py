"""What a child's tracking page tells beyond the path: when to hear back, the steps so far, the proposal."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from flask_babel import gettext as _

from domain.suggestion import Suggestion
from domain.topic import Topic
from domain.values import Status
from feedback.clock import Clock
from web.timeline import Step

WAITING = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.FORWARDED)


def hear_back_by(item: Suggestion, history: Iterable[Any], clock: Clock, within_days: int) -> date | None:
    """Return the day the child should hear back by, or None once there is nothing to wait for.

    Asking again starts a new wait: as many days from the (city's) day the child asked as a new
    idea gets, so the page never shows a promise that has already passed.
    """
    if item.status not in WAITING:
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
    """The formal proposal an idea went into, as a child may hear of it, with the topic's events."""

    number: str
    title: str
    outcome: str
    events: tuple[Any, ...] = ()


def proposal_of(item: Suggestion, topic: Callable[[UUID], Topic | None],
                history: Callable[[UUID], Iterable[Any]] = lambda _: ()) -> Proposal | None:
    """Return the tabled proposal of the idea's topic (or of the idea it joined), or None."""
    if item.topic_id is None:
        return None
    board = topic(item.topic_id)
    if board is None or not board.proposal_number:
        return None
    told = (Topic.ProposalTabled, Topic.OutcomeRecorded)
    events = tuple(event for event in history(board.id) if isinstance(event, told))
    return Proposal(board.proposal_number, board.proposal_title, board.outcome, events)


def with_proposal(steps: list[Step], proposal: Proposal | None) -> list[Step]:
    """Add the proposal's steps to the child's story: written into proposal No. X, and what came of it.

    A proposal tabled before the idea joined its topic is told when the idea joined, never before.
    """
    if proposal is None:
        return steps
    joined = next((step.at for step in steps if step.event == Suggestion.TopicAssigned.__name__), None)
    told = []
    for event in proposal.events:
        at = max(event.timestamp, joined) if joined else event.timestamp
        if isinstance(event, Topic.ProposalTabled):
            told.append(Step("ProposalTabled", at, _(
                "Your idea, together with other children’s ideas, was written into proposal No. %(number)s.",
                number=event.number)))
        else:
            told.append(Step("OutcomeRecorded", at, _("The city answered proposal No. %(number)s.",
                                                      number=proposal.number), event.outcome))
    return sorted([*steps, *told], key=lambda step: step.at)
