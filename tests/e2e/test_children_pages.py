"""The children's pages, through HTTP: what a child sees and what gets recorded."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest

from domain.actors import Actor, acting_as
from domain.codes import legacy_suggestion_id, new_code
from domain.content import PrivateText
from domain.suggestion import Suggestion
from domain.values import AgeBand, Category, Channel, Decision, VenueKind
from tests.e2e.children import (  # noqa: F401 (fixtures)
    CODE,
    IDEA,
    assert_no_code,
    csrf_token,
    english_client,
    guarded_english_client,
    page,
    share,
    share_code,
)


def test_the_home_page_offers_to_share_an_idea_or_find_one(client: Any) -> None:
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert 'href="/share"' in html and "Share an idea" in html
    assert 'href="/track"' in html and "Where is my idea?" in html
    assert 'name="viewport"' in html and 'href="#main"' in html


def test_sharing_an_idea_leads_to_a_receipt_with_the_code_and_a_qr_code(client: Any, seeded: Any) -> None:
    code = share_code(client)
    receipt = client.get(f"/receipt/{code}")
    html = receipt.get_data(as_text=True)
    assert receipt.status_code == 200
    assert f'<p class="tracking-code">{code}</p>' in html
    assert "Write this down or take a photo" in html
    assert '<svg role="img" viewBox="0 0' in html
    assert f'href="/track/{code}"' in html
    assert seeded.app.get_suggestion(code).public_text.text == IDEA["text"]


def test_the_tracking_page_shows_the_way_of_the_idea_with_the_first_step_now(client: Any) -> None:
    code = share_code(client)
    html = page(client.get(f"/track/{code}"))
    steps = ["We got your idea", "A grown-up reads it", "It goes to the people who can help", "They answer",
             "It comes true"]
    positions = [html.index(step) for step in steps]
    assert positions == sorted(positions)
    assert re.search(r'aria-current="step">\s*<span[^>]*><svg class="icon icon-envelope"[^>]*>.*?</svg></span>\s*'
                     r'<span class="stage-label">We got your idea',
                     html)
    assert html.count('class="stage stage-todo"') == 4
    assert IDEA["text"] in html
    assert "Places to play and learn" in html


@pytest.mark.parametrize("typed", ["{code}", "{lower}", "{bare}", " {lower_spaced} "])
def test_a_code_typed_in_small_letters_or_without_its_dash_still_finds_the_idea(client: Any, typed: str) -> None:
    code = share_code(client)
    raw = code.replace("-", "")
    text = typed.format(code=code, lower=code.lower(), bare=raw.lower(), lower_spaced=f"{raw[:4]} {raw[4:]}".lower())
    response = client.get("/track", query_string={"code": text})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/track/{code}")
    assert IDEA["text"] in page(client.get(response.headers["Location"]))


def test_the_tracking_page_address_in_small_letters_leads_to_the_idea(client: Any) -> None:
    code = share_code(client)
    response = client.get(f"/track/{code.lower().replace('-', '')}", follow_redirects=True)
    assert response.status_code == 200
    assert response.request.path == f"/track/{code}"
    assert IDEA["text"] in page(response)


@pytest.mark.parametrize("path", ["/track/ZZZZ-ZZZZ", "/track/not-a-code", "/receipt/ZZZZ-ZZZZ"])
def test_an_unknown_code_gets_a_friendly_not_found_page(client: Any, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "We could not find an idea with that code." in page(response)
    assert 'action="/track"' in page(response)


def test_a_valid_looking_unknown_code_typed_in_the_form_ends_on_the_friendly_page(client: Any) -> None:
    response = client.get("/track", query_string={"code": "zzzz zzzz"}, follow_redirects=True)
    assert response.status_code == 404
    assert "We could not find an idea with that code." in page(response)


def test_something_that_is_not_a_code_is_explained_on_the_tracking_form(client: Any) -> None:
    response = client.get("/track", query_string={"code": "my idea"})
    html = page(response)
    assert response.status_code == 200
    assert "That doesn't look like a tracking code" in html
    assert 'aria-describedby="code-hint code-error"' in html


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Please write your idea."),
        ("   \r\n ", "Please write your idea."),
        ("a" * 2001, "That's a lot of words! Please keep it under 2,000 letters."),
    ],
)
def test_an_idea_without_words_or_with_too_many_is_refused_with_a_clear_message(
    client: Any, seeded: Any, text: str, message: str
) -> None:
    response = share(client, text=text)
    html = page(response)
    assert response.status_code == 200
    assert f'<a href="#text">{message}</a>' in html
    assert 'aria-describedby="text-hint privacy-note text-error"' in html
    assert seeded.app.count_suggestions() == 0


def test_an_idea_of_exactly_2000_letters_is_taken(client: Any, seeded: Any) -> None:
    code = share_code(client, text="好" * 2000)
    assert seeded.app.get_suggestion(code).public_text.text == "好" * 2000


def test_a_message_board_idea_without_its_board_is_refused_with_a_clear_message(client: Any, seeded: Any) -> None:
    response = share(client, channel="message_board", venue="")
    html = page(response)
    assert response.status_code == 200
    assert "Please choose where you are." in html
    assert 'aria-describedby="venue-hint venue-error"' in html
    assert seeded.app.count_suggestions() == 0


def test_a_message_board_idea_at_a_hospital_is_refused_with_a_clear_message(client: Any, seeded: Any) -> None:
    response = share(client, channel="message_board", venue="first-peoples-hospital")
    assert "That place doesn't take this kind of idea." in page(response)
    assert seeded.app.count_suggestions() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("channel", "carrier_pigeon", "Please choose where you are sharing from."),
        ("category", "sweets", "Please choose what your idea is about."),
        ("age_band", "3-5", "Please choose how old you are."),
        ("venue", "nowhere", "We don't know that place. Please choose one from the list."),
    ],
)
def test_a_made_up_choice_is_refused_kindly_and_never_breaks_the_page(
    client: Any, seeded: Any, field: str, value: str, message: str
) -> None:
    response = share(client, **{field: value})
    assert response.status_code == 200
    assert message in page(response)
    assert seeded.app.count_suggestions() == 0


def test_a_board_s_qr_code_opens_the_form_at_the_board_with_a_way_to_choose_another_place(client: Any) -> None:
    html = page(client.get("/share", query_string={"channel": "message_board", "venue": "huadu-board"}))
    assert 'You are sharing at: <strong>Huadu Message Board</strong>' in html
    assert '<input type="hidden" name="channel" value="message_board">' in html
    assert '<input type="hidden" name="venue" value="huadu-board">' in html
    assert 'action="/share?channel=message_board&amp;venue=huadu-board"' in client.get(
        "/share?channel=message_board&venue=huadu-board").get_data(as_text=True)
    assert '<a href="/share">Not here? Choose another place</a>' in html
    assert 'class="ratings"' not in html  # faces are for hospital visits only
    assert "Please don't write your name, phone number or school class." in html


def test_an_idea_sent_from_a_board_s_qr_code_is_filed_at_the_board(client: Any, seeded: Any) -> None:
    response = client.post("/share?channel=message_board&venue=huadu-board",
                           data={**IDEA, "channel": "message_board", "venue": "huadu-board"})
    code = CODE.search(response.headers["Location"]).group(1)
    item = seeded.app.get_suggestion(code)
    assert item.venue_id == seeded.app.get_venue("huadu-board").id
    assert item.channel.value == "message_board"
    assert item.language == "en"


def test_a_board_s_qr_code_with_an_error_keeps_the_board(client: Any, seeded: Any) -> None:
    response = client.post("/share?channel=message_board&venue=huadu-board",
                           data={**IDEA, "channel": "message_board", "venue": "huadu-board", "text": ""})
    html = page(response)
    assert "Please write your idea." in html
    assert 'You are sharing at: <strong>Huadu Message Board</strong>' in html
    assert seeded.app.count_suggestions() == 0


@pytest.mark.parametrize(
    "query",
    [
        {"channel": "message_board", "venue": "first-peoples-hospital"},  # not a board
        {"channel": "message_board", "venue": "nowhere"},
    ],
)
def test_a_place_that_does_not_fit_the_channel_lets_the_child_choose_among_the_channel_s_places(
        client: Any, query: dict) -> None:
    html = page(client.get("/share", query_string=query))
    assert "You are sharing at:" not in html
    assert '<input type="hidden" name="channel" value="message_board">' in html
    assert offered(html) == ["huadu-board"]


def test_a_place_named_with_a_plain_visit_leaves_the_child_free_to_choose(client: Any) -> None:
    html = page(client.get("/share", query_string={"channel": "web", "venue": "huadu-board"}))
    assert "You are sharing at:" not in html
    assert re.search(r'<input checked id="channel-\d" name="channel"[^>]*value="web"', html)


def offered(html: str) -> list[str]:
    """Return the places the page's place picker offers, by slug."""
    picker = re.search(r'<select[^>]*name="venue".*?</select>', html, re.S)
    assert picker, "the page has no place picker"
    return [slug for slug in re.findall(r'<option[^>]*value="([^"]*)"', picker.group(0)) if slug]


