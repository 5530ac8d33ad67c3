"""One answer, two spellings: GeoReport's XML (required by the spec) and its JSON mapping."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Any

from flask import Response

CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
FORMATS = tuple(CONTENT_TYPES)
# How XML spells the items of each list (JSON just nests them in an array).
ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
}
# Characters XML 1.0 cannot carry at all, not even escaped.
NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def respond(fmt: str, root: str, data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """Return ``data`` as JSON, or as XML under the element ``root``."""
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False)
    else:
        body = xml_document(root, data)
    return Response(body, status=status, headers=headers, content_type=CONTENT_TYPES[fmt])


def xml_document(root: str, data: Any) -> str:
    """Return ``data`` as an XML document with the declaration the spec asks for."""
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element(root, data), encoding="unicode")


def element(tag: str, value: Any) -> ET.Element:
    """Spell a value as XML: a dict's keys become child elements, a list's items repeat the item tag."""
    node = ET.Element(tag)
    if isinstance(value, list):
        node.extend(element(ITEM_TAGS[tag], item) for item in value)
    elif isinstance(value, dict):
        node.extend(element(key, item) for key, item in value.items())
    elif isinstance(value, bool):
        node.text = "true" if value else "false"
    elif value is not None:
        node.text = NOT_XML.sub("\ufffd", str(value))
    return node
