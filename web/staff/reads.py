"""What the staff views read: the projections as the signed-in person may see them, today's date, items."""

from __future__ import annotations

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
