"""Topics, venues and staff members: their rules, and ids that come from natural keys."""

from __future__ import annotations

from uuid import uuid4

import pytest

from domain.errors import InvalidValue, TransitionNotAllowed
from domain.staff import StaffMember, staff_id
from domain.topic import Topic, topic_id
from domain.values import Role, VenueKind
from domain.venue import Venue, venue_id

BODY = uuid4()


def nutrition() -> Topic:
    return Topic.open("school-nutrition", "School nutrition", "2026 Two Sessions")


# -- topics ------------------------------------------------------------------


def test_a_topic_is_opened_with_a_tidy_slug_and_a_deterministic_id() -> None:
    topic = Topic.open("  School-Nutrition ", " School nutrition ", " 2026 Two Sessions ", " Lunches ")
    assert (topic.slug, topic.name, topic.session, topic.description) == (
        "school-nutrition",
        "School nutrition",
        "2026 Two Sessions",
        "Lunches",
    )
    assert topic.id == topic_id("school-nutrition") == topic_id("School-Nutrition")
    assert topic.id == nutrition().id


@pytest.mark.parametrize("slug, name", [("", "School nutrition"), ("nutrition", "  "), (" ", "")])
def test_a_topic_needs_a_slug_and_a_name(slug: str, name: str) -> None:
    with pytest.raises(InvalidValue):
        Topic.open(slug, name, "2026 Two Sessions")


def test_suggestions_attach_once_and_detach() -> None:
    topic, first, second = nutrition(), uuid4(), uuid4()
    topic.attach(first)
    topic.attach(second)
    topic.attach(first)
    assert topic.suggestion_ids == [first, second]
    topic.detach(first)
    assert topic.suggestion_ids == [second]
    attached = [e for e in topic.collect_events() if isinstance(e, Topic.SuggestionAttached)]
    assert len(attached) == 2


def test_a_suggestion_not_on_the_topic_cannot_be_detached() -> None:
    topic = nutrition()
    topic.attach(uuid4())
    with pytest.raises(InvalidValue, match="not on this topic"):
        topic.detach(uuid4())
    assert len(topic.suggestion_ids) == 1


def test_deputies_join_once() -> None:
    topic = nutrition()
    topic.join("dan")
    topic.join("dan")
    topic.join("lin")
    assert topic.deputies == ["dan", "lin"]
    assert topic.version == 3


def test_a_proposal_is_tabled_once_with_its_official_number() -> None:
    topic = nutrition()
    topic.table_proposal(" No. 0042 ", " Healthier school lunches ")
    assert (topic.proposal_number, topic.proposal_title) == ("No. 0042", "Healthier school lunches")
    with pytest.raises(TransitionNotAllowed, match="No. 0042"):
        topic.table_proposal("No. 0043", "Another")
    assert topic.proposal_number == "No. 0042"


@pytest.mark.parametrize("number, title", [("", "Healthier lunches"), ("No. 1", "  "), ("  ", "")])
def test_a_proposal_needs_a_number_and_a_title(number: str, title: str) -> None:
    topic = nutrition()
    with pytest.raises(InvalidValue):
        topic.table_proposal(number, title)
    assert topic.proposal_number == ""


def test_an_outcome_comes_only_after_a_tabled_proposal() -> None:
    topic = nutrition()
    with pytest.raises(TransitionNotAllowed, match="table a proposal"):
        topic.record_outcome("Adopted by the city")
    topic.table_proposal("No. 0042", "Healthier school lunches")
    with pytest.raises(InvalidValue):
        topic.record_outcome("   ")
    topic.record_outcome(" Adopted by the city ")
    assert topic.outcome == "Adopted by the city"


# -- venues ------------------------------------------------------------------


def test_a_venue_is_registered_open_under_a_deterministic_id() -> None:
    venue = Venue.register(" Huadu-Board ", VenueKind.MESSAGE_BOARD, " Huadu Message Board ", " Huaqiao ")
    assert (venue.slug, venue.kind, venue.name, venue.district, venue.is_open) == (
        "huadu-board",
        VenueKind.MESSAGE_BOARD,
        "Huadu Message Board",
        "Huaqiao",
        True,
    )
    assert venue.id == venue_id("huadu-board") == venue_id("HUADU-BOARD ")
    assert venue.id != topic_id("huadu-board") != staff_id("huadu-board")


