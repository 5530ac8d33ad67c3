"""GET /api/v1/suggestions: the staff list, a page at a time, on every store."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.test_api import ANSWER, FORWARD, act, bearer, in_days, ok, refused, spellings_of, submit


def listed(app: Any, client: Any, token: str | None, **params: Any) -> Any:
    """GET the list once the read models have caught up with the log."""
    app.extensions["projector"].catch_up()
    headers = bearer(token) if token else {}
    return client.get("/api/v1/suggestions", query_string=params, headers=headers)


def refs(page: dict[str, Any]) -> list[str]:
    """The public references of a page's items, which never carry the child's code."""
    assert all("code" not in item for item in page["items"]), page
    return [item["ref"] for item in page["items"]]


@pytest.fixture
def ideas(client: Any) -> list[dict[str, Any]]:
    """Five ideas, oldest first, as the children's answers show them (with code and ref)."""
    return [ok(submit(client, text=f"Idea number {n}"), 201) for n in range(5)]


@pytest.fixture
def five(ideas: list[dict[str, Any]]) -> list[str]:
    """The public references of the five ideas, oldest first."""
    return [idea["ref"] for idea in ideas]


def test_staff_list_items_oldest_first_with_what_they_are_about(
    app: Any, client: Any, tokens: dict[str, str], ideas: list[dict[str, Any]], five: list[str]
) -> None:
    response = listed(app, client, tokens["mona"])
    page = ok(response)
    assert refs(page) == five
    assert page["next"] is None
    for idea in ideas:  # the tracking codes are the children's secrets: in no spelling on the staff list
        assert not any(spelling in response.get_data(as_text=True) for spelling in spellings_of(idea["code"]))
    first = page["items"][0]
    assert "code" not in first and first["ref"] == five[0]
    assert (first["status"], first["channel"], first["category"], first["version"]) == (
        "submitted", "message_board", "spaces", 1,
    )
    assert first["venue"]["name"] == "Huadu Message Board"
    assert first["body"] is None and first["overdue"] is False
    assert "text" not in first  # the words are on the item itself, read from its own events


