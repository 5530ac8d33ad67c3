"""Projection rebuild rate against a raw scan of the same notification log, and peak memory.

Run in its own process (``python -m bench.rebuild URL``) so that its peak RSS is its own.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

from feedback.application import FeedbackApp
from feedback.bootstrap import bootstrap
from feedback.config import Settings
from projections import ALL, Projector, ViewStore

BATCH = 1000


def raw_scan(app: FeedbackApp) -> tuple[int, float]:
    """Read every notification of the log in batches; return (events, seconds)."""
    started, position, count = time.perf_counter(), 0, 0
    while True:
        rows = app.recorder.select_notifications(start=position + 1, limit=BATCH)
        if not rows:
            return count, time.perf_counter() - started
        count += len(rows)
        position = rows[-1].id


def decoded_scan(app: FeedbackApp) -> tuple[int, float]:
    """Read and decode every event of the log (what any projection must at least do)."""
    return _scan(app, lambda rows: [app.mapper.to_domain_event(n) for n in rows])


def read_side_scan(app: FeedbackApp) -> tuple[int, float]:
    """Read and decode every event with the projections' own decoder (words left sealed until read)."""
    from projections.decoding import EventDecoder

    return _scan(app, EventDecoder(app).decode)


def _scan(app: FeedbackApp, decode: Callable[[Any], list[Any]]) -> tuple[int, float]:
    started, position, count = time.perf_counter(), 0, 0
    while True:
        rows = app.recorder.select_notifications(start=position + 1, limit=BATCH)
        if not rows:
            return count, time.perf_counter() - started
        with app.keys.prefetched(n.originator_id for n in rows):
            count += len(decode(rows))
        position = rows[-1].id


def rebuild(app: FeedbackApp, views_path: str, jobs: int = 1, decoder: Any = None) -> float:
    projector = Projector(app, ViewStore(views_path), ALL, decoder=decoder)
    started = time.perf_counter()
    projector.rebuild(batch=BATCH, jobs=jobs)
    return time.perf_counter() - started


def verify_seconds(app: FeedbackApp) -> float:
    from feedback.audit import records_from_store, verify

    started = time.perf_counter()
    verdict = verify(lambda: records_from_store(app.recorder))
    assert verdict.ok, verdict.finding
    return time.perf_counter() - started


def main(url: str, views_path: str) -> None:
    app = bootstrap(Settings(database_url=url)).suggestions
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    events, scan_seconds = raw_scan(app)
    verified_seconds = verify_seconds(app)
    _, decoded_seconds = decoded_scan(app)
    _, read_side_seconds = read_side_scan(app)
    rebuild_seconds = rebuild(app, views_path)
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    parallel_seconds = rebuild(app, views_path + ".2", jobs=2)
    rss_workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    from projections.decoding import domain_decoder  # the same rebuild with the mapper: before issue 18

    mapper_seconds = rebuild(app, views_path + ".m", decoder=domain_decoder(app))
    print(json.dumps({
        "events": events,
        "scan_rate": events / scan_seconds,
        "decoded_rate": events / decoded_seconds,
        "read_side_rate": events / read_side_seconds,
        "verify_rate": events / verified_seconds,
        "rebuild_rate": events / rebuild_seconds,
        "rebuild_seconds": rebuild_seconds,
        "parallel_rate": events / parallel_seconds,
        "parallel_seconds": parallel_seconds,
        "mapper_rate": events / mapper_seconds,
        "rss_before_mib": rss_before / 1024,
        "rss_peak_mib": rss_peak / 1024,
        "rss_worker_peak_mib": rss_workers / 1024,
    }))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
