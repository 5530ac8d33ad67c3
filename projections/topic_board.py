"""The topic boards of the Two Sessions: items by status, deputies, proposal, outcome."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from domain.suggestion import Suggestion
from domain.topic import DETAILS, ProposalStage, Topic, who
from projections import adoption, facts, work_queue
from projections.base import Projection, Rows, on, update, upsert
from projections.facts import SUGGESTION_EVENTS, item_facts
from projections.store import ViewStore

# What the board shows of each idea attached to a topic.
ITEM_COLUMNS = frozenset({"ref", "status", "decision", "version", "updated_at"})


class TopicBoard(Projection):
    """Per topic: its deputies, its attached items by status, its proposal and outcome."""

    name = "topic_board"
    tables = ("tb_topics", "tb_deputies", "tb_items", "tb_steps")
    cost = 0.85
    depends_on = (facts,)
    schema = (
        "CREATE TABLE IF NOT EXISTS tb_topics (id TEXT PRIMARY KEY, slug TEXT, name TEXT, "
        "session TEXT, proposal_number TEXT, proposal_title TEXT, outcome TEXT, stage TEXT, steps INTEGER DEFAULT 0)",
        # The proposal's steps as they stand (corrections applied; a withdrawn one kept, marked), oldest first.
        "CREATE TABLE IF NOT EXISTS tb_steps (topic_id TEXT, position INTEGER, stage TEXT, details TEXT, "
        "at TEXT, by_whom TEXT, withdrawn INTEGER DEFAULT 0, corrections TEXT, PRIMARY KEY (topic_id, position))",
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
            "proposal_number": "", "proposal_title": "", "outcome": "", "stage": None, "steps": 0,
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
        session = e.session or (rows.get("tb_topics", "id", e.originator_id.hex, ("session",)) or ("",))[0]
        self._step(rows, e, ProposalStage.TABLED, {"number": e.number, "title": e.title, "session": session or ""})

    @on(Topic.OutcomeRecorded)
    def outcome(self, rows: Rows, e: Topic.OutcomeRecorded) -> None:
        update(rows, "tb_topics", "id", e.originator_id.hex, {"outcome": e.outcome})
        self._step(rows, e, ProposalStage.OUTCOME, {"outcome": e.outcome})

    @on(Topic.ProposalDrafted, Topic.ProposalAccepted, Topic.ProposalMerged, Topic.ProposalNotAccepted,
        Topic.ProposalAnswered, Topic.ProposalClosed)
    def proposal_step(self, rows: Rows, e: Any) -> None:
        stage = STAGE_OF[type(e).__name__]
        details = {name: getattr(e, name) for name in DETAILS[stage]}
        if stage is ProposalStage.DRAFTED:
            update(rows, "tb_topics", "id", e.originator_id.hex, {"proposal_title": e.title})
        self._step(rows, e, stage, details)

    def _step(self, rows: Rows, e: Any, stage: ProposalStage, details: dict[str, str]) -> None:
        topic = e.originator_id.hex
        found = rows.get("tb_topics", "id", topic, ("steps",))
        position = int((found[0] if found else 0) or 0) + 1
        upsert(rows, "tb_steps", ("topic_id", "position"), {
            "topic_id": topic, "position": position, "stage": stage.value, "details": json.dumps(details),
            "at": e.timestamp.isoformat(), "by_whom": who(e.actor), "withdrawn": 0, "corrections": "[]",
        })
        update(rows, "tb_topics", "id", topic, {"steps": position, "stage": stage.value})

    @on(Topic.ProposalStepCorrected, Topic.ProposalStepWithdrawn)
    def corrected(self, rows: Rows, e: Any) -> None:
        topic, key = e.originator_id.hex, (e.originator_id.hex, e.position)
        found = rows.get("tb_steps", ("topic_id", "position"), key, ("stage", "corrections"))
        if found is None:
            return
        withdrawn = isinstance(e, Topic.ProposalStepWithdrawn)
        corrections = [*json.loads(found[1] or "[]"), {
            "at": e.timestamp.isoformat(), "by": who(e.actor), "reason": e.reason, "withdrawn": withdrawn}]
        row: dict[str, Any] = {"corrections": json.dumps(corrections)}
        stage = ProposalStage(found[0])
        if withdrawn:
            row["withdrawn"] = 1
        else:
            row["details"] = json.dumps(e.details)
        update(rows, "tb_steps", ("topic_id", "position"), key, row)
        if stage is ProposalStage.TABLED:
            number, title = ("", "") if withdrawn else (e.details["number"], e.details["title"])
            update(rows, "tb_topics", "id", topic, {"proposal_number": number, "proposal_title": title})
        elif stage is ProposalStage.OUTCOME:
            update(rows, "tb_topics", "id", topic, {"outcome": "" if withdrawn else e.details["outcome"]})
        if withdrawn:  # the step before stands again
            standing = None
            for position in range(e.position - 1, 0, -1):
                before = rows.get("tb_steps", ("topic_id", "position"), (topic, position), ("stage", "withdrawn"))
                if before is not None and not before[1]:
                    standing = before[0]
                    break
            update(rows, "tb_topics", "id", topic, {"stage": standing})

    @on(*(cls for cls in SUGGESTION_EVENTS if cls is not Suggestion.TopicAssigned))
    def item_changed(self, rows: Rows, e: Any) -> None:
        row = item_facts(e, ITEM_COLUMNS)
        if isinstance(e, Suggestion.Submitted):
            upsert(rows, "tb_items", "id", {"id": e.originator_id.hex, **row})
        else:
            update(rows, "tb_items", "id", e.originator_id.hex, row)


STAGE_OF = {
    Topic.ProposalDrafted.__name__: ProposalStage.DRAFTED,
    Topic.ProposalAccepted.__name__: ProposalStage.ACCEPTED,
    Topic.ProposalMerged.__name__: ProposalStage.MERGED,
    Topic.ProposalNotAccepted.__name__: ProposalStage.NOT_ACCEPTED,
    Topic.ProposalAnswered.__name__: ProposalStage.ANSWERED,
    Topic.ProposalClosed.__name__: ProposalStage.CLOSED,
}


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


def proposal_steps(views: ViewStore, topic_id: str) -> list[dict[str, Any]]:
    """Return the steps of one topic's proposal, oldest first, as they stand after every correction.

    Each step: ``position`` (1, 2, ...), ``stage`` (a :class:`domain.topic.ProposalStage`; its words are
    ``feedback.steps.proposal_step(stage)``), ``details`` (e.g. ``number``, ``title``, ``session`` once
    tabled; ``handler`` once accepted; ``into`` once merged; ``reason`` when not accepted; ``body`` and
    ``summary`` once answered; ``note`` once closed; ``outcome`` for a free-text outcome of an old store),
    ``at`` (ISO, UTC), ``by`` (who recorded it), ``withdrawn`` (True: recorded wrongly, no longer standing)
    and ``corrections`` (each ``at``, ``by``, ``reason``, ``withdrawn``). The standing stage is the last
    step not withdrawn (see :func:`standing_stage`).
    """
    found = views.query("SELECT * FROM tb_steps WHERE topic_id = ? ORDER BY position", (topic_id,))
    return [{
        "position": int(row["position"]), "stage": ProposalStage(row["stage"]),
        "details": json.loads(row["details"] or "{}"), "at": row["at"], "by": row["by_whom"] or "",
        "withdrawn": bool(row["withdrawn"]), "corrections": json.loads(row["corrections"] or "[]"),
    } for row in found]


def standing_stage(steps: list[dict[str, Any]]) -> ProposalStage | None:
    """Return the stage the proposal stands at (the last step not withdrawn), or None before any."""
    standing = [step for step in steps if not step["withdrawn"]]
    return standing[-1]["stage"] if standing else None


def weight(views: ViewStore, topic_id: str) -> dict[str, Any]:
    """Return how many children's ideas weigh on a topic: attached ones plus those merged into them (not withdrawn).

    ``children`` counts both; ``attached`` and ``merged`` each; ``merged_into`` counts the merged ones by
    the attached idea they joined (its id); ``by`` counts them by ``age_band``, ``channel``, ``venue_id``
    (the place; None for the web) and ``district`` (the place's, as the venue registered it) — exact
    counts: the caller applies the small-group rule where it shows them.
    """
    found = work_queue.weighing(views, items_on_topic_query(), (topic_id,))
    attached_ids = {row["id"] for row in views.query(items_on_topic_query(), (topic_id,))}
    merged = [row for row in found if row["id"] not in attached_ids]
    district_of = adoption.districts(views)
    by = {dimension: Counter(row[dimension] for row in found) for dimension in ("age_band", "channel", "venue_id")}
    by["district"] = Counter(district_of.get(row["venue_id"]) if row["venue_id"] else None for row in found)
    return {"children": len(found), "attached": len(found) - len(merged), "merged": len(merged),
            "merged_into": Counter(row["merged_into"] for row in merged), "by": by}


def candidate_pool(views: ViewStore, topic_id: str, statuses: tuple[str, ...], limit: int = 400) -> list[tuple[str, str]]:
    """Return (id, words) of the newest items on no topic, in ``statuses``, whose words staff may read.

    Never a held, sealed or erased item (the work queue keeps no words for them).
    """
    return work_queue.readable_words(views, statuses, "SELECT id FROM tb_items WHERE topic_id IS NOT NULL", (),
                                     limit)


def attached_words(views: ViewStore, topic_id: str, limit: int = 20) -> list[str]:
    """Return the words staff may read of the newest ideas on a topic (none of a held, sealed or erased one)."""
    return work_queue.words_of(views, items_on_topic_query(), (topic_id,), limit)


def topics_of_items(views: ViewStore) -> dict[str, str]:
    """Return the topic (id, hex) of every item on one, by the item's id (hex)."""
    return {row["id"]: row["topic_id"] for row in views.query(
        "SELECT id, topic_id FROM tb_items WHERE topic_id IS NOT NULL")}


def proposals(views: ViewStore) -> list[dict[str, Any]]:
    """Return every topic whose proposal has a step, with its steps (see :func:`proposal_steps`), by session."""
    topics = views.query("SELECT * FROM tb_topics WHERE steps > 0 ORDER BY session, proposal_number, name")
    steps = views.query("SELECT topic_id FROM tb_steps GROUP BY topic_id")
    with_steps = {row["topic_id"] for row in steps}
    for topic in topics:
        topic["steps"] = proposal_steps(views, topic["id"]) if topic["id"] in with_steps else []
    return topics
