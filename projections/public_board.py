"""The public "You said, we did" board: adopted and implemented ideas, public text only."""

from __future__ import annotations

import sqlite3
from typing import Any

from domain.codes import public_ref
from domain.suggestion import ACTED_ON, Suggestion
from projections import facts
from projections.base import Projection, on, update, upsert
from projections.facts import item_facts, sql
from projections.store import ViewStore


class PublicBoard(Projection):
    """Ideas the grown-ups took up, as the public may see them."""

    name = "public_board"
    tables = ("pb_items",)
    depends_on = (facts,)
    schema = (
        "CREATE TABLE IF NOT EXISTS pb_items (id TEXT PRIMARY KEY, ref TEXT, category TEXT, "
        "channel TEXT, venue_id TEXT, body_id TEXT, status TEXT, decision TEXT, text TEXT, "
        "explanation TEXT, progress INTEGER, evidence TEXT, answered_at TEXT, updated_at TEXT)",
        "CREATE INDEX IF NOT EXISTS pb_updated ON pb_items (updated_at)",
    )

    @on(Suggestion.Answered)
    def answered(self, cursor: sqlite3.Cursor, e: Suggestion.Answered) -> None:
        if e.decision not in ACTED_ON:
            self.withdrawn(cursor, e)
            return
        # The item as it stood at this event: replaying gives the same rows.
        item = self.app.repository.get(e.originator_id, version=e.originator_version)
        upsert(cursor, "pb_items", "id", {
            "id": e.originator_id.hex, "ref": public_ref(e.originator_id),
            "category": sql(item.category), "channel": sql(item.channel),
            "venue_id": sql(item.venue_id), "body_id": sql(item.body_id), "status": "answered",
            "decision": sql(e.decision), "text": item.public_text.text,
            "explanation": e.explanation, "progress": None, "evidence": None,
            "answered_at": sql(e.timestamp), "updated_at": sql(e.timestamp),
        })

    @on(Suggestion.ProgressRecorded, Suggestion.Implemented)
    def progressed(self, cursor: sqlite3.Cursor, e: Any) -> None:
        row = item_facts(e, frozenset({"status", "progress", "updated_at"}))
        if isinstance(e, Suggestion.Implemented):
            row["evidence"] = e.evidence
        update(cursor, "pb_items", "id", e.originator_id.hex, row)

    @on(Suggestion.ReconsiderationRequested, Suggestion.Withdrawn)
    def withdrawn(self, cursor: sqlite3.Cursor, e: Any) -> None:
        cursor.execute("DELETE FROM pb_items WHERE id = ?", (e.originator_id.hex,))


def you_said_we_did(views: ViewStore, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Return the newest adopted and implemented ideas."""
    rows = views.query(
        "SELECT * FROM pb_items ORDER BY updated_at DESC, id LIMIT ? OFFSET ?", (limit, offset)
    )
    return [dict(row) for row in rows]
