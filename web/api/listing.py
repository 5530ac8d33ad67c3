"""The staff list of items: who sees what, filters by id or slug, and cursors."""

from __future__ import annotations

import base64
import binascii
from datetime import date, datetime
from typing import Any

from flask import current_app, request, url_for
from marshmallow import ValidationError

from domain.staff import StaffMember
from feedback.errors import N_, InvalidInput, NotFound
from projections.queries import StaffQueue
from projections.work_queue import Narrowing
from web.api.outputs import Page, queue_entry
from web.extensions import feedback, places

HEX = "0123456789abcdef"
HEX_ID = 32


def list_page(staff: StaffMember, query: dict[str, Any]) -> Page:
    """Return the page of the work queue that ``query`` asks for, as ``staff`` may see it."""
    queue = StaffQueue.of(current_app.extensions["projector"].views, staff, today())
    filters = {
        "status": _value(query["status"]),
        "channel": _value(query["channel"]),
        "category": _value(query["category"]),
        "age_band": _value(query["age_band"]),
        "venue_id": _venue_id(query["venue"], "venue"),
        "topic_id": _topic_id(query["topic"]),
        "body_id": queue.narrow(_venue_id(query["body"], "body")),  # refuses a role that lists none, or another body's
    }
    narrowing = Narrowing(q=query["q"], venue_ids=_district(query["district"]), language=query["language"],
                          due_by=query["due"], sort=query["sort"])
    limit = query["limit"]
    rows = queue.rows_after(
        after=decode_cursor(query["cursor"]) if query["cursor"] else None,
        offset=query["offset"] or 0,
        limit=limit + 1,  # one more tells whether there is a next page
        overdue=query["overdue"],
        narrowing=narrowing,
        **filters,
    )
    with places().steady():  # one look at the log for the page's names
        all_names = places().all_names if query["names"] else None
        items = [queue_entry(row, places().venue_name, places().topic_name, all_names) for row in rows[:limit]]
    return Page(items, next_link(rows[limit - 1]) if len(rows) > limit else None)


def _value(choice: Any) -> str | None:
    return None if choice is None else choice.value


def _venue_id(key: str | None, field: str) -> str | None:
    if key is None:
        return None
    try:
        return places().get_venue(key).id.hex
    except NotFound:
        raise InvalidInput(N_("there is no such place"), {field: N_("there is no such place")}) from None


def _district(district: str | None) -> tuple[str, ...] | None:
    if district is None:
        return None
    venues = tuple(v.id.hex for v in places().list_venues() if v.district == district)
    if not venues:
        raise InvalidInput(N_("there is no such district"), {"district": N_("there is no such district")})
    return venues


def _topic_id(key: str | None) -> str | None:
    if key is None:
        return None
    try:
        return places().get_topic(key).id.hex
    except NotFound:
        raise InvalidInput(N_("there is no such topic"), {"topic": N_("there is no such topic")}) from None


def next_link(last: dict[str, Any]) -> str:
    """Return the URL of the page after ``last``, with the same filters."""
    args = {k: v for k, v in request.args.items() if k not in ("cursor", "offset")}
    return url_for(".list_suggestions", **args, cursor=encode_cursor(last))


def encode_cursor(row: dict[str, Any]) -> str:
    raw = f"{row['sort_key']}|{row['id']}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, str]:
    """Return the (sort key, id) a cursor points after, refusing one we did not make.

    The key is the row's filing time, due date or last change, as the list is sorted.
    """
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, _, item_id = raw.partition("|")
        datetime.fromisoformat(moment)
        if len(item_id) != HEX_ID or set(item_id) - set(HEX):
            raise ValueError(item_id)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ValidationError({"cursor": "This is not a cursor from a `next` link."}) from None
    return moment, item_id


def today() -> date:
    """Return the city's date today."""
    return feedback().clock.today()
