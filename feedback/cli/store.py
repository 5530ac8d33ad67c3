"""``feedback store copy``: move the embedded store into PostgreSQL."""

from __future__ import annotations

import os
import sys
from dataclasses import replace

import click

from feedback.cli.base import Runtime, describe, main, open_services, pass_runtime
from feedback.config import Settings


@main.group()
def store() -> None:
    """Move the store to another database."""


@store.command("copy")
@click.option("--to", "target_url", required=True, metavar="URL",
              help="An empty PostgreSQL database: postgresql://USER@HOST/DB")
@pass_runtime
def copy_command(runtime: Runtime, target_url: str) -> None:
    """Copy every event, its seal, the content keys and the staff credentials into PostgreSQL.

    The target's master key comes from FEEDBACK_TARGET_MASTER_KEY (else FEEDBACK_MASTER_KEY);
    the source opens with its own (the embedded store's key file, unless FEEDBACK_MASTER_KEY is set).
    """
    from feedback.storecopy import copy_store

    key = os.environ.get("FEEDBACK_TARGET_MASTER_KEY") or os.environ.get("FEEDBACK_MASTER_KEY", "")
    target = open_services(replace(Settings.from_environ(target_url), master_key=key)).suggestions
    try:
        total = runtime.app.recorder.max_notification_id() or 0
        click.echo(f"Copying {total} events from {runtime.where} to {describe(target.settings.store)} ...")
        with click.progressbar(length=max(total, 1), label="Copying", file=sys.stderr) as bar:
            report = copy_store(runtime.app, target, bar.update)
    finally:
        target.close()
    click.echo(f"Copied {report.events} events with their seal, {report.keys} content keys and "
               f"{report.credentials} credentials.")
    click.echo(f"Next: feedback --db {target_url} audit verify   (the head must match this store's)")
    click.echo(f"      feedback --db {target_url} projections rebuild")
