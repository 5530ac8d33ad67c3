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
    print("(target: >= 25% of the raw scan rate; 1,000,000 events in under 60 s; flat memory)")
    print(f"{'events':>10}  {'raw scan ev/s':>13}  {'decoded ev/s':>12}  {'rebuild ev/s':>12}  "
          f"{'vs raw':>6}  {'vs decoded':>10}  {'seconds':>7}  {'peak RSS MiB':>12}")
    for size in sizes:
        r = measure_rebuild(size)
        print(f"{r['events']:>10,}  {r['scan_rate']:>13,.0f}  {r['decoded_rate']:>12,.0f}  "
              f"{r['rebuild_rate']:>12,.0f}  {r['rebuild_rate'] / r['scan_rate']:>6.1%}  "
              f"{r['rebuild_rate'] / r['decoded_rate']:>10.1%}  {r['rebuild_seconds']:>7.1f}  "
              f"{r['rss_peak_mib']:>12.0f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--events", type=int, action="append",
                        help="log sizes to measure (default 100000; add 1000000 on request)")
    args = parser.parse_args()
    os.environ.setdefault("FEEDBACK_RATE_LIMITS", "off")
    print(f"# One-Meter Voice benchmarks — {platform.platform()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}")
    report_rebuild(args.events or [100_000])


if __name__ == "__main__":
    main()
