"""The ``feedback`` command, run as a user runs it, against SQLite files and the in-memory store."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from domain.suggestion import Suggestion
from domain.values import AgeBand, Category, Channel, Reaction, Role, Status, VenueKind
from feedback.bootstrap import Services, bootstrap
from feedback.cli import main
from feedback.config import Settings
from feedback.demo import STAFF

SMALL = "60"


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def sqlite_url(directory: Path) -> str:
    return f"sqlite:///{directory}/feedback.sqlite"


@contextmanager
def opened(url: str) -> Iterator[Services]:
    services = bootstrap(Settings(database_url=url))
    try:
        yield services
    finally:
        services.close()


def suggestions_in(services: Services) -> list[Suggestion]:
    app = services.suggestions
    return [app.repository.get(n.originator_id) for n in app.iter_notifications([Suggestion.Submitted])]


def assert_one_line_error(result: Result) -> str:
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


@pytest.fixture
def db(tmp_path: Path) -> str:
    return sqlite_url(tmp_path)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Result]:
    """A store with the small demo loaded once, for the tests that only read it."""
    url = sqlite_url(tmp_path_factory.mktemp("demo"))
    result = run("--db", url, "demo", "--suggestions", SMALL, "--seed", "5", "--quiet")
    assert result.exit_code == 0, result.output
    return url, result


@pytest.fixture(scope="module")
def demo_items(demo_db: tuple[str, Result]) -> list[Suggestion]:
    with opened(demo_db[0]) as app:
        return suggestions_in(app)


# -- init ------------------------------------------------------------------------------


def test_init_creates_the_sqlite_store_and_says_where_it_is(tmp_path: Path) -> None:
    result = run("--db", sqlite_url(tmp_path), "init")

    assert result.exit_code == 0, result.output
    assert (tmp_path / "feedback.sqlite").exists()
    assert str(tmp_path / "feedback.sqlite") in result.stdout


def test_init_says_an_in_memory_store_does_not_last() -> None:
    result = run("--db", "memory://", "init")

    assert result.exit_code == 0, result.output
    assert "in-memory" in result.stdout


def test_the_database_url_comes_from_the_environment_unless_db_is_given(tmp_path: Path) -> None:
    from_env = run("init", env={"FEEDBACK_DATABASE_URL": sqlite_url(tmp_path)})
    overridden = run("--db", "memory://", "init", env={"FEEDBACK_DATABASE_URL": "nonsense://"})

    assert str(tmp_path / "feedback.sqlite") in from_env.stdout
    assert overridden.exit_code == 0 and "in-memory" in overridden.stdout


# -- demo --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "count"),
    [
        (VenueKind.PARK, 13),
        (VenueKind.HOSPITAL, 15),
        (VenueKind.COMMUNITY, 17),
        (VenueKind.MESSAGE_BOARD, 17),
        (VenueKind.READING_SPACE, 51),
        (VenueKind.PLAYGROUND, 6),
        (VenueKind.SCHOOL, 148),
    ],
)
def test_the_demo_has_the_programmes_places(demo_db: tuple[str, Result], kind: VenueKind, count: int) -> None:
    with opened(demo_db[0]) as app:
        assert len(app.places.list_venues(kind)) == count


def test_the_demo_has_observation_groups_and_responsible_bodies(demo_db: tuple[str, Result]) -> None:
    with opened(demo_db[0]) as app:
        groups = {v.name for v in app.places.list_venues(VenueKind.OBSERVATION_GROUP)}
        bodies = {v.name for v in app.places.list_venues(VenueKind.BODY)}

    assert "Little Kunyu Children's Observation Group" in groups and len(groups) > 3
    assert {"Kunshan Health Commission", "Kunshan Education Bureau", "Kunshan Transport Bureau"} <= bodies
    assert len(bodies) >= 8


def test_every_demo_community_has_a_one_meter_message_board(demo_db: tuple[str, Result]) -> None:
    with opened(demo_db[0]) as app:
        communities = {v.id for v in app.places.list_venues(VenueKind.COMMUNITY)}
        boards = {v.parent_id for v in app.places.list_venues(VenueKind.MESSAGE_BOARD)}

    assert boards == communities


def test_the_demo_opens_the_fifteen_two_sessions_topics_with_deputies(demo_db: tuple[str, Result]) -> None:
    with opened(demo_db[0]) as app:
        topics = app.places.list_topics()

    names = {t.name for t in topics}
    assert len(topics) == 15
    assert {"Kunqu opera preservation", "School nutrition", "Child-friendly transportation",
            "Local educational trips"} <= names
    assert all(t.deputies for t in topics)


def test_the_demo_has_staff_of_every_role_who_can_log_in(demo_db: tuple[str, Result]) -> None:
    url, result = demo_db
    with opened(url) as app:
        members = [app.accounts.get_staff(p.username) for p in STAFF]
        roles = {role for member in members for role in member.roles}
        assert app.accounts.check_password("chen.jie", "moderator-demo")
        assert not app.accounts.check_password("chen.jie", "wrong")

    assert roles == set(Role)
    assert all(m.body_id for m in members if m.has_role(Role.OFFICIAL))
    assert "chen.jie" in result.stdout and "moderator-demo" in result.stdout


@pytest.mark.parametrize(
    ("attribute", "values"),
    [("status", Status), ("channel", Channel), ("category", Category), ("age_band", AgeBand)],
)
def test_the_demo_ideas_cover_every_value(demo_items: list[Suggestion], attribute: str, values: Any) -> None:
    assert len(demo_items) == int(SMALL)
    assert {getattr(item, attribute) for item in demo_items} == set(values)


def test_every_demo_answer_and_refusal_speaks_to_the_child(demo_items: list[Suggestion]) -> None:
    answered = [i for i in demo_items if i.decision]
    declined = [i for i in demo_items if i.status is Status.DECLINED]

    assert answered and declined
    assert all(i.explanation and i.response for i in answered)
    assert all(i.explanation and i.reason for i in declined)


def test_demo_histories_hold_every_kind_of_step(demo_items: list[Suggestion]) -> None:
    by_id = {i.id: i for i in demo_items}
    merged = [i for i in demo_items if i.status is Status.MERGED]

    assert merged
    assert all(i.merged_into and by_id[i.merged_into].duplicates for i in merged)
    assert all(i.body_id and i.forward_due for i in demo_items if i.status is Status.FORWARDED)
    assert all(i.evidence for i in demo_items if i.status is Status.IMPLEMENTED)
    assert any(i.topic_id for i in demo_items)
    assert any(i.reconsideration_requested for i in demo_items)
    assert any(i.reaction is Reaction.HAPPY for i in demo_items)
    assert any(i.assisted for i in demo_items)
    assert all(i.ratings for i in demo_items if i.channel is Channel.HOSPITAL_REVIEW)
    assert {i.language for i in demo_items if str(i.text)} == {"zh-Hans", "zh-Hant", "en"}


def test_forwarded_ideas_are_answered_by_an_official_of_that_body(demo_db: tuple[str, Result]) -> None:
    with opened(demo_db[0]) as app:
        for item in suggestions_in(app):
            if item.decision and item.body_id:
                answer = [e for e in app.suggestions.history_of(item) if isinstance(e, Suggestion.Answered)][-1]
                assert app.accounts.get_staff(answer.actor.username).body_id == item.body_id


def test_running_the_demo_twice_adds_nothing_twice(db: str) -> None:
    first = run("--db", db, "demo", "--suggestions", "20", "--quiet")
    second = run("--db", db, "demo", "--suggestions", "20", "--quiet")

    assert first.exit_code == 0 and second.exit_code == 0, second.output
    assert "already has 20" in second.stdout
    assert "chen.jie" in second.stdout
    with opened(db) as app:
        assert app.suggestions.count_suggestions() == 20
        assert len(app.places.list_venues(VenueKind.HOSPITAL)) == 15
        assert len(app.places.list_topics()) == 15


def distribution(url: str) -> list[tuple[str, ...]]:
    with opened(url) as app:
        return sorted(
            (i.status.value, i.channel.value, i.category.value, i.age_band.value, str(i.text))
            for i in suggestions_in(app)
        )


def test_the_same_seed_gives_the_same_ideas_and_statuses(tmp_path: Path) -> None:
    one, two = sqlite_url(tmp_path / "one"), sqlite_url(tmp_path / "two")
    for url in (one, two):
        assert run("--db", url, "demo", "--suggestions", "40", "--seed", "11", "--quiet").exit_code == 0

    assert distribution(one) == distribution(two)
    assert len(Counter(row[0] for row in distribution(one))) == len(Status)


def test_the_default_demo_files_three_hundred_ideas_in_memory() -> None:
    result = run("--db", "memory://", "demo", "--seed", "1")

    assert result.exit_code == 0, result.output
    assert "300 added" in result.stdout
    assert all(status.value.replace("_", " ") in result.stdout for status in Status)


# -- users add ---------------------------------------------------------------------------


def test_users_add_prints_a_token_on_its_last_line_that_authenticates(db: str) -> None:
    result = run("--db", db, "users", "add", "mona", "--role", "moderator", "--password", "s3cret-pass")

    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[-1]
    with opened(db) as app:
        member = app.accounts.authenticate(token)
        assert app.accounts.check_password("mona", "s3cret-pass")
    assert member.username == "mona" and member.has_role(Role.MODERATOR)


def test_users_add_binds_an_official_to_a_body(db: str) -> None:
    with opened(db) as app:
        body = app.places.register_venue("health-commission", VenueKind.BODY, "Health Commission")

    result = run("--db", db, "users", "add", "olga", "--role", "official", "--body", "health-commission")

    assert result.exit_code == 0, result.output
    with opened(db) as app:
        assert app.accounts.authenticate(result.stdout.strip().splitlines()[-1]).body_id == body.id


def test_users_add_grants_another_role_to_an_existing_member(db: str) -> None:
    run("--db", db, "users", "add", "dan", "--role", "deputy")
    result = run("--db", db, "users", "add", "dan", "--role", "auditor")

    assert result.exit_code == 0, result.output
    assert "auditor, deputy" in result.stdout


def test_an_official_without_a_body_is_refused_in_one_line(db: str) -> None:
    line = assert_one_line_error(run("--db", db, "users", "add", "olga", "--role", "official"))

    assert "--body" in line


def test_an_unknown_body_is_refused_in_one_line(db: str) -> None:
    line = assert_one_line_error(run("--db", db, "users", "add", "olga", "--role", "official", "--body", "nowhere"))

    assert "nowhere" in line


def test_an_unknown_role_is_refused_in_one_line(db: str) -> None:
    line = assert_one_line_error(run("--db", db, "users", "add", "merlin", "--role", "wizard"))

    assert "wizard" in line


def test_a_username_the_domain_refuses_is_one_line(db: str) -> None:
    assert_one_line_error(run("--db", db, "users", "add", "No Spaces Please", "--role", "admin"))


@pytest.mark.parametrize("url", ["nosuch://db", "sqlite://", "feedback.sqlite", "postgresql://host-only"])
def test_a_bad_database_url_is_one_line_without_a_traceback(url: str) -> None:
    line = assert_one_line_error(run("--db", url, "init"))

    assert "URL" in line or "sqlite" in line or "database" in line


def test_a_bad_setting_in_the_environment_is_one_line(db: str) -> None:
    assert_one_line_error(run("--db", db, "init", env={"FEEDBACK_ANSWER_WITHIN_DAYS": "soon"}))


# -- serve ------------------------------------------------------------------------------------


def test_serve_runs_the_site_under_waitress_and_prints_its_url(monkeypatch: pytest.MonkeyPatch) -> None:
    import waitress

    served: dict[str, Any] = {}
    monkeypatch.setattr(waitress, "serve", lambda app, **options: served.update(app=app, **options))

    result = run("--db", "memory://", "serve", "--port", "5055", "--threads", "2")

    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:5055/" in result.stdout
    assert served["port"] == 5055 and served["threads"] == 2
    assert served["app"].test_client().get("/api/v1/venues").status_code == 200


def test_serve_on_a_busy_port_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import waitress

    def busy(app: Any, **options: Any) -> None:
        raise OSError(98, "Address already in use")

    monkeypatch.setattr(waitress, "serve", busy)

    line = assert_one_line_error(run("--db", "memory://", "serve"))

    assert "Address already in use" in line


def test_projections_rebuild_in_one_pass_or_shared_among_processes(db: str) -> None:
    assert run("--db", db, "demo", "--suggestions", SMALL).exit_code == 0
    for jobs in ("1", "2"):
        result = run("--db", db, "projections", "rebuild", "--jobs", jobs, "--quiet")
        assert result.exit_code == 0, result.output
        assert "work_queue, topic_board, adoption, hospitals, public_board: rebuilt from" in result.output
        status = run("--db", db, "projections", "status")
        assert status.exit_code == 0, status.output
        assert status.output.count(" current") == 5  # every projection caught up, none stale
        with opened(db) as app:
            from projections import build_projector

            assert build_projector(app.suggestions).max_lag() == 0
    assert "no projection named 'wq'" in assert_one_line_error(run("--db", db, "projections", "rebuild", "wq"))
    assert "--jobs" in assert_one_line_error(run("--db", db, "projections", "rebuild", "--jobs", "0"))


def test_the_demo_refuses_a_store_that_holds_events_but_no_ideas(db: str) -> None:
    run("--db", db, "users", "add", "mona", "--role", "moderator", "--password", "s3cret-pass")

    result = run("--db", db, "demo", "--suggestions", "5", "--quiet")

    assert "empty store" in assert_one_line_error(result)
    with opened(db) as app:
        assert app.suggestions.count_suggestions() == 0
