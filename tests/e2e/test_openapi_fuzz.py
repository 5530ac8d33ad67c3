"""A schema-driven fuzzer: requests made from /api/openapi.json, answers checked against it.

Schemathesis turns every documented operation into Hypothesis strategies, both
valid requests and ones that break the spec, and sends them to the Flask app
through WSGI (no network). No answer may be a server error, and every answer
must be documented: its status code, its content type, its headers and its body.
Generation is derandomized and small, so CI sees the same few hundred requests
on every run.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from domain.actors import Actor
from feedback.bootstrap import bootstrap
from tests.conftest import seed, settings_for
from web import create_app

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# The operations the fuzzer covers; a test below keeps this list equal to the spec's.
OPERATIONS = [
    "GET /api/v1/suggestions",
    "POST /api/v1/suggestions",
    "GET /api/v1/suggestions/{code}",
    "POST /api/v1/suggestions/{ref}/actions",
    "GET /api/v1/topics",
    "GET /api/v1/venues",
    "GET /api/v1/transparency/head",
    "GET /open311/v2/discovery.{format}",
    "GET /open311/v2/services.{format}",
    "GET /open311/v2/services/{service_code}.{format}",
    "GET /open311/v2/requests.{format}",
    "POST /open311/v2/requests.{format}",
    "GET /open311/v2/requests/{service_request_id}.{format}",
]
# Requests that break the spec, for the operations that take input to break (a query or a body).
TAKES_INPUT = [
    "GET /api/v1/suggestions",
    "POST /api/v1/suggestions",
    "POST /api/v1/suggestions/{ref}/actions",
    "GET /api/v1/venues",
    "GET /open311/v2/requests.{format}",
    "POST /open311/v2/requests.{format}",
]
RUNS = [(label, GenerationMode.POSITIVE) for label in OPERATIONS] + [
    (label, GenerationMode.NEGATIVE) for label in TAKES_INPUT
]
EXAMPLES = {GenerationMode.POSITIVE: 30, GenerationMode.NEGATIVE: 20}
FUZZ_SETTINGS = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


class World:
    """An app with staff of every role and items at every step of the lifecycle."""

    def __init__(self) -> None:
        self.services = bootstrap(settings_for("memory://"))
        self.feedback = self.services.suggestions
        seeded = seed(self.services)
        self.tokens = seeded.tokens
        self.codes = self._items()
        self.refs = [self.feedback.get_suggestion(code).ref for code in self.codes]
        # Rate limits off: a budget's window would make the answers depend on the clock (test_openapi checks 429s).
        self.app = create_app({"TESTING": True, "FEEDBACK_SERVICES": self.services, "FEEDBACK_RATE_LIMITS": "off"})
        self.app.extensions["projector"].catch_up()
        self.schema = schemathesis.openapi.from_wsgi("/api/openapi.json", self.app)

    def _items(self) -> list[str]:
        app, staff = self.feedback, Actor.staff
        due = datetime.now(timezone.utc).date() + timedelta(days=14)
        idea = {"channel": "message_board", "venue": "huadu-board", "category": "spaces", "age_band": "9-11"}
        codes = [app.submit(text=f"A swing, please ({n})", **idea).code for n in range(6)]
        for code in codes[1:]:
            app.accept(code, staff("mona"))
        for code in codes[2:]:
            app.forward(code, "health-commission", due, staff("dan"))
        for code in codes[3:]:
            app.answer(code, "adopted", "Funded.", "Yes! A swing is coming.", staff("olga"))
        app.record_progress(codes[4], 50, "Half built.", staff("olga"))
        app.mark_implemented(codes[5], "A photo of the swing.", staff("olga"))
        return codes


# Places and topics that exist, so that valid requests also reach the code behind the look-ups.
VENUE_OF_CHANNEL = {
    "web": "huadu",
    "message_board": "huadu-board",
    "observation_group": "little-kunyu",
    "hospital_review": "first-peoples-hospital",
}
REFERENCES = {
    "venue": list(VENUE_OF_CHANNEL.values()),
    "body": ["health-commission", "education-bureau", "first-peoples-hospital"],
    "topic": ["school-nutrition"],
}


def steer(case: Any, data: st.DataObject, world: World) -> None:
    """Now and then, make a valid request name things that exist (a fuzzer cannot guess a slug)."""
    if not data.draw(st.booleans(), label="steer"):
        return
    places = case.query if case.method == "GET" else case.body
    if not isinstance(places, dict):
        return
    real = {
        **REFERENCES,
        "into": world.refs,
        "address_id": REFERENCES["venue"],
        "api_key": [world.tokens["fay"]],
        "service_request_id": world.refs,
    }
    for field, choices in real.items():
        if field in places:
            places[field] = data.draw(st.sampled_from(choices), label=field)
    if places.get("channel") in VENUE_OF_CHANNEL:
        places["venue"] = VENUE_OF_CHANNEL[places["channel"]]
        places.setdefault("text", "A swing next to the reading corner, please.")


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    built = World()
    yield built
    built.feedback.close()


def test_the_fuzzer_covers_every_documented_operation(world: World) -> None:
    spec = world.app.test_client().get("/api/openapi.json").get_json()
    documented = [f"{method.upper()} {path}" for path, methods in spec["paths"].items() for method in methods]
    assert sorted(documented) == sorted(OPERATIONS)


@pytest.mark.parametrize(("label", "mode"), RUNS, ids=[f"{label} {mode.value}" for label, mode in RUNS])
def test_fuzzed_requests_get_documented_answers_and_never_a_server_error(
    world: World, label: str, mode: GenerationMode
) -> None:
    operation = world.schema.find_operation_by_label(label)
    assert operation is not None
    tokens = [None, "not-a-real-token", *world.tokens.values()]
    checks = CHECKS + ([negative_data_rejection] if mode is GenerationMode.NEGATIVE else [])

    @settings(FUZZ_SETTINGS, max_examples=EXAMPLES[mode])
    @given(data=st.data())
    def fuzz(data: st.DataObject) -> None:
        fixed: dict[str, Any] = {}
        for name, real in (("code", world.codes), ("ref", world.refs), ("service_request_id", world.refs)):
            if f"{{{name}}}" in label and data.draw(st.sampled_from([True, True, True, False]), label=f"a real {name}"):
                fixed["path_parameters"] = {name: data.draw(st.sampled_from(real), label=name)}
        token = data.draw(st.sampled_from(tokens), label="token")
        if token is not None:
            fixed["headers"] = {"Authorization": f"Bearer {token}"}
        case = data.draw(operation.as_strategy(mode, **fixed), label="case")
        if mode is GenerationMode.POSITIVE:
            steer(case, data, world)
        case.call_and_validate(checks=checks)

    fuzz()
