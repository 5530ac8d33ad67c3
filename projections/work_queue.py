"""The work queue: every item by status, channel, venue, body, topic, age and due date; the sealed cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any
from uuid import UUID

from domain.safeguarding import SafeguardingCase, case_id
from domain.suggestion import Suggestion
from domain.values import FINAL_STATUSES, Status
from feedback.similar import fold
from projections import facts
from projections.base import Projection, Rows, on, update, upsert
from projections.facts import SUGGESTION_EVENTS, item_facts, sql
from projections.sql import DUE, OVERDUE
from projections.store import ViewStore

COLUMNS = frozenset({
    "ref", "status", "channel", "venue_id", "category", "age_band", "assisted", "body_id",
    "topic_id", "submitted_at", "answer_due", "forward_due", "decision", "answered_at",
    "closed_at", "progress", "reaction", "merged_into", "version", "updated_at", "held", "sealed", "erased",
})
# Every row, with the public reference of the item it merged into (never an id a code could be searched from).
ROW = "wq_items.*, (SELECT m.ref FROM wq_items m WHERE m.id = wq_items.merged_into) AS merged_into_ref"
FILTERS = ("status", "channel", "venue_id", "body_id", "topic_id", "age_band", "category")
# What a list may be sorted by: the due date (the body's forward date while it has the item, else the
# child's answer date), the filing, the last change. Each ends with the id, so equal keys keep one order across pages.
KEYS = {"filed": "submitted_at", "due": DUE, "changed": "updated_at"}
SORTS = {name: f"{key} {{order}}, id" for name, key in KEYS.items()}


WORD_EVENTS = (Suggestion.Submitted, Suggestion.HeldForPrivacy, Suggestion.ReferredToSafeguarding,
               Suggestion.ContentErased, Suggestion.Redacted, Suggestion.Released)


class WorkQueue(Projection):
    """One row per item, for the staff queues and inboxes; one per safeguarding case, for the officer's lane."""

    name = "work_queue"
    tables = ("wq_items", "wq_words", "wq_cases", "wq_case_openings")
    cost = 2.7
    depends_on = (facts,)
    schema = (
        "CREATE TABLE IF NOT EXISTS wq_items ("
        "id TEXT PRIMARY KEY, ref TEXT, status TEXT, channel TEXT, venue_id TEXT, "
        "category TEXT, age_band TEXT, assisted INTEGER, body_id TEXT, topic_id TEXT, "
        "submitted_at TEXT, answer_due TEXT, forward_due TEXT, decision TEXT, answered_at TEXT, "
        "closed_at TEXT, progress INTEGER, reaction TEXT, merged_into TEXT, version INTEGER, "
        "updated_at TEXT, held INTEGER DEFAULT 0, sealed INTEGER DEFAULT 0, erased INTEGER DEFAULT 0)",
        "CREATE INDEX IF NOT EXISTS wq_ref ON wq_items (ref)",
        "CREATE INDEX IF NOT EXISTS wq_status ON wq_items (status, submitted_at)",
        "CREATE INDEX IF NOT EXISTS wq_body ON wq_items (body_id, status)",
        "CREATE INDEX IF NOT EXISTS wq_topic ON wq_items (topic_id)",
        "CREATE INDEX IF NOT EXISTS wq_venue ON wq_items (venue_id)",
        "CREATE INDEX IF NOT EXISTS wq_due ON wq_items (answer_due)",
        "CREATE INDEX IF NOT EXISTS wq_submitted ON wq_items (submitted_at)",
        # The words every staff reader may read, normalised for search (see ``searchable``): the redacted
        # words once redacted, nothing while held or sealed, nothing once erased. One row per item.
        "CREATE TABLE IF NOT EXISTS wq_words (id TEXT PRIMARY KEY, language TEXT, words TEXT)",
        # The sealed lane: when and why a case was opened, who opened the words, whether it is closed.
        "CREATE TABLE IF NOT EXISTS wq_cases (id TEXT PRIMARY KEY, item_id TEXT, reason TEXT, "
        "opened_at TEXT, closed INTEGER DEFAULT 0)",
        "CREATE INDEX IF NOT EXISTS wq_cases_opened ON wq_cases (opened_at)",
        "CREATE TABLE IF NOT EXISTS wq_case_openings (case_id TEXT, version INTEGER, username TEXT, "
        "PRIMARY KEY (case_id, version))",
    )

    @on(*SUGGESTION_EVENTS)
    def item_changed(self, rows: Rows, event: Any) -> None:
        row = item_facts(event, COLUMNS)
        if isinstance(event, Suggestion.Submitted):
            upsert(rows, "wq_items", "id", {"id": event.originator_id.hex, **row})
        else:
            update(rows, "wq_items", "id", event.originator_id.hex, row)
        if isinstance(event, WORD_EVENTS):
            self.words_changed(rows, event)

    def words_changed(self, rows: Rows, e: Any) -> None:
        """Keep the words every staff reader may read, for search: never held, sealed or erased ones."""
        if isinstance(e, Suggestion.Submitted):
            words = searchable(e.text.text, None if e.title is None else e.title.text)
            upsert(rows, "wq_words", "id", {"id": e.originator_id.hex, "language": e.language, "words": words})
        elif isinstance(e, (Suggestion.HeldForPrivacy, Suggestion.ReferredToSafeguarding, Suggestion.ContentErased)):
            update(rows, "wq_words", "id", e.originator_id.hex, {"words": None})
        elif isinstance(e, Suggestion.Redacted):
            words = searchable(e.text.text, None if e.title is None else e.title.text)
            update(rows, "wq_words", "id", e.originator_id.hex, {"words": words})
        elif isinstance(e, Suggestion.Released):
            # The screen was wrong: the words as they stood before the hold (redacted ones if they were) come back.
            item = self.app.repository.get(e.originator_id, version=e.originator_version)
            title = item.public_title
            words = searchable(item.public_text.text, None if title is None else title.text)
            update(rows, "wq_words", "id", e.originator_id.hex, {"words": words})

    @on(SafeguardingCase.Opened)
    def case_opened(self, rows: Rows, e: SafeguardingCase.Opened) -> None:
        upsert(rows, "wq_cases", "id", {
            "id": e.originator_id.hex, "item_id": e.item_id.hex, "reason": e.reason,
            "opened_at": sql(e.timestamp), "closed": 0,
        })

    @on(SafeguardingCase.Viewed)
    def case_viewed(self, rows: Rows, e: SafeguardingCase.Viewed) -> None:
        upsert(rows, "wq_case_openings", ("case_id", "version"),
               {"case_id": e.originator_id.hex, "version": e.originator_version, "username": e.username})

    @on(SafeguardingCase.ReferredAgain)
    def case_referred_again(self, rows: Rows, e: SafeguardingCase.ReferredAgain) -> None:
        update(rows, "wq_cases", "id", e.originator_id.hex, {"closed": 0})

    @on(SafeguardingCase.Closed)
    def case_closed(self, rows: Rows, e: SafeguardingCase.Closed) -> None:
        update(rows, "wq_cases", "id", e.originator_id.hex, {"closed": 1})


