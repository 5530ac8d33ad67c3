"""Open311 GeoReport v2 at /open311/v2/: services, requests and filing, in JSON and XML, on every store."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from eventsourcing.persistence import PersistenceError

from domain.actors import Actor
from web import create_app
from web.open311 import queries

V2 = "/open311/v2"
FIELDS = [
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
    "address", "address_id", "zipcode", "lat", "long", "media_url",
]
IDEA = {"channel": "message_board", "venue": "huadu-board", "category": "spaces", "age_band": "9-11"}
STAFF = Actor.staff


def in_days(days: int) -> Any:
    return datetime.now(timezone.utc).date() + timedelta(days=days)


def as_json(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.content_type == "application/json; charset=utf-8"
    return json.loads(response.get_data(as_text=True))


def as_xml(response: Any, status: int = 200) -> ET.Element:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.content_type == "text/xml; charset=utf-8"
    text = response.get_data(as_text=True)
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(text.encode())


def errors_of(response: Any, status: int, fmt: str = "json") -> list[str]:
    """Assert GeoReport's error format and return the descriptions."""
    if fmt == "json":
        errors = as_json(response, status)
        assert all(set(error) == {"code", "description"} and error["code"] == status for error in errors)
        return [error["description"] for error in errors]
    root = as_xml(response, status)
    assert root.tag == "errors" and all(child.tag == "error" for child in root)
    assert {error.findtext("code") for error in root} == {str(status)}
    return [error.findtext("description") or "" for error in root]


class World:
    """The seeded app, with helpers to move items along the lifecycle."""

    def __init__(self, app: Any, seeded: Any) -> None:
        self.app, self.feedback, self.services, self.tokens = app, seeded.app, seeded.services, seeded.tokens

    def submit(self, text: str = "Please put a swing next to the reading corner.", **changes: Any) -> str:
        return self.feedback.submit(**{**IDEA, "text": text, **changes}).code

    def accept(self, code: str) -> str:
        self.feedback.accept(code, STAFF("mona"))
        return code

    def forward(self, code: str) -> str:
        self.feedback.forward(self.accept(code), "health-commission", in_days(14), STAFF("dan"))
        return code

    def answer(self, code: str, decision: str = "adopted") -> str:
        self.feedback.answer(self.forward(code), decision, "Funded in 2026.", "Yes! A swing is coming.", STAFF("olga"))
        return code

    def ref(self, code: str) -> str:
        """The public reference of the item filed under ``code``: what Open311 names it by."""
        return self.feedback.get_suggestion(code).ref

    def catch_up(self) -> None:
        self.app.extensions["projector"].catch_up()

    def requests(self, client: Any, fmt: str = "json", **params: Any) -> Any:
        self.catch_up()
        return client.get(f"{V2}/requests.{fmt}", query_string=params)


@pytest.fixture
def client(app: Any) -> Any:
    """A client that asks for English: these tests read the services' and notes' English words (zh-Hans is the default)."""
    english = app.test_client()
    english.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return english


@pytest.fixture
def world(app: Any, seeded: Any) -> World:
    return World(app, seeded)


# -- discovery and services ------------------------------------------------------------


def test_discovery_names_the_endpoint_in_both_formats(client: Any) -> None:
    document = as_json(client.get(f"{V2}/discovery.json"))
    assert set(document) == {"changeset", "contact", "key_service", "endpoints"}
    (endpoint,) = document["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2") and endpoint["type"] == "production"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    root = as_xml(client.get(f"{V2}/discovery.xml"))
    assert root.tag == "discovery"
    assert [f.text for f in root.find("endpoints/endpoint/formats")] == ["text/xml", "application/json"]
    assert as_xml(client.get(f"{V2}/")).tag == "discovery"


