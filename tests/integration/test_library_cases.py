"""The eventsourcing library's own test cases, unchanged, on our sealed recorders and factories, on every store.

Each library test method runs as the library wrote it: ``unittest`` runs it in
a case class that only says how to make a recorder, a factory or an
environment, as the library's own test modules do. After each one, the store
it wrote to is read straight from the database and checked
(``tests/support/sealcheck.py``): positions in order (gap-free where the store
promises it), exactly one chain row per event, the links in order, a content
key for every child's words.

The stores are those the platform accepts: in memory, SQLite (a file), and
PostgreSQL (the default schema, and a schema of its own in a database without
``public``), plus SQLite in a shared in-memory database, where the library runs
its own concurrent cases. ``POSTGRES_ENABLE_DB_FUNCTIONS`` is refused, not run
(the last section). What does not apply, and why, is said once: :data:`NOT_APPLICABLE`.
"""

from __future__ import annotations

import gc
import sqlite3
import unittest
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import uuid4

import eventsourcing.tests.application as library_app
import eventsourcing.tests.persistence as library
import pytest
from eventsourcing.persistence import (
    ApplicationRecorder,
    InfrastructureFactory,
    JSONTranscoder,
    PersistenceError,
    StoredEvent,
    Transcoder,
    UUIDAsHex,
)
from eventsourcing.popo import POPOTrackingRecorder
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteTrackingRecorder
from eventsourcing.utils import Environment, resolve_topic

from feedback.application import FeedbackApp
from feedback.config import SEALED_FACTORIES, Settings, StoreURL
from feedback.errors import ConfigError
from feedback.persistence.overrides import DB_FUNCTIONS_REFUSED
from feedback.recorders import SealedPOPOFactory
from tests.conftest import SCHEMA
from tests.support.sealcheck import Held, check, read_memory, read_postgres, read_sqlite

# Where a library case does not apply to our store, and why: the one place that says so.
NOT_APPLICABLE = {
    "TranscoderTestCase.test_tuple": "JSON has no tuple: the library's JSONTranscoder, which ours extends, "
    "writes a tuple as a list and reads a list back (our events hold no tuples)",
    "TranscoderTestCase.test_mixed": "the same tuples, inside lists and dicts",
    "TranscoderTestCase.test_dict_subclass": "the JSONTranscoder writes a dict subclass as a plain dict",
    "TranscoderTestCase.test_list_subclass": "the JSONTranscoder writes a list subclass as a plain list",
    "TranscoderTestCase.test_str_subclass": "the JSONTranscoder writes a str subclass as a plain str "
    "(our str enums are coerced back by the aggregates that apply the events)",
    "TranscoderTestCase.test_int_subclass": "the JSONTranscoder writes an int subclass as a plain int",
    "ApplicationRecorderTestCase.optional_test_insert_subscribe on SQLite": "the library's SQLite recorder "
    "cannot subscribe (NotImplementedError); like the library, we run it in memory and on PostgreSQL",
    "the library's cases with text originator ids (WithTextOriginatorID in its own suite)": "our ids are "
    "always UUIDs (ORIGINATOR_ID_TYPE stays uuid); an id that is not one cannot be digested, and its whole "
    "batch is refused (test_an_event_whose_id_is_not_a_uuid_is_refused_whole)",
    "AggregateRecorderTestCase, TrackingRecorderTestCase, ProcessRecorderTestCase": "our factories make the "
    "library's own aggregate (snapshots), tracking and process recorders, unchanged: the log is recorded by "
    "the application recorder alone (the InfrastructureFactoryTestCase checks which class each one is)",
    "every case with POSTGRES_ENABLE_DB_FUNCTIONS=y": "that path inserts without calling any hook, so the "
    "store refuses it before it connects (test_a_datastore_with_database_functions_is_refused_every_way_in)",
}
LIBRARY_MODULES = {"memory": "eventsourcing.popo", "sqlite": "eventsourcing.sqlite", "postgresql": "eventsourcing.postgres"}
LIBRARY_PREFIXES = {"memory": "POPO", "sqlite": "SQLite", "postgresql": "Postgres"}


