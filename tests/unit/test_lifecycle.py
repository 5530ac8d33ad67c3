"""The suggestion lifecycle of DESIGN §2, command by command and status by status."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import uuid4

import pytest

from domain.actors import SYSTEM_ACTOR, Actor, acting_as
from domain.base import Root
from domain.codes import new_ref
from domain.errors import ExplanationRequired, InvalidValue, TransitionNotAllowed
from domain.staff import StaffMember
from domain.suggestion import Suggestion
from domain.topic import Topic
from domain.values import (
    HOSPITAL_ASPECTS,
    AgeBand,
    Category,
    Channel,
    Decision,
    Reaction,
    Status,
)
from domain.venue import Venue

BODY = uuid4()
OTHER_BODY = uuid4()
HOSPITAL = uuid4()
TOPIC = uuid4()
DUE = date(2030, 6, 1)
LATER = date(2030, 9, 1)


def new_item(
    channel: Channel = Channel.WEB,
    venue_id=None,  # noqa: ANN001
    text: str = "Please put more swings in the park",
    ratings: dict[str, int] | None = None,
) -> Suggestion:
    return Suggestion.submit(
        item_id=uuid4(),
        ref=new_ref(),
        channel=channel,
        venue_id=venue_id,
        category=Category.SPACES,
        age_band=AgeBand.AGE_9_11,
        text=text,
        ratings=ratings,
        answer_due=DUE,
    )


Step = Callable[[Suggestion], None]


def accept(item: Suggestion) -> None:
    item.accept()


def forward(item: Suggestion) -> None:
    item.forward(BODY, DUE)


def answer_with(decision: Decision) -> Step:
    def answer(item: Suggestion) -> None:
        item.answer(decision, "The Parks Bureau reviewed it.", "We read your idea and here is what we decided.")

    return answer


def react_unhappy(item: Suggestion) -> None:
    item.react(Reaction.UNHAPPY)


def progress(item: Suggestion) -> None:
    item.record_progress(40, "The swings are ordered.")


def implement(item: Suggestion) -> None:
    item.mark_implemented("Photo of the new swings, opened 1 June")


def decline(item: Suggestion) -> None:
    item.decline("not about children's lives", "This idea is not something we can work on here.")


def merge(item: Suggestion) -> None:
    item.merge_into(item_in("under_review"))


def withdraw(item: Suggestion) -> None:
    item.withdraw()


ADOPTED, PARTLY, NOT_ADOPTED = Decision.ADOPTED, Decision.PARTLY_ADOPTED, Decision.NOT_ADOPTED
ANSWERED_PATH = [accept, forward]

# Each state is reached by the real aggregate methods, and lands on a status.
STATES: dict[str, tuple[list[Step], Status]] = {
    "submitted": ([], Status.SUBMITTED),
    "under_review": ([accept], Status.UNDER_REVIEW),
    "forwarded": ([accept, forward], Status.FORWARDED),
    "answered_adopted": ([*ANSWERED_PATH, answer_with(ADOPTED)], Status.ANSWERED),
    "answered_partly_adopted": ([*ANSWERED_PATH, answer_with(PARTLY)], Status.ANSWERED),
    # The child has said they are unhappy, so reconsideration is possible here.
    "answered_not_adopted": ([*ANSWERED_PATH, answer_with(NOT_ADOPTED), react_unhappy], Status.ANSWERED),
    "in_progress": ([*ANSWERED_PATH, answer_with(ADOPTED), progress], Status.IN_PROGRESS),
    "implemented": ([*ANSWERED_PATH, answer_with(ADOPTED), implement], Status.IMPLEMENTED),
    "declined": ([decline], Status.DECLINED),
    "merged": ([merge], Status.MERGED),
    "withdrawn": ([withdraw], Status.WITHDRAWN),
}


def item_in(state: str) -> Suggestion:
    """Return a fresh item driven into ``state`` by the aggregate's own commands."""
    steps, status = STATES[state]
    item = new_item()
    for step in steps:
        step(item)
    assert item.status is status
    return item


