"""The privacy screens: held words redacted or released, sealed words shown to nobody but the officer, erasure."""

from __future__ import annotations

from typing import Any

import pytest

from domain.actors import Actor
from domain.safeguarding import SafeguardingCase
from tests.e2e.children import assert_no_code
from tests.e2e.staff_browser import Browser, in_days, signed_in, submit

pytestmark = pytest.mark.site(rate_limits=False)

PHONE = "13812345678"
PHONE_IDEA = f"My phone is {PHONE}. Please put a swing in the park."
REDACTED = "Please put a swing in the park."
SECRET = "scared of my uncle at home"
SEALED_IDEA = f"I am {SECRET}. Please put a swing next to the reading corner of the Huadu board."


def share(site: Any, text: str, **more: str) -> str:
    """Send the share form as a child would (with its CSRF token); return the tracking code."""
    child = Browser(site)
    child.get("/share")
    form = child.form("/share")
    response = child.client.post(form.action or "/share", data=form.filled(
        category="spaces", age_band="9-11", text=text, **more))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response.headers["Location"].rsplit("/", 1)[-1]


def test_a_phone_number_is_on_no_public_page_and_the_moderator_redacts_it(seeded: Any, site: Any) -> None:
    code = share(site, PHONE_IDEA)
    assert seeded.app.get_suggestion(code).held_for
    site.extensions["projector"].catch_up()
    child = Browser(site)
    track = child.get(f"/track/{code}")
    assert PHONE not in track and "A grown-up will check your words first" in track
    assert PHONE not in child.client.get(f"/api/v1/suggestions/{code}").get_data(as_text=True)
    assert PHONE not in child.client.get("/dashboard").get_data(as_text=True)

    ref = seeded.app.get_suggestion(code).ref
    mona = signed_in(site, "mona")
    queue = mona.get("/staff/queue")
    assert "held: phone" in queue or "held:" in queue
    assert ref in queue
    page = mona.get(f"/staff/items/{ref}")
    assert_no_code(page, code, "the moderator's item page")
    assert mona.form("/redact").filled()[mona.form("/redact").name_for("text")] == PHONE_IDEA
    assert "Release as it is" in page
    mona.submit("/redact", text=REDACTED)
    api = child.client.get(f"/api/v1/suggestions/{code}").get_json()
    assert REDACTED in str(api) and PHONE not in str(api)
    assert PHONE not in child.get(f"/track/{code}")


def test_release_lets_held_words_be_public_as_they_are(seeded: Any, site: Any) -> None:
    code = share(site, PHONE_IDEA)
    mona = signed_in(site, "mona")
    mona.get(f"/staff/items/{seeded.app.get_suggestion(code).ref}")
    mona.submit("/release")
    assert not seeded.app.get_suggestion(code).held_for


def test_sealed_words_show_on_no_staff_page_and_only_the_officer_opens_them(seeded: Any, site: Any) -> None:
    app, privacy = seeded.app, seeded.services.privacy
    waiting = submit(app, text=SEALED_IDEA, needs_help=True)
    routed = submit(app, text=SEALED_IDEA, needs_help=True)
    app.accept(routed, Actor.staff("mona"))
    app.forward(routed, "health-commission", in_days(14), Actor.staff("dan"))
    alike = submit(app)  # shares words with the sealed ones: they must not be offered as duplicates
    site.extensions["projector"].catch_up()
    assert app.get_suggestion(waiting).sealed
    codes = (waiting, routed, alike)
    waiting_ref, routed_ref, alike_ref = (app.get_suggestion(code).ref for code in codes)

    pages = {
        "mona": ["/staff/", "/staff/queue", f"/staff/items/{waiting_ref}", f"/staff/items/{routed_ref}",
                 f"/staff/items/{alike_ref}", "/staff/dashboards", f"/staff/items/{waiting_ref}/erase"],
        "dan": ["/staff/", "/staff/review", f"/staff/items/{waiting_ref}", f"/staff/items/{routed_ref}",
                "/staff/topics"],
        "olga": ["/staff/", "/staff/inbox", f"/staff/items/{routed_ref}"],
        "audrey": ["/staff/", f"/staff/items/{routed_ref}", f"/audit/items/{routed_ref}", "/audit/events"],
        "adam": ["/staff/", f"/staff/items/{routed_ref}/erase"],
    }
    for username, paths in pages.items():
        person = signed_in(site, username)
        for path in paths:
            page = person.get(path)
            assert SECRET not in page, f"{username} read the sealed words on {path}"
            for code in codes:
                assert_no_code(page, code, f"{username}'s {path}")
    mona = signed_in(site, "mona")
    assert "Sealed for the safeguarding officer" in mona.get(f"/staff/items/{waiting_ref}")
    assert f"/staff/items/{routed_ref}\"" not in mona.get(f"/staff/items/{alike_ref}")

    child = Browser(site)
    track = child.get(f"/track/{waiting}")
    assert SECRET not in track and "special helper" in track

    item_id = app.get_suggestion(waiting).id
    sam = signed_in(site, "sam")
    listing = sam.get("/staff/safeguarding")
    assert SECRET not in listing and "The child asked for help" in listing
    assert waiting_ref in listing
    case_page = sam.get(f"/staff/safeguarding/{waiting_ref}")
    assert SECRET not in case_page
    for page in (listing, case_page):
        assert_no_code(page, waiting, "the safeguarding officer's page")
    viewed_before = len(privacy.safeguarding_cases()[0].viewings) + len(privacy.safeguarding_cases()[1].viewings)
    opened = sam.submit(f"/staff/safeguarding/{waiting_ref}")
    assert SECRET in opened and "recorded" in opened
    assert_no_code(opened, waiting, "the opened case")
    events = [type(e).__name__ for e in app.events.get(privacy.safeguarding_cases()[0].id)] + \
             [type(e).__name__ for e in app.events.get(privacy.safeguarding_cases()[1].id)]
    assert "Viewed" in events
    assert len(privacy.safeguarding_cases()[0].viewings) + len(privacy.safeguarding_cases()[1].viewings) == viewed_before + 1
    assert SECRET not in sam.get(f"/staff/safeguarding/{waiting_ref}")  # a GET never shows them

    sam.submit(f"/staff/safeguarding/{waiting_ref}/close", note="Talked with the school social worker.")
    case = next(c for c in privacy.safeguarding_cases() if c.item_id == item_id)
    assert case.closed and isinstance(case, SafeguardingCase)


