"""The JSON API of DESIGN §4, through the Flask test client, on every store."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest


IDEA = {
    "channel": "message_board",
    "venue": "huadu-board",
    "category": "spaces",
    "age_band": "9-11",
    "text": "Please put a swing next to the reading corner.",
}
ERROR_KEYS = {"status", "message"}
REF = re.compile(r"[0-9A-F]{10}")  # a public reference as the API answers it


def in_days(days: int) -> str:
    return (datetime.now(timezone.utc).date() + timedelta(days=days)).isoformat()


def submit(client: Any, **changes: Any) -> Any:
    payload = {**IDEA, **changes}
    return client.post("/api/v1/suggestions", json={k: v for k, v in payload.items() if v is not ...})


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def act(client: Any, token: str, ref: str, action: str, **params: Any) -> Any:
    """Take a staff step on the item with this public reference (staff never use the child's code)."""
    return client.post(
        f"/api/v1/suggestions/{ref}/actions", json={"action": action, **params}, headers=bearer(token)
    )


def spellings_of(code: str) -> list[str]:
    """The ways a tracking code could be written: none may show in an answer to staff."""
    return [code, code.lower(), code.replace("-", ""), code.replace("-", "").lower()]


def ok(response: Any, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.get_json()
    assert response.mimetype == "application/json"
    return response.get_json()


def refused(response: Any, status: int, field: str | None = None) -> dict[str, Any]:
    """Assert the one error shape of the API and return the error."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert ERROR_KEYS <= set(error) <= ERROR_KEYS | {"fields"}
    assert error["status"] == status
    assert error["message"].strip()
    if field is not None:
        assert error["fields"][field].strip()
    return error


FORWARD = {"body": "health-commission", "due": in_days(14)}
ANSWER = {
    "decision": "adopted",
    "response": "The Huadu board swing is funded in the 2026 budget.",
    "explanation": "Yes! A swing will be built next to the reading corner.",
}


@pytest.fixture
def idea(client: Any) -> dict[str, Any]:
    """A freshly submitted idea, as the child's answer shows it."""
    return ok(submit(client), 201)


@pytest.fixture
def code(idea: dict[str, Any]) -> str:
    """The tracking code of the idea: the child's secret."""
    return idea["code"]


@pytest.fixture
def ref(idea: dict[str, Any]) -> str:
    """The public reference of the same idea: what staff act on."""
    return idea["ref"]


@pytest.fixture
def accepted(client: Any, tokens: dict[str, str], code: str, ref: str) -> str:
    """The idea (its code), accepted."""
    ok(act(client, tokens["mona"], ref, "accept"))
    return code


@pytest.fixture
def forwarded(client: Any, tokens: dict[str, str], accepted: str, ref: str) -> str:
    """The idea (its code), forwarded to the Health Commission (olga's body, not eddie's)."""
    ok(act(client, tokens["dan"], ref, "forward", **FORWARD))
    return accepted


@pytest.fixture
def answered(client: Any, tokens: dict[str, str], forwarded: str, ref: str) -> str:
    """The idea (its code), answered."""
    ok(act(client, tokens["olga"], ref, "answer", **ANSWER))
    return forwarded


# -- the whole lifecycle ----------------------------------------------------


def test_an_idea_goes_from_submitted_to_implemented_through_the_api(
    client: Any, tokens: dict[str, str], code: str, ref: str
) -> None:
    steps = [
        ("mona", "accept", {}, "under_review"),
        ("dan", "assign_topic", {"topic": "school-nutrition"}, "under_review"),
        ("dan", "forward", FORWARD, "forwarded"),
        ("olga", "answer", ANSWER, "answered"),
        ("olga", "progress", {"percent": 40, "note": "The frame is up."}, "in_progress"),
        ("olga", "implemented", {"evidence": "Photo of children on the new swing."}, "implemented"),
    ]
    for version, (user, action, params, status) in enumerate(steps, start=2):
        item = ok(act(client, tokens[user], ref, action, **params))
        assert (item["status"], item["version"]) == (status, version), action
        assert item["ref"] == ref and "code" not in item, action

    item = ok(client.get(f"/api/v1/suggestions/{code}"))
    assert item["decision"] == "adopted"
    assert item["explanation"] == ANSWER["explanation"]
    assert item["response"] == ANSWER["response"]
    assert item["progress"] == 100
    assert item["evidence"] == "Photo of children on the new swing."
    assert item["topic"]["name"] == "School nutrition"
    assert item["body"]["name"] == "Health Commission"
    assert [step["event"] for step in item["timeline"]] == [
        "Submitted",
        "Accepted",
        "TopicAssigned",
        "Forwarded",
        "Answered",
        "ProgressRecorded",
        "Implemented",
    ]


def test_each_step_returns_the_item_as_a_get_would_but_without_the_code(
    client: Any, tokens: dict[str, str], code: str, ref: str
) -> None:
    after_accept = ok(act(client, tokens["mona"], ref, "accept"))
    as_the_child_sees_it = ok(client.get(f"/api/v1/suggestions/{code}"))
    assert as_the_child_sees_it.pop("code") == code
    assert after_accept == as_the_child_sees_it


# -- submitting -------------------------------------------------------------


def test_submitting_answers_201_with_the_tracking_code_and_where_to_find_it(client: Any) -> None:
    response = submit(client)
    item = ok(response, 201)
    assert item["status"] == "submitted"
    assert item["version"] == 1
    assert (item["channel"], item["category"], item["age_band"]) == ("message_board", "spaces", "9-11")
    assert item["venue"]["name"] == "Huadu Message Board"
    assert REF.fullmatch(item["ref"]), item["ref"]
    assert response.headers["Location"].endswith(f"/api/v1/suggestions/{item['code']}")
    again = ok(client.get(response.headers["Location"]))
    assert (again["code"], again["ref"]) == (item["code"], item["ref"])


@pytest.mark.parametrize("changes", [
    {},
    {"text": "My phone is 13812345678, please call me about the swing."},  # held back for a moderator
    {"text": "A big boy in the park hits me every day."},  # sealed for the safeguarding officer
    {"channel": "hospital_review", "venue": ..., "ratings": {"waiting_room": 4}},
])
def test_the_answer_to_a_submission_is_what_reading_the_new_item_answers(client: Any, changes: dict[str, Any]) -> None:
    if changes.get("channel") == "hospital_review":
        changes["venue"] = next(v["slug"] for v in ok(client.get("/api/v1/venues")) if v["kind"] == "hospital")
    submitted = ok(submit(client, **changes), 201)
    assert submitted["timeline"], submitted
    assert ok(client.get(f"/api/v1/suggestions/{submitted['code']}")) == submitted


def test_each_idea_gets_its_own_public_reference_apart_from_its_code(client: Any) -> None:
    items = [ok(submit(client), 201) for _ in range(5)]
    assert len({item["ref"] for item in items}) == len({item["code"] for item in items}) == 5
    for item in items:
        assert not any(spelling in item["ref"] for spelling in spellings_of(item["code"]))


@pytest.mark.parametrize("venue", ["huadu-board", "HUADU-BOARD", "uuid"])
def test_a_venue_is_named_by_its_slug_or_its_id(client: Any, venue: str) -> None:
    board = next(v for v in ok(client.get("/api/v1/venues")) if v["slug"] == "huadu-board")
    item = ok(submit(client, venue=board["id"] if venue == "uuid" else venue), 201)
    assert item["venue"] == {"id": board["id"], "name": "Huadu Message Board"}


def test_a_web_idea_needs_no_venue(client: Any) -> None:
    item = ok(submit(client, channel="web", venue=...), 201)
    assert item["venue"] is None
    assert item["language"] == "zh-Hans"


def test_a_hospital_review_may_give_face_ratings_instead_of_words(client: Any) -> None:
    ratings = {"waiting_room": 5, "picture_books": 3, "staff_kindness": 1}
    item = ok(
        submit(client, channel="hospital_review", venue="first-peoples-hospital", text=..., ratings=ratings),
        201,
    )
    assert item["ratings"] == ratings
    assert item["text"] == ""


@pytest.mark.parametrize("text", ["x" * 2000, "  " + "好" * 2000 + "\n"])
def test_an_idea_of_2000_characters_after_trimming_is_taken(client: Any, text: str) -> None:
    assert len(ok(submit(client, text=text), 201)["text"]) == 2000


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"nickname": "Xiaoming"}, "nickname"),
        ({"channel": "email"}, "channel"),
        ({"category": "food"}, "category"),
        ({"age_band": "5-7"}, "age_band"),
        ({"age_band": 9}, "age_band"),
        ({"category": ...}, "category"),
        ({"text": ""}, "text"),
        ({"text": " \n\t "}, "text"),
        ({"text": ...}, "text"),
        ({"text": "x" * 2001}, "text"),
        ({"text": 42}, "text"),
        ({"title": "t" * 121}, "title"),
        ({"language": "fr"}, "language"),
        ({"venue": ...}, "venue"),
        ({"venue": "atlantis"}, "venue"),
        ({"venue": "first-peoples-hospital"}, "venue"),
        ({"ratings": {"waiting_room": 4}}, "ratings"),
        ({"channel": "hospital_review", "venue": "first-peoples-hospital", "ratings": {"waiting_room": 6}},
         "ratings.waiting_room"),
        ({"channel": "hospital_review", "venue": "first-peoples-hospital", "ratings": {"waiting_room": "5"}},
         "ratings.waiting_room"),
        ({"channel": "hospital_review", "venue": "first-peoples-hospital", "ratings": {"parking": 2}},
         "ratings.parking"),
    ],
    ids=lambda value: str(value)[:40],
)
def test_an_invalid_submission_is_refused_with_a_message_for_the_field(
    client: Any, changes: dict[str, Any], field: str
) -> None:
    refused(submit(client, **changes), 422, field)


