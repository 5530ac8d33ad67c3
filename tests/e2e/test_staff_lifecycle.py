"""The staff workspace through its pages, with CSRF on: each person signs in and does their part."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from domain.actors import Actor
from domain.values import Decision, Status
from feedback.errors import ActionRefused
from projections import work_queue
from feedback.steps import DETACH_TOPIC
from tests.e2e.staff_browser import Browser, item_at, signed_in, submit
from web.staff.duplicates import overlap, tokens


def catch_up(site: Any) -> None:
    site.extensions["projector"].catch_up()


def test_an_idea_goes_the_whole_way_through_the_staff_pages(site: Any, seeded: Any) -> None:
    app = seeded.app
    code = submit(app, text="Please put a swing next to the reading corner of the Huadu board.")
    catch_up(site)

    mona = signed_in(site, "mona")
    mona.get("/staff/queue")
    assert code in mona.page and "Please put a swing next to the reading corner" in mona.page
    mona.submit(f"/staff/items/{code}/accept")
    assert "Accepted." in mona.text()
    assert app.get_suggestion(code).status is Status.UNDER_REVIEW

    catch_up(site)
    dan = signed_in(site, "dan")
    dan.get("/staff/review")
    assert code in dan.page
    dan.get(f"/staff/items/{code}")
    dan.submit("/assign_topic", topic="school-nutrition")
    assert "Grouped under the topic “School nutrition”" in dan.text()
    dan.submit("/forward", body="health-commission", due="2099-01-31")
    assert "Forwarded to Health Commission, to answer by 2099-01-31" in dan.text()

    catch_up(site)
    olga = signed_in(site, "olga")
    olga.get("/staff/inbox")
    assert code in olga.page
    olga.get(f"/staff/items/{code}")
    olga.submit("/answer", decision="adopted", response="Funded in the 2026 budget.",
                explanation="Yes! A swing is coming to your board.")
    olga.submit("/progress", percent=60, note="The swing is ordered.")
    olga.submit("/implemented", evidence="Photo: the new swing by the reading corner.")

    item = app.get_suggestion(code)
    assert item.status is Status.IMPLEMENTED and item.decision is Decision.ADOPTED
    assert item.explanation == "Yes! A swing is coming to your board."
    history = olga.text()
    for words in ("Accepted for review", "Answered: Adopted", "Progress reported: 60%", "Marked as implemented",
                  "by mona", "by dan", "by olga"):
        assert words in history
    assert not olga.has_form("/answer"), "no step is left on an implemented item"
    actors = [e.actor for e in app.history(code)]
    assert actors == [Actor.child(), Actor.staff("mona"), Actor.staff("dan"), Actor.staff("dan"),
                      Actor.staff("olga"), Actor.staff("olga"), Actor.staff("olga")]


def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(site: Any, seeded: Any) -> None:
    code = submit(seeded.app)
    mona = signed_in(site, "mona")
    mona.get(f"/staff/items/{code}")
    data = mona.form("/accept").filled()
    del data["accept-csrf_token"]
    response = mona.client.post(f"/staff/items/{code}/accept", data=data)
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)
    assert seeded.app.get_suggestion(code).status is Status.SUBMITTED


def test_signing_in_needs_the_csrf_token_too(site: Any) -> None:
    person = Browser(site)
    response = person.client.post("/staff/sign-in", data={"username": "mona", "password": "mona-password-1"})
    assert response.status_code == 400
    assert person.client.get("/staff/").status_code == 302


def test_only_the_steps_the_status_and_role_allow_are_offered(site: Any, seeded: Any) -> None:
    code = submit(seeded.app)
    mona = signed_in(site, "mona")
    mona.get(f"/staff/items/{code}")
    assert [mona.has_form(f"/{step}") for step in ("accept", "decline", "merge", "forward", "answer")] == [
        True, True, True, False, False]
    seeded.app.accept(code, Actor.staff("mona"))
    dan = signed_in(site, "dan")
    dan.get(f"/staff/items/{code}")
    assert [dan.has_form(f"/{step}") for step in ("accept", "assign_topic", "detach_topic", "forward", "answer",
                                                  "progress")] == [False, True, False, True, True, False]
    audrey = signed_in(site, "audrey")
    audrey.get(f"/staff/items/{code}")
    assert "Accepted for review" in audrey.text() and not audrey.has_form(f"/staff/items/{code}/")


def test_a_moderator_declines_with_a_reason_and_words_for_the_child(site: Any, seeded: Any) -> None:
    code = submit(seeded.app)
    mona = signed_in(site, "mona")
    mona.get(f"/staff/items/{code}")
    mona.submit("/decline", status=422, reason="Not something the city decides.", explanation="")
    assert "Write what the child will read" in mona.page
    assert seeded.app.get_suggestion(code).status is Status.SUBMITTED
    mona.submit("/decline", reason="Not something the city decides.",
                explanation="The city cannot change this, but thank you for telling us!")
    item = seeded.app.get_suggestion(code)
    assert item.status is Status.DECLINED
    assert item.explanation == "The city cannot change this, but thank you for telling us!"


def test_likely_duplicates_are_offered_and_a_merge_links_both_items(site: Any, seeded: Any) -> None:
    app = seeded.app
    first = submit(app, text="We want a swing next to the reading corner at the Huadu board.")
    unrelated = submit(app, text="The toilets at the library need soap.")
    second = submit(app, text="Could the reading corner get a swing? The Huadu board is boring.")
    catch_up(site)
    mona = signed_in(site, "mona")
    mona.get(f"/staff/items/{second}")
    offered = re.findall(r"Merge into ([2-9A-Z]{4}-[2-9A-Z]{4})", mona.page)
    assert offered[0] == first and unrelated not in offered
    mona.submit("/merge")
    assert app.get_suggestion(second).status is Status.MERGED
    assert app.get_suggestion(first).duplicates == [app.get_suggestion(second).id]
    assert f'href="/staff/items/{first}"' in mona.page


def test_a_deputy_works_a_topic_board_from_opening_to_outcome(site: Any, seeded: Any) -> None:
    app = seeded.app
    code = item_at(app, "under_review")
    dan = signed_in(site, "dan")
    dan.get("/staff/topics")
    dan.submit("/staff/topics", slug="safe-school-roads", name="Safe school roads", session="2027 Two Sessions")
    assert "The topic is open." in dan.text()
    dan.submit("/join")
    assert app.get_topic("safe-school-roads").deputies == ["dan"]
    dan.submit("/attach", code=code.lower().replace("-", ""))
    assert app.get_suggestion(code).topic_id == app.get_topic("safe-school-roads").id
    catch_up(site)
    dan.get("/staff/topics/safe-school-roads")
    assert code in dan.page
    dan.submit("/detach_topic")
    assert "Taken off the topic." in dan.text()
    assert app.get_suggestion(code).topic_id is None and app.get_topic("safe-school-roads").suggestion_ids == []
    catch_up(site)
    dan.get("/staff/topics/safe-school-roads")
    assert code not in dan.page
    dan.submit("/proposal", number="No. 2027-0042", title="Safer roads to school")
    dan.submit("/outcome", outcome="Adopted by the Standing Committee.")
    board = app.get_topic("safe-school-roads")
    assert (board.proposal_number, board.outcome) == ("No. 2027-0042", "Adopted by the Standing Committee.")


def test_moving_an_item_to_another_topic_takes_it_off_the_first(site: Any, seeded: Any) -> None:
    app = seeded.app
    seeded.services.places.open_topic("safe-school-roads", "Safe school roads", "2027 Two Sessions")
    code = item_at(app, "under_review")
    app.assign_topic(code, "school-nutrition", Actor.staff("dan"))
    app.assign_topic(code, "safe-school-roads", Actor.staff("dan"))
    assert app.get_topic("school-nutrition").suggestion_ids == []
    assert app.get_topic("safe-school-roads").suggestion_ids == [app.get_suggestion(code).id]


def test_attaching_an_unknown_code_says_so_on_the_topic_page(site: Any) -> None:
    dan = signed_in(site, "dan")
    dan.get("/staff/topics/school-nutrition")
    dan.submit("/attach", status=422, code="ZZZZ-ZZZZ")
    assert "There is no item with that code." in dan.page


def test_a_facilitator_types_in_a_paper_note_and_gets_the_code_for_the_child(site: Any, seeded: Any) -> None:
    fay = signed_in(site, "fay")
    fay.get("/staff/entry")
    fay.submit("/staff/entry", venue="huadu-board", category="spaces", age_band="6-8",
               text="我想在留言板旁边有一个秋千")
    code = re.search(r'class="tracking-code">([2-9A-Z]{4}-[2-9A-Z]{4})<', fay.page).group(1)
    assert f"/track/{code}" in fay.page and "<svg" in fay.page
    item = seeded.app.get_suggestion(code)
    assert item.assisted and str(item.text) == "我想在留言板旁边有一个秋千"
    assert seeded.app.history(code)[0].actor == Actor.facilitator("fay")
    other = Browser(site)
    seeded.services.accounts.add_staff("li.na", "facilitator")
    seeded.services.accounts.set_password("li.na", "li.na-password-1")
    other.sign_in("li.na")
    other.get(f"/staff/entry/{code}", status=403)


def test_a_facilitator_note_without_words_is_refused_with_the_form_kept(site: Any) -> None:
    fay = signed_in(site, "fay")
    fay.get("/staff/entry")
    fay.submit("/staff/entry", status=422, venue="huadu-board", category="spaces", age_band="6-8", title="Swing")
    assert "Type the child&#39;s words." in fay.page or "Type the child's words." in fay.page
    assert 'value="Swing"' in fay.page


def test_the_staff_home_shows_what_each_role_can_do_with_counts(site: Any, seeded: Any) -> None:
    submit(seeded.app)
    submit(seeded.app)
    item_at(seeded.app, "forwarded")
    catch_up(site)
    mona = signed_in(site, "mona")
    assert re.search(r"Moderation queue.*?2\s*waiting", mona.text())
    olga = signed_in(site, "olga")
    assert re.search(r"Inbox of Health Commission.*?1\s*waiting", olga.text())
    assert "Moderation queue" not in olga.text()
    sam = signed_in(site, "sam")
    assert "Safeguarding" in sam.text() and "Moderation queue" not in sam.text()


def test_taking_an_item_off_a_topic_it_is_not_on_is_refused(seeded: Any) -> None:
    code = item_at(seeded.app, "under_review")
    with pytest.raises(ActionRefused, match="not on a topic"):
        seeded.app.detach_from_topic(code, Actor.staff("dan"))
    assert not DETACH_TOPIC.allowed(seeded.app.get_suggestion(code))


def test_the_work_queue_forgets_the_topic_of_an_item_taken_off_it(site: Any, seeded: Any) -> None:
    app = seeded.app
    code = item_at(app, "under_review")
    app.assign_topic(code, "school-nutrition", Actor.staff("dan"))
    catch_up(site)
    views = site.extensions["projector"].views
    assert work_queue.queue(views, today=date.today(), topic_id=app.get_topic("school-nutrition").id.hex)
    app.detach_from_topic(code, Actor.staff("dan"))
    catch_up(site)
    assert work_queue.queue(views, today=date.today(), topic_id=app.get_topic("school-nutrition").id.hex) == []


def test_the_moderation_queue_pages_through_the_oldest_first(
    site: Any, seeded: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("web.staff.reads.PAGE", 2)
    codes = [submit(seeded.app, text=f"Idea number {n}") for n in range(3)]
    catch_up(site)
    mona = signed_in(site, "mona")
    mona.get("/staff/queue")
    assert codes[0] in mona.page and codes[1] in mona.page and codes[2] not in mona.page
    assert "Page 1 of 2" in mona.text()
    mona.get("/staff/queue?page=2")
    assert codes[2] in mona.page and codes[0] not in mona.page
    mona.get("/staff/queue?page=nonsense", status=404)


@pytest.mark.parametrize("text, other, alike", [
    ("候诊室的绘本太少了", "更多的绘本在候诊室", True),
    ("Please fix the broken slide in Huadu park", "The slide in Huadu park is broken", True),
    ("Please fix the broken slide in Huadu park", "学校午饭的蔬菜太少了", False),
])
def test_likely_duplicates_compare_latin_words_and_pairs_of_chinese_characters(
    text: str, other: str, alike: bool
) -> None:
    assert (overlap(tokens(text), tokens(other)) > 0) is alike
