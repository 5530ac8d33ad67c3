"""The lifecycle of one item as a child reads it, built from the item's own events."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from domain.suggestion import Suggestion
from domain.values import Decision, Reaction

Namer = Callable[[Any], str]


@dataclass(frozen=True)
class Step:
    """One step of the item's story: the event, when, and a child's words for it."""

    event: str
    at: datetime
    label: str
    detail: str = ""


DECISION_WORDS = {
    Decision.ADOPTED: _l("Your idea was chosen!"),
    Decision.PARTLY_ADOPTED: _l("Part of your idea was chosen!"),
    Decision.NOT_ADOPTED: _l("The grown-ups answered: not this time."),
}
PRIVACY_WORDS = {
    "HeldForPrivacy": _l("A grown-up will check your words first, to keep you safe."),
    "Redacted": _l("A grown-up took out words that could tell who you are."),
    "Released": _l("A grown-up checked your words: they can be shown."),
    "ReferredToSafeguarding": _l("A special helper will read your words. They are kept safe."),
    "ContentErased": _l("Your words were erased. What the grown-ups did stays."),
    "GuardianConsentRecorded": _l("A grown-up in your family said yes to keeping a way to reach you."),
    "ContactGiven": _l("We kept a way to reach you."),
}
REACTION_WORDS = {
    Reaction.HAPPY: _l("You said you were happy with the answer."),
    Reaction.OKAY: _l("You said the answer was okay."),
    Reaction.UNHAPPY: _l("You said you were not happy with the answer."),
}


def _label(event: Any, venue_name: Namer, topic_name: Namer) -> tuple[str, str]:
    name = type(event).__name__
    if name == "Submitted":
        return _("We got your idea."), ""
    if name == "Accepted":
        return _("A grown-up is reading your idea."), ""
    if name == "Declined":
        return _("The grown-ups could not take your idea this time."), event.explanation
    if name == "Merged":
        return _("Your idea joined a very similar idea."), ""
    if name == "DuplicateMerged":
        return _("Another child had the same idea and it joined this one."), ""
    if name == "TopicAssigned":
        return _("Your idea is now part of the topic “%(topic)s”.", topic=topic_name(event.topic_id)), ""
    if name == "TopicRemoved":
        return _("Your idea left its topic; the grown-ups are still looking at it."), ""
    if name in PRIVACY_WORDS:
        return str(PRIVACY_WORDS[name]), ""
    if name == "Forwarded":
        return _("Your idea went to the %(body)s.", body=venue_name(event.body_id)), ""
    if name == "Answered":
        return str(DECISION_WORDS[Decision(event.decision)]), event.explanation
    if name == "ProgressRecorded":
        return _("Work on your idea is %(percent)s done.", percent=format_percent(event.percent / 100)), event.note
    if name == "Implemented":
        return _("Your idea has come true!"), event.evidence
    if name == "Reacted":
        return str(REACTION_WORDS[Reaction(event.reaction)]), ""
    if name == "ReconsiderationRequested":
        return _("You asked the grown-ups to look again."), ""
    if name == "Withdrawn":
        return _("You took your idea back."), ""
    return _("Something happened to your idea."), ""


def timeline(events: list[Any], venue_name: Namer, topic_name: Namer) -> list[Step]:
    """Return the child's view of ``events`` (oldest first)."""
    steps = []
    for event in events:
        label, detail = _label(event, venue_name, topic_name)
        steps.append(Step(type(event).__name__, event.timestamp, label, detail))
    return steps


def item_timeline(feedback: Any, item: Suggestion) -> list[Step]:
    """Return the steps of ``item`` read from its own events (no projection lag)."""
    return timeline(list(feedback.events.get(item.id)), feedback.venue_name, feedback.topic_name)
