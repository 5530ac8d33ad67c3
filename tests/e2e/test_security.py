"""Hardening: security headers on every answer, and rate limits per client and per board."""

from __future__ import annotations

from typing import Any

import pytest

from domain.codes import new_code
from web import create_app

IDEA = {"channel": "web", "category": "spaces", "age_band": "9-11", "text": "A shady bench"}


@pytest.fixture
def guarded(seeded: Any) -> Any:
    """The site with its rate limits on, as in production."""
    return create_app({"TESTING": True, "FEEDBACK_SERVICES": seeded.services, "WTF_CSRF_ENABLED": False,
                       "FEEDBACK_RATE_LIMITS": "on"}).test_client()


@pytest.mark.parametrize("path", ["/", "/track", "/api/v1/venues", "/healthz", "/no-such-page"])
def test_every_answer_carries_the_security_headers(client: Any, path: str) -> None:
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "Strict-Transport-Security" not in headers  # only behind TLS


def test_hsts_is_sent_behind_tls(client: Any) -> None:
    assert "max-age=" in client.get("/", base_url="https://localhost").headers["Strict-Transport-Security"]


def test_one_client_filing_too_fast_is_slowed_down_and_told_why(guarded: Any) -> None:
    statuses = [guarded.post("/api/v1/suggestions", json=IDEA).status_code for _ in range(21)]
    assert statuses[:20] == [201] * 20 and statuses[20] == 429
    limited = guarded.post("/api/v1/suggestions", json=IDEA)
    assert limited.headers["Retry-After"] == "60" and "try again" in limited.get_json()["error"]["message"]
    other = guarded.post("/api/v1/suggestions", json=IDEA, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 201  # another child elsewhere is not affected


def test_guessing_codes_gets_the_same_answer_as_any_unknown_code_then_429(guarded: Any) -> None:
    answers = {guarded.get(f"/api/v1/suggestions/{new_code()}").status_code for _ in range(60)}
    malformed = guarded.get("/api/v1/suggestions/NOT-A-CODE")
    assert answers == {404}
    assert malformed.status_code == 429  # the 61st look-up in a minute
    elsewhere = guarded.get("/api/v1/suggestions/NOT-A-CODE", environ_base={"REMOTE_ADDR": "10.0.0.7"})
    assert elsewhere.status_code == 404 and elsewhere.get_json()["error"]["message"] == (
        guarded.get(f"/api/v1/suggestions/{new_code()}", environ_base={"REMOTE_ADDR": "10.0.0.8"})
        .get_json()["error"]["message"])


def test_rate_limits_can_be_switched_off_for_benchmarks(client: Any) -> None:
    assert {client.post("/api/v1/suggestions", json=IDEA).status_code for _ in range(25)} == {201}


def test_the_session_cookie_is_http_only_and_same_site(seeded: Any) -> None:
    app = create_app({"TESTING": True, "FEEDBACK_SERVICES": seeded.services})
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_an_oversize_body_is_refused_before_it_is_read(client: Any) -> None:
    response = client.post("/api/v1/suggestions", data=b"x" * (65 * 1024), content_type="application/json")
    assert response.status_code == 413 and response.is_json
