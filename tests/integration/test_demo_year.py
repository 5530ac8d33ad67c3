"""The demo lives through a programme year: written in time order, from the autumn before the Two Sessions to today.

Each store (in-memory, SQLite, PostgreSQL) gets the same small demo once; the tests
read what a person looking at the store would notice: when things happened, how
long answers took, what is overdue, what the screen held or sealed, which scripts
children wrote in, and the Two Sessions' proposals.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from domain.suggestion import Suggestion
from domain.values import Role, Status
from feedback.audit import event_time
from feedback.bootstrap import Services, bootstrap
from feedback.clock import Clock
from feedback.demo import Year, load_demo
from feedback.errors import ActionRefused
from feedback.past import PastMoments
from tests.conftest import STORES, settings_for

IDEAS = 90
WAITING = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.FORWARDED)


@pytest.fixture(scope="module", params=STORES)
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """A store holding the demo's year (seed 7), once per kind of store."""
    if request.param == "memory":
        url = "memory://"
    elif request.param == "postgres":
        url = request.getfixturevalue("pg_server").create_database()
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('year')}/feedback.sqlite"
    services = bootstrap(settings_for(url))
    load_demo(services, seed=7, suggestions=IDEAS)
    yield services
    services.close()


def stamps(services: Services) -> list[datetime]:
    notifications = services.suggestions.recorder.select_notifications(start=1, limit=1_000_000)
    found = [event_time(n.state) for n in notifications]
    assert None not in found
    return found  # type: ignore[return-value]


def ideas(services: Services) -> list[Suggestion]:
    app = services.suggestions
    return [app.repository.get(n.originator_id) for n in app.iter_notifications([Suggestion.Submitted])]


def history(services: Services, item: Suggestion) -> list[Any]:
    return list(services.suggestions.history_of(item))


def test_the_log_is_in_time_order_and_spans_more_than_twelve_months(demo: Services) -> None:
    moments = stamps(demo)
    city = demo.clock.zone

    assert moments == sorted(moments)
    assert moments[-1] - moments[0] >= timedelta(days=365)
    first = moments[0].astimezone(city)
    assert (first.month, first.day) == (9, 1)
    assert moments[-1] <= datetime.now(timezone.utc)
    months = {m.astimezone(city).strftime("%Y-%m") for m in moments}
    assert len(months) >= 13


def test_ideas_come_all_year_and_peak_on_the_message_boards_before_childrens_day(demo: Services) -> None:
    city = demo.clock.zone
    filed = [(i.channel.value, history(demo, i)[0].timestamp.astimezone(city).date()) for i in ideas(demo)]
    months = Counter(day.strftime("%Y-%m") for _, day in filed)
    childrens_day = Year.ending(demo.clock.today(), city).childrens_day
    week = [c for c, day in filed if timedelta(0) <= childrens_day - day <= timedelta(days=7)]

    assert len(months) >= 12
    assert week.count("message_board") >= 2  # a week of a year: an even spread would give ~1


def test_answers_take_weeks_and_a_tail_is_overdue(demo: Services) -> None:
    waits = []
    for item in ideas(demo):
        events = history(demo, item)
        answers = [e for e in events if isinstance(e, Suggestion.Answered)]
        if answers:
            waits.append((answers[0].timestamp - events[0].timestamp).total_seconds() / 86400)
    today = demo.clock.today()
    overdue = [i for i in ideas(demo) if i.status in WAITING
               and (i.answer_due < today or (i.status is Status.FORWARDED and i.forward_due is not None and i.forward_due < today))]

    assert 7 <= statistics.median(waits) <= 60
    assert max(waits) > 45  # some answers came late
    assert overdue
    assert len(overdue) < len(ideas(demo)) / 3


def test_about_half_of_the_answers_adopt_the_idea(demo: Services) -> None:
    decisions = Counter(i.decision.value for i in ideas(demo) if i.decision)
    adopted = decisions["adopted"] + decisions["partly_adopted"]

    assert 0.35 <= adopted / sum(decisions.values()) <= 0.7
    assert decisions["not_adopted"]


def test_due_dates_count_from_the_day_each_step_happened(demo: Services) -> None:
    city = demo.clock.zone
    for item in ideas(demo):
        events = history(demo, item)
        asked = [e for e in events if isinstance(e, Suggestion.ReconsiderationRequested)]
        counted_from = (asked[-1] if asked else events[0]).timestamp.astimezone(city).date()  # asking again: a new wait
        assert item.answer_due == counted_from + timedelta(days=demo.settings.answer_within_days)
        for forwarded in (e for e in events if isinstance(e, Suggestion.Forwarded)):
            day = forwarded.timestamp.astimezone(city).date()
            assert 10 <= (forwarded.due - day).days <= 45


def test_the_screen_held_personal_data_and_sealed_a_disclosure(demo: Services) -> None:
    kinds = Counter(type(e).__name__ for i in ideas(demo) for e in history(demo, i))

    assert kinds["HeldForPrivacy"] >= 1
    assert kinds["ReferredToSafeguarding"] >= 1


def test_children_write_mostly_simplified_chinese_some_traditional_a_few_english(demo: Services) -> None:
    scripts = Counter(i.language for i in ideas(demo) if str(i.text))

    assert set(scripts) == {"zh-Hans", "zh-Hant", "en"}
    assert scripts["zh-Hans"] > scripts["zh-Hant"] + scripts["en"]


