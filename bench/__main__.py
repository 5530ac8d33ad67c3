"""``make bench``: print every ratio we measure, each against its baseline in the same run."""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile

from bench.store import bench_store


def measure_rebuild(events: int) -> dict[str, float]:
    url = bench_store(events)
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [sys.executable, "-m", "bench.rebuild", url, f"{tmp}/views.sqlite"],
            check=True, capture_output=True, text=True,
        ).stdout
    return json.loads(out.strip().splitlines()[-1])


def report_rebuild(sizes: list[int]) -> None:
    print("\n## Projection rebuild (all five projections) vs a raw scan of the same log, SQLite")
    print("(target: >= 25% of the raw scan rate; 1,000,000 events in under 30 s with --jobs 2; flat memory)")
    print(f"{'events':>10}  {'raw scan ev/s':>13}  {'decoded ev/s':>12}  {'rebuild ev/s':>12}  "
          f"{'vs raw':>6}  {'vs decoded':>10}  {'seconds':>7}  {'peak RSS MiB':>12}")
    for size in sizes:
        r = measure_rebuild(size)
        print(f"{r['events']:>10,}  {r['scan_rate']:>13,.0f}  {r['decoded_rate']:>12,.0f}  "
              f"{r['rebuild_rate']:>12,.0f}  {r['rebuild_rate'] / r['scan_rate']:>6.1%}  "
              f"{r['rebuild_rate'] / r['decoded_rate']:>10.1%}  {r['rebuild_seconds']:>7.1f}  "
              f"{r['rss_peak_mib']:>12.0f}", flush=True)
        print(f"{'--jobs 2':>10}  {'':>13}  {'':>12}  {r['parallel_rate']:>12,.0f}  "
              f"{r['parallel_rate'] / r['scan_rate']:>6.1%}  {r['parallel_rate'] / r['decoded_rate']:>10.1%}  "
              f"{r['parallel_seconds']:>7.1f}  {r['rss_worker_peak_mib']:>12.0f} (largest worker)", flush=True)
        if "mapper_rate" in r:
            print(f"{'mapper':>10}  {'':>13}  {'':>12}  {r['mapper_rate']:>12,.0f}  "
                  f"{r['mapper_rate'] / r['scan_rate']:>6.1%}  (one process, the domain's mapper decoding: "
                  "the rebuild before issue 18)", flush=True)
        print(f"{'':>10}  the projections' own decoder reads {r['read_side_rate']:,.0f} events/s "
              f"(the mapper {r['decoded_rate']:,.0f}); the rebuild is {r['rebuild_rate'] / r['read_side_rate']:.1%} "
              f"of it, {r['parallel_rate'] / r['read_side_rate']:.1%} with --jobs 2", flush=True)
        print(f"{'':>10}  audit verify: {r['verify_rate']:,.0f} events/s = {r['verify_rate'] / r['scan_rate']:.1%} "
              "of the raw scan (target >= 50%)", flush=True)


def report_write(count: int) -> None:
    from bench.write import app_rate, bare_rate, sqlite_urls

    print("\n## Write path: filing an idea through the application vs a bare eventsourcing save")
    print("(target: >= 60% of the bare save on the same store)")
    print(f"{'store':>10}  {'bare saves/s':>12}  {'app submits/s':>13}  {'ratio':>6}")
    fresh = sqlite_urls()
    bare, ours = bare_rate(fresh(), count), app_rate(fresh(), count)
    print(f"{'SQLite':>10}  {bare:>12,.0f}  {ours:>13,.0f}  {ours / bare:>6.1%}", flush=True)
    from bench import write_costs

    write_costs.main(min(count, 1000))
    try:
        from tests.support.postgres import start_server
    except ImportError:
        return
    try:
        server = start_server()
    except (FileNotFoundError, OSError) as error:
        print(f"{'PostgreSQL':>10}  skipped: {error}")
        return
    try:
        key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
        bare, ours = bare_rate(server.create_database(), count), app_rate(server.create_database(), count, key)
        print(f"{'PostgreSQL':>10}  {bare:>12,.0f}  {ours:>13,.0f}  {ours / bare:>6.1%}", flush=True)
    finally:
        server.stop()


