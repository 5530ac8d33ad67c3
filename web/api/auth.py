"""Bearer tokens: who is calling the staff part of the API."""

from __future__ import annotations

from flask import request

from domain.staff import StaffMember
from feedback.errors import N_, NotAuthenticated
from web.extensions import accounts


def bearer_token() -> str:
    """Return the token of an ``Authorization: Bearer <token>`` header, or ''."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def current_staff() -> StaffMember:
    """Return the staff member whose token came with the request, or refuse with 401."""
    token = bearer_token()
    if not token:
        raise NotAuthenticated(N_("send an API token: Authorization: Bearer <token>"))
    return accounts().authenticate(token)