def test_an_observation_group_link_fixes_the_group_and_shows_its_topic(client: Any, seeded: Any) -> None:
    query = {"channel": "observation_group", "venue": "little-kunyu", "topic": "school-nutrition"}
    html = page(client.get("/share", query_string=query))
    assert "You are sharing at: <strong>Little Kunyu Children's Observation Group</strong>" in html
    assert "Today your group is talking about “School nutrition”." in html
    response = client.post("/share", query_string=query,
                           data={**IDEA, "channel": "observation_group", "venue": "little-kunyu"})
    item = seeded.app.get_suggestion(CODE.search(response.headers["Location"]).group(1))
    assert item.channel.value == "observation_group"
    assert item.venue_id == seeded.app.get_venue("little-kunyu").id


def test_an_unknown_topic_is_left_out_and_the_group_stays_chosen(client: Any) -> None:
    html = page(client.get("/share", query_string={"channel": "observation_group", "venue": "little-kunyu",
                                                   "topic": "sweets"}))
    assert "You are sharing at: <strong>Little Kunyu Children's Observation Group</strong>" in html
    assert "Today your group is talking about" not in html


def test_a_hospital_s_qr_code_asks_for_faces_first_and_about_services(client: Any) -> None:
    html = page(client.get("/share", query_string={"channel": "hospital_review",
                                                   "venue": "first-peoples-hospital"}))
    assert "How was your hospital visit?" in html
    assert "You are sharing at: <strong>First People's Hospital</strong>" in html
    assert html.index('class="ratings"') < html.index('name="category"')
    assert re.search(r'<input checked id="category-\d" name="category"[^>]*value="services"', html)


