"""Where one filing's time goes on SQLite: a profile of ``FeedbackApp.submit``, summed by part.

``python -m bench.write_costs [COUNT]`` files COUNT ideas under cProfile and prints, per idea,
the time spent in each part that a bare ``eventsourcing`` save does not have: drawing the
tracking code, building the item, screening its words, encrypting them (and making the
item's content key), sealing (the chain row) and storing the new key, beside the commit.
The profiler slows Python down, not the disk: read the parts against each other.
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import tempfile
import time

from bench.write import TEXT
from domain.values import AgeBand, Category, Channel
from feedback.bootstrap import bootstrap
from feedback.config import Settings

# (what, the function whose cumulative time it is: file suffix and function name)
PARTS = (
    ("the whole submit", "feedback/application.py", "submit"),
    ("tracking code drawn (random + keyed hash)", "domain/codes.py", "new_code"),
    ("item id from the code (HMAC)", "domain/codes.py", "item_id_for"),
    ("the item built (domain events)", "feedback/application.py", "draft"),
    ("words screened for personal data and harm", "feedback/screening.py", "screen_words"),
    ("words encrypted (with the new content key)", "feedback/keystore.py", "encrypt"),
    ("objects checked against the library's Protocols", "eventsourcing/application.py", "collect_events"),
    ("events turned into stored rows (JSON)", "eventsourcing/persistence.py", "to_stored_event"),
    ("the insert, seal and keys, in one transaction", "eventsourcing/sqlite.py", "insert_events"),
    ("  of which the seal: chain row + key rows", "feedback/persistence/overrides.py", "seal"),
    ("  of which the commit (the disk)", "eventsourcing/sqlite.py", "commit"),
)


def profile(count: int) -> tuple[pstats.Stats, float]:
    with tempfile.TemporaryDirectory() as tmp:
        app = bootstrap(Settings(database_url=f"sqlite:///{tmp}/costs.sqlite")).suggestions
        try:
            for _ in range(20):  # warm: the first save creates tables and caches
                app.submit(channel=Channel.WEB, category=Category.SPACES, age_band=AgeBand.AGE_9_11, text=TEXT)
            profiler = cProfile.Profile()
            started = time.perf_counter()
            profiler.enable()
            for _ in range(count):
                app.submit(channel=Channel.WEB, category=Category.SPACES, age_band=AgeBand.AGE_9_11, text=TEXT)
            profiler.disable()
            return pstats.Stats(profiler), time.perf_counter() - started
        finally:
            app.close()


def cumulative(stats: pstats.Stats, path: str, name: str) -> float:
    raw: dict = stats.stats  # type: ignore[attr-defined]
    return sum(value[3] for (file, _, function), value in raw.items()
               if file.endswith(path) and function == name)


def main(count: int = 1000) -> None:
    stats, seconds = profile(count)
    print(f"one filing on SQLite, profiled over {count:,} ({seconds / count * 1e3:.2f} ms each under the profiler)")
    for what, path, name in PARTS:
        print(f"  {what:<48} {cumulative(stats, path, name) / count * 1e6:>8,.0f} µs")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
