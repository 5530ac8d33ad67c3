"""The proposal's own lifecycle on a topic: each step, the order they may come in, corrections and withdrawals."""

from __future__ import annotations

from typing import Any

import pytest

from domain.actors import Actor, acting_as
from domain.errors import InvalidValue, TransitionNotAllowed
from domain.topic import NEXT, ProposalStage, Topic
from feedback.steps import PROPOSAL_STEPS, proposal_step

P = ProposalStage


def board() -> Topic:
    with acting_as(Actor.staff("dan")):
        return Topic.open("school-nutrition", "School nutrition", "2027 Two Sessions")


def replayed(topic: Topic) -> Topic:
    """Return the topic as the store reads it back: its events applied from nothing."""
    read: Any = None
    for e in topic.collect_events():
        read = e.mutate(read)
    return read


def stages(topic: Topic) -> list[str]:
    return [step.stage.value for step in topic.standing_steps]


def test_a_proposal_goes_from_draft_to_closed_and_each_step_records_when_and_who() -> None:
    topic = board()
    with acting_as(Actor.staff("dan")):
        topic.take_step("drafted", title=" Fruit at lunch ", text="Every school serves fruit")
        assert (topic.proposal_title, topic.proposal_number) == ("Fruit at lunch", "")
        topic.take_step("tabled", number=" 2027-017 ", title="Fruit at every school lunch")
        topic.take_step("accepted", handler="Education Bureau")
        topic.take_step("answered", body="Education Bureau", summary="Fruit from March in 20 schools")
        topic.take_step("closed")
    assert stages(topic) == ["drafted", "tabled", "accepted", "answered", "closed"]
    assert (topic.proposal_number, topic.proposal_title) == ("2027-017", "Fruit at every school lunch")
    tabled = topic.standing_steps[1]
    assert tabled.details == {"number": "2027-017", "title": "Fruit at every school lunch",
                              "session": "2027 Two Sessions"}  # the topic's own session unless another is named
    assert {step.by for step in topic.proposal_steps} == {"dan"}
    assert topic.next_stages() == ()
    assert replayed(topic).proposal_steps == topic.proposal_steps


@pytest.mark.parametrize("ending, details", [
    ("merged", {"into": "2027-009"}),
    ("not_accepted", {"reason": "Already in the city's plan"}),
])
def test_a_tabled_proposal_may_be_merged_or_not_accepted_instead(ending: str, details: dict[str, str]) -> None:
    topic = board()
    with acting_as(Actor.staff("dan")):
        topic.take_step("tabled", number="2027-017", title="Fruit")
        topic.take_step(ending, **details)
    assert topic.proposal_stage is ProposalStage(ending)
    assert topic.standing_steps[-1].details == details


@pytest.mark.parametrize("before, step", [
    ([], "accepted"), ([], "answered"), ([], "closed"), ([], "merged"),
    (["tabled"], "closed"), (["tabled"], "tabled"), (["tabled", "not_accepted"], "answered"),
    (["tabled", "accepted"], "not_accepted"), (["tabled", "accepted", "answered", "closed"], "answered"),
])
def test_steps_out_of_order_are_refused(before: list[str], step: str) -> None:
    topic = board()
    details = {"number": "1", "title": "Fruit", "into": "2", "reason": "r", "body": "b", "summary": "s"}
    with acting_as(Actor.staff("dan")):
        for earlier in before:
            topic.take_step(earlier, **{k: v for k, v in details.items() if k in proposal_fields(earlier)})
        with pytest.raises(TransitionNotAllowed):
            topic.take_step(step, **{k: v for k, v in details.items() if k in proposal_fields(step)})
    assert stages(topic) == before


def proposal_fields(stage: str) -> set[str]:
    return {param.name for param in proposal_step(stage).params}


