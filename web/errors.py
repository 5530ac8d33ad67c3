"""Every error becomes a clear answer: JSON for the API, a friendly page for people."""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from eventsourcing.persistence import PersistenceError
from werkzeug.exceptions import HTTPException

from feedback.errors import (
    ActionRefused,
    Conflict,
    FeedbackError,
    Forbidden,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    TooManyAttempts,
)
from web.refusals import say, say_fields

STATUS_OF: dict[type[FeedbackError], int] = {
    NotFound: 404,
    InvalidInput: 422,
    ActionRefused: 422,
    Conflict: 409,
    NotAuthenticated: 401,
    Forbidden: 403,
    TooManyAttempts: 429,
}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, message: str, fields: dict[str, Any] | None = None) -> Any:
    if wants_json():
        body: dict[str, Any] = {"error": {"status": status, "message": message}}
        if fields:
            body["error"]["fields"] = fields
        response = jsonify(body)
        response.status_code = status
        if status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="one-meter-voice"'
        return response
    return render_template("error.html", status=status, message=message), status


def register(app: Flask) -> None:
    @app.errorhandler(FeedbackError)
    def feedback_error(error: FeedbackError) -> Any:
        status = STATUS_OF.get(type(error), 400)
        return error_response(status, say(error), say_fields(error) or None)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Any:
        return error_response(error.code or 500, error.description or error.name)

    @app.errorhandler(PersistenceError)
    def store_unavailable(error: PersistenceError) -> Any:
        # A locked, full or unreachable store: nothing of this request was recorded.
        app.logger.warning("store unavailable: %s", error)
        response = error_response(
            503, _("we could not write this down just now, and nothing of it was saved; "
                   "please try again in a minute"),
        )
        if isinstance(response, tuple):
            return (*response, {"Retry-After": "30"})
        response.headers["Retry-After"] = "30"
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Any:
        app.logger.exception("unexpected error")
        return error_response(500, _("something went wrong on our side; nothing you sent was lost"))
