"""Where a one-process rebuild's time goes: reading, decoding, each read model's handlers, the writes.

``python -m bench.rebuild_parts URL [EVENTS]`` rebuilds every read model over the first EVENTS
events of the store into a throwaway view store, timing each part with a clock around it
(no profiler: the parts add up to the whole), and prints microseconds per event.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import defaultdict
from typing import Any

from feedback.bootstrap import bootstrap
from feedback.config import Settings
from projections import ALL, Projector, ViewStore
from projections import base as projection_base

BATCH = 1000


def timed(spent: dict[str, float], name: str, function: Any) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - started

    return wrapper


def owned(name: str, process: Any) -> Any:
    """Mark the rows a projection's handlers fill as its own, so that their writes are timed as its."""

    def wrapper(rows: Any, events: Any) -> Any:
        rows.owner = name
        return process(rows, events)

    return wrapper


def measure(url: str, events: int) -> tuple[int, float, dict[str, float]]:
    app = bootstrap(Settings(database_url=url)).suggestions
    spent: dict[str, float] = defaultdict(float)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            projector = Projector(app, ViewStore(f"{tmp}/views.sqlite"), ALL)
            for name in projector.names():
                projector.reset(name)
            recorder = app.recorder
            recorder.select_notifications = timed(spent, "read the log (SQLite rows)", recorder.select_notifications)
            projector.decode = timed(spent, "decode (the read side's decoder)", projector.decode)
            for name, projection in projector.projections.items():
                projection.process = owned(  # type: ignore[method-assign]
                    name, timed(spent, f"handlers: {name}", projection.process))
            write = projection_base.Rows.write
            projection_base.Rows.write = lambda rows, cursor: timed(  # type: ignore[method-assign]
                spent, f"writes: {rows.owner}", write)(rows, cursor)
            started = time.perf_counter()
            with projector.views.rebuilding():
                read = projector.catch_up(batch=BATCH, stop_after=events)
            return read, time.perf_counter() - started, spent
    finally:
        app.close()


def main(url: str, events: int) -> None:
    read, seconds, spent = measure(url, events)
    print(f"rebuild of {read:,} events in one process: {seconds:.1f} s = {seconds / read * 1e6:.1f} µs an event")
    rest = seconds - sum(spent.values())
    for name, part in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"  {name:<42} {part / read * 1e6:>6.1f} µs  {part / seconds:>6.1%}")
    print(f"  {'the rest (keys prefetched, transactions)':<42} {rest / read * 1e6:>6.1f} µs  {rest / seconds:>6.1%}")
    print("each read model's handlers and writes, in seconds per 100,000 events of the log (its `cost`):")
    for name in sorted({name.split(": ")[1] for name in spent if ": " in name}):
        own = spent[f"handlers: {name}"] + spent[f"writes: {name}"]
        print(f"  {name:<42} {own / read * 1e5:>6.2f}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 100_000)