COMMANDS: dict[str, Step] = {
    "accept": accept,
    "decline": decline,
    "merge": merge,
    "assign_topic": lambda item: item.assign_topic(TOPIC),
    "forward": lambda item: item.forward(OTHER_BODY, LATER),
    "answer_adopted": answer_with(ADOPTED),
    "answer_partly_adopted": answer_with(PARTLY),
    "answer_not_adopted": answer_with(NOT_ADOPTED),
    "record_progress": progress,
    "mark_implemented": implement,
    "react": lambda item: item.react(Reaction.OKAY, "thank you"),
    "request_reconsideration": lambda item: item.request_reconsideration(),
    "withdraw": withdraw,
}

S = Status
REVIEWABLE = {"under_review": S.ANSWERED, "forwarded": S.ANSWERED}
ACTED_ON = ("answered_adopted", "answered_partly_adopted", "in_progress")
NOT_FINAL = [state for state, (_, status) in STATES.items() if status not in
             (S.IMPLEMENTED, S.DECLINED, S.MERGED, S.WITHDRAWN)]

# The contract: every allowed (command, state) and the status it leads to.
ALLOWED: dict[str, dict[str, Status]] = {
    "accept": {"submitted": S.UNDER_REVIEW},
    "decline": {"submitted": S.DECLINED},
    "merge": {"submitted": S.MERGED, "under_review": S.MERGED},
    "assign_topic": {  # open items, and answered or implemented ones as a proposal's evidence
        "under_review": S.UNDER_REVIEW, "forwarded": S.FORWARDED, "answered_adopted": S.ANSWERED,
        "answered_partly_adopted": S.ANSWERED, "answered_not_adopted": S.ANSWERED, "in_progress": S.IN_PROGRESS,
        "implemented": S.IMPLEMENTED,
    },
    "forward": {"under_review": S.FORWARDED, "forwarded": S.FORWARDED},
    "answer_adopted": REVIEWABLE,
    "answer_partly_adopted": REVIEWABLE,
    "answer_not_adopted": REVIEWABLE,
    "record_progress": dict.fromkeys(ACTED_ON, S.IN_PROGRESS),
    "mark_implemented": dict.fromkeys(ACTED_ON, S.IMPLEMENTED),
    "react": {
        "answered_adopted": S.ANSWERED,
        "answered_partly_adopted": S.ANSWERED,
        "answered_not_adopted": S.ANSWERED,
        "in_progress": S.IN_PROGRESS,
        "implemented": S.IMPLEMENTED,
        "declined": S.DECLINED,
    },
    "request_reconsideration": {"answered_not_adopted": S.UNDER_REVIEW},
    "withdraw": dict.fromkeys(NOT_FINAL, S.WITHDRAWN),
}

ALLOWED_CASES = [
    pytest.param(command, state, id=f"{command}-when-{state}")
    for command in COMMANDS
    for state in STATES
    if state in ALLOWED[command]
]
REFUSED_CASES = [
    pytest.param(command, state, id=f"{command}-when-{state}")
    for command in COMMANDS
    for state in STATES
    if state not in ALLOWED[command]
]


def test_the_table_covers_every_status_and_every_decision() -> None:
    assert {status for _, status in STATES.values()} == set(Status)
    assert {f"answer_{decision.value}" for decision in Decision} <= set(COMMANDS)
    assert set(ALLOWED) == set(COMMANDS)


def test_the_final_statuses_are_implemented_declined_merged_and_withdrawn() -> None:
    assert {status for status in Status if status.is_final} == {
        S.IMPLEMENTED,
        S.DECLINED,
        S.MERGED,
        S.WITHDRAWN,
    }


@pytest.mark.parametrize("command, state", ALLOWED_CASES)
def test_an_allowed_step_lands_on_the_status_of_the_design(command: str, state: str) -> None:
    item = item_in(state)
    version = item.version
    COMMANDS[command](item)
    assert item.status is ALLOWED[command][state]
    assert item.version > version


