"""/api/openapi.json and /api/docs: the API described from its own schemas, for programs and people."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from eventsourcing.persistence import PersistenceError
from schemathesis.checks import not_a_server_error

from feedback.bootstrap import bootstrap
from tests.conftest import seed, settings_for
from tests.e2e.test_api import ANSWER, FORWARD, IDEA
from tests.e2e.test_open311 import FIELDS
from web import create_app
from web.api.inputs import ACTION_SCHEMAS, NOT_BLANK

ERROR_REF = "#/components/schemas/Error"
# GeoReport's own error format, which its spec fixes: a list of {code, description}.
OPEN311_ERRORS = {"type": "array", "items": {"$ref": "#/components/schemas/Open311Error"}}


@pytest.fixture(scope="module")
def world() -> Iterator[tuple[Any, dict[str, str]]]:
    """One app on the in-memory store: the document does not depend on the store."""
    services = bootstrap(settings_for("memory://"))
    tokens = seed(services).tokens
    yield create_app({"TESTING": True, "FEEDBACK_SERVICES": services, "FEEDBACK_RATE_LIMITS": "off"}), tokens
    services.close()


@pytest.fixture(scope="module")
def spec(world: tuple[Any, dict[str, str]]) -> dict[str, Any]:
    response = world[0].test_client().get("/api/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


def operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        section, name = node["$ref"].split("/")[-2:]
        node = spec["components"][section][name]
    return node


def test_the_document_is_openapi_3_1_that_schemathesis_can_load(spec: dict[str, Any]) -> None:
    assert spec["openapi"] == "3.1.0"
    loaded = schemathesis.openapi.from_dict(spec)
    results = list(loaded.get_all_operations())
    assert results and all(result.ok() for result in results)


UNDOCUMENTED = {"open311.root", "open311.unmatched"}  # the discovery document again; GeoReport's 404s


def test_every_route_of_the_api_and_of_open311_is_documented(
    world: tuple[Any, dict[str, str]], spec: dict[str, Any]
) -> None:
    routes = {
        (re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule), method.lower())
        for rule in world[0].url_map.iter_rules()
        if rule.rule.startswith(("/api/v1/", "/open311/")) and rule.endpoint not in UNDOCUMENTED
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routes == {(path, method) for path, method, _ in operations(spec)}


def test_every_4xx_answer_is_the_one_error_shape_of_its_dialect(spec: dict[str, Any]) -> None:
    error = spec["components"]["schemas"]["Error"]
    detail = resolve(spec, error["properties"]["error"])
    assert error["required"] == ["error"]
    assert set(detail["properties"]) == {"status", "message", "fields"}
    assert detail["required"] == ["status", "message"]
    for path, method, operation in operations(spec):
        for status, response in operation["responses"].items():
            if status.startswith("4"):
                assert response["$ref"].startswith("#/components/responses/"), (method, path, status)
                schema = resolve(spec, response)["content"]["application/json"]["schema"]
                expected = OPEN311_ERRORS if path.startswith("/open311/") else {"$ref": ERROR_REF}
                assert schema == expected, (method, path, status)


def test_staff_operations_need_a_bearer_token_and_say_401_and_403(spec: dict[str, Any]) -> None:
    assert spec["components"]["securitySchemes"]["bearer"] == {
        "type": "http", "scheme": "bearer", "description": "A staff member's API token.",
    }
    staff = {(method, path) for path, method, op in operations(spec) if op.get("security") == [{"bearer": []}]}
    assert staff == {("get", "/api/v1/suggestions"), ("post", "/api/v1/suggestions/{ref}/actions")}
    for path, method, operation in operations(spec):
        if (method, path) in staff:
            assert {"401", "403"} <= set(operation["responses"])
    unauthorized = spec["components"]["responses"]["Unauthorized"]
    assert unauthorized["headers"]["WWW-Authenticate"]["required"] is True


def test_actions_are_one_of_each_action_with_an_optional_expected_version(spec: dict[str, Any]) -> None:
    operation = spec["paths"]["/api/v1/suggestions/{ref}/actions"]["post"]
    (item,) = operation["parameters"]  # staff name the item by its public reference, never by its code
    assert (item["in"], item["name"], item["required"]) == ("path", "ref", True)
    assert item["schema"]["pattern"] == "^[0-9A-Fa-f]{10}$"
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body["discriminator"]["propertyName"] == "action"
    assert len(body["oneOf"]) == len(ACTION_SCHEMAS)
    for name, ref in body["discriminator"]["mapping"].items():
        action = resolve(spec, {"$ref": ref})
        assert action["properties"]["action"]["enum"] == [name]
        assert "expected_version" in action["properties"] and "expected_version" not in action["required"]
    assert "409" in operation["responses"]
    assert "expected_version" in operation["description"]
    answer = resolve(spec, {"$ref": body["discriminator"]["mapping"]["answer"]})
    assert set(answer["required"]) == {"action", "decision", "response", "explanation"}
    merge = resolve(spec, {"$ref": body["discriminator"]["mapping"]["merge"]})
    assert merge["properties"]["into"]["pattern"] == "^[0-9A-Fa-f]{10}$"  # a reference: a code never matches
    answered = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert answered == {"$ref": "#/components/schemas/StaffItem"}


def test_the_list_documents_its_paging(spec: dict[str, Any]) -> None:
    operation = spec["paths"]["/api/v1/suggestions"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert parameters["limit"]["schema"] == {"type": "integer", "default": 50, "minimum": 1, "maximum": 100}
    assert {"cursor", "offset", "status", "channel", "venue", "body", "topic"} <= set(parameters)
    assert all(p["in"] == "query" and not p["required"] for p in parameters.values())
    page = resolve(spec, operation["responses"]["200"]["content"]["application/json"]["schema"])
    assert page["required"] == ["items", "next"]
    assert page["properties"]["next"]["type"] == ["string", "null"]


def test_the_field_names_of_the_contract_are_in_the_document(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    submission = schemas["Submission"]
    assert set(IDEA) | {"title", "language", "ratings"} <= set(submission["properties"])
    assert set(submission["required"]) == {"channel", "category", "age_band"}
    assert submission["additionalProperties"] is False
    assert submission["properties"]["ratings"]["additionalProperties"] is False
    item = schemas["Item"]
    assert {"code", "ref", "status", "decision", "channel", "category", "text", "timeline", "version"} <= set(
        item["required"]
    )
    staff_item = schemas["StaffItem"]  # what staff get back from an action: the child's view without the code
    assert "code" not in staff_item["properties"] and "code" not in staff_item["required"]
    assert set(staff_item["required"]) == set(item["required"]) - {"code"}
    queue_item = schemas["QueueItem"]
    assert "ref" in queue_item["required"] and "code" not in queue_item["properties"]
    assert set(resolve(spec, item["properties"]["timeline"]["items"])["required"]) >= {"event", "at", "label"}
    assert {"id", "kind", "name"} <= set(schemas["Venue"]["required"])
    assert {"id", "kind", "name"} <= set(schemas["Topic"]["required"])


def test_open311_is_described_with_the_specs_own_names_in_json_and_xml(spec: dict[str, Any]) -> None:
    request = spec["components"]["schemas"]["ServiceRequest"]
    # The spec's own fields, always present, then our extensions, present only with names=all.
    assert list(request["properties"]) == [*FIELDS, "agency_responsible_names", "address_names"]
    assert request["required"] == FIELDS
    for path, method, operation in operations(spec):
        if path.startswith("/open311/"):
            ok = next(r for status, r in operation["responses"].items() if status.startswith("2"))
            assert set(ok["content"]) == {"application/json", "text/xml"}, (method, path)
    body = spec["paths"]["/open311/v2/requests.{format}"]["post"]["requestBody"]["content"]
    form = resolve(spec, body["application/x-www-form-urlencoded"]["schema"])
    assert {"api_key", "service_code", "description", "attribute[age_band]"} == set(form["required"])


def test_the_documented_not_blank_pattern_is_exactly_what_the_server_trims() -> None:
    whitespace = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    assert not any(re.search(NOT_BLANK, ch) for ch in whitespace)
    assert all(re.search(NOT_BLANK, chr(c)) for c in range(0xD800) if not chr(c).isspace())


def test_a_whole_lifecycle_answers_what_the_document_says(
    world: tuple[Any, dict[str, str]], spec: dict[str, Any]
) -> None:
    app, tokens = world
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    submit = schema.find_operation_by_label("POST /api/v1/suggestions")
    act = schema.find_operation_by_label("POST /api/v1/suggestions/{ref}/actions")
    show = schema.find_operation_by_label("GET /api/v1/suggestions/{code}")
    listing = schema.find_operation_by_label("GET /api/v1/suggestions")
    filed = submit.Case(body=IDEA, media_type="application/json").call_and_validate().json()
    code, ref = filed["code"], filed["ref"]
    steps = [
        ("mona", {"action": "accept"}),
        ("dan", {"action": "assign_topic", "topic": "school-nutrition"}),
        ("dan", {"action": "forward", **FORWARD}),
        ("olga", {"action": "answer", **ANSWER}),
        ("olga", {"action": "progress", "percent": 50, "note": "Half built."}),
        ("olga", {"action": "implemented", "evidence": "A photo of the swing.", "expected_version": 6}),
    ]
    for user, body in steps:
        headers = {"Authorization": f"Bearer {tokens[user]}"}
        case = act.Case(path_parameters={"ref": ref}, body=body, headers=headers, media_type="application/json")
        response = case.call_and_validate()
        assert response.status_code == 200 and "code" not in response.json()
        assert code not in response.text
    assert show.Case(path_parameters={"code": code}).call_and_validate().json()["status"] == "implemented"
    app.extensions["projector"].catch_up()
    page = listing.Case(query={"limit": 1}, headers={"Authorization": f"Bearer {tokens['audrey']}"})
    (item,) = page.call_and_validate().json()["items"]
    assert item["ref"] == ref and "code" not in item


def test_a_client_over_its_rate_limit_gets_the_documented_429(world: tuple[Any, dict[str, str]]) -> None:
    limited = create_app({"TESTING": True, "FEEDBACK_SERVICES": world[0].extensions["services"]})
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", limited)
    submit = schema.find_operation_by_label("POST /api/v1/suggestions")
    statuses = [submit.Case(body=IDEA, media_type="application/json").call_and_validate().status_code
                for _ in range(21)]
    assert statuses == [201] * 20 + [429]


def test_a_store_that_cannot_be_reached_gets_the_documented_503(
    world: tuple[Any, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreachable(*_: Any, **__: Any) -> Any:
        raise PersistenceError("connection refused")

    monkeypatch.setattr(world[0].extensions["services"].suggestions, "get_suggestion", unreachable)
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", world[0])
    show = schema.find_operation_by_label("GET /api/v1/suggestions/{code}")
    # A 503 is a server error by definition: check everything else about it.
    response = show.Case(path_parameters={"code": "K7QM-4XW2"}).call_and_validate(excluded_checks=[not_a_server_error])
    headers = {name.lower(): value for name, value in response.headers.items()}
    assert response.status_code == 503 and headers["retry-after"] == ["30"]


# -- the page for people -------------------------------------------------------------


@pytest.fixture(scope="module")
def docs(world: tuple[Any, dict[str, str]]) -> str:
    response = world[0].test_client().get("/api/docs")
    assert response.status_code == 200 and response.mimetype == "text/html"
    return response.get_data(as_text=True)


def test_the_docs_page_lists_every_operation_and_schema(docs: str, spec: dict[str, Any]) -> None:
    for path, _, operation in operations(spec):
        assert f'id="{operation["operationId"]}"' in docs
        assert f"<code>{path}</code>" in docs
    for name in spec["components"]["schemas"]:
        assert f'id="schema-{name}"' in docs
    assert "<code>limit</code>" in docs or "<code>limit (query)</code>" in docs
    assert "Bearer token" in docs and "expected_version" in docs


def test_the_docs_page_works_inside_a_closed_network(world: tuple[Any, dict[str, str]], docs: str) -> None:
    assert "<script" not in docs
    assert " style=" not in docs  # no inline styles: the page keeps to a strict CSP
    links = re.findall(r'(?:href|src)="([^"]*)"', docs)
    assert links and all(link.startswith(("/", "#")) for link in links), links
    stylesheet = next(link for link in links if link.endswith(".css"))
    assert world[0].test_client().get(stylesheet).status_code == 200
