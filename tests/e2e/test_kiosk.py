"""A message board's kiosk and poster, through HTTP: one child after another, and nobody sees another's code."""

from __future__ import annotations

import re
from typing import Any

import pytest
from babel.dates import format_date

from domain.values import Channel
from tests.e2e.children import csrf_token, english_client, guarded_english_client, page  # noqa: F401 (fixtures)

KIOSK = "/kiosk/huadu-board"
IDEA = {"category": "spaces", "age_band": "6-8", "text": "A slide that is not too hot in summer."}


def file_at_kiosk(client: Any, **fields: str) -> Any:
    return client.post(KIOSK, data={**IDEA, **fields})


def test_the_kiosk_shows_big_choices_for_its_board_and_nothing_else_to_wander_off_to(client: Any) -> None:
    html = page(client.get(KIOSK))
    assert '<body class="kiosk">' in html
    assert "Huadu Message Board" in html
    assert 'class="choices big' in html
    assert 'name="channel"' not in html and 'name="venue"' not in html
    assert 'href="/share"' not in html and 'href="/track"' not in html
    assert "Please don't write your name, phone number or school class." in html
    assert 'hreflang="zh-Hant"' in html


def test_an_idea_filed_at_the_kiosk_belongs_to_its_board_and_shows_a_receipt(client: Any, seeded: Any) -> None:
    response = file_at_kiosk(client)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{KIOSK}/receipt")  # the code is never in the address
    receipt = client.get(response.headers["Location"])
    html = page(receipt)
    code = re.search(r'<p class="tracking-code">([^<]+)</p>', html).group(1)
    item = seeded.app.get_suggestion(code)
    assert item.channel is Channel.MESSAGE_BOARD
    assert item.venue_id == seeded.app.get_venue("huadu-board").id
    assert item.public_text.text == IDEA["text"] and item.language == "en"
    assert '<svg role="img"' in html
    assert f'<meta http-equiv="refresh" content="60;url={KIOSK}">' in html
    assert f'<a class="button button-big" href="{KIOSK}">' in html and "Next child" in html
    assert receipt.headers["Cache-Control"] == "no-store"


def test_after_the_next_child_starts_the_receipt_is_gone(client: Any) -> None:
    receipt = client.get(file_at_kiosk(client).headers["Location"])
    code = re.search(r'<p class="tracking-code">([^<]+)</p>', page(receipt)).group(1)
    form = page(client.get(KIOSK))
    assert code not in form
    again = client.get(f"{KIOSK}/receipt")
    assert again.status_code == 302 and again.headers["Location"].endswith(KIOSK)


def test_a_kiosk_cookie_copied_before_the_next_child_shows_no_code_and_never_held_it_in_clear(
    client: Any, app: Any,
) -> None:
    file_at_kiosk(client)
    name = app.config["SESSION_COOKIE_NAME"]
    copied = client.get_cookie(name).value
    code = re.search(r'<p class="tracking-code">([^<]+)</p>', page(client.get(f"{KIOSK}/receipt"))).group(1)
    decoded = repr(app.session_interface.get_signing_serializer(app).loads(copied))
    assert code not in copied and code not in decoded and code.replace("-", "") not in decoded
    client.get(KIOSK)  # the next child starts: the receipt is dropped on the server too
    client.set_cookie(name, copied)
    again = client.get(f"{KIOSK}/receipt")
    assert again.status_code == 302 and again.headers["Location"].endswith(KIOSK)


def test_a_child_who_needs_more_time_gets_ten_times_as_long(client: Any) -> None:
    file_at_kiosk(client)
    html = page(client.get(f"{KIOSK}/receipt"))
    assert "this page goes back to the start in 1 minute." in html
    assert f'href="{KIOSK}/receipt?time=more"' in html
    more = page(client.get(f"{KIOSK}/receipt?time=more"))
    assert f'<meta http-equiv="refresh" content="600;url={KIOSK}">' in more
    assert "this page goes back to the start in 10 minutes." in more


def test_the_receipt_of_another_board_s_kiosk_is_not_shown(client: Any, seeded: Any) -> None:
    seeded.services.places.register_venue("guangming-board", "message_board", "Guangming Message Board", "Huaqiao")
    file_at_kiosk(client)
    response = client.get("/kiosk/guangming-board/receipt")
    assert response.status_code == 302 and response.headers["Location"].endswith("/kiosk/guangming-board")


