"""/healthz tells an operator whether the store answers and how far behind the views are."""

from __future__ import annotations

import time
from typing import Any

from domain.values import AgeBand, Category, Channel
from web import create_app


def file_idea(app: Any) -> str:
    return app.submit(channel=Channel.WEB, category=Category.SPACES, age_band=AgeBand.AGE_9_11,
                      text="A bigger slide").code


def test_health_reports_the_lag_of_every_projection(app: Any, client: Any, seeded: Any) -> None:
    file_idea(seeded.app)
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok" and body["store"] == "reachable"
    assert set(body["projections"]) == {"work_queue", "topic_board", "adoption", "hospitals", "public_board"}
    assert body["max_lag"] > 0
    app.extensions["projector"].catch_up()
    body = client.get("/healthz").get_json()
    assert body["max_lag"] == 0
    assert all(p["lag"] == 0 and p["current"] for p in body["projections"].values())


def test_the_poller_keeps_views_within_a_second_of_the_log(seeded: Any) -> None:
    flask_app = create_app({"TESTING": True, "FEEDBACK_SERVICES": seeded.services, "FEEDBACK_POLL_PROJECTIONS": True})
    poller = flask_app.extensions["poller"]
    try:
        file_idea(seeded.app)
        client = flask_app.test_client()
        deadline = time.monotonic() + 10  # generous on a loaded machine; it usually takes < 0.5 s
        while client.get("/healthz").get_json()["max_lag"] and time.monotonic() < deadline:
            time.sleep(0.05)
        body = client.get("/healthz").get_json()
        assert body["max_lag"] == 0
        assert body["poller"] == {"alive": True, "error": ""}
    finally:
        poller.stop()
        poller.join(5)