def test_every_invalid_field_is_named_at_once(client: Any) -> None:
    error = refused(submit(client, category="food", age_band="99", text="", colour="red"), 422)
    assert {"category", "age_band", "text", "colour"} <= set(error["fields"])


BAD_BODIES = [
    pytest.param({"data": '{"channel": "web",', "content_type": "application/json"}, id="malformed JSON"),
    pytest.param({"data": "channel=web&text=hi"}, id="a form"),
    pytest.param({"data": '{"channel": "web"}', "content_type": "text/plain"}, id="JSON as text/plain"),
    pytest.param({"data": '["web"]', "content_type": "application/json"}, id="a JSON array"),
    pytest.param({"data": "", "content_type": "application/json"}, id="an empty body"),
    pytest.param({"data": '{"channel": "web", "text": "half a \\ud800 character"}', "content_type": "application/json"},
                 id="a lone surrogate"),
]


@pytest.mark.parametrize("body", BAD_BODIES)
def test_a_body_that_is_not_a_json_object_is_a_json_400(client: Any, body: dict[str, str]) -> None:
    refused(client.post("/api/v1/suggestions", **body), 400)


@pytest.mark.parametrize("body", BAD_BODIES)
def test_an_action_body_that_is_not_a_json_object_is_a_json_400(
    client: Any, tokens: dict[str, str], ref: str, body: dict[str, str]
) -> None:
    response = client.post(f"/api/v1/suggestions/{ref}/actions", headers=bearer(tokens["mona"]), **body)
    refused(response, 400)


