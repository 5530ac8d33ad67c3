"""Which language a page speaks: ``?lang=``, then the cookie, then the browser; Simplified Chinese by default."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from babel import Locale
from flask import Flask, Response, g, request
from flask_babel import format_number, format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import LanguageAccept

from feedback.places import reading_language, set_reading_language
from web.extensions import babel

DEFAULT = "zh-Hans"
# What the API speaks to a client that says nothing: its field names and tests are English.
API_DEFAULT = "en"
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600

# Language tag (as HTML and the ``lang`` parameter spell it) -> Babel locale (the catalogue's folder).
LOCALES = {"zh-Hans": "zh_Hans", "zh-Hant": "zh_Hant", "en": "en"}
# Each language named in its own words, for the switcher.
NAMES = {"zh-Hans": "简体中文", "zh-Hant": "繁體中文", "en": "English"}
# Each language named in the reader's words (staff read which language a child wrote in): the switcher's languages.
IN_YOUR_WORDS = {"zh-Hans": _l("Simplified Chinese"), "zh-Hant": _l("Traditional Chinese"), "en": _l("English")}
TRADITIONAL_REGIONS = ("zh-tw", "zh-hk", "zh-mo")


def language_tag(value: str | None) -> str | None:
    """Return the supported tag for ``value`` (``zh-TW`` -> ``zh-Hant``), or None."""
    spelled = (value or "").strip().replace("_", "-").lower()
    if spelled.startswith("zh-hans"):
        return "zh-Hans"
    if spelled.startswith("zh-hant") or spelled.startswith(TRADITIONAL_REGIONS):
        return "zh-Hant"
    if spelled == "zh" or spelled.startswith("zh-"):
        return "zh-Hans"
    if spelled == "en" or spelled.startswith("en-"):
        return "en"
    return None


def language_name(tag: str | None) -> str:
    """Return the name of the language ``tag`` in the page's language (the tag itself for one we do not speak)."""
    known = language_tag(tag)
    return str(IN_YOUR_WORDS[known]) if known else (tag or "–")


def answer_in(tag: str | None) -> str:
    """Return the hint that tells staff which language a child wrote in, and so which to answer in."""
    return _("The child wrote in %(language)s: answer in %(language)s.", language=language_name(tag))


def browser_language(accept: LanguageAccept) -> str | None:
    """Return the first supported language of an Accept-Language header, best first."""
    for value, quality in accept:
        tag = language_tag(value) if quality > 0 else None
        if tag:
            return tag
    return None


def current_language() -> str:
    """Return the tag of the language this request speaks (chosen once per request)."""
    if "language" not in g:
        g.language = _choose()
    return g.language


def _choose() -> str:
    return (
        language_tag(request.args.get("lang"))
        or language_tag(request.cookies.get(COOKIE))
        or browser_language(request.accept_languages)
        or (API_DEFAULT if request.path.startswith("/api/") else DEFAULT)
    )


def read_names_in_the_request_language() -> None:
    """Have every place, body, topic and district name of this request read in the request's language."""
    set_reading_language(current_language())


def shown_name(named: Any) -> str:
    """Return a venue's or topic's name in the page's language (a template filter: ``{{ board|named }}``)."""
    return named.name_in(reading_language()) if named else ""


# Parsed once: Flask-Babel takes a Locale as it is, and would parse a name again on every request.
PARSED_LOCALES = {tag: Locale.parse(name) for tag, name in LOCALES.items()}


def select_locale() -> Locale:
    return PARSED_LOCALES[current_language()]


def remember_language(response: Response) -> Response:
    """Keep the language a child chose with ``?lang=`` in a cookie; say what the page speaks."""
    asked = language_tag(request.args.get("lang"))
    if asked and asked != request.cookies.get(COOKIE):
        response.set_cookie(COOKIE, asked, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True,
                            secure=request.is_secure)
    if "language" in g:
        response.headers["Content-Language"] = g.language
        response.vary.update(("Accept-Language", "Cookie"))
    return response


@dataclass(frozen=True)
class LanguageLink:
    """One link of the language switcher."""

    tag: str
    name: str
    url: str
    current: bool


def language_links() -> list[LanguageLink]:
    """Return a link to this page in each language (plain links: no script needed)."""
    here = current_language()
    links = []
    for tag, name in NAMES.items():
        args = request.args.copy()
        args["lang"] = tag
        links.append(LanguageLink(tag, name, f"{request.path}?{urlencode(list(args.items(multi=True)))}", tag == here))
    return links


def template_words() -> dict[str, Any]:
    return {"page_lang": current_language(), "language_links": language_links}


def init_app(app: Flask) -> None:
    """Bind Flask-Babel to ``app`` with our locale and timezone, and remember choices."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", LOCALES[DEFAULT])
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", app.extensions["services"].settings.timezone)
    babel.init_app(app, locale_selector=select_locale)
    app.before_request(read_names_in_the_request_language)
    app.after_request(remember_language)
    app.context_processor(template_words)
    app.jinja_env.filters["number"] = format_number
    app.jinja_env.filters["percent"] = format_percent
    app.jinja_env.filters["language_name"] = language_name
    app.jinja_env.filters["named"] = shown_name
