"""What the staff views read: the projections as the signed-in person may see them, today's date, items."""

from __future__ import annotations

import time
from datetime import date
from typing import Any
from uuid import UUID

from flask import current_app

from domain.staff import StaffMember
from domain.suggestion import Suggestion
from feedback.permissions import check_may_view
from projections.queries import StaffQueue
from projections.store import ViewStore
from web.auth import current_staff
from web.extensions import feedback
from web.staff.duplicates import CANDIDATES, OFFERABLE, Likely, likely_duplicates

PAGE = 50


def views() -> ViewStore:
    """Return the read models' store."""
    return current_app.extensions["projector"].views


def read_your_writes_seconds() -> float:
    """Return how long the page after an action may wait for the read models (0: do not wait).

    Set by ``FEEDBACK_READ_YOUR_WRITES_SECONDS``; by default 2 seconds where this process
    polls the log itself (it knows the read models move), else 0 (nothing here moves them:
    a deployment with projection workers sets it; see docs/deployment.md).
    """
    chosen = current_app.config.get("FEEDBACK_READ_YOUR_WRITES_SECONDS")
    if chosen is None:
        return 2.0 if "poller" in current_app.extensions else 0.0
    return max(0.0, float(chosen))


def settle(seconds: float | None = None) -> bool:
    """Wait, bounded, until every read model has read the log up to its head as it is now; say whether it did.

    Called after an action, so the page it leads to shows the action's effect
    (the event just saved is at or below the head read here).
    """
    limit = read_your_writes_seconds() if seconds is None else seconds
    if limit <= 0:
        return False
    projector = current_app.extensions["projector"]
    target = projector.head()
    deadline = time.monotonic() + limit
    while True:
        behind = projector.views.scalar("SELECT MIN(position) FROM projection_tracking")
        if int(behind or 0) >= target:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.02)


def today() -> date:
    """Return the city's date today."""
    return feedback().clock.today()


def queue_for(staff: StaffMember | None = None) -> StaffQueue:
    """Return the work queue as ``staff`` (by default the signed-in person) may read it, today."""
    return StaffQueue.of(views(), staff or current_staff(), today())


def visible_item(staff: StaffMember, ref: str) -> Suggestion:
    """Return the item a public reference names, refusing with 403 one that ``staff`` may not read."""
    item = feedback().get_by_ref(ref)
    check_may_view(staff, item)
    return item


def items_of(rows: list[dict[str, Any]]) -> list[tuple[dict[str, Any], Suggestion]]:
    """Pair each queue row with its item, read from its own events (for the words and the version)."""
    return [(row, feedback().get_suggestion_by_id(UUID(row["id"]))) for row in rows]


def queue_page(page: int, **filters: Any) -> tuple[list[tuple[dict[str, Any], Suggestion]], int]:
    """Return one page of the work queue with its items, and how many rows match, as the signed-in person may see."""
    queue = queue_for()
    return items_of(queue.rows(limit=PAGE, offset=(page - 1) * PAGE, **filters)), queue.count(**filters)


def duplicates_of(item: Suggestion) -> list[Likely]:
    """Return likely duplicates of ``item`` among the newest open items of its place, its category and anywhere.

    Only rows the signed-in person may read, still open, and neither sealed, held nor erased are read.
    """
    wheres: list[dict[str, Any]] = [{"category": item.category.value}, {}]
    if item.venue_id is not None:
        wheres.insert(0, {"venue_id": item.venue_id.hex})
    ids: dict[str, None] = {}
    queue = queue_for()
    for where in wheres:
        rows = [row for status in OFFERABLE
                for row in queue.rows(limit=CANDIDATES, newest_first=True, status=status.value, **where)]
        rows.sort(key=lambda row: (row["submitted_at"] or "", row["id"]), reverse=True)
        for row in rows[:CANDIDATES]:
            if row["id"] != item.id.hex and not (row["sealed"] or row["held"] or row["erased"]):
                ids[row["id"]] = None
    return likely_duplicates(item, (feedback().get_suggestion_by_id(UUID(i)) for i in ids))
