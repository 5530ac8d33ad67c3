"""Who may do what: the duties that staff steps belong to, and who may read an item."""

from __future__ import annotations

from enum import Enum

from domain.staff import StaffMember
from domain.suggestion import Suggestion
from domain.values import Role
from feedback.errors import N_, Forbidden

# Who may read every item (an official reads only what was forwarded to their body).
READERS = (Role.MODERATOR, Role.DEPUTY, Role.AUDITOR)
# Who reads a child's words as written, personal data and all: the moderator, who redacts them. Everyone
# else on staff reads the redacted words (sealed words only the safeguarding officer opens, case by case).
ORIGINAL_WORDS = (Role.MODERATOR,)


class Duty(Enum):
    """The kind of work a staff step is; each duty says whose it is."""

    MODERATION = "moderation"  # moderators screen new items
    ROUTING = "routing"  # deputies group and route
    BODY_WORK = "body_work"  # the answering body's officials; deputies for items not forwarded

    @property
    def roles(self) -> tuple[Role, ...]:
        """Return the roles that may ever do this duty (which still depends on the item for body work)."""
        return DUTY_ROLES[self]

    def falls_to(self, staff: StaffMember, item: Suggestion) -> bool:
        """Say whether this duty on ``item`` falls to ``staff``."""
        if self is Duty.BODY_WORK:
            if item.body_id is not None:
                return staff.has_role(Role.OFFICIAL) and staff.body_id == item.body_id
            return staff.has_role(Role.DEPUTY)
        return staff.has_role(*self.roles)


DUTY_ROLES = {
    Duty.MODERATION: (Role.MODERATOR,),
    Duty.ROUTING: (Role.DEPUTY,),
    Duty.BODY_WORK: (Role.OFFICIAL, Role.DEPUTY),
}


def check_duty(staff: StaffMember, duty: Duty, item: Suggestion, step_name: str) -> None:
    """Refuse unless ``duty`` on ``item`` falls to ``staff``."""
    if not duty.falls_to(staff, item):
        raise Forbidden(N_("your role does not allow '%(step)s' on this item"), step=step_name)


# Who carries a topic's proposal (drafts, tables it and records its later steps): deputies who joined the board.
BOARD_ROLES = (Role.DEPUTY,)


def works_on_board(staff: StaffMember, deputies: list[str]) -> bool:
    """Say whether ``staff`` may carry the proposal of a topic whose board ``deputies`` joined."""
    return staff.has_role(*BOARD_ROLES) and staff.username in deputies


def check_works_on_board(staff: StaffMember, deputies: list[str]) -> None:
    """Refuse unless ``staff`` is one of the board's deputies."""
    if not works_on_board(staff, deputies):
        raise Forbidden(N_("only the deputies who joined this topic may record its proposal's steps"))


def may_view(staff: StaffMember, item: Suggestion) -> bool:
    """Say whether ``staff`` may read ``item``: readers all, an official only what was forwarded to them."""
    if staff.has_role(*READERS):
        return True
    return staff.has_role(Role.OFFICIAL) and item.body_id is not None and item.body_id == staff.body_id


def reads_original_words(staff: StaffMember | None) -> bool:
    """Say whether ``staff`` reads children's words before redaction (else the redacted ones, or none while held)."""
    return staff is not None and staff.has_role(*ORIGINAL_WORDS)


def check_may_view(staff: StaffMember, item: Suggestion) -> None:
    """Refuse unless ``staff`` may read ``item``."""
    if not may_view(staff, item):
        raise Forbidden(N_("this item was not forwarded to you"))
