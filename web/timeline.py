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
from web.extensions import feedback, places

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
REACTION_WORDS = {
    Reaction.HAPPY: _l("You said you were happy with the answer."),
    Reaction.OKAY: _l("You said the answer was okay."),
    Reaction.UNHAPPY: _l("You said you were not happy with the answer."),
}
SOMETHING_HAPPENED = _l("Something happened to your idea.")

# A child's words for an event: its label and the detail shown under it.
Words = Callable[[Any, Namer, Namer], tuple[str, str]]


def _said(words: Any) -> Words:
    """Return words that are the same whatever the event holds."""
    return lambda event, venue_name, topic_name: (str(words), "")


S = Suggestion
# Keyed by the event class, so renaming an event breaks here or in a test, not on the child's page.
CHILD_WORDS: dict[type, Words] = {
    S.Submitted: _said(_l("We got your idea.")),
    S.ReferenceGiven: lambda e, v, t: (
        _("Your idea got a number the grown-ups use for it: %(ref)s. It is not your code.", ref=e.ref), ""),
    S.Accepted: _said(_l("A grown-up is reading your idea.")),
    S.Declined: lambda e, v, t: (_("The grown-ups could not take your idea this time."), e.explanation),
    S.Merged: _said(_l("Your idea joined a very similar idea.")),
    S.DuplicateMerged: _said(_l("Another child had the same idea and it joined this one.")),
    S.TopicAssigned: lambda e, v, t: (
        _("Your idea is now part of the topic “%(topic)s”.", topic=t(e.topic_id)), ""),
    S.TopicRemoved: _said(_l("Your idea left its topic; the grown-ups are still looking at it.")),
    S.HeldForPrivacy: _said(_l("A grown-up will check your words first, to keep you safe.")),
    S.Redacted: _said(_l("A grown-up took out words that could tell who you are.")),
    S.Released: _said(_l("A grown-up checked your words: they can be shown.")),
    S.ReferredToSafeguarding: _said(_l("A special helper will read your words. They are kept safe.")),
    S.CommentHeld: _said(_l("A grown-up will check your words first, to keep you safe.")),
    S.CommentSealed: _said(_l("A special helper will read your words. They are kept safe.")),
    S.CommentRedacted: _said(_l("A grown-up took out words that could tell who you are.")),
    S.CommentReleased: _said(_l("A grown-up checked your words: they can be shown.")),
    S.ContentErased: _said(_l("Your words were erased. What the grown-ups did stays.")),
    S.GuardianConsentRecorded: _said(_l("A grown-up in your family said yes to keeping a way to reach you.")),
    S.ContactGiven: _said(_l("We kept a way to reach you.")),
    S.Forwarded: lambda e, v, t: (_("Your idea went to the %(body)s.", body=v(e.body_id)), ""),
    S.Answered: lambda e, v, t: (str(DECISION_WORDS[Decision(e.decision)]), e.explanation),
    S.ProgressRecorded: lambda e, v, t: (
        _("Work on your idea is %(percent)s done.", percent=format_percent(e.percent / 100)), e.note),
    S.Implemented: lambda e, v, t: (_("Your idea has come true!"), e.evidence),
    S.PhotoAttached: _said(_l("The grown-ups added a photo of the work.")),
    S.Reacted: lambda e, v, t: (str(REACTION_WORDS[Reaction(e.reaction)]), ""),
    S.ReconsiderationRequested: _said(_l("You asked the grown-ups to look again.")),
    S.Withdrawn: _said(_l("You took your idea back.")),
}


def _label(event: Any, venue_name: Namer, topic_name: Namer) -> tuple[str, str]:
    words = CHILD_WORDS.get(type(event))
    return words(event, venue_name, topic_name) if words else (str(SOMETHING_HAPPENED), "")


def timeline(events: list[Any], venue_name: Namer, topic_name: Namer) -> list[Step]:
    """Return the child's view of ``events`` (oldest first)."""
    steps = []
    for event in events:
        label, detail = _label(event, venue_name, topic_name)
        steps.append(Step(type(event).__name__, event.timestamp, label, detail))
    return steps


def item_timeline(item: Suggestion) -> list[Step]:
    """Return the steps of ``item`` read from its own events (no projection lag)."""
    return timeline(feedback().history_of(item), places().venue_name, places().topic_name)
