"""The GeoReport v2 methods: discovery, services, service definitions, requests (read and file)."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, request, url_for
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from domain.actors import Actor
from domain.values import Role
from feedback.errors import N_, Forbidden, NotAuthenticated
from feedback.errors import NotFound as Missing
from web.api.openapi import documented
from web.extensions import accounts, feedback
from web.open311 import bp, errors, queries
from web.open311.formats import respond
from web.open311.schemas import (
    DiscoverySchema,
    NewRequestSchema,
    PostedRequestSchema,
    RequestsQuerySchema,
    ServiceDefinitionSchema,
    ServiceRequestSchema,
    ServiceSchema,
)
from web.open311.services import CHANGESET, SERVICES, definition, service_list
from web.urls import public_url

TAG = "Open311 GeoReport v2"
FORMAT = "<any(json, xml):format>"
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"


@bp.errorhandler(Exception)
def open311_error(error: Exception) -> Any:
    """Answer every failure in GeoReport's error format, in the format the client asked for."""
    return errors.answer(error)


@bp.after_request
def open311_errors_only(response: Response) -> Response:
    """Give errors answered before a view ran (the rate limits) GeoReport's format, not a page for people."""
    if response.status_code >= 400 and response.mimetype == "text/html":
        headers = {k: v for k, v in response.headers if k.lower() in ("retry-after", "allow")}
        return errors.answer_status(response.status_code, headers)
    return response


@bp.get("/")
def root() -> Any:
    """Answer the endpoint's root with the discovery document (XML, the spec's default format)."""
    return discovery("xml")


@bp.get(f"/discovery.{FORMAT}")
@documented(TAG, {200: DiscoverySchema}, errors=(404,), dialect="open311")
def discovery(format: str) -> Any:
    """Say where the GeoReport endpoint is, what it speaks and how to get an api_key."""
    document = {
        "changeset": CHANGESET,
        "contact": "The One-Meter Voice team of the child-friendly city programme, Kunshan.",
        "key_service": "Facilitators get an API token from an admin (feedback users add NAME --role facilitator).",
        "endpoints": [{
            "specification": SPECIFICATION,
            "url": public_url("open311.root").removesuffix("/"),
            "changeset": CHANGESET,
            "type": "production",
            "formats": ["text/xml", "application/json"],
        }],
    }
    return respond(format, "discovery", DiscoverySchema().dump(document))


@bp.get(f"/services.{FORMAT}")
@documented(TAG, {200: ServiceSchema(many=True)}, errors=(404,), dialect="open311")
def list_services(format: str) -> Any:
    """List the kinds of request: the programme's five areas."""
    return respond(format, "services", ServiceSchema(many=True).dump(service_list()))


@bp.get(f"/services/<service_code>.{FORMAT}")
@documented(TAG, {200: ServiceDefinitionSchema}, errors=(404,), dialect="open311")
def define_service(service_code: str, format: str) -> Any:
    """Say which attributes a request for this service carries."""
    if service_code not in SERVICES:
        raise Missing(N_("there is no service with that service_code"))
    return respond(format, "service_definition", ServiceDefinitionSchema().dump(definition(service_code)))


@bp.get(f"/requests.{FORMAT}")
@documented(TAG, {200: ServiceRequestSchema(many=True)}, query=RequestsQuerySchema, errors=(400, 404, 429),
            dialect="open311")
def list_requests(format: str) -> Any:
    """List requests, newest first: by default those of the last 90 days, at most 200.

    A request's description is the child's words once a moderator accepted them; before that,
    and for declined, merged and withdrawn ideas, it is null.
    """
    query = RequestsQuerySchema().load(given(request.args))
    found = queries.requests(query)
    return respond(format, "service_requests", requests_schema().dump(found))


@bp.get(f"/requests/<service_request_id>.{FORMAT}")
@documented(TAG, {200: ServiceRequestSchema(many=True)}, errors=(404, 429), dialect="open311")
def show_request(service_request_id: str, format: str) -> Any:
    """Show one request (a list of one, as the spec says)."""
    found = queries.requests_by_ref([service_request_id])
    if not found:
        raise Missing(N_("there is no request with that service_request_id"))
    return respond(format, "service_requests", requests_schema().dump(found))


@bp.post(f"/requests.{FORMAT}")
@documented(TAG, {201: PostedRequestSchema(many=True)}, body=NewRequestSchema, errors=(400, 403, 404, 429),
            dialect="open311")
def file_request(format: str) -> Any:
    """File a child's idea on the child's behalf, with a facilitator's api_key.

    The request is marked as assisted. It comes from the venue named by address_id (a message board's
    or an observation group's idea, a hospital review) or else from the web. Names, contact details
    and coordinates are never kept.
    """
    form = given(request.form)
    facilitator = facilitator_for(form.get("api_key", ""))  # the key first, as the spec's 403 says
    if form.get("service_code", "spaces") not in SERVICES:  # GeoReport: an unknown service is a 404
        raise Missing(N_("there is no service with that service_code"))
    fields = NewRequestSchema().load(form)
    item = feedback().submit(actor=Actor.facilitator(facilitator.username), **queries.submission(fields))
    ref = item.ref
    answer = {
        "service_request_id": ref,
        "service_notice": "Give the child the tracking code: with it they follow their idea and hear back.",
        "account_id": None,
        "tracking_code": item.code,
    }
    location = url_for("open311.show_request", service_request_id=ref, format=format)
    return respond(format, "service_requests", PostedRequestSchema(many=True).dump([answer]), 201,
                   {"Location": location})


@bp.route("/<anypath:anything>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unmatched(anything: str) -> Any:
    """Answer a URL that is not a GeoReport method (or not with this HTTP method) in GeoReport's format."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    for method in ("GET", "POST"):
        try:
            endpoint, _ = adapter.match(method=method)
        except HTTPException:
            continue
        if endpoint != "open311.unmatched":
            raise MethodNotAllowed()
    raise Missing(N_("there is no such GeoReport method: try discovery.xml"))


def requests_schema() -> ServiceRequestSchema:
    """Return the schema of the requests answered: each name in the three languages only with ``names=all``."""
    if request.args.get("names") == "all":
        return ServiceRequestSchema(many=True)
    return ServiceRequestSchema(many=True, exclude=("agency_responsible_names", "address_names"))


def given(values: Any) -> dict[str, str]:
    """Return the parameters that carry a value: GeoReport treats an empty one as not sent."""
    return {key: value for key, value in values.items() if value.strip()}


def facilitator_for(api_key: str) -> Any:
    """Return the facilitator an api_key belongs to; GeoReport answers 403 for any other key, or none."""
    if not api_key:
        raise Forbidden(N_("send a facilitator's api_key"))
    try:
        staff = accounts().authenticate(api_key)
    except NotAuthenticated:
        raise Forbidden(N_("invalid api_key")) from None
    if not staff.has_role(Role.FACILITATOR):
        raise Forbidden(N_("only a facilitator's api_key files requests for a child"))
    return staff
