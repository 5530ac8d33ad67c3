"""An item as GeoReport's service request: public words only, named by its public reference."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from flask_babel import format_percent
from flask_babel import gettext as _

from domain.names import LANGUAGES
from domain.suggestion import Suggestion
from domain.values import Status
from domain.venue import Venue
from feedback.application import FeedbackApp
from feedback.places import reading_language
from web.open311.services import service_name
from web.extensions import places

KUNSHAN = timezone(timedelta(hours=8), "CST")
OPEN = frozenset({Status.SUBMITTED, Status.UNDER_REVIEW, Status.FORWARDED, Status.ANSWERED, Status.IN_PROGRESS})
CLOSED = frozenset(Status) - OPEN
# Statuses an item reaches only after a moderator accepted its words, and in which they stay public.
# (Declined, merged and withdrawn items keep their words to themselves: a decline or a merge may come
# before any moderator released them, and a child who takes an idea back takes its words back too.)
WORDS_PUBLIC = frozenset({Status.UNDER_REVIEW, Status.FORWARDED, Status.ANSWERED, Status.IN_PROGRESS,
                          Status.IMPLEMENTED})


def open311_status(status: Status) -> str:
    return "open" if status in OPEN else "closed"


def statuses_of(open311: str) -> list[str]:
    """Return our statuses behind GeoReport's ``open`` or ``closed``."""
    return sorted(status.value for status in (OPEN if open311 == "open" else CLOSED))


def service_request(item: Suggestion, app: FeedbackApp) -> dict[str, Any]:
    """Return ``item`` with GeoReport's field names and nothing a child has not let be public."""
    venue = places().venue(item.venue_id) if item.venue_id else None
    body = places().venue(item.body_id) if item.body_id else None
    return {
        "service_request_id": item.ref,
        "status": open311_status(item.status),
        "status_notes": status_notes(item, app),
        "service_name": service_name(item.category),
        "service_code": item.category.value,
        "description": description(item),
        "agency_responsible": places().name_of(body) or None,
        "service_notice": None,
        "requested_datetime": w3c(item.created_on),
        "updated_datetime": w3c(item.modified_on),
        "expected_datetime": expected(item),
        "address": address(venue, reading_language()),
        "address_id": str(venue.id) if venue else None,
        # We never keep where a child is: no coordinates, postcode or photos.
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
        "agency_responsible_names": places().names_of(body) or None,
        "address_names": {tag: address(venue, tag) for tag in LANGUAGES} if venue else None,
    }


def address(venue: Venue | None, language: str) -> str | None:
    """Return a venue's name and district in ``language``, as an address."""
    if venue is None:
        return None
    comma = ", " if language == "en" else "，"
    return comma.join(part for part in (venue.name_in(language), venue.district_in(language)) if part)


def description(item: Suggestion) -> str | None:
    """Return the child's words if they are public: accepted by a moderator, not held back for personal
    data (a redacted version once a moderator made one), not erased, not taken back."""
    if item.status not in WORDS_PUBLIC:
        return None
    return item.public_text.text or None


def status_notes(item: Suggestion, app: FeedbackApp) -> str:
    """Return where the idea stands, in the words the grown-ups wrote for the child when there are some."""
    status = item.status
    if status is Status.SUBMITTED:
        return _("Received. A moderator will read it soon.")
    if status is Status.UNDER_REVIEW:
        return _("A moderator accepted it. The grown-ups are looking at it.")
    if status is Status.FORWARDED:
        return _("Sent to the %(body)s, who will answer it.", body=places().venue_name(item.body_id))
    if status is Status.IN_PROGRESS:
        done = format_percent((item.progress or 0) / 100)
        return _("%(done)s done: %(note)s", done=done, note=item.progress_note)
    if status is Status.IMPLEMENTED:
        return item.evidence or item.explanation
    if status is Status.MERGED:
        target = app.ref_of(item.merged_into) or ""
        return _("It joined a very similar idea, request %(ref)s.", ref=target)
    if status is Status.WITHDRAWN:
        return _("The child took the idea back.")
    return item.explanation  # answered or declined: the explanation written for the child


def expected(item: Suggestion) -> str | None:
    """Return when an answer is due (a forward's date when the body was given one), while one is awaited."""
    if not item.status.awaits_answer:
        return None
    return end_of_day(item.due)


def end_of_day(day: date) -> str:
    return w3c(datetime.combine(day, time(23, 59, 59), tzinfo=KUNSHAN))


def w3c(moment: datetime) -> str:
    """Return a moment as the spec's W3C date-time, in Kunshan's time (UTC+8, no daylight saving)."""
    return moment.astimezone(KUNSHAN).isoformat(timespec="seconds")