def test_the_services_are_the_five_areas_of_the_programme(client: Any) -> None:
    services = as_json(client.get(f"{V2}/services.json"))
    assert [s["service_code"] for s in services] == ["spaces", "services", "protection", "friendship", "participation"]
    assert all(s["metadata"] is True and s["type"] == "realtime" and s["service_name"] for s in services)
    root = as_xml(client.get(f"{V2}/services.xml"))
    assert root.tag == "services" and [s.findtext("service_code") for s in root.iter("service")][0] == "spaces"
    assert root.find("service/metadata").text == "true"


def test_a_service_definition_asks_for_the_age_band_and_nothing_personal(client: Any) -> None:
    definition = as_json(client.get(f"{V2}/services/protection.json"))
    assert definition["service_code"] == "protection"
    attributes = {a["code"]: a for a in definition["attributes"]}
    assert set(attributes) == {"age_band", "language", "title"}
    assert attributes["age_band"]["required"] is True and attributes["age_band"]["datatype"] == "singlevaluelist"
    assert [v["key"] for v in attributes["age_band"]["values"]] == ["6-8", "9-11", "12-14", "15-17"]
    root = as_xml(client.get(f"{V2}/services/protection.xml"))
    assert root.tag == "service_definition"
    assert [v.findtext("key") for v in root.find("attributes/attribute/values")] == ["6-8", "9-11", "12-14", "15-17"]


@pytest.mark.parametrize(("method", "path", "fmt"), [
    ("POST", "/requests.x%0A", "xml"), ("GET", "/a%0Ab", "xml"), ("GET", "/requests%0D%0A.json", "json"),
])
def test_an_address_with_a_line_break_is_still_geoReports_404(client: Any, method: str, path: str, fmt: str) -> None:
    # Werkzeug's path converter stops at a newline: the catch-all used to miss it (an HTML page came back).
    assert errors_of(client.open(f"{V2}{path}", method=method), 404, fmt)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_unknown_service_is_a_404_in_geoReports_error_format(client: Any, fmt: str) -> None:
    assert "service_code" in errors_of(client.get(f"{V2}/services/potholes.{fmt}"), 404, fmt)[0]


@pytest.mark.parametrize(
    ("method", "path", "status", "fmt"),
    [
        ("get", "/nothing-here", 404, "xml"),
        ("get", "/services.html", 404, "xml"),
        ("get", "/services.csv.json", 404, "json"),
        ("put", "/requests.json", 405, "json"),
        ("delete", "/services.xml", 405, "xml"),
    ],
)
def test_urls_that_are_no_georeport_method_answer_in_its_error_format(
    client: Any, method: str, path: str, status: int, fmt: str
) -> None:
    errors_of(getattr(client, method)(f"{V2}{path}"), status, fmt)


# -- reading requests --------------------------------------------------------------------


def test_requests_have_exactly_the_fields_of_the_spec_and_never_the_tracking_code(
    client: Any, world: World
) -> None:
    code = world.answer(world.submit())
    response = world.requests(client)
    (request,) = as_json(response)
    assert list(request) == FIELDS
    assert request["service_request_id"] == world.ref(code)
    assert (request["status"], request["service_code"], request["service_name"]) == (
        "open", "spaces", "Child-friendly spaces",
    )
    assert request["description"] == "Please put a swing next to the reading corner."
    assert request["status_notes"] == "Yes! A swing is coming."
    assert request["agency_responsible"] == "Health Commission"
    assert request["address"] == "Huadu Message Board, Huaqiao"
    assert (request["zipcode"], request["lat"], request["long"], request["media_url"]) == (None,) * 4
    for moment in ("requested_datetime", "updated_datetime"):
        assert datetime.fromisoformat(request[moment]).utcoffset() == timedelta(hours=8)
    for spelling in (code, code.replace("-", ""), code.lower()):
        assert spelling not in response.get_data(as_text=True)
        assert spelling not in world.requests(client, "xml").get_data(as_text=True)


def test_xml_requests_use_the_specs_element_names(client: Any, world: World) -> None:
    world.submit()
    root = as_xml(world.requests(client, "xml"))
    assert root.tag == "service_requests"
    (request,) = list(root)
    assert request.tag == "request"
    assert [child.tag for child in request] == FIELDS
    assert request.findtext("description") == "" and request.findtext("status") == "open"