# -- what a child sees --------------------------------------------------------


def test_an_item_shows_what_a_child_may_see(client: Any, code: str, ref: str) -> None:
    item = ok(client.get(f"/api/v1/suggestions/{code}"))
    assert {
        "code", "ref", "status", "decision", "channel", "category", "age_band", "venue", "text", "title",
        "created_at", "answer_due", "version", "explanation", "response", "progress", "evidence",
        "reaction", "merged_into", "duplicates", "timeline",
    } <= set(item)
    assert (item["code"], item["ref"]) == (code, ref)
    assert item["decision"] is None
    assert item["text"] == IDEA["text"]
    assert item["erased"] is False
    created = datetime.fromisoformat(item["created_at"])
    assert created.tzinfo is not None
    city_day = created.astimezone(ZoneInfo("Asia/Shanghai")).date()  # due dates count from the city's day
    assert date.fromisoformat(item["answer_due"]) == city_day + timedelta(days=30)
    assert item["timeline"] == [{"event": "Submitted", "at": item["created_at"], "label": "We got your idea.",
                                 "detail": ""}]


def test_the_timeline_tells_the_child_each_step_in_their_words(
    client: Any, tokens: dict[str, str], answered: str
) -> None:
    timeline = ok(client.get(f"/api/v1/suggestions/{answered}"))["timeline"]
    assert [(step["event"], step["label"]) for step in timeline] == [
        ("Submitted", "We got your idea."),
        ("Accepted", "A grown-up is reading your idea."),
        ("Forwarded", "Your idea went to the Health Commission."),
        ("Answered", "Your idea was chosen!"),
    ]
    assert timeline[-1]["detail"] == ANSWER["explanation"]
    moments = [datetime.fromisoformat(step["at"]) for step in timeline]
    assert moments == sorted(moments)


