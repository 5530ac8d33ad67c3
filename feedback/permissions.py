"""Which staff role may take which step on an item."""

from __future__ import annotations

from domain.staff import StaffMember
from domain.suggestion import Suggestion
from domain.values import Role
from feedback.errors import Forbidden

MODERATION = frozenset({"accept", "decline", "merge"})
ROUTING = frozenset({"assign_topic", "detach_topic", "forward"})
BODY_WORK = frozenset({"answer", "progress", "implemented"})
ACTIONS = MODERATION | ROUTING | BODY_WORK
# The order in which a staff screen offers the steps.
STEP_ORDER = ("accept", "decline", "merge", "assign_topic", "detach_topic", "forward", "answer", "progress",
              "implemented")
# Who may read every item (an official reads only what was forwarded to their body).
READERS = (Role.MODERATOR, Role.DEPUTY, Role.AUDITOR)


def may(staff: StaffMember, action: str, item: Suggestion) -> bool:
    """Say whether ``staff``'s roles allow ``action`` on ``item`` (the lifecycle aside)."""
    try:
        check_may(staff, action, item)
    except Forbidden:
        return False
    return True


def may_view(staff: StaffMember, item: Suggestion) -> bool:
    """Say whether ``staff`` may read ``item``: readers all, an official only what was forwarded to them."""
    if staff.has_role(*READERS):
        return True
    return staff.has_role(Role.OFFICIAL) and item.body_id is not None and item.body_id == staff.body_id


def check_may_view(staff: StaffMember, item: Suggestion) -> None:
    """Refuse unless ``staff`` may read ``item``."""
    if not may_view(staff, item):
        raise Forbidden("this item was not forwarded to you")


def steps_open_to(staff: StaffMember, item: Suggestion) -> list[str]:
    """Return the steps ``staff`` may take on ``item`` now: their roles allow them and so does the lifecycle."""
    return [step for step in STEP_ORDER if may(staff, step, item) and item.allows(step)]


def check_may(staff: StaffMember, action: str, item: Suggestion) -> None:
    """Refuse unless ``staff`` may take ``action`` on ``item``.

    Moderators screen; deputies group and route, and answer what they have not
    forwarded; an official works only on items forwarded to their own body.
    """
    if action in MODERATION and staff.has_role(Role.MODERATOR):
        return
    if action in ROUTING and staff.has_role(Role.DEPUTY):
        return
    if action in BODY_WORK:
        if staff.has_role(Role.OFFICIAL) and item.body_id is not None and staff.body_id == item.body_id:
            return
        if staff.has_role(Role.DEPUTY) and item.body_id is None:
            return
    raise Forbidden(f"your role does not allow '{action}' on this item")
