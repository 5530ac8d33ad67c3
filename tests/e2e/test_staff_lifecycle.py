"""The staff workspace through its pages, with CSRF on: each person signs in and does their part."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

from domain.actors import Actor
from domain.values import Decision, Status
from feedback.errors import ActionRefused
from projections import work_queue
from feedback.steps import DETACH_TOPIC
from tests.e2e.staff_browser import Browser, assert_no_code, item_at, ref_of, signed_in, submit
from feedback.similar import OFFERED, similarity


def catch_up(site: Any) -> None:
    site.extensions["projector"].catch_up()


def test_an_idea_goes_the_whole_way_through_the_staff_pages(site: Any, seeded: Any) -> None:
    app = seeded.app
    code = submit(app, text="Please put a swing next to the reading corner of the Huadu board.")
    ref = ref_of(app, code)
    catch_up(site)

    mona = signed_in(site, "mona")
    mona.get("/staff/queue")
    assert ref in mona.page and "Please put a swing next to the reading corner" in mona.page
    assert_no_code(mona.page, code, "the moderation queue")
    mona.submit(f"/staff/items/{ref}/accept")
    assert "Accepted." in mona.text()
    assert app.get_suggestion(code).status is Status.UNDER_REVIEW

    catch_up(site)
    dan = signed_in(site, "dan")
    dan.get("/staff/review")
    assert ref in dan.page
    dan.get(f"/staff/items/{ref}")
    dan.submit("/assign_topic", topic="school-nutrition")
    assert "Grouped under the topic “School nutrition”" in dan.text()
    dan.submit("/forward", body="health-commission", due="2099-01-31")
    assert "Forwarded to Health Commission, to answer by 2099-01-31" in dan.text()

    catch_up(site)
    olga = signed_in(site, "olga")
    olga.get("/staff/inbox")
    assert ref in olga.page
    olga.get(f"/staff/items/{ref}")
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
    ref = ref_of(seeded.app, code)
    mona = signed_in(site, "mona")
    mona.get(f"/staff/items/{ref}")
    data = mona.form("/accept").filled()
    del data["accept-csrf_token"]
    response = mona.client.post(f"/staff/items/{ref}/accept", data=data)
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
    ref = ref_of(seeded.app, code)
    mona = signed_in(site, "mona")
    mona.get(f"/staff/items/{ref}")
    assert [mona.has_form(f"/{step}") for step in ("accept", "decline", "merge", "forward", "answer")] == [
        True, True, True, False, False]
    seeded.app.accept(code, Actor.staff("mona"))
    dan = signed_in(site, "dan")
    dan.get(f"/staff/items/{ref}")
    assert [dan.has_form(f"/{step}") for step in ("accept", "assign_topic", "detach_topic", "forward", "answer",
                                                  "progress")] == [False, True, False, True, True, False]
    audrey = signed_in(site, "audrey")
    audrey.get(f"/staff/items/{ref}")
    assert "Accepted for review" in audrey.text() and not audrey.has_form(f"/staff/items/{ref}/")


def test_a_moderator_declines_with_a_reason_and_words_for_the_child(site: Any, seeded: Any) -> None:
    code = submit(seeded.app)
    mona = signed_in(site, "mona")
    mona.get(f"/staff/items/{ref_of(seeded.app, code)}")
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
    mona.get(f"/staff/items/{ref_of(app, second)}")
    offered = re.findall(r"Merge into ([0-9A-F]{10})\b", mona.page)
    assert offered[0] == ref_of(app, first) and ref_of(app, unrelated) not in offered
    for code in (first, unrelated, second):
        assert_no_code(mona.page, code, "the item page offering duplicates")
    mona.submit("/merge")
    assert app.get_suggestion(second).status is Status.MERGED
    assert app.get_suggestion(first).duplicates == [app.get_suggestion(second).id]
    assert f'href="/staff/items/{ref_of(app, first)}"' in mona.page
    assert_no_code(mona.page, first, "the merged item's page")


def test_a_deputy_works_a_topic_board_from_opening_to_outcome(site: Any, seeded: Any) -> None:
    app = seeded.app
    code = item_at(app, "under_review")
    ref = ref_of(app, code)
    dan = signed_in(site, "dan")
    dan.get("/staff/topics")
    dan.submit("/staff/topics", slug="safe-school-roads", name="Safe school roads", session="2027 Two Sessions")
    assert "The topic is open." in dan.text()
    dan.submit("/join")
    assert app.get_topic("safe-school-roads").deputies == ["dan"]
    dan.submit("/attach", ref=ref.lower())
    assert app.get_suggestion(code).topic_id == app.get_topic("safe-school-roads").id
    catch_up(site)
    dan.get("/staff/topics/safe-school-roads")
    assert ref in dan.page
    assert_no_code(dan.page, code, "the topic page")
    dan.submit("/detach_topic")
    assert "Taken off the topic." in dan.text()
    assert app.get_suggestion(code).topic_id is None and app.get_topic("safe-school-roads").suggestion_ids == []
    catch_up(site)
    dan.get("/staff/topics/safe-school-roads")
    assert ref not in dan.page
    dan.submit("/proposal/tabled", **{"tabled-number": "No. 2027-0042", "tabled-title": "Safer roads to school"})
    dan.submit("/proposal/accepted")
    dan.submit("/proposal/answered", **{"answered-body": "Transport Bureau",
                                        "answered-summary": "Adopted by the Standing Committee."})
    board = app.get_topic("safe-school-roads")
    assert board.proposal_number == "No. 2027-0042"
    assert [step.stage.value for step in board.standing_steps] == ["tabled", "accepted", "answered"]


def test_moving_an_item_to_another_topic_takes_it_off_the_first(site: Any, seeded: Any) -> None:
    app = seeded.app
    seeded.services.places.open_topic("safe-school-roads", "Safe school roads", "2027 Two Sessions")
    code = item_at(app, "under_review")
    app.assign_topic(code, "school-nutrition", Actor.staff("dan"))
    app.assign_topic(code, "safe-school-roads", Actor.staff("dan"))
    assert app.get_topic("school-nutrition").suggestion_ids == []
    assert app.get_topic("safe-school-roads").suggestion_ids == [app.get_suggestion(code).id]


def test_attaching_an_unknown_reference_says_so_on_the_topic_page(site: Any) -> None:
    dan = signed_in(site, "dan")
    dan.get("/staff/topics/school-nutrition")
    assert "Reference of an item under review" in dan.text()
    dan.submit("/attach", status=422, ref="FFFFFFFFFF")
    assert "There is no item with that reference." in dan.page


def test_attaching_by_a_tracking_code_is_refused_and_attaches_nothing(site: Any, seeded: Any) -> None:
    code = item_at(seeded.app, "under_review")
    dan = signed_in(site, "dan")
    dan.get("/staff/topics/school-nutrition")
    dan.submit("/attach", status=422, ref=code)
    assert "That is not an item's reference" in dan.page
    assert seeded.app.get_suggestion(code).topic_id is None


def test_a_facilitator_types_in_a_paper_note_and_gets_the_code_for_the_child(site: Any, seeded: Any) -> None:
    fay = signed_in(site, "fay")
    fay.get("/staff/entry")
    fay.submit("/staff/entry", venue="huadu-board", category="spaces", age_band="6-8",
               text="我想在留言板旁边有一个秋千")
    code = receipt_code(fay.page)
    assert f"/track/{code}" in fay.page and "<svg" in fay.page
    item = seeded.app.get_suggestion(code)
    assert item.assisted and str(item.text) == "我想在留言板旁边有一个秋千"
    assert seeded.app.history(code)[0].actor == Actor.facilitator("fay")


def send_note(fay: Browser) -> str:
    """File a paper note through the entry form; return where the answer sends the facilitator (not followed)."""
    fay.get("/staff/entry")
    fay.submit("/staff/entry", follow=False, status=302, venue="huadu-board", category="spaces", age_band="6-8",
               text="我想在留言板旁边有一个秋千")
    return fay.location


def receipt_code(page: str) -> str:
    """Return the tracking code a receipt shows."""
    found = re.search(r'class="tracking-code">([2-9A-Z]{4}-[2-9A-Z]{4})<', page)
    assert found, "the first showing of the receipt has the code"
    return found.group(1)


def test_the_receipt_shows_the_code_once_and_never_puts_it_in_an_address(site: Any, seeded: Any) -> None:
    fay = signed_in(site, "fay")
    receipt = send_note(fay)
    code = receipt_code(fay.get(receipt))
    assert receipt.endswith("/staff/entry/receipt")
    assert_no_code(receipt, code, "the receipt's address")
    assert seeded.app.get_suggestion(code).assisted
    response = fay.client.get("/staff/entry/receipt")
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/entry")
    assert_no_code(response.headers["Location"], code, "the redirect of a second showing")
    assert_no_code(response.get_data(as_text=True), code, "the second showing of the receipt")
    fay.get(response.headers["Location"])
    assert "A receipt is shown once" in fay.text()
    assert_no_code(fay.page, code, "the entry form after the receipt")


def test_a_copied_cookie_shows_the_receipt_no_second_time_and_never_carries_the_code_in_clear(
    site: Any, seeded: Any,
) -> None:
    fay = signed_in(site, "fay")
    send_note(fay)
    copied = fay.client.get_cookie(site.config["SESSION_COOKIE_NAME"]).value
    code = receipt_code(fay.get("/staff/entry/receipt"))
    session = site.session_interface.get_signing_serializer(site).loads(copied)  # what anyone holding it reads
    assert_no_code(copied, code, "the session cookie")
    assert_no_code(repr(session), code, "the session cookie, decoded")
    fay.client.set_cookie(site.config["SESSION_COOKIE_NAME"], copied)  # replayed after the receipt was shown
    again = fay.client.get("/staff/entry/receipt")
    assert again.status_code == 302 and again.headers["Location"].endswith("/staff/entry")
    assert_no_code(again.get_data(as_text=True), code, "a replayed receipt")


def test_another_facilitator_never_sees_a_code_fay_was_given(site: Any, seeded: Any) -> None:
    seeded.services.accounts.add_staff("li.na", "facilitator")
    seeded.services.accounts.set_password("li.na", "li.na-password-1")
    fay, other = signed_in(site, "fay"), Browser(site)
    other.sign_in("li.na")
    send_note(fay)
    other.get("/staff/entry/receipt", status=302)
    assert other.location.endswith("/staff/entry")
    other.get(other.location)
    assert "tracking-code" not in other.page
    code = receipt_code(fay.get("/staff/entry/receipt"))
    for path in ("/staff/entry/receipt", "/staff/entry", "/staff/"):
        assert_no_code(other.get(path, status=None), code, f"{path} for another facilitator")
    assert other.client.get(f"/staff/entry/{code}").status_code == 404, "no address shows a code"


def test_a_receipt_kept_in_one_session_is_not_shown_to_the_same_person_in_another(site: Any, seeded: Any) -> None:
    fay, fay_elsewhere = signed_in(site, "fay"), signed_in(site, "fay")
    send_note(fay)
    fay_elsewhere.get("/staff/entry/receipt", status=302)
    fay.get("/staff/entry/receipt")
    assert 'class="tracking-code"' in fay.page


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
    refs = [ref_of(seeded.app, submit(seeded.app, text=f"Idea number {n}")) for n in range(3)]
    catch_up(site)
    mona = signed_in(site, "mona")
    mona.get("/staff/queue")
    assert refs[0] in mona.page and refs[1] in mona.page and refs[2] not in mona.page
    assert "Page 1 of 2" in mona.text()
    mona.get("/staff/queue?page=2")
    assert refs[2] in mona.page and refs[0] not in mona.page
    mona.get("/staff/queue?page=nonsense", status=404)


@pytest.mark.parametrize("text, other, alike", [
    ("候诊室的绘本太少了", "更多的绘本在候诊室", True),
    ("Please fix the broken slide in Huadu park", "The slide in Huadu park is broken", True),
    ("Please fix the broken slide in Huadu park", "学校午饭的蔬菜太少了", False),
])
def test_likely_duplicates_compare_latin_words_and_pairs_of_chinese_characters(
    text: str, other: str, alike: bool
) -> None:
    assert (similarity(text, other) >= OFFERED) is alike


# -- staff see references, never codes ------------------------------------------------------


def every_role_world(app: Any) -> dict[str, str]:
    """Items each reading role meets: new, under review, overdue at the Health Commission on a topic, sealed."""
    new = submit(app, text="Please put a swing next to the reading corner of the Huadu board.")
    review = item_at(app, "under_review", text="More books in the reading corner, please.")
    app.clock.freeze(datetime.now(timezone.utc) - timedelta(days=60))
    try:
        late = submit(app, text="The slide in Huadu park is broken.")
    finally:
        app.clock.thaw()
    app.accept(late, Actor.staff("mona"))
    app.assign_topic(late, "school-nutrition", Actor.staff("dan"))
    app.forward(late, "health-commission", app.clock.today() + timedelta(days=3), Actor.staff("dan"))
    sealed = submit(app, channel="web", venue=None, category="protection", text="I am scared at home.",
                    needs_help=True)
    return {"new": new, "review": review, "late": late, "sealed": sealed}


# Who reads which page, and the items whose references it must show.
ROLE_PAGES = [
    ("mona", "/staff/queue", ["new"]),
    ("mona", "/staff/items/{new}", ["new"]),
    ("mona", "/staff/items/{late}", ["late"]),
    ("mona", "/staff/items/{new}/erase", ["new"]),
    ("mona", "/staff/dashboards", ["late"]),
    ("mona", "/staff/", []),
    ("dan", "/staff/review", ["review"]),
    ("dan", "/staff/items/{review}", ["review"]),
    ("dan", "/staff/items/{late}", ["late"]),
    ("dan", "/staff/topics/school-nutrition", ["late"]),
    ("dan", "/staff/dashboards", ["late"]),
    ("dan", "/staff/", []),
    ("olga", "/staff/inbox", ["late"]),
    ("olga", "/staff/items/{late}", ["late"]),
    ("olga", "/staff/dashboards", ["late"]),
    ("olga", "/staff/", []),
    ("audrey", "/staff/items/{new}", ["new"]),
    ("audrey", "/staff/items/{late}", ["late"]),
    ("audrey", "/staff/topics/school-nutrition", ["late"]),
    ("audrey", "/staff/dashboards", ["late"]),
    ("sam", "/staff/safeguarding", ["sealed"]),
    ("sam", "/staff/safeguarding/{sealed}", ["sealed"]),
    ("adam", "/staff/items/{new}/erase", ["new"]),
]


def test_every_staff_page_that_reads_items_shows_references_and_never_a_code(site: Any, seeded: Any) -> None:
    app = seeded.app
    codes = every_role_world(app)
    refs = {name: ref_of(app, code) for name, code in codes.items()}
    catch_up(site)
    people = {username: signed_in(site, username) for username in {viewer for viewer, _, _ in ROLE_PAGES}}
    for viewer, path, shown in ROLE_PAGES:
        person = people[viewer]
        page = person.get(path.format(**refs))
        for name in shown:
            assert refs[name] in page, f"{viewer} {path}: no reference of the {name} item"
        for name, code in codes.items():
            assert_no_code(page, code, f"{viewer} {path} (the {name} item)")
    sam = people["sam"]
    sam.get(f"/staff/safeguarding/{refs['sealed']}")
    sam.submit(f"/staff/safeguarding/{refs['sealed']}")
    assert "I am scared at home." in sam.page and refs["sealed"] in sam.page, "the opened case names its item"
    assert_no_code(sam.page, codes["sealed"], "the opened safeguarding case")


def test_a_staff_page_addressed_by_a_tracking_code_is_not_found(site: Any, seeded: Any) -> None:
    app = seeded.app
    codes = every_role_world(app)
    catch_up(site)
    for viewer, name in (("mona", "new"), ("dan", "review"), ("olga", "late"), ("audrey", "late")):
        person = signed_in(site, viewer)
        ref = ref_of(app, codes[name])
        words = str(app.get_suggestion(codes[name]).text)
        assert words in person.get(f"/staff/items/{ref}")
        for written in {codes[name], codes[name].replace("-", ""), codes[name].lower()}:
            person.get(f"/staff/items/{written}", status=404)
            assert ref not in person.page and words not in person.page, "a code leads nowhere, not to the ref"
    mona = signed_in(site, "mona")
    mona.get(f"/staff/items/{ref_of(app, codes['new'])}")
    accept = mona.form("/accept")
    for path in (f"/staff/items/{codes['new']}/accept", f"/staff/items/{codes['new']}/erase"):
        assert mona.client.post(path, data=accept.filled()).status_code == 404, path
    assert mona.client.get(f"/staff/items/{codes['new']}/erase").status_code == 404
    assert app.get_suggestion(codes["new"]).status is Status.SUBMITTED
    sam = signed_in(site, "sam")
    sam.get(f"/staff/safeguarding/{codes['sealed']}", status=404)


@pytest.mark.parametrize(("language", "words"), [
    ("zh-Hans", ("你的查询码是：", "你应该在 {y}年{m}月{d}日 以前收到回答")),
    ("zh-Hant", ("你的查詢碼是：", "你應該在 {y}年{m}月{d}日 以前收到回答")),
    ("en", ("Your tracking code is:", "You should get an answer by")),
])
def test_the_slip_for_the_child_is_in_the_child_s_language_with_the_day_to_hear_back_by(
        site: Any, seeded: Any, language: str, words: tuple[str, str]) -> None:
    fay = signed_in(site, "fay")  # the facilitator reads English pages
    fay.get("/staff/entry")
    fay.submit("/staff/entry", venue="huadu-board", category="spaces", age_band="6-8", language=language,
               text="我想在留言板旁边有一个秋千")
    code = receipt_code(fay.page)
    item = seeded.app.get_suggestion(code)
    assert item.language == language
    slip = fay.page.split('<section class="slip"', 1)[1].split("</section>", 1)[0]
    assert f'lang="{language}"' in slip and code in slip
    due = item.answer_due
    for expected in words:
        assert expected.format(y=due.year, m=due.month, d=due.day) in slip, expected


def test_a_made_up_language_for_the_slip_is_refused_with_a_reason(site: Any, seeded: Any) -> None:
    fay = signed_in(site, "fay")
    fay.get("/staff/entry")
    fay.submit("/staff/entry", status=422, venue="huadu-board", category="spaces", age_band="6-8",
               language="xx", text="我想要秋千")
    assert "Choose the child's language." in fay.page
    assert seeded.app.count_suggestions() == 0
