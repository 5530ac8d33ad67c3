"""The read side: one rule for who may see what, lists that agree with single items, reads that do not scan."""

from __future__ import annotations

import inspect
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from domain.values import VenueKind
from feedback.catalogue import Catalogue
from feedback.errors import Forbidden
from feedback.permissions import may_view
from projections import ALL, build_projector, work_queue
from projections.queries import StaffQueue, scope_of
from tests.e2e.staff_browser import STAFF, item_at

# What each seeded person may read: readers everything, an official their own body's, the rest nothing.
SEES = {
    "mona": "all", "dan": "all", "audrey": "all",
    "olga": "health-commission", "eddie": "education-bureau",
    "fay": "none", "adam": "none", "sam": "none",
}


@pytest.fixture
def world(seeded: Any) -> dict[str, Any]:
    """Items not yet forwarded and items forwarded to each body, with the read models caught up."""
    app = seeded.app
    items = {
        "new": item_at(app, "submitted"),
        "open": item_at(app, "under_review"),
        "health": item_at(app, "forwarded", body="health-commission"),
        "health_done": item_at(app, "implemented", body="health-commission"),
        "education": item_at(app, "forwarded", body="education-bureau"),
        "education_answered": item_at(app, "answered", body="education-bureau"),
    }
    projector = build_projector(app)
    projector.catch_up()
    refs = {key: app.get_suggestion(code).ref for key, code in items.items()}  # staff name items so
    return {"app": app, "items": refs, "views": projector.views}


def expected(app: Any, username: str, codes: list[str]) -> set[str]:
    """Return the codes ``username`` may read, item by item, by ``may_view``."""
    staff = app.get_staff(username)
    return {code for code in codes if may_view(staff, app.get_item(code))}


def test_the_seeded_roles_cover_every_staff_member() -> None:
    assert set(SEES) == set(STAFF)


def test_single_items_and_every_list_agree_on_who_may_see_what_for_every_role(world: dict[str, Any]) -> None:
    app, codes, views = world["app"], list(world["items"].values()), world["views"]
    for username, sees in SEES.items():
        staff = app.get_staff(username)
        visible = expected(app, username, codes)
        wanted = set(codes) if sees == "all" else {
            code for code in codes if sees != "none" and app.get_item(code).body_id == app.get_venue(sees).id}
        assert visible == wanted, f"may_view gives {username} the wrong items"
        queue = StaffQueue.of(views, staff, app.clock.today())
        assert {row["ref"] for row in queue.rows(limit=100)} == visible, f"{username}'s list"
        assert queue.count() == len(visible), f"{username}'s count"
        assert {row["ref"] for row in queue.rows(status="forwarded")} == {
            code for code in visible if app.get_item(code).status.value == "forwarded"}, username
        for code in codes:
            item = app.get_item(code)
            assert scope_of(staff).admits(item.body_id) == may_view(staff, item), (username, code)


def test_the_keyset_list_agrees_with_single_items_and_refuses_roles_that_read_nothing(
    world: dict[str, Any]
) -> None:
    app, codes, views = world["app"], list(world["items"].values()), world["views"]
    for username, sees in SEES.items():
        queue = StaffQueue.of(views, app.get_staff(username), app.clock.today())
        if sees == "none":
            with pytest.raises(Forbidden, match="does not read the list"):
                queue.rows_after(limit=100)
            continue
        assert {row["ref"] for row in queue.rows_after(limit=100)} == expected(app, username, codes), username


def test_an_official_asking_for_another_bodys_items_is_refused_and_a_reader_may_narrow_to_any_body(
    world: dict[str, Any]
) -> None:
    app, views, items = world["app"], world["views"], world["items"]
    education = app.get_venue("education-bureau").id.hex
    olga = StaffQueue.of(views, app.get_staff("olga"), app.clock.today())
    with pytest.raises(Forbidden, match="your own body"):
        olga.rows(body_id=education)
    mona = StaffQueue.of(views, app.get_staff("mona"), app.clock.today())
    assert {row["ref"] for row in mona.rows(body_id=education)} == {items["education"], items["education_answered"]}


def test_retention_compares_moments_not_their_spelling_in_the_citys_zone(world: dict[str, Any]) -> None:
    views, items = world["views"], world["items"]
    (row,) = [r for r in work_queue.closed_before(views, datetime.now(timezone.utc) + timedelta(days=1))]
    assert row["ref"] == items["health_done"]
    closed = datetime.fromisoformat(row["closed_at"])
    just_before = (closed - timedelta(hours=1)).astimezone(ZoneInfo("Asia/Shanghai"))  # later on the clock face
    assert work_queue.closed_before(views, just_before) == []
    assert len(work_queue.closed_before(views, closed + timedelta(seconds=1))) == 1


class Spy:
    """Counts the application's reads of the notification log."""

    def __init__(self, recorder: Any) -> None:
        self.calls = 0
        self._select = recorder.select_notifications

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return self._select(*args, **kwargs)


def test_a_page_naming_fifty_places_reads_the_log_at_most_once(seeded: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    app = seeded.app
    catalogue = Catalogue(app)
    health = app.get_venue("health-commission").id
    catalogue.all_venues()
    spy = Spy(app.recorder)
    monkeypatch.setattr(app.recorder, "select_notifications", spy)
    with catalogue.steady():
        for _ in range(50):
            assert catalogue.venue(health).name == "Health Commission"
    assert spy.calls <= 1


def test_a_place_registered_or_renamed_meanwhile_is_named_at_once(seeded: Any) -> None:
    app = seeded.app
    catalogue = Catalogue(app)
    with catalogue.steady():
        catalogue.all_venues()
        park = seeded.services.places.register_venue("yanghu-park", VenueKind.PARK, "Yanghu Park")
        assert catalogue.venue(park.id).name == "Yanghu Park"  # unknown yet: it looks
    park.rename("Yanghu Children's Park")
    app.save(park)
    assert catalogue.venue(park.id).name == "Yanghu Children's Park"
    assert "Yanghu Children's Park" in [v.name for v in catalogue.all_venues()]


def test_catching_up_reads_only_the_log_written_since_the_last_catch_up(
    seeded: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = seeded.app
    catalogue = Catalogue(app)
    catalogue.all_venues()
    seen = app.recorder.max_notification_id()
    item_at(app, "forwarded")  # events that are no venue's nor topic's
    starts: list[int] = []
    select = app.recorder.select_notifications
    monkeypatch.setattr(app.recorder, "select_notifications",
                        lambda *a, **k: starts.append(k["start"]) or select(*a, **k))
    catalogue.all_venues()
    catalogue.all_venues()
    assert starts == [seen + 1]  # the second list found the head where the first left it: no read at all


# A known exception, for the owner of projections/store.py: its scrub vacuums the public board's table by name.
ELSEWHERE = {("projections/store.py", "pb_items"), ("projections/store.py", "wq_words")}  # scrubbed after an erasure


def test_each_read_models_tables_are_named_only_in_the_module_of_the_projection_that_owns_them() -> None:
    root = Path(__file__).resolve().parents[2]
    owners = {table: Path(inspect.getfile(cls)).resolve() for cls in ALL for table in cls.tables}
    found = []
    for package in ("domain", "feedback", "projections", "web"):
        for path in sorted((root / package).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            for table, owner in owners.items():
                where = (str(path.relative_to(root)), table)
                if path != owner and where not in ELSEWHERE and re.search(rf"\b{table}\b", text):
                    found.append(where)
    assert found == []
