"""GeoReport's errors: a list of {code, description}, with 404 for what does not exist, 403 for a bad
api_key and 400 for anything else a client can fix."""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import PersistenceError
from flask import current_app, request
from flask_babel import gettext as _
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from feedback.errors import FeedbackError, Forbidden, InvalidInput, NotAuthenticated, NotFound
from web.api.inputs import field_messages
from web.open311.formats import respond
from web.open311.schemas import Open311ErrorSchema
from web.refusals import say, say_fields


def answer(error: Exception) -> Any:
    """Return ``error`` as GeoReport's ``<errors>``, in the format the URL asked for."""
    status, descriptions = classify(error)
    if status >= 500:
        current_app.logger.exception("unexpected error", exc_info=error)
    headers = {}
    if isinstance(error, HTTPException):
        headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    if status == 503:
        headers["Retry-After"] = "30"
    return errors_response(status, descriptions, headers)


def answer_status(status: int, headers: dict[str, str]) -> Any:
    """Return an error that was answered outside GeoReport's views (a rate limit) in its format."""
    return errors_response(status, [HTTP_STATUS_CODES.get(status, "error").lower()], headers)


def errors_response(status: int, descriptions: list[str], headers: dict[str, str]) -> Any:
    body = Open311ErrorSchema(many=True).dump([{"code": status, "description": text} for text in descriptions])
    return respond(requested_format(), "errors", body, status, headers)


def classify(error: Exception) -> tuple[int, list[str]]:
    """Return the HTTP status and one description per problem."""
    if isinstance(error, ValidationError):
        return 400, described(field_messages(error.messages))
    if isinstance(error, (NotAuthenticated, Forbidden)):
        return 403, [say(error)]
    if isinstance(error, NotFound):
        return 404, [say(error)]
    if isinstance(error, InvalidInput) and error.fields:
        return 400, described(say_fields(error))
    if isinstance(error, FeedbackError):
        return 400, [say(error)]
    if isinstance(error, HTTPException):
        return error.code or 400, [error.description or error.name]
    if isinstance(error, PersistenceError):  # a locked, full or unreachable store: nothing was recorded
        current_app.logger.warning("store unavailable: %s", error)
        return 503, [_("we could not reach the store just now, and nothing of this was saved; try again in a minute")]
    return 500, [_("something went wrong on our side; nothing you sent was lost")]


def described(fields: dict[str, str]) -> list[str]:
    return [f"{field}: {message}" for field, message in fields.items()]


def requested_format() -> str:
    """Return the format of the URL (``.json`` or ``.xml``; XML, the spec's default, otherwise)."""
    chosen = (request.view_args or {}).get("format")
    if chosen in ("json", "xml"):
        return chosen
    return "json" if request.path.endswith(".json") else "xml"