def test_the_list_needs_a_token(app: Any, client: Any, five: list[str]) -> None:
    response = listed(app, client, None)
    refused(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    refused(listed(app, client, "not-a-token"), 401)


@pytest.mark.parametrize("user", ["fay", "adam", "sam"])
def test_roles_that_do_not_read_items_may_not_list_them(
    app: Any, client: Any, tokens: dict[str, str], five: list[str], user: str
) -> None:
    refused(listed(app, client, tokens[user]), 403)


@pytest.mark.parametrize("user", ["mona", "dan", "audrey"])
def test_moderators_deputies_and_auditors_list_every_item(
    app: Any, client: Any, tokens: dict[str, str], five: list[str], user: str
) -> None:
    assert refs(ok(listed(app, client, tokens[user]))) == five


def test_an_official_lists_only_what_was_forwarded_to_their_own_body(
    app: Any, client: Any, tokens: dict[str, str], five: list[str]
) -> None:
    for ref in five[:2]:
        ok(act(client, tokens["mona"], ref, "accept"))
        ok(act(client, tokens["dan"], ref, "forward", **FORWARD))  # to the Health Commission
    assert refs(ok(listed(app, client, tokens["olga"]))) == five[:2]
    assert refs(ok(listed(app, client, tokens["olga"], body="health-commission"))) == five[:2]
    assert refs(ok(listed(app, client, tokens["eddie"]))) == []
    refused(listed(app, client, tokens["eddie"], body="health-commission"), 403)


def test_items_can_be_filtered_by_status_place_body_topic_and_more(
    app: Any, client: Any, tokens: dict[str, str], five: list[str]
) -> None:
    web = ok(submit(client, channel="web", venue=..., category="services"), 201)["ref"]
    hospital = ok(submit(client, channel="hospital_review", venue="first-peoples-hospital", age_band="6-8"), 201)
    ok(act(client, tokens["mona"], five[0], "accept"))
    ok(act(client, tokens["dan"], five[0], "assign_topic", topic="school-nutrition"))
    ok(act(client, tokens["dan"], five[0], "forward", **FORWARD))
    ok(act(client, tokens["olga"], five[0], "answer", **ANSWER))
    board = next(v for v in ok(client.get("/api/v1/venues")) if v["slug"] == "huadu-board")
    cases = {
        "status=answered": ({"status": "answered"}, [five[0]]),
        "status=submitted": ({"status": "submitted"}, [*five[1:], web, hospital["ref"]]),
        "channel": ({"channel": "web"}, [web]),
        "category": ({"category": "services"}, [web]),
        "age_band": ({"age_band": "6-8"}, [hospital["ref"]]),
        "venue by slug": ({"venue": "huadu-board"}, five),
        "venue by id": ({"venue": board["id"]}, five),
        "body": ({"body": "health-commission"}, [five[0]]),
        "topic": ({"topic": "school-nutrition"}, [five[0]]),
        "two at once": ({"status": "submitted", "venue": "first-peoples-hospital"}, [hospital["ref"]]),
        "not overdue": ({"overdue": "false", "channel": "web"}, [web]),
        "overdue": ({"overdue": "true"}, []),
    }
    for name, (params, expected) in cases.items():
        assert refs(ok(listed(app, client, tokens["audrey"], **params))) == expected, name


def test_following_next_links_yields_every_item_once_in_order(
    app: Any, client: Any, tokens: dict[str, str], five: list[str]
) -> None:
    seen, url, pages = [], "/api/v1/suggestions?limit=2&channel=message_board", 0
    app.extensions["projector"].catch_up()
    while url:
        page = ok(client.get(url, headers=bearer(tokens["mona"])))
        assert len(page["items"]) <= 2
        seen += refs(page)
        url, pages = page["next"], pages + 1
        if url:
            assert parse_qs(urlsplit(url).query)["channel"] == ["message_board"]  # the filters follow
    assert (seen, pages) == (five, 3)


def test_a_cursor_is_not_shifted_by_items_filed_meanwhile(
    app: Any, client: Any, tokens: dict[str, str], five: list[str]
) -> None:
    first = ok(listed(app, client, tokens["mona"], limit=3))
    newer = ok(submit(client, text="A late idea"), 201)["ref"]
    app.extensions["projector"].catch_up()
    second = ok(client.get(first["next"], headers=bearer(tokens["mona"])))
    assert refs(first) + refs(second) == [*five, newer]


def test_an_offset_pages_too(app: Any, client: Any, tokens: dict[str, str], five: list[str]) -> None:
    page = ok(listed(app, client, tokens["mona"], limit=2, offset=3))
    assert refs(page) == five[3:]
    assert page["next"] is None


def test_a_page_holds_at_most_100_items(app: Any, client: Any, tokens: dict[str, str]) -> None:
    refused(listed(app, client, tokens["mona"], limit=101), 422, "limit")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"offset": -1}, "offset"),
        ({"cursor": "bm90IGEgY3Vyc29y"}, "cursor"),
        ({"cursor": "%%%"}, "cursor"),
        ({"cursor": "MjAyNi0wMS0wMXxhYmM", "offset": 2}, "offset"),
        ({"status": "lost"}, "status"),
        ({"venue": "atlantis"}, "venue"),
        ({"body": "ministry-of-magic"}, "body"),
        ({"topic": "unicorns"}, "topic"),
        ({"overdue": "perhaps"}, "overdue"),
        ({"colour": "red"}, "colour"),
    ],
    ids=str,
)
def test_a_bad_query_is_a_422_naming_the_parameter(
    app: Any, client: Any, tokens: dict[str, str], params: dict[str, Any], field: str
) -> None:
    refused(listed(app, client, tokens["mona"], **params), 422, field)