SPELLINGS = {
    "lower case": str.lower,
    "no dash": lambda code: code.replace("-", ""),
    "spaces around": lambda code: f" {code} ",
}


@pytest.mark.parametrize("spelling", SPELLINGS.values(), ids=SPELLINGS.keys())
def test_a_code_is_found_in_any_case_and_without_its_dash(client: Any, code: str, spelling: Any) -> None:
    assert ok(client.get(f"/api/v1/suggestions/{spelling(code)}"))["code"] == code


@pytest.mark.parametrize("unknown", ["ABCD-EFGH", "hello", "0000-0000", "AB"])
def test_an_unknown_or_malformed_code_is_a_json_404(client: Any, unknown: str) -> None:
    refused(client.get(f"/api/v1/suggestions/{unknown}"), 404)


def test_chinese_and_emoji_come_back_as_written(client: Any) -> None:
    words = "希望公园里有更多秋千 🎠🌈，還有繁體字。"
    code = ok(submit(client, text=words, title="秋千 🎠", language="zh-Hant"), 201)["code"]
    item = ok(client.get(f"/api/v1/suggestions/{code}"))
    assert (item["text"], item["title"], item["language"]) == (words, "秋千 🎠", "zh-Hant")


def test_html_in_an_idea_comes_back_verbatim_as_json_data(client: Any) -> None:
    words = '<script>alert("hi")</script> <b>more</b> swings & slides'
    code = ok(submit(client, text=words, title="<i>swings</i>"), 201)["code"]
    response = client.get(f"/api/v1/suggestions/{code}")
    item = ok(response)
    assert (item["text"], item["title"]) == (words, "<i>swings</i>")
    assert response.content_type.startswith("application/json")


def test_an_erased_idea_shows_no_words_but_keeps_its_story(client: Any, seeded: Any) -> None:
    code = ok(submit(client, title="My swing"), 201)["code"]
    seeded.app.keys.destroy(seeded.app.get_suggestion(code).id)  # crypto-shredding: what `privacy erase` does
    item = ok(client.get(f"/api/v1/suggestions/{code}"))
    assert (item["text"], item["title"], item["erased"]) == (None, None, True)
    assert [step["event"] for step in item["timeline"]] == ["Submitted"]


def test_a_declined_idea_tells_the_child_why(client: Any, tokens: dict[str, str], ref: str) -> None:
    explanation = "We could not find where this is. Please tell us which park."
    item = ok(act(client, tokens["mona"], ref, "decline", reason="unclear", explanation=explanation))
    assert (item["status"], item["explanation"]) == ("declined", explanation)
    assert item["timeline"][-1]["label"] == "The grown-ups could not take your idea this time."


