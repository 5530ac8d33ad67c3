"""The library's private methods we override: still there, still called where we rely on it, on a tested release.

A failure here after upgrading eventsourcing means: read the override named in
the message against the new library (feedback/persistence/overrides.py, and
docs/persistence.md for why each exists) before widening TESTED_EVENTSOURCING.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import traceback
from collections.abc import Callable, Iterator
from importlib.metadata import version
from typing import Any

import pytest
from click.testing import CliRunner
from eventsourcing.domain import BaseAggregate, CollectEventsProtocol, DomainEventProtocol
from eventsourcing.utils import resolve_topic

from domain.actors import Actor
from feedback import application
from feedback.application import FeedbackApp
from feedback.cli import main
from feedback.config import SEALED_FACTORIES
from feedback.errors import ConfigError, Conflict
from feedback.persistence import overrides
from feedback.persistence.overrides import (
    CALLED,
    DB_FUNCTIONS_REFUSED,
    OVERRIDES,
    SEALED_RECORDERS,
    TESTED_EVENTSOURCING,
    Called,
    Override,
)
from feedback.tables import events_table_of
from tests.conftest import IN_SCHEMA, STORES, TEST_MASTER_KEY, settings_for
from tests.support.sealcheck import check_app

POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
OURS = ("domain", "feedback", "projections", "web")
RECORDERS = [
    "feedback.recorders:SealedSQLiteApplicationRecorder",
    "feedback.recorders:SealedPOPOApplicationRecorder",
    "feedback.pg:SealedPostgresApplicationRecorder",
    "feedback.transcodings:DomainTranscoder",
]


def release(text: str) -> tuple[int, ...]:
    """Return the numeric release of a version string (``9.5.6`` -> ``(9, 5, 6)``)."""
    numbers = []
    for part in text.split("."):
        digits = "".join(ch for ch in part if ch.isdigit()) if part[:1].isdigit() else ""
        if not digits:
            break
        numbers.append(int(digits))
    return tuple(numbers)


def named(override: Override) -> str:
    return f"{override.base.rpartition(':')[2]}.{override.method}"


def test_the_installed_eventsourcing_is_a_release_the_overrides_were_tested_with() -> None:
    installed = version("eventsourcing")
    lowest, untested = TESTED_EVENTSOURCING
    assert release(lowest) <= release(installed) < release(untested), (
        f"eventsourcing {installed} is outside the releases the persistence overrides were tested with "
        f"(>={lowest},<{untested}): check each override in feedback/persistence/overrides.py against it, "
        "run tests/integration/test_persistence_contract.py on every store, then widen TESTED_EVENTSOURCING"
    )


@pytest.mark.parametrize("override", OVERRIDES, ids=named)
def test_each_overridden_private_method_still_takes_what_we_pass_it(override: Override) -> None:
    base = resolve_topic(override.base)
    method = getattr(base, override.method, None)
    assert callable(method), f"{override.base} no longer has {override.method}: the override in {override.hook} is dead"
    parameters = inspect.signature(method).parameters.values()
    assert tuple(p.name for p in parameters if p.kind in POSITIONAL) == override.parameters, (
        f"{override.base}.{override.method} now takes {inspect.signature(method)}"
    )
    hooked = inspect.signature(getattr(override.hook, override.method)).parameters.values()
    assert len([p for p in hooked if p.kind in POSITIONAL]) == len(override.parameters)
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in hooked):  # we pass the library's keywords through
        assert any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters), (
            f"{override.base}.{override.method} no longer takes keyword arguments"
        )


@pytest.mark.parametrize("called", CALLED, ids=lambda c: c.method)
def test_each_private_method_our_save_calls_still_takes_what_we_pass_it(called: Called) -> None:
    method = getattr(resolve_topic(called.base), called.method, None)

    assert callable(method), f"{called.base} no longer has {called.method}: save_collected must follow the library"
    parameters = inspect.signature(method).parameters.values()
    assert tuple(p.name for p in parameters if p.kind in POSITIONAL) == called.parameters


def test_the_librarys_save_still_calls_just_what_our_save_calls_in_its_place() -> None:
    source = inspect.getsource(resolve_topic("eventsourcing.application:Application").save)

    assert [c.method for c in CALLED if f"self.{c.method}(" in source] == [c.method for c in CALLED]
    assert source.count("self.") == len(CALLED) + 1  # and notify(), the public one


def test_what_our_save_collects_itself_the_librarys_own_checks_would_collect_the_same_way(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    saved: list[Any] = []
    collect = application.save_collected
    monkeypatch.setattr(application, "save_collected", lambda app, objs, kwargs: (saved.extend(objs),
                                                                                  collect(app, objs, kwargs))[1])
    app = FeedbackApp(settings_for("memory://"))
    app.submit(channel="web", category="spaces", age_band="9-11", text="我需要帮助", needs_help=True)
    app.close()

    assert {type(o).__name__ for o in saved} == {"Suggestion", "Reference", "SafeguardingCase"}
    for obj in saved:  # the library asks these of each object: an aggregate is never an event, and collects
        assert isinstance(obj, BaseAggregate)
        assert not isinstance(obj, DomainEventProtocol)
        assert isinstance(obj, CollectEventsProtocol)


@pytest.mark.parametrize("scheme", SEALED_FACTORIES)
def test_each_store_is_configured_with_a_factory_whose_application_recorder_seals(scheme: str) -> None:
    made = resolve_topic(SEALED_FACTORIES[scheme]).application_recorder_class

    assert issubclass(made, SEALED_RECORDERS)
    assert f"{made.__module__}:{made.__qualname__}" in RECORDERS


@pytest.mark.parametrize("topic", RECORDERS)
def test_each_class_we_configure_runs_our_hook_before_the_librarys_method(topic: str) -> None:
    cls = resolve_topic(topic)
    hooks = [o for o in OVERRIDES if issubclass(cls, resolve_topic(o.base))]

    assert len(hooks) == 1
    assert getattr(cls, hooks[0].method) is hooks[0].hook.__dict__[hooks[0].method]


def library_private_overrides() -> Iterator[tuple[str, str]]:
    """Yield ``(module:Class, method)`` for each class of ours that defines a private method of a library class.

    Found through the classes that inherit from the library, so a mixin that
    supplies the method counts too.
    """
    for cls in our_classes():
        mro = cls.__mro__
        for at, base in enumerate(mro):
            if not base.__module__.startswith("eventsourcing"):
                continue
            for name in vars(base):
                if name.startswith("_") and not name.startswith("__") and callable(vars(base)[name]):
                    owner = next(c for c in mro if name in vars(c))
                    if mro.index(owner) < at and owner.__module__.split(".")[0] in OURS:
                        yield f"{owner.__module__}:{owner.__qualname__}", name


def our_classes() -> Iterator[type]:
    for package in OURS:
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, f"{package}."):
            module = importlib.import_module(info.name)
            yield from (c for c in vars(module).values() if inspect.isclass(c) and c.__module__ == info.name)


def test_every_override_of_a_private_library_method_is_in_the_overrides_module_and_listed() -> None:
    listed = {(f"{o.hook.__module__}:{o.hook.__qualname__}", o.method) for o in OVERRIDES}

    assert set(library_private_overrides()) == listed


# -- on a real insert, on every store ----------------------------------------------------------


@pytest.fixture
def spied(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[list[str]]]:
    """Record, for each hook, the call stack (function names) of each call, before any app is built."""
    calls: dict[str, list[list[str]]] = {}
    for override in OVERRIDES:
        calls[override.method] = []
        monkeypatch.setattr(override.hook, override.method, spy(override.hook.__dict__[override.method],
                                                                calls[override.method]))
    return calls


def spy(method: Callable[..., Any], calls: list[list[str]]) -> Callable[..., Any]:
    def recording(*args: Any, **kwargs: Any) -> Any:
        calls.append([frame.name for frame in traceback.extract_stack()])
        return method(*args, **kwargs)

    return recording


@pytest.fixture
def app(store_url: str, spied: Any) -> Iterator[FeedbackApp]:
    application = FeedbackApp(settings_for(store_url))
    yield application
    application.close()


def submit(app: FeedbackApp, words: str = "更多的秋千") -> Any:
    return app.submit(channel="web", category="spaces", age_band="9-11", text=words)


def test_the_library_calls_each_hook_from_the_public_path_on_a_real_insert(app: FeedbackApp, spied: Any) -> None:
    code = submit(app).code
    assert app.get_suggestion(code).text.text == "更多的秋千"
    at_work = [o for o in OVERRIDES if isinstance(app.recorder, resolve_topic(o.base))
               or isinstance(app.mapper.transcoder, resolve_topic(o.base))]

    assert len(at_work) == 2  # this store's recorder, and the transcoder
    for override in at_work:
        assert spied[override.method], f"{named(override)} was not called"
        assert all(override.called_from in stack for stack in spied[override.method]), (
            f"{named(override)} is no longer called from {override.called_from}"
        )


@pytest.mark.parametrize("store_url", [*STORES, IN_SCHEMA], indirect=True)
def test_the_seal_covers_every_event_the_insert_recorded(app: FeedbackApp) -> None:
    submit(app)
    submit(app, "另一个想法")
    head = app.recorder.chain_head()  # type: ignore[attr-defined]

    assert head is not None and head[0] == app.recorder.max_notification_id()
    assert [row[0] for row in app.recorder.select_chain(1, 100)] == list(  # type: ignore[attr-defined]
        range(1, head[0] + 1)
    )
    assert check_app(app) == head[0]  # read from the store itself: one link per event, each key kept


class DuplicateKeys:
    """New keys that the database refuses (one owner twice), as a failing write inside the insert."""

    def take_pending(self) -> list[tuple[str, bytes]]:
        return [("ab" * 16, b"wrapped"), ("ab" * 16, b"wrapped")]


class BrokenKeys:
    """New keys that cannot even be handed over: an error in our own code inside the insert."""

    def take_pending(self) -> list[tuple[str, bytes]]:
        raise RuntimeError("the keys could not be handed over")


def recorded(app: FeedbackApp) -> tuple[Any, Any]:
    return app.recorder.max_notification_id(), app.recorder.chain_head()  # type: ignore[attr-defined]


TAKE_KEYS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres), IN_SCHEMA]  # keys go with the events


@pytest.mark.parametrize("store_url", TAKE_KEYS, indirect=True)
def test_events_are_not_recorded_when_the_database_refuses_their_keys(app: FeedbackApp) -> None:
    submit(app)
    before = recorded(app)
    app.recorder.keys = DuplicateKeys()  # type: ignore[attr-defined]

    with pytest.raises(Conflict):  # each new tracking code fails the same way, and the app gives up
        submit(app, "不会被记录")

    assert recorded(app) == before


@pytest.mark.parametrize("store_url", TAKE_KEYS, indirect=True)
def test_events_are_not_recorded_when_our_hook_fails_inside_the_insert(app: FeedbackApp) -> None:
    submit(app)
    before = recorded(app)
    app.recorder.keys = BrokenKeys()  # type: ignore[attr-defined]

    with pytest.raises(RuntimeError, match="handed over"):
        submit(app, "不会被记录")

    assert recorded(app) == before
    assert check_app(app) == before[0]


def broken_digest(*args: Any) -> bytes:
    raise RuntimeError("the digest failed")


@pytest.mark.parametrize("store_url", [*STORES, IN_SCHEMA], indirect=True)
def test_events_are_not_recorded_when_their_digest_fails(app: FeedbackApp, monkeypatch: pytest.MonkeyPatch) -> None:
    code = submit(app).code
    before = recorded(app)
    monkeypatch.setattr(overrides, "event_digest", broken_digest)

    with pytest.raises(RuntimeError, match="digest failed"):
        submit(app, "不会被记录")
    with pytest.raises(RuntimeError, match="digest failed"):
        app.accept(code, Actor.staff("mona"))

    monkeypatch.undo()
    assert recorded(app) == before
    assert app.get_suggestion(code).status.value == "submitted"
    assert check_app(app) == before[0]


# -- configurations on which the library would store events without calling any hook ------------


@pytest.mark.postgres
def test_the_librarys_database_functions_are_refused_in_one_line_before_anything_is_written(
    pg_server: Any, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import psycopg

    url = pg_server.create_database()
    monkeypatch.setenv("POSTGRES_ENABLE_DB_FUNCTIONS", "y")

    with pytest.raises(ConfigError, match="POSTGRES_ENABLE_DB_FUNCTIONS"):
        FeedbackApp(settings_for(url))
    result = CliRunner().invoke(main, ["--db", url, "init"], env={"FEEDBACK_MASTER_KEY": TEST_MASTER_KEY})

    assert result.exit_code != 0 and "Traceback" not in result.output
    assert result.stderr.strip().splitlines() == [f"Error: {DB_FUNCTIONS_REFUSED}"]
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
                            ).fetchone() == (0,)


@pytest.mark.parametrize("variable, value", [
    ("PERSISTENCE_MODULE", "eventsourcing.sqlite"),
    ("APPLICATION_RECORDER_TOPIC", "eventsourcing.sqlite:SQLiteApplicationRecorder"),
])
def test_an_unsealed_factory_or_recorder_named_in_the_environment_is_refused(
    variable: str, value: str, tmp_path: Any, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(f"{FeedbackApp.name.upper()}_{variable}", value)  # the library reads it before ours

    with pytest.raises(ConfigError, match="not this store's sealed one|does not seal events"):
        FeedbackApp(settings_for(f"sqlite:///{tmp_path}/feedback.sqlite"))


@pytest.mark.postgres
def test_the_side_tables_know_the_events_table_the_library_makes(pg_server: Any) -> None:
    app = FeedbackApp(settings_for(pg_server.create_database()))
    try:
        assert events_table_of(app.name) == app.recorder.events_table_name  # type: ignore[attr-defined]
    finally:
        app.close()


def test_the_overrides_module_names_the_tested_releases_in_one_place() -> None:
    assert [name for name in vars(overrides) if "EVENTSOURCING" in name] == ["TESTED_EVENTSOURCING"]
