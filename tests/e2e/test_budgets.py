"""One budget for every path that takes a tracking code or a public reference, a kiosk budget per venue, and
the smaller holes of issue 14: deep JSON, long Open311 id lists, the actions oracle, caching of private pages."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from domain.codes import new_code, new_ref
from domain.values import VenueKind
from tests.e2e.staff_browser import item_at, signed_in
from web import create_app
from web.security import ITEM_KEYS

IDEA = {"channel": "web", "category": "spaces", "age_band": "9-11", "text": "A shady bench"}
KIOSK_IDEA = {"category": "spaces", "age_band": "6-8", "text": "A slide that is not too hot in summer."}
LOOKUPS_A_MINUTE = 60
# Every URL argument of the site, sorted into item keys (inside the budget) and the rest: a route
# with a new argument fails here until someone says which it is.
# A photo's id is random and names a photo, not an item (the public route serves only the board's photos).
NOT_ITEM_KEYS = {"slug", "step_name", "format", "anything", "filename", "service_code", "username", "at", "stage",
                 "position", "photo_id"}
# The staff's and the API's ways to an item: by its public reference, never its code, and in the same budget.
STAFF_ROUTES_BY_REF = {
    ("GET", "/staff/items/<ref>"), ("HEAD", "/staff/items/<ref>"), ("POST", "/staff/items/<ref>/<step_name>"),
    ("GET", "/staff/items/<ref>/erase"), ("POST", "/staff/items/<ref>/erase"), ("POST", "/staff/items/<ref>/redact"),
    ("POST", "/staff/items/<ref>/release"), ("POST", "/staff/items/<ref>/comments/<int:at>/redact"),
    ("POST", "/staff/items/<ref>/comments/<int:at>/release"), ("GET", "/staff/safeguarding/<ref>"),
    ("POST", "/staff/safeguarding/<ref>"), ("POST", "/staff/safeguarding/<ref>/close"),
    ("GET", "/audit/items/<ref>"), ("POST", "/api/v1/suggestions/<ref>/actions"),
    ("GET", "/staff/items/<ref>/photos/<photo_id>"),
}


@pytest.fixture
def guarded(seeded: Any) -> Any:
    """The site with its rate limits on and CSRF off, as a script would meet it."""
    return create_app({"TESTING": True, "FEEDBACK_SERVICES": seeded.services, "WTF_CSRF_ENABLED": False,
                       "FEEDBACK_RATE_LIMITS": "on"})


def fill_in(rule: str, code: str, ref: str) -> str:
    """Return a URL of ``rule`` with ``code`` or ``ref`` for its item key and something plausible for the rest."""
    values = {"code": code, "ref": ref, "service_request_id": ref, "format": "json", "step_name": "accept", "at": "2",
              "photo_id": "0" * 32}
    return re.sub(r"<(?:[^:>]+:)?(\w+)>", lambda m: values[m.group(1)], rule)


def routes_taking_an_item_key(app: Any) -> Iterator[tuple[str, str]]:
    """Yield (method, URL rule) of every route that names an item by its code or reference."""
    for rule in app.url_map.iter_rules():
        if ITEM_KEYS & rule.arguments:
            for method in sorted(rule.methods - {"OPTIONS"}):
                yield method, rule.rule


def spend_the_budget(client: Any) -> None:
    for _ in range(LOOKUPS_A_MINUTE):
        assert client.get(f"/api/v1/suggestions/{new_code()}").status_code == 404


def test_once_the_budget_is_spent_every_route_and_method_taking_a_code_or_ref_answers_429(guarded: Any) -> None:
    arguments = {name for rule in guarded.url_map.iter_rules() for name in rule.arguments}
    assert arguments - NOT_ITEM_KEYS <= ITEM_KEYS, f"say whether {arguments - NOT_ITEM_KEYS - ITEM_KEYS} name items"
    client = guarded.test_client()
    spend_the_budget(client)
    code, ref = new_code(), new_ref()
    answers = {(method, rule): client.open(fill_in(rule, code, ref), method=method).status_code
               for method, rule in routes_taking_an_item_key(guarded)}
    assert ("POST", "/track/<code>/react") in answers and ("HEAD", "/track/<code>/erase") in answers
    assert STAFF_ROUTES_BY_REF <= answers.keys(), f"not budgeted: {STAFF_ROUTES_BY_REF - answers.keys()}"
    assert {where: status for where, status in answers.items() if status != 429} == {}


@pytest.mark.parametrize("method, path", [
    ("GET", "/track/{code}/withdraw"), ("HEAD", "/track/{code}/erase"), ("POST", "/track/{code}/react"),
    ("POST", "/track/{code}/reconsider"), ("POST", "/api/v1/suggestions/{ref}/actions"),
    ("GET", "/open311/v2/requests.json?service_request_id={ref}"), ("GET", "/open311/v2/requests/{ref}.json"),
    ("GET", "/staff/items/{ref}"), ("POST", "/staff/items/{ref}/accept"), ("POST", "/staff/items/{ref}/redact"),
    ("GET", "/staff/safeguarding/{ref}"), ("GET", "/audit/items/{ref}"),
])
def test_guessing_through_any_path_spends_the_same_budget_as_the_look_up(guarded: Any, method: str,
                                                                         path: str) -> None:
    client = guarded.test_client()
    for _ in range(LOOKUPS_A_MINUTE):
        assert client.open(path.format(code=new_code(), ref=new_ref()), method=method).status_code != 429
    assert client.get(f"/api/v1/suggestions/{new_code()}").status_code == 429
    assert client.get(f"/track/{new_code()}", environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code == 404


def test_the_addresses_of_one_ipv6_network_share_one_budget(guarded: Any) -> None:
    client = guarded.test_client()
    for n in range(LOOKUPS_A_MINUTE):
        at = {"REMOTE_ADDR": f"2001:db8:1:2::{n + 1:x}"}
        assert client.get(f"/track/{new_code()}", environ_base=at).status_code == 404
    assert client.get(f"/track/{new_code()}", environ_base={"REMOTE_ADDR": "2001:db8:1:2:ffff::1"}).status_code == 429
    assert client.get(f"/track/{new_code()}", environ_base={"REMOTE_ADDR": "2001:db8:1:3::1"}).status_code == 404


def test_a_child_who_tried_too_often_is_told_kindly_to_wait(guarded: Any, seeded: Any) -> None:
    client = guarded.test_client()
    spend_the_budget(client)
    code = seeded.app.submit(**IDEA).code
    answer = client.get(f"/track/{code}/withdraw", headers={"Accept-Language": "en"})
    assert answer.status_code == 429 and answer.headers["Retry-After"] == "60"
    assert "That was a lot of tries!" in answer.get_data(as_text=True)


def kiosk_board(seeded: Any, slug: str) -> str:
    seeded.services.places.register_venue(slug, VenueKind.MESSAGE_BOARD, slug.title(), "Huaqiao", parent="huadu")
    return slug


def test_spelling_a_board_differently_buys_no_more_ideas_at_its_kiosk(guarded: Any, seeded: Any) -> None:
    board = seeded.services.places.get_venue("huadu-board")
    spellings = ["huadu-board", "HUADU-BOARD", str(board.id).upper(), board.id.hex, f"{{{board.id}}}",
                 board.id.urn, "Huadu-Board"]
    statuses = [guarded.test_client().post(f"/kiosk/{spelling}", data=KIOSK_IDEA,
                                           environ_base={"REMOTE_ADDR": f"10.0.1.{n}"}).status_code
                for n, spelling in enumerate(spellings)]
    assert statuses[:6] == [302] * 6 and statuses[6] == 429
    other = kiosk_board(seeded, "lotus-board")
    assert guarded.test_client().post(f"/kiosk/{other}", data=KIOSK_IDEA).status_code == 302


def test_one_client_filing_at_many_kiosks_still_meets_its_own_limit(guarded: Any, seeded: Any) -> None:
    client = guarded.test_client()
    boards = ["huadu-board", *(kiosk_board(seeded, f"board-{n}") for n in range(4))]
    statuses = [client.post(f"/kiosk/{board}", data=KIOSK_IDEA).status_code for board in boards for _ in range(5)]
    assert statuses[:20] == [302] * 20 and statuses[20] == 429


@pytest.mark.parametrize("path", ["/api/v1/suggestions", "/api/v1/suggestions/{ref}/actions"])
def test_json_nested_thirty_thousand_deep_is_refused_with_a_clear_400(client: Any, seeded: Any,
                                                                       tokens: dict[str, str], path: str) -> None:
    ref = seeded.app.submit(**IDEA).ref
    answer = client.post(path.format(ref=ref), data="[" * 30000, content_type="application/json",
                         headers={"Authorization": f"Bearer {tokens['mona']}"})
    assert answer.status_code == 400
    assert "nested too deeply" in answer.get_json()["error"]["message"]
    words = "[[[[ my {{{ castle ]]]] " + "[" * 100 + ' a \\" quote ['  # words, not nesting
    assert client.post("/api/v1/suggestions", data=json.dumps({**IDEA, "text": words}),
                       content_type="application/json").status_code == 201


def test_an_open311_query_for_thousands_of_ids_is_refused_in_open311_s_shape(client: Any) -> None:
    ids = ",".join(f"{n:010x}" for n in range(5000))
    answer = client.get(f"/open311/v2/requests.json?service_request_id={ids}")
    assert answer.status_code == 400
    [error] = answer.get_json()
    assert error["code"] == 400 and "at most 100" in error["description"]
    hundred = ",".join(f"{n:010x}" for n in range(100))
    assert client.get(f"/open311/v2/requests.json?service_request_id={hundred}").status_code == 200


@pytest.mark.parametrize("who", ["audrey", "fay", "adam", "sam"])
def test_a_role_that_never_acts_cannot_tell_a_real_reference_from_an_unknown_one(client: Any, seeded: Any,
                                                                                 tokens: dict[str, str],
                                                                                 who: str) -> None:
    code = item_at(seeded.app, "forwarded", body="education-bureau")
    real = seeded.app.get_suggestion(code).ref

    def act(key: str) -> tuple[int, Any]:
        answer = client.post(f"/api/v1/suggestions/{key}/actions", json={"action": "progress", "percent": 10,
                             "note": "Started."}, headers={"Authorization": f"Bearer {tokens[who]}"})
        return answer.status_code, answer.get_json()["error"]["message"]

    assert act(real) == act(new_ref()) == act(code)
    assert act(real)[0] == 403
    answer = {"action": "answer", "decision": "adopted", "response": "Yes!", "explanation": "Funded."}
    rightful = client.post(f"/api/v1/suggestions/{real}/actions", json=answer,
                           headers={"Authorization": f"Bearer {tokens['eddie']}"})
    assert rightful.status_code == 200 and rightful.get_json()["status"] == "answered"  # the body's official acts


def test_no_page_holding_a_code_or_a_child_s_words_may_be_kept_by_a_cache(app: Any, seeded: Any) -> None:
    code = seeded.app.submit(**IDEA).code
    client = app.test_client()
    paths = [f"/track/{code}", f"/receipt/{code}", f"/track/{code}/withdraw", f"/track/{code}/erase",
             f"/api/v1/suggestions/{code}", "/track/NOT-A-CODE"]
    kiosk = client.post("/kiosk/huadu-board", data=KIOSK_IDEA)
    answers = {path: client.get(path) for path in [*paths, kiosk.headers["Location"]]}
    answers["POST /share refused"] = client.post("/share", data={**IDEA, "text": ""})
    answers["POST /api/v1/suggestions"] = client.post("/api/v1/suggestions", json=IDEA)
    assert {path: a.headers.get("Cache-Control") for path, a in answers.items()} == dict.fromkeys(answers,
                                                                                                "no-store")
    assert client.get("/static/style.css").headers.get("Cache-Control") != "no-store"


def test_staff_and_audit_pages_are_not_kept_by_a_cache(seeded: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.e2e.staff_browser import set_passwords

    monkeypatch.setattr("feedback.credentials.SCRYPT_N", 2**8)
    set_passwords(seeded.services.accounts)
    site = create_app({"TESTING": True, "FEEDBACK_SERVICES": seeded.services, "WTF_CSRF_ENABLED": False,
                       "FEEDBACK_RATE_LIMITS": "off"})
    ref = seeded.app.submit(**IDEA).ref
    moderator, auditor, facilitator = signed_in(site, "mona"), signed_in(site, "audrey"), signed_in(site, "fay")
    facilitator.get("/staff/entry")
    facilitator.submit("/staff/entry", follow=False, status=302, venue="huadu-board", category="spaces",
                       age_band="6-8", text="A bench in the shade of the board.")
    answers = [moderator.client.get("/staff/"), moderator.client.get(f"/staff/items/{ref}"),
               auditor.client.get("/audit/"), auditor.client.get(f"/audit/items/{ref}"),
               facilitator.client.get(facilitator.location)]  # the receipt: a code, shown once
    assert [a.status_code for a in answers] == [200] * 5
    assert [a.headers.get("Cache-Control") for a in answers] == ["no-store"] * 5
