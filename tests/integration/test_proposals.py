"""The proposal's steps through the service and the board's read model, on every store."""

from __future__ import annotations

from typing import Any

import pytest

from domain.actors import Actor, acting_as
from domain.topic import ProposalStage
from domain.values import Role
from feedback.errors import ActionRefused, Forbidden
from projections import build_projector, topic_board
from tests.e2e.staff_browser import item_at, submit

TOPIC = "school-nutrition"


def catch_up(app: Any) -> Any:
    projector = build_projector(app)
    projector.catch_up()
    return projector.views


@pytest.mark.parametrize("username", ["dan", "audrey", "adam", "mona", "lin"])
def test_only_the_boards_own_deputies_record_its_proposal(seeded: Any, username: str) -> None:
    seeded.services.accounts.add_staff("lin", Role.DEPUTY)  # a deputy, but not on this board
    places = seeded.services.places
    places.join_topic(TOPIC, "dan")
    staff = seeded.staff(username)
    if username == "dan":
        places.table_proposal(TOPIC, "2027-017", "Fruit at lunch", staff)
        assert seeded.app.get_topic(TOPIC).proposal_number == "2027-017"
        return
    with pytest.raises(Forbidden, match="only the deputies who joined this topic"):
        places.table_proposal(TOPIC, "2027-017", "Fruit at lunch", staff)
    with pytest.raises(Forbidden):
        places.withdraw_proposal_step(TOPIC, 1, "no", staff)
    assert seeded.app.get_topic(TOPIC).proposal_steps == []


def test_the_steps_are_saved_read_back_and_the_read_model_agrees(seeded: Any) -> None:
    places, dan = seeded.services.places, seeded.staff("dan")
    places.join_topic(TOPIC, "dan")
    places.take_proposal_step(TOPIC, "drafted", dan, title="Fruit", text="Every school lunch has fruit")
    places.table_proposal(TOPIC, "2027-071", "Fruit at every lunch", dan, session="2027 Two Sessions")
    places.take_proposal_step(TOPIC, "accepted", dan, handler="Education Bureau")
    places.correct_proposal_step(TOPIC, 2, "typed backwards", dan, number="2027-017")
    places.take_proposal_step(TOPIC, "answered", dan, body="Education Bureau", summary="From March")
    places.take_proposal_step(TOPIC, "closed", dan)
    places.withdraw_proposal_step(TOPIC, 5, "closed too early", dan)
    with pytest.raises(ActionRefused, match="cannot go to"):
        places.take_proposal_step(TOPIC, "merged", dan, into="2027-001")

    topic = seeded.app.get_topic(TOPIC)
    assert topic.proposal_number == "2027-017" and topic.proposal_stage is ProposalStage.ANSWERED
    views = catch_up(seeded.app)
    steps = topic_board.proposal_steps(views, topic.id.hex)
    assert [(s["stage"].value, s["withdrawn"]) for s in steps] == [
        ("drafted", False), ("tabled", False), ("accepted", False), ("answered", False), ("closed", True)]
    assert [s["details"] for s in steps] == [step.details for step in topic.proposal_steps]
    assert steps[1]["details"]["number"] == "2027-017"
    assert [(c["by"], c["reason"]) for c in steps[1]["corrections"]] == [("dan", "typed backwards")]
    assert steps[4]["corrections"][0]["withdrawn"] is True
    assert {s["by"] for s in steps} == {"dan"}
    assert topic_board.standing_stage(steps) is ProposalStage.ANSWERED
    board = {b["slug"]: b for b in topic_board.boards(views)}[TOPIC]
    assert (board["proposal_number"], board["stage"]) == ("2027-017", "answered")
    assert [t["slug"] for t in topic_board.proposals(views)] == [TOPIC]


def test_an_outcome_written_as_free_text_by_an_old_store_still_reads_as_it_was(seeded: Any) -> None:
    app = seeded.app
    topic = app.get_topic(TOPIC)
    with acting_as(Actor.staff("dan")):
        topic.table_proposal("No. 0042", "Healthier lunches")
        topic.record_outcome("Adopted by the city")  # what the old board wrote: one-time free text
    app.save(topic)
    views = catch_up(app)
    steps = topic_board.proposal_steps(views, topic.id.hex)
    assert [(s["stage"].value, s["details"]) for s in steps] == [
        ("tabled", {"number": "No. 0042", "title": "Healthier lunches", "session": "2026 Two Sessions"}),
        ("outcome", {"outcome": "Adopted by the city"}),
    ]
    places = seeded.services.places
    places.join_topic(TOPIC, "dan")
    places.correct_proposal_step(TOPIC, 2, "a word was missing", seeded.staff("dan"),
                                 outcome="Adopted by the city council")
    places.take_proposal_step(TOPIC, "closed", seeded.staff("dan"))
    assert app.get_topic(TOPIC).outcome == "Adopted by the city council"
    steps = topic_board.proposal_steps(catch_up(app), topic.id.hex)
    assert steps[1]["details"] == {"outcome": "Adopted by the city council"} and steps[2]["stage"].value == "closed"


def test_a_boards_weight_counts_merged_ideas_and_its_candidates_leave_out_what_may_not_be_offered(
        seeded: Any) -> None:
    app, dan, mona = seeded.app, Actor.staff("dan"), Actor.staff("mona")
    on_board = item_at(app, "under_review", text="学校午餐每天都要有水果")
    web_idea = item_at(app, "answered", text="午餐有水果就好了", channel="web", venue=None, age_band="6-8")
    app.assign_topic(on_board, TOPIC, dan)
    app.assign_topic(web_idea, TOPIC, dan)
    for _ in range(2):
        app.merge(submit(app, text="学校午餐每天都要有水果！"), on_board, mona)
    held = submit(app, text="午餐水果 13800138000")
    declined = submit(app, text="午餐要有水果")
    app.decline(declined, "said", "Someone said it already.", mona)
    alike = item_at(app, "implemented", text="午餐的水果")
    views = catch_up(app)
    topic = app.get_topic(TOPIC).id.hex

    weight = topic_board.weight(views, topic)
    assert (weight["children"], weight["attached"], weight["merged"]) == (4, 2, 2)
    assert weight["by"]["channel"] == {"message_board": 3, "web": 1}
    assert weight["by"]["age_band"] == {"9-11": 3, "6-8": 1}
    assert weight["by"]["district"] == {"Huaqiao": 3, None: 1}

    statuses = ("under_review", "forwarded", "answered", "in_progress", "implemented")
    pool = {key for key, _ in topic_board.candidate_pool(views, topic, statuses)}
    ids = {name: app.get_suggestion(code).id.hex for name, code in
           {"alike": alike, "held": held, "declined": declined, "on_board": on_board}.items()}
    assert ids["alike"] in pool
    assert not {ids["held"], ids["declined"], ids["on_board"]} & pool
