"""Budgets kept in the store: shared by every worker process, counted in windows, forgotten when over;
and the SQLite files that hold the codes readable by their owner alone."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from domain.codes import new_code
from feedback.bootstrap import Services, bootstrap
from feedback.budgets import TABLE, Allowance, Budgets
from projections import build_projector
from tests.conftest import settings_for
from web import create_app

IDEA = {"channel": "web", "category": "spaces", "age_band": "9-11", "text": "A shady bench"}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shared_store(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store URL that several processes can open (not the in-memory store)."""
    if request.param == "postgres":
        return request.getfixturevalue("pg_server").create_database()
    return f"sqlite:///{tmp_path}/feedback.sqlite"


@pytest.fixture
def two_workers(shared_store: str) -> Iterator[list[Services]]:
    """The services of two worker processes over one store, each built on its own."""
    workers = [bootstrap(settings_for(shared_store)) for _ in range(2)]
    yield workers
    for worker in workers:
        worker.close()


def site(services: Services) -> Any:
    return create_app({"TESTING": True, "FEEDBACK_SERVICES": services, "FEEDBACK_RATE_LIMITS": "on"}).test_client()


def test_two_workers_on_one_store_spend_from_one_budget_per_client(two_workers: list[Services]) -> None:
    first, second = (site(worker) for worker in two_workers)
    for n in range(60):
        worker = first if n % 2 else second
        assert worker.get(f"/track/{new_code()}/withdraw").status_code == 404
    assert first.get(f"/track/{new_code()}").status_code == 429
    assert second.post(f"/track/{new_code()}/react").status_code == 429
    assert second.get(f"/track/{new_code()}", environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code == 404


class Ticking:
    """A clock for budgets that tests move by hand."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def budgets(services: Services) -> tuple[Budgets, Ticking]:
    clock = Ticking()
    return Budgets(services.suggestions.tables, clock), clock


def test_a_budget_refuses_the_hit_past_its_allowance_until_the_window_turns(budgets: Any) -> None:
    spend, clock = budgets
    allowance = [Allowance(3, 60)]
    assert [spend.spend("lookup:1.2.3.4", allowance) for _ in range(4)] == [True, True, True, False]
    assert spend.spend("lookup:5.6.7.8", allowance)  # another client has its own budget
    clock.now += 60
    assert spend.spend("lookup:1.2.3.4", allowance)


def test_the_daily_allowance_holds_when_every_minute_is_within_its_own(budgets: Any) -> None:
    spend, clock = budgets
    allowances = [Allowance(2, 60), Allowance(5, 86400)]
    clock.now = 86400 * 20_000  # the start of a day
    answers = []
    for _ in range(3):
        answers += [spend.spend("k", allowances) for _ in range(2)]
        clock.now += 60
    assert answers == [True] * 5 + [False]


def test_windows_that_have_ended_are_forgotten(budgets: Any, services: Services) -> None:
    spend, clock = budgets
    spend.spend("gone", [Allowance(5, 60)])
    clock.now += 120
    spend.spend("here", [Allowance(5, 60)])
    with services.suggestions.tables.reading() as cursor:
        cursor.execute(f"SELECT budget_key FROM {TABLE}")
        assert [row[0] for row in cursor.fetchall()] == ["here"]


def private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) & 0o077 == 0


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """Create files as most systems do: readable by everyone unless told otherwise."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_every_file_of_an_sqlite_store_is_readable_by_its_owner_alone(tmp_path: Path, loose_umask: None) -> None:
    services = bootstrap(settings_for(f"sqlite:///{tmp_path}/feedback.sqlite"))
    services.suggestions.submit(**IDEA)
    build_projector(services.suggestions).catch_up()
    files = sorted(tmp_path.iterdir())
    names = {path.name for path in files}
    assert {"feedback.sqlite", "feedback.sqlite-wal", "feedback.views.sqlite", "feedback.master.key"} <= names
    assert {path.name: oct(stat.S_IMODE(path.stat().st_mode)) for path in files if not private(path)} == {}
    services.close()


def test_a_store_left_readable_by_others_is_closed_to_them_when_opened(tmp_path: Path, loose_umask: None) -> None:
    url = f"sqlite:///{tmp_path}/feedback.sqlite"
    bootstrap(settings_for(url)).close()
    for path in tmp_path.iterdir():
        path.chmod(0o644)
    services = bootstrap(settings_for(url))
    assert private(tmp_path / "feedback.sqlite")
    services.close()
