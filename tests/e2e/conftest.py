"""Shared e2e fixtures: the web site over the seeded application, as staff and children meet it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.staff_browser import set_passwords
from web import create_app


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "site(csrf=True, rate_limits=True): build the e2e `site` with CSRF or rate limits switched off"
    )


@pytest.fixture
def site(seeded: Any, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Any:
    """The web app over the seeded application, staff with passwords; CSRF and rate limits on, as in production.

    A module or test switches them off with ``pytest.mark.site(csrf=False, rate_limits=False)``.
    """
    marker = request.node.get_closest_marker("site")
    options = marker.kwargs if marker else {}
    monkeypatch.setattr("feedback.credentials.SCRYPT_N", 2**8)  # fast hashes; the format keeps the cost
    monkeypatch.delenv("FEEDBACK_SECURE_COOKIES", raising=False)  # the test client speaks plain HTTP
    set_passwords(seeded.services.accounts)
    config: dict[str, Any] = {"TESTING": True, "FEEDBACK_SERVICES": seeded.services}
    if options.get("csrf", True):
        config.update(WTF_CSRF_ENABLED=True, SECRET_KEY="test-secret")
    else:
        config.update(WTF_CSRF_ENABLED=False)
    if not options.get("rate_limits", True):
        config.update(FEEDBACK_RATE_LIMITS="off")
    return create_app(config)


@pytest.fixture
def tokens(seeded: Any) -> dict[str, str]:
    """The API token of each seeded staff member, by username."""
    return seeded.tokens
