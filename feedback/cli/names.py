"""``feedback rename``: give a place, a topic or a district its name in any of the three languages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from domain.actors import Actor
from domain.names import LANGUAGES
from feedback.cli.base import Runtime, main, pass_runtime

SYSTEM = Actor(kind="system")


def name_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--zh-hans``, ``--zh-hant`` and ``--en``: the new name in each language (the others keep theirs)."""
    for tag in reversed(LANGUAGES):
        command = click.option(f"--{tag.lower()}", tag.replace("-", "_").lower(), metavar="NAME",
                               help=f"The new name in {tag}.")(command)
    return command


def given(**options: str | None) -> dict[str, str]:
    """Return the names given on the command line, by language tag; refuse none at all."""
    names = {tag: options[tag.replace("-", "_").lower()] or "" for tag in LANGUAGES}
    names = {tag: name for tag, name in names.items() if name.strip()}
    if not names:
        raise click.UsageError("give at least one of --zh-hans, --zh-hant, --en")
    return names


def echo_names(what: str, names: dict[str, str]) -> None:
    click.echo(f"{what} is now named: " + "; ".join(f"{tag} {names[tag]}" for tag in LANGUAGES if tag in names))


@main.group()
def rename() -> None:
    """Rename a place, a topic or a district in Simplified Chinese, Traditional Chinese or English (an event)."""


@rename.command("venue")
@click.argument("venue")
@name_options
@pass_runtime
def rename_venue(runtime: Runtime, venue: str, **options: str | None) -> None:
    """Rename a venue (slug or id); each rename is recorded as an event."""
    renamed = runtime.services.places.rename_venue(venue, given(**options), SYSTEM)
    echo_names(renamed.slug, renamed.names)


@rename.command("topic")
@click.argument("topic")
@name_options
@pass_runtime
def rename_topic(runtime: Runtime, topic: str, **options: str | None) -> None:
    """Rename a Two Sessions topic (slug or id); each rename is recorded as an event."""
    renamed = runtime.services.places.rename_topic(topic, given(**options), SYSTEM)
    echo_names(renamed.slug, renamed.names)


@rename.command("district")
@click.argument("district")
@name_options
@pass_runtime
def rename_district(runtime: Runtime, district: str, **options: str | None) -> None:
    """Rename a district (its key, e.g. Huaqiao) on every venue in it."""
    venues = runtime.services.places.rename_district(district, given(**options), SYSTEM)
    echo_names(f"{district} ({len(venues)} places)", venues[0].district_names)
