"""Build (once, then reuse) a SQLite store with at least N events: the demo's world and mix of stories."""

from __future__ import annotations

import time
from pathlib import Path

from bench.bulk import Bulk
from feedback.bootstrap import bootstrap
from feedback.config import Settings

BENCH_DIR = Path("var/bench")


def bench_store(events: int, seed: int = 7) -> str:
    """Return the URL of a store holding at least ``events`` events, generating it if needed."""
    path = BENCH_DIR / f"log-{events}.sqlite"
    url = f"sqlite:///{path}"
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    services = bootstrap(Settings(database_url=url))
    app = services.suggestions
    try:
        if (app.recorder.max_notification_id() or 0) < events:
            print(f"generating {events:,} events into {path} (once; reused by later runs) ...", flush=True)
            started = time.perf_counter()
            head = Bulk(services, seed).fill(events)
            print(f"  {head:,} events in {time.perf_counter() - started:.0f} s", flush=True)
    finally:
        services.close()
    return url
