"""Hardening in one place: security headers, caching, cookie flags, JSON depth, and budgets per client and venue."""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, request
from flask.json.provider import DefaultJSONProvider
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer
from limits import parse_many
from werkzeug.exceptions import BadRequest
from werkzeug.middleware.proxy_fix import ProxyFix

from feedback.budgets import Allowance, Budgets
from feedback.errors import NotFound

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
HEADER_NAMES = tuple((name.lower(), name, value) for name, value in HEADERS.items())
HSTS = "max-age=31536000; includeSubDomains"
MAX_JSON_DEPTH = 32  # the deepest body the API takes is 3; the parser recurses once per level
# A JSON string (skipped whole, so brackets inside words do not count) or a bracket.
JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
# The URL arguments that name an item: a child's tracking code, or an item's public reference.
ITEM_KEYS = frozenset({"code", "ref", "service_request_id"})
# Filing ideas: every path that files one.
SUBMIT_ENDPOINTS = frozenset({"api.submit_suggestion", "children.share", "children.kiosk", "open311.file_request"})


# The query arguments that name an item: Open311's id list, the auditor's search and event filter, the code form.
ITEM_QUERY_KEYS = ("code", "ref", "item", "service_request_id")


def names_an_item() -> bool:
    """Say whether this request names an item by its key (in its path, or in its query)."""
    return bool(ITEM_KEYS & (request.view_args or {}).keys()) or any(
        request.args.get(key, "").strip() for key in ITEM_QUERY_KEYS)


def kiosk_venue() -> str:
    """Return the canonical id of the venue whose kiosk this is (however its slug or id was spelled)."""
    from web.extensions import places

    slug = (request.view_args or {}).get("slug", "")
    try:
        return str(places().get_venue(slug).id)
    except NotFound:
        return slug.lower()  # the kiosk answers 404: any spelling of a place that is not there


@dataclass(frozen=True)
class Rule:
    """A budget for one kind of request, per client (and per venue for kiosks)."""

    name: str
    applies: Callable[[], bool]
    per_client: str
    per_venue: Callable[[], str] | None = None
    venue_allowance: str = ""


RULES = (
    # Anything that names an item, by any method: enough for a family, too few to guess a 40-bit code.
    Rule("item-key", names_an_item, per_client="60/minute;1000/day"),
    # Filing ideas: a kiosk is one client for many children, so its venue has a budget of its own too.
    Rule("submit", lambda: request.method == "POST" and request.endpoint in SUBMIT_ENDPOINTS,
         per_client="20/minute;300/day",
         per_venue=lambda: kiosk_venue() if request.endpoint == "children.kiosk" else "",
         venue_allowance="6/minute;600/day"),
    Rule("sign-in", lambda: request.method == "POST" and request.path.startswith("/staff/sign-in"),
         per_client="10/minute;100/day"),
)


def client_of(address: str) -> str:
    """Return whose budget a request spends: its IPv4 address, or its IPv6 address's /64 (one network's share)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(getattr(ip, "ipv4_mapped", None) or ip)


def allowances(spec: str) -> tuple[Allowance, ...]:
    """Return the allowances of ``"60/minute;1000/day"``."""
    return tuple(Allowance(item.amount, item.get_expiry()) for item in parse_many(spec))


class RateLimits:
    """Budgets per client and per venue, counted in the store: every worker process spends from the same one."""

    def __init__(self, budgets: Budgets) -> None:
        self.budgets = budgets

    def allow(self, client: str) -> bool:
        """Count this request against the first rule it falls under; return False when it goes over."""
        for rule in RULES:
            if rule.applies():
                return self._spend(rule, client)
        return True

    def _spend(self, rule: Rule, client: str) -> bool:
        allowed = self.budgets.spend(f"{rule.name}:client:{client}", allowances(rule.per_client))
        venue = rule.per_venue() if rule.per_venue else ""
        if venue:
            allowed = self.budgets.spend(f"{rule.name}:venue:{venue}", allowances(rule.venue_allowance)) and allowed
        return allowed


def storable() -> bool:
    """Say whether a browser or proxy may keep this answer: only a static file, never a page.

    Pages may hold a tracking code or a child's words (the receipt, the tracking page, a kiosk's
    receipt, a form given back with its words, the staff and audit pages, the API); deciding
    page by page would forget the next one.
    """
    return request.endpoint is not None and (
        request.endpoint.rpartition(".")[2] == "static" or request.endpoint in STORABLE_ENDPOINTS)


# Answers that name no child and no code: a photo on the public board (revalidated every time, see web.evidence).
STORABLE_ENDPOINTS = frozenset({"dashboard.board_photo"})


class SigningOnce(SecureCookieSessionInterface):
    """Flask's signed session cookie, with its signing serializer made once per set of keys, not per request."""

    _made: tuple[tuple[Any, ...], URLSafeTimedSerializer | None] | None = None

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        made = self._made
        if made is None or made[0] != keys:
            made = self._made = (keys, super().get_signing_serializer(app))
        return made[1]


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON, keeping keys in order and words as written, refusing a body nested too deep to parse."""

    sort_keys = False
    ensure_ascii = False

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        check_depth(s)
        return super().loads(s, **kwargs)


def check_depth(text: str | bytes) -> None:
    """Refuse JSON nested deeper than MAX_JSON_DEPTH with a 400, before the parser overflows its stack."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    depth = 0
    for token in JSON_TOKENS.findall(text):
        if token in ("[", "{"):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise BadRequest(f"the JSON is nested too deeply: at most {MAX_JSON_DEPTH} levels of [ and {{")
        elif token in ("]", "}"):
            depth -= 1


def too_many() -> Any:
    from web.errors import error_response

    response = error_response(429, "too many tries in a short time; please wait a minute and try again")
    if isinstance(response, tuple):
        return (*response, {"Retry-After": "60"})
    response.headers["Retry-After"] = "60"
    return response


def init_app(app: Flask) -> None:
    """Set cookie flags and the JSON parser, add the headers to every response, and spend from the budgets."""
    secure = os.environ.get("FEEDBACK_SECURE_COOKIES") == "1"
    app.config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    app.config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    app.config.setdefault("SESSION_COOKIE_SECURE", secure)
    app.config.setdefault("FEEDBACK_RATE_LIMITS", os.environ.get("FEEDBACK_RATE_LIMITS", "on"))
    app.json = JSONProvider(app)
    app.session_interface = SigningOnce()
    if os.environ.get("FEEDBACK_BEHIND_PROXY") == "1":
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
    limits = RateLimits(app.extensions["services"].budgets)
    app.extensions["rate_limits"] = limits

    def limit() -> Any:
        if app.config["FEEDBACK_RATE_LIMITS"] == "off":
            return None
        if not limits.allow(client_of(request.remote_addr or "unknown")):
            return too_many()
        return None

    # Before everything else (the CSRF check too): a refused form spends from the budget as well.
    app.before_request_funcs.setdefault(None, []).insert(0, limit)

    @app.after_request
    def headers(response: Response) -> Response:
        # One pass over what the view set, then the rest added in order (as setdefault would, at a tenth the cost).
        present = set(response.headers.keys(lower=True))
        response.headers.extend([(name, value) for lower, name, value in HEADER_NAMES if lower not in present])
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        if not storable():
            response.headers["Cache-Control"] = "no-store"
        return response
