"""Read-your-writes: the page after an action shows its effect; an action taken again meets "changed meanwhile".

The site polls the log as `feedback serve` does (a Poller thread), so the read models
move on their own; no test here catches them up by hand.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from domain.values import Status
from projections import Poller
from tests.e2e.staff_browser import Browser, item_at, ref_of, signed_in, submit

pytestmark = pytest.mark.site(csrf=False)


@pytest.fixture
def polled(site: Any) -> Iterator[Any]:
    """The site with its read models kept up by a poller of its own, as `feedback serve` runs it."""
    projector = site.extensions["projector"]
    projector.catch_up()
    poller = Poller(projector, interval=0.05)
    poller.start()
    site.extensions["poller"] = poller
    yield site
    poller.stop()
    poller.join(timeout=5)


def queue_words(mona: Browser) -> str:
    mona.get("/staff/queue")
    return mona.text()


def test_after_accept_the_queue_no_longer_lists_the_item(polled: Any, seeded: Any) -> None:
    app = seeded.app
    first, second = submit(app), submit(app, text="Please plant more trees along the canal.")
    mona = signed_in(polled, "mona")
    before = queue_words(mona)
    assert "2 new items to screen" in before
    mona.submit(f"/staff/items/{ref_of(app, first)}/accept")  # back to the queue, as the form says
    assert "Accepted." in mona.text()
    assert "1 new item to screen" in mona.text()
    assert ref_of(app, first) not in mona.page and ref_of(app, second) in mona.page
    assert app.get_suggestion(first).status is Status.UNDER_REVIEW


def test_accept_pressed_again_on_a_stale_list_shows_what_changed_meanwhile(polled: Any, seeded: Any) -> None:
    app = seeded.app
    code = submit(app)
    ref = ref_of(app, code)
    polled.extensions["poller"].stop()  # the list stands still: mona's page is the one drawn before her accept
    polled.extensions["poller"].join(timeout=5)
    polled.extensions.pop("poller")
    polled.extensions["projector"].catch_up()
    mona = signed_in(polled, "mona")
    mona.get("/staff/queue")
    stale = mona.page
    mona.submit(f"/staff/items/{ref}/accept")  # accepted
    mona.page = stale  # the same button, pressed again from the page drawn before
    mona.submit(f"/staff/items/{ref}/accept", status=409)
    words = mona.text()
    assert "Someone changed this item meanwhile" in words
    assert "cannot accept" not in words
    assert "Accepted" in words, "the page says what changed: the accept itself"


def test_after_attaching_the_topic_board_lists_the_item(polled: Any, seeded: Any) -> None:
    app = seeded.app
    code = item_at(app, "under_review")
    ref = ref_of(app, code)
    dan = signed_in(polled, "dan")
    dan.get("/staff/topics/school-nutrition")
    dan.submit("/staff/topics/school-nutrition/attach", ref=ref)
    assert "The item is now on this topic." in dan.text()
    assert ref in dan.page


@pytest.mark.parametrize("wait", ["soon", "-1", "3600"])
def test_a_wait_that_is_not_0_to_30_seconds_stops_the_site_from_starting(seeded: Any, wait: str) -> None:
    from feedback.errors import ConfigError
    from web import create_app

    with pytest.raises(ConfigError, match="FEEDBACK_READ_YOUR_WRITES_SECONDS"):
        create_app({"TESTING": True, "FEEDBACK_SERVICES": seeded.services, "FEEDBACK_READ_YOUR_WRITES_SECONDS": wait})


def test_without_anyone_moving_the_read_models_an_action_does_not_wait(site: Any, seeded: Any) -> None:
    code = submit(seeded.app)
    with site.test_request_context():
        from web.staff import reads

        assert reads.read_your_writes_seconds() == 0.0
        assert reads.settle() is False  # at once: nothing here moves the read models
    mona = signed_in(site, "mona")
    mona.get(f"/staff/items/{ref_of(seeded.app, code)}")
    mona.submit(f"/staff/items/{ref_of(seeded.app, code)}/accept")
    assert "Accepted." in mona.text()
