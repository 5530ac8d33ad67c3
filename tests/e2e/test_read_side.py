"""Staff pages read the read models: the safeguarding lane without a scan of the log, lists as the rule says."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from eventsourcing.utils import get_topic

from domain.codes import new_ref
from domain.safeguarding import SafeguardingCase
from tests.e2e.staff_browser import Browser, item_at, submit

CASE_TOPICS = {get_topic(cls) for cls in (SafeguardingCase.Opened, SafeguardingCase.Viewed, SafeguardingCase.Closed)}


pytestmark = pytest.mark.site(csrf=False, rate_limits=False)


class LogReads:
    """Records each read of the notification log: which event types it asked for (None: every type)."""

    def __init__(self, recorder: Any) -> None:
        self.asked: list[set[str] | None] = []
        self._select = recorder.select_notifications

    def __call__(self, *args: Any, topics: Any = None, **kwargs: Any) -> Any:
        self.asked.append(set(topics) if topics else None)
        return self._select(*args, topics=topics, **kwargs)

    def of_cases(self) -> int:
        """Return how many reads could have walked the safeguarding cases."""
        return sum(1 for topics in self.asked if topics is None or topics & CASE_TOPICS)


def signed_in(site: Any, username: str) -> Browser:
    person = Browser(site)
    person.sign_in(username)
    return person


def test_the_safeguarding_pages_read_the_cases_from_the_read_model_not_the_log(
    seeded: Any, site: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = seeded.app
    asked = app.get_suggestion(submit(app, needs_help=True))
    detected = app.get_suggestion(submit(app, text="My uncle hits me. Please put a swing in the park."))
    site.extensions["projector"].catch_up()
    sam = signed_in(site, "sam")
    sam.get(f"/staff/safeguarding/{asked.ref}")
    sam.submit(f"/staff/safeguarding/{asked.ref}")  # an opening, recorded
    site.extensions["projector"].catch_up()
    reads = LogReads(app.recorder)
    monkeypatch.setattr(app.recorder, "select_notifications", reads)

    listing = sam.get("/staff/safeguarding")
    case_page = sam.get(f"/staff/safeguarding/{asked.ref}")

    assert reads.of_cases() == 0
    assert "The child asked for help" in listing and "Harm detected in the words" in listing
    assert listing.index(f"/staff/safeguarding/{detected.ref}") < listing.index(f"/staff/safeguarding/{asked.ref}")  # newest first
    assert "sam" in case_page and "1 (sam)" in " ".join(case_page.split())


def test_a_closed_case_shows_closed_once_the_read_models_catch_up(seeded: Any, site: Any) -> None:
    app = seeded.app
    item = app.get_suggestion(submit(app, needs_help=True))
    site.extensions["projector"].catch_up()
    sam = signed_in(site, "sam")
    sam.get(f"/staff/safeguarding/{item.ref}")
    sam.submit(f"/staff/safeguarding/{item.ref}/close", note="Talked with the school social worker.")
    site.extensions["projector"].catch_up()
    row = next(line for line in sam.get("/staff/safeguarding").splitlines() if f"/staff/safeguarding/{item.ref}" in line)
    assert ">closed<" in row


def test_an_unknown_case_is_not_found(seeded: Any, site: Any) -> None:
    sam = signed_in(site, "sam")
    sam.get("/staff/safeguarding/00000000-0000-0000-0000-000000000000", status=404)
    sam.get(f"/staff/safeguarding/{new_ref()}", status=404)  # no item has this reference
    no_case = seeded.app.get_suggestion(submit(seeded.app)).ref
    sam.get(f"/staff/safeguarding/{no_case}", status=404)  # an item, but no case


@pytest.mark.parametrize(("username", "sees"), [("mona", 3), ("dan", 3), ("audrey", 3), ("olga", 1), ("eddie", 1)])
def test_the_home_pages_overdue_count_and_the_dashboards_overdue_list_hold_each_person_to_what_they_may_see(
    seeded: Any, site: Any, username: str, sees: int
) -> None:
    app = seeded.app
    item_at(app, "submitted")
    item_at(app, "forwarded", body="health-commission")
    item_at(app, "forwarded", body="education-bureau")
    app.clock.freeze(app.clock.now() + timedelta(days=40))  # past every answer date and due date
    try:
        site.extensions["projector"].catch_up()
        person = signed_in(site, username)
        home = person.get("/staff/")
        dashboards = person.get("/staff/dashboards")
    finally:
        app.clock.thaw()
    overdue = re.search(r'<h2><a href="/staff/dashboards">Dashboards</a></h2>.*?<span class="number">(\d+)</span>', home, re.DOTALL)
    assert overdue is not None and int(overdue.group(1)) == sees
    assert dashboards.count('<a class="code" href="/staff/items/') == sees
