"""The adoption tracker: what became of children's ideas, by topic, channel, district, body, month."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from domain.suggestion import Suggestion
from domain.venue import Venue
from projections import facts
from projections.base import Projection, Rows, on, update, upsert
from projections.facts import SUGGESTION_EVENTS, item_facts, sql
from projections.sql import OVERDUE, count_where
from projections.store import ViewStore

DIMENSIONS = {
    "topic": "topic_id",
    "channel": "channel",
    "district": "district",
    "body": "body_id",
    "month": "month",
}
COLUMNS = frozenset({
    "status", "channel", "venue_id", "body_id", "topic_id", "submitted_at", "answer_due",
    "forward_due", "decision", "version",
})


class AdoptionTracker(Projection):
    """One fact row per item, aggregated on demand."""

    name = "adoption"
    tables = ("ad_items", "ad_venues")
    cost = 0.75
    depends_on = (facts,)
    schema = (
        "CREATE TABLE IF NOT EXISTS ad_venues (id TEXT PRIMARY KEY, district TEXT)",
        "CREATE TABLE IF NOT EXISTS ad_items (id TEXT PRIMARY KEY, status TEXT, channel TEXT, "
        "venue_id TEXT, district TEXT, body_id TEXT, topic_id TEXT, month TEXT, submitted_at TEXT, "
        "first_answered_at TEXT, answer_days DOUBLE PRECISION, decision TEXT, answer_due TEXT, "
        "forward_due TEXT, version INTEGER)",
        "CREATE INDEX IF NOT EXISTS ad_answer_days ON ad_items (answer_days)",
    )

    def __init__(self, app: Any = None) -> None:
        super().__init__(app)
        # A place's district is a fact of its registration and never changes: remembered once known.
        self._districts: dict[str, str | None] = {}

    @on(Venue.Registered)
    def venue(self, rows: Rows, e: Venue.Registered) -> None:
        upsert(rows, "ad_venues", "id", {"id": e.originator_id.hex, "district": e.district or None})
        self._districts[e.originator_id.hex] = e.district or None

    @on(*(cls for cls in SUGGESTION_EVENTS if cls is not Suggestion.Answered))
    def item_changed(self, rows: Rows, e: Any) -> None:
        row = item_facts(e, COLUMNS)
        if isinstance(e, Suggestion.Submitted):
            row["month"] = e.timestamp.strftime("%Y-%m")
            row["district"] = self._district(rows, row["venue_id"])
            row["first_answered_at"] = None
            upsert(rows, "ad_items", "id", {"id": e.originator_id.hex, **row})
        else:
            update(rows, "ad_items", "id", e.originator_id.hex, row)

    def _district(self, rows: Rows, venue_id: str | None) -> str | None:
        if venue_id is None:
            return None
        if venue_id not in self._districts:
            row = rows.get("ad_venues", "id", venue_id, ("district",))
            if row is None:
                return None
            self._districts[venue_id] = row[0]
        return self._districts[venue_id]

    @on(Suggestion.Answered)
    def answered(self, rows: Rows, e: Suggestion.Answered) -> None:
        row = {"status": "answered", "decision": sql(e.decision), "version": e.originator_version}
        first = rows.get("ad_items", "id", e.originator_id.hex, ("submitted_at", "first_answered_at"))
        if first is not None and first[1] is None:  # time to first answer counts the first answer only
            waited = e.timestamp - datetime.fromisoformat(first[0])
            row.update(first_answered_at=sql(e.timestamp), answer_days=waited.total_seconds() / 86400)
        update(rows, "ad_items", "id", e.originator_id.hex, row)


TALLIES = ", ".join(
    f"{count_where(condition)} AS {name}"
    for name, condition in (
        ("answered", "decision IS NOT NULL"),
        ("adopted", "decision = 'adopted'"),
        ("partly_adopted", "decision = 'partly_adopted'"),
        ("not_adopted", "decision = 'not_adopted'"),
        ("overdue", OVERDUE),  # takes today's date twice
    )
)


def rates(views: ViewStore, by: str, *, today: date) -> list[dict[str, Any]]:
    """Return, per value of dimension ``by``, counts of each decision, the rate and overdue count."""
    column = DIMENSIONS[by]
    rows = views.query(
        f"SELECT {column} AS key, COUNT(*) AS items, {TALLIES} FROM ad_items "
        f"GROUP BY {column} ORDER BY {column}",
        (today.isoformat(), today.isoformat()),
    )
    result = []
    for entry in rows:
        answered = entry["answered"]
        entry["adoption_rate"] = (
            (entry["adopted"] + entry["partly_adopted"]) / answered if answered else None
        )
        result.append(entry)
    return result


def response_times(views: ViewStore) -> dict[str, Any]:
    """Return the days to first answer: count, median and 90th percentile."""
    n = int(views.scalar("SELECT COUNT(*) FROM ad_items WHERE answer_days IS NOT NULL"))
    if n == 0:
        return {"answered": 0, "median_days": None, "p90_days": None}
    return {
        "answered": n,
        "median_days": _percentile(views, n, 0.5),
        "p90_days": _percentile(views, n, 0.9),
    }


def _percentile(views: ViewStore, n: int, q: float) -> float:
    # Nearest-rank percentile, read straight from the index.
    rank = max(1, math.ceil(q * n))
    value = views.scalar(
        "SELECT answer_days FROM ad_items WHERE answer_days IS NOT NULL "
        "ORDER BY answer_days LIMIT 1 OFFSET ?",
        (min(rank, n) - 1,),
    )
    return round(float(value), 2)


def response_histogram(views: ViewStore, edges: tuple[int, ...] = (7, 14, 30, 60)) -> list[dict[str, Any]]:
    """Return how many items were first answered within each band of days."""
    bands, low = [], 0
    for high in (*edges, None):
        if high is None:
            n = views.scalar("SELECT COUNT(*) FROM ad_items WHERE answer_days >= ?", (low,))
            label = f"{low}+"
        else:
            n = views.scalar(
                "SELECT COUNT(*) FROM ad_items WHERE answer_days >= ? AND answer_days < ?", (low, high)
            )
            label = f"{low}-{high}"
        bands.append({"band": label, "items": int(n)})
        low = high or low
    return bands


def districts(views: ViewStore) -> dict[str, str | None]:
    """Return each registered place's district, by the place's id (hex)."""
    return {row["id"]: row["district"] for row in views.query("SELECT id, district FROM ad_venues")}