def test_the_home_page_leads_to_a_hospital_review(client: Any) -> None:
    html = page(client.get("/"))
    assert 'href="/share?channel=hospital_review"' in html
    form = page(client.get("/share?channel=hospital_review"))
    assert '<input type="hidden" name="channel" value="hospital_review">' in form
    assert "How was your hospital visit?" in form


def test_a_hospital_review_picks_among_hospitals_only_by_their_names_grouped_by_district(
        client: Any, seeded: Any) -> None:
    seeded.services.places.register_venue("kunshan-tcm", VenueKind.HOSPITAL, "昆山市中医医院", "Yushan")
    seeded.services.places.register_venue("zhouzhuang-hospital", VenueKind.HOSPITAL, "周庄医院", "Zhouzhuang")
    html = page(client.get("/share?channel=hospital_review"))
    assert offered(html) == ["first-peoples-hospital", "kunshan-tcm", "zhouzhuang-hospital"]
    assert '<optgroup label="Hospitals · Yushan"><option value="first-peoples-hospital">First People\'s Hospital' in html
    assert '<option value="kunshan-tcm">昆山市中医医院</option>' in html
    assert '<optgroup label="Hospitals · Zhouzhuang">' in html
    assert html.index('class="ratings"') < html.index('name="category"')  # the faces come first
    assert '<label class="field-label" for="venue">Which hospital?</label>' in html
    assert "哪家医院？" in page(client.get("/share?channel=hospital_review&lang=zh-Hans"))
    response = client.post("/share?channel=hospital_review", data={
        "channel": "hospital_review", "venue": "kunshan-tcm", "category": "services", "age_band": "6-8",
        "text": "", "ratings-picture_books": "4"})
    code = CODE.search(response.headers["Location"]).group(1)
    assert seeded.app.get_suggestion(code).venue_id == seeded.app.get_venue("kunshan-tcm").id


