"""Time travel: the read models as they stood at a past moment, replayed from the log into memory."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.values import Status
from feedback.audit_desk import AuditDesk
from projections import Projector, replay_until, work_queue
from web.staff import figures

KEPT = 3  # replays kept in memory: looking at one moment again, or paging its figures, replays nothing


class Replays:
    """The last few replays, by log position (the log up to a position never changes, so neither do they)."""

    def __init__(self, app: Any) -> None:
        self._app = app
        self._lock = threading.Lock()
        self._kept: OrderedDict[int, Projector] = OrderedDict()

    def at(self, position: int) -> Projector:
        """Return every read model as it stood after log ``position``."""
        with self._lock:
            if position in self._kept:
                self._kept.move_to_end(position)
                return self._kept[position]
        projector = replay_until(self._app, position)
        with self._lock:
            self._kept[position] = projector
            while len(self._kept) > KEPT:
                self._kept.popitem(last=False)
        return projector


@dataclass(frozen=True)
class Moment:
    """A moment of the past: when, how far the log reached then, and its read models."""

    at: datetime
    position: int
    views: Any

    @property
    def day(self) -> Any:
        return self.at.date()


def travel(desk: AuditDesk, replays: Replays, at: datetime) -> Moment:
    """Return the read models as they stood at ``at``."""
    position = desk.position_at(at)
    return Moment(at, position, replays.at(position).views)


def items_by_status(moment: Moment) -> list[tuple[str, int]]:
    """Return how many items stood in each status then (statuses with none left out)."""
    counts = [(s.value, work_queue.count(moment.views, today=moment.day, status=s.value)) for s in Status]
    return [(status, n) for status, n in counts if n]


def overdue_then(moment: Moment) -> list[dict[str, Any]]:
    """Return the items overdue on that day (at most 50, oldest first)."""
    return figures.overdue_items(moment.views, moment.day)
