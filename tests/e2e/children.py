"""Helpers for the children's pages tests: a child's idea, sending it, reading pages as a reader does."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape
from typing import Any

import pytest

from domain.values import Decision
from web import create_app

IDEA = {
    "channel": "web",
    "category": "spaces",
    "age_band": "9-11",
    "text": "Please put more swings in the park near my home.",
}
CODE = re.compile(r"/receipt/([2-9A-Z]{4}-[2-9A-Z]{4})$")
ANSWERS = {
    Decision.ADOPTED: ("Per Notice 2026-14 the Bureau will procure play equipment in Q3.",
                       "Yes! New swings will come to your park this summer."),
    Decision.NOT_ADOPTED: ("The site is reserved for a fire lane under regulation 12.",
                           "We cannot put swings there, because fire engines need the space."),
}


def english(client: Any) -> Any:
    """Make ``client`` a browser that asks for English (the site's default is Simplified Chinese)."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture(name="client")
def english_client(app: Any) -> Any:
    """A client whose browser asks for English."""
    return english(app.test_client())


@pytest.fixture(name="guarded")
def guarded_english_client(seeded: Any) -> Any:
    """An English client of an app with CSRF protection on, as in production."""
    return english(create_app({"TESTING": True, "FEEDBACK_SERVICES": seeded.services}).test_client())


def share(client: Any, **fields: str) -> Any:
    """Send the share form as a child would, with ``fields`` changed."""
    return client.post("/share", data={**IDEA, **fields})


def share_code(client: Any, **fields: str) -> str:
    response = share(client, **fields)
    assert response.status_code == 302, response.get_data(as_text=True)
    match = CODE.search(response.headers["Location"])
    assert match, response.headers["Location"]
    return match.group(1)


def page(response: Any) -> str:
    """Return the text of a page as a reader sees it (tags kept, entities decoded)."""
    return unescape(response.get_data(as_text=True))


def csrf_token(html: str, prefix: str = "") -> str:
    match = re.search(rf'name="{prefix}csrf_token" type="hidden" value="([^"]+)"', html)
    assert match, "the form carries no CSRF token"
    return match.group(1)


def code_forms(code: str) -> tuple[str, ...]:
    """Return the ways a tracking code may be written: with its dash and without, in either case."""
    bare = code.replace("-", "")
    return (code, bare, code.lower(), bare.lower())


def assert_no_code(text: str, code: str, where: str = "the page") -> None:
    """Assert that no form of the tracking code ``code`` is in ``text`` (only the child holds a code)."""
    shown = [form for form in code_forms(code) if form in text]
    assert not shown, f"{where} shows the tracking code {code} (as {shown})"


def answer(seeded: Any, code: str, decision: Decision = Decision.ADOPTED) -> None:
    """Take ``code`` through review to an answer from the Health Commission."""
    response, explanation = ANSWERS[decision]
    seeded.app.act(seeded.staff("mona"), code, "accept")
    seeded.app.act(seeded.staff("dan"), code, "forward", body="health-commission",
                   due=date.today() + timedelta(days=10))
    seeded.app.act(seeded.staff("olga"), code, "answer", decision=decision, response=response,
                   explanation=explanation)