def test_a_merged_idea_points_to_the_one_it_joined_without_revealing_its_code(
    client: Any, tokens: dict[str, str], code: str, ref: str
) -> None:
    twin = ok(submit(client, text="A swing by the reading corner, please!"), 201)
    item = ok(act(client, tokens["mona"], twin["ref"], "merge", into=ref.lower()))  # a reference, in any case
    assert (item["status"], item["merged_into"]) == ("merged", ref)
    assert not any(spelling in json.dumps(item) for spelling in spellings_of(code) + spellings_of(twin["code"]))
    as_the_twin_sees_it = ok(client.get(f"/api/v1/suggestions/{twin['code']}"))
    assert as_the_twin_sees_it["merged_into"] == ref
    assert not any(spelling in json.dumps(as_the_twin_sees_it) for spelling in spellings_of(code))
    target = ok(client.get(f"/api/v1/suggestions/{code}"))
    assert target["duplicates"] == 1 and twin["code"] not in json.dumps(target)


# -- staff actions: who may ------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({}, id="no header"),
        pytest.param({"Authorization": "Bearer not-a-real-token"}, id="unknown token"),
        pytest.param({"Authorization": "Bearer "}, id="empty token"),
        pytest.param({"Authorization": "Basic bW9uYTpzZWNyZXQ="}, id="another scheme"),
    ],
)
def test_an_action_without_a_valid_token_is_a_401(
    client: Any, code: str, ref: str, headers: dict[str, str]
) -> None:
    response = client.post(f"/api/v1/suggestions/{ref}/actions", json={"action": "accept"}, headers=headers)
    refused(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert ok(client.get(f"/api/v1/suggestions/{code}"))["status"] == "submitted"


def test_the_token_is_checked_before_the_body(client: Any, ref: str) -> None:
    response = client.post(
        f"/api/v1/suggestions/{ref}/actions", data="{not json", content_type="application/json"
    )
    refused(response, 401)


def test_a_token_may_come_with_a_lower_case_scheme(client: Any, tokens: dict[str, str], ref: str) -> None:
    headers = {"Authorization": f"bearer {tokens['mona']}"}
    response = client.post(f"/api/v1/suggestions/{ref}/actions", json={"action": "accept"}, headers=headers)
    assert ok(response)["status"] == "under_review"


@pytest.mark.parametrize(
    ("user", "item", "action", "params"),
    [
        ("olga", "code", "accept", {}),
        ("dan", "code", "decline", {"reason": "r", "explanation": "e"}),
        ("mona", "accepted", "forward", FORWARD),
        ("eddie", "forwarded", "answer", ANSWER),
        ("eddie", "answered", "progress", {"percent": 10, "note": "started"}),
        ("mona", "forwarded", "answer", ANSWER),
        ("fay", "code", "accept", {}),
        ("adam", "code", "accept", {}),
        ("sam", "code", "accept", {}),
        ("audrey", "code", "accept", {}),
        ("audrey", "accepted", "assign_topic", {"topic": "school-nutrition"}),
        ("audrey", "forwarded", "answer", ANSWER),
        ("audrey", "answered", "implemented", {"evidence": "photo"}),
    ],
)
def test_a_role_that_may_not_take_a_step_gets_a_403(
    client: Any, tokens: dict[str, str], request: pytest.FixtureRequest,
    user: str, item: str, action: str, params: dict[str, Any],
) -> None:
    code, ref = request.getfixturevalue(item), request.getfixturevalue("ref")
    before = ok(client.get(f"/api/v1/suggestions/{code}"))
    refused(act(client, tokens[user], ref, action, **params), 403)
    assert ok(client.get(f"/api/v1/suggestions/{code}"))["version"] == before["version"]


@pytest.mark.parametrize("unknown", ["0123456789", "abcdefabcd", "ABCD-EFGH", "hello"])
def test_an_action_on_an_unknown_item_is_a_404(client: Any, tokens: dict[str, str], unknown: str) -> None:
    refused(act(client, tokens["mona"], unknown, "accept"), 404)


def test_a_reference_is_taken_in_any_case(client: Any, tokens: dict[str, str], code: str, ref: str) -> None:
    assert ok(act(client, tokens["mona"], ref.lower(), "accept"))["ref"] == ref
    assert ok(client.get(f"/api/v1/suggestions/{code}"))["status"] == "under_review"


# -- staff never act by, nor see, the child's code ---------------------------------------


@pytest.mark.parametrize("spelling", SPELLINGS.values(), ids=SPELLINGS.keys())
@pytest.mark.parametrize(
    ("user", "action", "params"),
    [
        ("mona", "accept", {}),
        ("mona", "decline", {"reason": "unclear", "explanation": "Which park?"}),
        ("dan", "assign_topic", {"topic": "school-nutrition"}),
    ],
    ids=["accept", "decline", "assign_topic"],
)
def test_an_action_by_the_childs_code_is_a_404_and_changes_nothing(
    client: Any, tokens: dict[str, str], code: str, spelling: Any,
    user: str, action: str, params: dict[str, Any],
) -> None:
    before = ok(client.get(f"/api/v1/suggestions/{code}"))
    response = client.post(
        f"/api/v1/suggestions/{spelling(code)}/actions", json={"action": action, **params}, headers=bearer(tokens[user])
    )
    refused(response, 404)
    assert not any(s in response.get_data(as_text=True) for s in spellings_of(code))
    assert ok(client.get(f"/api/v1/suggestions/{code}")) == before


def test_no_staff_answer_carries_the_code_neither_as_a_key_nor_as_text(
    app: Any, client: Any, tokens: dict[str, str], code: str, ref: str
) -> None:
    twin = ok(submit(client, text="A swing by the reading corner, please!"), 201)
    codes = spellings_of(code) + spellings_of(twin["code"])
    answers = [
        ok(act(client, tokens["mona"], ref, "accept")),
        ok(act(client, tokens["dan"], ref, "assign_topic", topic="school-nutrition")),
        ok(act(client, tokens["dan"], ref, "forward", **FORWARD)),
        ok(act(client, tokens["olga"], ref, "answer", **ANSWER)),
        ok(act(client, tokens["mona"], twin["ref"], "merge", into=ref)),
    ]
    for answer in answers:
        assert "code" not in answer and REF.fullmatch(answer["ref"]), answer
        assert not any(spelling in json.dumps(answer) for spelling in codes), answer
    assert answers[-1]["merged_into"] == ref
    app.extensions["projector"].catch_up()
    for user in ("mona", "dan", "audrey", "olga"):
        response = client.get("/api/v1/suggestions", headers=bearer(tokens[user]))
        items = ok(response)["items"]
        assert {item["ref"] for item in items} == ({ref} if user == "olga" else {ref, twin["ref"]}), user
        for item in items:
            assert "code" not in item, (user, item)
        assert not any(spelling in response.get_data(as_text=True) for spelling in codes), user


@pytest.mark.parametrize("spelling", [str, *SPELLINGS.values()], ids=["as given", *SPELLINGS.keys()])
def test_merging_into_an_item_named_by_its_code_is_refused_and_changes_nothing(
    client: Any, tokens: dict[str, str], code: str, spelling: Any
) -> None:
    twin = ok(submit(client, text="A swing by the reading corner, please!"), 201)
    target_before = ok(client.get(f"/api/v1/suggestions/{code}"))
    twin_before = ok(client.get(f"/api/v1/suggestions/{twin['code']}"))
    response = act(client, tokens["mona"], twin["ref"], "merge", into=spelling(code))
    refused(response, 422, "into")
    assert ok(client.get(f"/api/v1/suggestions/{code}")) == target_before
    assert ok(client.get(f"/api/v1/suggestions/{twin['code']}")) == twin_before
    assert (twin_before["status"], target_before["duplicates"]) == ("submitted", 0)


# -- staff actions: versions and the lifecycle ---------------------------------------


def test_a_stale_expected_version_is_a_409_and_changes_nothing(
    client: Any, tokens: dict[str, str], accepted: str, ref: str
) -> None:
    refused(act(client, tokens["dan"], ref, "forward", expected_version=1, **FORWARD), 409)
    assert ok(client.get(f"/api/v1/suggestions/{accepted}"))["status"] == "under_review"


def test_the_current_expected_version_lets_the_step_through(
    client: Any, tokens: dict[str, str], accepted: str, ref: str
) -> None:
    item = ok(act(client, tokens["dan"], ref, "forward", expected_version=2, **FORWARD))
    assert (item["status"], item["version"]) == ("forwarded", 3)


def test_accepting_twice_is_refused_by_the_lifecycle(
    client: Any, tokens: dict[str, str], accepted: str, ref: str
) -> None:
    error = refused(act(client, tokens["mona"], ref, "accept"), 422)
    assert "under review" in error["message"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"explanation": ...}, "explanation"),
        ({"explanation": ""}, "explanation"),
        ({"explanation": "   "}, "explanation"),
        ({"response": ...}, "response"),
        ({"decision": "maybe"}, "decision"),
        ({"decision": ...}, "decision"),
        ({"expected_version": "4"}, "expected_version"),
        ({"colour": "red"}, "colour"),
    ],
    ids=str,
)
def test_an_answer_with_a_missing_or_invalid_field_is_a_422(
    client: Any, tokens: dict[str, str], forwarded: str, ref: str, params: dict[str, Any], field: str
) -> None:
    answer = {k: v for k, v in {**ANSWER, **params}.items() if v is not ...}
    refused(act(client, tokens["olga"], ref, "answer", **answer), 422, field)
    assert ok(client.get(f"/api/v1/suggestions/{forwarded}"))["status"] == "forwarded"


