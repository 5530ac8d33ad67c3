"""Old events still read: upcasting through the application's own mapper, and lossless round trips."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.domain import event
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from domain.actors import Actor, acting_as
from domain.base import Root
from domain.codes import new_ref
from domain.reference import Reference
from domain.safeguarding import SafeguardingCase
from domain.staff import StaffMember
from domain.suggestion import Suggestion
from domain.topic import Topic
from domain.values import AgeBand, Category, Channel, Decision, Reaction, Role, VenueKind
from domain.venue import Venue
from feedback.application import FeedbackApp
from feedback.bootstrap import bootstrap
from feedback.catalogue import event_topics
from feedback.config import Settings


class Kite(Root):
    """A test-only aggregate whose events have moved on to version 2."""

    class Launched(Root.Created):
        class_version = 2
        name: str
        colour: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["colour"] = "red"

    @event(Launched)
    def __init__(self, name: str, colour: str) -> None:
        self.name = name
        self.colour = colour
        self.height = 0

    class Raised(Root.Event):
        class_version = 2
        metres: int
        wind: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["wind"] = "calm"

    @event(Raised)
    def raise_to(self, metres: int, wind: str) -> None:
        self.height = metres
        self.wind = wind


@pytest.fixture(scope="module")
def app() -> Iterator[FeedbackApp]:
    application = bootstrap(Settings(database_url="memory://")).suggestions
    yield application
    application.close()


def v1_json(**state: Any) -> bytes:
    """Return event state as version 1 of the code wrote it: no class_version key."""
    return json.dumps(state, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


TIMESTAMP = {"_type_": "datetime_iso", "_data_": "2025-03-01T08:30:00+00:00"}
CHILD = {"_type_": "actor", "_data_": {"kind": "child", "username": ""}}


def test_version_1_events_in_the_log_are_upcast_when_read(app: FeedbackApp) -> None:
    kite_id = uuid4()
    app.recorder.insert_events(
        [
            StoredEvent(
                originator_id=kite_id,
                originator_version=1,
                topic=get_topic(Kite.Launched),
                state=v1_json(timestamp=TIMESTAMP, originator_topic=get_topic(Kite), actor=CHILD, name="Swallow"),
            ),
            StoredEvent(
                originator_id=kite_id,
                originator_version=2,
                topic=get_topic(Kite.Raised),
                state=v1_json(timestamp=TIMESTAMP, actor=CHILD, metres=12),
            ),
        ]
    )

    kite = app.repository.get(kite_id)

    assert (kite.name, kite.colour, kite.height, kite.wind) == ("Swallow", "red", 12, "calm")
    launched, raised = (app.mapper.to_domain_event(e) for e in app.recorder.select_events(kite_id))
    assert (launched.colour, raised.wind) == ("red", "calm")
    assert launched.actor == raised.actor == Actor.child()


def test_a_proposal_tabled_before_sessions_were_recorded_reads_at_its_topics_session(app: FeedbackApp) -> None:
    topic = Topic.open("old-proposal", "Old proposal", "2026 Two Sessions")
    app.save(topic)
    deputy = {"_type_": "actor", "_data_": {"kind": "staff", "username": "dan"}}
    app.recorder.insert_events([StoredEvent(
        originator_id=topic.id, originator_version=2, topic=get_topic(Topic.ProposalTabled),
        state=v1_json(timestamp=TIMESTAMP, actor=deputy, number="No. 0042", title="Healthier lunches"),
    )])

    read = app.repository.get(topic.id)

    assert (read.proposal_number, read.proposal_title) == ("No. 0042", "Healthier lunches")
    [step] = read.proposal_steps
    assert (step.stage.value, step.by) == ("tabled", "dan")
    assert step.details == {"number": "No. 0042", "title": "Healthier lunches", "session": "2026 Two Sessions"}


def test_version_2_events_are_stored_with_their_version_and_not_upcast_again(app: FeedbackApp) -> None:
    kite = Kite(name="Eagle", colour="blue")
    kite.raise_to(30, "gusty")
    app.save(kite)

    stored = app.recorder.select_events(kite.id)

    assert [json.loads(e.state)["class_version"] for e in stored] == [2, 2]
    again = app.repository.get(kite.id)
    assert (again.colour, again.height, again.wind) == ("blue", 30, "gusty")


def test_asking_again_before_version_2_keeps_the_first_answer_date(app: FeedbackApp) -> None:
    stored = v1_json(timestamp=TIMESTAMP, actor=CHILD)
    event = app.mapper.to_domain_event(StoredEvent(
        originator_id=uuid4(), originator_version=9, topic=get_topic(Suggestion.ReconsiderationRequested),
        state=stored))
    assert event.answer_due is None

    def asked_again(new_day: date | None) -> Suggestion:
        with acting_as(Actor.child()):
            idea = Suggestion.submit(item_id=uuid4(), ref=new_ref(), channel=Channel.WEB, venue_id=None,
                                     category=Category.SPACES, age_band=AgeBand.AGE_6_8, text="秋千", answer_due=DUE)
        with acting_as(Actor.staff("mona")):
            idea.accept()
            idea.answer(Decision.NOT_ADOPTED, "No.", "Not this year.")
        with acting_as(Actor.child()):
            idea.react(Reaction.UNHAPPY)
            idea.request_reconsideration(new_day)
        return idea

    assert asked_again(None).answer_due == DUE  # as version 1 did: no new day
    again = asked_again(date(2030, 7, 1))
    assert (again.answer_due, again.due, again.due_given_to_body) == (date(2030, 7, 1), date(2030, 7, 1), False)


# -- every domain event survives the trip through the store's format ----------

DUE = date(2030, 6, 1)


def sample_events() -> list[Any]:
    """Drive every aggregate through every command it has; return all events."""
    with acting_as(Actor.staff("mona")):
        body = Venue.register("health-commission", VenueKind.BODY, "Health Commission", "Yushan")
        hospital = Venue.register("first-hospital", VenueKind.HOSPITAL, "First Hospital", parent_id=body.id)
        hospital.rename("First People's Hospital")
        hospital.close()
        topic = Topic.open("school-nutrition", "School nutrition", "2026 Two Sessions", "Lunches")
        topic.join("dan")
        topic.give_names({"zh-Hans": "学校营养餐", "zh-Hant": "學校營養餐", "en": "School nutrition"})
        body.give_names({"zh-Hans": "昆山市卫生健康委员会"}, {"zh-Hans": "玉山镇", "en": "Yushan"})
        staff = StaffMember.register("olga", "Olga")
        staff.grant(Role.OFFICIAL, body.id)
        staff.grant(Role.AUDITOR)
        staff.revoke(Role.AUDITOR)

    def submit(**kwargs: Any) -> Suggestion:
        defaults: dict[str, Any] = dict(
            item_id=uuid4(),
            ref=new_ref(),
            channel=Channel.WEB,
            venue_id=None,
            category=Category.SPACES,
            age_band=AgeBand.AGE_6_8,
            text="我想要一个秋千 🎠",
            answer_due=DUE,
        )
        with acting_as(Actor.child()):
            return Suggestion.submit(**(defaults | kwargs))

    review = submit(
        channel=Channel.HOSPITAL_REVIEW,
        venue_id=hospital.id,
        title="医院的等候室",
        ratings={"waiting_room": 2, "staff_kindness": 5},
        category=Category.SERVICES,
    )
    idea, duplicate, declined, withdrawn, legacy = submit(), submit(), submit(), submit(), submit()
    index = Reference(ref=idea.ref, item_id=idea.id)
    legacy.ref = None  # as an item filed before references reads (its Submitted was version 1)
    with acting_as(Actor(kind="system")):
        legacy.give_ref(new_ref())
    with acting_as(Actor.staff("mona")):
        idea.accept()
        duplicate.merge_into(idea)
        declined.decline("off topic", "This is not something the city can change.")
        idea.assign_topic(topic.id)
        idea.remove_topic()
        idea.assign_topic(topic.id)
        topic.attach(idea.id)
        topic.attach(review.id)
        topic.detach(review.id)
        topic.table_proposal("No. 0042", "Healthier lunches")
        topic.record_outcome("Adopted")
        idea.forward(body.id, DUE)
        idea.answer(Decision.NOT_ADOPTED, "No budget.", "We cannot do it this year.")
    with acting_as(Actor.child()):
        idea.react(Reaction.UNHAPPY, "可是滑梯坏了 😢")
        idea.request_reconsideration(date(2030, 7, 1))
    with acting_as(Actor.staff("olga")):
        idea.answer(Decision.PARTLY_ADOPTED, "Half of it.", "We will fix the slide.")
        idea.record_progress(50, "ordered")
        idea.mark_implemented("photo")
        idea.attach_photo(uuid4(), "ab" * 32, 1024, "image/jpeg", 640, 480)
    with acting_as(Actor.facilitator("fay")):
        idea.react(Reaction.HAPPY)
        withdrawn.withdraw()
    with acting_as(Actor.staff("mona")):
        review.hold_for_privacy(["phone", "name"])
        review.redact("医院的等候室需要更多绘本", None)
        review.hold_for_privacy(["email"])
        review.release()
    with acting_as(Actor.child()):
        review.give_contact("妈妈的电话 138 0000 0000", guardian="mother")
        review.refer_to_safeguarding("child_asked")
    case = SafeguardingCase(item_id=review.id, reason="child_asked")
    with acting_as(Actor.staff("sam")):
        case.view("sam")
        case.close("Talked with the school social worker.")
    with acting_as(Actor.child()):
        idea.react(Reaction.OKAY, "call 13900001111")
        idea.hold_comment(idea.version, ["phone"])
        idea.redact_comment(idea.version - 1, "call [removed]")
        idea.react(Reaction.OKAY, "my name is Li Lei")
        idea.hold_comment(idea.version, ["name"])
        idea.release_comment(idea.version - 1)
        idea.react(Reaction.UNHAPPY, "someone hurts me")
        idea.seal_comment(idea.version)
        case.refer_again("detected")
    with acting_as(Actor.staff("adam")):
        review.record_erasure("the child asked")
    carried, merged = Topic.open("safe-roads", "Safe roads", "2027"), Topic.open("parks", "Parks", "2027")
    with acting_as(Actor.staff("dan")):
        carried.take_step("drafted", title="Safer crossings", text="Lollipop ladies at every school")
        carried.take_step("tabled", number="2027-12", title="Safer crossings", session="2027 Two Sessions")
        carried.take_step("accepted", handler="Transport Bureau")
        carried.correct_step(3, "the handling body was misread", handler="Public Security Bureau")
        carried.take_step("answered", body="Public Security Bureau", summary="Crossings at 12 schools")
        carried.take_step("closed", note="")
        merged.take_step("tabled", number="2027-13", title="More parks")
        merged.take_step("merged", into="2027-09")
        merged.withdraw_step(2, "recorded on the wrong topic")
        merged.take_step("not_accepted", reason="Already in the city plan")
    aggregates = [body, hospital, topic, carried, merged, staff, review, idea, duplicate, declined, withdrawn, case, index, legacy]
    return [e for aggregate in aggregates for e in aggregate.collect_events()]


SAMPLES = sample_events()
AGGREGATES = (Suggestion, Topic, Venue, StaffMember, SafeguardingCase, Reference)
# The aggregates' own Event and Created bases are never triggered themselves.
DECLARED = sorted(t for t in event_topics(*AGGREGATES) if not t.endswith((".Event", ".Created")))


@pytest.mark.parametrize("topic", DECLARED)
def test_every_event_class_round_trips_through_the_mapper_unchanged(app: FeedbackApp, topic: str) -> None:
    samples = [e for e in SAMPLES if get_topic(type(e)) == topic]
    assert samples, f"no sample event of {topic}: extend sample_events()"
    for original in samples:
        stored = app.mapper.to_stored_event(original)
        back = app.mapper.to_domain_event(stored)
        assert type(back) is type(original)
        assert back == original
        assert vars(back) == vars(original)


@pytest.mark.parametrize("aggregate", AGGREGATES, ids=lambda cls: cls.__name__)
def test_every_aggregate_reads_back_as_it_was_saved(app: FeedbackApp, aggregate: type) -> None:
    by_id: dict[UUID, list[Any]] = {}
    for e in SAMPLES:
        if get_topic(type(e)).startswith(get_topic(aggregate) + "."):
            by_id.setdefault(e.originator_id, []).append(e)
    assert by_id
    for aggregate_id, events in by_id.items():
        app.recorder.insert_events([app.mapper.to_stored_event(e) for e in events])
        replayed_here = None
        for e in events:
            replayed_here = e.mutate(replayed_here)
        read_back = app.repository.get(aggregate_id)
        assert vars(read_back) == vars(replayed_here)
