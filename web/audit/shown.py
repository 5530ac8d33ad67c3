"""What the auditor reads: events and states as plain fields, with a child's words never shown.

The auditor audits what people did, not what children wrote: every ``PrivateText``
is shown as "[child's words]" or "[erased]", whatever event or state holds it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
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
from projections import work_queue
from web.extensions import audit_desk, feedback, places
from web.staff.reads import views
from web.staff.words import actor_words
from web.times import city_time

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
    ref: str | None  # an item's public reference: how people name an item (its id stays on its history page)
    version: int
    type: str
    actor: str
    fields: list[Field]


class Names:
    """What names the aggregates a page mentions: an item its public reference, a place or topic its name.

    The references of a page are read at once (from the work queue's rows); an item the queue has not
    reached yet is read from its own events, so a fresh item is named too.
    """

    def __init__(self, refs: dict[UUID, str]) -> None:
        self._refs = refs

    @classmethod
    def of(cls, ids: Iterable[UUID], items: Iterable[UUID] = ()) -> Names:
        """Return the names of ``ids``, every one of ``items`` (known to be items) named by its reference."""
        wanted = list(dict.fromkeys(ids))
        refs = work_queue.refs_of(views(), wanted)
        for item_id in dict.fromkeys(items):
            if item_id not in refs:
                refs[item_id] = feedback().ref_of(item_id) or ""
        return cls({key: ref for key, ref in refs.items() if ref})

    def ref(self, key: UUID | None) -> str | None:
        """Return the public reference of the item ``key``, or None for what is not an item."""
        return self._refs.get(key) if key is not None else None

    def __call__(self, key: UUID) -> Value:
        """Return an id as a linked name: an item's reference, a place's or topic's name, else the id."""
        ref = self.ref(key)
        if ref:
            return Value(ref, url_for("audit.history", ref=ref))
        return Value(places().venue_name(key) or places().topic_name(key) or str(key),
                     url_for("audit.history", ref=str(key)))


def masked(erased: bool) -> Value:
    return Value(_("[erased]") if erased else _("[child's words]"), masked=True)


def lines(entries: Iterable[tuple[int, bool, Any]]) -> list[Line]:
    """Return the entries of a page (stored notifications or decoded events) as lines to show."""
    decoded = audit_desk().decoded(entries)
    events = [event for _, _, event in decoded if not isinstance(event, Undecodable)]
    items = [event.originator_id for event in events if aggregate_name(get_topic(type(event))) == "Suggestion"]
    mentioned = [key for event in events for value in vars(event).values() for key in ids_in(value)]
    names = Names.of([*items, *mentioned], items)
    return [line(position, exact, event, names) for position, exact, event in decoded]


def ids_in(value: Any) -> Iterator[UUID]:
    """Yield the ids a value holds, however deep."""
    if isinstance(value, UUID):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from ids_in(inner)
    elif isinstance(value, (list, tuple, set)):
        for inner in value:
            yield from ids_in(inner)


def line(position: int, exact: bool, event: Any, names: Names) -> Line:
    if isinstance(event, Undecodable):
        return raw_line(position, event.notification, names)
    topic = get_topic(type(event))
    aggregate = aggregate_name(topic)
    fields = [Field(name, values_of(aggregate, name, value, names))
              for name, value in vars(event).items() if name not in SKIP]
    return Line(position, exact, event.timestamp, aggregate, event.originator_id, names.ref(event.originator_id),
                event.originator_version, type_name(topic), actor_words(event.actor), fields)


def raw_line(position: int, n: Notification, names: Names) -> Line:
    try:
        data = json.loads(n.state)
    except ValueError:
        data = {}
    data = data if isinstance(data, dict) else {}
    aggregate = aggregate_name(n.topic)
    fields = [Field(name, values_of(aggregate, name, value, names))
              for name, value in data.items() if name not in SKIP]
    fields.append(Field(_("note"), [Value(_("this event could not be decoded; shown as stored"))]))
    return Line(position, True, event_time(n.state), aggregate, n.originator_id, names.ref(n.originator_id),
                n.originator_version, type_name(n.topic), _actor_words(stored_actor(n.state)), fields)


def _actor_words(actor: tuple[str, str] | None) -> str:
    try:
        return actor_words(Actor(*actor)) if actor else "–"
    except ValueError:
        return " ".join(actor or ())


def values_of(aggregate: str, name: str, value: Any, names: Names) -> list[Value]:
    """Return how a field is shown, hiding a child's words and the sealed lane's notes."""
    if value and name in SEALED_FIELDS.get(aggregate, ()):
        return [Value(_("[sealed]"), masked=True)]
    if aggregate == "Suggestion" and name in CHILDS_FIELDS and isinstance(value, str) and value:
        return [masked(False)]
    return plain(value, names)


def plain(value: Any, names: Names) -> list[Value]:
    """Return a value as words (ids name and link their aggregate; nested values flattened)."""
    if isinstance(value, PrivateText):
        return [masked(value.is_erased)]
    if isinstance(value, dict):
        return _mapping(value, names)
    if isinstance(value, (list, tuple, set)):
        return [shown for item in value for shown in plain(item, names)] or [Value("–")]
    if isinstance(value, UUID):
        return [names(value)]
    return [Value(_scalar(value))]


def _mapping(value: dict[str, Any], names: Names) -> list[Value]:
    kind = value.get("_type_")
    if kind == "private_text":  # as stored: ciphertext, or null once erased when written
        inner = value.get("_data_")
        return [masked(isinstance(inner, dict) and inner.get("sealed") is None)]
    if kind is not None and "_data_" in value:
        return plain(value["_data_"], names)
    shown = []
    for key, inner in value.items():
        parts = plain(inner, names)
        shown.append(Value(f"{key}: {', '.join(p.text for p in parts)}", masked=any(p.masked for p in parts)))
    return shown or [Value("–")]


def _scalar(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return city_time(value, seconds=True)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Actor):
        return actor_words(value)
    return str(value)


def state_fields(aggregate: Any) -> list[Field]:
    """Return an aggregate's state, field by field, as the auditor reads it."""
    name = type(aggregate).__name__
    public = {k: v for k, v in vars(aggregate).items() if not k.startswith("_")}
    order = [k for k in STATE_FIRST if k in public] + [k for k in public if k not in STATE_FIRST]
    names = Names.of(key for value in public.values() for key in ids_in(value))
    return [Field(key, values_of(name, key, public[key], names)) for key in order]