@pytest.mark.parametrize(
    ("item", "user", "action", "params", "field"),
    [
        ("code", "mona", "fly", {}, "action"),
        ("code", "mona", None, {}, "action"),
        ("code", "mona", "decline", {"reason": "spam"}, "explanation"),
        ("code", "mona", "decline", {"reason": "spam", "explanation": " "}, "explanation"),
        ("code", "mona", "merge", {}, "into"),
        ("accepted", "dan", "forward", {"body": "health-commission"}, "due"),
        ("accepted", "dan", "forward", {"body": "health-commission", "due": "next week"}, "due"),
        ("accepted", "dan", "forward", {"body": "health-commission", "due": "2001-01-01"}, "due"),
        ("accepted", "dan", "forward", {"body": "huadu-board", "due": in_days(7)}, "body"),
        ("accepted", "dan", "assign_topic", {}, "topic"),
        ("answered", "olga", "progress", {"percent": 101, "note": "n"}, "percent"),
        ("answered", "olga", "progress", {"percent": "50", "note": "n"}, "percent"),
        ("answered", "olga", "progress", {"percent": 50}, "note"),
        ("answered", "olga", "implemented", {"evidence": ""}, "evidence"),
    ],
    ids=str,
)
def test_an_action_with_a_missing_or_invalid_field_is_a_422(
    client: Any, tokens: dict[str, str], request: pytest.FixtureRequest,
    item: str, user: str, action: str | None, params: dict[str, Any], field: str,
) -> None:
    request.getfixturevalue(item)
    ref = request.getfixturevalue("ref")
    body = {"action": action, **params} if action else params
    response = client.post(f"/api/v1/suggestions/{ref}/actions", json=body, headers=bearer(tokens[user]))
    refused(response, 422, field)


