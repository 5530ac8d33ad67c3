"""Every page a person sees speaks Chinese: each staff role walks the workspace, the admin pages, the auditor's
desk, the dashboards, the facilitator's entry form and receipt and the error pages in zh-Hans and zh-Hant;
every word looked up must be in that language's catalogue, and no run of English words may show outside data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from babel.support import Translations

from domain.actors import Actor
from tests.e2e.staff_browser import STAFF, Browser, item_at, ref_of, signed_in, submit

TRANSLATIONS = Path(__file__).resolve().parents[2] / "web" / "translations"
LANGUAGES = {"zh-Hans": "zh_Hans", "zh-Hant": "zh_Hant"}
ANONYMOUS = "anonymous"
# Downloads and photos, not pages.
NOT_PAGES = {"audit.export_csv", "audit.export_jsonl", "staff.dossier_docx", "staff.inbox_xlsx", "staff.item_photo",
             "dashboard.board_photo"}
# What the English-run check reads past: text set in code (references, hashes, commands), the log's own names
# (marked translate="no"), text marked as English (none now: the refusals speak the page's language) and what people typed.
CODE_TAGS = {"code", "pre", "script", "style", "textarea", "kbd", "samp"}
ENGLISH_RUN = re.compile(r"\b[A-Za-z]{4,}(?: [A-Za-z]{2,}){2,}")

# Per visitor: the pages they open (``{name}`` is the reference of one of the items of `world`) and the status.
MEANWHILE = "Ordered the swing from the city's supplier."  # progress reported while olga's page was open
VISITS: dict[str, list[tuple[str, int]]] = {
    ANONYMOUS: [("/staff/sign-in", 200), ("/dashboard", 200), ("/you-said-we-did", 200), ("/you-said-we-did/report", 200), ("/staff/no-such-page", 404)],
    "mona": [("/staff/", 200), ("/staff/account", 200), ("/staff/queue", 200), ("/staff/items/{new}", 200),
             ("/staff/items/{held}", 200), ("/staff/items/{held}/erase", 200), ("/staff/items/{hospital}", 200),
             ("/staff/dashboards", 200), ("/staff/items/0000000000", 404)],
    "dan": [("/staff/", 200), ("/staff/review", 200), ("/staff/topics", 200),
            ("/staff/topics/school-nutrition", 200), ("/staff/topics/school-nutrition/dossier", 200),
            ("/staff/items/{open}", 200), ("/staff/dashboards", 200)],
    "olga": [("/staff/", 200), ("/staff/inbox", 200), ("/staff/items/{health}", 200),
             ("/staff/items/{answered}", 200)],
    "eddie": [("/staff/inbox", 200), ("/staff/items/{health}", 403)],
    "fay": [("/staff/", 200), ("/staff/entry", 200), ("/staff/queue", 403)],
    "audrey": [("/staff/", 200), ("/staff/topics", 200), ("/staff/topics/school-nutrition", 200),
               ("/staff/topics/school-nutrition/dossier", 200),
               ("/staff/items/{answered}", 200), ("/staff/dashboards", 200), ("/audit/", 200),
               ("/audit/events", 200), ("/audit/events?item={answered}", 200), ("/audit/items?ref={answered}", 302),
               ("/audit/items/{answered}", 200), ("/audit/items/{answered}?version=2", 200),
               ("/audit/as-of", 200), ("/audit/as-of?at={now}", 200), ("/audit/verify", 200),
               ("/audit/verify?run=1", 200)],
    "adam": [("/staff/", 200), ("/staff/admin/staff", 200), ("/staff/admin/staff/new", 200),
             ("/staff/admin/staff/mona", 200), ("/staff/items/{held}/erase", 200), ("/staff/admin/names", 200),
             ("/staff/admin/names/venues/huadu-board", 200), ("/staff/admin/names/topics/school-nutrition", 200)],
    "sam": [("/staff/", 200), ("/staff/safeguarding", 200), ("/staff/safeguarding/{case}", 200)],
}


@pytest.fixture
def store_url() -> str:
    """The words do not depend on the kind of store: the in-memory one is enough."""
    return "memory://"


@pytest.fixture(scope="module")
def catalogues() -> dict[str, set[str]]:
    """Return, per locale, the message ids (a plural's singular) its catalogue translates in every form."""
    found = {}
    for locale in LANGUAGES.values():
        with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", "rb") as po:
            catalogue = read_po(po, locale=locale)
        found[locale] = {
            m.id if isinstance(m.id, str) else m.id[0] for m in catalogue
            if m.id and "fuzzy" not in m.flags and (all(m.string) if m.pluralizable else m.string)
        }
    return found


@pytest.fixture
def codes(site: Any, seeded: Any) -> dict[str, str]:
    """Items in every state the pages show, a topic with a proposal; return the items' codes by name."""
    app = seeded.app
    codes = {status: item_at(app, status) for status in ("submitted", "under_review", "forwarded", "answered")}
    codes["held"] = submit(app, text="Please call me on 13800138000 about the swing.")
    codes["hospital"] = submit(app, channel="hospital_review", venue="first-peoples-hospital", category="services",
                               text="The waiting room needs more picture books.",
                               ratings={"waiting_room": 2, "staff_kindness": 4})
    codes["case"] = submit(app, needs_help=True)
    places = seeded.services.places
    places.join_topic("school-nutrition", "dan")
    app.assign_topic(codes["under_review"], "school-nutrition", Actor.staff("dan"))
    places.table_proposal("school-nutrition", "2026-017", "Fresh fruit at every school lunch", seeded.staff("dan"))
    places.take_proposal_step("school-nutrition", "accepted", seeded.staff("dan"), handler="Education Bureau")
    site.extensions["projector"].catch_up()
    names = {"submitted": "new", "under_review": "open", "forwarded": "health"}
    return {names.get(key, key): code for key, code in codes.items()}


@pytest.fixture
def world(seeded: Any, codes: dict[str, str]) -> dict[str, str]:
    """The references of the items of `codes`, by name (what staff pages show and address), and the moment now."""
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")  # UTC, as the form reads a moment without a zone
    return {name: ref_of(seeded.app, code) for name, code in codes.items()} | {"now": now}


@pytest.fixture
def data(seeded: Any, codes: dict[str, str]) -> list[str]:
    """Return the words that come from data, not from the site: names of places, topics and staff, what was typed.

    The seed's places and topic have the one name they were registered with (a store made before names had
    languages): it is shown on every page, whatever the page's language.
    """
    places, app = seeded.services.places, seeded.app
    written: set[str] = {seeded.staff(username).display_name for username in STAFF}
    for source in [*places.list_venues(), *places.list_topics(), *(e for c in codes.values() for e in app.history(c))]:
        written.update(str(v) for v in vars(source).values() if isinstance(v, str) or hasattr(v, "is_erased"))
    return sorted((w for w in written | {MEANWHILE} if " " in w), key=len, reverse=True)


@contextmanager
def recording(asked: set[str]) -> Iterator[None]:
    """Record every message id looked up in the site's own catalogues (templates and code alike)."""
    lookup, plural = Translations.ugettext, Translations.ungettext

    def ours(catalogue: Translations) -> bool:
        return any(Path(f).is_relative_to(TRANSLATIONS) for f in getattr(catalogue, "files", []))

    def gettext(catalogue: Translations, message: str) -> str:
        if ours(catalogue):
            asked.add(message)
        return lookup(catalogue, message)

    def ngettext(catalogue: Translations, singular: str, plural_: str, n: int) -> str:
        if ours(catalogue):
            asked.add(singular)
        return plural(catalogue, singular, plural_, n)

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(Translations, "ugettext", gettext)
        patched.setattr(Translations, "ungettext", ngettext)
        yield


class VisibleText(HTMLParser):
    """Collect the words a reader sees, leaving out code, scripts and form fields' contents."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self._skipped: list[str] = []  # the open tags whose content is code

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if self._skipped or tag in CODE_TAGS or "code" in a.get("class", "").split() or a.get("lang") == "en" \
                or a.get("translate") == "no":
            self._skipped.append(tag)
            return
        self.words.extend(a[name] for name in ("title", "alt", "aria-label", "placeholder") if a.get(name))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self._skipped:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self._skipped and self._skipped[-1] == tag:
            self._skipped.pop()

    def handle_data(self, data: str) -> None:
        if not self._skipped:
            self.words.append(data)


def visible_text(page: str) -> str:
    reader = VisibleText()
    reader.feed(page)
    return " ¦ ".join(" ".join(words.split()) for words in reader.words if words.strip())  # no run across elements


def english_runs(page: str, data: list[str]) -> list[str]:
    """Return the runs of three or more English words the page shows outside code and data."""
    text = visible_text(page)
    for words in data:
        text = text.replace(words, " ")
    return ENGLISH_RUN.findall(text)


def visitor(site: Any, who: str, language: str) -> Browser:
    person = Browser(site) if who == ANONYMOUS else signed_in(site, who)
    person.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    return person


def conflict(site: Any, seeded: Any, world: dict[str, str], language: str) -> Browser:
    """Return olga's browser showing the "changed meanwhile" page (409) of the answered item."""
    olga = visitor(site, "olga", language)
    olga.get(f"/staff/items/{world['answered']}")
    seeded.app.record_progress(world["answered"], 30, MEANWHILE, Actor.staff("olga"))
    olga.submit("/progress", status=409, percent=70, note="The frame is up.")
    return olga


def receipt(site: Any, language: str) -> Browser:
    """Return fay's browser showing the receipt of a paper note she typed in."""
    fay = visitor(site, "fay", language)
    fay.get("/staff/entry")
    fay.submit("/staff/entry", channel="message_board", venue=fay.form("/staff/entry").values.get("entry-venue", ""),
               category="spaces", age_band="9-11", text="我想要一个秋千")
    return fay


def walk(site: Any, seeded: Any, world: dict[str, str], language: str) -> Iterator[tuple[str, Browser]]:
    """Open every page of every visitor in ``language``; yield where each page was and the browser showing it."""
    for who, visits in VISITS.items():
        person = visitor(site, who, language)
        for path, status in visits:
            person.get(path.format(**world), status)
            yield f"{who} GET {path}", person
    yield "olga, changed meanwhile (409)", conflict(site, seeded, world, language)
    yield "fay, the receipt", receipt(site, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_word_a_staff_page_shows_is_in_the_language_s_catalogue(
        site: Any, seeded: Any, world: dict[str, str], catalogues: dict[str, set[str]], language: str) -> None:
    asked: set[str] = set()
    with recording(asked):
        pages = [where for where, _ in walk(site, seeded, world, language)]
    assert len(pages) > 50 and len(asked) > 300, "the walk did not reach the pages, or did not record their words"
    assert sorted(asked - catalogues[LANGUAGES[language]]) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_staff_page_shows_a_run_of_english_words_outside_data(
        site: Any, seeded: Any, world: dict[str, str], data: list[str], language: str) -> None:
    found = {}
    for where, person in walk(site, seeded, world, language):
        runs = english_runs(person.page, data)
        if runs:
            found[where] = runs
    assert not found, "English outside data:\n" + "\n".join(f"{where}: {runs}" for where, runs in found.items())


def test_the_walk_opens_every_page_of_the_staff_workspace_the_desk_and_the_dashboards(
        site: Any, seeded: Any, world: dict[str, str]) -> None:
    adapter = site.url_map.bind("localhost")
    pages = {rule.endpoint for rule in site.url_map.iter_rules()
             if "GET" in (rule.methods or ()) and rule.endpoint.split(".")[0] in ("staff", "audit", "dashboard")
             and not rule.endpoint.endswith(".static")}
    opened = {adapter.match(path.split("?")[0].format(**world))[0]
              for visits in VISITS.values() for path, status in visits if status in (200, 302)}
    assert pages - NOT_PAGES - opened - {"staff.entry_receipt"} == set()
