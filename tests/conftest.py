"""Shared fixtures: the same tests run on the in-memory and SQLite stores."""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from domain.values import Role, VenueKind
from feedback.application import FeedbackApp
from feedback.bootstrap import Services, bootstrap
from feedback.config import Settings
from tests.support.postgres import find_bin, start_server
from web import create_app

STORES = ["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
# PostgreSQL in a schema of its own (POSTGRES_SCHEMA), in a database without a public schema.
IN_SCHEMA = pytest.param("postgres-schema", marks=pytest.mark.postgres)
SCHEMA = "voice"
# PostgreSQL needs a master key from the environment; the tests use this one.
TEST_MASTER_KEY = base64.urlsafe_b64encode(bytes(range(32))).decode()
REQUIRE_REAL = os.environ.get("FEEDBACK_REQUIRE_REAL_COMPONENTS") == "1"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Any]:
    """A throwaway PostgreSQL server for the whole run (skipped only where none is installed)."""
    if find_bin() is None:
        if REQUIRE_REAL:
            pytest.fail("PostgreSQL server binaries are missing, and this run requires real components")
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    server = start_server()
    yield server
    server.stop()


@pytest.fixture(params=STORES)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh store URL, once per kind of store (``postgres-schema`` sets POSTGRES_SCHEMA for the test)."""
    if request.param == "memory":
        return "memory://"
    if request.param == "postgres":
        return request.getfixturevalue("pg_server").create_database()
    if request.param == "postgres-schema":
        request.getfixturevalue("monkeypatch").setenv("POSTGRES_SCHEMA", SCHEMA)
        return request.getfixturevalue("pg_server").create_schema_database(SCHEMA)
    return f"sqlite:///{tmp_path}/feedback.sqlite"


def settings_for(url: str) -> Settings:
    """Settings for a test store (PostgreSQL gets the test master key)."""
    return Settings(database_url=url, master_key=TEST_MASTER_KEY if url.startswith("postgresql") else "")


@pytest.fixture
def services(store_url: str) -> Iterator[Services]:
    """Every service over a fresh, empty store."""
    built = bootstrap(settings_for(store_url))
    yield built
    built.close()


@pytest.fixture
def feedback(services: Services) -> FeedbackApp:
    """The application (the suggestions service) over a fresh, empty store."""
    return services.suggestions


@dataclass
class Seeded:
    """The small world most tests need: places, a topic and one staff member per role."""

    services: Services
    tokens: dict[str, str]

    @property
    def app(self) -> FeedbackApp:
        return self.services.suggestions

    def staff(self, username: str):  # noqa: ANN201
        return self.services.accounts.get_staff(username)


def seed(services: Services) -> Seeded:
    app = services.places
    app.register_venue("health-commission", VenueKind.BODY, "Health Commission")
    app.register_venue("education-bureau", VenueKind.BODY, "Education Bureau")
    app.register_venue("first-peoples-hospital", VenueKind.HOSPITAL, "First People's Hospital", "Yushan")
    app.register_venue("huadu", VenueKind.COMMUNITY, "Huadu Community", "Huaqiao")
    app.register_venue("huadu-board", VenueKind.MESSAGE_BOARD, "Huadu Message Board", "Huaqiao", parent="huadu")
    app.register_venue("little-kunyu", VenueKind.OBSERVATION_GROUP, "Little Kunyu Children's Observation Group")
    app.open_topic("school-nutrition", "School nutrition", "2026 Two Sessions")
    tokens = {}
    for username, role, body in [
        ("mona", Role.MODERATOR, None),
        ("dan", Role.DEPUTY, None),
        ("olga", Role.OFFICIAL, "health-commission"),
        ("eddie", Role.OFFICIAL, "education-bureau"),
        ("fay", Role.FACILITATOR, None),
        ("audrey", Role.AUDITOR, None),
        ("adam", Role.ADMIN, None),
        ("sam", Role.SAFEGUARDING, None),
    ]:
        _, tokens[username] = services.accounts.add_staff(username, role, body=body)
    return Seeded(services, tokens)


@pytest.fixture
def seeded(services: Services) -> Seeded:
    """Services with venues, a topic and staff of every role."""
    return seed(services)


@pytest.fixture
def app(seeded: Seeded):  # noqa: ANN201
    """A Flask app over the seeded application."""
    flask_app = create_app({"TESTING": True, "FEEDBACK_SERVICES": seeded.services, "WTF_CSRF_ENABLED": False,
                            "FEEDBACK_RATE_LIMITS": "off"})
    return flask_app


@pytest.fixture
def client(app):  # noqa: ANN001, ANN201
    return app.test_client()