@dataclass
class Store:
    """One store for one test: the environment that selects it, and how to read back what it holds."""

    name: str
    scheme: str
    env: dict[str, str]
    read: Callable[[], list[Held]]
    gap_free: bool
    factories: list[InfrastructureFactory[Any]] = field(default_factory=list)

    def factory(self, name: str = "") -> InfrastructureFactory[Any]:
        made = InfrastructureFactory.construct(Environment(name, dict(self.env)))
        self.factories.append(made)
        return made

    def recorder(self) -> ApplicationRecorder:
        return self.factory().application_recorder()

    def library_class(self, kind: str) -> type:
        """The library's own ``kind`` recorder for this store (``Aggregate``, ``Tracking``, ``Process``)."""
        return resolve_topic(f"{LIBRARY_MODULES[self.scheme]}:{LIBRARY_PREFIXES[self.scheme]}{kind}Recorder")

    def check(self) -> int:
        """Check every log this store holds; return how many events were checked."""
        return sum(check(held, gap_free=self.gap_free) for held in self.read())


STORES = [
    "memory", "sqlite-file", "sqlite-memory",
    pytest.param("postgres", marks=pytest.mark.postgres),
    pytest.param("postgres-schema", marks=pytest.mark.postgres),
]


@pytest.fixture
def store(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """A fresh store of the kind named, with the library's environment variables set to select it."""
    made = _make(request.param, request, tmp_path, monkeypatch)
    for key, value in made.env.items():
        monkeypatch.setenv(key, value)  # the library's applications read os.environ
    yield made
    for factory in made.factories:
        factory.close()
    gc.collect()  # the library's applications close their pools when collected; some cases never close theirs


def _make(name: str, request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    if name == "memory":
        recorders: list[Any] = []
        making = SealedPOPOFactory.application_recorder

        def recording(self: SealedPOPOFactory) -> ApplicationRecorder:
            recorder = making(self)
            recorders.append(recorder)  # each in-memory recorder is a store: check each one made
            return recorder

        monkeypatch.setattr(SealedPOPOFactory, "application_recorder", recording)
        return Store(name, "memory", StoreURL.parse("memory://").eventsourcing_env(),
                     lambda: [read_memory(r) for r in recorders], gap_free=True)
    if name == "sqlite-file":
        url = StoreURL.parse(f"sqlite:///{tmp_path}/events.sqlite")
        return Store(name, "sqlite", url.eventsourcing_env(), lambda: [read_sqlite(url.path)], gap_free=True)
    if name == "sqlite-memory":
        uri = f"file:library-{uuid.uuid4().hex}?mode=memory&cache=shared"
        keeper = sqlite3.connect(uri, uri=True)  # the database lives while a connection to it is open
        request.addfinalizer(keeper.close)
        env = {"PERSISTENCE_MODULE": SEALED_FACTORIES["sqlite"], "SQLITE_DBNAME": uri}
        return Store(name, "sqlite", env, lambda: [read_sqlite(uri)], gap_free=True)
    server = request.getfixturevalue("pg_server")
    if name == "postgres-schema":
        monkeypatch.setenv("POSTGRES_SCHEMA", SCHEMA)
        url = server.create_schema_database(SCHEMA)
    else:
        url = server.create_database()
    parsed = StoreURL.parse(url)
    return Store(name, "postgresql", parsed.eventsourcing_env(), lambda: [read_postgres(url, parsed.schema)],
                 gap_free=False)  # a PostgreSQL sequence skips the numbers of rolled-back inserts


# -- the library's cases, each told only how to make what it tests ------------------------------------


class POPOTrackingSubclass(POPOTrackingRecorder):
    """A tracking recorder class the factory test names by its topic (as the library's own test does)."""


class SQLiteTrackingSubclass(SQLiteTrackingRecorder):
    """A tracking recorder class the factory test names by its topic (as the library's own test does)."""


class PostgresTrackingSubclass(PostgresTrackingRecorder):
    """A tracking recorder class the factory test names by its topic (as the library's own test does)."""


TRACKING_SUBCLASSES = {"memory": POPOTrackingSubclass, "sqlite": SQLiteTrackingSubclass,
                       "postgresql": PostgresTrackingSubclass}


class OurApplicationRecorder(library.ApplicationRecorderTestCase[ApplicationRecorder]):
    __test__ = False  # run below, one method at a time, with the check after it
    store: Store

    def create_recorder(self) -> ApplicationRecorder:
        return self.store.recorder()

    def test_insert_subscribe(self) -> None:  # the library opts its own in where the store can subscribe
        self.optional_test_insert_subscribe()


class OurNonInterleaving(library.NonInterleavingNotificationIDsBaseCase):
    __test__ = False
    store: Store

    def create_recorder(self) -> ApplicationRecorder:
        return self.store.recorder()


class OurFactory(library.InfrastructureFactoryTestCase[InfrastructureFactory[Any]]):
    __test__ = False
    store: Store

    def setUp(self) -> None:
        self.env = Environment("TestCase", dict(self.store.env))
        super().setUp()

    def expected_factory_class(self) -> Any:
        return resolve_topic(SEALED_FACTORIES[self.store.scheme])

    def expected_application_recorder_class(self) -> Any:
        return self.expected_factory_class().application_recorder_class

    def expected_aggregate_recorder_class(self) -> Any:
        return self.store.library_class("Aggregate")

    def expected_tracking_recorder_class(self) -> Any:
        return self.store.library_class("Tracking")

    def tracking_recorder_subclass(self) -> Any:
        return TRACKING_SUBCLASSES[self.store.scheme]

    def expected_process_recorder_class(self) -> Any:
        return self.store.library_class("Process")


class OurApplication(library_app.ApplicationTestCase):
    __test__ = False
    store: Store


class OurExampleApplication(library_app.ExampleApplicationTestCase):
    __test__ = False
    store: Store


def names(cls: type[unittest.TestCase]) -> list[str]:
    return list(unittest.TestLoader().getTestCaseNames(cls))


STORE_CASES = [(cls, name) for cls in (OurApplicationRecorder, OurNonInterleaving, OurFactory, OurApplication,
                                       OurExampleApplication) for name in names(cls)]
SUBSCRIBING = {"memory", "postgres", "postgres-schema"}


def library_name(cls: type) -> str:
    return next(base.__name__ for base in cls.__mro__ if base.__module__.startswith("eventsourcing.tests"))


def store_cases() -> list[Any]:
    """Every library case on every store (the subscription where the store can subscribe: NOT_APPLICABLE)."""
    cases = []
    for param in STORES:
        name, marks = (param, ()) if isinstance(param, str) else (param.values[0], param.marks)
        cases += [pytest.param(name, cls, method, marks=marks, id=f"{name}-{library_name(cls)}.{method}")
                  for cls, method in STORE_CASES if method != "test_insert_subscribe" or name in SUBSCRIBING]
    return cases


def run_case(case: unittest.TestCase) -> None:
    """Run one library test method with unittest; fail with its traceback if it did not pass."""
    result = unittest.TestResult()
    case.run(result)
    problems = [text for _, text in (*result.errors, *result.failures)]
    assert not problems, "\n".join(problems)
    assert result.testsRun == 1 and not result.skipped and not result.unexpectedSuccesses


@pytest.mark.parametrize("store, case_class, method", store_cases(), indirect=["store"])
def test_the_librarys_case_passes_on_our_store_and_leaves_every_event_sealed_once_in_order(
    store: Store, case_class: Any, method: str,
) -> None:
    case = case_class(method)
    case.store = store
    case.expected_factory_topic = SEALED_FACTORIES[store.scheme]  # what ExampleApplicationTestCase asks for

    run_case(case)

    store.check()


# -- the transcoder ---------------------------------------------------------------------------------


def register_custom_types(transcoder: JSONTranscoder) -> JSONTranscoder:
    """Register the library's test types, as its own transcoder test does."""
    transcoder.register(library.CustomType1AsDict())
    transcoder.register(library.CustomType2AsDict())
    return transcoder


class OurTranscoder(library.TranscoderTestCase):
    """The transcoder our application builds (domain transcodings, the children's words' encryption)."""

    __test__ = False

    def construct_transcoder(self) -> Transcoder:
        app = FeedbackApp(Settings(database_url="memory://"))
        self.addCleanup(app.close)
        transcoder = app.mapper.transcoder
        assert isinstance(transcoder, JSONTranscoder)
        return register_custom_types(transcoder)


class LibraryTranscoder(library.TranscoderTestCase):
    """The library's own JSON transcoder, set up as the library's own test sets it up."""

    __test__ = False

    def construct_transcoder(self) -> Transcoder:
        transcoder = JSONTranscoder()
        transcoder.register(UUIDAsHex())
        return register_custom_types(transcoder)


TRANSCODER_NOT_APPLICABLE = [key.partition(".")[2] for key in NOT_APPLICABLE if key.startswith("TranscoderTestCase.")]


@pytest.mark.parametrize("method", [name for name in names(OurTranscoder) if name not in TRANSCODER_NOT_APPLICABLE])
def test_the_librarys_transcoder_case_passes_on_our_transcoder(method: str) -> None:
    run_case(OurTranscoder(method))


def failure(case: unittest.TestCase) -> str:
    """Return the last line of the assertion a library case fails with ("" when it passes)."""
    result = unittest.TestResult()
    case.run(result)
    assert not result.errors, result.errors
    return result.failures[0][1].strip().splitlines()[-1] if result.failures else ""


@pytest.mark.parametrize("method", TRANSCODER_NOT_APPLICABLE)
def test_a_transcoder_case_that_does_not_apply_fails_the_same_way_on_the_librarys_own_transcoder(
    method: str,
) -> None:
    ours, theirs = failure(OurTranscoder(method)), failure(LibraryTranscoder(method))

    assert ours and ours == theirs, NOT_APPLICABLE[f"TranscoderTestCase.{method}"]


# -- what the library's cases cannot show ---------------------------------------------------------


@pytest.mark.parametrize("store", STORES, indirect=True)
def test_an_event_whose_id_is_not_a_uuid_is_refused_whole(store: Store) -> None:
    recorder = store.recorder()
    recorder.insert_events([StoredEvent(uuid4(), 1, "before", b"{}")])
    batch = [StoredEvent(uuid4(), 1, "topic", b"{}"), StoredEvent(f"test-{uuid4()}", 1, "topic", b"{}")]

    with pytest.raises((ValueError, PersistenceError)):  # our digest takes UUIDs; PostgreSQL's column too
        recorder.insert_events(batch)

    assert [n.topic for n in recorder.select_notifications(start=None, limit=10)] == ["before"]
    assert store.check() == 1


@pytest.mark.postgres
def test_a_datastore_with_database_functions_is_refused_every_way_in(
    pg_server: Any, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from eventsourcing.postgres import PostgresFactory

    from feedback.pg import SealedPostgresApplicationRecorder

    url = pg_server.create_database()
    env = {**StoreURL.parse(url).eventsourcing_env(), "POSTGRES_ENABLE_DB_FUNCTIONS": "y"}
    library_factory = PostgresFactory(Environment("", env))  # builds the datastore, connects to nothing
    for key, value in env.items():
        monkeypatch.setenv(key, value)

    with pytest.raises(ConfigError, match=DB_FUNCTIONS_REFUSED):
        InfrastructureFactory.construct(Environment("", env))  # our factory
    with pytest.raises(ConfigError, match=DB_FUNCTIONS_REFUSED):
        SealedPostgresApplicationRecorder(library_factory.datastore)  # our recorder on the library's datastore
    with pytest.raises(ConfigError, match=DB_FUNCTIONS_REFUSED):
        library_app.BankAccounts()  # the library's example application, on our store's environment
    library_factory.close()

    assert read_postgres(url).logs == [] and read_postgres(url).chain == []


def test_the_reasons_cases_do_not_apply_are_said_once_and_each_is_used_or_shown() -> None:
    assert all(reason.strip() for reason in NOT_APPLICABLE.values())
    assert set(TRANSCODER_NOT_APPLICABLE) <= set(names(OurTranscoder))
    assert {name for name in names(OurApplicationRecorder) if "subscribe" in name} == {"test_insert_subscribe"}