def searchable(*parts: str | None) -> str | None:
    """Return words as the search reads them, ``None`` for no words.

    One form for words and queries alike: Traditional characters as Simplified
    (學校 finds 学校 and the other way round), full-width as half-width, case
    folded, spaces squeezed — the similar-idea finder's ``fold``.
    """
    words = " ".join(" ".join(fold(part).casefold().split()) for part in parts if part)
    return words or None


def terms_of(q: str | None) -> list[str]:
    """Return the terms of a search (each a substring every row found holds), normalised as the words are."""
    words = searchable(q)
    return [] if words is None else list(dict.fromkeys(words.split()))


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


@dataclass(frozen=True)
class Narrowing:
    """What a list asks for beyond the column filters: words, places, a language, a due date, an order."""

    q: str | None = None  # every term a substring of the words staff may read
    venue_ids: tuple[str, ...] | None = None  # from one of these places (a district's); empty: none
    language: str | None = None
    due_by: date | None = None  # due on or before this date
    sort: str = "filed"
    overdue_first: bool = False


EVERY = Narrowing()


def queue(
    views: ViewStore,
    *,
    today: date,
    overdue: bool | None = None,
    limit: int = 50,
    offset: int = 0,
    newest_first: bool = False,
    narrowing: Narrowing = EVERY,
    **filters: str | None,
) -> list[dict[str, Any]]:
    """Return queue rows matching ``filters`` (status, channel, venue_id, body_id, ...) and ``narrowing``."""
    where, params = _where(today, overdue, filters, narrowing)
    if narrowing.sort not in SORTS:
        raise ValueError(f"unknown queue order: {narrowing.sort}")
    order = SORTS[narrowing.sort].format(order="DESC" if newest_first else "ASC")
    if narrowing.overdue_first:  # what is overdue, then what still waits, then what is finished
        order = f"overdue DESC, CASE WHEN status IN ({', '.join(repr(s) for s in FINAL)}) THEN 1 ELSE 0 END, {order}"
    return views.query(
        f"SELECT {ROW}, CASE WHEN {OVERDUE} THEN 1 ELSE 0 END AS overdue FROM wq_items {where} "
        f"ORDER BY {order} LIMIT ? OFFSET ?",
        [today.isoformat(), today.isoformat(), *params, limit, offset],
    )


def count(views: ViewStore, *, today: date, overdue: bool | None = None, narrowing: Narrowing = EVERY,
          **filters: str | None) -> int:
    where, params = _where(today, overdue, filters, narrowing)
    return int(views.scalar(f"SELECT COUNT(*) FROM wq_items {where}", params))