def test_a_new_idea_is_listed_without_its_words_until_a_moderator_accepts_them(
    client: Any, world: World
) -> None:
    code = world.submit()
    (before,) = as_json(world.requests(client))
    assert before["description"] is None
    assert "moderator" in before["status_notes"]
    world.accept(code)
    (after,) = as_json(world.requests(client))
    assert after["description"] == "Please put a swing next to the reading corner."


LIFECYCLE = {
    "submitted": ("open", lambda w, c: None),
    "under_review": ("open", lambda w, c: w.accept(c)),
    "forwarded": ("open", lambda w, c: w.forward(c)),
    "answered": ("open", lambda w, c: w.answer(c)),
    "in_progress": ("open", lambda w, c: w.feedback.record_progress(w.answer(c), 40, "The frame is up.",
                                                                   STAFF("olga"))),
    "implemented": ("closed", lambda w, c: w.feedback.mark_implemented(w.answer(c), "A photo of the swing.",
                                                                      STAFF("olga"))),
    "declined": ("closed", lambda w, c: w.feedback.decline(c, "unclear", "Which park do you mean?", STAFF("mona"))),
    "merged": ("closed", lambda w, c: w.feedback.merge(c, w.submit("The same swing."), STAFF("mona"))),
    "withdrawn": ("closed", lambda w, c: w.feedback.withdraw(w.accept(c))),
}
NOTES = {
    "answered": "Yes! A swing is coming.",
    "in_progress": "40% done: The frame is up.",
    "implemented": "A photo of the swing.",
    "declined": "Which park do you mean?",
    "withdrawn": "The child took the idea back.",
}
WORDS_SHOWN = {"under_review", "forwarded", "answered", "in_progress", "implemented"}


@pytest.mark.parametrize("status", list(LIFECYCLE))
def test_each_status_maps_to_open_or_closed_with_child_readable_notes(
    client: Any, world: World, status: str
) -> None:
    expected, move = LIFECYCLE[status]
    code = world.submit()
    move(world, code)
    (request,) = as_json(world.requests(client, service_request_id=world.ref(code)))
    assert world.feedback.get_suggestion(code).status.value == status
    assert request["status"] == expected
    assert request["status_notes"] == NOTES.get(status, request["status_notes"]) and request["status_notes"]
    assert (request["description"] is not None) == (status in WORDS_SHOWN)
    waiting = status in ("submitted", "under_review", "forwarded")
    assert (request["expected_datetime"] is not None) == waiting


def test_a_forwarded_idea_is_expected_by_the_forwards_due_date(client: Any, world: World) -> None:
    world.forward(world.submit())
    (request,) = as_json(world.requests(client))
    assert request["expected_datetime"] == f"{in_days(14).isoformat()}T23:59:59+08:00"
    assert request["status_notes"] == "Sent to the Health Commission, who will answer it."
    assert request["agency_responsible"] == "Health Commission"


def test_a_merged_idea_names_the_request_it_joined_by_its_public_reference(client: Any, world: World) -> None:
    target = world.submit("The same swing.")
    code = world.submit()
    world.feedback.merge(code, target, STAFF("mona"))
    (request,) = as_json(world.requests(client, service_request_id=world.ref(code)))
    assert world.ref(target) in request["status_notes"] and target not in request["status_notes"]


def test_words_held_for_personal_data_stay_hidden_until_a_moderator_redacts_them(
    client: Any, world: World
) -> None:
    code = world.accept(world.submit("Call me on 13800138000 about the swing."))
    (held,) = as_json(world.requests(client))
    assert held["description"] is None
    world.services.privacy.redact(code, "Call me about the swing.", None, STAFF("mona"))
    (redacted,) = as_json(world.requests(client))
    assert redacted["description"] == "Call me about the swing."
    assert "13800138000" not in world.requests(client, "xml").get_data(as_text=True)


