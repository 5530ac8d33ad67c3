"""The public "You said, we did" board: ideas the grown-ups took up, of the whole city, one place or one topic."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import abort, render_template, request
from flask_babel import gettext as _

from domain.errors import DomainError
from feedback.errors import FeedbackError
from projections import public_board
from projections.small_groups import SMALL_GROUP, public_count
from web.charts import Bar, bar_chart
from web.evidence import photo_key, photo_response
from web.extensions import feedback, places, services
from web.staff import public, reads, words
from web.staff.figures import count_words

PAGE = 50


def _chosen(kind: str) -> Any:
    """Return the place or topic named by the query's slug (None when not asked; 404 when unknown)."""
    slug = request.args.get(kind, "").strip()
    if not slug:
        return None
    try:
        return places().get_venue(slug) if kind == "place" else places().get_topic(slug)
    except (DomainError, FeedbackError, KeyError, ValueError):
        abort(404)


def _page() -> int:
    raw = request.args.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= 10_000:
        abort(400)
    return int(raw)


@public.get("/you-said-we-did")
def you_said_we_did() -> str:
    """Show the ideas the grown-ups took up: headline totals, taken up by month, and the ideas themselves."""
    place, topic = _chosen("place"), _chosen("topic")
    page = _page()
    venue_id = place.id.hex if place is not None else None
    topic_id = topic.id.hex if topic is not None else None
    views = reads.views()
    totals = {key: public_count(n) for key, n in public_board.totals(views, venue_id, topic_id).items()}
    months = [Bar(row["month"], public_count(row["items"]), count_words(public_count(row["items"])))
              for row in public_board.by_month(views, venue_id, topic_id)]
    rows = public_board.board(views, venue_id, topic_id, limit=PAGE + 1, offset=(page - 1) * PAGE)
    with places().steady():  # one look at the log for every place's name
        for row in rows:
            row["place"] = places().venue_name(UUID(row["venue_id"])) if row.get("venue_id") else ""
            row["decision_words"] = words.word(words.DECISIONS, row.get("decision"))
            row["status_words"] = words.word(words.STATUSES, row.get("status"))
            row["progress_photos"], row["done_photos"] = public_board.photos_of(row)
        return render_template(
            "staff/you_said_we_did.html",
            place=place, topic=topic,
            place_name=places().name_of(place) if place is not None else "",
            topic_name=places().name_of(topic) if topic is not None else "",
            totals=totals, count_words=count_words, small_group=SMALL_GROUP,
            months_chart=bar_chart("taken-up-by-month", _("Ideas taken up, by month"), months) if months else "",
            months=months, rows=rows[:PAGE], page=page, more=len(rows) > PAGE,
            places=[(v.slug, places().name_of(v)) for v in places().list_venues() if v.is_open],
            topics=[(t.slug, places().name_of(t)) for t in places().list_topics()],
        )



@public.get("/you-said-we-did/photos/<photo_id>")
def board_photo(photo_id: str) -> Any:
    """Send a photo of the work on an idea the board shows (and on no other)."""
    key = photo_key(photo_id)
    item_id = public_board.board_photo(reads.views(), key.hex)
    if item_id is None:
        abort(404)
    photo, data = services().evidence.photo(feedback().get_suggestion_by_id(UUID(item_id)), key)
    return photo_response(photo, data, public=True)
