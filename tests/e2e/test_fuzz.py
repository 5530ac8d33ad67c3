"""Hostile input: whatever arrives, the answer is never a 5xx and never reflects markup."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

MARKUP = "<script>alert(1)</script>"
text = st.one_of(st.text(max_size=300), st.just(MARKUP), st.sampled_from(["web", "hospital_review", "9-11", "spaces"]))
FORM_FIELDS = ["channel", "venue", "category", "age_band", "text", "title", "language", "code", "comment"]
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def assert_safe(response: Any) -> None:
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    assert MARKUP not in response.get_data(as_text=True)


@pytest.fixture
def store_url() -> str:
    """The fuzzers probe the HTTP layer: one store is enough (the store tests run on all three)."""
    return "memory://"


@pytest.fixture
def client(app: Any) -> Any:
    return app.test_client()


@SETTINGS
@given(fields=st.dictionaries(st.sampled_from(FORM_FIELDS), text, max_size=8))
@pytest.mark.parametrize("path", ["/share", "/track"])
def test_forms_answer_any_fields_without_a_5xx_or_reflected_markup(client: Any, path: str,
                                                                    fields: dict[str, str]) -> None:
    assert_safe(client.post(path, data=fields))
    assert_safe(client.get(path, query_string=fields))


@SETTINGS
@given(body=st.one_of(
    st.binary(max_size=200),
    st.dictionaries(st.sampled_from(["channel", "venue", "category", "age_band", "text", "ratings", "x"]),
                    st.one_of(text, st.integers(), st.none(), st.lists(st.integers(), max_size=3),
                              st.dictionaries(st.text(max_size=10), st.integers(), max_size=3)), max_size=7)
    .map(lambda d: __import__("json").dumps(d).encode()),
))
@pytest.mark.parametrize("content_type", ["application/json", "text/plain", "application/x-www-form-urlencoded"])
def test_the_api_answers_any_body_without_a_5xx(client: Any, content_type: str, body: bytes) -> None:
    response = client.post("/api/v1/suggestions", data=body, content_type=content_type)
    assert_safe(response)
    assert response.is_json


@SETTINGS
@given(key=st.one_of(st.text(max_size=40), st.from_regex(r"\A[0-9A-Fa-f]{10}\Z")))
def test_any_code_or_reference_in_a_url_gets_a_clear_answer(client: Any, seeded: Any, key: str) -> None:
    quoted = __import__("urllib.parse").parse.quote(key, safe="")
    for path in (f"/track/{quoted}", f"/api/v1/suggestions/{quoted}", f"/open311/v2/requests/{quoted}.json"):
        assert_safe(client.get(path))
    acting = client.post(f"/api/v1/suggestions/{quoted}/actions", json={"action": "accept"},
                         headers={"Authorization": f"Bearer {seeded.tokens['mona']}"})
    assert_safe(acting)
    assert acting.status_code in (400, 404, 405), acting.get_data(as_text=True)[:500]


def test_invalid_utf8_is_refused_clearly(client: Any) -> None:
    response = client.post("/api/v1/suggestions", data=b'{"text": "\xff\xfe"}', content_type="application/json")
    assert response.status_code == 400 and response.is_json
    form = client.post("/share", data=b"text=%FF%FE&channel=web", content_type="application/x-www-form-urlencoded")
    assert form.status_code < 500


def test_a_form_post_without_a_csrf_token_is_refused_clearly(seeded: Any) -> None:
    from web import create_app

    strict = create_app({"TESTING": True, "FEEDBACK_SERVICES": seeded.services, "FEEDBACK_RATE_LIMITS": "off"}).test_client()
    response = strict.post("/share", data={"channel": "web", "category": "spaces", "age_band": "9-11",
                                           "text": "hello"})
    assert response.status_code == 400
    assert seeded.app.count_suggestions() == 0
