"""The path an idea travels, as steps a child can see: done, now, still to come."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from domain.suggestion import Suggestion
from domain.values import Decision, Status

DONE, CURRENT, TODO = "done", "current", "todo"

PATH = (
    ("📨", _l("We got your idea")),
    ("👀", _l("A grown-up reads it")),
    ("📬", _l("It goes to the people who can help")),
    ("💬", _l("They answer")),
    ("🎉", _l("It comes true")),
)

# Where each status stands on the path; declined, merged and withdrawn leave it.
POSITION = {
    Status.SUBMITTED: 0,
    Status.UNDER_REVIEW: 1,
    Status.FORWARDED: 2,
    Status.ANSWERED: 3,
    Status.IN_PROGRESS: 4,
    Status.IMPLEMENTED: 4,
}


@dataclass(frozen=True)
class Stage:
    """One stop on the path and whether the idea has passed it."""

    icon: str
    label: Any
    state: str


def journey(item: Suggestion) -> list[Stage]:
    """Return the path of ``item``, or nothing once it has left the path."""
    here = POSITION.get(item.status)
    if here is None:
        return []
    # An idea that was not chosen will not come true: don't promise that step.
    path = PATH[:-1] if item.decision is Decision.NOT_ADOPTED else PATH
    return [Stage(icon, label, _state(index, here)) for index, (icon, label) in enumerate(path)]


def _state(index: int, here: int) -> str:
    if index < here:
        return DONE
    return CURRENT if index == here else TODO
