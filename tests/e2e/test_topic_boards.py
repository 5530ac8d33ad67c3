"""A deputy's topic board: candidates from every place, evidence, weight, and the proposal's steps to 办结."""

from __future__ import annotations

import re
from typing import Any

from domain.actors import Actor
from domain.values import Role
from tests.e2e.staff_browser import Browser, forms_of, item_at, password_of, ref_of, signed_in, submit

TOPIC = "school-fruit"
ON_BOARD = "学校午餐每天都应该有新鲜水果，苹果香蕉都可以"
ANSWERED = "学校午餐应该每天都有新鲜的水果，比如苹果和香蕉"
OPEN = "希望学校午餐的时候有新鲜水果吃，苹果就很好"
UNRELATED = "Please put a swing next to the reading corner of the Huadu board."


def catch_up(site: Any) -> None:
    site.extensions["projector"].catch_up()


def section(page: str, start: str, end: str) -> str:
    return page.split(start, 1)[1].split(end, 1)[0]


def world(site: Any, seeded: Any) -> dict[str, str]:
    """A topic with one idea on it and one merged into that, and ideas elsewhere: alike, answered, held, declined."""
    app, places = seeded.app, seeded.services.places
    places.open_topic(TOPIC, "School fruit", "2027 Two Sessions", "Fresh fruit at school lunch")
    places.rename_topic(TOPIC, {"zh-Hans": "学校午餐的水果"}, Actor.staff("dan"))
    codes = {
        "on_board": item_at(app, "under_review", text=ON_BOARD),
        "answered": item_at(app, "answered", text=ANSWERED, venue="huadu-board"),
        "open": item_at(app, "under_review", text=OPEN, channel="web", venue=None),
        "unrelated": item_at(app, "under_review", text=UNRELATED),
        "held": submit(app, text=ANSWERED + " 打电话给我 13800138000"),
        "declined": submit(app, text=ANSWERED + "!"),
        "duplicate": submit(app, text=ON_BOARD + "。"),
    }
    app.decline(codes["declined"], "said already", "Another child said the same.", Actor.staff("mona"))
    app.assign_topic(codes["on_board"], TOPIC, Actor.staff("dan"))
    app.merge(codes["duplicate"], codes["on_board"], Actor.staff("mona"))
    catch_up(site)
    return codes


def csrf(person: Browser, action_part: str) -> str:
    return person.form(action_part).values["csrf_token"]


