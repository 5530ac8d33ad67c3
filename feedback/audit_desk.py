"""The auditor's queries: the log page by page, an aggregate's versions, its state at any version, the seal."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any, cast
from uuid import UUID

from eventsourcing.persistence import Notification

from feedback.application import FeedbackApp
from feedback.audit import Record, Verdict, position_at, published_head, records_from_store, verify
from feedback.seal import Head
from feedback.eventlog import Filters, Locator, Page, read_page, stream_page


class Undecodable:
    """A stored event this code can no longer decode: shown from its stored JSON."""

    def __init__(self, notification: Notification) -> None:
        self.notification = notification


class AuditDesk:
    """Read-only questions an auditor asks of the log; nothing here changes anything."""

    def __init__(self, app: FeedbackApp) -> None:
        self._app = app

    def head(self) -> Head:
        """Return the seal's current head (position and hash), as published."""
        return published_head(self._app.recorder)

    def event_count(self) -> int:
        """Return how many events the log holds (its last position)."""
        return int(self._app.recorder.max_notification_id() or 0)

    def records(self, progress: Callable[[int], None] | None = None) -> Iterator[Record]:
        """Yield every stored event with its seal, in log order."""
        return records_from_store(self._app.recorder, progress)

    def verify(self, head: Any = None) -> Verdict:
        """Recompute the seal over the whole log (against a published head when given)."""
        return verify(lambda: records_from_store(self._app.recorder), head)

    def position_at(self, moment: datetime) -> int:
        """Return the last log position at or before ``moment``."""
        return position_at(self._app.recorder, moment)

    def page(self, filters: Filters, before: int | None = None, after: int | None = None) -> Page:
        """Return one page of the log, newest first (one aggregate's page from its own stream)."""
        if filters.aggregate_id is None:
            return read_page(self._app.recorder, filters, before, after)
        return stream_page(self._app.recorder, self.stream(filters.aggregate_id), filters, before, after)

    def stream(self, aggregate_id: UUID) -> list[Any]:
        """Return every event of one aggregate, oldest first."""
        with self._app.keys.prefetched([aggregate_id]):
            return list(self._app.events.get(aggregate_id))

    def state_at(self, aggregate_id: UUID, version: int | None = None) -> Any:
        """Return the aggregate rebuilt from its events up to ``version`` (the latest when None; None for 0)."""
        if version == 0:
            return None
        with self._app.keys.prefetched([aggregate_id]):
            return self._app.repository.get(aggregate_id, version=version)

    def locator(self) -> Locator:
        """Return a finder of events' log positions."""
        return Locator(self._app.recorder)

    def decoded(self, entries: Iterable[tuple[int, bool, Any]]) -> list[tuple[int, bool, Any]]:
        """Return page entries with stored notifications decoded (an undecodable one wrapped, still browsable)."""
        entries = list(entries)
        stored = [cast(UUID, obj.originator_id) for _, _, obj in entries if isinstance(obj, Notification)]
        with self._app.keys.prefetched(stored):
            return [(position, exact, self._decode(obj)) for position, exact, obj in entries]

    def _decode(self, obj: Any) -> Any:
        if not isinstance(obj, Notification):
            return obj
        try:
            return self._app.mapper.to_domain_event(obj)
        except Exception:  # an old or damaged event must still be browsable
            return Undecodable(obj)
