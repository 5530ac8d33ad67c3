"""The application layer (FeedbackApp), on the in-memory and the SQLite store."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from eventsourcing.utils import get_topic

from domain.actors import Actor
from domain.suggestion import Suggestion
from domain.values import AgeBand, Category, Channel, Decision, Reaction, Role, Status, VenueKind
from feedback.application import FeedbackApp
from feedback.bootstrap import bootstrap
from feedback.config import Settings
from feedback.errors import ActionRefused, Conflict, Forbidden, InvalidInput, NotAuthenticated, NotFound

if TYPE_CHECKING:
    from tests.conftest import Seeded

WORDS = "我想要一个会唱歌的秋千 🎠🎶"
TITLE = "唱歌的秋千 🎶"
COMMENT = "可是我还是想要 😢"


def today():  # noqa: ANN201
    return datetime.now(timezone.utc).date()


DUE = today() + timedelta(days=14)


def submit(app: FeedbackApp, text: str = "Please put more swings in the park", **kwargs: Any) -> Suggestion:
    kwargs.setdefault("channel", Channel.MESSAGE_BOARD)
    kwargs.setdefault("venue", "huadu-board" if kwargs["channel"] is Channel.MESSAGE_BOARD else None)
    return app.submit(category=Category.SPACES, age_band=AgeBand.AGE_9_11, text=text, **kwargs)


def act(seeded: Seeded, username: str, code: str, action: str, **params: Any) -> Suggestion:
    return seeded.app.act(seeded.staff(username), code, action, **params)


PARAMS: dict[str, dict[str, Any]] = {
    "accept": {},
    "decline": {"reason": "not an idea", "explanation": "We could not find an idea in this note."},
    "assign_topic": {"topic": "school-nutrition"},
    "forward": {"body": "health-commission", "due": DUE},
    "answer": {
        "decision": Decision.ADOPTED,
        "response": "The Health Commission will add fruit to lunches.",
        "explanation": "Yes! There will be fruit with lunch from next term.",
    },
    "progress": {"percent": 60, "note": "Six schools of ten have fruit now."},
    "implemented": {"evidence": "Every school lunch has fruit; see the menu."},
}


def params_for(seeded: Seeded, action: str) -> dict[str, Any]:
    if action == "merge":
        return {"into": submit(seeded.app, "Swings, please").code}
    return PARAMS[action]


STAGES: dict[str, list[tuple[str, str]]] = {
    "submitted": [],
    "under_review": [("mona", "accept")],
    "forwarded": [("mona", "accept"), ("dan", "forward")],
    "answered": [("mona", "accept"), ("dan", "forward"), ("olga", "answer")],
}


def item_at(seeded: Seeded, stage: str) -> Suggestion:
    """Submit an idea and take it to ``stage`` through the rightful roles."""
    item = submit(seeded.app)
    for username, action in STAGES[stage]:
        item = act(seeded, username, item.code, action, **params_for(seeded, action))
    return item


def names(events: list[Any]) -> list[str]:
    return [type(event).__name__ for event in events]


# -- the child ---------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param(lambda code: code, id="as-given"),
        pytest.param(str.lower, id="lower-case"),
        pytest.param(lambda code: code.replace("-", ""), id="no-dash"),
        pytest.param(lambda code: f" {code.lower().replace('-', ' ')} ", id="spaces"),
    ],
)
def test_a_child_finds_the_idea_by_its_code_typed_any_way(seeded: Seeded, typed: Callable[[str], str]) -> None:
    item = submit(seeded.app, WORDS, title=TITLE)
    found = seeded.app.get_suggestion(typed(item.code))
    assert (found.id, found.code, found.status, found.version) == (item.id, item.code, Status.SUBMITTED, 1)
    assert (found.text.text, found.title.text) == (WORDS, TITLE)
    assert found.venue_id == seeded.app.get_venue("huadu-board").id
    assert found.answer_due == seeded.app.clock.today() + timedelta(days=30)  # the city's today, not UTC's
    assert seeded.app.history(typed(item.code))[0].actor == Actor.child()


def test_a_facilitator_files_a_paper_note_on_a_childs_behalf(seeded: Seeded) -> None:
    item = submit(seeded.app, actor=Actor.facilitator("fay"))
    assert seeded.app.get_suggestion(item.code).assisted is True
    assert seeded.app.history(item.code)[0].actor == Actor.facilitator("fay")
    assert seeded.app.get_suggestion(submit(seeded.app).code).assisted is False


def test_a_hospital_review_keeps_its_face_ratings(seeded: Seeded) -> None:
    ratings = {"waiting_room": 2, "picture_books": 5}
    item = submit(seeded.app, "", channel=Channel.HOSPITAL_REVIEW, venue="first-peoples-hospital", ratings=ratings)
    assert seeded.app.get_suggestion(item.code).ratings == ratings


def test_an_idea_from_the_web_needs_no_venue(seeded: Seeded) -> None:
    item = submit(seeded.app, channel=Channel.WEB)
    assert seeded.app.get_suggestion(item.code).venue_id is None
    assert seeded.app.count_suggestions() == 1


# -- the whole way ------------------------------------------------------------


def test_an_idea_goes_the_whole_way_with_each_role_doing_its_part(seeded: Seeded) -> None:
    app = seeded.app
    code = submit(app, WORDS).code.lower()
    steps = [
        ("mona", "accept", Status.UNDER_REVIEW),
        ("dan", "assign_topic", Status.UNDER_REVIEW),
        ("dan", "forward", Status.FORWARDED),
        ("olga", "answer", Status.ANSWERED),
        ("olga", "progress", Status.IN_PROGRESS),
        ("olga", "implemented", Status.IMPLEMENTED),
    ]
    for number, (username, action, status) in enumerate(steps, start=2):
        item = act(seeded, username, code, action, **PARAMS[action])
        assert (item.status, item.version) == (status, number)
        assert app.get_suggestion(code).status is status

    item = app.get_suggestion(code)
    topic = app.get_topic("school-nutrition")
    assert (item.decision, item.progress, item.topic_id) == (Decision.ADOPTED, 100, topic.id)
    assert item.body_id == app.get_venue("health-commission").id
    assert item.explanation == PARAMS["answer"]["explanation"]
    assert topic.suggestion_ids == [item.id]
    history = app.history(code)
    assert names(history) == [
        "Submitted", "Accepted", "TopicAssigned", "Forwarded", "Answered", "ProgressRecorded", "Implemented",
    ]  # fmt: skip
    assert [e.actor for e in history] == [Actor.child()] + [Actor.staff(u) for u, _, _ in steps]


def test_a_deputy_answers_an_item_not_forwarded_to_any_body(seeded: Seeded) -> None:
    item = item_at(seeded, "under_review")
    item = act(seeded, "dan", item.code, "answer", **PARAMS["answer"])
    assert item.status is Status.ANSWERED


def test_re_routing_hands_the_item_to_the_other_body(seeded: Seeded) -> None:
    item = item_at(seeded, "forwarded")
    act(seeded, "dan", item.code, "forward", body="education-bureau", due=DUE + timedelta(days=7))
    with pytest.raises(Forbidden):
        act(seeded, "olga", item.code, "answer", **PARAMS["answer"])
    item = act(seeded, "eddie", item.code, "answer", **PARAMS["answer"])
    assert (item.status, item.body_id, item.forward_due) == (
        Status.ANSWERED,
        seeded.app.get_venue("education-bureau").id,
        DUE + timedelta(days=7),
    )


def test_a_duplicate_is_merged_and_both_items_keep_the_record(seeded: Seeded) -> None:
    duplicate, target = submit(seeded.app), item_at(seeded, "forwarded")
    act(seeded, "mona", duplicate.code, "merge", into=target.code.lower())
    duplicate, target = seeded.app.get_suggestion(duplicate.code), seeded.app.get_suggestion(target.code)
    assert (duplicate.status, duplicate.merged_into) == (Status.MERGED, target.id)
    assert (target.status, target.duplicates) == (Status.FORWARDED, [duplicate.id])
    assert names(seeded.app.history(target.code))[-1] == "DuplicateMerged"


def test_an_unhappy_child_asks_once_to_look_again(seeded: Seeded) -> None:
    app = seeded.app
    item = item_at(seeded, "forwarded")
    not_adopted = dict(PARAMS["answer"], decision=Decision.NOT_ADOPTED)
    act(seeded, "olga", item.code, "answer", **not_adopted)
    item = app.reconsider(item.code, COMMENT)
    assert (item.status, item.reaction, str(item.reaction_comment)) == (Status.UNDER_REVIEW, Reaction.UNHAPPY, COMMENT)
    act(seeded, "olga", item.code, "answer", **not_adopted)
    with pytest.raises(ActionRefused, match="once"):
        app.reconsider(item.code)
    assert app.get_suggestion(item.code).status is Status.ANSWERED
    assert [e.actor for e in app.history(item.code) if type(e).__name__ in ("Reacted", "ReconsiderationRequested")] == [
        Actor.child(),
        Actor.child(),
    ]


# -- permissions ---------------------------------------------------------------

# (who, action, stage, who may): the step is valid at that stage, just not for them.
FORBIDDEN = [
    ("eddie", "answer", "forwarded", "olga"),  # an official of another body
    ("eddie", "progress", "answered", "olga"),
    ("eddie", "implemented", "answered", "olga"),
    ("olga", "answer", "under_review", "dan"),  # not yet forwarded to her body
    ("olga", "accept", "submitted", "mona"),
    ("olga", "forward", "under_review", "dan"),
    ("dan", "answer", "forwarded", "olga"),  # forwarded to a body: the body answers
    ("dan", "accept", "submitted", "mona"),
    ("dan", "merge", "submitted", "mona"),
    ("mona", "assign_topic", "under_review", "dan"),
    ("mona", "forward", "under_review", "dan"),
    ("mona", "answer", "under_review", "dan"),
    ("audrey", "accept", "submitted", "mona"),
    ("audrey", "decline", "submitted", "mona"),
    ("audrey", "forward", "under_review", "dan"),
    ("audrey", "answer", "forwarded", "olga"),
    ("fay", "accept", "submitted", "mona"),
    ("fay", "decline", "submitted", "mona"),
    ("adam", "accept", "submitted", "mona"),
    ("adam", "implemented", "answered", "olga"),
    ("sam", "decline", "submitted", "mona"),
]


@pytest.mark.parametrize(
    "who, action, stage, rightful", [pytest.param(*case, id=f"{case[0]}-{case[1]}") for case in FORBIDDEN]
)
def test_a_role_that_may_not_take_a_step_is_forbidden(
    seeded: Seeded, who: str, action: str, stage: str, rightful: str
) -> None:
    item = item_at(seeded, stage)
    params = params_for(seeded, action)
    with pytest.raises(Forbidden):
        act(seeded, who, item.code, action, **params)
    assert seeded.app.get_suggestion(item.code).version == item.version
    assert act(seeded, rightful, item.code, action, **params).version == item.version + 1


def test_an_official_whose_role_was_revoked_may_no_longer_answer(seeded: Seeded) -> None:
    item = item_at(seeded, "forwarded")
    olga = seeded.staff("olga")
    olga.revoke(Role.OFFICIAL)
    seeded.app.save(olga)
    with pytest.raises(Forbidden):
        act(seeded, "olga", item.code, "answer", **PARAMS["answer"])


# -- refusals, conflicts, unknowns ------------------------------------------------


def test_a_stale_expected_version_is_a_conflict_and_changes_nothing(seeded: Seeded) -> None:
    item = item_at(seeded, "under_review")
    for stale in (item.version - 1, item.version + 1):
        with pytest.raises(Conflict, match=f"version {item.version}"):
            act(seeded, "dan", item.code, "forward", expected_version=stale, **PARAMS["forward"])
    assert seeded.app.get_suggestion(item.code).status is Status.UNDER_REVIEW
    item = act(seeded, "dan", item.code, "forward", expected_version=item.version, **PARAMS["forward"])
    assert item.status is Status.FORWARDED


def interleave(app: FeedbackApp, meanwhile: Callable[[], object]) -> None:
    """Make ``app`` load an item, then let ``meanwhile`` change it before ``app`` saves."""
    load = app.get_suggestion
    pending = [meanwhile]

    def load_then_someone_else_acts(code: str) -> Suggestion:
        item = load(code)
        while pending:
            pending.pop()()
        return item

    app.get_suggestion = load_then_someone_else_acts  # type: ignore[method-assign]


def check_nothing_lost(app: FeedbackApp, code: str) -> None:
    """The first writer's step is kept, the loser's is not, and a retry succeeds."""
    assert app.get_suggestion(code).status is Status.FORWARDED
    assert app.get_topic("school-nutrition").suggestion_ids == []
    app.assign_topic(code, "school-nutrition", Actor.staff("dan"))
    item = app.get_suggestion(code)
    assert names(app.history(code)) == ["Submitted", "Accepted", "Forwarded", "TopicAssigned"]
    assert (item.status, item.topic_id) == (Status.FORWARDED, app.get_topic("school-nutrition").id)
    assert app.get_topic("school-nutrition").suggestion_ids == [item.id]


def test_a_save_on_an_item_that_moved_on_meanwhile_is_a_conflict(seeded: Seeded) -> None:
    app = seeded.app
    code = item_at(seeded, "under_review").code
    interleave(app, lambda: app.forward(code, "health-commission", DUE, Actor.staff("dan")))
    with pytest.raises(Conflict):
        app.assign_topic(code, "school-nutrition", Actor.staff("dan"))
    del app.get_suggestion  # back to the real method
    check_nothing_lost(app, code)


ON_SQLITE = pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)


@pytest.fixture
def second_app(seeded: Seeded) -> Iterator[FeedbackApp]:
    """Another application object (another worker) on the seeded store."""
    app = bootstrap(Settings(database_url=seeded.app.settings.database_url)).suggestions
    yield app
    app.close()


def test_a_step_that_conflicts_on_any_aggregate_saves_none_of_them(seeded: Seeded) -> None:
    app = seeded.app
    code, other = item_at(seeded, "under_review").code, item_at(seeded, "under_review").code
    interleave(app, lambda: app.assign_topic(other, "school-nutrition", Actor.staff("lin")))
    with pytest.raises(Conflict):
        app.assign_topic(code, "school-nutrition", Actor.staff("dan"))
    del app.get_suggestion
    assert names(app.history(code)) == ["Submitted", "Accepted"]
    assert app.get_topic("school-nutrition").suggestion_ids == [app.get_suggestion(other).id]
    app.assign_topic(code, "school-nutrition", Actor.staff("dan"))
    assert len(app.get_topic("school-nutrition").suggestion_ids) == 2


@ON_SQLITE
def test_two_workers_on_one_sqlite_file_cannot_overwrite_each_other(
    seeded: Seeded, second_app: FeedbackApp
) -> None:
    first, second = seeded.app, second_app
    code = submit(first).code
    second.accept(code, Actor.staff("mona"))
    interleave(second, lambda: first.forward(code, "health-commission", DUE, Actor.staff("dan")))
    with pytest.raises(Conflict):
        second.assign_topic(code, "school-nutrition", Actor.staff("dan"))
    check_nothing_lost(first, code)
    assert names(second.history(code)) == names(first.history(code))


REFUSALS: list[tuple[str, Callable[[FeedbackApp, str], object]]] = [
    ("answer-before-review", lambda app, code: app.answer(code, Decision.ADOPTED, "r", "e", Actor.staff("dan"))),
    ("decline-without-explanation", lambda app, code: app.decline(code, "spam", "  ", Actor.staff("mona"))),
    ("progress-before-answer", lambda app, code: app.record_progress(code, 10, "n", Actor.staff("olga"))),
    ("implemented-before-answer", lambda app, code: app.mark_implemented(code, "e", Actor.staff("olga"))),
    ("merge-into-itself", lambda app, code: app.merge(code, code.lower(), Actor.staff("mona"))),
    ("react-before-answer", lambda app, code: app.react(code, Reaction.HAPPY)),
    ("reconsider-before-answer", lambda app, code: app.reconsider(code, COMMENT)),
]


@pytest.mark.parametrize("refusal", [r for _, r in REFUSALS], ids=[name for name, _ in REFUSALS])
def test_a_step_the_domain_refuses_is_an_action_refused_and_changes_nothing(
    seeded: Seeded, refusal: Callable[[FeedbackApp, str], object]
) -> None:
    code = submit(seeded.app).code
    with pytest.raises(ActionRefused) as refused:
        refusal(seeded.app, code)
    assert str(refused.value).strip()
    assert names(seeded.app.history(code)) == ["Submitted"]


def test_withdrawing_twice_is_refused(seeded: Seeded) -> None:
    code = submit(seeded.app).code
    assert seeded.app.withdraw(code).status is Status.WITHDRAWN
    with pytest.raises(ActionRefused, match="withdrawn"):
        seeded.app.withdraw(code)


@pytest.mark.parametrize(
    "ratings, channel", [({"waiting_room": 9}, Channel.HOSPITAL_REVIEW), ({"waiting_room": 3}, Channel.WEB)]
)
def test_wrong_face_ratings_are_refused_and_nothing_is_filed(
    seeded: Seeded, ratings: dict[str, int], channel: Channel
) -> None:
    venue = "first-peoples-hospital" if channel is Channel.HOSPITAL_REVIEW else None
    with pytest.raises(ActionRefused):
        submit(seeded.app, channel=channel, venue=venue, ratings=ratings)
    assert seeded.app.count_suggestions() == 0


UNKNOWN_CODES = ["ZZZZ-ZZZZ", "zzzz zzzz", "not-a-code", "", "K7QM-4XW0"]


@pytest.mark.parametrize("code", UNKNOWN_CODES)
def test_an_unknown_code_is_not_found(seeded: Seeded, code: str) -> None:
    submit(seeded.app)
    with pytest.raises(NotFound):
        seeded.app.get_suggestion(code)
    with pytest.raises(NotFound):
        seeded.app.history(code)
    with pytest.raises(NotFound):
        act(seeded, "mona", code, "accept")
    with pytest.raises(NotFound):
        seeded.app.withdraw(code)


@pytest.mark.parametrize(
    "stage, who, action, params, field",
    [
        ("submitted", "mona", "merge", {"into": "ZZZZ-ZZZZ"}, "into"),
        ("under_review", "dan", "assign_topic", {"topic": "no-such-topic"}, "topic"),
        ("under_review", "dan", "forward", {"body": "no-such-bureau", "due": DUE}, "body"),
    ],
    ids=["merge", "assign_topic", "forward"],
)
def test_a_step_naming_something_unknown_is_invalid_input(
    seeded: Seeded, stage: str, who: str, action: str, params: dict[str, Any], field: str
) -> None:
    item = item_at(seeded, stage)
    with pytest.raises(InvalidInput) as invalid:
        act(seeded, who, item.code, action, **params)
    assert invalid.value.fields[field]
    assert seeded.app.get_suggestion(item.code).version == item.version


@pytest.mark.parametrize(
    "find, key",
    [("get_venue", "nowhere"), ("get_topic", "no-such-topic"), ("get_staff", "ghost"), ("get_venue", "school-nutrition")],
)
def test_unknown_venues_topics_and_staff_are_not_found(seeded: Seeded, find: str, key: str) -> None:
    with pytest.raises(NotFound):
        getattr(seeded.app, find)(key)


@pytest.mark.parametrize(
    "channel, venue",
    [
        (Channel.MESSAGE_BOARD, "first-peoples-hospital"),
        (Channel.MESSAGE_BOARD, "little-kunyu"),
        (Channel.HOSPITAL_REVIEW, "huadu-board"),
        (Channel.OBSERVATION_GROUP, "huadu-board"),
        (Channel.OBSERVATION_GROUP, "health-commission"),
        (Channel.MESSAGE_BOARD, ""),
        (Channel.HOSPITAL_REVIEW, "no-such-hospital"),
    ],
    ids=str,
)
def test_a_venue_that_does_not_fit_the_channel_is_invalid_input(seeded: Seeded, channel: Channel, venue: str) -> None:
    with pytest.raises(InvalidInput) as invalid:
        submit(seeded.app, channel=channel, venue=venue)
    assert invalid.value.fields["venue"]
    assert seeded.app.count_suggestions() == 0


@pytest.mark.parametrize("channel, venue", [(Channel.MESSAGE_BOARD, "huadu-board"), (Channel.WEB, "huadu")])
def test_a_closed_venue_takes_no_new_ideas(seeded: Seeded, channel: Channel, venue: str) -> None:
    assert submit(seeded.app, channel=channel, venue=venue)
    place = seeded.app.get_venue(venue)
    place.close()
    seeded.app.save(place)
    with pytest.raises(InvalidInput):
        submit(seeded.app, channel=channel, venue=venue)
    assert seeded.app.count_suggestions() == 1


@pytest.mark.parametrize(
    "body, due, field",
    [
        ("huadu-board", DUE, "body"),
        ("little-kunyu", DUE, "body"),
        ("health-commission", today() - timedelta(days=1), "due"),
    ],
)
def test_forwarding_needs_a_body_that_answers_and_a_future_due_date(
    seeded: Seeded, body: str, due: Any, field: str
) -> None:
    item = item_at(seeded, "under_review")
    with pytest.raises(InvalidInput) as invalid:
        act(seeded, "dan", item.code, "forward", body=body, due=due)
    assert field in invalid.value.fields
    assert seeded.app.get_suggestion(item.code).status is Status.UNDER_REVIEW


def test_a_hospital_answers_for_itself(seeded: Seeded) -> None:
    item = item_at(seeded, "under_review")
    item = act(seeded, "dan", item.code, "forward", body="first-peoples-hospital", due=DUE)
    assert item.body_id == seeded.app.get_venue("first-peoples-hospital").id


# -- children's words at rest -----------------------------------------------------


def leaks(blob: bytes, *phrases: str) -> list[str]:
    """Return the phrases found in ``blob``, raw or JSON-escaped."""
    forms = {p: (p.encode(), json.dumps(p).strip('"').encode()) for p in phrases}
    return [p for p, encoded in forms.items() if any(form in blob for form in encoded)]


def test_a_childs_words_are_stored_encrypted(seeded: Seeded, tmp_path: Path) -> None:
    app = seeded.app
    item = submit(app, WORDS, title=TITLE)
    act(seeded, "mona", item.code, "accept")
    act(seeded, "dan", item.code, "answer", **dict(PARAMS["answer"], decision=Decision.NOT_ADOPTED))
    app.react(item.code, Reaction.UNHAPPY, COMMENT)

    stored = app.recorder.select_events(item.id)
    notifications = app.recorder.select_notifications(start=1, limit=1000)
    assert len(stored) == 4 and len(notifications) > 4
    for row in [*stored, *notifications]:
        assert leaks(row.state, WORDS, TITLE, COMMENT) == []
    # The official's words are not the child's: they stay readable, which shows the check can see text.
    assert leaks(b"".join(row.state for row in stored), PARAMS["answer"]["response"])
    if app.settings.store.scheme == "sqlite":
        files = list(tmp_path.glob("feedback.sqlite*"))
        assert files
        for path in files:
            assert leaks(path.read_bytes(), WORDS, TITLE, COMMENT) == []


def test_erasing_an_item_shreds_its_words_but_keeps_every_event(seeded: Seeded) -> None:
    app = seeded.app
    item = submit(app, WORDS, title=TITLE)
    other = submit(app, "Another child's idea")
    act(seeded, "mona", item.code, "accept")
    act(seeded, "dan", item.code, "answer", **dict(PARAMS["answer"], decision=Decision.NOT_ADOPTED))
    app.react(item.code, Reaction.UNHAPPY, COMMENT)
    before = names(app.history(item.code))

    assert app.keys.destroy(item.id) is True

    erased = app.get_suggestion(item.code)
    assert erased.text.is_erased and erased.title.is_erased and erased.reaction_comment.is_erased
    assert str(erased.text) == ""
    assert (erased.status, erased.decision, erased.explanation) == (
        Status.ANSWERED,
        Decision.NOT_ADOPTED,
        PARAMS["answer"]["explanation"],
    )
    assert names(app.history(item.code)) == before
    assert len(app.recorder.select_events(item.id)) == len(before)
    assert app.get_suggestion(other.code).text.text == "Another child's idea"


def test_an_erased_item_stays_readable_when_the_child_writes_again(seeded: Seeded) -> None:
    app = seeded.app
    item = item_at(seeded, "answered")
    app.keys.destroy(item.id)
    app.react(item.code, Reaction.UNHAPPY, COMMENT)
    again = app.get_suggestion(item.code)
    assert again.text.is_erased
    assert again.reaction is Reaction.UNHAPPY and again.reaction_comment.is_erased


@ON_SQLITE
def test_the_sqlite_store_keeps_everything_for_the_next_start(seeded: Seeded, tmp_path: Path) -> None:
    first = seeded.app
    code = submit(first, WORDS).code
    act(seeded, "mona", code, "accept")
    first.close()
    assert (tmp_path / "feedback.master.key").exists()

    second = bootstrap(Settings(database_url=first.settings.database_url))
    try:
        item = second.suggestions.get_suggestion(code)
        assert (item.status, item.text.text) == (Status.UNDER_REVIEW, WORDS)
        assert second.accounts.authenticate(seeded.tokens["mona"]).username == "mona"
        assert "huadu-board" in {venue.slug for venue in second.places.list_venues()}
        assert second.suggestions.count_suggestions() == 1
    finally:
        second.close()


# -- catalogue and staff ------------------------------------------------------------


def test_the_lists_of_venues_and_topics_follow_registrations(seeded: Seeded) -> None:
    app, places = seeded.app, seeded.services.places
    assert "new-park" not in {v.slug for v in places.list_venues()}
    park = places.register_venue("new-park", VenueKind.PARK, "Riverside Park", "Yushan")
    places.open_topic("safe-roads", "Child-friendly transportation", "2026 Two Sessions")
    assert "new-park" in {v.slug for v in places.list_venues()}
    assert {v.slug for v in places.list_venues(VenueKind.BODY)} == {"health-commission", "education-bureau"}
    assert {t.slug for t in places.list_topics()} == {"school-nutrition", "safe-roads"}
    assert places.venue_name(park.id) == "Riverside Park"
    assert places.topic_name(app.get_topic("safe-roads").id) == "Child-friendly transportation"

    park.rename("Riverside Children's Park")
    app.save(park)
    assert places.venue_name(park.id) == "Riverside Children's Park"
    assert [v.name for v in places.list_venues(VenueKind.PARK)] == ["Riverside Children's Park"]


def test_registering_a_venue_or_topic_again_changes_nothing(seeded: Seeded) -> None:
    places = seeded.services.places
    venue = places.register_venue("Health-Commission", VenueKind.BODY, "Another name")
    topic = places.open_topic("school-nutrition", "Another name", "2027")
    assert (venue.name, venue.version) == ("Health Commission", 1)
    assert (topic.name, topic.version) == ("School nutrition", 1)
    assert len(places.list_venues()) == 6


def test_a_deputy_joins_a_topic(seeded: Seeded) -> None:
    seeded.services.places.join_topic("school-nutrition", "dan")
    topic = seeded.app.get_topic("school-nutrition")
    assert topic.deputies == ["dan"]
    assert list(seeded.app.events.get(topic.id))[-1].actor == Actor.staff("dan")


def test_a_new_staff_members_token_authenticates_them(seeded: Seeded) -> None:
    member, token = seeded.services.accounts.add_staff("Lin", Role.OFFICIAL, body="education-bureau", display_name="Lin Wei")
    assert seeded.services.accounts.authenticate(token).username == "lin"
    found = seeded.services.accounts.get_staff("lin")
    assert (found.display_name, found.body_id) == ("Lin Wei", seeded.app.get_venue("education-bureau").id)
    for username, token in seeded.tokens.items():
        assert seeded.services.accounts.authenticate(token).username == username


def test_a_second_role_adds_to_the_first_and_both_tokens_work(seeded: Seeded) -> None:
    _, second_token = seeded.services.accounts.add_staff("mona", Role.DEPUTY)
    mona = seeded.services.accounts.get_staff("mona")
    assert mona.has_role(Role.MODERATOR) and mona.has_role(Role.DEPUTY)
    assert seeded.services.accounts.authenticate(seeded.tokens["mona"]).username == "mona"
    assert seeded.services.accounts.authenticate(second_token).username == "mona"


def test_revoked_tokens_no_longer_authenticate(seeded: Seeded) -> None:
    _, second_token = seeded.services.accounts.add_staff("mona", Role.DEPUTY)
    assert seeded.services.accounts.revoke_tokens("mona") == 2
    for token in (seeded.tokens["mona"], second_token):
        with pytest.raises(NotAuthenticated):
            seeded.services.accounts.authenticate(token)
    assert seeded.services.accounts.authenticate(seeded.tokens["dan"]).username == "dan"


@pytest.mark.parametrize("token", ["", "not-a-token", "Bearer x"])
def test_a_made_up_token_does_not_authenticate(seeded: Seeded, token: str) -> None:
    with pytest.raises(NotAuthenticated):
        seeded.services.accounts.authenticate(token)


def test_tokens_are_not_kept_in_the_event_log(seeded: Seeded) -> None:
    log = b"".join(n.state for n in seeded.app.recorder.select_notifications(start=1, limit=1000))
    assert log
    for token in seeded.tokens.values():
        assert token.encode() not in log


@pytest.mark.parametrize(
    "role, body",
    [
        (Role.OFFICIAL, None),
        (Role.OFFICIAL, "huadu-board"),
        (Role.MODERATOR, "health-commission"),
    ],
)
def test_an_official_needs_a_responsible_body_and_only_officials_have_one(
    seeded: Seeded, role: Role, body: str | None
) -> None:
    with pytest.raises(InvalidInput):
        seeded.services.accounts.add_staff("newcomer", role, body=body)
    with pytest.raises(NotFound):
        seeded.services.accounts.get_staff("newcomer")


def test_events_of_every_kind_are_in_one_log(seeded: Seeded) -> None:
    item_at(seeded, "answered")
    topics = {n.topic for n in seeded.app.recorder.select_notifications(start=1, limit=1000)}
    assert get_topic(Suggestion.Answered) in topics
    assert {"domain.venue:Venue.Registered", "domain.staff:StaffMember.RoleGranted"} <= topics
