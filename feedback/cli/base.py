"""The ``feedback`` command group: one store per invocation, one-line errors."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from eventsourcing.persistence import InfrastructureFactoryError, PersistenceError

from feedback.application import FeedbackApp
from feedback.bootstrap import Services, bootstrap
from feedback.config import DEFAULT_DATABASE_URL, DEFAULT_SCHEMA, ConfigError, Settings, StoreURL
from feedback.errors import FeedbackError

# click < 8.2 shows the help for a bare group without raising.
NO_ARGS_IS_HELP: Any = getattr(click.exceptions, "NoArgsIsHelpError", ())


class Runtime:
    """What the commands of one invocation share: the store URL and, once needed, the application."""

    def __init__(self, database_url: str | None) -> None:
        self.database_url = database_url
        self._settings: Settings | None = None
        self._services: Services | None = None
        self._projector: Any = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = Settings.from_environ(self.database_url)
        return self._settings

    @property
    def services(self) -> Services:
        """Build the services on first use (never at import time)."""
        if self._services is None:
            self._services = open_services(self.settings)
        return self._services

    @property
    def app(self) -> FeedbackApp:
        """Return the application over the store (the suggestions service)."""
        return self.services.suggestions

    @property
    def projector(self) -> Any:
        """Return the read models over the store, built on first use and closed with the runtime."""
        if self._projector is None:
            from projections import build_projector  # the CLI is an interface: it may reach the read side

            self._projector = build_projector(self.app)
        return self._projector

    @property
    def where(self) -> str:
        return describe(self.settings.store)

    def close(self) -> None:
        if self._projector is not None:
            self._projector.views.close()
            self._projector = None
        if self._services is not None:
            self._services.close()
            self._services = None


def open_services(settings: Settings) -> Services:
    """Return the services on the configured store, or a one-line reason why not."""
    try:
        return bootstrap(settings)
    except InfrastructureFactoryError as error:
        missing = root_cause(error)
        if isinstance(missing, ImportError):
            raise click.ClickException(
                f"the driver for {describe(settings.store)} is not installed ({missing.name}): "
                "pip install 'one-meter-voice[postgres]'"
            ) from error
        raise click.ClickException(f"cannot open {describe(settings.store)}: {missing}") from error
    except (OSError, PersistenceError) as error:
        raise click.ClickException(f"cannot open {describe(settings.store)}: {error}") from error


def root_cause(error: BaseException) -> BaseException:
    while error.__cause__ is not None:
        error = error.__cause__
    return error


def describe(store: StoreURL) -> str:
    """Say in words where the store is."""
    if store.scheme == "memory":
        return "an in-memory store (it is gone when the command ends)"
    if store.scheme == "sqlite":
        return f"the SQLite file {Path(store.path).resolve()}"
    schema = "" if store.schema == DEFAULT_SCHEMA else f", schema {store.schema}"
    return f"the PostgreSQL database {store.dbname!r} on {store.host}:{store.port}{schema}"


def one_line(message: str) -> str:
    return " ".join(message.split())


class OneLineErrors(click.Group):
    """A command group whose user errors are one line on stderr and a non-zero exit."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (FeedbackError, ConfigError) as error:
            raise click.ClickException(str(error)) from error
        except PersistenceError as error:
            raise click.ClickException(f"the store failed: {error}") from error

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        group: Any = super()  # click types main() by the literal value of standalone_mode
        if not standalone_mode:
            return group.main(*args, standalone_mode=False, **kwargs)
        try:
            result = group.main(*args, standalone_mode=False, **kwargs)
        except NO_ARGS_IS_HELP as error:
            error.show()
            sys.exit(error.exit_code)
        except click.ClickException as error:
            click.echo(f"Error: {one_line(error.format_message())}", err=True)
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


pass_runtime = click.make_pass_decorator(Runtime)


@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "database_url",
    metavar="URL",
    help=(
        "The store: memory://, sqlite:///PATH or postgresql://USER@HOST/DB "
        f"[default: $FEEDBACK_DATABASE_URL, else {DEFAULT_DATABASE_URL}]"
    ),
)
@click.pass_context
def main(ctx: click.Context, database_url: str | None) -> None:
    """One-Meter Voice: children's ideas, and what the grown-ups did with them."""
    runtime = Runtime(database_url)
    ctx.obj = runtime
    ctx.call_on_close(runtime.close)
