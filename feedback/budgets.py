"""Request budgets counted in the store, so that every worker process spends from the same one.

A budget is a few allowances (``60`` per ``60`` seconds, ``1000`` per day) for
one key (a rule and a client, or a rule and a venue). Each allowance counts
hits in a window of its length that opens at the key's first hit after the
last one closed; one statement counts the hit in every window of the key and
returns the new counts. Two windows may follow each other closely, so at most
twice an allowance passes in one window's length, never more on average: the
guessing cost is worked out from the daily allowance.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING


if TYPE_CHECKING:  # the migrations create the table, and the side tables run the migrations
    from feedback.tables import SideTables

TABLE = "request_budgets"
PRUNE_EVERY_SECONDS = 60

SPEND = (
    f"INSERT INTO {TABLE} (budget_key, period, opened, hits) VALUES {{rows}} "
    "ON CONFLICT (budget_key, period) DO UPDATE SET "
    f"hits = CASE WHEN excluded.opened < {TABLE}.opened + {TABLE}.period THEN {TABLE}.hits + 1 ELSE 1 END, "
    f"opened = CASE WHEN excluded.opened < {TABLE}.opened + {TABLE}.period THEN {TABLE}.opened "
    "ELSE excluded.opened END "
    "RETURNING period, hits"
)
PRUNE = f"DELETE FROM {TABLE} WHERE opened + period <= ?"


@dataclass(frozen=True)
class Allowance:
    """At most ``count`` hits in each window of ``seconds``."""

    count: int
    seconds: int


class Budgets:
    """Spend from budgets kept in the store's side tables (shared by every process on the store)."""

    def __init__(self, tables: SideTables, now: Callable[[], float] = time.time) -> None:
        self._tables = tables
        self._now = now
        self._pruned_at = 0.0
        self._prune_lock = threading.Lock()

    def spend(self, key: str, allowances: Sequence[Allowance]) -> bool:
        """Count one hit on ``key``; return False when it goes over any of its allowances."""
        moment = self._now()
        rows = [(key, a.seconds, int(moment)) for a in allowances]
        with self._tables.transaction() as cursor:
            cursor.execute(SPEND.format(rows=", ".join(["(?, ?, ?, 1)"] * len(rows))),
                           [value for row in rows for value in row])
            hits = {int(period): int(count) for period, count in cursor.fetchall()}
        self._prune(moment)
        return all(hits[a.seconds] <= a.count for a in allowances)

    def _prune(self, moment: float) -> None:
        """Forget windows that have ended, once a minute per process (keeps the table to live clients)."""
        if moment - self._pruned_at < PRUNE_EVERY_SECONDS or not self._prune_lock.acquire(blocking=False):
            return
        try:
            self._pruned_at = moment
            with self._tables.transaction() as cursor:
                cursor.execute(PRUNE, (int(moment),))
        finally:
            self._prune_lock.release()
