"""Schema migrations: recorded in the store, applied once by opening it or by ``feedback init``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from domain.codes import legacy_suggestion_id
from feedback.application import FeedbackApp
from feedback.bootstrap import bootstrap
from feedback.credentials import Credentials
from feedback.cli import main
from feedback.persistence import migrations
from feedback.persistence.migrations import MIGRATIONS, Migration
from feedback.persistence.sql import Cursor, Dialect
from projections import build_projector
from tests.conftest import REQUIRE_REAL, SCHEMA, TEST_MASTER_KEY, settings_for
from tests.support.sealcheck import check_app

# The last commit before migrations: its stores have the side tables and no schema_migrations.
BEFORE_MIGRATIONS = "398b792"
# The last commit before random public references: its items' ids are uuid5 of their codes, their
# Submitted events (class version 1) hold the code, and their reference was the id's first 40 bits.
BEFORE_REFERENCES = "b99c086"
# Today's main when issue 15 began (refs14): its stores are at migration 5; with POSTGRES_SCHEMA, its events are
# in that schema and its seal, keys, credentials and read models in public.
BEFORE_SCHEMAS = "1ed44a9"
REPO = Path(__file__).resolve().parents[2]
PASSWORD = "a long enough password"
WORDS = ["我想要一个秋千 🎠", "More benches in the park, please", "学校的午饭可以有更多水果吗？"]


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def opened(url: str) -> FeedbackApp:
    return FeedbackApp(settings_for(url))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def durable_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh store URL on each store that outlives the process."""
    if request.param == "postgres":
        return request.getfixturevalue("pg_server").create_database()
    return f"sqlite:///{tmp_path}/feedback.sqlite"


def add_column(c: Cursor, sql: Dialect) -> None:
    c.execute("ALTER TABLE api_token_labels ADD COLUMN colour TEXT")


def fail_halfway(c: Cursor, sql: Dialect) -> None:
    c.execute(f"CREATE TABLE half_done (id {sql.bigint} PRIMARY KEY)")
    raise RuntimeError("the migration broke halfway")