def _where(today: date, overdue: bool | None, filters: dict[str, str | None],
           narrowing: Narrowing = EVERY) -> tuple[str, list[Any]]:
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
    if narrowing.venue_ids is not None:
        if narrowing.venue_ids:
            clauses.append(f"venue_id IN ({', '.join('?' for _ in narrowing.venue_ids)})")
            params += list(narrowing.venue_ids)
        else:
            clauses.append("1 = 0")
    if narrowing.due_by is not None:
        clauses.append(f"{DUE} <= ?")
        params.append(narrowing.due_by.isoformat())
    words, word_params = [], []
    if narrowing.language is not None:
        words.append("language = ?")
        word_params.append(narrowing.language)
    for term in terms_of(narrowing.q):
        words.append("words LIKE ? ESCAPE '\\'")
        word_params.append(_like(term))
    if words:
        clauses.append(f"id IN (SELECT id FROM wq_words WHERE {' AND '.join(words)})")
        params += word_params
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def queue_after(
    views: ViewStore,
    *,
    today: date,
    after: tuple[str, str] | None = None,
    limit: int = 50,
    offset: int = 0,
    overdue: bool | None = None,
    narrowing: Narrowing = EVERY,
    **filters: str | None,
) -> list[dict[str, Any]]:
    """Return queue rows in ``narrowing``'s order (oldest filing first), after the row ``after`` (its key and id).

    The key is the row's ``sort_key``: its filing time, due date or last change.

    Keyset paging: a deep page costs what the first one does, and rows added
    meanwhile never shift a page.
    """
    where, params = _where(today, overdue, filters, narrowing)
    key = KEYS[narrowing.sort]
    if after is not None:
        where = f"{where} {'AND' if where else 'WHERE'} ({key} > ? OR ({key} = ? AND id > ?))"
        params += [after[0], after[0], after[1]]
    return views.query(
        f"SELECT {ROW}, {key} AS sort_key, CASE WHEN {OVERDUE} THEN 1 ELSE 0 END AS overdue FROM wq_items {where} "
        f"ORDER BY {key}, id LIMIT ? OFFSET ?",
        [today.isoformat(), today.isoformat(), *params, limit, offset],
    )


def by_refs(views: ViewStore, refs: list[str], limit: int = 100) -> list[dict[str, Any]]:
    """Return the rows of the items these public references name, newest first.

    For public lists: a sealed case (a disclosure of harm) is never among them.
    """
    if not refs:
        return []
    return views.query(
        f"SELECT {ROW} FROM wq_items WHERE ref IN ({', '.join('?' for _ in refs)}) AND sealed = 0 "
        "ORDER BY submitted_at DESC, id LIMIT ?",
        [*refs, limit],
    )


def refs_of(views: ViewStore, ids: list[UUID]) -> dict[UUID, str]:
    """Return the public reference of each of these ids that names an item with one (one read for a page)."""
    if not ids:
        return {}
    rows = views.query(f"SELECT id, ref FROM wq_items WHERE id IN ({', '.join('?' for _ in ids)}) AND ref IS NOT NULL",
                       [i.hex for i in ids])
    return {UUID(row["id"]): row["ref"] for row in rows if row["ref"]}


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
        f"SELECT {ROW} FROM wq_items WHERE {' AND '.join(clauses)} ORDER BY submitted_at DESC, id DESC LIMIT ?",
        [*params, limit],
    )


def count_by_status(views: ViewStore) -> list[dict[str, Any]]:
    """Return how many items stand in each status (``status``, ``n``), by status."""
    return views.query("SELECT status, COUNT(*) AS n FROM wq_items GROUP BY status ORDER BY status")


FINAL = tuple(sorted(status.value for status in FINAL_STATUSES))


def closed_before(views: ViewStore, cutoff: datetime) -> list[dict[str, Any]]:
    """Return the items in a final status since before ``cutoff`` whose words are not erased, oldest first.

    The retention policy's candidates (``ref``, ``status``, ``closed_at``). A naive ``cutoff`` is taken as UTC.
    """
    if cutoff.tzinfo is not None:  # the rows hold UTC text, compared as text
        cutoff = cutoff.astimezone(timezone.utc)
    return views.query(
        f"SELECT ref, status, closed_at FROM wq_items WHERE status IN ({', '.join('?' * len(FINAL))}) "
        "AND closed_at IS NOT NULL AND closed_at < ? AND COALESCE(erased, 0) = 0 ORDER BY closed_at",
        [*FINAL, cutoff.isoformat()],
    )


# -- the sealed lane ----------------------------------------------------------------------


@dataclass(frozen=True)
class SealedItem:
    """Where a sealed case's item stands (never its words), and its public reference."""

    ref: str
    status: Status
    erased: bool


