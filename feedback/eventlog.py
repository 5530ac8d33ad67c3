"""Reading the event log for the auditor: filters, pages keyed on log position, one aggregate's stream.

Pages never count or skip over the log (no OFFSET): a page asks for the events
just below (``before``) or just above (``after``) a log position, so the first
page and the ten-thousandth cost the same.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

from domain.base import Root
from feedback.audit import position_at

PAGE = 50
BATCH = 500
MAX_CHECKED = 5000  # rows matched in Python (the actor filter) per request, so each page answers quickly
MAX_SPAN = 200_000  # log positions searched per request
FIRST_WINDOW = 128
MAX_WINDOW = 4096
NEAR = (16, 256, MAX_WINDOW)  # how far from its timestamp's position an item's event is looked for
ONE_TICK = timedelta(microseconds=1)

Keep = Callable[[Any], bool]


def aggregates() -> dict[str, type[Root]]:
    """Return the aggregate classes by name (Suggestion, Topic, Venue, StaffMember, and any added later)."""
    return {cls.__name__: cls for cls in sorted(Root.__subclasses__(), key=lambda c: c.__name__)}


def event_types() -> dict[str, str]:
    """Return every event type that is recorded (``Suggestion.Accepted``) with its stored topic.

    The base classes every aggregate gets (``Suggestion.Event``, ``Suggestion.Created``)
    are left out: no event is ever stored under them.
    """
    classes = [cls for aggregate in aggregates().values() for cls in vars(aggregate).values()
               if isinstance(cls, type) and issubclass(cls, Root.Event)]
    concrete = [cls for cls in classes if not any(other is not cls and issubclass(other, cls) for other in classes)]
    return {cls.__qualname__: get_topic(cls) for cls in sorted(concrete, key=lambda c: c.__qualname__)}


def type_name(topic: str) -> str:
    """Return the readable type of a stored topic: ``domain.suggestion:Suggestion.Accepted`` -> ``Suggestion.Accepted``."""
    return topic.split(":", 1)[-1]


def aggregate_name(topic: str) -> str:
    return type_name(topic).split(".", 1)[0]


def stored_actor(state: bytes) -> tuple[str, str] | None:
    """Return the (kind, username) recorded in a stored event's state, without decoding the event."""
    try:
        data = json.loads(state)
    except ValueError:
        return None
    actor = data.get("actor") if isinstance(data, dict) else None
    if isinstance(actor, dict) and "_data_" in actor:
        actor = actor["_data_"]
    if not isinstance(actor, dict):
        return None
    return str(actor.get("kind", "")), str(actor.get("username", ""))


@dataclass(frozen=True)
class Filters:
    """What the auditor narrowed the log to; every field empty means the whole log."""

    aggregate_id: UUID | None = None
    aggregate: str = ""  # an aggregate class name
    event_type: str = ""  # Aggregate.Event
    actor: str = ""  # a username, "child" (also a facilitator for the child) or "system"
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # inclusive

    def topics(self) -> list[str] | None:
        """Return the stored topics to read: None for every topic, an empty list when nothing can match."""
        if not (self.aggregate or self.event_type):
            return None
        known = event_types()
        wanted = [t for name, t in known.items() if not self.aggregate or name.startswith(self.aggregate + ".")]
        return [t for t in wanted if not self.event_type or type_name(t) == self.event_type]

    def admits_actor(self, kind: str, username: str) -> bool:
        wanted = self.actor.strip().lower()
        if not wanted:
            return True
        if wanted == "child":
            return kind in ("child", "facilitator")
        if wanted == "system":
            return kind == "system"
        return username.lower() == wanted

    def admits_time(self, moment: datetime) -> bool:
        return (self.since is None or moment >= self.since) and (self.until is None or moment <= self.until)

    def keep(self) -> Keep | None:
        """Return the test a stored notification must pass beyond its topic and position (None: none)."""
        if not self.actor.strip():
            return None

        def by_actor(notification: Any) -> bool:
            actor = stored_actor(notification.state)
            return actor is not None and self.admits_actor(*actor)

        return by_actor


@dataclass(frozen=True)
class Page:
    """Some events of the log, newest first, and where the next pages start."""

    entries: list[tuple[int, bool, Any]]  # (position, exactly located, notification or event)
    older: int | None = None  # pass as ``before`` for older events
    newer: int | None = None  # pass as ``after`` for newer events
    cut_short: bool = False  # the search stopped before filling the page; the links go on from there


def bounds(recorder: Any, filters: Filters) -> tuple[int, int]:
    """Return the first and last log positions inside the filters' time range."""
    head = int(recorder.max_notification_id() or 0)
    low = 1 if filters.since is None else position_at(recorder, filters.since - ONE_TICK) + 1
    high = head if filters.until is None else min(head, position_at(recorder, filters.until))
    return low, high


