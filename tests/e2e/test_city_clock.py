"""The city's clock: at 07:30 in Kunshan it is already today, although UTC is still on yesterday."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from feedback.errors import InvalidInput
from tests.e2e.test_api import IDEA

KUNSHAN = ZoneInfo("Asia/Shanghai")
# 2026-12-01 07:30 in Kunshan is 2026-11-30 23:30 in UTC.
MORNING = datetime(2026, 12, 1, 7, 30, tzinfo=KUNSHAN)


def submit(client: Any) -> Any:
    return client.post("/api/v1/suggestions", json=IDEA)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def act(client: Any, token: str, ref: str, action: str, **params: Any) -> Any:
    """Take a step through the API on the item with this public reference (staff never hold a code)."""
    return client.post(f"/api/v1/suggestions/{ref}/actions", json={"action": action, **params}, headers=bearer(token))


def ok(response: Any, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.get_json()
    return response.get_json()


def refused(response: Any, status: int, field: str) -> None:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.get_json()["error"]["fields"][field].strip()


@pytest.fixture
def morning(seeded: Any) -> Any:
    """The seeded application with its clock stopped at 07:30 city time."""
    seeded.app.clock.freeze(MORNING)
    return seeded


def test_the_clock_reads_the_city_date_not_utcs(morning: Any) -> None:
    assert morning.app.clock.now().utcoffset().total_seconds() == 8 * 3600
    assert morning.app.clock.today() == date(2026, 12, 1)


def test_an_idea_filed_at_07_30_is_due_30_city_days_later(morning: Any, client: Any) -> None:
    code = ok(submit(client), 201)["code"]
    assert morning.app.get_suggestion(code).answer_due == date(2026, 12, 31)


def test_a_forward_due_today_is_taken_and_one_due_yesterday_is_refused(morning: Any, client: Any) -> None:
    ref = ok(submit(client), 201)["ref"]
    token = morning.tokens["dan"]
    ok(act(client, morning.tokens["mona"], ref, "accept"))
    refused(act(client, token, ref, "forward", body="health-commission", due="2026-11-30"), 422, "due")
    forwarded = ok(act(client, token, ref, "forward", body="health-commission", due="2026-12-01"))
    assert forwarded["status"] == "forwarded"


def test_an_idea_due_yesterday_in_the_city_is_overdue_at_07_30(morning: Any, app: Any, client: Any) -> None:
    morning.app.clock.freeze(datetime(2026, 10, 31, 7, 30, tzinfo=KUNSHAN))
    code = ok(submit(client), 201)["code"]
    assert morning.app.get_suggestion(code).answer_due == date(2026, 11, 30)
    morning.app.clock.freeze(MORNING)
    app.extensions["projector"].catch_up()
    listed = ok(client.get("/api/v1/suggestions", headers=bearer(morning.tokens["mona"])))
    assert [item["overdue"] for item in listed["items"]] == [True]
    only_overdue = ok(client.get("/api/v1/suggestions?overdue=true", headers=bearer(morning.tokens["mona"])))
    assert len(only_overdue["items"]) == 1


def test_an_unknown_time_zone_is_refused_in_one_line() -> None:
    from feedback.config import ConfigError, Settings

    with pytest.raises(ConfigError, match="not a time zone"):
        Settings(database_url="memory://", timezone="Mars/Olympus")


def test_the_application_refuses_a_past_due_date_in_city_time(morning: Any) -> None:
    from domain.actors import Actor

    item = morning.app.submit(channel="web", category="spaces", age_band="9-11", text="More benches, please")
    morning.app.accept(item.code, Actor.staff("mona"))
    with pytest.raises(InvalidInput):
        morning.app.forward(item.code, "health-commission", date(2026, 11, 30), Actor.staff("dan"))
