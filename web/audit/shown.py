"""What the auditor reads: events and states as plain fields, with a child's words never shown.

The auditor audits what people did, not what children wrote: every ``PrivateText``
is shown as "[child's words]" or "[erased]", whatever event or state holds it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification
from eventsourcing.utils import get_topic
from flask import url_for
from flask_babel import gettext as _

from domain.actors import Actor
from domain.content import PrivateText
from feedback.audit import event_time
from feedback.audit_desk import Undecodable
from feedback.eventlog import aggregate_name, stored_actor, type_name
from web.extensions import audit_desk, places
from web.staff.words import actor_words

SKIP = frozenset({"originator_id", "originator_version", "timestamp", "actor", "originator_topic"})
# A plain-text field of an item under these names would be a child's words that an event forgot to mark.
CHILDS_FIELDS = frozenset({"text", "title", "comment", "contact", "nickname", "words"})
# Free text of the sealed safeguarding lane: only the safeguarding officer reads it.
SEALED_FIELDS = {"SafeguardingCase": frozenset({"note"})}
STATE_FIRST = ("status", "decision")


@dataclass(frozen=True)
class Value:
    """One shown value: its words, where it links to (another aggregate), and whether it stands for hidden words."""

    text: str
    link: str | None = None
    masked: bool = False


@dataclass(frozen=True)
class Field:
    name: str
    values: list[Value]


@dataclass(frozen=True)
class Line:
    """One event as the auditor reads it."""

    position: int
    exact: bool  # False: the position is estimated from the event's time (see log.Locator)
    at: datetime | None
    aggregate: str
    aggregate_id: UUID | None
    version: int
    type: str
    actor: str
    fields: list[Field]


def masked(erased: bool) -> Value:
    return Value(_("[erased]") if erased else _("[child's words]"), masked=True)


def lines(entries: Iterable[tuple[int, bool, Any]]) -> list[Line]:
    """Return the entries of a page (stored notifications or decoded events) as lines to show."""
    return [line(position, exact, event) for position, exact, event in audit_desk().decoded(entries)]


def line(position: int, exact: bool, event: Any) -> Line:
    if isinstance(event, Undecodable):
        return raw_line(position, event.notification)
    topic = get_topic(type(event))
    aggregate = aggregate_name(topic)
    fields = [Field(name, values_of(aggregate, name, value))
              for name, value in vars(event).items() if name not in SKIP]
    return Line(position, exact, event.timestamp, aggregate, event.originator_id, event.originator_version,
                type_name(topic), actor_words(event.actor), fields)


def raw_line(position: int, n: Notification) -> Line:
    try:
        data = json.loads(n.state)
    except ValueError:
        data = {}
    data = data if isinstance(data, dict) else {}
    aggregate = aggregate_name(n.topic)
    fields = [Field(name, values_of(aggregate, name, value))
              for name, value in data.items() if name not in SKIP]
    fields.append(Field(_("note"), [Value(_("this event could not be decoded; shown as stored"))]))
    return Line(position, True, event_time(n.state), aggregate, n.originator_id, n.originator_version,
                type_name(n.topic), _actor_words(stored_actor(n.state)), fields)


def _actor_words(actor: tuple[str, str] | None) -> str:
    try:
        return actor_words(Actor(*actor)) if actor else "–"
    except ValueError:
        return " ".join(actor or ())


def values_of(aggregate: str, name: str, value: Any) -> list[Value]:
    """Return how a field is shown, hiding a child's words and the sealed lane's notes."""
    if value and name in SEALED_FIELDS.get(aggregate, ()):
        return [Value(_("[sealed]"), masked=True)]
    if aggregate == "Suggestion" and name in CHILDS_FIELDS and isinstance(value, str) and value:
        return [masked(False)]
    return plain(value)


def plain(value: Any) -> list[Value]:
    """Return a value as words (ids name and link their aggregate; nested values flattened)."""
    if isinstance(value, PrivateText):
        return [masked(value.is_erased)]
    if isinstance(value, dict):
        return _mapping(value)
    if isinstance(value, (list, tuple, set)):
        return [shown for item in value for shown in plain(item)] or [Value("–")]
    if isinstance(value, UUID):
        return [Value(_name_of(value) or str(value), url_for("audit.history", ref=str(value)))]
    return [Value(_scalar(value))]


def _mapping(value: dict[str, Any]) -> list[Value]:
    kind = value.get("_type_")
    if kind == "private_text":  # as stored: ciphertext, or null once erased when written
        inner = value.get("_data_")
        return [masked(isinstance(inner, dict) and inner.get("sealed") is None)]
    if kind is not None and "_data_" in value:
        return plain(value["_data_"])
    shown = []
    for key, inner in value.items():
        parts = plain(inner)
        shown.append(Value(f"{key}: {', '.join(p.text for p in parts)}", masked=any(p.masked for p in parts)))
    return shown or [Value("–")]


def _scalar(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S UTC")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Actor):
        return actor_words(value)
    return str(value)


def _name_of(key: UUID) -> str:
    return places().venue_name(key) or places().topic_name(key)


def state_fields(aggregate: Any) -> list[Field]:
    """Return an aggregate's state, field by field, as the auditor reads it."""
    name = type(aggregate).__name__
    public = {k: v for k, v in vars(aggregate).items() if not k.startswith("_")}
    order = [k for k in STATE_FIRST if k in public] + [k for k in public if k not in STATE_FIRST]
    return [Field(key, values_of(name, key, public[key])) for key in order]
