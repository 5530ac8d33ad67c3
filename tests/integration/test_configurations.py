"""Which store configurations the platform accepts, and that each keeps the whole store where it says.

A PostgreSQL store may live in a schema of its own (``POSTGRES_SCHEMA``): its
events, seal, keys, credentials, migrations and read models all live there.
What the platform cannot keep sealed, or would put somewhere unexpected, it
refuses in one line before it writes anything.
"""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from click.testing import CliRunner, Result

from domain.actors import Actor
from feedback.bootstrap import bootstrap
from feedback.cli import main
from feedback.config import Settings
from feedback.errors import ConfigError
from feedback.persistence.migrations import SIDE_TABLES
from projections import build_projector
from tests.conftest import IN_SCHEMA, SCHEMA, TEST_MASTER_KEY, seed, settings_for
from tests.support.sealcheck import check_app


def cli(url: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", url, *args], env={"FEEDBACK_MASTER_KEY": TEST_MASTER_KEY})


def tables_by_schema(url: str) -> dict[str, set[str]]:
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT table_schema, table_name FROM information_schema.tables "
                            "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')").fetchall()
    found: dict[str, set[str]] = {}
    for schema, table in rows:
        found.setdefault(schema, set()).add(table)
    return found


@pytest.mark.parametrize("store_url", [IN_SCHEMA], indirect=True)
def test_a_store_in_a_schema_of_its_own_keeps_everything_there(store_url: str) -> None:
    world = seed(bootstrap(settings_for(store_url)))
    app = world.app
    try:
        code = app.submit(channel="web", category="spaces", age_band="9-11", text="一个秋千 in the schema").code
        app.accept(code, Actor.staff("mona"))
        projector = build_projector(app)
        projector.catch_up()
        assert [row["status"] for row in projector.views.query("SELECT status FROM wq_items")] == ["under_review"]
        projector.views.close()
        assert world.services.accounts.authenticate(world.tokens["mona"]).username == "mona"
        assert app.get_suggestion(code).text.text == "一个秋千 in the schema"
        events = check_app(app)
    finally:
        app.close()

    verified = cli(store_url, "audit", "verify")
    assert verified.exit_code == 0 and f"OK: {events} events" in verified.stdout, verified.output
    held = tables_by_schema(store_url)
    assert list(held) == [SCHEMA]  # the database has no public schema: nothing could have gone elsewhere
    assert set(SIDE_TABLES) | {"onemetervoice_events", "projection_tracking", "wq_items"} <= held[SCHEMA]


@pytest.mark.postgres
def test_two_stores_in_two_schemas_of_one_database_keep_their_own_seals_and_keys(
    pg_server: Any, monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = pg_server.create_database()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {SCHEMA}")
    stores = []
    for schema in ("public", SCHEMA):
        monkeypatch.setenv("POSTGRES_SCHEMA", schema)
        stores.append(bootstrap(Settings(database_url=url, master_key=TEST_MASTER_KEY)).suggestions)
    try:
        codes = [app.submit(channel="web", category="spaces", age_band="9-11", text=f"in {app.settings.store.schema}"
                            ).code for app in stores for _ in range(2)]
        for app in stores:
            assert check_app(app) == 4  # its two ideas and their references, sealed from its own first link
        assert [stores[0].get_suggestion(code).text.text for code in codes[:2]] == ["in public"] * 2
        assert [stores[1].get_suggestion(code).text.text for code in codes[2:]] == [f"in {SCHEMA}"] * 2
    finally:
        for app in stores:
            app.close()


@pytest.mark.postgres
@pytest.mark.parametrize("schema, says", [
    ("nowhere", "the PostgreSQL schema 'nowhere' named by POSTGRES_SCHEMA does not exist"),
    ("Voice Two", "POSTGRES_SCHEMA must be a plain lower-case name"),
])
def test_a_schema_the_store_cannot_use_is_refused_in_one_line_before_anything_is_written(
    schema: str, says: str, pg_server: Any, monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = pg_server.create_database()
    monkeypatch.setenv("POSTGRES_SCHEMA", schema)

    result = cli(url, "init")

    assert result.exit_code != 0 and "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {says}"), result.output
    assert tables_by_schema(url) == {}


@pytest.mark.parametrize("url", ["sqlite:///:memory:", "sqlite:///file:feedback?mode=memory&cache=shared"])
def test_an_sqlite_store_in_memory_is_refused_in_one_line(url: str) -> None:
    with pytest.raises(ConfigError, match="for a store in memory use memory://"):
        Settings(database_url=url)
    result = CliRunner().invoke(main, ["--db", url, "init"])
    assert result.exit_code != 0 and result.stderr.strip().splitlines() == [
        "Error: a sqlite URL names a file; for a store in memory use memory://"
    ]


@pytest.mark.postgres
def test_a_schema_named_for_the_library_alone_is_refused_in_one_line(
    pg_server: Any, monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = pg_server.create_database()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {SCHEMA}")
    monkeypatch.setenv("ONEMETERVOICE_POSTGRES_SCHEMA", SCHEMA)  # the library reads it before POSTGRES_SCHEMA

    result = cli(url, "init")

    assert result.exit_code != 0 and result.stderr.strip().splitlines() == [
        f"Error: the events would go to schema '{SCHEMA}', not 'public' as POSTGRES_SCHEMA says: "
        "unset ONEMETERVOICE_POSTGRES_SCHEMA"
    ]
    assert tables_by_schema(url) == {}