def test_a_sealed_case_is_in_no_public_list(client: Any, world: World) -> None:
    sealed = world.submit("I need help at home.", needs_help=True)
    shown = world.submit()
    assert [r["service_request_id"] for r in as_json(world.requests(client))] == [world.ref(shown)]
    both = as_json(world.requests(client, service_request_id=f"{world.ref(sealed)},{world.ref(shown)}"))
    assert [r["service_request_id"] for r in both] == [world.ref(shown)]
    errors_of(client.get(f"{V2}/requests/{world.ref(sealed)}.json"), 404)


def test_erased_words_are_never_shown(client: Any, world: World) -> None:
    code = world.accept(world.submit())
    world.feedback.keys.destroy(world.feedback.get_suggestion(code).id)
    (request,) = as_json(world.requests(client))
    assert request["description"] is None


def test_text_that_xml_cannot_carry_still_makes_a_well_formed_document(client: Any, world: World) -> None:
    world.accept(world.submit("Swings\x0b and <slides> & \x01 more"))
    request = as_xml(world.requests(client, "xml")).find("request")
    assert request.findtext("description") == "Swings\ufffd and <slides> & \ufffd more"


def test_one_request_is_found_by_its_id_in_any_case(client: Any, world: World) -> None:
    ref = world.ref(world.submit())
    world.catch_up()
    for spelling in (ref, ref.lower()):
        (request,) = as_json(client.get(f"{V2}/requests/{spelling}.json"))
        assert request["service_request_id"] == ref
    assert as_xml(client.get(f"{V2}/requests/{ref}.xml")).find("request/service_request_id").text == ref


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_requests_id_is_the_items_public_reference_and_is_found_right_after_filing(
    client: Any, world: World, fmt: str
) -> None:
    """No waiting for a read model: the reference's index is saved with the item."""
    from_the_api = client.post("/api/v1/suggestions", json={**IDEA, "text": "A swing, please."}).get_json()
    (filed,) = as_json(file(client, world), 201)
    for code, ref in [(from_the_api["code"], from_the_api["ref"]),
                      (filed["tracking_code"], filed["service_request_id"])]:
        item = world.feedback.get_suggestion(code)
        assert ref == item.ref == world.feedback.get_by_ref(ref).ref
        assert re.fullmatch(r"[0-9A-F]{10}", ref) and code.replace("-", "") not in ref
        response = client.get(f"{V2}/requests/{ref}.{fmt}")  # no catching up first
        shown = as_json(response)[0]["service_request_id"] if fmt == "json" else (
            as_xml(response).findtext("request/service_request_id"))
        assert shown == ref
        assert code not in response.get_data(as_text=True)


@pytest.mark.parametrize("missing", ["0123456789", "ABCDEFABCD", "not-an-id", "ABC"])
def test_an_unknown_request_is_a_404(client: Any, world: World, missing: str) -> None:
    world.submit()
    world.catch_up()
    errors_of(client.get(f"{V2}/requests/{missing}.json"), 404)
    errors_of(client.get(f"{V2}/requests/{missing}.xml"), 404, "xml")


# -- filtering requests -------------------------------------------------------------------


def test_requests_are_filtered_by_status_service_and_id(client: Any, world: World) -> None:
    fresh = world.submit()
    done = world.submit(category="services")
    world.feedback.mark_implemented(world.answer(done), "Done.", STAFF("olga"))
    declined = world.submit(category="protection")
    world.feedback.decline(declined, "unclear", "Which park?", STAFF("mona"))
    cases = {
        "everything, newest first": ({}, [declined, done, fresh]),
        "open": ({"status": "open"}, [fresh]),
        "closed": ({"status": "closed"}, [declined, done]),
        "open,closed": ({"status": "open,closed"}, [declined, done, fresh]),
        "one service": ({"service_code": "services"}, [done]),
        "two services": ({"service_code": "spaces,protection"}, [declined, fresh]),
        "service and status": ({"service_code": "spaces,services", "status": "closed"}, [done]),
        "ids override the rest": (
            {"service_request_id": f"{world.ref(fresh)},{world.ref(done)}", "status": "closed"}, [done, fresh]
        ),
        "empty means not given": ({"status": "", "service_code": ""}, [declined, done, fresh]),
    }
    for name, (params, expected) in cases.items():
        found = [r["service_request_id"] for r in as_json(world.requests(client, **params))]
        assert found == [world.ref(code) for code in expected], name


