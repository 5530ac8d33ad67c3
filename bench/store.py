"""Build (once, then reuse) a SQLite store with at least N events of demo data."""

from __future__ import annotations

import time
from pathlib import Path

from feedback.application import FeedbackApp
from feedback.config import Settings
from feedback.demo import load_demo

BENCH_DIR = Path("var/bench")
EVENTS_PER_IDEA = 4.0  # measured on the demo's mix of stories (3.96)


def bench_store(events: int, seed: int = 7) -> str:
    """Return the URL of a store holding at least ``events`` events, generating it if needed."""
    path = BENCH_DIR / f"events-{events}.sqlite"
    url = f"sqlite:///{path}"
    app = FeedbackApp(Settings(database_url=url))
    try:
        head = app.recorder.max_notification_id() or 0
        if head < events:
            # The demo files ideas only into a store without any: estimate generously, once.
            ideas = max(1, int((events - head) / EVENTS_PER_IDEA * 1.25) + 1)
            print(f"generating {ideas:,} ideas into {path} (once; reused by later runs) ...", flush=True)
            started = time.perf_counter()
            load_demo(app, seed=seed, suggestions=ideas)
            print(f"  {app.recorder.max_notification_id():,} events in {time.perf_counter() - started:.0f} s")
    finally:
        app.close()
    return url
