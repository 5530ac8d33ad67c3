"""``/api/openapi.json`` and ``/api/docs``: the API described, for programs and for people.

The documentation page is rendered on the server from the OpenAPI document itself,
with no script and nothing fetched from elsewhere, so it works inside a closed
city network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask import current_app, jsonify, render_template
from markupsafe import Markup, escape

from web.api import bp
from web.api.inputs import NOT_BLANK
from web.api.openapi import ERRORS, build_spec

REF = "#/components/schemas/"


def spec() -> dict[str, Any]:
    """Return the app's OpenAPI document (made once per app: it depends only on the code)."""
    if "openapi" not in current_app.extensions:
        current_app.extensions["openapi"] = build_spec(current_app)
    return current_app.extensions["openapi"]


@bp.get("/openapi.json")
def openapi_document() -> Any:
    """Serve the OpenAPI 3.1 document of the API."""
    return jsonify(spec())


@bp.get("/docs")
def documentation() -> str:
    """Show the API's endpoints, parameters and schemas as a page."""
    document = spec()
    return render_template(
        "api/docs.html",
        info=document["info"],
        intro=blocks(document["info"].get("description", "")),
        tags=operations_by_tag(document),
        schemas=schema_pages(document),
        errors=[(status, name, inline(text)) for status, (name, text) in ERRORS.items()],
    )


# -- what the page shows ---------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One parameter, property or response, as a table row."""

    name: str
    type: Markup
    required: bool
    description: Markup


@dataclass(frozen=True)
class OperationPage:
    method: str
    path: str
    anchor: str
    summary: str
    description: Markup
    staff: bool
    parameters: list[Row]
    body: Markup | None
    body_media: str
    responses: list[Row]


def operations_by_tag(document: dict[str, Any]) -> dict[str, list[OperationPage]]:
    tags: dict[str, list[OperationPage]] = {tag["name"]: [] for tag in document.get("tags", [])}
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            media, body = next(iter(operation.get("requestBody", {}).get("content", {}).items()), ("", None))
            tags.setdefault(operation["tags"][0], []).append(OperationPage(
                method=method.upper(),
                path=path,
                anchor=operation["operationId"],
                summary=operation.get("summary", ""),
                description=inline(operation.get("description", "")),
                staff="security" in operation,
                parameters=[
                    Row(f"{p['name']} ({p['in']})", type_of(p["schema"]), p.get("required", False),
                        inline(constraints({**p["schema"], "description": p.get("description", "")})))
                    for p in operation.get("parameters", [])
                ],
                body=type_of(body["schema"]) if body else None,
                body_media=media,
                responses=[response_row(document, status, response)
                           for status, response in operation["responses"].items()],
            ))
    return tags


def response_row(document: dict[str, Any], status: str, response: dict[str, Any]) -> Row:
    if "$ref" in response:
        response = document["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
    content = response.get("content", {}).get("application/json")
    headers = ", ".join(response.get("headers", {}))
    text = response.get("description", "") + (f" Headers: `{headers}`." if headers else "")
    return Row(status, type_of(content["schema"]) if content else Markup(""), False, inline(text))


def schema_pages(document: dict[str, Any]) -> dict[str, tuple[Markup, list[Row]]]:
    pages = {}
    for name, schema in document["components"]["schemas"].items():
        required = set(schema.get("required", ()))
        rows = [
            Row(prop, type_of(sub), prop in required, inline(constraints(sub)))
            for prop, sub in schema.get("properties", {}).items()
        ]
        pages[name] = (inline(schema.get("description", "")), rows)
    return pages


def type_of(schema: dict[str, Any]) -> Markup:
    """Return a short, linked description of a JSON schema's type."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix(REF)
        return Markup('<a href="#schema-{0}">{0}</a>').format(name)
    for combinator, joiner in (("anyOf", " or "), ("oneOf", " | ")):
        if combinator in schema:
            return Markup(joiner).join(type_of(part) for part in schema[combinator])
    if "enum" in schema:
        return Markup("one of ") + Markup(", ").join(
            Markup("<code>{}</code>").format("null" if v is None else v) for v in schema["enum"]
        )
    kinds = schema.get("type", "any")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    words = []
    for kind in kinds:
        if kind == "array":
            words.append(Markup("array of ") + type_of(schema.get("items", {})))
        elif kind == "object" and isinstance(schema.get("additionalProperties"), dict):
            words.append(Markup("object of ") + type_of(schema["additionalProperties"]))
        elif kind == "object" and schema.get("properties"):
            words.append(Markup("object with ") + Markup(", ").join(
                Markup("<code>{}</code>").format(key) for key in schema["properties"]))
        else:
            words.append(escape(kind) + (Markup(" ({})").format(schema["format"]) if "format" in schema else ""))
    return Markup(" or ").join(words)


def constraints(schema: dict[str, Any]) -> str:
    """Return a property's description followed by its limits, in words."""
    parts = [schema.get("description", "")]
    if "minimum" in schema or "maximum" in schema:
        parts.append(f"From {schema.get('minimum', '…')} to {schema.get('maximum', '…')}.")
    if "maxLength" in schema:
        parts.append(f"At most {schema['maxLength']} characters.")
    if schema.get("pattern") == NOT_BLANK:
        parts.append("Not blank.")
    if "default" in schema:
        parts.append(f"Default `{schema['default']}`.")
    return " ".join(part for part in parts if part)


def inline(text: str) -> Markup:
    """Return text with `code` and **strong** marked up, everything else escaped."""
    html = str(escape(text))
    html = re.sub(r"`([^`]+)`", r"<code>\1</code>", html)
    html = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", html)
    return Markup(html)


def blocks(text: str) -> list[tuple[str, list[Markup]]]:
    """Split a description into paragraphs and bullet lists: ("p", [text]) or ("ul", [items])."""
    out: list[tuple[str, list[Markup]]] = []
    for chunk in text.strip().split("\n\n"):
        lines = [line.strip() for line in chunk.splitlines()]
        if lines and lines[0].startswith("* "):
            items: list[str] = []
            for line in lines:
                if line.startswith("* "):
                    items.append(line[2:])
                else:
                    items[-1] += " " + line
            out.append(("ul", [inline(item) for item in items]))
        else:
            out.append(("p", [inline(" ".join(lines))]))
    return out
