"""The demo's year on the dashboards: answers in weeks, a year of months, and the auditor's "as of" in January.

The site runs over a SQLite store filled by the demo (as ``make run`` does); the
pages are read as the demo's staff read them, signed in with the demo passwords.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlencode

import pytest

from feedback.bootstrap import Services, bootstrap
from feedback.demo import Year, load_demo
from tests.conftest import settings_for
from tests.e2e.staff_browser import Browser
from web import create_app


@pytest.fixture(scope="module")
def demo_services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    services = bootstrap(settings_for(f"sqlite:///{tmp_path_factory.mktemp('demo')}/feedback.sqlite"))
    load_demo(services, seed=4, suggestions=80)
    yield services
    services.close()


@pytest.fixture
def site(demo_services: Services, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.delenv("FEEDBACK_SECURE_COOKIES", raising=False)
    flask_app = create_app({"TESTING": True, "FEEDBACK_SERVICES": demo_services, "WTF_CSRF_ENABLED": False,
                            "FEEDBACK_RATE_LIMITS": "off"})
    flask_app.extensions["projector"].catch_up()  # the read models follow the log (a poller does it when served)
    return flask_app


def signed_in(site: Any, username: str, password: str) -> Browser:
    person = Browser(site)
    person.sign_in(username, password)
    return person


def section(page: str, title_id: str) -> str:
    return page.split(f'id="{title_id}"')[1].split("</section>")[0]


def median_days(page: str) -> float:
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    found = re.search(r"Half of the answered ideas were answered within ([\d.]+) days", text)
    assert found, text[:2000]
    return float(found.group(1))


def test_the_staff_dashboards_show_answers_in_weeks_and_a_year_of_months(site: Any) -> None:
    auditor = signed_in(site, "luo.audit", "auditor-demo")
    page = auditor.get("/staff/dashboards")

    assert 7 <= median_days(auditor.text()) <= 60
    months = set(re.findall(r"\b20\d\d-[01]\d\b", section(page, "adoption-month")))
    assert len(months) >= 12


def test_the_public_dashboard_shows_answers_in_days_or_weeks(site: Any) -> None:
    child = Browser(site)
    child.get("/dashboard")

    assert 7 <= median_days(child.text()) <= 60


def test_the_auditors_dashboards_as_of_the_two_sessions_differ_from_todays(
    site: Any, demo_services: Services
) -> None:
    auditor = signed_in(site, "luo.audit", "auditor-demo")
    sessions = Year.ending(demo_services.clock.today(), demo_services.clock.zone).sessions
    january = datetime(sessions.year, 1, 31, 12, tzinfo=timezone.utc)
    now = datetime.now(timezone.utc) - timedelta(minutes=1)

    then_page = auditor.get(f"/audit/as-of?{urlencode({'at': january.isoformat()})}")
    held_then = int(re.search(r"the log held (\d+) events", auditor.text()).group(1))  # type: ignore[union-attr]
    today_page = auditor.get(f"/audit/as-of?{urlencode({'at': now.isoformat()})}")
    held_now = int(re.search(r"the log held (\d+) events", auditor.text()).group(1))  # type: ignore[union-attr]

    assert 0 < held_then < held_now
    assert section(then_page, "statuses-title") != section(today_page, "statuses-title")
    months_then = set(re.findall(r"\b20\d\d-[01]\d\b", section(then_page, "adoption-month")))
    assert months_then and max(months_then) <= f"{sessions.year}-01"
