"""The work queue: every item by status, channel, venue, body, topic, age and due date."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.suggestion import Suggestion
from projections import facts
from projections.base import Projection, Rows, on, update, upsert
from projections.facts import SUGGESTION_EVENTS, item_facts
from projections.sql import OVERDUE
from projections.store import ViewStore

COLUMNS = frozenset({
    "code", "status", "channel", "venue_id", "category", "age_band", "assisted", "body_id",
    "topic_id", "submitted_at", "answer_due", "forward_due", "decision", "answered_at",
    "closed_at", "progress", "reaction", "merged_into", "version", "updated_at", "held", "sealed", "erased",
})
FILTERS = ("status", "channel", "venue_id", "body_id", "topic_id", "age_band", "category")


class WorkQueue(Projection):
    """One row per item, for the staff queues and inboxes."""

    name = "work_queue"
    tables = ("wq_items",)
    cost = 1.5
    depends_on = (facts,)
    schema = (
        "CREATE TABLE IF NOT EXISTS wq_items ("
        "id TEXT PRIMARY KEY, code TEXT, status TEXT, channel TEXT, venue_id TEXT, "
        "category TEXT, age_band TEXT, assisted INTEGER, body_id TEXT, topic_id TEXT, "
        "submitted_at TEXT, answer_due TEXT, forward_due TEXT, decision TEXT, answered_at TEXT, "
        "closed_at TEXT, progress INTEGER, reaction TEXT, merged_into TEXT, version INTEGER, "
        "updated_at TEXT, held INTEGER DEFAULT 0, sealed INTEGER DEFAULT 0, erased INTEGER DEFAULT 0)",
        "CREATE INDEX IF NOT EXISTS wq_status ON wq_items (status, submitted_at)",
        "CREATE INDEX IF NOT EXISTS wq_body ON wq_items (body_id, status)",
        "CREATE INDEX IF NOT EXISTS wq_topic ON wq_items (topic_id)",
        "CREATE INDEX IF NOT EXISTS wq_venue ON wq_items (venue_id)",
        "CREATE INDEX IF NOT EXISTS wq_due ON wq_items (answer_due)",
        "CREATE INDEX IF NOT EXISTS wq_submitted ON wq_items (submitted_at)",
    )

    @on(*SUGGESTION_EVENTS)
    def item_changed(self, rows: Rows, event: Any) -> None:
        row = item_facts(event, COLUMNS)
        if isinstance(event, Suggestion.Submitted):
            upsert(rows, "wq_items", "id", {"id": event.originator_id.hex, **row})
        else:
            update(rows, "wq_items", "id", event.originator_id.hex, row)


def queue(
    views: ViewStore,
    *,
    today: date,
    overdue: bool | None = None,
    limit: int = 50,
    offset: int = 0,
    newest_first: bool = False,
    **filters: str | None,
) -> list[dict[str, Any]]:
    """Return queue rows matching ``filters`` (status, channel, venue_id, body_id, ...)."""
    where, params = _where(today, overdue, filters)
    order = "DESC" if newest_first else "ASC"
    return views.query(
        f"SELECT *, CASE WHEN {OVERDUE} THEN 1 ELSE 0 END AS overdue FROM wq_items {where} "
        f"ORDER BY submitted_at {order}, id LIMIT ? OFFSET ?",
        [today.isoformat(), today.isoformat(), *params, limit, offset],
    )


def count(views: ViewStore, *, today: date, overdue: bool | None = None, **filters: str | None) -> int:
    where, params = _where(today, overdue, filters)
    return int(views.scalar(f"SELECT COUNT(*) FROM wq_items {where}", params))


def _where(today: date, overdue: bool | None, filters: dict[str, str | None]) -> tuple[str, list[Any]]:
    unknown = set(filters) - set(FILTERS)
    if unknown:
        raise ValueError(f"unknown queue filter: {', '.join(sorted(unknown))}")
    clauses, params = [], []
    for name in FILTERS:
        value = filters.get(name)
        if value is not None:
            clauses.append(f"{name} = ?")
            params.append(value)
    if overdue is not None:
        clauses.append(OVERDUE if overdue else f"NOT {OVERDUE}")
        params += [today.isoformat(), today.isoformat()]
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def queue_after(
    views: ViewStore,
    *,
    today: date,
    after: tuple[str, str] | None = None,
    limit: int = 50,
    offset: int = 0,
    overdue: bool | None = None,
    **filters: str | None,
) -> list[dict[str, Any]]:
    """Return queue rows oldest first, starting after the row ``after`` (its submitted_at and id).

    Keyset paging: a deep page costs what the first one does, and rows added
    meanwhile never shift a page.
    """
    where, params = _where(today, overdue, filters)
    if after is not None:
        where = f"{where} {'AND' if where else 'WHERE'} (submitted_at > ? OR (submitted_at = ? AND id > ?))"
        params += [after[0], after[0], after[1]]
    return views.query(
        f"SELECT *, CASE WHEN {OVERDUE} THEN 1 ELSE 0 END AS overdue FROM wq_items {where} "
        "ORDER BY submitted_at, id LIMIT ? OFFSET ?",
        [today.isoformat(), today.isoformat(), *params, limit, offset],
    )


def by_id_prefix(views: ViewStore, prefixes: list[str], limit: int = 100) -> list[dict[str, Any]]:
    """Return the rows whose (hex) id starts with one of ``prefixes`` (public references name items so).

    For public lists: a sealed case (a disclosure of harm) is never among them.
    """
    if not prefixes:
        return []
    # A range on the primary key, not LIKE: both stores use the key's index for it.
    clauses = " OR ".join("(id >= ? AND id < ?)" for _ in prefixes)
    params = [bound for prefix in prefixes for bound in (prefix.lower(), prefix.lower() + "g")]
    return views.query(
        f"SELECT * FROM wq_items WHERE ({clauses}) AND sealed = 0 ORDER BY submitted_at DESC, id LIMIT ?",
        [*params, limit],
    )


def submitted_between(
    views: ViewStore,
    *,
    start: str,
    end: str,
    statuses: list[str] | None = None,
    categories: list[str] | None = None,
    limit: int = 100,
) -> list[dict[str, Any]]:
    """Return the newest rows submitted from ``start`` to ``end`` (ISO text in UTC), of these statuses and categories.

    For public lists: a sealed case (a disclosure of harm) is never among them.
    """
    clauses, params = ["submitted_at >= ?", "submitted_at <= ?", "sealed = 0"], [start, end]
    for column, values in (("status", statuses), ("category", categories)):
        if values:
            clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
            params += values
    return views.query(
        f"SELECT * FROM wq_items WHERE {' AND '.join(clauses)} ORDER BY submitted_at DESC, id DESC LIMIT ?",
        [*params, limit],
    )
