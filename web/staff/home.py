"""The staff home page: what the signed-in person can do, with counts from the projections."""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template
from flask_babel import gettext as _

from domain.staff import StaffMember
from domain.values import Role, Status
from projections import topic_board
from web.auth import current_staff, requires
from web.extensions import places
from web.staff import bp, reads


@dataclass(frozen=True)
class Card:
    """One thing the signed-in person can do, with how much of it waits."""

    title: str
    text: str
    endpoint: str
    count: int | None = None


def cards_for(member: StaffMember) -> list[Card]:
    """Return what ``member``'s roles let them do, with counts from the projections."""
    queue = reads.queue_for(member)
    cards = []
    if member.has_role(Role.FACILITATOR):
        cards.append(Card(_("Type in a paper note"), _("Enter a child's note from a board or a group session."),
                          "staff.new_entry"))
    if member.has_role(Role.MODERATOR):
        new = queue.count(status=Status.SUBMITTED.value)
        cards.append(Card(_("Moderation queue"), _("New items to accept, decline or merge."),
                          "staff.moderation_queue", new))
    if member.has_role(Role.DEPUTY):
        review = queue.count(status=Status.UNDER_REVIEW.value)
        cards.append(Card(_("Items under review"), _("Group, forward or answer accepted items."),
                          "staff.review_list", review))
        cards.append(Card(_("Topic boards"), _("The Two Sessions topics, their items and proposals."),
                          "staff.topics", len(topic_board.boards(reads.views()))))
    if member.has_role(Role.OFFICIAL) and member.body_id is not None:
        waiting = queue.count(body_id=member.body_id.hex, status=Status.FORWARDED.value)
        cards.append(Card(_("Inbox of %(body)s", body=places().venue_name(member.body_id)),
                          _("Items forwarded to your body, waiting for an answer."), "staff.inbox", waiting))
    if member.has_role(Role.MODERATOR, Role.DEPUTY, Role.OFFICIAL, Role.AUDITOR):
        overdue = queue.count(overdue=True)
        cards.append(Card(_("Dashboards"), _("Adoption rates, response times, overdue items, hospitals."),
                          "staff.dashboards", overdue))
    if member.has_role(Role.ADMIN):
        cards.append(Card(_("Staff accounts"), _("Add staff, grant and revoke roles, passwords and API tokens."),
                          "staff.staff_list"))
    if member.has_role(Role.SAFEGUARDING):
        cards.append(Card(_("Safeguarding"), _("Sealed cases: open one only when you must; each opening is recorded."),
                          "staff.safeguarding"))
    return cards


@bp.get("/")
@requires()
def home() -> str:
    """Show what the signed-in person can do, with counts."""
    member = current_staff()
    return render_template("staff/home.html", member=member, cards=cards_for(member))
