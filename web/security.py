"""Hardening in one place: security headers, cookie flags, and rate limits per client and per board."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, request
from limits import parse_many
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from werkzeug.middleware.proxy_fix import ProxyFix

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Tracking codes travel in URLs (/track/K7QM-4XW2): never hand them to another site.
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
HSTS = "max-age=31536000; includeSubDomains"
CODE_PATH = re.compile(r"^/(?:track|api/v1/suggestions|receipt)/[^/]+/?$")
KIOSK_PATH = re.compile(r"^/kiosk/([^/]+)")


@dataclass(frozen=True)
class Rule:
    """A rate limit for one kind of request, per client (and per board for kiosks)."""

    name: str
    methods: frozenset[str]
    matches: Callable[[str], bool]
    per_client: str
    per_board: str = ""


RULES = (
    # Filing ideas: a kiosk is one client for many children, so its board gets its own budget.
    Rule("submit", frozenset({"POST"}),
         lambda p: p in ("/api/v1/suggestions", "/share") or p.startswith(("/kiosk/", "/open311/v2/requests")),
         per_client="20/minute;300/day", per_board="6/minute;600/day"),
    # Looking up tracking codes: enough for a family, too few to guess a 40-bit code.
    Rule("lookup", frozenset({"GET", "HEAD"}), lambda p: bool(CODE_PATH.match(p)), per_client="60/minute;1000/day"),
    Rule("sign-in", frozenset({"POST"}), lambda p: p.startswith("/staff/sign-in"), per_client="10/minute;100/day"),
)


class RateLimits:
    """Moving-window limits kept in this process (each web worker counts for itself)."""

    def __init__(self) -> None:
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    def check(self, path: str, method: str, client: str) -> bool:
        """Count this request; return False when it goes over a limit."""
        for rule in RULES:
            if method in rule.methods and rule.matches(path):
                keys = [(rule.per_client, f"client:{client}")]
                board = KIOSK_PATH.match(path)
                if board and rule.per_board:
                    keys = [(rule.per_board, f"board:{board.group(1)}")]
                return all(self._hit(limit, rule.name, key) for limit, key in keys)
        return True

    def _hit(self, limits: str, name: str, key: str) -> bool:
        return all(self.limiter.hit(limit, name, key) for limit in parse_many(limits))


def too_many() -> Any:
    from web.errors import error_response

    response = error_response(429, "too many tries in a short time; please wait a minute and try again")
    if isinstance(response, tuple):
        return (*response, {"Retry-After": "60"})
    response.headers["Retry-After"] = "60"
    return response


def init_app(app: Flask) -> None:
    """Set cookie flags, add the headers to every response, and check the rate limits."""
    secure = os.environ.get("FEEDBACK_SECURE_COOKIES") == "1"
    app.config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    app.config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    app.config.setdefault("SESSION_COOKIE_SECURE", secure)
    app.config.setdefault("FEEDBACK_RATE_LIMITS", os.environ.get("FEEDBACK_RATE_LIMITS", "on"))
    if os.environ.get("FEEDBACK_BEHIND_PROXY") == "1":
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
    limits = RateLimits()
    app.extensions["rate_limits"] = limits

    @app.before_request
    def limit() -> Any:
        if app.config["FEEDBACK_RATE_LIMITS"] == "off":
            return None
        if not limits.check(request.path, request.method, request.remote_addr or "unknown"):
            return too_many()
        return None

    @app.after_request
    def headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response
