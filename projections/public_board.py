"""The public "You said, we did" board: adopted and implemented ideas, public text only."""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from typing import Any

from eventsourcing.utils import get_topic

from domain.suggestion import ACTED_ON, Suggestion
from domain.values import Status
from projections import facts
from projections.base import Projection, Rows, on, update, upsert
from projections.facts import SUGGESTION_EVENTS, item_facts, sql
from projections.store import ViewStore
from projections.topic_board import items_on_topic_query


# How many items the board follows in memory as the log goes by (their words come from
# the domain's own rules without reading the item again): bounded, whatever the log's length.
FOLLOWED = 10_000
ITEM_EVENTS = frozenset(SUGGESTION_EVENTS)
ROUTING = frozenset({"ref", "category", "channel", "venue_id", "body_id"})  # what every item is about
PROGRESS = frozenset({"status", "progress", "updated_at"})


class Followed:
    """An item the board follows: its aggregate so far, and the events not yet applied to it."""

    __slots__ = ("aggregate", "pending", "version")

    def __init__(self, submitted: Any) -> None:
        self.aggregate: Any = None
        self.pending = [submitted]
        self.version = submitted.originator_version

    def take(self, event: Any) -> bool:
        """Note the item's next event; say False if it is not the next one (a gap)."""
        if event.originator_version != self.version + 1:
            return False
        self.pending.append(event)
        self.version = event.originator_version
        return True

    def item(self) -> Any:
        self.aggregate = _replay(self.aggregate, self.pending)
        self.pending = []
        return self.aggregate


class PublicBoard(Projection):
    """Ideas the grown-ups took up, as the public may see them."""

    name = "public_board"
    tables = ("pb_facts", "pb_items")
    cost = 1.2
    depends_on = (facts,)
    schema = (
        # What every item is about (never its words): read when an item is taken up.
        "CREATE TABLE IF NOT EXISTS pb_facts (id TEXT PRIMARY KEY, ref TEXT, category TEXT, channel TEXT, "
        "venue_id TEXT, body_id TEXT)",
        "CREATE TABLE IF NOT EXISTS pb_items (id TEXT PRIMARY KEY, ref TEXT, category TEXT, "
        "channel TEXT, venue_id TEXT, body_id TEXT, status TEXT, decision TEXT, text TEXT, "
        "explanation TEXT, progress INTEGER, evidence TEXT, answered_at TEXT, updated_at TEXT, photos TEXT)",
        "CREATE INDEX IF NOT EXISTS pb_updated ON pb_items (updated_at)",
    )

    def __init__(self, app: Any = None) -> None:
        super().__init__(app)
        self._followed: OrderedDict[int, Followed] = OrderedDict()  # by item id

    @classmethod
    def topics(cls) -> list[str]:
        # Every event of an item, so that the items it follows stay whole.
        return sorted({*super().topics(), *(get_topic(c) for c in SUGGESTION_EVENTS)})

    def process(self, rows: Any, events: Iterable[Any]) -> None:
        super().process(rows, self._follow(events))

    def _follow(self, events: Iterable[Any]) -> Iterator[Any]:
        """Yield each event after noting it against the item it belongs to, if the board follows it.

        An item's events are only applied (to work out its public words) when an
        answer or a privacy step needs them: most items are never taken up.
        """
        followed = self._followed
        for event in events:
            kind = type(event)
            if kind in ITEM_EVENTS:
                key = event.originator_id.int
                entry = followed.pop(key, None)
                if kind is Suggestion.Submitted:
                    entry = Followed(event)
                elif entry is None or not entry.take(event):
                    entry = None  # a gap (an earlier batch rolled back, or it fell out): read it again when needed
                if entry is not None:
                    followed[key] = entry
                    if len(followed) > FOLLOWED:
                        followed.popitem(last=False)
            yield event

    @on(Suggestion.Submitted, Suggestion.Forwarded)
    def routed(self, rows: Rows, e: Any) -> None:
        row = {"body_id": None, **item_facts(e, ROUTING)}
        upsert(rows, "pb_facts", "id", {"id": e.originator_id.hex, **row})

    @on(Suggestion.ReferenceGiven)
    def referenced(self, rows: Rows, e: Suggestion.ReferenceGiven) -> None:
        for table in self.tables:
            update(rows, table, "id", e.originator_id.hex, {"ref": e.ref})

    @on(Suggestion.Answered)
    def answered(self, rows: Rows, e: Suggestion.Answered) -> None:
        if e.decision not in ACTED_ON:
            self.withdrawn(rows, e)
            return
        facts = rows.get("pb_facts", "id", e.originator_id.hex, ("ref", "category", "channel", "venue_id", "body_id"))
        assert facts is not None, "every item's facts are written when it is submitted"
        ref, category, channel, venue_id, body_id = facts
        upsert(rows, "pb_items", "id", {
            "id": e.originator_id.hex, "ref": ref,
            "category": category, "channel": channel,
            "venue_id": venue_id, "body_id": body_id, "status": "answered",
            "decision": sql(e.decision), "text": self.public_text(e.originator_id, e.originator_version),
            "explanation": e.explanation, "progress": None, "evidence": None, "photos": None,
            "answered_at": sql(e.timestamp), "updated_at": sql(e.timestamp),
        })

    def public_text(self, item_id: Any, version: int) -> str | None:
        """Return the words the public may see as the item stood then (``None`` while held or once erased)."""
        entry = self._followed.get(item_id.int)
        item = None if entry is None else entry.item()
        if item is None or item.version != version:
            item = self.app.repository.get(item_id, version=version, projector_func=_replay)
        return item.public_text.text

    @on(Suggestion.HeldForPrivacy, Suggestion.Redacted, Suggestion.Released,
        Suggestion.ReferredToSafeguarding, Suggestion.ContentErased)
    def words_changed(self, rows: Rows, e: Any) -> None:
        if isinstance(e, Suggestion.ContentErased):  # the photos were sealed with the destroyed key
            update(rows, "pb_items", "id", e.originator_id.hex, {"text": None, "photos": None})
            return
        text = self.public_text(e.originator_id, e.originator_version)
        update(rows, "pb_items", "id", e.originator_id.hex, {"text": text})

    @on(Suggestion.PhotoAttached)
    def photographed(self, rows: Rows, e: Suggestion.PhotoAttached) -> None:
        found = rows.get("pb_items", "id", e.originator_id.hex, ("photos", "status"))
        if found is None:
            return
        photos = json.loads(found[0] or "[]")
        photos.append({"id": e.photo_id.hex, "done": found[1] == Status.IMPLEMENTED.value,
                       "width": e.width, "height": e.height})
        update(rows, "pb_items", "id", e.originator_id.hex, {"photos": json.dumps(photos)})

    @on(Suggestion.ProgressRecorded, Suggestion.Implemented)
    def progressed(self, rows: Rows, e: Any) -> None:
        row = item_facts(e, PROGRESS)
        if isinstance(e, Suggestion.Implemented):
            row["evidence"] = e.evidence
        update(rows, "pb_items", "id", e.originator_id.hex, row)

    @on(Suggestion.ReconsiderationRequested, Suggestion.Withdrawn)
    def withdrawn(self, rows: Rows, e: Any) -> None:
        rows.delete("pb_items", "id", e.originator_id.hex)