def test_answers_and_explanations_speak_chinese_to_the_child(demo: Services) -> None:
    answered = [i for i in ideas(demo) if i.decision]

    assert answered
    for item in answered:
        assert "我们" in str(item.explanation) and "我们" in str(item.response)


def test_the_two_sessions_table_numbered_proposals_in_january_and_take_them_through_their_steps(
        demo: Services) -> None:
    city = demo.clock.zone
    topics = demo.places.list_topics()
    app = demo.suggestions

    assert len(topics) == 15
    endings = Counter()
    for topic in topics:
        assert re.fullmatch(r"昆山市(政协 提案|人大 建议)第\d{7}号", topic.proposal_number or "")
        events: list[Any] = list(app.events.get(topic.id))
        tabled = next(e for e in events if type(e).__name__ == "ProposalTabled")
        assert tabled.timestamp.astimezone(city).month == 1
        stages = [step.stage.value for step in topic.standing_steps]
        assert stages[:2] == ["drafted", "tabled"]
        endings[stages[-1]] += 1
        answered = [e for e in events if type(e).__name__ == "ProposalAnswered"]
        assert all(e.timestamp - tabled.timestamp > timedelta(days=60) for e in answered)
        assert not [e for e in events if type(e).__name__ == "OutcomeRecorded"]
    assert endings["closed"] >= 5 and endings["answered"] >= 2
    assert endings["merged"] == 1 and endings["not_accepted"] == 1
    corrected = [step for topic in topics for step in topic.proposal_steps if step.corrections]
    assert len(corrected) == 1 and corrected[0].stage.value == "accepted"


def test_reactions_and_reconsiderations_follow_answers(demo: Services) -> None:
    kinds = Counter(type(e).__name__ for i in ideas(demo) for e in history(demo, i))

    assert kinds["Reacted"] and kinds["ReconsiderationRequested"] and kinds["Declined"]


# -- repeatable, and only on an empty store ------------------------------------------------------


def frozen_services(url: str, moment: datetime) -> Services:
    return bootstrap(settings_for(url), Clock(source=lambda: moment))


def told(services: Services) -> list[tuple[Any, ...]]:
    """The log as a reader sees it, without the random codes and ids: kind of event, when, and the words."""
    app = services.suggestions
    rows = []
    for notification in app.recorder.select_notifications(start=1, limit=1_000_000):
        event: Any = app.mapper.to_domain_event(notification)
        rows.append((type(event).__qualname__, event.timestamp, str(getattr(event, "text", "")),
                     str(getattr(event, "explanation", "")), getattr(event, "due", None)))
    return rows


def test_the_same_seed_writes_the_same_year(tmp_path: Path) -> None:
    now = datetime(2026, 11, 20, 3, 0, tzinfo=timezone.utc)
    logs = []
    for name in ("one", "two"):
        services = frozen_services(f"sqlite:///{tmp_path}/{name}.sqlite", now)
        load_demo(services, seed=11, suggestions=30)
        logs.append(told(services))
        services.close()
    other = frozen_services("memory://", now)
    load_demo(other, seed=12, suggestions=30)

    assert logs[0] == logs[1]
    assert told(other) != logs[0]


def test_more_ideas_keep_the_years_shape(tmp_path: Path) -> None:
    now = datetime(2026, 11, 20, 3, 0, tzinfo=timezone.utc)
    services = frozen_services("memory://", now)
    load_demo(services, seed=3, suggestions=150)
    moments = stamps(services)

    assert services.suggestions.count_suggestions() == 150
    assert moments == sorted(moments) and moments[-1] - moments[0] >= timedelta(days=365)


def test_after_the_demo_the_clock_is_as_it_was(tmp_path: Path) -> None:
    now = datetime(2026, 11, 20, 3, 0, tzinfo=timezone.utc)
    services = frozen_services("memory://", now)
    load_demo(services, seed=3, suggestions=20)
    running = bootstrap(settings_for("memory://"))
    load_demo(running, seed=3, suggestions=20)

    assert services.clock.now() == now
    assert abs(running.clock.now() - datetime.now(timezone.utc)) < timedelta(minutes=5)


def test_past_moments_are_refused_on_a_store_that_holds_events(services: Services) -> None:
    services.accounts.add_staff("mona", Role.MODERATOR)

    with pytest.raises(ActionRefused, match="empty store"):
        PastMoments(services.suggestions, services.clock)
    with pytest.raises(ActionRefused, match="empty store"):
        load_demo(services, seed=1, suggestions=10)
    assert services.suggestions.count_suggestions() == 0


def test_past_moments_only_go_forward_and_never_past_now(services: Services) -> None:
    past = PastMoments(services.suggestions, services.clock)
    earlier = datetime(2025, 9, 1, 9, tzinfo=timezone.utc)

    with past.at(earlier + timedelta(days=3)):
        services.places.open_topic("t", "A topic", "2026 Two Sessions")
        assert services.clock.today() == date(2025, 9, 4)
    with pytest.raises(ActionRefused, match="only goes forward"):
        with past.at(earlier):
            pass
    with pytest.raises(ActionRefused, match="has not happened yet"):
        with past.at(datetime.now(timezone.utc) + timedelta(days=1)):
            pass
    assert set(stamps(services)) == {earlier + timedelta(days=3)}
    assert services.clock.today() != date(2025, 9, 4)


def test_everything_else_is_stamped_now(services: Services) -> None:
    services.accounts.add_staff("mona", Role.MODERATOR)
    services.places.open_topic("t", "A topic", "2026 Two Sessions")

    assert all(abs(s - datetime.now(timezone.utc)) < timedelta(minutes=5) for s in stamps(services))
