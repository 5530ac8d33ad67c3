"""Staff accounts: who the staff are, their roles, passwords, API tokens and signing in."""

from __future__ import annotations

from uuid import UUID

from domain.actors import Actor, acting_as
from domain.staff import StaffMember, staff_id
from domain.values import Role
from feedback.application import FeedbackApp, as_enum
from feedback.catalogue import Catalogue
from feedback.credentials import Credentials, TokenInfo
from feedback.errors import ActionRefused, InvalidInput, NotAuthenticated, NotFound, domain_errors_as_application_errors

MIN_PASSWORD = 10
NO_MATCH = "that username and password do not match"


class Accounts:
    """The staff accounts service: roles are events on a StaffMember; credentials live outside the log."""

    def __init__(self, app: FeedbackApp, credentials: Credentials, catalogue: Catalogue) -> None:
        self._app = app
        self._credentials = credentials
        self._catalogue = catalogue

    # -- who the staff are ------------------------------------------------------------

    def get_staff(self, username: str) -> StaffMember:
        """Return the staff member with this username (any case)."""
        return self._app.get_staff(username)

    def list_staff(self) -> list[StaffMember]:
        """Return every staff member, by username (from memory, caught up with the log's new staff events)."""
        return self._catalogue.all_staff()

    def add_staff(
        self, username: str, role: Role, body: str | None = None, display_name: str = ""
    ) -> tuple[StaffMember, str]:
        """Register a staff member (or grant another role) and issue an API token."""
        role = as_enum(Role, role, "role")
        body_id = self._body_id(role, body)
        with acting_as(Actor(kind="system")), domain_errors_as_application_errors():
            member = self._app.existing(StaffMember, staff_id(username)) or StaffMember.register(
                username, display_name
            )
            member.grant(role, body_id)
            self._app.save(member)
        return member, self._credentials.issue_token(member.username)

    def register_staff(
        self, username: str, role: Role, actor: Actor, body: str | None = None, display_name: str = ""
    ) -> StaffMember:
        """Register a new staff member with a first role (refused if the username is taken)."""
        role = as_enum(Role, role, "role")
        body_id = self._body_id(role, body)
        if self._app.existing(StaffMember, staff_id(username.strip().lower() or "-")):
            raise InvalidInput("that username is taken", {"username": "that username is taken"})
        with acting_as(actor), domain_errors_as_application_errors():
            member = StaffMember.register(username, display_name)
            member.grant(role, body_id)
            self._app.save(member)
        return member

    def grant_role(self, username: str, role: Role, actor: Actor, body: str | None = None) -> StaffMember:
        """Grant a staff member a role (an official's names the body they answer for)."""
        role = as_enum(Role, role, "role")
        body_id = self._body_id(role, body)
        member = self.get_staff(username)
        with acting_as(actor), domain_errors_as_application_errors():
            member.grant(role, body_id)
            self._app.save(member)
        return member

    def revoke_role(self, username: str, role: Role, actor: Actor) -> StaffMember:
        """Take a role away from a staff member (an admin cannot take their own admin role)."""
        role = as_enum(Role, role, "role")
        member = self.get_staff(username)
        if role is Role.ADMIN and actor.username == member.username:
            raise ActionRefused("you cannot take away your own admin role: ask another admin")
        with acting_as(actor), domain_errors_as_application_errors():
            member.revoke(role)
            self._app.save(member)
        return member

    def _body_id(self, role: Role, body: str | None) -> UUID | None:
        if role is not Role.OFFICIAL:
            if body:
                raise InvalidInput("only officials answer for a body", {"body": "only for officials"})
            return None
        if not body:
            raise InvalidInput("an official answers for a body: give --body", {"body": "required"})
        responsible = self._app.referenced(self._app.get_venue, body, "body", "there is no such responsible body")
        if not responsible.can_answer:
            raise InvalidInput(f"{responsible.name} is not a responsible body", {"body": "not a body"})
        return responsible.id

    # -- passwords and signing in -----------------------------------------------------------

    def set_password(self, username: str, password: str) -> None:
        """Set a staff member's password (kept as a scrypt hash, outside the event log)."""
        member = self.get_staff(username)
        if len(password) < MIN_PASSWORD:
            message = f"a password has at least {MIN_PASSWORD} characters"
            raise InvalidInput(message, {"password": message})
        self._credentials.set_password(member.username, password)

    def check_password(self, username: str, password: str) -> bool:
        """Say whether ``password`` is the staff member's password."""
        return self._credentials.check_password(username, password)

    def password_mark(self, username: str) -> str | None:
        """Return a mark that changes whenever the password does (a session remembers it)."""
        return self._credentials.password_mark(username)

    def sign_in(self, username: str, password: str) -> StaffMember:
        """Return the staff member with this username and password, or refuse (without saying which was wrong)."""
        name = username.strip().lower()
        if not self._credentials.check_password(name, password):
            raise NotAuthenticated(NO_MATCH)
        try:
            return self.get_staff(name)
        except NotFound:
            raise NotAuthenticated(NO_MATCH) from None

    # -- API tokens ------------------------------------------------------------------------

    def issue_token(self, username: str, label: str = "") -> str:
        """Issue a new API token to a staff member; it is shown once, only its hash is kept."""
        member = self.get_staff(username)
        return self._credentials.issue_token(member.username, label=label)

    def tokens(self, username: str) -> list[TokenInfo]:
        """Return what may be shown of a staff member's API tokens."""
        return self._credentials.tokens(username)

    def revoke_token(self, username: str, token_id: str) -> bool:
        """Revoke one of a staff member's API tokens; say whether there was such an active token."""
        return self._credentials.revoke_token(username, token_id)

    def revoke_tokens(self, username: str) -> int:
        """Revoke every API token of a staff member (one who leaves); return how many were active."""
        return self._credentials.revoke_tokens(username)

    def authenticate(self, token: str) -> StaffMember:
        """Return the staff member an API token belongs to."""
        username = self._credentials.username_for_token(token) if token else None
        if username is None:
            raise NotAuthenticated("a valid API token is required")
        try:
            return self.get_staff(username)
        except NotFound:
            raise NotAuthenticated("a valid API token is required") from None