def test_a_deputy_finds_alike_ideas_attaches_answered_ones_as_evidence_and_carries_the_proposal(
        site: Any, seeded: Any) -> None:
    app = seeded.app
    codes = world(site, seeded)
    refs = {name: ref_of(app, code) for name, code in codes.items()}
    dan = signed_in(site, "dan")
    dan.get(f"/staff/topics/{TOPIC}")

    candidates = section(dan.page, 'id="candidates-title"', 'id="attach-title"')
    assert refs["answered"] in candidates and refs["open"] in candidates
    for never in ("unrelated", "held", "declined", "duplicate", "on_board"):
        assert refs[never] not in candidates, never
    assert re.search(r"\b\d{2,3} alike", candidates), "each candidate shows how alike it is, as a plain figure"
    assert "Attach as evidence" in candidates  # the answered idea joins as evidence
    assert "2 children asked for this" in dan.text()  # the idea on the board and the one merged into it

    # Not yet one of the board's deputies: no step is offered, and sending one anyway is refused.
    assert not dan.has_form("/proposal/tabled")
    assert "Only the deputies who joined this topic record its proposal." in dan.text()
    refused = dan.client.post(f"/staff/topics/{TOPIC}/proposal/tabled", data={
        "csrf_token": csrf(dan, "/join"), "tabled-number": "2027-071", "tabled-title": "Fruit at lunch"})
    assert refused.status_code == 403
    assert "only the deputies who joined this topic" in refused.get_data(as_text=True)
    assert app.get_topic(TOPIC).proposal_steps == []

    dan.submit("/join")
    # One click attaches the answered idea: its reference rides in the form, no code is typed.
    form = next(f for f in forms_of(dan.page) if f.action.endswith("/attach") and f.values.get("ref") == refs["answered"])
    response = dan.client.post(form.action, data=form.values)
    assert response.status_code == 302
    assert app.get_suggestion(codes["answered"]).topic_id == app.get_topic(TOPIC).id
    catch_up(site)
    dan.get(f"/staff/topics/{TOPIC}")
    items = section(dan.page, 'id="items-title"', 'id="candidates-title"')
    assert refs["answered"] in items and "Evidence: already answered" in items
    assert "3 children asked for this" in dan.text()
    assert refs["answered"] not in section(dan.page, 'id="candidates-title"', 'id="attach-title"')

    dan.submit("/proposal/tabled", number="2027-071", title="Fresh fruit at every school lunch")
    assert "The proposal is tabled." in dan.text()
    dan.submit("/proposal/accepted", handler="Education Bureau")
    assert "The proposal is accepted for handling." in dan.text()
    dan.submit("/proposal/answered", body="Education Bureau", summary="Fruit at lunch in 20 schools from March.")
    dan.submit("/proposal/1/correct", number="2027-017", reason="The number was typed backwards.")
    assert "The step is corrected." in dan.text()
    dan.submit("/proposal/closed")
    assert "The proposal is closed." in dan.text()
    dan.submit("/proposal/4/withdraw", reason="Closed too early: the work goes on.")
    assert "The step is withdrawn." in dan.text()

    board = app.get_topic(TOPIC)
    assert board.proposal_number == "2027-017"
    assert [(s.stage.value, s.withdrawn) for s in board.proposal_steps] == [
        ("tabled", False), ("accepted", False), ("answered", False), ("closed", True)]
    catch_up(site)
    dan.get(f"/staff/topics/{TOPIC}")
    timeline = section(dan.page, 'id="proposal-title"', "</ol>")
    shown = [timeline.index(words) for words in
             ("Tabled", "Accepted for handling", "Answered by the handling body", "Closed")]
    assert shown == sorted(shown)
    assert "Corrected by dan" in timeline and "The number was typed backwards." in timeline
    assert "withdrawn: recorded wrongly" in timeline
    assert dan.has_form("/proposal/closed")  # the withdrawn step may be taken again

    # The topic list and the adoption tracker say where the proposal stands, step by step.
    dan.get("/staff/topics")
    assert "Answered by the handling body" in dan.text()
    dan.get("/staff/dashboards")
    tracker = section(dan.page, 'id="proposals-title"', "</table>")
    assert "2027-017" in tracker and "Accepted for handling" in tracker and "<del>Closed" in tracker
    # The child whose idea is evidence reads each step, in a child's words.
    child = site.test_client().get(f"/track/{codes['answered']}", headers={"Accept-Language": "en"})
    page = child.get_data(as_text=True)
    assert "The city accepted proposal No. 2027-017" in page
    assert "The city answered proposal No. 2027-017." in page
    assert "Fruit at lunch in 20 schools from March." in page
    assert "The work on proposal No. 2027-017 is finished." not in page  # withdrawn, so not told
    chinese = site.test_client().get(f"/track/{codes['answered']}?lang=zh-Hans").get_data(as_text=True)
    assert "2027-017" in chinese and "立案" in chinese


def test_bad_proposal_steps_get_a_clear_answer_on_the_board(site: Any, seeded: Any) -> None:
    seeded.services.places.join_topic("school-nutrition", "dan")
    dan = signed_in(site, "dan")
    dan.get("/staff/topics/school-nutrition")
    dan.submit("/proposal/tabled", status=422, number="  ", title="Fruit")
    assert "Give the proposal's official number." in dan.text()
    token = csrf(dan, "/staff/topics/school-nutrition/attach")
    out_of_order = dan.client.post("/staff/topics/school-nutrition/proposal/closed",
                                   data={"closed-csrf_token": token})
    assert out_of_order.status_code == 422
    assert "cannot go to" in out_of_order.get_data(as_text=True)
    unknown = dan.client.post("/staff/topics/school-nutrition/proposal/launched", data={"csrf_token": token})
    assert unknown.status_code == 404
    no_step = dan.client.post("/staff/topics/school-nutrition/proposal/7/correct", data={"csrf_token": token})
    assert no_step.status_code == 404


def test_another_deputy_not_on_the_board_is_refused_in_their_language(site: Any, seeded: Any) -> None:
    accounts = seeded.services.accounts
    accounts.add_staff("lin", Role.DEPUTY)
    accounts.set_password("lin", password_of("lin"))
    places = seeded.services.places
    places.join_topic("school-nutrition", "dan")
    places.table_proposal("school-nutrition", "2027-017", "Fruit", seeded.staff("dan"))
    catch_up(site)
    lin = signed_in(site, "lin")
    lin.get("/staff/topics/school-nutrition")
    assert not lin.has_form("/proposal/accepted") and not lin.has_form("/correct")
    token = csrf(lin, "/join")
    refused = lin.client.post("/staff/topics/school-nutrition/proposal/accepted?lang=zh-Hans",
                              data={"csrf_token": token, "accepted-handler": "Education Bureau"})
    assert refused.status_code == 403
    assert "只有" in refused.get_data(as_text=True)
    assert [s.stage.value for s in seeded.app.get_topic("school-nutrition").proposal_steps] == ["tabled"]
