"""After an answer, through HTTP: the child reacts, asks once to look again, or takes the idea back."""

from __future__ import annotations

import re
from typing import Any

import pytest

from domain.actors import Actor
from domain.values import AgeBand, Category, Channel, Decision, Reaction, Status
from tests.e2e.children import (  # noqa: F401 (fixtures)
    IDEA,
    answer,
    csrf_token,
    english_client,
    guarded_english_client,
    page,
    share_code,
)


def react(client: Any, code: str, reaction: str, comment: str = "") -> Any:
    return client.post(f"/track/{code}/react", data={"react-reaction": reaction, "react-comment": comment})


def test_before_an_answer_there_is_nothing_to_react_to(client: Any, seeded: Any) -> None:
    code = share_code(client)
    html = page(client.get(f"/track/{code}"))
    assert "How do you feel about the answer?" not in html
    response = react(client, code, "happy")
    assert response.status_code == 302
    assert "Sorry, that cannot be done now." in page(client.get(response.headers["Location"]))
    assert seeded.app.get_suggestion(code).reaction is None


def test_after_an_answer_the_child_taps_a_face_to_say_how_they_feel(client: Any, seeded: Any) -> None:
    code = share_code(client)
    answer(seeded, code)
    html = page(client.get(f"/track/{code}"))
    assert "How do you feel about the answer?" in html
    buttons = re.findall(r'<button class="reaction-button[^"]*" type="submit" id="react-reaction-\d"\s+'
                         r'name="react-reaction" value="(\w+)">', html)
    assert buttons == ["happy", "okay", "unhappy"]
    assert "Please don't write your name or phone number here." in html

    response = react(client, code, "happy", "Thank you, grown-ups!")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/track/{code}")
    item = seeded.app.get_suggestion(code)
    assert item.reaction is Reaction.HAPPY
    assert item.reaction_comment.text == "Thank you, grown-ups!"
    after = page(client.get(response.headers["Location"]))
    assert "Thank you for telling us how you feel!" in after
    assert re.search(r'<span aria-hidden="true"><svg class="face face-5"[^>]*>.*?</svg></span> '
                     r'You said: Happy. You can change it at any time.', after)
    assert "You said you were happy with the answer." in after


def test_a_child_may_change_how_they_feel(client: Any, seeded: Any) -> None:
    code = share_code(client)
    answer(seeded, code)
    react(client, code, "happy")
    react(client, code, "okay")
    assert seeded.app.get_suggestion(code).reaction is Reaction.OKAY


@pytest.mark.parametrize(
    ("reaction", "comment", "message"),
    [
        ("ecstatic", "", "Please tap one of the faces."),
        ("", "", "Please tap one of the faces."),
        ("okay", "a" * 1001, "Please keep it under 1,000 letters."),
    ],
)
def test_a_made_up_face_or_a_very_long_comment_is_refused_kindly(
    client: Any, seeded: Any, reaction: str, comment: str, message: str
) -> None:
    code = share_code(client)
    answer(seeded, code)
    response = react(client, code, reaction, comment)
    assert response.status_code == 200
    assert message in page(response)
    assert seeded.app.get_suggestion(code).reaction is None


def test_a_declined_idea_can_be_reacted_to(client: Any, seeded: Any) -> None:
    code = share_code(client)
    seeded.app.decline(code, "out of scope", "This park belongs to a school.", Actor.staff("mona"))
    assert "How do you feel about the answer?" in page(client.get(f"/track/{code}"))
    react(client, code, "unhappy")
    assert seeded.app.get_suggestion(code).reaction is Reaction.UNHAPPY


