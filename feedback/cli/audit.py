"""``feedback audit``: verify the seal, export the log, replay an item or the dashboards."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO, Any

import click

from domain.content import PrivateText
from feedback.audit import Verdict, position_at, published_head, records_from_store, verify
from feedback.export import export_lines, records_from_file
from feedback.cli import times
from feedback.cli.base import Runtime, main, pass_runtime
from feedback.seal import Head
from projections import adoption, replay_until, work_queue


@main.group()
def audit() -> None:
    """Check that nobody rewrote the history; export it; replay any moment."""


class HeadParam(click.ParamType):
    name = "POSITION:HASH"

    def convert(self, value: Any, param: Any, ctx: Any) -> Head:
        try:
            return value if isinstance(value, Head) else Head.parse(value)
        except ValueError as error:
            self.fail(str(error), param, ctx)


@audit.command("verify")
@click.option("--head", "expected", type=HeadParam(), help="A head published earlier, to compare with.")
@click.option("--file", "file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Verify an export (JSON Lines or CSV) instead of the store.")
@pass_runtime
def verify_command(runtime: Runtime, expected: Head | None, file: Path | None) -> None:
    """Recompute the chain: print OK and the head, or name the first position that differs."""
    if file is not None:
        verdict = verify(lambda: _export_records(file), expected)
        where = str(file)
    else:
        total = runtime.app.recorder.max_notification_id() or 0
        with click.progressbar(length=max(total, 1), label="Verifying", file=sys.stderr) as bar:
            first = [True]

            def source() -> Iterator[Any]:
                tick = bar.update if first[0] else None
                first[0] = False
                return records_from_store(runtime.app.recorder, tick)

            verdict = verify(source, expected)
        where = runtime.where
    if verdict.ok:
        against = f", matching the published head {expected.position}" if expected else ""
        click.echo(f"OK: {verdict.events} events in {where} verify{against}.")
        click.echo(f"head {verdict.head}")
        return
    click.echo(f"FAILED at {verdict.finding}", err=True)
    click.echo(_after_failure(verdict), err=True)
    sys.exit(2)


def _after_failure(verdict: Verdict) -> str:
    """Say how far the log holds, without seeming to contradict the finding."""
    if verdict.consistent:
        return (f"the log agrees with itself (its own head is {verdict.head}) but not with the published head: "
                "its history up to that position is not the one that was published")
    return f"the chain was intact up to position {verdict.head.position} (head {verdict.head})"


def _export_records(file: Path) -> Iterator[Any]:
    with file.open(encoding="utf-8") as lines:
        try:
            yield from records_from_file(lines)
        except ValueError as error:
            raise click.ClickException(str(error)) from error


@audit.command("export")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write to this file instead of standard output.")
@pass_runtime
def export_command(runtime: Runtime, output: Path | None) -> None:
    """Write the log as JSON Lines: every event's seal, and the content of those that hide nothing."""
    with _opened(output) as out:
        count = export_lines(records_from_store(runtime.app.recorder), out)
    head = published_head(runtime.app.recorder)
    if output:
        click.echo(f"Exported {count} events to {output}; head {head}.")
        click.echo(f"Check it anywhere with: feedback audit verify --file {output} --head {head}")


@contextmanager
def _opened(output: Path | None) -> Iterator[IO[str]]:
    if output is None:
        yield sys.stdout
        return
    with output.open("w", encoding="utf-8") as out:
        yield out


@audit.command("head")
@pass_runtime
def head_command(runtime: Runtime) -> None:
    """Print the current head of the chain (position:hash) for outsiders to keep."""
    click.echo(str(published_head(runtime.app.recorder)))


@audit.command("history")
@click.argument("code")
@pass_runtime
def history_command(runtime: Runtime, code: str) -> None:
    """Show every event of one item: version, time, who acted, what happened."""
    item = runtime.app.get_item(code)
    events: list[Any] = runtime.app.history_of(item)
    zone = runtime.app.clock.zone
    click.echo(f"{item.ref}: {len(events)} events, on the city's clock ({zone}) with the UTC instant in brackets")
    for event in events:
        click.echo(f"v{event.originator_version:<3} {times.both(event.timestamp, zone)}  "
                   f"{str(event.actor):<24} {type(event).__name__}{_payload(event)}")


def _payload(event: Any) -> str:
    skip = {"originator_id", "originator_version", "timestamp", "actor", "originator_topic"}
    parts = []
    for name, value in vars(event).items():
        if name in skip:
            continue
        if isinstance(value, PrivateText):
            value = "[erased]" if value.is_erased else "[child's words]"
        parts.append(f"{name}={value}")
    return ("  " + ", ".join(parts)) if parts else ""


@audit.command("as-of")
@click.argument("moment")
@pass_runtime
def as_of_command(runtime: Runtime, moment: str) -> None:
    """Replay the log up to MOMENT and show the dashboards then.

    MOMENT is on the city's clock unless it gives its own offset or says UTC: 2026-11-29 (the day's
    first moment), 2026-11-29T18:00, 2026-11-29T10:00Z, "2026-11-29 10:00 UTC" or 2026-11-29T18:00+08:00.
    """
    zone = runtime.app.clock.zone
    when = times.parse_moment(moment, zone)
    position = position_at(runtime.app.recorder, when)
    click.echo(f"As of {times.both(when, zone)}: the log held {position} events.")
    with click.progressbar(length=max(position, 1), label="Replaying", file=sys.stderr) as bar:
        projector = replay_until(runtime.app, position, bar.update)
    views, day = projector.views, when.astimezone(zone).date()  # overdue counts from the city's day
    _print_figures(views, day)


def _print_figures(views: Any, day: date) -> None:
    statuses = work_queue.count_by_status(views)
    click.echo("Items by status: " + (", ".join(f"{r['status']} {r['n']}" for r in statuses) or "none"))
    click.echo(f"Overdue: {work_queue.count(views, today=day, overdue=True)}")
    times = adoption.response_times(views)
    click.echo(f"Answered: {times['answered']}; days to first answer: median {times['median_days']}, "
               f"90th percentile {times['p90_days']}")
    for row in adoption.rates(views, "channel", today=day):
        rate = "n/a" if row["adoption_rate"] is None else f"{row['adoption_rate']:.0%}"
        click.echo(f"  {row['key']}: {row['items']} items, {row['answered']} answered, adoption rate {rate}")