@dataclass(frozen=True)
class SealedCase:
    """A safeguarding case as the officer's pages list it: metadata only, never the words."""

    item_id: UUID
    reason: str
    created_on: datetime
    closed: bool
    viewings: tuple[str, ...]  # who opened the words, in order
    item: SealedItem | None


CASES = (
    "SELECT c.id, c.item_id, c.reason, c.opened_at, c.closed, i.ref, i.status, i.erased "
    "FROM wq_cases c LEFT JOIN wq_items i ON i.id = c.item_id"
)


def sealed_cases(views: ViewStore) -> list[SealedCase]:
    """Return every safeguarding case, newest first."""
    rows = views.query(f"{CASES} ORDER BY c.opened_at DESC, c.id")
    openings: dict[str, list[str]] = {}
    for row in views.query("SELECT case_id, username FROM wq_case_openings ORDER BY case_id, version"):
        openings.setdefault(row["case_id"], []).append(row["username"])
    return [_case(row, openings.get(row["id"], [])) for row in rows]


def sealed_case(views: ViewStore, item_id: UUID) -> SealedCase | None:
    """Return the safeguarding case of one item, or ``None``."""
    found = views.query(f"{CASES} WHERE c.id = ?", (case_id(item_id).hex,))
    if not found:
        return None
    openings = views.query(
        "SELECT username FROM wq_case_openings WHERE case_id = ? ORDER BY version", (found[0]["id"],))
    return _case(found[0], [row["username"] for row in openings])


def _case(row: dict[str, Any], viewings: list[str]) -> SealedCase:
    item = None if row["status"] is None else SealedItem(row["ref"], Status(row["status"]), bool(row["erased"]))
    return SealedCase(UUID(row["item_id"]), row["reason"], datetime.fromisoformat(row["opened_at"]),
                      bool(row["closed"]), tuple(viewings), item)


# -- reads other read models compose with their own id queries (each names only its own tables) ------------------


def weighing(views: ViewStore, ids_sql: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
    """Return the items among ``ids_sql`` (a query of ids) or merged into one of them, not withdrawn."""
    return views.query(
        "SELECT id, age_band, channel, venue_id, merged_into FROM wq_items "
        f"WHERE (id IN ({ids_sql}) OR merged_into IN ({ids_sql})) AND status != 'withdrawn'",
        (*params, *params),
    )


def readable_words(views: ViewStore, statuses: tuple[str, ...], not_in_sql: str, params: tuple[Any, ...],
                   limit: int) -> list[tuple[str, str]]:
    """Return (id, words) of the newest items in ``statuses`` and not among ``not_in_sql`` whose words staff may read.

    Never a held, sealed or erased item: the work queue keeps no words for them (``wq_words``).
    """
    marks = ", ".join("?" for _ in statuses)
    found = views.query(
        "SELECT wq_items.id, wq_words.words FROM wq_items JOIN wq_words ON wq_words.id = wq_items.id "
        f"WHERE wq_items.status IN ({marks}) AND wq_words.words IS NOT NULL "
        "AND COALESCE(wq_items.held, 0) = 0 AND COALESCE(wq_items.sealed, 0) = 0 AND COALESCE(wq_items.erased, 0) = 0 "
        f"AND wq_items.id NOT IN ({not_in_sql}) ORDER BY wq_items.updated_at DESC, wq_items.id LIMIT ?",
        (*statuses, *params, limit),
    )
    return [(row["id"], row["words"]) for row in found]


def words_of(views: ViewStore, ids_sql: str, params: tuple[Any, ...], limit: int) -> list[str]:
    """Return the words staff may read of the newest items among ``ids_sql`` (none of a held, sealed or erased one)."""
    found = views.query(
        "SELECT wq_words.words FROM wq_items JOIN wq_words ON wq_words.id = wq_items.id "
        f"WHERE wq_items.id IN ({ids_sql}) AND wq_words.words IS NOT NULL "
        "ORDER BY wq_items.updated_at DESC, wq_items.id LIMIT ?",
        (*params, limit),
    )
    return [row["words"] for row in found]


def moments_between(views: ViewStore, column: str, start: str, end: str) -> list[str]:
    """Return the ``submitted_at`` or ``answered_at`` instants (ISO text, UTC) from ``start`` up to ``end``."""
    if column not in ("submitted_at", "answered_at"):
        raise ValueError(f"no moment column {column!r}")
    return [row[column] for row in views.query(
        f"SELECT {column} FROM wq_items WHERE {column} >= ? AND {column} < ?", (start, end))]


def first_filed(views: ViewStore) -> str | None:
    """Return the instant (ISO text, UTC) the first item was filed, None before any."""
    return views.scalar("SELECT MIN(submitted_at) FROM wq_items")
