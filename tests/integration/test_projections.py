"""Projections never drift from the log: incremental views equal a rebuild from zero."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any
from unittest.mock import patch
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.actors import Actor
from domain.values import AgeBand, Category, Channel, Decision, Reaction
from feedback.application import FeedbackApp
from feedback.bootstrap import bootstrap
from feedback.config import Settings
from feedback.errors import ActionRefused, FeedbackError
from projections import ALL, Projector, ViewStore, adoption, build_projector, public_board, topic_board, work_queue
from projections.hospitals import scoreboard
from projections.public_board import PublicBoard, you_said_we_did
from tests.conftest import STORES, seed, settings_for

TODAY = date.today()
DUE = TODAY + timedelta(days=10)


def snapshot(views: ViewStore) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every projection table, in a stable order."""
    tables = [t for cls in ALL for t in cls.tables]
    return {t: sorted((tuple(r.values()) for r in views.query(f"SELECT * FROM {t}")), key=repr) for t in tables}


@contextmanager
def world(store: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    with tempfile.TemporaryDirectory() as tmp:
        if store == "postgres":
            url = request.getfixturevalue("pg_server").create_database()
        else:
            url = "memory://" if store == "memory" else f"sqlite:///{tmp}/feedback.sqlite"
        app = bootstrap(settings_for(url))
        try:
            yield seed(app)
        finally:
            app.close()


def submit(app: FeedbackApp, n: int) -> str:
    channel = [Channel.WEB, Channel.HOSPITAL_REVIEW, Channel.MESSAGE_BOARD][n % 3]
    venue = {Channel.WEB: None, Channel.HOSPITAL_REVIEW: "first-peoples-hospital",
             Channel.MESSAGE_BOARD: "huadu-board"}[channel]
    ratings = {"waiting_room": n % 5 + 1} if channel is Channel.HOSPITAL_REVIEW else None
    item = app.submit(channel=channel, venue=venue, category=list(Category)[n % 5],
                      age_band=list(AgeBand)[n % 4], text=f"idea {n} 想法", ratings=ratings)
    return item.code


STEPS = {
    "accept": lambda s, c: s.app.act(s.staff("mona"), c, "accept"),
    "decline": lambda s, c: s.app.act(s.staff("mona"), c, "decline", reason="off topic",
                                      explanation="This is not something the city can change."),
    "assign": lambda s, c: s.app.act(s.staff("dan"), c, "assign_topic", topic="school-nutrition"),
    "forward": lambda s, c: s.app.act(s.staff("dan"), c, "forward", body="health-commission", due=DUE),
    "answer_yes": lambda s, c: s.app.act(s.staff("olga"), c, "answer", decision=Decision.ADOPTED,
                                         response="Approved.", explanation="Yes, we will do it!"),
    "answer_no": lambda s, c: s.app.act(s.staff("dan"), c, "answer", decision=Decision.NOT_ADOPTED,
                                        response="Declined.", explanation="Not this year, sorry."),
    "progress": lambda s, c: s.app.act(s.staff("olga"), c, "progress", percent=50, note="Half way."),
    "implemented": lambda s, c: s.app.act(s.staff("olga"), c, "implemented", evidence="Photo."),
    "react": lambda s, c: s.app.react(c, Reaction.UNHAPPY),
    "reconsider": lambda s, c: s.app.reconsider(c),
    "withdraw": lambda s, c: s.app.withdraw(c),
    "redact": lambda s, c: s.services.privacy.redact(c, "a version without the number", None, Actor.staff("mona")),
    "release": lambda s, c: s.services.privacy.release(c, Actor.staff("mona")),
    "erase": lambda s, c: s.services.privacy.erase(c, Actor.staff("mona"), "the child asked"),
}
commands = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(["submit", "submit_private"]), st.integers(0, 50)),
        st.tuples(st.sampled_from(sorted(STEPS)), st.integers(0, 50)),
        st.tuples(st.just("catch_up"), st.integers(1, 7)),
        st.tuples(st.just("merge"), st.integers(0, 50)),
    ),
    max_size=60,
)


