"""Moving up: an embedded store copied into PostgreSQL keeps positions, versions, seal and keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from domain.actors import Actor
from domain.values import AgeBand, Category, Channel, Decision
from feedback.bootstrap import bootstrap
from feedback.audit import records_from_store, verify
from feedback.cli import main
from feedback.config import Settings
from projections import build_projector
from feedback.photos import reencode
from feedback.steps import PROGRESS
from tests.conftest import SCHEMA, TEST_MASTER_KEY, seed
from tests.support.images import png
from tests.support.sealcheck import check_app

pytestmark = pytest.mark.postgres


@pytest.fixture
def embedded(tmp_path: Path) -> Any:
    url = f"sqlite:///{tmp_path}/feedback.sqlite"
    world = seed(bootstrap(Settings(database_url=url)))
    app = world.app
    codes = []
    for i in range(5):
        item = app.submit(channel=Channel.WEB, category=Category.SPACES, age_band=AgeBand.AGE_9_11,
                          text=f"想要秋千 {i} 🎠")
        app.accept(item.code, Actor.staff("mona"))
        codes.append(item.code)
    app.forward(codes[0], "health-commission", __import__("datetime").date(2099, 1, 1), Actor.staff("dan"))
    app.answer(codes[0], Decision.ADOPTED, "Approved.", "Yes!", Actor.staff("olga"))
    photo = reencode(png(), "plan.png")
    world.services.evidence.take_step(world.staff("olga"), codes[0], PROGRESS, [photo], percent=10, note="开工")
    app.keys.destroy(app.get_suggestion(codes[4]).id)  # an erased item moves as erased
    head = verify(lambda: records_from_store(app.recorder)).head
    app.close()
    return url, codes, head, world.tokens, photo.data


@pytest.mark.parametrize("into", ["public", SCHEMA])
def test_a_copied_store_verifies_with_the_same_head_and_reads_the_same(embedded: Any, pg_server: Any,
                                                                        monkeypatch: Any, into: str) -> None:
    url, codes, head, tokens, photo = embedded
    if into == SCHEMA:  # a schema of its own, in a database without public: every table must land there
        monkeypatch.setenv("POSTGRES_SCHEMA", SCHEMA)
        target = pg_server.create_schema_database(SCHEMA)
    else:
        target = pg_server.create_database()
    monkeypatch.setenv("FEEDBACK_TARGET_MASTER_KEY", TEST_MASTER_KEY)
    result = CliRunner().invoke(main, ["--db", url, "store", "copy", "--to", target])
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("FEEDBACK_MASTER_KEY", TEST_MASTER_KEY)
    verified = CliRunner().invoke(main, ["--db", target, "audit", "verify", "--head", str(head)])
    assert verified.exit_code == 0, verified.output
    copied = bootstrap(Settings(database_url=target, master_key=TEST_MASTER_KEY))
    copy = copied.suggestions
    try:
        assert copy.get_suggestion(codes[1]).text.text == "想要秋千 1 🎠"
        assert copy.get_suggestion(codes[4]).text.is_erased
        moved = copy.get_suggestion(codes[0])
        assert moved.status.value == "in_progress"
        assert copied.evidence.photo(moved, moved.photos[0].id)[1] == photo  # still sealed, with the moved key
        assert copied.accounts.authenticate(tokens["mona"]).username == "mona"
        # New events continue the log and the chain after the copied ones.
        copy.accept(copy.submit(channel=Channel.WEB, category=Category.SPACES, age_band=AgeBand.AGE_6_8,
                                text="after the move").code, Actor.staff("mona"))
        verdict = verify(lambda: records_from_store(copy.recorder), head)
        assert verdict.ok and verdict.head.position == head.position + 3  # an idea, its reference, its acceptance
        assert check_app(copy) == verdict.head.position
        projector = build_projector(copy)
        projector.catch_up()
        assert projector.max_lag() == 0
    finally:
        copy.close()


def test_copying_into_a_store_that_holds_events_is_refused(embedded: Any, pg_server: Any, monkeypatch: Any) -> None:
    url, *_ = embedded
    target = pg_server.create_database()
    monkeypatch.setenv("FEEDBACK_TARGET_MASTER_KEY", TEST_MASTER_KEY)
    assert CliRunner().invoke(main, ["--db", url, "store", "copy", "--to", target]).exit_code == 0
    again = CliRunner().invoke(main, ["--db", url, "store", "copy", "--to", target])
    assert again.exit_code == 1 and "already holds events" in again.output


def test_a_wrong_source_key_is_one_clear_line(embedded: Any, pg_server: Any, monkeypatch: Any) -> None:
    url, *_ = embedded
    monkeypatch.setenv("FEEDBACK_MASTER_KEY", TEST_MASTER_KEY)  # not the embedded store's key
    result = CliRunner().invoke(main, ["--db", url, "store", "copy", "--to", pg_server.create_database()])
    assert result.exit_code == 1 and "does not open its content keys" in result.output