CONNECTIONS = (2, 4, 8)


def http_line(name: str, bare: float, posted: dict[str, float], connections: int) -> str:
    return (f"{name:>30} {connections:>2} conn.: HTTP {posted['rate']:>6,.0f}/s (median {posted['median_ms']:5.1f} ms, "
            f"non-2xx {posted['errors']:.0f}) vs bare {bare:,.0f}/s -> {posted['rate'] / bare:.1%}")


def report_http(writes: int) -> None:
    from bench import http
    from bench.write import bare_rate, sqlite_urls

    print("\n## HTTP: filing ideas through a real server (wrk at 2, 4 and 8 connections) vs a bare save on the same store")
    print("(target: >= 30% of the bare save; `make run` serves with one worker process a core)")
    if not http.have_wrk():
        print("skipped: wrk is not installed (apt-get install wrk)")
        return
    fresh = sqlite_urls()
    bare = bare_rate(fresh(), writes)
    for workers, levels in ((1, (8,)), (2, CONNECTIONS)):
        port = http.free_port()
        with http.serve_sqlite(fresh(), port, workers) as base:
            for connections in levels:
                posted = http.wrk(base + "/api/v1/suggestions", connections=connections, script=http.POST_LUA)
                print(http_line(f"serve --workers {workers} + SQLite", bare, posted, connections), flush=True)
    try:
        from tests.support.postgres import start_server
        pg = start_server()
    except (ImportError, FileNotFoundError, OSError) as error:
        print(f"{'gunicorn + PostgreSQL':>30}: skipped ({error})")
        return
    try:
        key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
        bare = bare_rate(pg.create_database(), writes)
        port = http.free_port()
        with http.serve_gunicorn(pg.create_database(), port, key) as base:
            for connections in CONNECTIONS:
                posted = http.wrk(base + "/api/v1/suggestions", connections=connections, script=http.POST_LUA)
                print(http_line("gunicorn (2x4) + PostgreSQL", bare, posted, connections), flush=True)
    finally:
        pg.stop()


def report_reads(sizes: list[int]) -> None:
    from bench import http
    from bench.reads import measure

    print("\n## Reads: the child's lifecycle page and the staff queue (API, 50 per page), wrk on waitress + SQLite")
    print("(target: the median at 100,000 items within 1.5x of the median at 1,000)")
    if not http.have_wrk():
        print("skipped: wrk is not installed (apt-get install wrk)")
        return
    results = [measure(size) for size in sizes]
    for r in results:
        print(f"{r['items']:>9,} items: lifecycle page median {r['page']['median_ms']:.2f} ms "
              f"({r['page']['rate']:,.0f}/s), staff queue median {r['queue']['median_ms']:.2f} ms "
              f"({r['queue']['rate']:,.0f}/s)", flush=True)
    first, last = results[0], results[-1]
    print(f"ratio {last['items']:,} / {first['items']:,}: lifecycle page "
          f"{last['page']['median_ms'] / first['page']['median_ms']:.2f}, staff queue "
          f"{last['queue']['median_ms'] / first['queue']['median_ms']:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--events", type=int, action="append",
                        help="log sizes to measure (default 100000 and 1000000)")
    parser.add_argument("--writes", type=int, default=2000, help="submissions per write measurement")
    parser.add_argument("--items", type=int, action="append", help="store sizes for the read latencies")
    args = parser.parse_args()
    os.environ.setdefault("FEEDBACK_RATE_LIMITS", "off")
    print(f"# One-Meter Voice benchmarks — {platform.platform()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}")
    report_write(args.writes)
    report_http(args.writes)
    report_reads(args.items or [1_000, 100_000])
    report_rebuild(args.events or [100_000, 1_000_000])


if __name__ == "__main__":
    main()