@pytest.mark.parametrize("command, state", REFUSED_CASES)
def test_every_other_step_is_refused_and_changes_nothing(command: str, state: str) -> None:
    item = item_in(state)
    status, version = item.status, item.version
    with pytest.raises(TransitionNotAllowed):
        COMMANDS[command](item)
    assert item.status is status
    assert item.version == version


# -- actors ---------------------------------------------------------------

ACTORS = [
    pytest.param(Actor.staff("mona"), id="staff"),
    pytest.param(Actor.child(), id="child"),
    pytest.param(Actor.facilitator("fay"), id="facilitator"),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("command, state", ALLOWED_CASES)
def test_every_event_records_who_acted(command: str, state: str, actor: Actor) -> None:
    item = item_in(state)
    item.collect_events()
    with acting_as(actor):
        COMMANDS[command](item)
    events = item.collect_events()
    assert events
    assert [event.actor for event in events] == [actor] * len(events)


@pytest.mark.parametrize("actor", ACTORS)
def test_a_submission_records_who_filed_it(actor: Actor) -> None:
    with acting_as(actor):
        item = new_item()
    (submitted,) = item.collect_events()
    assert submitted.actor == actor


def test_without_an_actor_in_context_the_system_is_recorded() -> None:
    item = new_item()
    item.accept()
    assert [event.actor for event in item.collect_events()] == [SYSTEM_ACTOR, SYSTEM_ACTOR]


def test_the_actor_is_restored_after_the_block() -> None:
    with acting_as(Actor.staff("mona")):
        with acting_as(Actor.child()):
            pass
        item = new_item()
    item.accept()
    assert [event.actor for event in item.collect_events()] == [Actor.staff("mona"), SYSTEM_ACTOR]


def event_classes() -> list[type]:
    return [
        value
        for aggregate in (Suggestion, Topic, Venue, StaffMember)
        for value in vars(aggregate).values()
        if isinstance(value, type) and issubclass(value, Root.Event)
        and value.__name__ not in ("Event", "Created")
    ]


@pytest.mark.parametrize("cls", event_classes(), ids=lambda cls: cls.__qualname__)
def test_every_event_class_declares_its_class_version(cls: type) -> None:
    declared = [k for k in cls.__mro__ if "class_version" in vars(k) and k.__module__.startswith("domain.")]
    assert declared, f"{cls.__qualname__} inherits no class_version declared by the domain"
    assert isinstance(cls.class_version, int) and cls.class_version >= 1
    assert "actor" in {f for f in cls.__dataclass_fields__}


# -- one rule at a time ------------------------------------------------------


@pytest.mark.parametrize("state", ["under_review", "forwarded"])
def test_assigning_a_topic_keeps_the_status(state: str) -> None:
    item = item_in(state)
    item.assign_topic(TOPIC)
    assert item.status is STATES[state][1]
    assert item.topic_id == TOPIC


def test_forwarding_again_re_routes_the_item() -> None:
    item = item_in("forwarded")
    item.forward(OTHER_BODY, LATER)
    assert (item.status, item.body_id, item.forward_due) == (S.FORWARDED, OTHER_BODY, LATER)
    forwards = [e for e in item.collect_events() if isinstance(e, Suggestion.Forwarded)]
    assert [(e.body_id, e.due) for e in forwards] == [(BODY, DUE), (OTHER_BODY, LATER)]


@pytest.mark.parametrize("due", ["2030-06-01", None, 20300601])
def test_a_forward_needs_a_real_due_date(due: object) -> None:
    item = item_in("under_review")
    with pytest.raises(InvalidValue):
        item.forward(BODY, due)  # type: ignore[arg-type]
    assert item.status is S.UNDER_REVIEW


BLANK = [
    pytest.param("", id="empty"),
    pytest.param("   ", id="spaces"),
    pytest.param("\n\t ", id="whitespace"),
    pytest.param(None, id="none"),
]


@pytest.mark.parametrize("decision", list(Decision), ids=lambda d: d.value)
@pytest.mark.parametrize("explanation", BLANK)
def test_an_answer_without_an_explanation_a_child_can_read_is_refused(
    explanation: str | None, decision: Decision
) -> None:
    item = item_in("forwarded")
    version = item.version
    with pytest.raises(ExplanationRequired, match="explanation"):
        item.answer(decision, "The bureau's official response.", explanation)  # type: ignore[arg-type]
    assert (item.status, item.version, item.decision) == (S.FORWARDED, version, None)


@pytest.mark.parametrize("response", BLANK)
def test_an_answer_without_an_official_response_is_refused(response: str | None) -> None:
    item = item_in("forwarded")
    version = item.version
    with pytest.raises(ExplanationRequired, match="response"):
        item.answer(Decision.ADOPTED, response, "We will build it.")  # type: ignore[arg-type]
    assert (item.status, item.version) == (S.FORWARDED, version)


@pytest.mark.parametrize("explanation", BLANK)
def test_declining_without_an_explanation_a_child_can_read_is_refused(explanation: str | None) -> None:
    item = new_item()
    with pytest.raises(ExplanationRequired, match="explanation"):
        item.decline("spam", explanation)  # type: ignore[arg-type]
    assert (item.status, item.version) == (S.SUBMITTED, 1)


@pytest.mark.parametrize("reason", BLANK)
def test_declining_without_a_reason_is_refused(reason: str | None) -> None:
    item = new_item()
    with pytest.raises(ExplanationRequired, match="reason"):
        item.decline(reason, "We cannot work on this one.")  # type: ignore[arg-type]
    assert (item.status, item.version) == (S.SUBMITTED, 1)


def test_the_words_of_an_answer_are_kept_without_surrounding_blanks() -> None:
    item = item_in("forwarded")
    item.answer(Decision.PARTLY_ADOPTED, "  Response.  ", "\n We will fix half of it. ")
    assert (item.decision, item.response, item.explanation) == (PARTLY, "Response.", "We will fix half of it.")


@pytest.mark.parametrize("percent", [-1, 101, 50.5, "50", True, None])
def test_progress_outside_0_to_100_or_not_a_whole_number_is_refused(percent: object) -> None:
    item = item_in("answered_adopted")
    with pytest.raises(InvalidValue):
        item.record_progress(percent, "halfway")  # type: ignore[arg-type]
    assert (item.status, item.progress) == (S.ANSWERED, None)


@pytest.mark.parametrize("percent", [0, 1, 99, 100])
def test_progress_from_0_to_100_is_recorded(percent: int) -> None:
    item = item_in("answered_adopted")
    item.record_progress(percent, "working on it")
    assert (item.status, item.progress, item.progress_note) == (S.IN_PROGRESS, percent, "working on it")


def test_progress_needs_a_note() -> None:
    item = item_in("answered_adopted")
    with pytest.raises(ExplanationRequired):
        item.record_progress(10, "  ")
    assert item.status is S.ANSWERED


@pytest.mark.parametrize("step", [progress, implement], ids=["progress", "implemented"])
def test_an_idea_that_was_not_adopted_cannot_progress_or_be_implemented(step: Step) -> None:
    item = item_in("answered_not_adopted")
    with pytest.raises(TransitionNotAllowed, match="not adopted"):
        step(item)
    assert item.status is S.ANSWERED


@pytest.mark.parametrize("evidence", BLANK)
def test_implemented_without_evidence_is_refused(evidence: str | None) -> None:
    item = item_in("in_progress")
    with pytest.raises(ExplanationRequired, match="evidence"):
        item.mark_implemented(evidence)  # type: ignore[arg-type]
    assert item.status is S.IN_PROGRESS


@pytest.mark.parametrize("state", ["answered_adopted", "in_progress"])
def test_implemented_shows_the_evidence_and_full_progress(state: str) -> None:
    item = item_in(state)
    item.mark_implemented("Photo of the new swings")
    assert (item.status, item.progress, item.evidence) == (S.IMPLEMENTED, 100, "Photo of the new swings")


# -- the child's reaction and reconsideration ---------------------------------


def not_adopted_answer() -> Suggestion:
    item = item_in("forwarded")
    answer_with(NOT_ADOPTED)(item)
    return item


def test_an_unhappy_child_may_ask_once_and_the_item_is_reopened_for_review() -> None:
    item = not_adopted_answer()
    item.react(Reaction.UNHAPPY, "but the slide is broken")
    item.request_reconsideration()
    assert (item.status, item.decision, item.reconsideration_requested) == (S.UNDER_REVIEW, None, True)
    assert str(item.reaction_comment) == "but the slide is broken"


def test_reconsideration_is_possible_only_once() -> None:
    item = not_adopted_answer()
    item.react(Reaction.UNHAPPY)
    item.request_reconsideration()
    answer_with(NOT_ADOPTED)(item)
    item.react(Reaction.UNHAPPY)
    assert not item.can_reconsider
    with pytest.raises(TransitionNotAllowed, match="once"):
        item.request_reconsideration()
    assert (item.status, item.decision) == (S.ANSWERED, NOT_ADOPTED)


@pytest.mark.parametrize("decision", [ADOPTED, PARTLY], ids=lambda d: d.value)
def test_reconsideration_is_only_for_ideas_that_were_not_adopted(decision: Decision) -> None:
    item = item_in("forwarded")
    answer_with(decision)(item)
    item.react(Reaction.UNHAPPY)
    assert not item.can_reconsider
    with pytest.raises(TransitionNotAllowed):
        item.request_reconsideration()
    assert item.status is S.ANSWERED


@pytest.mark.parametrize("reaction", [None, Reaction.HAPPY, Reaction.OKAY], ids=str)
def test_reconsideration_needs_an_unhappy_reaction_first(reaction: Reaction | None) -> None:
    item = not_adopted_answer()
    if reaction:
        item.react(reaction)
    with pytest.raises(TransitionNotAllowed, match="unhappy"):
        item.request_reconsideration()
    assert item.status is S.ANSWERED


def test_a_reaction_keeps_the_childs_comment_and_a_blank_comment_is_none() -> None:
    item = item_in("answered_adopted")
    item.react(Reaction.HAPPY, "  yay!  ")
    assert (item.reaction, str(item.reaction_comment)) == (Reaction.HAPPY, "yay!")
    assert item.reaction_comment.owner == item.id
    item.react(Reaction.OKAY, "   ")
    assert (item.reaction, item.reaction_comment) == (Reaction.OKAY, None)


# -- withdrawal ------------------------------------------------------------


@pytest.mark.parametrize("state", STATES)
def test_a_child_may_withdraw_until_the_item_is_closed(state: str) -> None:
    item = item_in(state)
    if item.status.is_final:
        with pytest.raises(TransitionNotAllowed):
            item.withdraw()
        assert item.status is STATES[state][1]
    else:
        item.withdraw()
        assert item.status is S.WITHDRAWN


# -- merging ---------------------------------------------------------------


def test_an_item_cannot_be_merged_into_itself() -> None:
    item = new_item()
    with pytest.raises(InvalidValue, match="itself"):
        item.merge_into(item)
    assert (item.status, item.version) == (S.SUBMITTED, 1)


def test_no_event_of_an_item_holds_a_tracking_code_not_even_a_merge() -> None:
    duplicate, target = new_item(), item_in("forwarded")
    duplicate.merge_into(target)
    events = [*duplicate.collect_events(), *target.collect_events()]
    assert all("code" not in vars(event) for event in events)
    assert (duplicate.code, target.code) == (None, None)  # an item knows its code only when the child gave it


def test_a_merge_is_recorded_on_both_items() -> None:
    duplicate, target = new_item(), item_in("forwarded")
    target.collect_events()
    with acting_as(Actor.staff("mona")):
        duplicate.merge_into(target)
    assert (duplicate.status, duplicate.merged_into) == (S.MERGED, target.id)
    assert target.status is S.FORWARDED
    assert target.duplicates == [duplicate.id]
    merged = duplicate.collect_events()[-1]
    (listed,) = target.collect_events()
    assert isinstance(merged, Suggestion.Merged) and merged.into_id == target.id
    assert isinstance(listed, Suggestion.DuplicateMerged) and listed.duplicate_id == duplicate.id
    assert merged.actor == listed.actor == Actor.staff("mona")


@pytest.mark.parametrize("state", ["merged", "declined", "withdrawn"])
def test_nothing_can_be_merged_into_a_closed_item(state: str) -> None:
    item, target = new_item(), item_in(state)
    target_version = target.version
    with pytest.raises(TransitionNotAllowed, match="merge into"):
        item.merge_into(target)
    assert (item.status, item.version) == (S.SUBMITTED, 1)
    assert (target.version, target.duplicates) == (target_version, [])


@pytest.mark.parametrize(
    "state", ["submitted", "under_review", "forwarded", "answered_adopted", "in_progress", "implemented"]
)
def test_a_duplicate_may_be_merged_into_a_living_or_implemented_item(state: str) -> None:
    item, target = new_item(), item_in(state)
    item.merge_into(target)
    assert item.status is S.MERGED
    assert target.duplicates == [item.id]


# -- hospital reviews --------------------------------------------------------


def test_a_hospital_review_keeps_its_face_ratings() -> None:
    ratings = dict.fromkeys(HOSPITAL_ASPECTS, 4) | {"staff_kindness": 5}
    item = new_item(Channel.HOSPITAL_REVIEW, HOSPITAL, text="", ratings=ratings)
    assert item.ratings == ratings
    assert item.text.text == ""


@pytest.mark.parametrize("channel", [Channel.WEB, Channel.MESSAGE_BOARD, Channel.OBSERVATION_GROUP])
def test_only_hospital_reviews_carry_face_ratings(channel: Channel) -> None:
    with pytest.raises(InvalidValue, match="only hospital reviews"):
        new_item(channel, uuid4(), ratings={"waiting_room": 3})


@pytest.mark.parametrize(
    "ratings",
    [
        {"food": 3},
        {"waiting_room": 0},
        {"waiting_room": 6},
        {"waiting_room": 2.5},
        {"waiting_room": "3"},
        {"waiting_room": True},
        {"picture_books": 5, "staff_kindness": -1},
    ],
    ids=str,
)
def test_face_ratings_are_whole_numbers_from_1_to_5_on_known_aspects(ratings: dict) -> None:
    with pytest.raises(InvalidValue):
        new_item(Channel.HOSPITAL_REVIEW, HOSPITAL, ratings=ratings)


@pytest.mark.parametrize("channel", [Channel.MESSAGE_BOARD, Channel.OBSERVATION_GROUP, Channel.HOSPITAL_REVIEW])
def test_every_channel_but_the_web_needs_a_venue(channel: Channel) -> None:
    with pytest.raises(InvalidValue, match="venue"):
        new_item(channel, None)


@pytest.mark.parametrize("text", ["", "   \n"])
def test_an_idea_without_words_or_ratings_is_refused(text: str) -> None:
    with pytest.raises(InvalidValue, match="no words"):
        new_item(text=text)


def test_a_new_item_is_submitted_with_its_words_owned_by_the_item() -> None:
    item = new_item(text="  我想要更多的秋千 🎠  ")
    assert item.status is S.SUBMITTED
    assert (item.text.owner, item.text.text) == (item.id, "我想要更多的秋千 🎠")
    assert item.answer_due == DUE
