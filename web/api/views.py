"""Views of the JSON API: parse with a schema, call one application method, dump."""

from __future__ import annotations

import json
from typing import Any

from flask import request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError
from werkzeug.exceptions import BadRequest

from domain.suggestion import Suggestion
from feedback.steps import check_role_takes
from web.api import bp
from web.api.auth import current_staff
from web.api.inputs import (
    NamesQuerySchema,
    SubmissionSchema,
    SuggestionQuerySchema,
    VenueQuerySchema,
    field_messages,
    load_action,
)
from web.api.listing import list_page
from web.api.openapi import action_body, documented
from web.api.outputs import ItemSchema, PageSchema, Shown, StaffItemSchema, TopicSchema, VenueSchema
from web.errors import error_response
from web.extensions import feedback, places
from web.timeline import item_timeline

# One instance of each schema for every request: building one copies all its fields (a third of
# an API request's time); loading and dumping keep no state on the instance.
ITEM, STAFF_ITEM = ItemSchema(), StaffItemSchema()
PAGE, SUBMISSION, QUERY = PageSchema(), SubmissionSchema(), SuggestionQuerySchema()
VENUES, VENUE_QUERY, TOPICS = VenueSchema(many=True), VenueQuerySchema(), TopicSchema(many=True)
NAMES_QUERY = NamesQuerySchema()

LOCATION = {"Location": {"schema": {"type": "string"}, "required": True, "description": "Where the item is."}}


@bp.errorhandler(ValidationError)
def invalid_fields(error: ValidationError) -> Any:
    """Answer input that fails its schema with 422 and a message per field."""
    return error_response(422, _("some fields need another look"), field_messages(error.messages))


def json_body() -> dict[str, Any]:
    """Return the request's JSON object, refusing anything else with a JSON 400."""
    if not request.is_json:
        raise BadRequest(_("send a JSON object with the header Content-Type: application/json"))
    body = request.get_json(silent=True)
    if body is None:
        raise BadRequest(_("the body is not valid JSON"))
    if not isinstance(body, dict):
        raise BadRequest(_("the body must be a JSON object"))
    try:
        json.dumps(body, ensure_ascii=False).encode()
    except UnicodeEncodeError:  # JSON may escape half a character ("\ud800"); no store can keep that
        raise BadRequest(_("the body holds text that is not valid Unicode")) from None
    return body


def shown(item: Suggestion, schema: ItemSchema = ITEM) -> dict[str, Any]:
    all_names = places().all_names if request.args.get("names") == "all" else None
    return schema.dump(Shown(item, item_timeline(item), places().venue_name, places().topic_name, feedback().ref_of,
                             all_names))


@bp.post("/v1/suggestions")
@documented("Children", {201: ItemSchema}, body=SubmissionSchema, errors=(400, 413, 422, 429),
            headers={201: LOCATION})
def submit_suggestion() -> Any:
    """File a child's idea or hospital review.

    The answer holds the tracking code: give it to the child, who follows the idea with it.
    """
    item = feedback().submit(**SUBMISSION.load(json_body()))
    return shown(item), 201, {"Location": url_for(".show_suggestion", code=item.code)}


@bp.get("/v1/suggestions")
@documented("Staff", {200: PageSchema}, query=SuggestionQuerySchema, staff=True, errors=(401, 403, 422))
def list_suggestions() -> Any:
    """List items a page at a time, oldest first, filtered by status, channel, place, body or topic.

    Officials see only the items forwarded to their own body. The list comes from a read
    model that follows the log within about a second; an item's own page is always current.
    """
    staff = current_staff()
    return PAGE.dump(list_page(staff, QUERY.load(request.args.to_dict())))


@bp.get("/v1/suggestions/<code>")
@documented("Children", {200: ItemSchema}, errors=(404, 429))
def show_suggestion(code: str) -> Any:
    """Show an item as the child who made it may see it."""
    return shown(feedback().get_suggestion(code))


@bp.post("/v1/suggestions/<ref>/actions")
@documented(
    "Staff", {200: StaffItemSchema}, body=action_body(), staff=True, errors=(400, 401, 403, 404, 409, 413, 422, 429),
)
def act_on_suggestion(ref: str) -> Any:
    """Take a lifecycle step on an item as the staff member holding the token.

    Send `expected_version` (the `version` you last saw) to be refused with 409 rather than
    act on an item that someone else moved on meanwhile.
    """
    staff = current_staff()
    action, params = load_action(json_body())
    check_role_takes(staff, action)  # the same 403 for any reference, real or not, before it is looked up
    item = feedback().act(staff, feedback().get_by_ref(ref).ref, action, **params)  # a reference, never a code
    return shown(item, STAFF_ITEM)


@bp.get("/v1/venues")
@documented("Places and topics", {200: VenueSchema(many=True)}, query=VenueQuerySchema, errors=(422,))
def list_venues() -> Any:
    """List the venues, optionally of one kind."""
    query = VENUE_QUERY.load(request.args.to_dict())
    schema = VENUES if query["names"] else VenueSchema(many=True, exclude=("names", "district_names"))
    return schema.dump(places().list_venues(query["kind"]))


@bp.get("/v1/topics")
@documented("Places and topics", {200: TopicSchema(many=True)}, query=NamesQuerySchema, errors=(422,))
def list_topics() -> Any:
    """List the Two Sessions topics, named in the language asked for (all three with `names=all`)."""
    query = NAMES_QUERY.load(request.args.to_dict())
    schema = TOPICS if query["names"] else TopicSchema(many=True, exclude=("names",))
    return schema.dump(places().list_topics())