@pytest.mark.parametrize(
    ("item", "user", "action", "params"),
    [
        ("accepted", "mona", "accept", {}),
        ("accepted", "mona", "decline", {"reason": "r", "explanation": "e"}),
        ("code", "dan", "forward", FORWARD),
        ("code", "dan", "answer", ANSWER),
        ("forwarded", "olga", "progress", {"percent": 10, "note": "n"}),
        ("forwarded", "olga", "implemented", {"evidence": "e"}),
        ("answered", "olga", "answer", ANSWER),
    ],
    ids=str,
)
def test_a_step_the_lifecycle_forbids_is_a_422(
    client: Any, tokens: dict[str, str], request: pytest.FixtureRequest,
    item: str, user: str, action: str, params: dict[str, Any],
) -> None:
    code, ref = request.getfixturevalue(item), request.getfixturevalue("ref")
    before = ok(client.get(f"/api/v1/suggestions/{code}"))
    refused(act(client, tokens[user], ref, action, **params), 422)
    assert ok(client.get(f"/api/v1/suggestions/{code}"))["version"] == before["version"]


def test_work_on_an_idea_that_was_not_adopted_is_refused(
    client: Any, tokens: dict[str, str], forwarded: str, ref: str
) -> None:
    ok(act(client, tokens["olga"], ref, "answer", **{**ANSWER, "decision": "not_adopted"}))
    refused(act(client, tokens["olga"], ref, "progress", percent=10, note="n"), 422)


