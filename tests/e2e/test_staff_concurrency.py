"""Two people acting on the same item: the second hears what changed and acts again; nothing is lost."""

from __future__ import annotations

from typing import Any

import pytest

from domain.values import Status
from tests.e2e.staff_browser import Browser, add_official, item_at, ref_of, signed_in


@pytest.fixture(autouse=True)
def hana(site: Any, seeded: Any) -> None:
    """A second official of the Health Commission, beside olga."""
    add_official(seeded.services.accounts, "hana", "health-commission")


def test_the_second_official_hears_what_changed_and_reports_progress_again(site: Any, seeded: Any) -> None:
    code = item_at(seeded.app, "answered")
    ref = ref_of(seeded.app, code)
    olga, hana = signed_in(site, "olga"), signed_in(site, "hana")
    olga.get(f"/staff/items/{ref}")
    hana.get(f"/staff/items/{ref}")

    olga.submit("/progress", percent=30, note="Olga: the swing is ordered.")
    hana.submit("/progress", status=409, percent=70, note="Hana: the frame is up.")

    assert "Someone changed this item meanwhile" in hana.text()
    changed = hana.page.split("Since you opened it:")[1].split("</section>")[0]
    assert "Progress reported: 30%" in changed and "by olga" in changed
    assert "Olga: the swing is ordered." in changed
    assert "Hana: the frame is up." in hana.page, "what Hana typed is still in the form"
    item = seeded.app.get_suggestion(code)
    assert hana.form("/progress").filled()["progress-version"] == str(item.version)
    assert (item.progress, item.progress_note) == (30, "Olga: the swing is ordered.")

    hana.submit("/progress")
    item = seeded.app.get_suggestion(code)
    assert (item.status, item.progress, item.progress_note) == (Status.IN_PROGRESS, 70, "Hana: the frame is up.")
    notes = [e.note for e in seeded.app.history(code) if type(e).__name__ == "ProgressRecorded"]
    assert notes == ["Olga: the swing is ordered.", "Hana: the frame is up."], "no update was lost"


def test_a_second_answer_meets_an_item_already_answered_and_is_not_offered_again(site: Any, seeded: Any) -> None:
    code = item_at(seeded.app, "forwarded")
    ref = ref_of(seeded.app, code)
    olga, hana = signed_in(site, "olga"), signed_in(site, "hana")
    olga.get(f"/staff/items/{ref}")
    hana.get(f"/staff/items/{ref}")
    olga.submit("/answer", decision="adopted", response="Funded.", explanation="Yes, it will happen!")
    hana.submit("/answer", status=409, decision="not_adopted", response="No budget.", explanation="Not this year.")

    assert "Answered: Adopted" in hana.page.split("Since you opened it:")[1]
    assert not hana.has_form("/answer") and hana.has_form("/progress")
    item = seeded.app.get_suggestion(code)
    assert (item.decision.value, item.explanation) == ("adopted", "Yes, it will happen!")


def test_a_moderator_accepting_twice_from_a_stale_queue_gets_a_conflict_not_an_error(site: Any, seeded: Any) -> None:
    code = item_at(seeded.app, "submitted")
    site.extensions["projector"].catch_up()
    first, second = signed_in(site, "mona"), Browser(site)
    seeded.services.accounts.add_staff("wang.fang", "moderator")
    seeded.services.accounts.set_password("wang.fang", "wang.fang-password-1")
    second.sign_in("wang.fang")
    first.get("/staff/queue")
    second.get("/staff/queue")
    ref = ref_of(seeded.app, code)
    first.submit(f"/staff/items/{ref}/accept")
    second.submit(f"/staff/items/{ref}/accept", status=409)
    assert "Accepted for review" in second.page.split("Since you opened it:")[1]
    assert [type(e).__name__ for e in seeded.app.history(code)] == ["Submitted", "Accepted"]
