"""The OpenAPI 3.1 document of the JSON API, made from the marshmallow schemas and the views' own declarations.

A view declares what it takes and answers with ``@documented(...)``; the document
walks the app's URL map, so a route and its documentation cannot drift apart, and
every schema in it is the one the view loads or dumps with.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_cls
from flask import Flask

from domain.codes import REF_PATTERN
from domain.values import Category
from web.api import inputs, outputs

API_VERSION = "1.0.0"
OPENAPI_VERSION = "3.1.0"
F = TypeVar("F", bound=Callable[..., Any])

# The reusable error answers: every operation's 4xx responses point at one of these.
ERRORS: dict[int, tuple[str, str]] = {
    400: ("BadRequest", "The body is not a JSON object (or not JSON at all)."),
    401: ("Unauthorized", "No valid API token: send `Authorization: Bearer <token>`."),
    403: ("Forbidden", "Your role may not do this, or the item was not forwarded to your body."),
    404: ("NotFound", "There is no such item (no item has that code or reference)."),
    409: ("Conflict", "The item moved on since the `expected_version` you sent: read it again and retry."),
    413: ("TooLarge", "The body is larger than 64 KiB."),
    422: ("Invalid", "Some fields need another look (one message per field), or the lifecycle forbids the step."),
    429: ("TooManyRequests", "Too many tries from this client in a short time: wait `Retry-After` seconds."),
    503: ("Unavailable", "The store could not be reached or written just now, and nothing was saved: "
                         "retry after `Retry-After` seconds."),
}

# GeoReport v2 has its own error format and three statuses (its spec: 404, 403, else 400).
OPEN311_ERRORS: dict[int, tuple[str, str]] = {
    400: ("Open311BadRequest", "A parameter needs another look (one error per parameter)."),
    403: ("Open311Forbidden", "No `api_key`, an unknown one, or not a facilitator's."),
    404: ("Open311NotFound", "No such service or request, or a format other than `json` and `xml`."),
    429: ("Open311TooManyRequests", "Too many requests filed from this client in a short time: wait "
                                    "`Retry-After` seconds."),
    503: ("Open311Unavailable", "The store could not be reached or written just now, and nothing was saved: "
                                "retry after `Retry-After` seconds."),
}
# Any operation may find the store unavailable.
ALWAYS = (503,)
OPEN311_MEDIA = {"json": "application/json", "xml": "text/xml"}

DESCRIPTION = """\
The JSON API of One-Meter Voice: children file ideas and follow them; staff screen,
route and answer them.

* **Errors** all have one shape, `{"error": {"status", "message", "fields"}}`
  (`fields` only when input was refused, with one message per field).
* **Staff** send an API token (`feedback users add NAME --role ROLE` prints one) as
  `Authorization: Bearer <token>`.
* **Lists** of items come a page at a time: `limit` (at most 100) and the `next` link,
  which carries a cursor.
* **Concurrency**: every item has a `version`; send it back as `expected_version`
  with an action and you get `409` instead of acting on an item that moved on.
* **Privacy**: the tracking `code` is the child's secret: only the answers to the child
  carry it. Staff act on an item by its public reference `ref` (random, independent of
  the code), and public lists (Open311 at `/open311/v2/`) name items by it too.

Unexpected failures answer `500` in the same error shape.
"""


TAGS = (
    ("Children", "Filing an idea and following it with its tracking code. No account needed."),
    ("Staff", "Screening, routing and answering items, with a staff member's API token."),
    ("Places and topics", "The venues ideas come from and go to, and the Two Sessions topics."),
    ("Transparency", "The published head of the audit chain, for outsiders to keep and compare."),
    ("Open311 GeoReport v2", "The city's standard interface: public requests (never a tracking code), "
                             "and requests filed by facilitators. `.json` or `.xml` by the URL."),
)


@dataclass(frozen=True)
class Operation:
    """What one view takes and answers, for the OpenAPI document."""

    tag: str
    responses: dict[int, Any]
    errors: tuple[int, ...] = ()
    query: type | None = None
    body: Any = None
    staff: bool = False
    headers: dict[int, dict[str, Any]] = field(default_factory=dict)
    description: str = ""
    dialect: str = "api"  # or "open311": JSON or XML by the URL's extension, GeoReport's errors, forms


# Routes other blueprints serve under /api/v1, documented here until their views carry @documented.
ELSEWHERE: dict[str, Operation] = {
    "transparency.head": Operation("Transparency", {200: outputs.SealHeadSchema}),
}


def documented(tag: str, responses: dict[int, Any], **details: Any) -> Callable[[F], F]:
    """Declare what a view takes and answers (see ``Operation``)."""

    def mark(view: F) -> F:
        view.__openapi__ = Operation(tag, responses, **details)  # type: ignore[attr-defined]
        return view

    return mark


class Plugin(MarshmallowPlugin):
    """Marshmallow's plugin, saying which properties an answer always holds and which mappings are closed."""

    def init_spec(self, spec: APISpec) -> None:
        super().init_spec(spec)
        assert self.converter is not None
        self.converter.add_attribute_function(closed_mapping)

    def schema_helper(self, name: str, _: Any, schema: Any = None, **kwargs: Any) -> dict[str, Any] | None:
        spec = super().schema_helper(name, _, schema=schema, **kwargs)
        cls = resolve_schema_cls(schema) if schema is not None else None
        if spec is not None and isinstance(cls, type) and issubclass(cls, outputs.Output):
            spec["required"] = [name for name in spec.get("properties", {}) if name not in cls.optional]
        return spec


