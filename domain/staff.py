"""The StaffMember aggregate: who works here and in which roles (never credentials)."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Root
from domain.errors import N_, InvalidValue
from domain.naming import natural_id
from domain.values import Role

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")


def staff_id(username: str) -> UUID:
    return natural_id("staff", username)


class StaffMember(Root):
    """A grown-up with roles; an official is bound to one responsible body."""

    class Registered(Root.Created):
        username: str
        display_name: str

    @staticmethod
    def create_id(username: str, **_: Any) -> UUID:
        return staff_id(username)

    @event(Registered)
    def __init__(self, username: str, display_name: str) -> None:
        self.username = username
        self.display_name = display_name
        self.roles: dict[Role, UUID | None] = {}

    @classmethod
    def register(cls, username: str, display_name: str = "") -> StaffMember:
        """Register a staff member under a unique username."""
        username = username.strip().lower()
        if not USERNAME.match(username):
            raise InvalidValue(
                N_("a username is 2-40 lower-case letters, digits, dots, dashes or underscores")
            )
        return cls(username, display_name.strip() or username)

    class RoleGranted(Root.Event):
        role: Role
        body_id: UUID | None

    def grant(self, role: Role, body_id: UUID | None = None) -> None:
        """Grant a role; an official's role names the body they answer for."""
        role = Role(role)
        if role is Role.OFFICIAL and body_id is None:
            raise InvalidValue(N_("an official answers for a responsible body: name it"))
        if role is not Role.OFFICIAL and body_id is not None:
            raise InvalidValue(N_("only officials are bound to a body"))
        if self.roles.get(role, ...) != body_id:
            self._role_granted(role, body_id)

    @event(RoleGranted)
    def _role_granted(self, role: Role, body_id: UUID | None) -> None:
        self.roles[Role(role)] = body_id

    class RoleRevoked(Root.Event):
        role: Role

    def revoke(self, role: Role) -> None:
        """Take a role away."""
        role = Role(role)
        if role not in self.roles:
            raise InvalidValue(N_("%(username)s does not have the role %(role)s"), username=self.username, role=role)
        self._role_revoked(role)

    @event(RoleRevoked)
    def _role_revoked(self, role: Role) -> None:
        del self.roles[Role(role)]

    def has_role(self, *roles: Role) -> bool:
        return any(role in self.roles for role in roles)

    @property
    def body_id(self) -> UUID | None:
        return self.roles.get(Role.OFFICIAL)
