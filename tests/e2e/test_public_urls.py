"""Absolute URLs come from FEEDBACK_PUBLIC_URL, never from the Host header a request sends."""

from __future__ import annotations

from typing import Any

import pytest

from feedback.bootstrap import bootstrap
from feedback.config import ConfigError, Settings
from tests.conftest import seed
from web import create_app

BASE = "https://voice.kunshan.example"
EVIL = {"Host": "evil.example"}


@pytest.fixture
def site() -> Any:
    services = bootstrap(Settings(database_url="memory://", public_url=BASE + "/"))
    seed(services)
    yield create_app({"TESTING": True, "FEEDBACK_SERVICES": services, "FEEDBACK_RATE_LIMITS": "off"})
    services.close()


def test_the_poster_points_at_the_public_address_whatever_host_is_asked_for(site: Any) -> None:
    html = site.test_client().get("/kiosk/huadu-board/poster", headers=EVIL).get_data(as_text=True)
    assert f"{BASE}/kiosk/huadu-board" in html and f"{BASE}/share?" in html
    assert "evil.example" not in html


def test_open311_discovery_names_the_public_address(site: Any) -> None:
    document = site.test_client().get("/open311/v2/discovery.json", headers=EVIL).get_json()
    assert document["endpoints"][0]["url"] == f"{BASE}/open311/v2"


def test_a_public_address_that_is_not_http_is_refused_in_one_line() -> None:
    with pytest.raises(ConfigError, match="FEEDBACK_PUBLIC_URL"):
        Settings(database_url="memory://", public_url="javascript:alert(1)")