def test_a_not_chosen_idea_may_be_looked_at_again_once(client: Any, seeded: Any) -> None:
    code = share_code(client)
    answer(seeded, code, Decision.NOT_ADOPTED)
    html = page(client.get(f"/track/{code}"))
    assert "Not happy with the answer?" in html
    assert 'action="/track/' + code + '/reconsider"' in html

    response = client.post(f"/track/{code}/reconsider", data={"again-comment": "Fire engines could use the road."})
    item = seeded.app.get_suggestion(code)
    assert item.status is Status.UNDER_REVIEW and item.reconsideration_requested
    assert item.reaction is Reaction.UNHAPPY
    after = page(client.get(response.headers["Location"]))
    assert "We asked the grown-ups to look at your idea again." in after
    assert "The grown-ups are looking at your idea again" in after
    assert "Not happy with the answer?" not in after

    seeded.app.act(seeded.staff("olga"), code, "answer", decision=Decision.NOT_ADOPTED,
                   response="Still no.", explanation="We looked again, and it still cannot be done.")
    again = page(client.get(f"/track/{code}"))
    assert "How do you feel about the answer?" in again
    assert "Not happy with the answer?" not in again
    refused = client.post(f"/track/{code}/reconsider", data={})
    assert "Sorry, that cannot be done now." in page(client.get(refused.headers["Location"]))
    assert seeded.app.get_suggestion(code).status is Status.ANSWERED


def test_a_chosen_idea_is_not_offered_another_look(client: Any, seeded: Any) -> None:
    code = share_code(client)
    answer(seeded, code, Decision.ADOPTED)
    assert "Not happy with the answer?" not in page(client.get(f"/track/{code}"))


def test_taking_an_idea_back_asks_first_and_then_does_it(client: Any, seeded: Any) -> None:
    code = share_code(client)
    html = page(client.get(f"/track/{code}"))
    assert f'href="/track/{code}/withdraw"' in html
    confirm = page(client.get(f"/track/{code}/withdraw"))
    assert "Do you really want to take your idea back?" in confirm
    assert f'<a class="button button-quiet" href="/track/{code}">No, keep my idea</a>' in confirm
    assert seeded.app.get_suggestion(code).status is Status.SUBMITTED

    response = client.post(f"/track/{code}/withdraw")
    assert seeded.app.get_suggestion(code).status is Status.WITHDRAWN
    after = page(client.get(response.headers["Location"]))
    assert "You took your idea back." in after
    assert f'href="/track/{code}/withdraw"' not in after


def test_an_answered_idea_can_still_be_taken_back(client: Any, seeded: Any) -> None:
    code = share_code(client)
    answer(seeded, code)
    client.post(f"/track/{code}/withdraw")
    assert seeded.app.get_suggestion(code).status is Status.WITHDRAWN


def test_a_finished_idea_cannot_be_taken_back(client: Any, seeded: Any) -> None:
    code = share_code(client)
    seeded.app.decline(code, "out of scope", "This park belongs to a school.", Actor.staff("mona"))
    assert f'href="/track/{code}/withdraw"' not in page(client.get(f"/track/{code}"))
    assert client.get(f"/track/{code}/withdraw").headers["Location"].endswith(f"/track/{code}")
    response = client.post(f"/track/{code}/withdraw")
    assert "Sorry, that cannot be done now." in page(client.get(response.headers["Location"]))
    assert seeded.app.get_suggestion(code).status is Status.DECLINED


def test_an_idea_s_public_reference_opens_none_of_the_child_s_pages(client: Any, seeded: Any) -> None:
    code = share_code(client)
    answer(seeded, code, Decision.NOT_ADOPTED)
    ref = seeded.app.get_suggestion(code).ref  # on public lists: anyone may read it, so it must not act as a code
    tries = [("GET", f"/track/{ref}"), ("GET", f"/receipt/{ref}"), ("GET", f"/track/{ref}/withdraw"),
             ("POST", f"/track/{ref}/withdraw"), ("GET", f"/track/{ref}/erase"), ("POST", f"/track/{ref}/erase"),
             ("GET", f"/api/v1/suggestions/{ref}"), ("GET", f"/track?code={ref}")]
    answers = {(method, path): client.open(path, method=method).status_code for method, path in tries}
    answers[("POST", f"/track/{ref}/react")] = react(client, ref, "unhappy", "No!").status_code
    answers[("POST", f"/track/{ref}/reconsider")] = client.post(f"/track/{ref}/reconsider",
                                                               data={"again-comment": "Look again"}).status_code
    answers = {where: status for where, status in answers.items() if status != 404}
    assert answers == {("GET", f"/track?code={ref}"): 200}  # the form, saying it is not a code:
    assert "That doesn't look like a tracking code." in page(client.get(f"/track?code={ref}"))
    item = seeded.app.get_suggestion(code)
    assert (item.status, item.reaction, item.erased) == (Status.ANSWERED, None, False)
    assert not item.reconsideration_requested


