"""Views of the JSON API: parse with a schema, call one application method, dump."""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from marshmallow import ValidationError
from werkzeug.exceptions import BadRequest

from domain.suggestion import Suggestion
from web.api import bp
from web.api.auth import current_staff
from web.api.schemas import (
    ItemSchema,
    Shown,
    SubmissionSchema,
    TopicSchema,
    VenueQuerySchema,
    VenueSchema,
    field_messages,
    load_action,
)
from web.errors import error_response
from web.extensions import feedback
from web.timeline import item_timeline


@bp.errorhandler(ValidationError)
def invalid_fields(error: ValidationError) -> Any:
    """Answer input that fails its schema with 422 and a message per field."""
    return error_response(422, "some fields need another look", field_messages(error.messages))


def json_body() -> dict[str, Any]:
    """Return the request's JSON object, refusing anything else with a JSON 400."""
    if not request.is_json:
        raise BadRequest("send a JSON object with the header Content-Type: application/json")
    body = request.get_json(silent=True)
    if body is None:
        raise BadRequest("the body is not valid JSON")
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object")
    return body


def shown(item: Suggestion) -> dict[str, Any]:
    app = feedback()
    return ItemSchema().dump(Shown(item, item_timeline(app, item), app.venue_name, app.topic_name))


@bp.post("/v1/suggestions")
def submit_suggestion() -> Any:
    """File a child's idea or hospital review."""
    item = feedback().submit(**SubmissionSchema().load(json_body()))
    return shown(item), 201, {"Location": url_for(".show_suggestion", code=item.code)}


@bp.get("/v1/suggestions/<code>")
def show_suggestion(code: str) -> Any:
    """Show an item as the child who made it may see it."""
    return shown(feedback().get_suggestion(code))


@bp.post("/v1/suggestions/<code>/actions")
def act_on_suggestion(code: str) -> Any:
    """Take a lifecycle step on an item as the staff member holding the token."""
    staff = current_staff()
    action, params = load_action(json_body())
    return shown(feedback().act(staff, code, action, **params))


@bp.get("/v1/venues")
def list_venues() -> Any:
    """List the venues, optionally of one kind."""
    query = VenueQuerySchema().load(request.args.to_dict())
    return VenueSchema(many=True).dump(feedback().list_venues(query["kind"]))


@bp.get("/v1/topics")
def list_topics() -> Any:
    """List the Two Sessions topics."""
    return TopicSchema(many=True).dump(feedback().list_topics())
