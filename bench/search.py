"""Search of the staff lists at 100,000 items: ``q=`` (LIKE over the normalised words) on SQLite and PostgreSQL.

Fills the work queue's tables directly with synthetic rows (children's ideas in
Chinese and English, about 40 characters each), then times the page (50 rows)
and the count a search makes, for a rare and a common two-character Chinese
term, an English word, and a search narrowed by status. Run:

    .venv/bin/python -m bench.search [items]

PostgreSQL is measured when its server binaries are installed (a throwaway server).
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from typing import Any

from domain.values import Status
from feedback.config import StoreURL
from projections.store import ViewStore
from projections.work_queue import Narrowing, WorkQueue, count, queue, searchable

PHRASES = ["学校午餐太咸了", "请在公园加一个遮阳棚", "图书馆的绘本太少了", "操场需要更多的树荫", "希望放学后有地方踢球",
           "The slide in the park is broken", "More books in the reading corner please", "医院候诊室太吵了"]
RARE = "独角兽"  # in one item in a thousand
STATUSES = [status.value for status in Status]
TERMS = {"rare zh": RARE, "common zh (2 chars)": "午餐", "english": "slide", "zh, 4 chars": "遮阳棚"}


def fill(views: Any, items: int) -> None:
    rng = random.Random(items)
    today = date(2026, 12, 1)
    with views.transaction() as cursor:
        WorkQueue().create(cursor)
    rows, words = [], []
    for n in range(items):
        item_id = uuid.UUID(int=rng.getrandbits(128)).hex
        text = f"{rng.choice(PHRASES)}，{rng.choice(PHRASES)}。第 {n} 条" + (RARE if n % 1000 == 7 else "")
        filed = (today - timedelta(days=rng.randrange(365))).isoformat()
        rows.append((item_id, f"{n:010X}", rng.choice(STATUSES), "web", filed + "T08:00:00+00:00",
                     (today + timedelta(days=rng.randrange(-30, 60))).isoformat(), filed + "T09:00:00+00:00"))
        words.append((item_id, "zh-Hans", searchable(text)))
    with views.transaction() as cursor:
        cursor.executemany("INSERT INTO wq_items (id, ref, status, channel, submitted_at, answer_due, updated_at) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        cursor.executemany("INSERT INTO wq_words (id, language, words) VALUES (?, ?, ?)", words)
        cursor.execute("ANALYZE")


def timed(views: Any, runs: int = 7) -> dict[str, float]:
    today = date(2026, 12, 1)
    results = {}
    for name, term in {**TERMS, "common zh + status": "午餐"}.items():
        status = {"status": "forwarded"} if "status" in name else {}
        narrowing = Narrowing(q=term, sort="due")
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            queue(views, today=today, limit=50, narrowing=narrowing, **status)
            count(views, today=today, narrowing=narrowing, **status)
            times.append(time.perf_counter() - started)
        results[name] = statistics.median(times) * 1000
    return results


def main(items: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = ViewStore(f"{tmp}/views.sqlite")
        fill(sqlite, items)
        report("SQLite", items, timed(sqlite))
    try:
        from tests.support.postgres import find_bin, start_server
    except ImportError:
        return
    if find_bin() is None:
        print("PostgreSQL: no server binaries here")
        return
    server = start_server()
    try:
        from projections.store import PostgresViewStore

        pg = PostgresViewStore(StoreURL.parse(server.create_database()))
        fill(pg, items)
        report("PostgreSQL", items, timed(pg))
    finally:
        server.stop()


def report(store: str, items: int, results: dict[str, float]) -> None:
    print(f"{store}, {items:,} items: page of 50 + count, median ms")
    for name, ms in results.items():
        print(f"  {name:<22} {ms:8.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
