"""A small browser for the staff pages: read a page's forms and send them as a person would."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from html import unescape
from html.parser import HTMLParser
from typing import Any

from domain.actors import Actor
from domain.values import Role
from feedback.accounts import Accounts
from feedback.application import FeedbackApp
from tests.e2e.children import assert_no_code, code_forms  # noqa: F401 (one home; staff tests import them from here too)

STAFF = ("mona", "dan", "olga", "eddie", "fay", "audrey", "adam", "sam")
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def password_of(username: str) -> str:
    return f"{username}-password-1"


def set_passwords(accounts: Accounts) -> None:
    """Give every seeded staff member a password (``<name>-password-1``)."""
    for username in STAFF:
        accounts.set_password(username, password_of(username))


def in_days(days: int) -> Any:
    return datetime.now(timezone.utc).date() + timedelta(days=days)


def actor(username: str) -> Actor:
    return Actor.staff(username)


IDEA = {
    "channel": "message_board",
    "venue": "huadu-board",
    "category": "spaces",
    "age_band": "9-11",
    "text": "Please put a swing next to the reading corner of the Huadu board.",
}


def submit(app: FeedbackApp, **changes: Any) -> str:
    """File an idea and return its code."""
    return app.submit(**{**IDEA, **changes}).code


def item_at(app: FeedbackApp, status: str, body: str = "health-commission", **changes: Any) -> str:
    """Return the code of an item driven through the application to ``status``."""
    code = submit(app, **changes)
    if status == "submitted":
        return code
    app.accept(code, actor("mona"))
    if status == "under_review":
        return code
    app.forward(code, body, in_days(14), actor("dan"))
    if status == "forwarded":
        return code
    app.answer(code, "adopted", "Funded in the 2026 budget.", "Yes! A swing is coming.", actor("olga"))
    if status == "answered":
        return code
    app.record_progress(code, 40, "Ordered the swing.", actor("olga"))
    if status == "in_progress":
        return code
    app.mark_implemented(code, "Photo of the new swing.", actor("olga"))
    assert status == "implemented", status
    return code


def ref_of(app: FeedbackApp, code: str) -> str:
    """Return the public reference of the item filed under ``code``: what staff pages show and address."""
    ref = app.get_suggestion(code).ref
    assert ref, f"the item of {code} has no public reference"
    return ref


def add_official(accounts: Accounts, username: str, body: str) -> None:
    accounts.add_staff(username, Role.OFFICIAL, body=body)
    accounts.set_password(username, password_of(username))


# -- reading pages ------------------------------------------------------------------


@dataclass
class Form:
    """A form as a page shows it: where it goes and the values it would send."""

    action: str
    method: str
    values: dict[str, str] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)

    def name_for(self, short: str) -> str:
        """Return the form's field name for ``short`` (forms may prefix their fields, e.g. ``answer-response``)."""
        for name in self.names:
            if name == short or name.endswith("-" + short):
                return name
        raise KeyError(f"the form to {self.action} has no field {short!r}; it has {self.names}")

    def filled(self, **values: Any) -> dict[str, str]:
        data = dict(self.values)
        for short, value in values.items():
            data[self.name_for(short)] = str(value)
        return data


class FormReader(HTMLParser):
    """Collect the forms of a page with their default values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: str | None = None
        self._select: str | None = None
        self._first_option: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(a.get("action", ""), a.get("method", "get").lower())
            self.forms.append(self._form)
        if self._form is None:
            return
        if tag == "input" and a.get("name"):
            self._input(a)
        elif tag == "textarea":
            self._textarea = a["name"]
            self._add(a["name"], "")
        elif tag == "select":
            self._select = a["name"]
            self._add(a["name"], None)
        elif tag == "option" and self._select:
            value = a.get("value", "")
            self._first_option.setdefault(self._select, value)
            if "selected" in a:
                self._form.values[self._select] = value

    def _input(self, a: dict[str, str]) -> None:
        kind = a.get("type", "text")
        if kind in ("radio", "checkbox"):
            self._add(a["name"], None)
            if "checked" in a:
                assert self._form is not None
                self._form.values[a["name"]] = a.get("value", "on")
        elif kind != "submit":
            self._add(a["name"], a.get("value", ""))

    def _add(self, name: str, value: str | None) -> None:
        assert self._form is not None
        if name not in self._form.names:
            self._form.names.append(name)
        if value is not None:
            self._form.values[name] = value

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            # A browser drops the newline that starts a textarea's content.
            start = not self._form.values[self._textarea]
            self._form.values[self._textarea] += data.removeprefix("\r\n").removeprefix("\n") if start else data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            if self._select and self._form is not None and self._select not in self._form.values:
                self._form.values[self._select] = self._first_option.get(self._select, "")
            self._select = None
        elif tag == "form":
            self._form = None


def row(page: str, label: str) -> str:
    """Return the words of the first table row headed ``label``."""
    match = re.search(rf'<tr>\s*<th scope="row">{re.escape(label)}</th>(.*?)</tr>', page, re.S)
    assert match, f"no row {label!r}"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def forms_of(html: str) -> list[Form]:
    reader = FormReader()
    reader.feed(html)
    return reader.forms


class Browser:
    """One person's visits: a test client that speaks English and sends forms as shown."""

    def __init__(self, flask_app: Any) -> None:
        self.client = flask_app.test_client()
        self.client.environ_base.update(ENGLISH)
        self.page = ""
        self.status = 0
        self.location = ""

    def get(self, path: str, status: int | None = 200) -> str:
        response = self.client.get(path)
        return self._read(response, status)

    def _read(self, response: Any, status: int | None) -> str:
        self.status = response.status_code
        self.location = response.headers.get("Location", "")
        self.page = unescape(response.get_data(as_text=True))
        if status is not None:
            assert self.status == status, f"{self.status} (wanted {status}) {self.location}\n{self.text()[:3000]}"
        return self.page

    def form(self, action_part: str) -> Form:
        """Return the first form on the page whose action ends with ``action_part`` (else contains it)."""
        forms = forms_of(self.page)
        ending = [f for f in forms if f.action.split("?")[0].endswith(action_part)]
        found = ending or [f for f in forms if action_part in f.action]
        assert found, f"no form to {action_part!r} on the page; forms go to {[f.action for f in forms_of(self.page)]}"
        return found[0]

    def has_form(self, action_part: str) -> bool:
        return any(action_part in f.action for f in forms_of(self.page))

    def submit(self, action_part: str, status: int | None = None, follow: bool = True, **values: Any) -> str:
        """Fill in and send a form of the current page; follow the redirect like a browser."""
        form = self.form(action_part)
        response = self.client.post(form.action, data=form.filled(**values))
        if follow and response.status_code in (301, 302, 303):
            location = response.headers["Location"]
            return self.get(location, status if status is not None else 200)
        return self._read(response, status)

    def sign_in(self, username: str, password: str | None = None) -> str:
        """Sign in through the real sign-in form."""
        self.get("/staff/sign-in")
        return self.submit("/staff/sign-in", username=username, password=password or password_of(username))

    def text(self) -> str:
        """Return the page as words (tags removed, whitespace squeezed)."""
        no_tags = re.sub(r"<[^>]+>", " ", self.page)
        return " ".join(no_tags.split())


def signed_in(flask_app: Any, username: str) -> Browser:
    """Return a browser of ``username``, signed in through the real sign-in form."""
    person = Browser(flask_app)
    person.sign_in(username)
    return person
