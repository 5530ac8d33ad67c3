"""Staff accounts: who the staff are, their roles, passwords, API tokens and signing in."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from domain.actors import Actor, acting_as
from domain.staff import StaffMember, staff_id
from domain.values import Role
from feedback.application import FeedbackApp, as_enum
from feedback.catalogue import Catalogue
from feedback.credentials import Credentials, TokenInfo
from feedback.errors import (
    N_,
    ActionRefused,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    TooManyAttempts,
    domain_errors_as_application_errors,
)
from feedback.sessions import Sessions, now, stamp

MIN_PASSWORD = 10
NO_MATCH = N_("that username and password do not match")
# A stolen session may guess the current password to take the account over: so few, so slowly.
CHECKS_ALLOWED = 5
CHECK_WINDOW = timedelta(minutes=15)
# Roles another admin must grant: the sealed lane, and the power to grant roles.
NOT_SELF_GRANTED = frozenset({Role.SAFEGUARDING, Role.ADMIN})


class WrongPassword(InvalidInput):
    """The current password given is not the staff member's."""


class SelfGrantRefused(ActionRefused):
    """An admin tried to grant themselves a role that another admin must grant."""


class Accounts:
    """The staff accounts service: roles are events on a StaffMember; credentials live outside the log."""

    def __init__(self, app: FeedbackApp, credentials: Credentials, catalogue: Catalogue, sessions: Sessions) -> None:
        self._app = app
        self._credentials = credentials
        self._catalogue = catalogue
        self._sessions = sessions

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
            raise InvalidInput(N_("that username is taken"), {"username": N_("that username is taken")})
        with acting_as(actor), domain_errors_as_application_errors():
            member = StaffMember.register(username, display_name)
            member.grant(role, body_id)
            self._app.save(member)
        return member

    def grant_role(self, username: str, role: Role, actor: Actor, body: str | None = None) -> StaffMember:
        """Grant a staff member a role (an official's names the body they answer for); some only another admin may."""
        role = as_enum(Role, role, "role")
        body_id = self._body_id(role, body)
        member = self.get_staff(username)
        check_not_self_granted(role, member, actor)
        with acting_as(actor), domain_errors_as_application_errors():
            member.grant(role, body_id)
            self._app.save(member)
        return member

    def revoke_role(self, username: str, role: Role, actor: Actor) -> StaffMember:
        """Take a role away from a staff member (an admin cannot take their own admin role)."""
        role = as_enum(Role, role, "role")
        member = self.get_staff(username)
        if role is Role.ADMIN and actor.username == member.username:
            raise ActionRefused(N_("you cannot take away your own admin role: ask another admin"))
        with acting_as(actor), domain_errors_as_application_errors():
            member.revoke(role)
            self._app.save(member)
        return member

    def _body_id(self, role: Role, body: str | None) -> UUID | None:
        if role is not Role.OFFICIAL:
            if body:
                raise InvalidInput(N_("only officials answer for a body"), {"body": N_("only for officials")})
            return None
        if not body:
            raise InvalidInput(N_("an official answers for a body: give --body"), {"body": N_("required")})
        responsible = self._app.referenced(self._app.get_venue, body, "body", N_("there is no such responsible body"))
        if not responsible.can_answer:
            raise InvalidInput(N_("%(name)s is not a responsible body"), {"body": N_("not a body")}, name=responsible.name)
        return responsible.id

    # -- passwords and signing in -----------------------------------------------------------

    def set_password(self, username: str, password: str) -> None:
        """Set a staff member's password (a scrypt hash, outside the event log) and end all their sessions."""
        member = self.get_staff(username)
        if len(password) < MIN_PASSWORD:
            message = N_("a password has at least %(count)s characters")
            raise InvalidInput(message, {"password": message}, count=MIN_PASSWORD)
        self._credentials.set_password(member.username, password)
        self._sessions.end_all(member.username)

    def check_password(self, username: str, password: str) -> bool:
        """Say whether ``password`` is the staff member's password."""
        return self._credentials.check_password(username, password)

    def change_password(self, username: str, current: str, new: str) -> None:
        """Change one's own password, given the current one; refuse after too many wrong ones in a short time."""
        member = self.get_staff(username)
        self.check_current_password(member.username, current)
        self.set_password(member.username, new)

    def check_current_password(self, username: str, password: str) -> None:
        """Refuse a wrong current password, and any at all after CHECKS_ALLOWED wrong ones within CHECK_WINDOW."""
        since = stamp(now() - CHECK_WINDOW)
        if self._credentials.failed_checks(username, since) >= CHECKS_ALLOWED:
            raise TooManyAttempts(N_("too many wrong passwords: wait 15 minutes and try again"))
        if not self._credentials.check_password(username, password):
            self._credentials.record_failed_check(username, stamp(now()), forget_before=since)
            raise WrongPassword(N_("that is not your current password"), {"current": N_("that is not your current password")})
        self._credentials.forget_failed_checks(username)

    def sign_in(self, username: str, password: str) -> StaffMember:
        """Return the staff member with this username and password, or refuse (without saying which was wrong)."""
        name = username.strip().lower()
        if not self._credentials.check_password(name, password):
            raise NotAuthenticated(NO_MATCH)
        try:
            return self.get_staff(name)
        except NotFound:
            raise NotAuthenticated(NO_MATCH) from None

    # -- sessions --------------------------------------------------------------------------

    def start_session(self, username: str) -> str:
        """Start a session for a signed-in staff member and return its id (for the cookie)."""
        return self._sessions.start(self.get_staff(username).username)

    def staff_for_session(self, session_id: str) -> StaffMember | None:
        """Return the staff member of a live session, or None (unknown, ended or expired)."""
        username = self._sessions.username(session_id)
        if username is None:
            return None
        try:
            return self.get_staff(username)
        except NotFound:
            return None

    def end_session(self, session_id: str) -> None:
        """End one session (signing out)."""
        self._sessions.end(session_id)

    def end_sessions(self, username: str) -> int:
        """End every session of a staff member (signed out everywhere); return how many were live."""
        return self._sessions.end_all(self.get_staff(username).username)

    def session_count(self, username: str) -> int:
        """Return how many live sessions a staff member has."""
        return self._sessions.count(username)

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
            raise NotAuthenticated(N_("a valid API token is required"))
        try:
            return self.get_staff(username)
        except NotFound:
            raise NotAuthenticated(N_("a valid API token is required")) from None


def check_not_self_granted(role: Role, member: StaffMember, actor: Actor) -> None:
    """Refuse an admin granting themselves a role that another admin must grant."""
    if role in NOT_SELF_GRANTED and actor.username == member.username:
        raise SelfGrantRefused(N_("you cannot grant yourself the %(role)s role: ask another admin"), role=role)
