"""Staff sign-in: a signed cookie naming a session kept on the server, and ``@requires`` guarding every staff page."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Flask, g, redirect, request, session, url_for
from flask_babel import gettext as _

from domain.staff import StaffMember
from domain.values import Role
from feedback.errors import Forbidden
from feedback.sessions import SESSION_HOURS
from web.extensions import accounts

SESSION_ID = "sid"
View = TypeVar("View", bound=Callable[..., Any])


def configure_sessions(app: Flask) -> None:
    """Make the session cookie HttpOnly and SameSite=Lax, Secure when FEEDBACK_SECURE_COOKIES=1."""
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SESSION_COOKIE_SECURE"] = (
        bool(app.config.get("SESSION_COOKIE_SECURE")) or os.environ.get("FEEDBACK_SECURE_COOKIES") == "1"
    )
    if app.config.get("PERMANENT_SESSION_LIFETIME") == timedelta(days=31):  # Flask's default: too long
        app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=SESSION_HOURS)


def sign_in(username: str, password: str) -> StaffMember:
    """Check the password and start a fresh session for the staff member."""
    member = accounts().sign_in(username, password)
    start_session(member)
    return member


def start_session(member: StaffMember) -> None:
    """Put a new server-side session of ``member`` in the cookie, in place of whatever it held."""
    session.clear()
    session.permanent = True
    session[SESSION_ID] = accounts().start_session(member.username)
    g.staff = member


def sign_out() -> None:
    """End this session on the server, so that a copy of the cookie opens nothing either."""
    session_id = session.get(SESSION_ID)
    if isinstance(session_id, str):
        accounts().end_session(session_id)
    session.clear()
    g.staff = None


def signed_in_staff() -> StaffMember | None:
    """Return the staff member of this session, or None (signed out, ended by a new password or an admin)."""
    if "staff" in g:
        return g.staff
    session_id = session.get(SESSION_ID)
    member = accounts().staff_for_session(session_id) if isinstance(session_id, str) else None
    g.staff = member
    return member


def current_staff() -> StaffMember:
    """Return the signed-in staff member (inside a view guarded by ``@requires``)."""
    member = signed_in_staff()
    assert member is not None, "use @requires on this view"
    return member


def requires(*roles: Role) -> Callable[[View], View]:
    """Let through signed-in staff holding one of ``roles`` (any staff when none are named).

    A visitor who is not signed in is sent to the sign-in page; a role that may not is refused with 403.
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            member = signed_in_staff()
            if member is None:
                return redirect(url_for("staff.sign_in", next=request.full_path.rstrip("?")))
            if roles and not member.has_role(*roles):
                raise Forbidden(_("Your role does not open this page."))
            return view(*args, **kwargs)

        guarded.required_roles = roles  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate


def safe_next(target: str | None, default: str) -> str:
    """Return ``target`` if it is a path on this site, else ``default`` (no open redirects)."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target