def closed_mapping(_: Any, field: Any, **__: Any) -> dict[str, Any]:
    """A dict field whose metadata lists its properties takes no others (``ratings``)."""
    return {"additionalProperties": False} if "properties" in field.metadata else {}


ACTION_COMPONENTS = {name: f"{''.join(p.title() for p in name.split('_'))}Action" for name in inputs.ACTION_SCHEMAS}


def action_body() -> dict[str, Any]:
    """The body of POST .../actions: one of the actions, told apart by ``action``."""
    refs = {name: f"#/components/schemas/{component}" for name, component in ACTION_COMPONENTS.items()}
    return {
        "oneOf": [{"$ref": ref} for ref in refs.values()],
        "discriminator": {"propertyName": "action", "mapping": refs},
    }


def build_spec(app: Flask) -> dict[str, Any]:
    """Return the OpenAPI document of every documented route of ``app``."""
    spec = APISpec(
        title="One-Meter Voice API",
        version=API_VERSION,
        openapi_version=OPENAPI_VERSION,
        plugins=[Plugin()],
        info={"description": DESCRIPTION, "license": {"name": "MIT", "identifier": "MIT"}},
    )
    spec.components.security_scheme(
        "bearer", {"type": "http", "scheme": "bearer", "description": "A staff member's API token."}
    )
    for name, text in TAGS:
        spec.tag({"name": name, "description": text})
    spec.components.schema("Error", schema=outputs.ErrorSchema)
    for status, (name, text) in ERRORS.items():
        spec.components.response(name, error_response(status, text))
    from web.open311.schemas import Open311ErrorSchema  # here: that blueprint's views import this module

    spec.components.schema("Open311Error", schema=Open311ErrorSchema)
    for status, (name, text) in OPEN311_ERRORS.items():
        response = {"description": text, "content": open311_content(
            {"type": "array", "items": {"$ref": "#/components/schemas/Open311Error"}})}
        spec.components.response(name, {**response, **error_headers(status)})
    for action, component in ACTION_COMPONENTS.items():
        spec.components.schema(component, schema=inputs.ACTION_SCHEMAS[action])
    for route in documented_routes(app):
        spec.path(path=route.path, operations={route.method: operation_spec(route)})
    document = spec.to_dict()
    for operation in (op for methods in document["paths"].values() for op in methods.values()):
        for parameter in operation.get("parameters", []):
            parameter["schema"] = never_null(parameter["schema"])
    return document


def never_null(schema: dict[str, Any]) -> dict[str, Any]:
    """Return a parameter's schema without ``null``: a query string can leave a value out, not send null.

    (Marshmallow makes every field whose default is ``None`` nullable.)
    """
    schema = {key: value for key, value in schema.items() if not (key == "default" and value is None)}
    if isinstance(schema.get("type"), list):
        kinds = [kind for kind in schema["type"] if kind != "null"]
        schema["type"] = kinds[0] if len(kinds) == 1 else kinds
    if "enum" in schema:
        schema["enum"] = [value for value in schema["enum"] if value is not None]
    return schema


def error_response(status: int, text: str) -> dict[str, Any]:
    response: dict[str, Any] = {"description": text, "content": {"application/json": {"schema": "Error"}}}
    return {**response, **error_headers(status)}