def test_with_csrf_on_every_action_needs_the_page_s_token(guarded: Any, seeded: Any) -> None:
    token = csrf_token(guarded.get("/share").get_data(as_text=True))
    code = re.search(r"/receipt/(.+)$", guarded.post("/share", data={**IDEA, "csrf_token": token})
                     .headers["Location"]).group(1)
    answer(seeded, code, Decision.NOT_ADOPTED)
    for action, data in [("react", {"react-reaction": "happy"}), ("reconsider", {}), ("withdraw", {})]:
        response = guarded.post(f"/track/{code}/{action}", data=data)
        assert response.status_code == 302
        assert "Sorry, that did not get through. Please try again." in page(guarded.get(response.headers["Location"]))
    item = seeded.app.get_suggestion(code)
    assert item.reaction is None and item.status is Status.ANSWERED

    html = guarded.get(f"/track/{code}").get_data(as_text=True)
    guarded.post(f"/track/{code}/react", data={"react-reaction": "okay", "react-csrf_token": csrf_token(html, "react-")})
    assert seeded.app.get_suggestion(code).reaction is Reaction.OKAY
    confirm = guarded.get(f"/track/{code}/withdraw").get_data(as_text=True)
    guarded.post(f"/track/{code}/withdraw", data={"csrf_token": csrf_token(confirm)})
    assert seeded.app.get_suggestion(code).status is Status.WITHDRAWN


def test_the_way_of_an_idea_names_who_it_went_to_and_what_they_decided(client: Any, seeded: Any) -> None:
    code = share_code(client)
    answer(seeded, code, Decision.ADOPTED)
    html = page(client.get(f"/track/{code}"))
    stages = re.findall(r'<li class="stage stage-(\w+)"[^>]*>\s*<span[^>]*><svg .*?</svg></span>\s*'
                        r'<span class="stage-label">([^<]+)</span>', html)
    assert stages == [
        ("done", "We got your idea"),
        ("done", "A grown-up read your idea"),
        ("done", "Your idea went to the Health Commission"),
        ("current", "Your idea was chosen!"),
        ("todo", "It comes true"),
    ]


def test_work_in_progress_and_a_finished_idea_show_on_the_way(client: Any, seeded: Any) -> None:
    code = share_code(client)
    answer(seeded, code, Decision.ADOPTED)
    seeded.app.act(seeded.staff("olga"), code, "progress", percent=40, note="The frame is up.")
    html = page(client.get(f"/track/{code}"))
    assert "The work has started: 40% done" in html
    assert "Work on your idea is 40% done." in html
    seeded.app.act(seeded.staff("olga"), code, "implemented", evidence="The swings are up!")
    done = page(client.get(f"/track/{code}"))
    assert "Your idea came true!" in done
    assert 'stage-current' not in done and 'stage-todo' not in done


def test_an_idea_a_grown_up_wrote_down_for_the_child_says_so(client: Any, seeded: Any) -> None:
    item = seeded.app.submit(channel=Channel.MESSAGE_BOARD, venue="huadu-board", category=Category.SPACES,
                             age_band=AgeBand.AGE_6_8, text="A bench by the slide.", actor=Actor.facilitator("fay"))
    assert "A grown-up helped write your idea down for you." in page(client.get(f"/track/{item.code}"))
    own = share_code(client)
    assert "A grown-up helped write your idea down for you." not in page(client.get(f"/track/{own}"))
