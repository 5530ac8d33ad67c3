"""Commands to set up and run the platform: init, demo, serve, users."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

import click

from domain.values import Channel, Role, VenueKind
from feedback.application import FeedbackApp
from feedback.cli.base import Runtime, main, pass_runtime
from feedback.demo import DEFAULT_SUGGESTIONS, DemoSummary, load_demo
from feedback.errors import ActionRefused, NotFound

ROLES = [role.value for role in Role]


@main.command()
@pass_runtime
def init(runtime: Runtime) -> None:
    """Create or upgrade the store's tables (events, seal, keys, credentials, read models) and say where it is.

    Opening the store applies its pending schema migrations; this says which.
    Run it once before starting several web workers on a new PostgreSQL
    database, and after each upgrade of the code: it is safe to run again.
    """

    tables = runtime.app.tables
    if tables.adopted:
        click.echo(f"Moved {len(tables.adopted)} tables from schema public into {tables.schema}, where the "
                   f"events are (made before issue 15): {', '.join(tables.adopted)}.")
    for migration in tables.migrations_applied:
        click.echo(f"Applied migration {migration}.")
    if not tables.migrations_applied:
        click.echo("No migration to apply.")
    _ = runtime.projector  # building it creates the read models' tables
    events = runtime.app.recorder.max_notification_id() or 0
    click.echo(f"The store is ready: {runtime.where}, at schema version {tables.schema_version()}, "
               f"holding {events} events.")


# -- demo ----------------------------------------------------------------------


@main.command()
@click.option("--seed", type=int, help="Make the demo content repeatable.")
@click.option(
    "--suggestions",
    type=click.IntRange(min=0),
    default=DEFAULT_SUGGESTIONS,
    show_default=True,
    help="How many children's ideas to file (tens of thousands for benchmarks).",
)
@click.option("--quiet", is_flag=True, help="Show no progress bar.")
@pass_runtime
def demo(runtime: Runtime, seed: int | None, suggestions: int, quiet: bool) -> None:
    """Load demo data built from the programme's facts (safe to run again)."""
    if not quiet:
        click.echo(f"Loading places, topics and staff into {runtime.where} ...")
    try:
        with progress_bar(suggestions, quiet) as tick:
            summary = load_demo(runtime.services, seed=seed, suggestions=suggestions, progress=tick)
    except ActionRefused as refused:
        raise click.ClickException(f"the demo's year needs a new, empty store: {refused}") from refused
    echo_summary(summary)
    echo_logins(summary)


@contextmanager
def progress_bar(length: int, quiet: bool) -> Iterator[Callable[[int], None] | None]:
    """Yield a progress callback whose bar appears only once ideas are being filed."""
    if quiet:
        yield None
        return
    with ExitStack() as stack:
        bar: Any = None

        def tick(done: int) -> None:
            nonlocal bar
            if bar is None:
                bar = stack.enter_context(click.progressbar(length=length, label="Filing children's ideas"))
            bar.update(done)

        yield tick


KIND_WORDS = {
    VenueKind.BODY: "responsible bodies",
    VenueKind.HOSPITAL: "hospitals",
    VenueKind.PARK: "parks",
    VenueKind.COMMUNITY: "communities",
    VenueKind.MESSAGE_BOARD: "message boards",
    VenueKind.READING_SPACE: "reading spaces",
    VenueKind.PLAYGROUND: "playgrounds",
    VenueKind.SCHOOL: "schools",
    VenueKind.OBSERVATION_GROUP: "observation groups",
}


CHANNEL_WORDS = {
    Channel.WEB: "on the web",
    Channel.MESSAGE_BOARD: "from message boards",
    Channel.OBSERVATION_GROUP: "from observation groups",
    Channel.HOSPITAL_REVIEW: "hospital reviews",
}


def tally(counts: Any, names: dict[Any, str] | None = None, words: str = "{n} {name}") -> str:
    """Return ``12 answered, 3 declined`` style words for a counter of enums."""
    names = names or {}
    return ", ".join(
        words.format(n=n, name=names.get(key, key.value.replace("_", " "))) for key, n in counts.most_common()
    )


def echo_summary(summary: DemoSummary) -> None:
    click.echo(f"Places: {sum(summary.venues.values())} ({tally(summary.venues, KIND_WORDS)})")
    click.echo(f"Two Sessions topics: {summary.topics}")
    if summary.existing:
        click.echo(f"Children's ideas: the store already has {summary.existing}, so none were added.")
    elif not summary.added:
        click.echo("Children's ideas: none filed.")
    else:
        click.echo(f"Children's ideas: {summary.added} added ({tally(summary.statuses)})")
        click.echo(f"  by channel: {tally(summary.channels, CHANNEL_WORDS)}")
        click.echo(f"  by area: {tally(summary.categories)}")
        click.echo(f"  by age: {tally(summary.age_bands, words='{n} aged {name}')}")
        if summary.year:
            first, last = summary.year
            click.echo(f"  written as a programme year, in time order: {first:%Y-%m-%d} to {last:%Y-%m-%d}")


