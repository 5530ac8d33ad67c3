"""Many hands on one item: no lost update, and every conflict is a clear 409."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from typing import Any

from domain.actors import Actor
from domain.values import AgeBand, Category, Channel, Decision
from feedback.errors import Conflict
from web import create_app

THREADS = 8


def adopted_item(app: Any) -> str:
    code = app.submit(channel=Channel.WEB, category=Category.SPACES, age_band=AgeBand.AGE_9_11, text="a bench").code
    app.accept(code, Actor.staff("mona"))
    app.forward(code, "health-commission", date.today() + timedelta(days=9), Actor.staff("dan"))
    app.answer(code, Decision.ADOPTED, "Approved.", "Yes!", Actor.staff("olga"))
    return code


def race(work: Any) -> list[Any]:
    results: list[Any] = [None] * THREADS
    start = threading.Barrier(THREADS)

    def run(i: int) -> None:
        start.wait()
        try:
            results[i] = work(i)
        except Exception as error:  # noqa: BLE001 - the test inspects what each thread got
            results[i] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_threads_acting_on_one_item_lose_no_update(seeded: Any) -> None:
    app = seeded.app
    code = adopted_item(app)
    olga = Actor.staff("olga")
    before = app.get_suggestion(code).version
    results = race(lambda i: app.record_progress(code, 10 + i, f"step {i}", olga))
    done = [r for r in results if not isinstance(r, Exception)]
    conflicts = [r for r in results if isinstance(r, Conflict)]
    assert len(done) + len(conflicts) == THREADS and done
    recorded = [e for e in app.history(code) if type(e).__name__ == "ProgressRecorded"]
    assert len(recorded) == len(done)  # every success is in the log, and nothing else
    assert app.get_suggestion(code).version == before + len(done)


def test_with_expected_version_exactly_one_hand_wins_and_the_others_get_409(seeded: Any, app: Any) -> None:
    code = adopted_item(seeded.app)
    version, ref = seeded.app.get_suggestion(code).version, seeded.app.get_suggestion(code).ref
    token = seeded.tokens["olga"]

    def act(i: int) -> int:
        client = app.test_client()
        response = client.post(f"/api/v1/suggestions/{ref}/actions", headers={"Authorization": f"Bearer {token}"},
                               json={"action": "progress", "percent": 20 + i, "note": f"hand {i}",
                                     "expected_version": version})
        return response.status_code

    statuses = race(act)
    assert sorted(statuses) == [200] + [409] * (THREADS - 1)
    assert seeded.app.get_suggestion(code).version == version + 1
    assert create_app  # the Flask app under test is the conftest's, shared by the threads
