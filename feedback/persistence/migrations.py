"""Numbered schema migrations of our own tables, recorded in the store they change.

Each migration runs once, in one transaction with the row that records it in
``schema_migrations``. To add one: write a function that takes a cursor and
the dialect, and append it to :data:`MIGRATIONS` with the next number. Never
change or renumber one that has shipped: stores out there have recorded it.
The library's own tables (the events, their tracking) are the library's; the
read models rebuild themselves (see docs/persistence.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

from feedback.errors import ConfigError
from feedback.persistence.sql import Cursor, Dialect
from feedback.seal import CHAIN_TABLE

MIGRATIONS_TABLE = "schema_migrations"


@dataclass(frozen=True)
class Migration:
    """One numbered change to the schema."""

    version: int
    name: str
    apply: Callable[[Cursor, Dialect], None] | None
    events: str = ""  # or: the name of the FeedbackApp method that records events, run once at start-up

    def __str__(self) -> str:
        return f"{self.version} ({self.name})"


class SchemaTooNew(ConfigError):
    """The store was migrated by newer code than this."""


def create_side_tables(c: Cursor, sql: Dialect) -> None:
    """Create the tables kept beside the events as they were before migrations (each only if missing)."""
    c.execute(f"CREATE TABLE IF NOT EXISTS {CHAIN_TABLE} ("
              f"position {sql.bigint} PRIMARY KEY, digest {sql.blob} NOT NULL, link {sql.blob} NOT NULL)")
    c.execute(f"CREATE TABLE IF NOT EXISTS content_keys (owner TEXT PRIMARY KEY, wrapped {sql.blob} NOT NULL)")
    c.execute("CREATE TABLE IF NOT EXISTS staff_passwords (username TEXT PRIMARY KEY, hash TEXT NOT NULL)")
    c.execute("CREATE TABLE IF NOT EXISTS api_tokens (token_hash TEXT PRIMARY KEY, username TEXT NOT NULL, "
              "created_at TEXT NOT NULL, revoked_at TEXT)")
    c.execute("CREATE TABLE IF NOT EXISTS api_token_labels (token_hash TEXT PRIMARY KEY, label TEXT NOT NULL)")


def add_staff_sessions(c: Cursor, sql: Dialect) -> None:
    """Keep staff sessions on the server, and the failed checks of a current password."""
    c.execute("CREATE TABLE staff_sessions (session_hash TEXT PRIMARY KEY, username TEXT NOT NULL, "
              "created_at TEXT NOT NULL, expires_at TEXT NOT NULL)")
    c.execute("CREATE INDEX staff_sessions_by_username ON staff_sessions (username)")
    c.execute("CREATE TABLE password_check_failures (username TEXT NOT NULL, failed_at TEXT NOT NULL)")
    c.execute("CREATE INDEX password_check_failures_by_username ON password_check_failures (username, failed_at)")


def add_request_budgets(c: Cursor, sql: Dialect) -> None:
    """Count hits per budget key and window length, with when the window opened (``feedback/budgets.py``)."""
    c.execute(f"CREATE TABLE IF NOT EXISTS request_budgets (budget_key TEXT NOT NULL, period INTEGER NOT NULL, "
              f"opened {sql.bigint} NOT NULL, hits INTEGER NOT NULL, PRIMARY KEY (budget_key, period))")


def add_receipt_tokens(c: Cursor, sql: Dialect) -> None:
    """Receipts waiting to show a new code once (``feedback/receipts.py``): the token's hash, who, until when."""
    c.execute("CREATE TABLE receipt_tokens (token_hash TEXT PRIMARY KEY, holder TEXT NOT NULL, "
              "expires_at TEXT NOT NULL)")


def add_evidence_photos(c: Cursor, sql: Dialect) -> None:
    """Keep evidence photos beside the events (``feedback/evidence.py``), sealed with their item's key."""
    c.execute(f"CREATE TABLE evidence_photos (photo_id TEXT PRIMARY KEY, item_id TEXT NOT NULL, "
              f"media_type TEXT NOT NULL, sealed {sql.blob} NOT NULL, stored_at TEXT NOT NULL)")
    c.execute("CREATE INDEX evidence_photos_by_item ON evidence_photos (item_id)")


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "audit chain, content keys, staff passwords, API tokens and their labels", create_side_tables),
    Migration(2, "staff sessions on the server and failed password checks", add_staff_sessions),
    Migration(3, "request budgets shared by every worker process (rate limits)", add_request_budgets),
    Migration(4, "a random public reference for each item filed before them (events)", None,
              events="give_missing_refs"),
    Migration(5, "receipts that show a new tracking code once, redeemed on the server", add_receipt_tokens),
    Migration(6, "evidence photos, sealed with their item's key", add_evidence_photos),
)


# Every table the migrations create, with the one that records them: what the store keeps beside the events.
SIDE_TABLES = (
    MIGRATIONS_TABLE, CHAIN_TABLE, "content_keys", "staff_passwords", "api_tokens", "api_token_labels",
    "staff_sessions", "password_check_failures", "request_budgets", "receipt_tokens",
    "evidence_photos",
)


def create_migrations_table(c: Cursor) -> None:
    """Create the table that records the applied migrations (idempotent)."""
    c.execute(f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} ("
              "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")


def applied_versions(c: Cursor) -> set[int]:
    """Return the versions recorded in the store."""
    c.execute(f"SELECT version FROM {MIGRATIONS_TABLE}")
    return {int(row[0]) for row in c.fetchall()}


def pending(applied: set[int]) -> list[Migration]:
    """Return the migrations not yet applied, in order; refuse a store migrated by newer code."""
    newer = sorted(applied - {m.version for m in MIGRATIONS})
    if newer:
        raise SchemaTooNew(
            f"the store's schema is at migration {newer[-1]}, newer than this code knows "
            f"(up to {MIGRATIONS[-1].version}): run the newer code"
        )
    return [m for m in MIGRATIONS if m.version not in applied]


def apply(c: Cursor, sql: Dialect, migration: Migration) -> None:
    """Apply one migration of the tables and record it, with the cursor of one transaction."""
    assert migration.apply is not None, "a migration that records events is run by the application"
    migration.apply(c, sql)
    record(c, migration)


def record(c: Cursor, migration: Migration) -> None:
    """Record that a migration was applied."""
    c.execute(f"INSERT INTO {MIGRATIONS_TABLE} (version, name, applied_at) VALUES (?, ?, ?)",
              (migration.version, migration.name, datetime.now(timezone.utc).isoformat()))
