"""The topic boards of the Two Sessions: items by status, deputies, proposal, outcome."""

from __future__ import annotations

from typing import Any

from domain.suggestion import Suggestion
from domain.topic import Topic
from projections import facts
from projections.base import Projection, Rows, on, update, upsert
from projections.facts import SUGGESTION_EVENTS, item_facts
from projections.store import ViewStore


class TopicBoard(Projection):
    """Per topic: its deputies, its attached items by status, its proposal and outcome."""

    name = "topic_board"
    tables = ("tb_topics", "tb_deputies", "tb_items")
    cost = 1.0
    depends_on = (facts,)
    schema = (
        "CREATE TABLE IF NOT EXISTS tb_topics (id TEXT PRIMARY KEY, slug TEXT, name TEXT, "
        "session TEXT, proposal_number TEXT, proposal_title TEXT, outcome TEXT)",
        "CREATE TABLE IF NOT EXISTS tb_deputies (topic_id TEXT, username TEXT, "
        "PRIMARY KEY (topic_id, username))",
        "CREATE TABLE IF NOT EXISTS tb_items (id TEXT PRIMARY KEY, ref TEXT, status TEXT, "
        "decision TEXT, topic_id TEXT, version INTEGER, updated_at TEXT)",
        "CREATE INDEX IF NOT EXISTS tb_items_topic ON tb_items (topic_id, status)",
    )

    @on(Topic.Opened)
    def opened(self, rows: Rows, e: Topic.Opened) -> None:
        upsert(rows, "tb_topics", "id", {
            "id": e.originator_id.hex, "slug": e.slug, "name": e.name, "session": e.session,
            "proposal_number": "", "proposal_title": "", "outcome": "",
        })

    @on(Topic.DeputyJoined)
    def deputy_joined(self, rows: Rows, e: Topic.DeputyJoined) -> None:
        upsert(rows, "tb_deputies", ("topic_id", "username"), {"topic_id": e.originator_id.hex, "username": e.username})

    @on(Topic.SuggestionAttached)
    def attached(self, rows: Rows, e: Topic.SuggestionAttached) -> None:
        update(rows, "tb_items", "id", e.suggestion_id.hex, {"topic_id": e.originator_id.hex})

    @on(Topic.SuggestionDetached)
    def detached(self, rows: Rows, e: Topic.SuggestionDetached) -> None:
        item = rows.get("tb_items", "id", e.suggestion_id.hex, ("topic_id",))
        if item is not None and item[0] == e.originator_id.hex:  # only if it still sits on this board
            update(rows, "tb_items", "id", e.suggestion_id.hex, {"topic_id": None})

    @on(Topic.ProposalTabled)
    def tabled(self, rows: Rows, e: Topic.ProposalTabled) -> None:
        update(rows, "tb_topics", "id", e.originator_id.hex,
               {"proposal_number": e.number, "proposal_title": e.title})

    @on(Topic.OutcomeRecorded)
    def outcome(self, rows: Rows, e: Topic.OutcomeRecorded) -> None:
        update(rows, "tb_topics", "id", e.originator_id.hex, {"outcome": e.outcome})

    @on(*(cls for cls in SUGGESTION_EVENTS if cls is not Suggestion.TopicAssigned))
    def item_changed(self, rows: Rows, e: Any) -> None:
        row = item_facts(e, frozenset({"ref", "status", "decision", "version", "updated_at"}))
        if isinstance(e, Suggestion.Submitted):
            upsert(rows, "tb_items", "id", {"id": e.originator_id.hex, **row})
        else:
            update(rows, "tb_items", "id", e.originator_id.hex, row)


def boards(views: ViewStore) -> list[dict[str, Any]]:
    """Return every topic with its item counts by status and its deputies."""
    topics = views.query("SELECT * FROM tb_topics ORDER BY session, name")
    counts = views.query(
        "SELECT topic_id, status, COUNT(*) AS n FROM tb_items "
        "WHERE topic_id IS NOT NULL GROUP BY topic_id, status"
    )
    deputies = views.query("SELECT topic_id, username FROM tb_deputies ORDER BY username")
    for topic in topics:
        topic["by_status"] = {r["status"]: r["n"] for r in counts if r["topic_id"] == topic["id"]}
        topic["items"] = sum(topic["by_status"].values())
        topic["deputies"] = [r["username"] for r in deputies if r["topic_id"] == topic["id"]]
    return topics


def board_items(views: ViewStore, topic_id: str) -> list[dict[str, Any]]:
    """Return the items attached to one topic."""
    return views.query("SELECT * FROM tb_items WHERE topic_id = ? ORDER BY updated_at DESC", (topic_id,))


def items_on_topic_query() -> str:
    """Return a sub-query of the ids of the items on one topic (its one parameter), for another read model's filter."""
    return "SELECT id FROM tb_items WHERE topic_id = ?"