@pytest.mark.parametrize("slug, name", [("", "Huadu"), ("huadu", ""), ("  ", "  ")])
def test_a_venue_needs_a_slug_and_a_name(slug: str, name: str) -> None:
    with pytest.raises(InvalidValue):
        Venue.register(slug, VenueKind.PARK, name)


@pytest.mark.parametrize("kind", list(VenueKind), ids=lambda kind: kind.value)
def test_only_responsible_bodies_and_hospitals_answer(kind: VenueKind) -> None:
    venue = Venue.register("somewhere", kind, "Somewhere")
    assert venue.can_answer is (kind in (VenueKind.BODY, VenueKind.HOSPITAL))


def test_a_venue_can_be_renamed_but_not_to_nothing() -> None:
    venue = Venue.register("huadu", VenueKind.COMMUNITY, "Huadu")
    venue.rename(" Huadu Community ")
    assert venue.name == "Huadu Community"
    with pytest.raises(InvalidValue):
        venue.rename("  ")
    assert venue.name == "Huadu Community"


def test_closing_a_venue_is_recorded_once() -> None:
    venue = Venue.register("old-park", VenueKind.PARK, "Old Park")
    venue.close()
    venue.close()
    assert venue.is_open is False
    assert [type(e).__name__ for e in venue.collect_events()] == ["Registered", "Closed"]


def test_a_venue_may_belong_to_a_parent() -> None:
    community = Venue.register("huadu", VenueKind.COMMUNITY, "Huadu")
    board = Venue.register("huadu-board", VenueKind.MESSAGE_BOARD, "Board", parent_id=community.id)
    assert board.parent_id == community.id


# -- staff -------------------------------------------------------------------


def test_a_staff_member_is_registered_under_a_lower_case_username_and_deterministic_id() -> None:
    member = StaffMember.register(" Mona ", "")
    assert (member.username, member.display_name, member.roles) == ("mona", "mona", {})
    assert member.id == staff_id("mona") == staff_id("MONA")


@pytest.mark.parametrize("username", ["", "m", "mona lisa", "-mona", "mona!", "x" * 41, "莫娜"])
def test_a_username_is_short_plain_and_lower_case(username: str) -> None:
    with pytest.raises(InvalidValue):
        StaffMember.register(username)


def test_roles_are_granted_and_revoked() -> None:
    member = StaffMember.register("dan")
    member.grant(Role.DEPUTY)
    member.grant(Role.MODERATOR)
    assert member.has_role(Role.DEPUTY) and member.has_role(Role.MODERATOR)
    member.revoke(Role.DEPUTY)
    assert not member.has_role(Role.DEPUTY)
    assert member.has_role(Role.AUDITOR, Role.MODERATOR)
    assert [type(e).__name__ for e in member.collect_events()] == [
        "Registered",
        "RoleGranted",
        "RoleGranted",
        "RoleRevoked",
    ]


def test_granting_a_role_twice_records_it_once() -> None:
    member = StaffMember.register("mona")
    member.grant(Role.MODERATOR)
    member.grant(Role.MODERATOR)
    assert member.version == 2


def test_an_official_answers_for_the_body_named_in_the_role() -> None:
    member = StaffMember.register("olga")
    member.grant(Role.OFFICIAL, BODY)
    assert member.body_id == BODY
    other = uuid4()
    member.grant(Role.OFFICIAL, other)
    assert member.body_id == other
    member.revoke(Role.OFFICIAL)
    assert member.body_id is None


def test_an_official_needs_a_body() -> None:
    member = StaffMember.register("olga")
    with pytest.raises(InvalidValue, match="body"):
        member.grant(Role.OFFICIAL)
    assert not member.has_role(Role.OFFICIAL)


@pytest.mark.parametrize("role", [role for role in Role if role is not Role.OFFICIAL], ids=lambda r: r.value)
def test_only_officials_are_bound_to_a_body(role: Role) -> None:
    member = StaffMember.register("mona")
    with pytest.raises(InvalidValue, match="only officials"):
        member.grant(role, BODY)
    assert not member.has_role(role)


def test_revoking_a_role_the_member_does_not_have_is_refused() -> None:
    member = StaffMember.register("mona")
    member.grant(Role.MODERATOR)
    with pytest.raises(InvalidValue, match="does not have the role deputy"):
        member.revoke(Role.DEPUTY)
    assert member.has_role(Role.MODERATOR) and member.version == 2
