"""The public "You said, we did" board: adopted and implemented ideas, public text only."""

from __future__ import annotations

from typing import Any

from domain.codes import public_ref
from domain.suggestion import ACTED_ON, Suggestion
from projections import facts
from projections.base import Projection, on, update, upsert
from projections.facts import item_facts, sql
from projections.store import Cursor, ViewStore


class PublicBoard(Projection):
    """Ideas the grown-ups took up, as the public may see them."""

    name = "public_board"
    tables = ("pb_facts", "pb_items")
    depends_on = (facts,)
    schema = (
        # What every item is about (never its words): read when an item is taken up.
        "CREATE TABLE IF NOT EXISTS pb_facts (id TEXT PRIMARY KEY, category TEXT, channel TEXT, "
        "venue_id TEXT, body_id TEXT)",
        "CREATE TABLE IF NOT EXISTS pb_items (id TEXT PRIMARY KEY, ref TEXT, category TEXT, "
        "channel TEXT, venue_id TEXT, body_id TEXT, status TEXT, decision TEXT, text TEXT, "
        "explanation TEXT, progress INTEGER, evidence TEXT, answered_at TEXT, updated_at TEXT)",
        "CREATE INDEX IF NOT EXISTS pb_updated ON pb_items (updated_at)",
    )

    @on(Suggestion.Submitted, Suggestion.Forwarded)
    def routed(self, cursor: Cursor, e: Any) -> None:
        row = item_facts(e, frozenset({"category", "channel", "venue_id", "body_id"}))
        upsert(cursor, "pb_facts", "id", {"id": e.originator_id.hex, **row})

    @on(Suggestion.Answered)
    def answered(self, cursor: Cursor, e: Suggestion.Answered) -> None:
        if e.decision not in ACTED_ON:
            self.withdrawn(cursor, e)
            return
        category, channel, venue_id, body_id = cursor.execute(
            "SELECT category, channel, venue_id, body_id FROM pb_facts WHERE id = ?", (e.originator_id.hex,)
        ).fetchone()
        upsert(cursor, "pb_items", "id", {
            "id": e.originator_id.hex, "ref": public_ref(e.originator_id),
            "category": category, "channel": channel,
            "venue_id": venue_id, "body_id": body_id, "status": "answered",
            "decision": sql(e.decision), "text": self.public_text(e.originator_id, e.originator_version),
            "explanation": e.explanation, "progress": None, "evidence": None,
            "answered_at": sql(e.timestamp), "updated_at": sql(e.timestamp),
        })

    def public_text(self, item_id: Any, version: int) -> str | None:
        """Return the words the public may see as the item stood then (``None`` while held or once erased)."""
        return self.app.repository.get(item_id, version=version).public_text.text

    @on(Suggestion.HeldForPrivacy, Suggestion.Redacted, Suggestion.Released,
        Suggestion.ReferredToSafeguarding, Suggestion.ContentErased)
    def words_changed(self, cursor: Cursor, e: Any) -> None:
        text = None if isinstance(e, Suggestion.ContentErased) else self.public_text(
            e.originator_id, e.originator_version)
        update(cursor, "pb_items", "id", e.originator_id.hex, {"text": text})

    @on(Suggestion.ProgressRecorded, Suggestion.Implemented)
    def progressed(self, cursor: Cursor, e: Any) -> None:
        row = item_facts(e, frozenset({"status", "progress", "updated_at"}))
        if isinstance(e, Suggestion.Implemented):
            row["evidence"] = e.evidence
        update(cursor, "pb_items", "id", e.originator_id.hex, row)

    @on(Suggestion.ReconsiderationRequested, Suggestion.Withdrawn)
    def withdrawn(self, cursor: Cursor, e: Any) -> None:
        cursor.execute("DELETE FROM pb_items WHERE id = ?", (e.originator_id.hex,))


def you_said_we_did(views: ViewStore, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Return the newest adopted and implemented ideas."""
    return views.query("SELECT * FROM pb_items ORDER BY updated_at DESC, id LIMIT ? OFFSET ?", (limit, offset))
