"""A Chinese-speaking staff's day in a real browser, over the demo's year: no English word on the way.

Each role signs in through the form with a browser that prefers Simplified (then Traditional) Chinese and works its
pages; every page's words are read as a person reads them (the child's own words, which keep their
language and say so with ``lang``, are left out, as are references and user names) and must hold
no English. The README's staff screenshots are taken here (``make screenshots``).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from feedback.bootstrap import bootstrap
from feedback.config import Settings
from feedback.demo import load_demo
from tests.browser.checks import shoot
from tests.browser.conftest import DESKTOP, LiveSite, open_page, sign_in, watched
from tests.conftest import Seeded
from web import create_app

pytestmark = pytest.mark.browser

DEMO_IDEAS = 300  # the size `make run` loads: the figures clear the small-group rule
# Words a Chinese reader meets as they are: abbreviations and names that have no Chinese form.
ALLOWED = {"API", "CSV", "JSON", "JSONL", "UTC", "PDF", "QR", "GeoReport", "Open311", "SHA", "HMAC", "ID",
           "Word", "Excel", "JPEG", "PNG", "SQLite", "PostgreSQL", "OK", "Lines", "Cookie", "English"}
# (JSON Lines; Cookie as Chinese writes it; English as a language picker names it, in its own words)
# The page's words as a person reads them, without the child's own words (marked with a non-Chinese
# ``lang``), references, codes, user names and machine values shown in monospace.
READABLE_TEXT = """() => {
  const copy = document.body.cloneNode(true);
  copy.querySelectorAll('[lang]:not([lang^="zh"]), code, kbd, samp, .code, .ref, .username, script, style, svg')
      .forEach(e => e.remove());
  return copy.innerText;
}"""
# A token is what lies between spaces and Chinese punctuation; only all-letter tokens are words
# (codes, hashes, addresses and numbers mix in digits or slashes and are what they are).
TOKEN = re.compile(r"[A-Za-z0-9/._:#%+-]+")
WORD = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveSite]:
    """The demo world (its staff, places and a year of ideas) served by waitress over SQLite."""
    from waitress.server import create_server

    store = tmp_path_factory.mktemp("staff-day") / "feedback.sqlite"
    services = bootstrap(Settings(database_url=f"sqlite:///{store}"))
    load_demo(services, seed=1, suggestions=DEMO_IDEAS)
    site = create_app({"FEEDBACK_SERVICES": services, "SECRET_KEY": "staff-day", "FEEDBACK_RATE_LIMITS": "off"})
    site.extensions["projector"].catch_up()  # the read models as `feedback serve` keeps them
    server = create_server(site, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, name="waitress", daemon=True)
    thread.start()
    yield LiveSite(f"http://127.0.0.1:{server.effective_port}", Seeded(services, {}))
    server.close()
    thread.join(timeout=5)
    services.close()


def english_words(page: Any) -> list[str]:
    """Return the English words a Chinese reader would meet on the page."""
    tokens = TOKEN.findall(page.evaluate(READABLE_TEXT))
    return [t for t in tokens if WORD.fullmatch(t.strip(".:,")) and t.strip(".:,") not in ALLOWED]


def read(page: Any, site: LiveSite, path: str, seen: dict[str, list[str]], username: str = "") -> None:
    """Open ``path`` and note any English on it (the reader's own user name aside)."""
    response = page.goto(site.at(path))
    assert response is not None and response.status == 200, (path, response and response.status)
    found = [w for w in english_words(page) if w not in re.split(r"[^A-Za-z]+", username)]
    if found:
        seen[path] = sorted(set(found))


def first_item_link(page: Any) -> str | None:
    link = page.locator("main a[href*='/staff/items/']").first
    return link.get_attribute("href") if link.count() else None


@pytest.fixture(params=["zh-Hans", "zh-Hant"])
def staff_page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A desktop browser that prefers Simplified Chinese, then one that prefers Traditional Chinese."""
    with watched(open_page(browser, DESKTOP, lang=request.param)) as page:
        page.reading = request.param
        yield page


SHOTS = {"/staff/queue": "staff-queue-desktop", "/staff/inbox": "staff-inbox-desktop",
         "/staff/topics": "staff-topics-desktop", "/staff/entry": "staff-entry-desktop",
         "/audit/": "audit-desk-desktop", "/staff/dashboards": "staff-dashboards-desktop"}
# Lists whose first item a person opens next.
LISTS = ("/staff/queue", "/staff/inbox", "/staff/review", "/staff/safeguarding")


def nav_links(page: Any) -> list[str]:
    """Return the workspace's menu entries for the signed-in person, in order."""
    hrefs = page.eval_on_selector_all("nav[aria-label] a[href^='/']", "links => links.map(a => a.getAttribute('href'))")
    return list(dict.fromkeys(h for h in hrefs if h.startswith(("/staff", "/audit")) and "lang=" not in h))


@pytest.mark.parametrize(
    ("username", "role"),
    [("chen.jie", "moderator"), ("xu.wei", "deputy"), ("hu.bin", "official"), ("li.na", "facilitator"),
     ("luo.audit", "auditor"), ("admin", "admin"), ("he.qing", "safeguarding")],
)
def test_each_role_works_its_pages_in_chinese_without_meeting_english(
    staff_page: Any, demo_site: LiveSite, screenshots: Path, username: str, role: str
) -> None:
    seen: dict[str, list[str]] = {}
    sign_in(staff_page, demo_site, username, f"{role}-demo")
    pages = nav_links(staff_page)
    assert len(pages) >= 2, pages
    for path in pages:
        read(staff_page, demo_site, path, seen, username)
        if path in SHOTS and staff_page.reading == "zh-Hans":
            shoot(staff_page, screenshots, SHOTS[path], full_page=False)
        item = first_item_link(staff_page) if path in LISTS else None
        if item:
            read(staff_page, demo_site, item, seen, username)
            if path == "/staff/inbox" and staff_page.reading == "zh-Hans":
                shoot(staff_page, screenshots, "staff-item-desktop", full_page=False)
        if path == "/staff/topics":
            topic = staff_page.locator("main a[href^='/staff/topics/']").first
            assert topic.count(), "the topics page links no topic board"
            read(staff_page, demo_site, topic.get_attribute("href"), seen, username)
            if staff_page.reading == "zh-Hans":
                shoot(staff_page, screenshots, "staff-topic-board-desktop", full_page=False)
    assert seen == {}, seen


PUBLIC = {"/": None, "/share": None, "/track": None, "/privacy": None, "/kiosk/huadu-board": None,
          "/dashboard": "dashboard-desktop", "/transparency": "transparency-desktop"}


def test_the_public_pages_speak_chinese(staff_page: Any, demo_site: LiveSite, screenshots: Path) -> None:
    seen: dict[str, list[str]] = {}
    for path, name in PUBLIC.items():
        read(staff_page, demo_site, path, seen)
        if name and staff_page.reading == "zh-Hans":
            shoot(staff_page, screenshots, name, full_page=False)
    assert seen == {}, seen