def test_a_deputy_takes_an_item_off_its_topic_and_its_status_stays(
    client: Any, tokens: dict[str, str], forwarded: str, ref: str
) -> None:
    ok(act(client, tokens["dan"], ref, "assign_topic", topic="school-nutrition"))
    refused(act(client, tokens["mona"], ref, "detach_topic"), 403)
    item = ok(act(client, tokens["dan"], ref, "detach_topic"))
    assert (item["topic"], item["status"]) == (None, "forwarded")
    refused(act(client, tokens["dan"], ref, "detach_topic"), 422)  # it is on no topic now


def test_a_deputy_may_answer_an_item_they_have_not_forwarded(
    client: Any, tokens: dict[str, str], accepted: str, ref: str
) -> None:
    item = ok(act(client, tokens["dan"], ref, "answer", **{**ANSWER, "decision": "partly_adopted"}))
    assert (item["status"], item["decision"]) == ("answered", "partly_adopted")


# -- venues and topics ----------------------------------------------------------


def test_venues_are_listed_with_their_kind_and_place(client: Any) -> None:
    venues = {v["slug"]: v for v in ok(client.get("/api/v1/venues"))}
    assert set(venues) == {
        "health-commission",
        "education-bureau",
        "first-peoples-hospital",
        "huadu",
        "huadu-board",
        "little-kunyu",
    }
    board = venues["huadu-board"]
    assert {"id", "kind", "name", "slug", "district", "parent"} <= set(board)
    assert board["kind"] == "message_board"
    assert (board["name"], board["district"]) == ("Huadu Message Board", "Huaqiao")
    assert board["parent"] == venues["huadu"]["id"]
    assert venues["huadu"]["parent"] is None


@pytest.mark.parametrize(
    ("kind", "slugs"),
    [
        ("body", {"health-commission", "education-bureau"}),
        ("hospital", {"first-peoples-hospital"}),
        ("park", set()),
    ],
)
def test_venues_can_be_listed_by_kind(client: Any, kind: str, slugs: set[str]) -> None:
    assert {v["slug"] for v in ok(client.get(f"/api/v1/venues?kind={kind}"))} == slugs


def test_an_unknown_venue_kind_is_a_422(client: Any) -> None:
    refused(client.get("/api/v1/venues?kind=zoo"), 422, "kind")


def test_topics_are_listed(client: Any) -> None:
    topics = ok(client.get("/api/v1/topics"))
    assert [(t["kind"], t["slug"], t["name"], t["session"]) for t in topics] == [
        ("topic", "school-nutrition", "School nutrition", "2026 Two Sessions")
    ]
    assert topics[0]["id"]


# -- one error shape everywhere ----------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/api/v1/no-such-thing", 404),
        ("delete", "/api/v1/suggestions", 405),
        ("put", "/api/v1/venues", 405),
    ],
)
def test_errors_outside_the_views_are_json_too(client: Any, method: str, path: str, status: int) -> None:
    refused(getattr(client, method)(path), status)