def error_headers(status: int) -> dict[str, Any]:
    """The headers an error always carries: how to authenticate after a 401, when to retry after a 429."""
    if status == 401:
        return {"headers": {
            "WWW-Authenticate": {"schema": {"type": "string"}, "required": True, "description": "`Bearer`"}}}
    if status in (429, 503):
        return {"headers": {
            "Retry-After": {"schema": {"type": "integer"}, "required": True, "description": "Seconds to wait."}}}
    return {}


@dataclass(frozen=True)
class Route:
    """One documented method of one URL rule."""

    path: str
    method: str
    view: Callable[..., Any]
    operation: Operation
    arguments: tuple[str, ...]


def documented_routes(app: Flask) -> list[Route]:
    """Return each documented route of ``app``, in path order."""
    routes = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        operation = getattr(view, "__openapi__", None) or ELSEWHERE.get(rule.endpoint)
        if operation is None:
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            routes.append(Route(openapi_path(rule.rule), method.lower(), view, operation, tuple(rule.arguments)))
    return sorted(routes, key=lambda route: (route.path, route.method))


def openapi_path(rule: str) -> str:
    """Return a Flask rule as an OpenAPI path: ``/a/<int:b>`` -> ``/a/{b}``."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def operation_spec(route: Route) -> dict[str, Any]:
    """Return the OpenAPI operation object of one route."""
    view, operation = route.view, route.operation
    summary, _, more = (view.__doc__ or "").strip().partition("\n")
    spec: dict[str, Any] = {
        "operationId": view.__name__,
        "summary": summary.strip().rstrip("."),
        "tags": [operation.tag],
        "responses": {},
    }
    description = " ".join(" ".join(part.split()) for part in (more, operation.description) if part.strip())
    if description:
        spec["description"] = description
    parameters: list[dict[str, Any]] = [PATH_PARAMETERS[name] for name in sorted(route.arguments)]
    if operation.query is not None:
        parameters.append({"in": "query", "schema": operation.query})
    if parameters:
        spec["parameters"] = parameters
    open311 = operation.dialect == "open311"
    if operation.body is not None:
        media = "application/x-www-form-urlencoded" if open311 else "application/json"
        spec["requestBody"] = {"required": True, "content": {media: {"schema": operation.body}}}
    if operation.staff:
        spec["security"] = [{"bearer": []}]
    for status, schema in operation.responses.items():
        response = success_response(status, schema, operation.headers.get(status))
        if open311:
            response["content"] = open311_content(schema)
        spec["responses"][str(status)] = response
    errors = OPEN311_ERRORS if open311 else ERRORS
    for status in sorted({*operation.errors, *ALWAYS}):
        spec["responses"][str(status)] = {"$ref": f"#/components/responses/{errors[status][0]}"}
    return spec


def open311_content(schema: Any) -> dict[str, Any]:
    """GeoReport answers JSON or XML, as the URL's extension asks; the XML spells the same fields."""
    return {OPEN311_MEDIA["json"]: {"schema": schema}, OPEN311_MEDIA["xml"]: {"schema": {"type": "string"}}}


def success_response(status: int, schema: Any, headers: dict[str, Any] | None) -> dict[str, Any]:
    schema_cls = resolve_schema_cls(schema)
    doc = (schema_cls.__doc__ or "").strip().splitlines()[0] if isinstance(schema_cls, type) else "OK"
    response: dict[str, Any] = {"description": doc, "content": {"application/json": {"schema": schema}}}
    if headers:
        response["headers"] = headers
    return response


PATH_PARAMETERS = {
    "format": {
        "in": "path",
        "name": "format",
        "required": True,
        "description": "`json` or `xml`.",
        "schema": {"type": "string", "enum": list(OPEN311_MEDIA)},
    },
    "service_code": {
        "in": "path",
        "name": "service_code",
        "required": True,
        "description": "One of the five areas.",
        "schema": {"type": "string", "enum": [category.value for category in Category]},
    },
    "service_request_id": {
        "in": "path",
        "name": "service_request_id",
        "required": True,
        "description": "A request's public reference.",
        "schema": {"type": "string", "pattern": f"^{REF_PATTERN}$", "examples": ["3F2A9C01B4"]},
    },
    "code": {
        "in": "path",
        "name": "code",
        "required": True,
        "description": "The item's tracking code, in any case, with or without its dash.",
        "schema": {"type": "string", "minLength": 1, "examples": ["K7QM-4XW2"]},
    },
    "ref": {
        "in": "path",
        "name": "ref",
        "required": True,
        "description": "The item's public reference (10 hexadecimal digits, any case).",
        "schema": {"type": "string", "pattern": f"^{REF_PATTERN}$", "examples": ["3F2A9C01B4"]},
    },
}
