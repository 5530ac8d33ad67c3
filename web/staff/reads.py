"""What the staff views read: the projections, today's date, and items a viewer may see."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app

from domain.staff import StaffMember
from domain.suggestion import MERGE_TARGETS, Suggestion
from domain.venue import Venue
from feedback.permissions import check_may_view
from projections import work_queue
from projections.store import ViewStore
from web.extensions import feedback
from web.staff.duplicates import CANDIDATES, Likely, likely_duplicates

PAGE = 50


def views() -> ViewStore:
    """Return the read models' store."""
    return current_app.extensions["projector"].views


def today() -> date:
    """Return the city's date today."""
    return feedback().clock.today()


def visible_item(staff: StaffMember, code: str) -> Suggestion:
    """Return the item, refusing with 403 one that ``staff`` may not read."""
    item = feedback().get_suggestion(code)
    check_may_view(staff, item)
    return item


def items_of(rows: list[dict[str, Any]]) -> list[tuple[dict[str, Any], Suggestion]]:
    """Pair each queue row with its item, read from its own events (for the words and the version)."""
    return [(row, feedback().get_suggestion(row["code"])) for row in rows]


def queue_page(page: int, **filters: Any) -> tuple[list[tuple[dict[str, Any], Suggestion]], int]:
    """Return one page of the work queue with its items, and how many rows match."""
    rows = work_queue.queue(views(), today=today(), limit=PAGE, offset=(page - 1) * PAGE, **filters)
    return items_of(rows), work_queue.count(views(), today=today(), **filters)


def bodies() -> list[Venue]:
    """Return the open responsible bodies (and hospitals, which answer for themselves)."""
    return [v for v in feedback().list_venues() if v.can_answer and v.is_open]


def duplicates_of(item: Suggestion) -> list[Likely]:
    """Return likely duplicates of ``item`` among the newest items from its place or of its category."""
    targets = {status.value for status in MERGE_TARGETS}
    filters: list[dict[str, Any]] = [{"category": item.category.value}]
    if item.venue_id is not None:
        filters.insert(0, {"venue_id": item.venue_id.hex})
    codes: dict[str, None] = {}
    for where in filters:
        for row in work_queue.queue(views(), today=today(), limit=CANDIDATES, newest_first=True, **where):
            if row["status"] in targets and row["code"] != item.code:
                codes[row["code"]] = None
    return likely_duplicates(item, (feedback().get_suggestion(code) for code in codes))