def test_i_need_help_on_the_share_form_seals_the_words(seeded: Any, site: Any) -> None:
    code = share(site, "Please put a swing in the park.", needs_help="y")
    item = seeded.app.get_suggestion(code)
    assert item.sealed
    assert "special helper" in Browser(site).get(f"/track/{code}")


def test_the_child_deletes_their_words(seeded: Any, site: Any) -> None:
    code = share(site, "Please put more benches in the park.")
    child = Browser(site)
    child.get(f"/track/{code}")
    assert "Delete my words" in child.page
    child.get(f"/track/{code}/erase")
    page = child.submit(f"/track/{code}/erase")
    assert seeded.app.get_suggestion(code).erased
    assert "Your words were erased. What the grown-ups did stays." in page
    assert "more benches" not in page


def test_a_moderator_erases_an_item_and_an_official_may_not(seeded: Any, site: Any) -> None:
    code = submit(seeded.app)
    ref = seeded.app.get_suggestion(code).ref
    olga = signed_in(site, "olga")
    olga.get(f"/staff/items/{ref}/erase", status=403)
    assert olga.client.post(f"/staff/items/{ref}/erase", data={"reason": "x", "confirm": "y"}).status_code in (400, 403)
    mona = signed_in(site, "mona")
    mona.get(f"/staff/items/{ref}")
    mona.get(f"/staff/items/{ref}/erase")
    assert_no_code(mona.page, code, "the erase page")
    mona.submit(f"/staff/items/{ref}/erase", status=422, reason="The child's parent asked.")  # not confirmed
    assert not seeded.app.get_suggestion(code).erased
    page = mona.submit(f"/staff/items/{ref}/erase", reason="The child's parent asked.", confirm="y")
    assert seeded.app.get_suggestion(code).erased
    assert "(erased)" in page


def test_after_redaction_only_the_moderator_reads_the_original_words(seeded: Any, site: Any) -> None:
    code = share(site, PHONE_IDEA)
    ref = seeded.app.get_suggestion(code).ref
    dan = signed_in(site, "dan")
    held = dan.get(f"/staff/items/{ref}")
    assert PHONE not in held and "Held back until a moderator takes out the personal data" in held
    mona = signed_in(site, "mona")
    mona.get(f"/staff/items/{ref}")
    mona.submit("/redact", text=REDACTED)
    seeded.app.accept(ref, Actor.staff("mona"))
    seeded.app.forward(ref, "health-commission", in_days(10), Actor.staff("dan"))
    for reader in ("dan", "olga", "audrey"):
        page = signed_in(site, reader).get(f"/staff/items/{ref}")
        assert REDACTED in page and PHONE not in page, reader
        assert_no_code(page, code, f"{reader}'s item page")
    assert PHONE in mona.get(f"/staff/items/{ref}")  # the moderator may redact again