def test_requests_are_searched_in_a_window_of_at_most_90_days(client: Any, world: World) -> None:
    world.submit()
    now = datetime.now(timezone.utc)
    w3c = lambda moment: moment.isoformat(timespec="seconds")  # noqa: E731
    windows = {
        "the last day": ({"start_date": w3c(now - timedelta(days=1))}, 1),
        "a window in the past": ({"start_date": w3c(now - timedelta(days=60)),
                                  "end_date": w3c(now - timedelta(days=1))}, 0),
        "ends in the future": ({"end_date": w3c(now + timedelta(days=1))}, 1),
        "starts tomorrow": ({"start_date": w3c(now + timedelta(days=1))}, 0),
        "a date alone, in Kunshan": ({"start_date": (now + timedelta(hours=8)).date().isoformat()}, 1),
        "with Z": ({"start_date": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")}, 1),
    }
    for name, (params, count) in windows.items():
        assert len(as_json(world.requests(client, **params))) == count, name


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"}, "end_date"),
        ({"start_date": "2026-06-01T00:00:00Z", "end_date": "2026-05-01T00:00:00Z"}, "end_date"),
        ({"start_date": "yesterday"}, "start_date"),
        ({"start_date": "20260501"}, "start_date"),
        ({"end_date": "2026-02-30T00:00:00Z"}, "end_date"),
        ({"status": "pending"}, "status"),
        ({"service_code": "potholes"}, "service_code"),
        ({"service_request_id": "K7QM-4XW2"}, "service_request_id"),
    ],
    ids=str,
)
def test_a_bad_filter_is_a_400_naming_it(client: Any, world: World, params: dict[str, str], field: str) -> None:
    for fmt in ("json", "xml"):
        (description,) = errors_of(world.requests(client, fmt, **params), 400, fmt)
        assert description.startswith(f"{field}:")


def test_at_most_a_page_of_requests_is_listed_newest_first(
    client: Any, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queries, "LIMIT", 3)
    codes = [world.submit(f"Idea {n}") for n in range(5)]
    found = [r["service_request_id"] for r in as_json(world.requests(client))]
    assert found == [world.ref(code) for code in reversed(codes[2:])]


# -- filing a request on a child's behalf ---------------------------------------------------------


def file(client: Any, world: World, fmt: str = "json", user: str | None = "fay", **changes: Any) -> Any:
    form = {
        "service_code": "spaces",
        "description": "More shade at the playground, please.",
        "attribute[age_band]": "6-8",
        **({"api_key": world.tokens[user]} if user else {}),
        **changes,
    }
    return client.post(f"{V2}/requests.{fmt}", data={k: v for k, v in form.items() if v is not ...})


def test_a_facilitator_files_a_childs_idea_as_assisted_from_the_board(client: Any, world: World) -> None:
    response = file(client, world, address_id="huadu-board", **{"attribute[title]": "Shade"})
    (created,) = as_json(response, 201)
    assert set(created) == {"service_request_id", "service_notice", "account_id", "tracking_code"}
    item = world.feedback.get_suggestion(created["tracking_code"])
    assert created["service_request_id"] == item.ref
    assert response.headers["Location"].endswith(f"/open311/v2/requests/{item.ref}.json")
    assert (item.channel.value, item.assisted, item.category.value, item.age_band.value) == (
        "message_board", True, "spaces", "6-8",
    )
    assert (item.text.text, item.title.text) == ("More shade at the playground, please.", "Shade")
    (submitted,) = world.feedback.events.get(item.id, lte=1)
    assert submitted.actor == Actor.facilitator("fay")
    world.catch_up()
    assert as_json(client.get(response.headers["Location"]))[0]["status"] == "open"