def read_page(recorder: Any, filters: Filters, before: int | None = None, after: int | None = None) -> Page:
    """Return the page of matching events just below ``before`` (default: the newest) or just above ``after``."""
    topics = filters.topics()
    if topics == []:
        return Page([])
    low, high = bounds(recorder, filters)
    keep = filters.keep()
    if after is not None:
        start = max(after, low - 1)
        found, reached = forward(recorder, start, high, topics or (), keep, PAGE + 1)
        shown = found[:PAGE]
        full, cut = len(found) > PAGE, not len(found) > PAGE and reached < high
        newer = shown[-1].id if full else reached if cut else None
        older = start + 1 if start >= low else None
        return Page([(n.id, True, n) for n in reversed(shown)], older, newer, cut)
    top = high + 1 if before is None else max(low, min(before, high + 1))
    found, reached = backward(recorder, top, low, topics or (), keep, PAGE + 1)
    shown = found[:PAGE]
    full, cut = len(found) > PAGE, not len(found) > PAGE and reached > low
    older = shown[-1].id if full else reached if cut else None
    newer = top - 1 if top <= high else None
    return Page([(n.id, True, n) for n in shown], older, newer, cut)


def forward(recorder: Any, above: int, ceiling: int, topics: Sequence[str], keep: Keep | None,
            want: int) -> tuple[list[Any], int]:
    """Return up to ``want`` matching notifications after position ``above``, oldest first, and the last position read."""
    found: list[Any] = []
    position, checked = above, 0
    limit = want if keep is None else BATCH
    while position < ceiling and checked < MAX_CHECKED and position - above < MAX_SPAN:
        batch = recorder.select_notifications(start=position + 1, limit=limit, stop=ceiling, topics=topics)
        for n in batch:
            position = n.id
            checked += keep is not None
            if keep is None or keep(n):
                found.append(n)
                if len(found) == want:
                    return found, position
        if len(batch) < limit:
            return found, ceiling
    return found, position


def backward(recorder: Any, below: int, floor: int, topics: Sequence[str], keep: Keep | None,
             want: int) -> tuple[list[Any], int]:
    """Return up to ``want`` matching notifications before position ``below``, newest first, and the lowest position read.

    The log is read upwards only, so this reads windows below ``below`` that double
    in size until the page is full (a window of w positions holds at most w events).
    """
    found: list[Any] = []
    top, window, checked = below - 1, FIRST_WINDOW, 0
    while top >= floor and checked < MAX_CHECKED and below - top < MAX_SPAN:
        start = max(floor, top - window + 1)
        batch = recorder.select_notifications(start=start, limit=window, stop=top, topics=topics)
        for n in reversed(batch):
            checked += keep is not None
            if keep is None or keep(n):
                found.append(n)
                if len(found) == want:
                    return found, n.id
        top, window = start - 1, min(window * 2, MAX_WINDOW)
    return found, top + 1


# -- one aggregate's own stream --------------------------------------------------------


class Locator:
    """Finds the log positions of events read from an aggregate's own stream.

    A stream gives events without their log position. An event is stamped just
    before it is recorded, so the position its timestamp falls at (a binary search)
    is at or next to its own; the notifications around it are read to find the
    exact one (same aggregate, same version). Should none be found (clocks apart by
    more than thousands of events), the estimate is given and marked as such.
    """

    def __init__(self, recorder: Any) -> None:
        self._recorder = recorder
        self._found: dict[tuple[UUID, int], tuple[int, bool]] = {}

    def position(self, event: Any) -> tuple[int, bool]:
        """Return the event's log position, and whether it is exact."""
        key = (event.originator_id, event.originator_version)
        if key not in self._found:
            self._found[key] = self._locate(event)
        return self._found[key]

    def _locate(self, event: Any) -> tuple[int, bool]:
        estimate = position_at(self._recorder, event.timestamp)
        topic = get_topic(type(event))
        for near in NEAR:
            rows = self._recorder.select_notifications(
                start=max(1, estimate - near), limit=2 * near + 1, stop=estimate + near, topics=[topic]
            )
            for n in rows:
                if n.originator_id == event.originator_id and n.originator_version == event.originator_version:
                    return n.id, True
        return estimate, False


def stream_page(recorder: Any, events: list[Any], filters: Filters, before: int | None = None,
                after: int | None = None) -> Page:
    """Return a page of one aggregate's events (oldest-first ``events``) matching the filters, newest first."""
    topics = filters.topics()
    wanted = set(topics) if topics is not None else None
    matching = [
        e for e in events
        if (wanted is None or get_topic(type(e)) in wanted)
        and filters.admits_actor(e.actor.kind, e.actor.username)
        and filters.admits_time(e.timestamp)
    ]
    locator = Locator(recorder)
    positions = _LazyPositions(matching, locator)
    if after is not None:
        first = bisect.bisect_right(positions, after)
        shown = matching[first : first + PAGE]
        newer = positions[first + PAGE - 1] if first + PAGE < len(matching) else None
        older = after + 1 if first > 0 else None
    else:
        end = len(matching) if before is None else bisect.bisect_left(positions, before)
        shown = matching[max(0, end - PAGE) : end]
        older = positions[end - PAGE] if end > PAGE else None
        newer = before - 1 if before is not None and end < len(matching) else None
    entries = [(*locator.position(e), e) for e in reversed(shown)]
    return Page(entries, older, newer)


class _LazyPositions(Sequence[int]):
    """The positions of ``events`` (in log order), located only where a bisection looks."""

    def __init__(self, events: list[Any], locator: Locator) -> None:
        self._events = events
        self._locator = locator

    def __len__(self) -> int:
        return len(self._events)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return self._locator.position(self._events[index])[0]