def run(world_: Any, projector: Projector, script: list[tuple[str, int]]) -> None:
    codes: list[str] = []
    for command, n in script:
        try:
            if command == "submit":
                codes.append(submit(world_.app, n))
            elif command == "submit_private":  # held until a moderator redacts or releases it
                codes.append(world_.app.submit(channel=Channel.WEB, category=Category.SPACES, age_band=AgeBand.AGE_9_11,
                                               text=f"idea {n}, call me on 13812345678").code)
            elif command == "catch_up":
                projector.catch_up(batch=n)
            elif codes and command == "merge":
                world_.app.act(world_.staff("mona"), codes[n % len(codes)], "merge", into=codes[0])
            elif codes:
                STEPS[command](world_, codes[n % len(codes)])
        except (ActionRefused, FeedbackError):
            pass  # the lifecycle refused a step: the log is unchanged, as it should be


@pytest.mark.parametrize("store", STORES)
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(script=commands)
def test_incremental_views_equal_a_rebuild_from_zero(
    store: str, script: list[tuple[str, int]], request: pytest.FixtureRequest
) -> None:
    with world(store, request) as w, patch.object(public_board, "FOLLOWED", 1):
        # Following one item at a time, the board reads items back from the store; the rebuild follows them all.
        incremental = build_projector(w.app)
        run(w, incremental, script)
        incremental.catch_up(batch=3)
        rebuilt = Projector(w.app, ViewStore.for_store(Settings(database_url="memory://").store), ALL)
        rebuilt.rebuild()
        assert snapshot(incremental.views) == snapshot(rebuilt.views)
        assert all(p.lag == 0 for p in incremental.status())
        for row in you_said_we_did(rebuilt.views, limit=1000):  # the words the item itself says the public may see
            assert row["text"] == w.app.get_suggestion_by_id(UUID(row["id"])).public_text.text


class Crash(Exception):
    pass


@pytest.mark.parametrize("store", STORES)
def test_a_projection_stopped_mid_batch_resumes_with_nothing_counted_twice(
    store: str, request: pytest.FixtureRequest
) -> None:
    with world(store, request) as w:
        codes = [submit(w.app, n) for n in range(12)]
        for code in codes:
            STEPS["accept"](w, code)
        projector = build_projector(w.app)
        board = projector.projections["public_board"]
        original = PublicBoard.process
        calls = {"n": 0}

        def crashing(self: Any, cursor: Any, events: Any) -> None:
            calls["n"] += 1
            if calls["n"] == 3:
                raise Crash("power cut")
            original(self, cursor, events)

        for code in codes:
            STEPS["forward"](w, code)
            STEPS["answer_yes"](w, code)
        board.process = crashing.__get__(board)  # type: ignore[method-assign]
        with pytest.raises(Crash):
            projector.catch_up("public_board", batch=5)
        stopped_at = projector.position("public_board")
        assert 0 < stopped_at < projector.head()
        board.process = original.__get__(board)  # type: ignore[method-assign]
        projector.catch_up(batch=5)
        assert len(you_said_we_did(projector.views, limit=100)) == 12
        rebuilt = Projector(w.app, ViewStore.for_store(Settings(database_url="memory://").store), ALL)
        rebuilt.rebuild()
        assert snapshot(projector.views) == snapshot(rebuilt.views)


def test_a_projection_whose_code_changed_rebuilds_itself(tmp_path: Any, monkeypatch: Any) -> None:
    w = seed(bootstrap(Settings(database_url=f"sqlite:///{tmp_path}/f.sqlite")))
    app = w.app
    code = submit(app, 1)
    first = build_projector(app)
    first.catch_up()
    with first.views.transaction() as cursor:  # rows a stale version left behind
        cursor.execute("UPDATE wq_items SET status = 'stale'")
    monkeypatch.setattr(work_queue.WorkQueue, "version", classmethod(lambda cls: "changed"))
    reader = build_projector(app)  # a web worker: it reads, and never throws rows away
    assert {p.name: p.current for p in reader.status()}["work_queue"] is False
    assert [r["status"] for r in work_queue.queue(reader.views, today=TODAY)] == ["stale"]
    second = build_projector(app)
    second.catch_up()  # a writer: it sees the change and rebuilds
    rows = work_queue.queue(second.views, today=TODAY)
    assert [r["status"] for r in rows if r["ref"] == app.get_suggestion(code).ref] == ["submitted"]
    assert all(p.current for p in second.status())
    assert w.app is app


