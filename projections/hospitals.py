"""The hospital scoreboard: faces children gave each aspect, and what became of their ideas."""

from __future__ import annotations

from typing import Any

from domain.suggestion import Suggestion
from domain.values import VenueKind
from domain.venue import Venue
from projections import facts
from projections.base import Projection, Rows, on, update, upsert
from projections.facts import SUGGESTION_EVENTS, item_facts
from projections.sql import count_where
from projections.store import ViewStore


IMPLEMENTED = count_where("status = 'implemented'")
STATUS = frozenset({"status"})


class HospitalScoreboard(Projection):
    """Per hospital and aspect: the mean face rating and how many; ideas made and implemented."""

    name = "hospitals"
    tables = ("hs_hospitals", "hs_ratings", "hs_items")
    cost = 0.55
    depends_on = (facts,)
    schema = (
        "CREATE TABLE IF NOT EXISTS hs_hospitals (id TEXT PRIMARY KEY, name TEXT)",
        "CREATE TABLE IF NOT EXISTS hs_ratings (hospital_id TEXT, aspect TEXT, total INTEGER, "
        "n INTEGER, PRIMARY KEY (hospital_id, aspect))",
        "CREATE TABLE IF NOT EXISTS hs_items (id TEXT PRIMARY KEY, hospital_id TEXT, status TEXT, "
        "has_idea INTEGER)",
        "CREATE INDEX IF NOT EXISTS hs_items_hospital ON hs_items (hospital_id, status)",
    )

    def __init__(self, app: Any = None) -> None:
        super().__init__(app)
        # A place's kind never changes: remembered once known, either way (most items come from elsewhere).
        self._hospitals: set[str] = set()
        self._elsewhere: set[str] = set()

    @on(Venue.Registered)
    def registered(self, rows: Rows, e: Venue.Registered) -> None:
        if e.kind == VenueKind.HOSPITAL:
            upsert(rows, "hs_hospitals", "id", {"id": e.originator_id.hex, "name": e.name})
            self._hospitals.add(e.originator_id.hex)
            self._elsewhere.discard(e.originator_id.hex)

    @on(Venue.Renamed)
    def renamed(self, rows: Rows, e: Venue.Renamed) -> None:
        update(rows, "hs_hospitals", "id", e.originator_id.hex, {"name": e.name})

    @on(Suggestion.Submitted)
    def submitted(self, rows: Rows, e: Suggestion.Submitted) -> None:
        hospital = e.venue_id.hex if e.venue_id else None
        if hospital is None:
            return
        if hospital not in self._hospitals:
            if hospital in self._elsewhere:
                return
            if rows.get("hs_hospitals", "id", hospital, ("id",)) is None:
                self._elsewhere.add(hospital)
                return
            self._hospitals.add(hospital)
        has_idea = int(e.text.text != "")  # erased words (None) were words
        upsert(rows, "hs_items", "id", {
            "id": e.originator_id.hex, "hospital_id": hospital, "status": "submitted",
            "has_idea": has_idea,
        })
        for aspect, value in e.ratings.items():
            key = (hospital, aspect)
            total, n = rows.get("hs_ratings", ("hospital_id", "aspect"), key, ("total", "n")) or (0, 0)
            upsert(rows, "hs_ratings", ("hospital_id", "aspect"),
                   {"hospital_id": hospital, "aspect": aspect, "total": total + int(value), "n": n + 1})

    @on(*(cls for cls in SUGGESTION_EVENTS if cls is not Suggestion.Submitted))
    def item_changed(self, rows: Rows, e: Any) -> None:
        update(rows, "hs_items", "id", e.originator_id.hex, item_facts(e, STATUS))


def scoreboard(views: ViewStore) -> list[dict[str, Any]]:
    """Return every hospital with its mean face rating per aspect and its ideas."""
    hospitals = views.query("SELECT * FROM hs_hospitals ORDER BY name")
    ratings = views.query("SELECT hospital_id, aspect, total, n FROM hs_ratings")
    items = views.query(
        "SELECT hospital_id, COUNT(*) AS reviews, SUM(has_idea) AS ideas, "
        f"{IMPLEMENTED} AS implemented FROM hs_items GROUP BY hospital_id"
    )
    by_hospital = {row["hospital_id"]: row for row in items}
    for hospital in hospitals:
        hospital["aspects"] = {
            r["aspect"]: {"mean": round(r["total"] / r["n"], 2), "count": r["n"]}
            for r in ratings if r["hospital_id"] == hospital["id"]
        }
        row = by_hospital.get(hospital["id"])
        hospital["reviews"] = row["reviews"] if row else 0
        hospital["ideas"] = (row["ideas"] or 0) if row else 0
        hospital["implemented"] = (row["implemented"] or 0) if row else 0
    return hospitals
