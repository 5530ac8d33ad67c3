"""The path an idea travels, as steps a child can see: done, now, still to come."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from flask_babel import format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from domain.suggestion import Suggestion
from domain.values import Decision, Status
from web.children import words
from web.children.icons import icon

DONE, CURRENT, TODO = "done", "current", "todo"
RECEIVED, READ, SENT, ANSWERED, TRUE = range(5)

# Each stop: its picture, and the words for it while it is still to come.
PATH = (
    (icon("envelope"), _l("We got your idea")),
    (icon("eye"), _l("A grown-up reads it")),
    (icon("send"), _l("It goes to the people who can help")),
    (icon("chat"), _l("They answer")),
    (icon("star"), _l("It comes true")),
)

# Where each status stands on the path; declined, merged and withdrawn leave it.
POSITION = {
    Status.SUBMITTED: RECEIVED,
    Status.UNDER_REVIEW: READ,
    Status.FORWARDED: SENT,
    Status.ANSWERED: ANSWERED,
    Status.IN_PROGRESS: TRUE,
    Status.IMPLEMENTED: TRUE + 1,  # past the last stop: every step is done
}

Namer = Callable[[UUID | None], str]


@dataclass(frozen=True)
class Stage:
    """One stop on the path and whether the idea has passed it."""

    icon: Any  # an inline SVG picture
    label: Any
    state: str


def journey(item: Suggestion, body_name: Namer) -> list[Stage]:
    """Return the path of ``item``, or nothing once it has left the path."""
    here = POSITION.get(item.status)
    if here is None:
        return []
    # An idea that was not chosen will not come true: don't promise that step.
    path = PATH[:-1] if item.decision is Decision.NOT_ADOPTED else PATH
    stages = []
    for index, (picture, still_to_come) in enumerate(path):
        state = _state(index, here)
        label = still_to_come if state == TODO else _what_happened(index, state, item, body_name)
        stages.append(Stage(picture, label, state))
    return stages


def _state(index: int, here: int) -> str:
    if index < here:
        return DONE
    return CURRENT if index == here else TODO


def _what_happened(index: int, state: str, item: Suggestion, body_name: Namer) -> Any:
    """Return the words for a stop the idea has reached, as concrete as its events allow."""
    if index == READ:
        if state == DONE:
            return _("A grown-up read your idea")
        if item.reconsideration_requested:
            return _("The grown-ups are looking at your idea again")
        return _("A grown-up is reading your idea")
    if index == SENT:
        body = body_name(item.body_id) if item.body_id else ""
        return _("Your idea went to the %(body)s", body=body) if body else _("It went to the people who can help")
    if index == ANSWERED and item.decision is not None:
        return words.DECISIONS[item.decision.value].text
    if index == TRUE:
        if item.status is Status.IMPLEMENTED:
            return _("Your idea came true!")
        return _("The work has started: %(percent)s done", percent=format_percent((item.progress or 0) / 100))
    return PATH[index][1]