def echo_logins(summary: DemoSummary) -> None:
    width = max(len(login.username) for login in summary.logins)
    click.echo("")
    click.echo("Demo staff logins (demo passwords: never use them for real):")
    for login in summary.logins:
        answers_for = f"  answers for {login.body}" if login.body else ""
        line = f"  {login.username:<{width}}  {login.role.value:<12}  {login.password:<18}{answers_for}"
        click.echo(line.rstrip())
    click.echo("")
    click.echo("API tokens (send as 'Authorization: Bearer TOKEN'):")
    for login in summary.logins:
        click.echo(f"  {login.username:<{width}}  {login.token}")


# -- serve ---------------------------------------------------------------------------


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=5000, show_default=True)
@click.option("--threads", type=click.IntRange(min=1), default=8, show_default=True, help="Threads per worker.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes (SQLite or PostgreSQL; an in-memory store serves from one).")
@pass_runtime
def serve(runtime: Runtime, host: str, port: int, threads: int, workers: int) -> None:
    """Serve the site and the API with waitress, a production WSGI server."""
    shown = f"[{host}]" if ":" in host else host
    if workers > 1 and runtime.settings.store.scheme == "memory":
        click.echo("An in-memory store lives in one process: serving with one worker.")
        workers = 1
    if workers > 1:
        serve_workers(runtime, host, port, threads, workers)
        return
    import waitress

    from web import create_app

    # The embedded store cannot push: serve keeps the projections caught up itself.
    site = create_app({"FEEDBACK_SERVICES": runtime.services, "FEEDBACK_POLL_PROJECTIONS": True})
    click.echo(f"One-Meter Voice on http://{shown}:{port}/ from {runtime.where} (Ctrl+C stops it)")
    try:
        waitress.serve(site, host=host, port=port, threads=threads)
    except KeyboardInterrupt:
        click.echo("Stopped.")
    except OSError as error:
        raise click.ClickException(f"cannot listen on {shown}:{port}: {error.strerror or error}") from error
    finally:
        site.extensions["poller"].stop()


def serve_workers(runtime: Runtime, host: str, port: int, threads: int, workers: int) -> None:
    """Fork ``workers`` waitress processes on one socket; this process keeps the read models caught up."""
    import signal

    from feedback.cli.serving import Supervisor, listening_socket
    from projections import Poller

    shown = f"[{host}]" if ":" in host else host
    _ = runtime.projector  # open the store once first: tables, migrations and the key file exist before the fork
    where = runtime.where
    runtime.close()  # no connection may cross the fork
    try:
        sock = listening_socket(host, port)
    except OSError as error:
        raise click.ClickException(f"cannot listen on {shown}:{port}: {error.strerror or error}") from error
    supervisor = Supervisor(sock, runtime.settings, threads, workers)
    supervisor.start()
    sock.close()  # the workers hold it
    signal.signal(signal.SIGTERM, supervisor.stop)

    def start_poller() -> Poller:
        poller = Poller(runtime.projector)
        poller.start()
        return poller

    click.echo(f"One-Meter Voice on http://{shown}:{port}/ from {where}, {workers} worker processes "
               "(Ctrl+C stops it)")
    try:
        supervisor.watch(start_poller)
    except KeyboardInterrupt:
        supervisor.stop()
        supervisor.watch(start_poller)
        click.echo("Stopped.")


# -- users ----------------------------------------------------------------------------


@main.group()
def users() -> None:
    """Manage staff accounts."""


@users.command("add")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(ROLES, case_sensitive=False), help="The role to grant.")
@click.option("--body", metavar="VENUE", help="For an official: the slug or id of the body or hospital they answer for.")
@click.option("--password", help="Set the password for the staff pages.")
@pass_runtime
def add_user(runtime: Runtime, name: str, role: str, body: str | None, password: str | None) -> None:
    """Register a staff member (or grant another role) and print a new API token on the last line."""
    granted = Role(role.lower())
    if granted is Role.OFFICIAL and not body:
        raise click.UsageError("an official answers for a responsible body: give --body VENUE")
    venue = find_body(runtime.app, body) if body else None
    accounts = runtime.services.accounts
    member, token = accounts.add_staff(name, granted, str(venue.id) if venue else None)
    if password:
        accounts.set_password(member.username, password)
    roles = ", ".join(sorted(r.value for r in member.roles))
    click.echo(f"{member.username} now has the roles: {roles}" + (f" (answers for {venue.name})" if venue else ""))
    if password:
        click.echo("Password set.")
    click.echo(token)


def find_body(app: FeedbackApp, key: str) -> Any:
    try:
        return app.get_venue(key)
    except NotFound:
        raise click.ClickException(
            f"there is no venue {key!r}: give the slug or id of a responsible body or hospital"
        ) from None