def test_the_open_form_groups_places_by_kind_then_district_with_the_kinds_a_child_knows_first(
        client: Any) -> None:
    html = page(client.get("/share"))
    groups = re.findall(r'<optgroup label="([^"]+)">', html)
    assert groups == ["Communities · Huaqiao", "Hospitals · Yushan", "Message boards · Huaqiao",
                      "Observation groups"]
    assert offered(html) == ["huadu", "first-peoples-hospital", "huadu-board", "little-kunyu"]
    assert "Health Commission" not in html  # a responsible body is not a place to share at
    chinese = page(client.get("/share?lang=zh-Hans"))
    assert '<optgroup label="社区 · Huaqiao">' in chinese


def test_a_plain_visit_shares_from_anywhere_and_needs_no_place(client: Any, seeded: Any) -> None:
    html = page(client.get("/share"))
    assert re.search(r'<input checked id="channel-\d" name="channel"[^>]*value="web"', html)
    code = share_code(client, venue="")
    assert seeded.app.get_suggestion(code).venue_id is None


def test_html_a_child_types_is_shown_as_text(client: Any) -> None:
    code = share_code(client, text='<script>alert("hi")</script><b>bold</b>', title="<i>x</i>")
    html = client.get(f"/track/{code}").get_data(as_text=True)
    assert "<script>alert" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(&#34;hi&#34;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in html


def test_chinese_and_emoji_come_back_as_they_were_written(client: Any, seeded: Any) -> None:
    words = "我希望公园里有更多的秋千 🛝😊"
    code = share_code(client, text=words)
    assert words in page(client.get(f"/track/{code}"))
    assert seeded.app.get_suggestion(code).public_text.text == words


def test_with_csrf_on_a_post_without_the_token_is_refused_and_keeps_the_child_s_words(
    guarded: Any, seeded: Any
) -> None:
    response = guarded.post("/share", data=IDEA)
    html = page(response)
    assert response.status_code == 400
    assert "please press Send again" in html
    assert IDEA["text"] in html
    assert seeded.app.count_suggestions() == 0
    assert guarded.post("/share", data={**IDEA, "csrf_token": csrf_token(html)}).status_code == 302


def test_with_csrf_on_a_post_with_the_form_s_token_is_taken(guarded: Any, seeded: Any) -> None:
    token = csrf_token(guarded.get("/share").get_data(as_text=True))
    response = guarded.post("/share", data={**IDEA, "csrf_token": token})
    assert response.status_code == 302
    assert seeded.app.count_suggestions() == 1


def test_once_accepted_the_page_says_a_grown_up_is_reading_it(client: Any, seeded: Any) -> None:
    code = share_code(client)
    seeded.app.accept(code, Actor.staff("mona"))
    html = page(client.get(f"/track/{code}"))
    assert "A grown-up is reading your idea." in html
    assert re.search(r'aria-current="step">\s*<span[^>]*><svg class="icon icon-eye"', html)


def test_once_answered_the_explanation_for_the_child_comes_before_the_official_response(
    client: Any, seeded: Any
) -> None:
    code = share_code(client)
    seeded.app.act(seeded.staff("mona"), code, "accept")
    seeded.app.act(seeded.staff("dan"), code, "forward", body="health-commission",
                   due=date.today() + timedelta(days=10))
    seeded.app.act(
        seeded.staff("olga"), code, "answer", decision=Decision.ADOPTED,
        response="Per Notice 2026-14 the Bureau will procure play equipment in Q3.",
        explanation="Yes! New swings will come to your park this summer.",
    )
    html = page(client.get(f"/track/{code}"))
    assert "Your idea was chosen!" in html
    explanation = html.index("Yes! New swings will come to your park this summer.")
    response = html.index("Per Notice 2026-14 the Bureau will procure play equipment in Q3.")
    assert explanation < response
    assert "Your idea went to the Health Commission." in html
    assert re.search(r'aria-current="step">\s*<span[^>]*><svg class="icon icon-chat"', html)


def test_a_declined_idea_shows_why_and_no_steps_still_to_come(client: Any, seeded: Any) -> None:
    code = share_code(client)
    seeded.app.decline(code, "out of scope", "This park belongs to a school, so we cannot change it.",
                       Actor.staff("mona"))
    html = page(client.get(f"/track/{code}"))
    assert "The grown-ups could not take your idea this time." in html
    assert "This park belongs to a school, so we cannot change it." in html
    assert "Still to come" not in html


def test_a_merged_idea_leads_to_the_idea_it_joined(client: Any, seeded: Any) -> None:
    first = share_code(client)
    second = share_code(client, text="More swings please!")
    seeded.app.merge(second, first, Actor.staff("mona"))
    seeded.app.accept(first, Actor.staff("mona"))
    html = page(client.get(f"/track/{second}"))
    assert "Your idea joined another child's idea" in html
    assert "The two ideas together now: A grown-up is reading it." in html
    assert_no_code(html, first, "the page of the idea that joined")  # the other child's code is their secret
    assert "1 other child had the same idea" in page(client.get(f"/track/{first}"))


def test_an_idea_filed_before_references_gets_one_and_the_child_is_told_it_is_not_their_code(
        client: Any, seeded: Any) -> None:
    code, app = new_code(), seeded.app
    old_id = legacy_suggestion_id(code)  # the id old code gave it: derived from the code alone
    with acting_as(Actor.child()):  # as a Submitted of class version 1 reads once upcast: no reference
        item = Suggestion._create(
            Suggestion.Submitted, id=old_id, ref=None, channel=Channel.WEB, venue_id=None,
            category=Category.SPACES, age_band=AgeBand.AGE_9_11, text=PrivateText(old_id, IDEA["text"]),
            title=None, language="en", ratings={}, assisted=False, answer_due=date.today() + timedelta(days=30))
    app.save(item)
    assert page(client.get(f"/track/{code}")).count("a number the grown-ups use") == 0
    assert app.give_missing_refs() == 1  # what the upgrade does at start-up, once
    ref = app.get_suggestion(code).ref
    assert ref and ref != old_id.hex[:10].upper() and app.get_by_ref(ref).id == old_id
    html = page(client.get(f"/track/{code}"))
    assert f"Your idea got a number the grown-ups use for it: {ref}. It is not your code." in html
    assert IDEA["text"] in html and "We got your idea." in html
    chinese = page(client.get(f"/track/{code}?lang=zh-Hans"))
    assert f"你的想法有了一个大人们用的号码：{ref}。它不是你的查询码。" in chinese


def test_erased_words_are_shown_as_erased(client: Any, seeded: Any) -> None:
    code = share_code(client)
    seeded.app.keys.destroy(seeded.app.get_suggestion(code).id)
    html = page(client.get(f"/track/{code}"))
    assert "This idea's words were erased." in html
    assert IDEA["text"] not in html


def test_a_hospital_review_with_faces_needs_no_words(client: Any, seeded: Any) -> None:
    code = share_code(
        client, channel="hospital_review", venue="first-peoples-hospital", category="services", text="",
        **{"ratings-waiting_room": "5", "ratings-staff_kindness": "2"},
    )
    assert seeded.app.get_suggestion(code).ratings == {"waiting_room": 5, "staff_kindness": 2}
    html = page(client.get(f"/track/{code}"))
    assert "The waiting room: Great" in html
    assert "How kind the doctors and nurses were: Not good" in html
    assert "First People's Hospital" in html


def test_a_hospital_review_without_faces_or_words_asks_for_one(client: Any, seeded: Any) -> None:
    response = share(client, channel="hospital_review", venue="first-peoples-hospital", text="")
    assert "Please pick a face or write a few words." in page(response)
    assert seeded.app.count_suggestions() == 0


def test_a_face_that_does_not_exist_is_refused(client: Any, seeded: Any) -> None:
    response = share(client, channel="hospital_review", venue="first-peoples-hospital",
                     **{"ratings-waiting_room": "9"})
    assert response.status_code == 200
    assert '<a href="#ratings-waiting_room-0">Please pick one of the faces.</a>' in page(response)
    assert seeded.app.count_suggestions() == 0


def test_faces_sent_with_an_idea_from_anywhere_are_left_out(client: Any, seeded: Any) -> None:
    code = share_code(client, **{"ratings-waiting_room": "4"})
    assert seeded.app.get_suggestion(code).ratings == {}


def test_a_hospital_review_sent_with_a_place_that_is_not_a_hospital_is_refused_kindly(
        client: Any, seeded: Any) -> None:
    response = client.post("/share?channel=hospital_review", data={
        **IDEA, "channel": "hospital_review", "venue": "huadu", "ratings-waiting_room": "3"})
    assert response.status_code == 200
    assert "That place doesn't take this kind of idea." in page(response)
    assert offered(page(response)) == ["first-peoples-hospital"]
    assert seeded.app.count_suggestions() == 0