@pytest.fixture
def with_migration(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Let a test add a numbered migration after the shipped ones."""

    def add(apply: Any, name: str = "a test change") -> Migration:
        migration = Migration(MIGRATIONS[-1].version + 1, name, apply)
        monkeypatch.setattr(migrations, "MIGRATIONS", (*MIGRATIONS, migration))
        return migration

    return add


def test_the_migrations_are_numbered_one_by_one_from_one() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))


def test_a_new_store_applies_and_records_every_migration(store_url: str) -> None:
    app = opened(store_url)
    try:
        # In their numbers' order: one that records events waits for the application, and so do those after it.
        assert app.tables.migrations_applied == list(MIGRATIONS)
        assert app.tables.schema_version() == MIGRATIONS[-1].version
    finally:
        app.close()


def test_opening_a_migrated_store_again_applies_nothing(durable_url: str) -> None:
    opened(durable_url).close()
    again = opened(durable_url)
    try:
        assert again.tables.migrations_applied == []
        assert again.tables.schema_version() == MIGRATIONS[-1].version
    finally:
        again.close()


def test_a_new_migration_is_applied_once_when_the_store_opens(durable_url: str, with_migration: Any) -> None:
    opened(durable_url).close()
    migration = with_migration(add_column)
    upgraded = opened(durable_url)
    try:
        Credentials(upgraded.tables).issue_token("adam", label="laptop")
        with upgraded.tables.reading() as c:
            c.execute("SELECT colour FROM api_token_labels")
            assert [tuple(row) for row in c.fetchall()] == [(None,)]
        assert upgraded.tables.migrations_applied == [migration]
    finally:
        upgraded.close()
    again = opened(durable_url)
    try:
        assert again.tables.migrations_applied == []
        assert again.tables.schema_version() == migration.version
    finally:
        again.close()


def test_a_migration_that_fails_leaves_the_store_as_it_was(durable_url: str, with_migration: Any) -> None:
    opened(durable_url).close()
    with_migration(fail_halfway)
    with pytest.raises(RuntimeError, match="halfway"):
        opened(durable_url)
    with_migration(add_column)  # the broken one is fixed: the store takes the new one whole
    fixed = opened(durable_url)
    try:
        with fixed.tables.reading() as c:
            c.execute("SELECT COUNT(*) FROM schema_migrations")
            assert c.fetchone()[0] == len(MIGRATIONS) + 1
        with pytest.raises(Exception, match="half_done"), fixed.tables.reading() as c:
            c.execute("SELECT * FROM half_done")
    finally:
        fixed.close()


def test_init_says_which_migrations_it_applied_and_applies_none_the_second_time(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/feedback.sqlite"
    first = run("--db", url, "init")
    second = run("--db", url, "init")

    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert [line for line in first.stdout.splitlines() if line.startswith("Applied migration")] == [
        f"Applied migration {m}." for m in MIGRATIONS
    ]
    assert "Applied migration" not in second.stdout and "No migration to apply." in second.stdout
    assert f"at schema version {MIGRATIONS[-1].version}" in second.stdout


def test_a_store_migrated_by_newer_code_is_refused_in_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/feedback.sqlite"
    app = opened(url)
    with app.tables.transaction() as c:
        c.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'from the future', '')")
    app.close()

    result = run("--db", url, "init")

    assert result.exit_code != 0 and "Traceback" not in result.output
    assert result.stderr.strip().splitlines() == [
        f"Error: the store's schema is at migration 99, newer than this code knows (up to "
        f"{MIGRATIONS[-1].version}): run the newer code"
    ]


# -- a store made before migrations ----------------------------------------------------------

OLD_WRITER = """
import json, sys
from domain.values import Role
from feedback.application import FeedbackApp
from feedback.config import Settings

app = FeedbackApp(Settings.from_environ(sys.argv[1]))
_, token = app.add_staff("adam", Role.ADMIN)
app.set_password("adam", sys.argv[2])
codes = [app.submit(channel="web", category="spaces", age_band="9-11", text=words).code for words in sys.argv[3:]]
app.close()
print(json.dumps({"token": token, "codes": codes}))
"""


def unpacked(commit: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the code of ``commit``, unpacked from the repository's history."""
    tree = tmp_path_factory.mktemp(f"at-{commit}")
    archive = subprocess.run(["git", "-C", str(REPO), "archive", commit], capture_output=True)
    if archive.returncode != 0:
        if REQUIRE_REAL:
            pytest.fail(f"commit {commit} is not in this clone: fetch the full history")
        pytest.skip(f"commit {commit} is not in this clone (a shallow clone?)")
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    return tree


@pytest.fixture(scope="session")
def old_main(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The code of the last commit before migrations."""
    tree = unpacked(BEFORE_MIGRATIONS, tmp_path_factory)
    assert not (tree / "feedback" / "persistence").exists()
    return tree


OLD_CLI = "from feedback.cli import main; main()"


def run_old(tree: Path, cwd: Path, *args: str) -> str:
    """Run Python with the old code first on the path; return what it printed.

    The SQLite store keeps its generated master key beside it; PostgreSQL takes the tests' key.
    """
    env = {**os.environ, "PYTHONPATH": str(tree), "FEEDBACK_MASTER_KEY": TEST_MASTER_KEY}
    if "postgresql://" not in " ".join(args):
        env.pop("FEEDBACK_MASTER_KEY")
    done = subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def old_store(old_main: Path, durable_url: str, tmp_path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """A store made, and written to, by the code before migrations."""
    where = run_old(old_main, tmp_path, "-c", "import feedback; print(feedback.__file__)")
    assert where.strip().startswith(str(old_main))
    run_old(old_main, tmp_path, "-c", OLD_CLI, "--db", durable_url, "init")
    written = json.loads(run_old(old_main, tmp_path, "-c", OLD_WRITER, durable_url, PASSWORD, *WORDS))
    yield durable_url, written


def new_cli(url: str, *args: str) -> Result:
    return run("--db", url, *args, env={"FEEDBACK_MASTER_KEY": "" if url.startswith("sqlite") else TEST_MASTER_KEY})


def test_a_store_made_before_migrations_upgrades_and_keeps_its_seal_keys_and_credentials(
    old_store: tuple[str, dict[str, Any]],
) -> None:
    url, written = old_store
    init = new_cli(url, "init")
    assert init.exit_code == 0, init.output
    assert f"Applied migration {MIGRATIONS[0]}." in init.stdout

    services = bootstrap(settings_for(url))
    app = services.suggestions
    try:
        assert app.tables.migrations_applied == []
        assert [app.get_suggestion(code).text.text for code in written["codes"]] == WORDS
        assert services.accounts.sign_in("adam", PASSWORD).username == "adam"
        assert services.accounts.authenticate(written["token"]).username == "adam"
        app.submit(channel="web", category="spaces", age_band="9-11", text="after the upgrade")
    finally:
        app.close()
    verified = new_cli(url, "audit", "verify")
    assert verified.exit_code == 0 and "OK:" in verified.stdout, verified.output


# -- a store made before random public references ----------------------------------------------

REFS_WRITER = """
import json, sys
from domain.actors import Actor
from feedback.bootstrap import bootstrap
from feedback.config import Settings

services = bootstrap(Settings.from_environ(sys.argv[1]))
app = services.suggestions
codes = [app.submit(channel="web", category="spaces", age_band="9-11", text=words).code for words in sys.argv[2:]]
app.accept(codes[0], Actor.staff("mona"))
old_refs = [app.get_suggestion(code).id.hex[:10].upper() for code in codes]  # public_ref() of that code
services.close()
print(json.dumps({"codes": codes, "old_refs": old_refs}))
"""


@pytest.fixture(scope="session")
def before_refs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The code of the last commit before random public references."""
    tree = unpacked(BEFORE_REFERENCES, tmp_path_factory)
    assert "def public_ref" in (tree / "domain" / "codes.py").read_text()
    return tree


def test_items_filed_before_references_get_a_random_one_by_an_event_and_keep_their_code(
    before_refs: Path, durable_url: str, tmp_path: Path,
) -> None:
    run_old(before_refs, tmp_path, "-c", OLD_CLI, "--db", durable_url, "init")
    written = json.loads(run_old(before_refs, tmp_path, "-c", REFS_WRITER, durable_url, *WORDS))
    init = new_cli(durable_url, "init")
    assert init.exit_code == 0, init.output
    assert f"Applied migration {MIGRATIONS[3]}." in init.stdout

    services = bootstrap(settings_for(durable_url))
    app = services.suggestions
    try:
        assert app.tables.migrations_applied == []  # init gave the references; opening again gives none
        refs = []
        for code, old_ref, words in zip(written["codes"], written["old_refs"], WORDS, strict=True):
            item = app.get_suggestion(code)  # the child's code still finds the idea and its words
            assert item.text.text == words
            assert item.ref is not None and item.ref != old_ref  # the old one came from the code
            assert app.get_by_ref(item.ref).id == item.id
            events = app.history_of(item)
            assert "code" not in vars(events[0]) and events[0].ref is None  # the code is out of the event's meaning
            given = [e for e in events if type(e).__name__ == "ReferenceGiven"]
            assert [(e.ref, e.actor.kind) for e in given] == [(item.ref, "system")]
            refs.append(item.ref)
        assert len(set(refs)) == len(refs)
        new = app.submit(channel="web", category="spaces", age_band="9-11", text="after the upgrade")
        first = app.history_of(new)[0]
        assert "code" not in vars(first) and first.ref == new.ref and new.id != legacy_suggestion_id(new.code)
        projector = build_projector(app)
        projector.catch_up()
        rows = {row["ref"] for row in projector.views.query("SELECT ref FROM wq_items")}
        assert rows == {*refs, new.ref}
    finally:
        app.close()
    verified = new_cli(durable_url, "audit", "verify")
    assert verified.exit_code == 0 and "OK:" in verified.stdout, verified.output


# -- a store made by today's main (before issue 15) ---------------------------------------------------

TODAY_WRITER = """
import json, sys
from domain.actors import Actor
from domain.values import Role
from feedback.bootstrap import bootstrap
from feedback.config import Settings
from projections import build_projector

services = bootstrap(Settings.from_environ(sys.argv[1]))
app = services.suggestions
_, token = services.accounts.add_staff("adam", Role.ADMIN)
services.accounts.set_password("adam", sys.argv[2])
codes = [app.submit(channel="web", category="spaces", age_band="9-11", text=words).code for words in sys.argv[3:]]
app.accept(codes[0], Actor.staff("mona"))
erased = app.submit(channel="web", category="spaces", age_band="9-11", text="my phone is 13812345678").code
services.privacy.erase(erased, Actor.staff("adam"), "the child asked")
projector = build_projector(app)
projector.catch_up()
projector.views.close()
services.close()
print(json.dumps({"token": token, "codes": codes, "erased": erased}))
"""


@pytest.fixture(scope="session")
def today_main(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The code of today's main when issue 15 began."""
    tree = unpacked(BEFORE_SCHEMAS, tmp_path_factory)
    assert "SEALED_FACTORIES" not in (tree / "feedback" / "config.py").read_text()
    return tree


def written_by_today_main(tree: Path, url: str, cwd: Path) -> dict[str, Any]:
    run_old(tree, cwd, "-c", OLD_CLI, "--db", url, "init")
    return dict(json.loads(run_old(tree, cwd, "-c", TODAY_WRITER, url, PASSWORD, *WORDS)))


def assert_upgraded(url: str, written: dict[str, Any]) -> None:
    """The upgraded store reads, signs in, seals, verifies and rebuilds as before, and takes new events sealed."""
    services = bootstrap(settings_for(url))
    app = services.suggestions
    try:
        assert app.tables.migrations_applied == []
        assert check_app(app) > 0  # every event sealed once, in order; every item's words with their key
        assert [app.get_suggestion(code).text.text for code in written["codes"]] == WORDS
        assert app.get_suggestion(written["erased"]).text.is_erased
        assert services.accounts.sign_in("adam", PASSWORD).username == "adam"
        assert services.accounts.authenticate(written["token"]).username == "adam"
        new = app.submit(channel="web", category="spaces", age_band="9-11", text="after the upgrade")
        assert app.get_suggestion(new.code).text.text == "after the upgrade"
        events = check_app(app)
        projector = build_projector(app)
        projector.catch_up()
        refs = {row["ref"] for row in projector.views.query("SELECT ref FROM wq_items")}
        assert refs == {app.get_suggestion(code).ref for code in [*written["codes"], written["erased"], new.code]}
        projector.views.close()
    finally:
        services.close()
    verified = new_cli(url, "audit", "verify")
    assert verified.exit_code == 0 and f"OK: {events} events" in verified.stdout, verified.output


def test_a_store_made_by_todays_main_upgrades_with_its_seal_keys_credentials_and_read_models(
    today_main: Path, durable_url: str, tmp_path: Path,
) -> None:
    written = written_by_today_main(today_main, durable_url, tmp_path)

    init = new_cli(durable_url, "init")

    # That main was at migration 5: the evidence photos' table (6) is the one thing to add.
    assert init.exit_code == 0 and "Applied migration 6 (evidence photos" in init.stdout, init.output
    assert_upgraded(durable_url, written)


@pytest.mark.postgres
def test_a_store_in_a_schema_made_by_todays_main_gets_its_tables_back_from_public(
    today_main: Path, pg_server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import psycopg

    url = pg_server.create_database()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {SCHEMA}")
    monkeypatch.setenv("POSTGRES_SCHEMA", SCHEMA)
    written = written_by_today_main(today_main, url, tmp_path)
    assert schemas_of(url, "audit_chain", "content_keys", "wq_items") == {"public"}  # the split of issue 15

    init = new_cli(url, "init")

    assert init.exit_code == 0, init.output
    # Every table that main had; migration 6 then makes the evidence photos' table in the schema itself.
    assert f"Moved {len(migrations.SIDE_TABLES) - 1} tables from schema public into {SCHEMA}" in init.stdout
    assert schemas_of(url, *migrations.SIDE_TABLES, "projection_tracking", "wq_items", "pb_items") == {SCHEMA}
    assert_upgraded(url, written)


def schemas_of(url: str, *tables: str) -> set[str]:
    """Return the schemas that hold any of ``tables``."""
    import psycopg

    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT DISTINCT table_schema FROM information_schema.tables WHERE table_name = ANY(%s)",
                            (list(tables),)).fetchall()
    return {row[0] for row in rows}


@pytest.mark.postgres
def test_every_table_the_migrations_make_is_one_the_store_keeps_beside_the_events(pg_server: Any) -> None:
    import psycopg

    url = pg_server.create_database()
    opened(url).close()

    with psycopg.connect(url) as conn:
        made = {row[0] for row in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'").fetchall()}
    assert made - {"onemetervoice_events"} == set(migrations.SIDE_TABLES)  # what moves with a schema's store