@pytest.mark.parametrize("step, details", [
    ("tabled", {"number": "", "title": "Fruit"}),
    ("drafted", {"title": "  "}),
    ("answered", {"body": "Education Bureau", "summary": ""}),
    ("tabled", {"number": "1", "title": "Fruit", "colour": "red"}),
    ("launched", {}),
    ("outcome", {"outcome": "free text is the old way"}),
])
def test_a_step_without_what_it_needs_is_refused(step: str, details: dict[str, str]) -> None:
    topic = board()
    with acting_as(Actor.staff("dan")), pytest.raises((InvalidValue, TransitionNotAllowed)):
        topic.take_step(step, **details)
    assert topic.proposal_steps == []


def test_a_step_is_corrected_by_a_later_event_that_says_who_and_why() -> None:
    topic = board()
    with acting_as(Actor.staff("dan")):
        topic.take_step("tabled", number="2027-071", title="Fruit")
    with acting_as(Actor.staff("lin")):
        topic.correct_step(1, "the number was typed backwards", number="2027-017")
    step = topic.proposal_steps[0]
    assert step.details["number"] == "2027-017" and step.details["title"] == "Fruit"
    assert topic.proposal_number == "2027-017"
    assert [(c.by, c.reason, c.withdrawn) for c in step.corrections] == [("lin", "the number was typed backwards", False)]
    assert replayed(topic).proposal_steps == topic.proposal_steps


def test_a_correction_needs_a_reason_a_change_and_a_standing_step() -> None:
    topic = board()
    with acting_as(Actor.staff("dan")):
        topic.take_step("tabled", number="2027-017", title="Fruit")
        with pytest.raises(InvalidValue):
            topic.correct_step(1, "  ", number="2027-018")
        with pytest.raises(InvalidValue):
            topic.correct_step(1, "no change", number="2027-017")
        with pytest.raises(InvalidValue):
            topic.correct_step(2, "no such step", note="x")
        with pytest.raises(InvalidValue):
            topic.correct_step(1, "blank number", number="")
    assert topic.proposal_steps[0].corrections == ()


def test_a_wrongly_recorded_step_is_withdrawn_and_the_one_before_stands_again() -> None:
    topic = board()
    with acting_as(Actor.staff("dan")):
        topic.take_step("tabled", number="2027-017", title="Fruit")
        topic.take_step("not_accepted", reason="misread the letter")
        with pytest.raises(TransitionNotAllowed, match="latest"):
            topic.withdraw_step(1, "only the latest may go")
        topic.withdraw_step(2, "the letter said it was accepted")
        assert topic.proposal_stage is P.TABLED
        topic.take_step("accepted", handler="Education Bureau")
    assert [(s.stage.value, s.withdrawn) for s in topic.proposal_steps] == [
        ("tabled", False), ("not_accepted", True), ("accepted", False)]
    assert topic.proposal_steps[1].corrections[0].reason == "the letter said it was accepted"
    assert replayed(topic).proposal_steps == topic.proposal_steps


def test_withdrawing_the_tabling_takes_the_number_away() -> None:
    topic = board()
    with acting_as(Actor.staff("dan")):
        topic.take_step("drafted", title="Fruit")
        topic.take_step("tabled", number="2027-017", title="Fruit at lunch")
        topic.withdraw_step(2, "tabled on the wrong topic")
    assert (topic.proposal_number, topic.proposal_title, topic.proposal_stage) == ("", "Fruit", P.DRAFTED)


def test_an_outcome_of_an_old_store_reads_as_the_free_text_it_was_and_may_be_closed_after() -> None:
    topic = board()
    with acting_as(Actor.staff("dan")):
        topic.table_proposal("No. 0042", "Healthier school lunches")
        topic.record_outcome("Adopted by the city")
        assert topic.proposal_stage is P.OUTCOME and topic.outcome == "Adopted by the city"
        topic.correct_step(2, "a typo", outcome="Adopted by the city council")
        topic.take_step("closed")
    assert topic.outcome == "Adopted by the city council"
    assert stages(topic) == ["tabled", "outcome", "closed"]


def test_every_stage_has_its_words_and_every_offered_step_can_be_reached() -> None:
    assert {step.stage for step in PROPOSAL_STEPS} == set(ProposalStage)
    reachable = {stage for following in NEXT.values() for stage in following}
    assert {step.stage for step in PROPOSAL_STEPS if step.offered} == reachable