def test_the_version_in_the_list_is_the_one_to_send_as_expected_version(
    app: Any, client: Any, tokens: dict[str, str], five: list[str]
) -> None:
    ok(act(client, tokens["mona"], five[0], "accept"))
    row = ok(listed(app, client, tokens["dan"], status="under_review"))["items"][0]
    moved = ok(act(client, tokens["dan"], row["ref"], "forward", expected_version=row["version"], **FORWARD))
    assert moved["version"] == row["version"] + 1
    refused(act(client, tokens["dan"], row["ref"], "forward", expected_version=row["version"], **FORWARD), 409)


def test_a_merged_item_names_the_one_it_joined_by_its_public_reference(
    app: Any, client: Any, tokens: dict[str, str], ideas: list[dict[str, Any]], five: list[str]
) -> None:
    ok(act(client, tokens["mona"], five[1], "merge", into=five[0]))
    response = listed(app, client, tokens["mona"], status="merged")
    (row,) = ok(response)["items"]
    assert (row["ref"], row["merged_into"]) == (five[1], five[0])
    assert not any(spelling in response.get_data(as_text=True) for spelling in spellings_of(ideas[0]["code"]))


def test_q_finds_chinese_substrings_and_english_words_and_filters_combine(
    app: Any, client: Any, tokens: dict[str, str]
) -> None:
    lunch = ok(submit(client, text="学校午餐太咸了"), 201)["ref"]
    english = ok(submit(client, text="The slide in the park is broken.", language="en"), 201)["ref"]
    held = ok(submit(client, text="午餐 please, call me on 13812345678."), 201)["ref"]
    cases = {
        "chinese": ({"q": "午餐"}, [lunch]),
        "english, any case": ({"q": "SLIDE"}, [english]),
        "every term": ({"q": "slide broken"}, [english]),
        "no match": ({"q": "slide 午餐"}, []),
        "held words are never found": ({"q": "13812345678"}, []),
        "language": ({"language": "en"}, [english]),
        "district": ({"district": "Huaqiao", "q": "午餐"}, [lunch]),
        "due by": ({"due": in_days(-1)}, []),
    }
    for name, (params, expected) in cases.items():
        assert refs(ok(listed(app, client, tokens["mona"], **params))) == expected, name
    assert held not in refs(ok(listed(app, client, tokens["mona"], q="午餐")))


def test_sorted_by_due_date_the_next_links_keep_the_order(app: Any, client: Any, tokens: dict[str, str]) -> None:
    made = [ok(submit(client, text=f"Idea {n}"), 201)["ref"] for n in range(3)]
    for ref, days in zip(made, (20, 5, 10), strict=True):
        ok(act(client, tokens["mona"], ref, "accept"))
        ok(act(client, tokens["dan"], ref, "forward", body="health-commission", due=in_days(days)))
    seen, url = [], "/api/v1/suggestions?limit=1&sort=due&status=forwarded"
    app.extensions["projector"].catch_up()
    while url:
        page = ok(client.get(url, headers=bearer(tokens["mona"])))
        seen += refs(page)
        url = page["next"]
    assert seen == [made[1], made[2], made[0]]
    assert refs(ok(listed(app, client, tokens["mona"], sort="changed", status="forwarded"))) == made


@pytest.mark.parametrize(
    ("params", "field"),
    [({"q": "x" * 101}, "q"), ({"district": "Atlantis"}, "district"), ({"language": "klingon"}, "language"),
     ({"due": "soon"}, "due"), ({"sort": "random"}, "sort")],
    ids=str,
)
def test_a_bad_search_or_order_is_a_422_naming_the_parameter(
    app: Any, client: Any, tokens: dict[str, str], params: dict[str, Any], field: str
) -> None:
    refused(listed(app, client, tokens["mona"], **params), 422, field)