def board_photo(views: ViewStore, photo_id: str) -> str | None:
    """Return the id of the item on the board that shows the photo ``photo_id`` (hex), or ``None``."""
    if not photo_id.isalnum():
        return None
    rows = views.query("SELECT id, photos FROM pb_items WHERE photos LIKE ?", (f"%{photo_id}%",))
    for row in rows:
        if any(photo["id"] == photo_id for photo in json.loads(row["photos"] or "[]")):
            return str(row["id"])
    return None


def photos_of(row: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return a board row's photos: of the progress, and of the work done."""
    photos = json.loads(row.get("photos") or "[]")
    return [p for p in photos if not p["done"]], [p for p in photos if p["done"]]


def you_said_we_did(views: ViewStore, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Return the newest adopted and implemented ideas, each named by its public reference (never its id)."""
    rows = views.query("SELECT * FROM pb_items ORDER BY updated_at DESC, id LIMIT ? OFFSET ?", (limit, offset))
    return [{key: value for key, value in row.items() if key != "id"} for row in rows]


def _where(venue_id: str | None, topic_id: str | None) -> tuple[str, tuple[Any, ...]]:
    """Return the filter of one place (its own ideas) or one topic (the ideas attached to it)."""
    clauses, values = [], []
    if venue_id is not None:
        clauses.append("venue_id = ?")
        values.append(venue_id)
    if topic_id is not None:  # the topic board's own table, in the same view store
        clauses.append(f"id IN ({items_on_topic_query()})")
        values.append(topic_id)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), tuple(values)


def board(views: ViewStore, venue_id: str | None = None, topic_id: str | None = None,
          limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Return the newest ideas taken up, of one place or topic when given (never an item's id)."""
    where, values = _where(venue_id, topic_id)
    rows = views.query(f"SELECT * FROM pb_items{where} ORDER BY updated_at DESC, id LIMIT ? OFFSET ?",
                       (*values, limit, offset))
    return [{key: value for key, value in row.items() if key != "id"} for row in rows]


def totals(views: ViewStore, venue_id: str | None = None, topic_id: str | None = None) -> dict[str, int]:
    """Return how many ideas were taken up (adopted fully or partly) and how many of them are done."""
    where, values = _where(venue_id, topic_id)
    rows = views.query(f"SELECT status, COUNT(*) AS n FROM pb_items{where} GROUP BY status", values)
    counts = {row["status"]: int(row["n"]) for row in rows}
    return {"taken_up": sum(counts.values()), "done": counts.get(Status.IMPLEMENTED.value, 0)}


def by_month(views: ViewStore, venue_id: str | None = None, topic_id: str | None = None) -> list[dict[str, Any]]:
    """Return how many ideas were taken up in each month they were answered, oldest first."""
    where, values = _where(venue_id, topic_id)
    rows = views.query(f"SELECT answered_at FROM pb_items{where}", values)
    months: dict[str, int] = {}
    for row in rows:
        month = str(row["answered_at"] or "")[:7]
        if month:
            months[month] = months.get(month, 0) + 1
    return [{"month": month, "items": n} for month, n in sorted(months.items())]


def _replay(aggregate: Any, events: Iterable[Any]) -> Any:
    # eventsourcing's own replay checks a runtime Protocol per event, a third of a rebuild's replay time.
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


def answered_between(views: ViewStore, start: str, end: str) -> list[dict[str, Any]]:
    """Return the board's items answered from ``start`` up to ``end`` (ISO text, UTC), as rows."""
    return [dict(row) for row in views.query(
        "SELECT id, ref, venue_id, status, decision, text, explanation, evidence, answered_at FROM pb_items "
        "WHERE answered_at >= ? AND answered_at < ?", (start, end))]
