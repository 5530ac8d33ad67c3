"""Absolute URLs people scan or copy (QR codes, posters, Open311 discovery), from the configured public base.

The request's Host header is never used: whoever sends a request cannot choose
where a child's QR code points.
"""

from __future__ import annotations

from typing import Any

from flask import url_for

from web.extensions import services


def public_url(endpoint: str, **values: Any) -> str:
    """Return the absolute URL of ``endpoint`` under ``FEEDBACK_PUBLIC_URL``."""
    return services().settings.public_url + url_for(endpoint, **values)
