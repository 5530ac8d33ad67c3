"""An official sees only what was forwarded to their own body: in the inbox, on item pages, in links."""

from __future__ import annotations

from typing import Any

import pytest

from domain.actors import Actor
from domain.values import Status
from tests.e2e.staff_browser import assert_no_code, in_days, item_at, ref_of, signed_in, submit

pytestmark = pytest.mark.site(csrf=False)


def test_an_officials_inbox_lists_only_items_forwarded_to_their_body(site: Any, seeded: Any) -> None:
    app = seeded.app
    codes = {
        "health": item_at(app, "forwarded", body="health-commission"),
        "education": item_at(app, "forwarded", body="education-bureau"),
        "waiting": item_at(app, "under_review"),
        "new": item_at(app, "submitted"),
    }
    health, education, waiting, new = (ref_of(app, code) for code in codes.values())
    site.extensions["projector"].catch_up()
    olga, eddie = signed_in(site, "olga"), signed_in(site, "eddie")
    olga.get("/staff/inbox")
    eddie.get("/staff/inbox")
    assert health in olga.page and education in eddie.page
    for page, foreign in ((olga.page, (education, waiting, new)), (eddie.page, (health, waiting, new))):
        assert not any(ref in page for ref in foreign)
        for code in codes.values():
            assert_no_code(page, code, "an official's inbox")
    assert "Inbox of Health Commission" in olga.text()


def test_an_official_cannot_open_or_act_on_an_item_not_forwarded_to_them(site: Any, seeded: Any) -> None:
    app = seeded.app
    health = item_at(app, "forwarded", body="health-commission")
    waiting = item_at(app, "under_review")
    eddie = signed_in(site, "eddie")
    for code in (health, waiting):
        ref = ref_of(app, code)
        eddie.get(f"/staff/items/{ref}", status=403)
        assert "Please put a swing" not in eddie.page
        response = eddie.client.post(f"/staff/items/{ref}/answer", data={
            "answer-version": app.get_suggestion(code).version, "answer-decision": "not_adopted",
            "answer-response": "No.", "answer-explanation": "No."})
        assert response.status_code == 403
    assert app.get_suggestion(health).status is Status.FORWARDED


def test_re_routing_takes_the_item_out_of_the_first_bodys_sight(site: Any, seeded: Any) -> None:
    app = seeded.app
    code = item_at(app, "forwarded", body="health-commission")
    ref = ref_of(app, code)
    olga, eddie = signed_in(site, "olga"), signed_in(site, "eddie")
    olga.get(f"/staff/items/{ref}")
    app.forward(ref, "education-bureau", in_days(20), Actor.staff("dan"))
    site.extensions["projector"].catch_up()
    olga.get(f"/staff/items/{ref}", status=403)
    olga.get("/staff/inbox")
    assert ref not in olga.page
    eddie.get("/staff/inbox")
    assert ref in eddie.page
    assert_no_code(eddie.page, code, "the new body's inbox")
    eddie.get(f"/staff/items/{ref}")
    assert eddie.has_form("/answer")


def test_an_official_never_sees_the_reference_of_a_merged_item_not_forwarded_to_them(
    site: Any, seeded: Any
) -> None:
    app = seeded.app
    code = submit(app)
    duplicate = submit(app, text="A swing by the reading corner too, please.")
    ref, duplicate_ref = ref_of(app, code), ref_of(app, duplicate)
    app.merge(duplicate_ref, ref, Actor.staff("mona"))
    app.accept(ref, Actor.staff("mona"))
    app.forward(ref, "health-commission", in_days(14), Actor.staff("dan"))
    olga, mona = signed_in(site, "olga"), signed_in(site, "mona")
    olga.get(f"/staff/items/{ref}")
    assert "Merged into this one" in olga.text() and duplicate_ref not in olga.page
    mona.get(f"/staff/items/{ref}")
    assert f'href="/staff/items/{duplicate_ref}"' in mona.page
    for page in (olga.page, mona.page):
        assert_no_code(page, code, "the item page")
        assert_no_code(page, duplicate, "the item page of the item merged in")
    mona.get(f"/staff/items/{duplicate_ref}")
    assert f'href="/staff/items/{ref}"' in mona.page, "the merged item links to the one it joined"
    assert_no_code(mona.page, code, "the merged item's page")
    olga.get(f"/staff/items/{duplicate_ref}", status=403)


def test_a_deputy_answers_only_what_was_not_forwarded(site: Any, seeded: Any) -> None:
    app = seeded.app
    forwarded = item_at(app, "forwarded")
    open_item = item_at(app, "under_review")
    dan = signed_in(site, "dan")
    dan.get(f"/staff/items/{ref_of(app, forwarded)}")
    assert not dan.has_form("/answer") and dan.has_form("/forward")
    dan.get(f"/staff/items/{ref_of(app, open_item)}")
    dan.submit("/answer", decision="partly_adopted", response="Part of it is funded.",
               explanation="Some of your idea will happen!")
    assert app.get_suggestion(open_item).status is Status.ANSWERED