def test_a_kiosk_idea_without_words_is_refused_kindly(client: Any, seeded: Any) -> None:
    response = file_at_kiosk(client, text="  ", category="")
    html = page(response)
    assert response.status_code == 200
    assert '<a href="#category-0">Please choose what your idea is about.</a>' in html
    assert '<a href="#text">Please write your idea.</a>' in html
    assert seeded.app.count_suggestions() == 0


@pytest.mark.parametrize("slug", ["nowhere", "first-peoples-hospital", "huadu"])
def test_only_a_message_board_has_a_kiosk_and_a_poster(client: Any, slug: str) -> None:
    assert client.get(f"/kiosk/{slug}").status_code == 404
    assert client.get(f"/kiosk/{slug}/poster").status_code == 404
    assert "We could not find that page." in page(client.get(f"/kiosk/{slug}"))


def test_a_closed_board_takes_no_more_ideas(client: Any, seeded: Any) -> None:
    board = seeded.app.get_venue("huadu-board")
    board.close()
    seeded.app.save(board)
    assert client.get(KIOSK).status_code == 404


def test_with_csrf_on_an_expired_kiosk_form_keeps_the_child_s_words(guarded: Any, seeded: Any) -> None:
    response = guarded.post(KIOSK, data=IDEA)
    html = page(response)
    assert response.status_code == 400
    assert "please press Send again" in html and IDEA["text"] in html
    assert seeded.app.count_suggestions() == 0
    sent = guarded.post(KIOSK, data={**IDEA, "csrf_token": csrf_token(html)})
    assert sent.status_code == 302
    assert seeded.app.count_suggestions() == 1


def test_the_poster_has_a_big_qr_code_of_the_board_s_share_form_and_notes_for_grown_ups(client: Any) -> None:
    html = page(client.get(f"{KIOSK}/poster"))
    assert "Huadu Message Board" in html
    assert "http://127.0.0.1:5000/share?channel=message_board&venue=huadu-board" in html
    assert '<figure class="poster-qr">' in html and '<svg role="img"' in html
    assert 'class="card for-grown-ups no-print"' in html
    assert f"http://127.0.0.1:5000{KIOSK}" in html  # how to set up the tablet, for grown-ups
    assert "Scan me with a phone to share your idea." in html


def receipt_of(client: Any, response: Any) -> str:
    return page(client.get(response.headers["Location"]))


@pytest.mark.parametrize("where", ["kiosk", "share"])
def test_the_help_box_at_the_kiosk_seals_the_words_for_the_safeguarding_officer_as_the_share_form_does(
        client: Any, seeded: Any, where: str) -> None:
    form = page(client.get(KIOSK if where == "kiosk" else "/share"))
    assert 'name="needs_help"' in form and "I need help from a grown-up I can trust" in form
    fields = {**IDEA, "needs_help": "y"}
    response = client.post(KIOSK, data=fields) if where == "kiosk" else client.post(
        "/share", data={**fields, "channel": "web"})
    html = receipt_of(client, response)
    code = re.search(r'<p class="tracking-code">([^<]+)</p>', html).group(1)
    item = seeded.app.get_suggestion(code)
    assert item.sealed and item.public_text.text is None
    assert seeded.app.safeguarding_case(item.id) is not None
    tracking = page(client.get(f"/track/{code}"))
    assert "A special helper will read what you wrote." in tracking
    assert IDEA["text"] not in tracking


def test_the_kiosk_receipt_says_by_when_to_hear_back_and_prints_as_a_slip(client: Any, seeded: Any) -> None:
    html = receipt_of(client, file_at_kiosk(client))
    code = re.search(r'<p class="tracking-code">([^<]+)</p>', html).group(1)
    due = seeded.app.get_suggestion(code).answer_due
    assert f"You should get an answer by {format_date(due, locale='en')}." in html
    assert '<div class="slip">' in html
    assert "No phone? Type your code at http" in html  # on paper only
    assert '<p class="next no-print">' in html and '<p class="timeout no-print">' in html
    assert "<script" not in html  # it prints without script
    chinese = page(client.get(f"{KIOSK}/receipt?lang=zh-Hans"))
    assert f"{due.year}年{due.month}月{due.day}日" in chinese


def test_the_web_receipt_says_by_when_to_hear_back_and_prints_as_a_slip(client: Any, seeded: Any) -> None:
    response = client.post("/share", data={**IDEA, "channel": "web"})
    html = receipt_of(client, response)
    code = re.search(r'<p class="tracking-code">([^<]+)</p>', html).group(1)
    due = seeded.app.get_suggestion(code).answer_due
    assert f"You should get an answer by {format_date(due, locale='en')}." in html
    assert '<div class="slip">' in html and '<p class="actions no-print">' in html
