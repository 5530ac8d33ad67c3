"""``feedback privacy``: erase a child's words, and apply the retention policy."""

from __future__ import annotations

import os

import click

from domain.actors import Actor
from feedback.cli import times
from feedback.cli.base import Runtime, main, pass_runtime

DEFAULT_RETENTION_MONTHS = 24


@main.group()
def privacy() -> None:
    """Erase children's words (crypto-shredding) and keep only what the retention policy allows."""


def _catch_up_views(runtime: Runtime) -> None:
    # The read models drop the words when they read the erasure, then the files are scrubbed.
    runtime.projector.catch_up()


@privacy.command("erase")
@click.argument("code")
@click.option("--reason", default="erasure requested", show_default=True, help="Why (recorded; never the words).")
@pass_runtime
def erase_command(runtime: Runtime, code: str, reason: str) -> None:
    """Destroy one item's content key: its words read as erased everywhere; its steps and the seal stay."""
    item = runtime.services.privacy.erase(runtime.app.get_item(code), Actor(kind="system"), reason)
    _catch_up_views(runtime)
    click.echo(f"{item.ref}: the words are erased; {item.version} events kept, the audit chain still verifies.")


@privacy.command("retention")
@click.option("--months", type=click.IntRange(min=1),
              default=lambda: int(os.environ.get("FEEDBACK_RETENTION_MONTHS", DEFAULT_RETENTION_MONTHS)),
              show_default=f"$FEEDBACK_RETENTION_MONTHS or {DEFAULT_RETENTION_MONTHS}",
              help="Erase words this many months after an item reaches a final status.")
@click.option("--dry-run/--apply", default=True, help="List what would be erased (default), or erase it.")
@pass_runtime
def retention_command(runtime: Runtime, months: int, dry_run: bool) -> None:
    """Erase the words of items closed for longer than the retention period."""
    projector = runtime.projector
    projector.catch_up()
    due = list(runtime.services.privacy.retention_candidates(projector.views, months))
    verb = "would erase" if dry_run else "erasing"
    click.echo(f"Retention {months} months: {verb} the words of {len(due)} items.")
    for candidate in due:
        closed = times.city_date(candidate.closed_at, runtime.app.clock.zone)  # the city's day it closed
        click.echo(f"  {candidate.ref}  {candidate.status:<12} closed {closed}")
        if not dry_run:
            runtime.services.privacy.erase(runtime.app.get_by_ref(candidate.ref), Actor(kind="system"), f"retention: {months} months after closing")
    if not dry_run and due:
        projector.catch_up()