def test_views_answer_the_questions_staff_ask(seeded: Any) -> None:
    w = seeded
    codes = [submit(w.app, n) for n in range(6)]
    for code in codes[:4]:
        STEPS["accept"](w, code)
        STEPS["assign"](w, code)
        STEPS["forward"](w, code)
    STEPS["answer_yes"](w, codes[0])
    STEPS["implemented"](w, codes[0])
    projector = build_projector(w.app)
    projector.catch_up()
    views = projector.views
    body = w.app.get_venue("health-commission").id.hex
    inbox = work_queue.queue(views, today=TODAY, body_id=body)
    assert {r["ref"] for r in inbox} == {w.app.get_suggestion(code).ref for code in codes[:4]}
    assert work_queue.count(views, today=TODAY, status="submitted") == 2
    assert work_queue.count(views, today=TODAY + timedelta(days=11), overdue=True) == 3
    board = {b["slug"]: b for b in topic_board.boards(views)}["school-nutrition"]
    assert board["items"] == 4 and board["by_status"] == {"forwarded": 3, "implemented": 1}
    by_channel = {r["key"]: r for r in adoption.rates(views, "channel", today=TODAY)}
    assert sum(r["adopted"] for r in by_channel.values()) == 1
    assert adoption.response_times(views)["answered"] == 1
    hospital = [h for h in scoreboard(views) if h["reviews"]][0]
    assert hospital["aspects"]["waiting_room"]["count"] == 2
    public = you_said_we_did(views)
    assert [p["status"] for p in public] == ["implemented"]
    assert public[0]["text"] == "idea 0 想法" and public[0]["ref"] not in codes


@pytest.mark.parametrize("followed", [1, 10_000])
@pytest.mark.parametrize("store", STORES)
def test_the_public_board_shows_only_the_words_the_item_lets_the_public_see(
    store: str, followed: int, request: pytest.FixtureRequest
) -> None:
    with world(store, request) as w, patch.object(public_board, "FOLLOWED", followed):
        projector = build_projector(w.app)
        held = w.app.submit(channel=Channel.WEB, category=Category.SPACES, age_band=AgeBand.AGE_9_11,
                            text="a swing please, call 13812345678").code
        plain = submit(w.app, 0)
        projector.catch_up()  # the words arrive in one batch, the answers in later ones
        for code in (held, plain):
            for step in ("accept", "forward", "answer_yes"):
                STEPS[step](w, code)
        projector.catch_up(batch=2)

        def words() -> dict[str, Any]:
            rows = you_said_we_did(projector.views)
            return {r["ref"]: r["text"] for r in rows}

        held_ref, plain_ref = (w.app.get_suggestion(c).ref for c in (held, plain))
        assert words() == {held_ref: None, plain_ref: "idea 0 想法"}
        STEPS["redact"](w, held)
        STEPS["erase"](w, plain)
        projector.catch_up(batch=1)
        assert words() == {held_ref: "a version without the number", plain_ref: None}


@pytest.mark.parametrize("store", STORES)
def test_a_rebuild_shared_among_processes_gives_the_rows_of_one_pass(
    store: str, request: pytest.FixtureRequest
) -> None:
    with world(store, request) as w:
        codes = [submit(w.app, n) for n in range(24)]
        for n, code in enumerate(codes):
            for step in ("accept", "assign", "forward", "answer_yes", "react")[: n % 6]:
                STEPS[step](w, code)
        one_pass = Projector(w.app, ViewStore.in_memory(), ALL)
        one_pass.rebuild()
        shared = build_projector(w.app)
        progressed: list[int] = []
        shared.rebuild(jobs=2, batch=10, progress=progressed.append)
        assert snapshot(shared.views) == snapshot(one_pass.views)
        assert sum(progressed) == shared.head()
        assert all(p.lag == 0 and p.current for p in shared.status())
