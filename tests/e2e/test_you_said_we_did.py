"""The public "You said, we did" board: served, linked from the home page, per place and per topic, in Chinese."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.staff_browser import Browser, actor, item_at, ref_of

pytestmark = pytest.mark.site(csrf=False)


def test_a_parent_finds_you_said_we_did_the_dashboard_and_transparency_from_the_home_page(
        site: Any, seeded: Any) -> None:
    visitor = Browser(site)
    home = visitor.get("/")
    assert 'href="/you-said-we-did"' in home
    assert 'href="/dashboard"' in home
    assert 'href="/transparency"' in home


def test_the_board_shows_the_ideas_taken_up_with_headline_totals_and_months(site: Any, seeded: Any) -> None:
    app = seeded.app
    for _ in range(5):
        item_at(app, "answered")
    item_at(app, "implemented")
    declined = item_at(app, "forwarded")
    app.answer(declined, "not_adopted", "Not this year.", "Not this year, sorry.", actor("olga"))
    site.extensions["projector"].catch_up()
    visitor = Browser(site)
    page = visitor.get("/you-said-we-did")
    text = visitor.text()
    assert "Ideas taken up 6" in text and "Already done fewer than 5" in text
    assert text.count("Yes! A swing is coming.") == 6, "the not adopted idea is not on the board"
    assert "Not this year" not in text
    assert 'id="taken-up-by-month"' in page


def test_the_board_of_one_place_and_of_one_topic(site: Any, seeded: Any) -> None:
    app = seeded.app
    item_at(app, "answered")  # on the Huadu message board, on no topic
    lunch = item_at(app, "forwarded", text="Please give us more fruit at school lunch.")
    app.assign_topic(ref_of(app, lunch), "school-nutrition", actor("dan"))
    app.answer(lunch, "adopted", "Fruit every day from March.", "Yes! More fruit is coming.", actor("olga"))
    site.extensions["projector"].catch_up()
    visitor = Browser(site)
    visitor.get("/you-said-we-did?place=huadu-board")
    assert "swing next to the reading corner" in visitor.text() and "more fruit" in visitor.text()
    visitor.get("/you-said-we-did?topic=school-nutrition")
    assert "more fruit" in visitor.text()
    assert "swing next to the reading corner" not in visitor.text()
    visitor.get("/you-said-we-did?place=first-peoples-hospital")
    assert "No idea has been taken up here yet." in visitor.text()


@pytest.mark.parametrize("query, status", [("place=no-such-place", 404), ("topic=no-such-topic", 404),
                                           ("page=0", 400), ("page=abc", 400)])
def test_a_bad_filter_gets_a_clear_refusal_never_a_500(site: Any, seeded: Any, query: str, status: int) -> None:
    visitor = Browser(site)
    visitor.get(f"/you-said-we-did?{query}", status=status)
