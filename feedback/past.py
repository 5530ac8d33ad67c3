"""Writing a past year into an empty store: the demo generator's seam, and no one else's.

The log is the record: its order is the order things happened, and the audit desk's
"as of" finds a moment's position by a binary search on the events' timestamps. So
past moments may only be written where nothing was recorded yet, and only forward:
every moment at or after the last one. While a moment is written the city's clock
stands still at it, so what the application computes from "today" (an answer's due
date, "the due date is in the past") counts from that day.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone

from domain.base import stamped_at
from domain.errors import N_
from feedback.clock import Clock
from feedback.errors import ActionRefused


class PastMoments:
    """Stamps events with past moments, in time order, on a store that was empty when it began."""

    def __init__(self, app: object, clock: Clock) -> None:
        if not app.is_empty():  # type: ignore[attr-defined]
            raise ActionRefused(N_(
                "past moments can only be written into an empty store: this one already holds events, "
                "and the log's order must stay the order of time"
            ))
        self._clock = clock
        self._last: datetime | None = None
        self.ceiling = min(clock.now(), datetime.now(timezone.utc))  # never a moment after the real now

    @property
    def last(self) -> datetime | None:
        """The latest moment written so far."""
        return self._last

    @contextmanager
    def at(self, moment: datetime) -> Iterator[None]:
        """Write the block's events at ``moment``, with the city's clock standing at it."""
        if moment.tzinfo is None:
            raise ValueError("write at an aware moment")
        if self._last is not None and moment < self._last:
            raise ActionRefused(N_("%(moment)s is before %(last)s: the log only goes forward"),
                                moment=moment.isoformat(), last=self._last.isoformat())
        if moment > self.ceiling:
            raise ActionRefused(N_("%(moment)s has not happened yet"), moment=moment.isoformat())
        self._last = moment
        with self._clock.held_at(moment), stamped_at(moment):
            yield
