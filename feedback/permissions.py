"""Which staff role may take which step on an item."""

from __future__ import annotations

from domain.staff import StaffMember
from domain.suggestion import Suggestion
from domain.values import Role
from feedback.errors import Forbidden

MODERATION = frozenset({"accept", "decline", "merge"})
ROUTING = frozenset({"assign_topic", "forward"})
BODY_WORK = frozenset({"answer", "progress", "implemented"})
ACTIONS = MODERATION | ROUTING | BODY_WORK


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