@pytest.mark.parametrize(
    ("address_id", "channel"),
    [(..., "web"), ("first-peoples-hospital", "hospital_review"), ("little-kunyu", "observation_group"),
     ("huadu", "web")],
)
def test_the_channel_follows_the_place_named_by_address_id(
    client: Any, world: World, address_id: Any, channel: str
) -> None:
    (created,) = as_json(file(client, world, address_id=address_id), 201)
    assert world.feedback.get_suggestion(created["tracking_code"]).channel.value == channel


def test_names_contacts_and_coordinates_are_never_kept(client: Any, world: World) -> None:
    personal = {"email": "mingming@example.com", "first_name": "Mingming", "last_name": "Wang",
                "phone": "13800138000", "lat": "31.38", "long": "120.98", "address_string": "12 Qianjin Road",
                "device_id": "device-42", "account_id": "acct-7", "media_url": "http://example.com/me.jpg"}
    root = as_xml(file(client, world, "xml", **personal), 201)
    code = root.findtext("request/tracking_code")
    stored = repr([vars(event) for event in world.feedback.history(code)])
    for value in personal.values():
        assert value not in stored


@pytest.mark.parametrize(
    ("user", "key"),
    [(None, None), (None, "not-a-key"), ("mona", None), ("olga", None), ("adam", None), ("audrey", None)],
)
def test_only_a_facilitators_api_key_files_requests(
    client: Any, world: World, user: str | None, key: str | None
) -> None:
    response = file(client, world, user=user, **({"api_key": key} if key else {}))
    errors_of(response, 403)
    world.catch_up()
    assert as_json(world.requests(client)) == []


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"description": ...}, ["description"]),
        ({"description": "   "}, ["description"]),
        ({"description": "x" * 2001}, ["description"]),
        ({"attribute[age_band]": ...}, ["attribute[age_band]"]),
        ({"attribute[age_band]": "99"}, ["attribute[age_band]"]),
        ({"description": ..., "attribute[age_band]": ...}, ["description", "attribute[age_band]"]),
        ({"address_id": "atlantis"}, ["address_id"]),
        ({"lat": "north"}, ["lat"]),
    ],
    ids=str,
)
def test_a_request_with_a_bad_field_is_a_400_with_one_error_per_field(
    client: Any, world: World, changes: dict[str, Any], fields: list[str]
) -> None:
    descriptions = errors_of(file(client, world, "xml", **changes), 400, "xml")
    assert sorted(d.split(":")[0] for d in descriptions) == sorted(fields)


def test_a_request_for_an_unknown_service_is_a_404(client: Any, world: World) -> None:
    errors_of(file(client, world, service_code="potholes"), 404)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_store_that_cannot_be_reached_is_a_503_in_georeports_format(
    client: Any, world: World, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    ref = world.ref(world.submit())
    world.catch_up()

    def unreachable(*_: Any, **__: Any) -> Any:
        raise PersistenceError("connection refused")

    monkeypatch.setattr(world.feedback, "get_suggestion_by_id", unreachable)
    response = client.get(f"{V2}/requests/{ref}.{fmt}")
    errors_of(response, 503, fmt)
    assert response.headers["Retry-After"] == "30"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_client_over_the_filing_limit_hears_so_in_georeports_format(world: World, fmt: str) -> None:
    limited = create_app({"TESTING": True, "FEEDBACK_SERVICES": world.services}).test_client()
    statuses = [file(limited, world, fmt).status_code for _ in range(20)]
    response = file(limited, world, fmt)
    assert statuses == [201] * 20
    errors_of(response, 429, fmt)
    assert response.headers["Retry-After"] == "60"
