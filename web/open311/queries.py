"""Finding requests: the work queue selects them, each item's own events tell what it says."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any
from uuid import UUID

from flask import current_app
from marshmallow import ValidationError

from domain.values import Category, Channel, VenueKind
from domain.venue import Venue
from feedback.errors import N_, InvalidInput, NotFound
from projections import work_queue
from web.extensions import feedback, places
from web.open311.requests import service_request, statuses_of
from web.open311.schemas import REF

LIMIT = 200
WINDOW = timedelta(days=90)
CHANNEL_OF_VENUE = {
    VenueKind.MESSAGE_BOARD: Channel.MESSAGE_BOARD,
    VenueKind.OBSERVATION_GROUP: Channel.OBSERVATION_GROUP,
    VenueKind.HOSPITAL: Channel.HOSPITAL_REVIEW,
}


def requests(query: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the requests a GET requests query asks for, newest first."""
    if "service_request_id" in query:
        return requests_by_ref(query["service_request_id"].split(","))
    start, end = window(query.get("start_date"), query.get("end_date"))
    statuses = sorted({s for wanted in query.get("status", "").split(",") if wanted for s in statuses_of(wanted)})
    rows = work_queue.submitted_between(
        views(), start=utc(start), end=utc(end), statuses=statuses or None,
        categories=[code for code in query.get("service_code", "").split(",") if code] or None, limit=LIMIT,
    )
    return shown(rows)


def requests_by_ref(refs: list[str]) -> list[dict[str, Any]]:
    """Return the requests with these public references (ids that are not one match nothing)."""
    app, found = feedback(), {}
    for ref in refs[:LIMIT]:
        if re.fullmatch(REF, ref):
            try:
                item = app.get_by_ref(ref)  # the index saved with the item: current at once
            except NotFound:
                continue
            found[item.id] = item
    items = sorted(found.values(), key=lambda item: item.created_on, reverse=True)
    with places().steady():
        return [service_request(item, app) for item in items if not item.sealed]


def window(start: datetime | None, end: datetime | None) -> tuple[datetime, datetime]:
    """Return the span to search: the last 90 days unless told, and never more than 90 days."""
    if start is None and end is None:
        end = feedback().clock.now()
    if start is None:
        start = end - WINDOW  # type: ignore[operator]
    if end is None:
        end = start + WINDOW
    if end < start:
        raise ValidationError({"end_date": "end_date comes before start_date."})
    if end - start > WINDOW:
        raise ValidationError({"end_date": "Ask for at most 90 days at a time."})
    return start, end


def shown(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the rows' items as requests, read from their own events (a case sealed since is left out)."""
    app = feedback()
    items = (app.get_suggestion_by_id(UUID(row["id"])) for row in rows)
    with places().steady():  # one look at the log for the bodies' names
        return [service_request(item, app) for item in items if not item.sealed]


def views() -> Any:
    return current_app.extensions["projector"].views


def utc(moment: datetime) -> str:
    """Return a moment as the read models store it: ISO text in UTC."""
    return moment.astimezone(timezone.utc).isoformat()


def submission(fields: dict[str, Any]) -> dict[str, Any]:
    """Return what FeedbackApp.submit takes for a GeoReport request (never its names, contacts or place)."""
    venue = venue_of(fields.get("address_id"))
    return {
        "channel": CHANNEL_OF_VENUE.get(venue.kind, Channel.WEB) if venue else Channel.WEB,
        "venue": venue.id if venue else None,
        "category": Category(fields["service_code"]),
        "age_band": fields["age_band"],
        "text": fields["description"],
        "title": fields["title"],
        "language": fields["language"],
    }


def venue_of(key: str | None) -> Venue | None:
    if key is None:
        return None
    try:
        return places().get_venue(key)
    except NotFound:
        raise InvalidInput(N_("that place is not known"), {"address_id": N_("that place is not known")}) from None
