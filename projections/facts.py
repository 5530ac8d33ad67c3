"""What each suggestion event says about the item, as SQL-ready column values."""

from __future__ import annotations

import operator
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from enum import Enum
from typing import Any
from uuid import UUID

from domain.suggestion import Suggestion as S
from domain.values import WAITING_STATUSES, Status

SUGGESTION_EVENTS: tuple[type, ...] = tuple(
    value for value in vars(S).values() if isinstance(value, type) and issubclass(value, S.Event)
)


def sql(value: Any) -> Any:
    """Return ``value`` as SQLite stores it: ids as hex, dates as ISO text, enums as values."""
    convert = _CONVERT.get(type(value), _unknown)
    return value if convert is None else convert(value)


def _unknown(value: Any) -> Any:
    kind = type(value)
    if isinstance(value, Enum):
        _CONVERT[kind] = _enum_value
    elif isinstance(value, (date, datetime)):
        _CONVERT[kind] = kind.isoformat
    else:
        _CONVERT[kind] = None
    return sql(value)


# An enum's value as stored: the attribute itself (``.value`` goes through a descriptor, five times slower).
_enum_value = operator.attrgetter("_value_")


# How each type becomes a column value (None: as it is); other types are looked at once, then remembered.
_CONVERT: dict[type, Callable[[Any], Any] | None] = {
    str: None, int: None, float: None, bool: None, type(None): None,
    UUID: lambda value: value.hex, datetime: datetime.isoformat, date: date.isoformat,
}


def _submitted(e: Any) -> dict[str, Any]:
    return {
        "ref": e.ref, "status": Status.SUBMITTED, "channel": e.channel, "venue_id": e.venue_id,
        "category": e.category, "age_band": e.age_band, "assisted": int(bool(e.assisted)),
        "submitted_at": e.timestamp, "answer_due": e.answer_due,
    }


FACTS: dict[type, Callable[[Any], dict[str, Any]]] = {
    S.Submitted: _submitted,
    S.ReferenceGiven: lambda e: {"ref": e.ref},
    S.Accepted: lambda e: {"status": Status.UNDER_REVIEW},
    S.Declined: lambda e: {"status": Status.DECLINED, "closed_at": e.timestamp},
    S.Merged: lambda e: {"status": Status.MERGED, "merged_into": e.into_id, "closed_at": e.timestamp},
    S.DuplicateMerged: lambda e: {},
    S.TopicAssigned: lambda e: {"topic_id": e.topic_id},
    S.TopicRemoved: lambda e: {"topic_id": None},
    S.Forwarded: lambda e: {"status": Status.FORWARDED, "body_id": e.body_id, "forward_due": e.due},
    S.Answered: lambda e: {"status": Status.ANSWERED, "decision": e.decision, "answered_at": e.timestamp},
    S.ProgressRecorded: lambda e: {"status": Status.IN_PROGRESS, "progress": e.percent},
    S.Implemented: lambda e: {"status": Status.IMPLEMENTED, "progress": 100, "closed_at": e.timestamp},
    S.Reacted: lambda e: {"reaction": e.reaction},
    S.ReconsiderationRequested: lambda e: {"status": Status.UNDER_REVIEW, "decision": None,
                                           **({"answer_due": e.answer_due} if e.answer_due else {})},
    S.Withdrawn: lambda e: {"status": Status.WITHDRAWN, "closed_at": e.timestamp},
    S.HeldForPrivacy: lambda e: {"held": 1},
    S.Redacted: lambda e: {"held": 0},
    S.Released: lambda e: {"held": 0},
    S.ReferredToSafeguarding: lambda e: {"held": 1, "sealed": 1},
    S.CommentHeld: lambda e: {},  # a comment is shown on no public page: only staff pages change
    S.CommentSealed: lambda e: {},
    S.CommentRedacted: lambda e: {},
    S.CommentReleased: lambda e: {},
    S.ContentErased: lambda e: {"erased": 1},
    S.GuardianConsentRecorded: lambda e: {},
    S.ContactGiven: lambda e: {},
    S.PhotoAttached: lambda e: {},  # the last change moves on; the photos are read from the item itself
}


def item_facts(event: Any, columns: frozenset[str] | None = None) -> dict[str, Any]:
    """Return the columns an event sets (restricted to ``columns``), with version and time."""
    cache = _batch.facts
    cached = None if cache is None else cache.get(id(event))
    if cached is not None and cached[0] is event:
        every = cached[1]
    else:
        every = {}
        convert = _CONVERT
        for key, value in FACTS[type(event)](event).items():
            how = convert.get(type(value), _unknown)  # sql() inlined: a rebuild calls this for every event
            every[key] = value if how is None else how(value)
        every["version"] = event.originator_version
        every["updated_at"] = event.timestamp.isoformat()
        if cache is not None:
            cache[id(event)] = (event, every)  # holding the event keeps its id from being reused
    if columns is None:
        return dict(every)
    return {k: every[k] for k in every.keys() & columns}  # the intersection in C, then only the few kept


class _Batch(threading.local):
    facts: dict[int, tuple[Any, dict[str, Any]]] | None = None


_batch = _Batch()


@contextmanager
def shared() -> Iterator[None]:
    """Work out each event's facts once for every projection reading the batch within the block."""
    _batch.facts = {}
    try:
        yield
    finally:
        _batch.facts = None


# Statuses in which an item still waits for grown-ups to act, and so can be overdue (as stored).
WAITING = tuple(status.value for status in WAITING_STATUSES)
