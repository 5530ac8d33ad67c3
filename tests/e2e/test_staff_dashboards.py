"""Dashboards: exact figures for staff, public figures with every group of fewer than 5 items held back."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from domain.actors import Actor
from tests.e2e.staff_browser import Browser, actor, assert_no_code, item_at, ref_of, row, submit
from web.charts import Bar, bar_chart
from web.staff.figures import Group, public_count

pytestmark = pytest.mark.site(csrf=False)


@pytest.mark.parametrize("n, shown", [(0, 0), (1, None), (2, None), (4, None), (5, 5), (6, 6), (250, 250),
                                      (None, None)])
def test_a_public_count_of_1_to_4_is_suppressed(n: int | None, shown: int | None) -> None:
    assert public_count(n) == shown


def test_a_small_group_shows_nothing_but_fewer_than_5(app: Any) -> None:
    with app.test_request_context(environ_base={"HTTP_ACCEPT_LANGUAGE": "en"}):
        small = Group("Yushan", items=4, answered=4, adopted=3, overdue=1).published()
        assert small == Group("Yushan", None, None, None, None)
        assert small.cells() == ["fewer than 5"] * 5
        big = Group("Huaqiao", items=12, answered=3, adopted=3, overdue=0).published()
        assert big.cells() == ["12", "fewer than 5", "fewer than 5", "fewer than 5 answered", "0"]
        exact = Group("Huaqiao", items=12, answered=8, adopted=6, overdue=0)
        assert exact.published().cells() == ["12", "8", "6", "75%", "0"] == exact.cells()


def test_a_chart_titles_and_labels_every_bar_and_draws_none_for_a_suppressed_one(app: Any) -> None:
    svg = bar_chart("adoption-district", "Adoption by <district>",
                    [Bar("Huaqiao", 75, "75%"), Bar("Yushan", None, "fewer than 5")], scale=100)
    assert svg.startswith('<svg class="chart" id="adoption-district" role="img"')
    assert "<title id=\"adoption-district-title\">Adoption by &lt;district&gt;</title>" in svg
    assert "<title>Huaqiao: 75%</title>" in svg and ">Huaqiao</text>" in svg and ">75%</text>" in svg
    assert "<title>Yushan: fewer than 5</title>" in svg and ">fewer than 5</text>" in svg
    widths = re.findall(r'<rect class="([^"]+)"[^>]* width="([\d.]+)"', svg)
    assert widths == [("bar-fill", "225.0"), ("bar-fill bar-none", "0.0")]


def file_ideas(app: Any) -> None:
    """Six answered ideas from the Huadu board (Huaqiao), two from the web, three hospital reviews."""
    for _ in range(6):
        item_at(app, "answered")
    for _ in range(2):
        submit(app, channel="web", venue=None)
    for _ in range(3):
        submit(app, channel="hospital_review", venue="first-peoples-hospital", text="", category="services",
               ratings={"waiting_room": 2, "staff_kindness": 5})


def test_the_public_dashboard_holds_back_every_group_of_fewer_than_5(site: Any, seeded: Any) -> None:
    file_ideas(seeded.app)
    site.extensions["projector"].catch_up()
    visitor = Browser(site)
    page = visitor.get("/dashboard")
    assert "fewer than 5" in visitor.text()
    assert row(page, "Message board") == "6 6 6 100% 0"
    assert row(page, "Web") == "fewer than 5 fewer than 5 fewer than 5 fewer than 5 fewer than 5"
    assert row(page, "Huaqiao") == "6 6 6 100% 0"
    assert row(page, "No district").startswith("fewer than 5")
    assert row(page, "First People's Hospital") == " ".join(["fewer than 5"] * 7)
    assert "<title>Web: fewer than 5</title>" in page
    assert "2.0 of 5" not in page
    assert not re.search(r"[2-9A-Z]{4}-[2-9A-Z]{4}", page), "no tracking code on a public page"
    assert not re.search(r"\b[0-9A-F]{10}\b", page), "no item's reference on a public page"


def test_the_public_dashboard_gives_the_true_rate_where_1_to_4_of_5_or_more_answered_were_adopted(
        site: Any, seeded: Any) -> None:
    app = seeded.app
    item_at(app, "answered")  # one adopted
    for _ in range(5):  # five not adopted
        code = item_at(app, "forwarded")
        app.answer(code, "not_adopted", "Not this year.", "Not this year, sorry.", actor("olga"))
    site.extensions["projector"].catch_up()
    visitor = Browser(site)
    page = visitor.get("/dashboard")
    assert row(page, "Huaqiao") == "6 6 fewer than 5 17% 0", "the true rate, never a false 0%"
    assert "<title>Huaqiao: 17%</title>" in page
    assert ("In numbers Ideas received 6 Answered 6 Taken up, fully or partly fewer than 5 Adoption rate 17% "
            "Overdue 0") in visitor.text(), "the headline: the whole city, with its true rate"
    dan = Browser(site)
    dan.sign_in("dan")
    assert row(dan.get("/staff/dashboards"), "Huaqiao").startswith("6 6 1 17%")


def test_the_staff_dashboard_shows_exact_figures_with_charts_and_tables(site: Any, seeded: Any) -> None:
    file_ideas(seeded.app)
    site.extensions["projector"].catch_up()
    dan = Browser(site)
    dan.sign_in("dan")
    page = dan.get("/staff/dashboards")
    assert row(page, "Web") == "2 0 0 no answers yet 0"
    assert row(page, "First People's Hospital").startswith("3 2.0 of 5 (3)")
    for chart in ("adoption-topic", "adoption-channel", "adoption-district", "adoption-body", "response-times"):
        assert f'<svg class="chart" id="{chart}" role="img"' in page
    assert "Half of the answered ideas were answered within" in dan.text()


def test_response_times_are_public_only_from_5_answers(site: Any, seeded: Any) -> None:
    for _ in range(4):
        item_at(seeded.app, "answered")
    site.extensions["projector"].catch_up()
    visitor = Browser(site)
    visitor.get("/dashboard")
    assert "Not enough answers yet to say." in visitor.text()
    assert row(visitor.page, "0-7 days") == "fewer than 5"
    item_at(seeded.app, "answered")
    site.extensions["projector"].catch_up()
    visitor.get("/dashboard")
    assert "Half of the answered ideas were answered within 0.0 days" in visitor.text()
    assert row(visitor.page, "0-7 days") == "5"


def overdue_item(app: Any, body: str) -> str:
    """File an item 60 days ago (its answer is overdue now) and forward it to ``body``."""
    app.clock.freeze(datetime.now(timezone.utc) - timedelta(days=60))
    try:
        code = submit(app)
    finally:
        app.clock.thaw()
    app.accept(code, Actor.staff("mona"))
    app.forward(code, body, app.clock.today() + timedelta(days=3), Actor.staff("dan"))
    return code


def test_the_overdue_list_shows_an_official_only_their_own_bodys_items(
    site: Any, seeded: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    codes = overdue_item(seeded.app, "health-commission"), overdue_item(seeded.app, "education-bureau")
    health, education = (ref_of(seeded.app, code) for code in codes)
    site.extensions["projector"].catch_up()
    olga, audrey = Browser(site), Browser(site)
    olga.sign_in("olga")
    audrey.sign_in("audrey")
    olga.get("/staff/dashboards")
    audrey.get("/staff/dashboards")
    overdue_part = olga.page.split('id="overdue-title"')[1].split("</section>")[0]
    assert health in overdue_part and education not in olga.page
    assert f'href="/staff/items/{health}"' in overdue_part
    assert health in audrey.page and education in audrey.page
    for page in (olga.page, audrey.page):
        for code in codes:
            assert_no_code(page, code, "the staff dashboards")
    olga.get("/staff/")
    assert re.search(r"Dashboards.*?1\s*overdue", olga.text())
