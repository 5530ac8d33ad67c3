"""``feedback projections``: rebuild, run and inspect the read models."""

from __future__ import annotations

import signal
import threading
import time
from typing import Any

import click

from feedback.cli.base import Runtime, main, pass_runtime
from projections import Projector


def projector_for(runtime: Runtime) -> Projector:
    return runtime.projector


@main.group()
def projections() -> None:
    """Rebuild, run and inspect the read models (queues, boards, dashboards)."""


@projections.command()
@click.argument("name", required=False)
@click.option("--batch", type=click.IntRange(min=1), default=1000, show_default=True)
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes to share the projections among (one per core is fastest; "
                   "the in-memory store always uses one).")
@click.option("--quiet", is_flag=True, help="Show no progress bar.")
@pass_runtime
def rebuild(runtime: Runtime, name: str | None, batch: int, jobs: int, quiet: bool) -> None:
    """Throw a projection (or all) away and rebuild it from the first event.

    All projections are rebuilt in one pass over the log (or one pass per job).
    """
    projector = projector_for(runtime)
    if name and name not in projector.names():
        raise click.ClickException(f"no projection named {name!r}; try one of: {', '.join(projector.names())}")
    head = projector.head()
    started = time.perf_counter()
    read = _rebuild(projector, name, head, batch, jobs, quiet)
    seconds = time.perf_counter() - started
    rate = head / seconds if seconds else 0.0
    click.echo(f"{name or ', '.join(projector.names())}: rebuilt from {read} events "
               f"in {seconds:.1f} s ({rate:,.0f} log positions/s)")


def _rebuild(projector: Projector, name: str | None, head: int, batch: int, jobs: int, quiet: bool) -> int:
    if quiet:
        return projector.rebuild(name, batch=batch, jobs=jobs)
    started = time.perf_counter()
    done = [0]

    def rate(_: Any) -> str:
        seconds = time.perf_counter() - started
        return f"{done[0] / seconds:,.0f} positions/s" if seconds > 0 else ""

    with click.progressbar(length=max(head, 1), label=f"Rebuilding {name or 'every projection'}", show_eta=True,
                           show_pos=True, item_show_func=rate) as bar:
        def advance(positions: int) -> None:
            done[0] += positions
            bar.update(positions, current_item=positions)

        return projector.rebuild(name, batch=batch, progress=advance, jobs=jobs)


@projections.command()
@click.option("--interval", type=click.FloatRange(min=0.05), default=0.5, show_default=True,
              help="Seconds between looks at the log.")
@click.option("--once", is_flag=True, help="Catch up once and stop.")
@pass_runtime
def run(runtime: Runtime, interval: float, once: bool) -> None:
    """Keep every projection caught up with the log (a long-lived worker process)."""
    projector = projector_for(runtime)
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    click.echo(f"Projection worker following {runtime.where} (Ctrl+C stops it)")
    try:
        while True:
            read = projector.catch_up()
            if read:
                click.echo(f"caught up: {read} events, head at {projector.head()}")
            if once or stopping.wait(interval):
                break
    except KeyboardInterrupt:
        pass
    click.echo("Projection worker stopped.")


@projections.command()
@pass_runtime
def status(runtime: Runtime) -> None:
    """Show each projection's position in the log, its lag, and whether its code is current."""
    projector = projector_for(runtime)
    rows = projector.status()
    width = max(len(p.name) for p in rows)
    click.echo(f"{'projection':<{width}}  {'position':>9}  {'head':>9}  {'lag':>7}  code")
    for p in rows:
        state = "current" if p.current else "changed: will rebuild"
        click.echo(f"{p.name:<{width}}  {p.position:>9}  {p.head:>9}  {p.lag:>7}  {state}")
