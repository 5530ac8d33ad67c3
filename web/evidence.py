"""Evidence as every audience reads it: words whose web addresses are links, and photos served with care."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, request
from markupsafe import Markup, escape

from uuid import UUID

from domain.suggestion import EvidencePhoto
from feedback.errors import N_, NotFound
from feedback.evidence import PHOTOS_PER_UPLOAD, WITH_PHOTOS
from feedback.photos import MAX_UPLOAD_BYTES

# An http(s) address up to the first space, quote, angle bracket or full-width punctuation; trailing
# sentence punctuation (ASCII or Chinese) is left outside the link.
URL = re.compile(r"https?://[^\s<>\"'\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]+",
                 re.IGNORECASE)
TRAILING = ".,;:!?)]}"
LINK_REL = "noopener noreferrer nofollow"


def linked(text: Any) -> Markup:
    """Return ``text`` escaped, with each http or https address made a link (no other scheme ever is)."""
    words = "" if text is None else str(text)
    out: list[str] = []
    last = 0
    for match in URL.finditer(words):
        address = match.group(0).rstrip(TRAILING)
        end = match.start() + len(address)
        if not _web_address(address):
            continue
        out.append(str(escape(words[last:match.start()])))
        out.append(f'<a href="{escape(address)}" rel="{LINK_REL}" target="_blank">{escape(address)}</a>')
        last = end
    out.append(str(escape(words[last:])))
    return Markup("".join(out))


def _web_address(address: str) -> bool:
    try:
        parts = urlsplit(address)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def photo_key(photo_id: str) -> UUID:
    """Return the photo's id from the address; a malformed one names no photo."""
    try:
        return UUID(hex=photo_id)
    except ValueError:
        raise NotFound(N_("there is no such photo")) from None


def photo_response(photo: EvidencePhoto, data: bytes, *, public: bool) -> Response:
    """Return a photo's bytes with its type, never sniffed; cached only as its audience allows."""
    response = Response(data, mimetype=photo.media_type)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = f'inline; filename="photo-{photo.id.hex[:8]}.' \
                                              f'{"png" if photo.media_type == "image/png" else "jpg"}"'
    response.set_etag(photo.digest)
    # A public photo is revalidated every time, so an erased one is never shown again from a cache; staff's
    # and a child's (whose address holds their code) are never kept at all (web.security.storable).
    response.headers["Cache-Control"] = "public, no-cache" if public else "no-store"
    return response


# The steps whose form may carry photos take a body this large; every other request stays within the app's limit.
PHOTO_STEPS = frozenset(step.name for step in WITH_PHOTOS)
MAX_PHOTO_BODY = PHOTOS_PER_UPLOAD * MAX_UPLOAD_BYTES + 256 * 1024


def allow_photos() -> None:
    """Let a progress report or the work done carry its photos (before anything reads the body, the CSRF check too)."""
    if request.endpoint == "staff.take_step" and (request.view_args or {}).get("step_name") in PHOTO_STEPS:
        request.max_content_length = MAX_PHOTO_BODY


def init_app(app: Flask) -> None:
    """Make ``linked`` a template filter, and let the steps with photos take their larger bodies."""
    app.jinja_env.filters["linked"] = linked
    app.before_request_funcs.setdefault(None, []).insert(0, allow_photos)
