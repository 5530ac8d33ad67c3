"""A real browser (the system's Chromium) against a real WSGI server (waitress) on a temporary SQLite store.

The pages run under the site's own security headers (its strict CSP included). The browser tests skip
where Chromium is not installed, unless FEEDBACK_REQUIRE_REAL_COMPONENTS=1 (as in CI), where a missing
browser is a failure.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from feedback.application import FeedbackApp
from feedback.bootstrap import bootstrap
from feedback.config import Settings
from tests.conftest import Seeded, seed
from web import create_app

CHROMIUM = Path(os.environ.get("FEEDBACK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
REQUIRE_REAL = os.environ.get("FEEDBACK_REQUIRE_REAL_COMPONENTS") == "1"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
# Generous, for a loaded CI machine; a page that works answers in well under a second.
TIMEOUT_MS = 20_000

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 820, "height": 1180}
DESKTOP = {"width": 1440, "height": 900}
# Browser locales whose Accept-Language picks each of the site's languages.
BROWSER_LOCALES = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW", "en": "en-US"}


def missing(reason: str) -> None:
    """Skip for want of a real component, or fail where the run requires real components."""
    if REQUIRE_REAL:
        pytest.fail(f"{reason}, and this run requires real components (FEEDBACK_REQUIRE_REAL_COMPONENTS=1)")
    pytest.skip(reason)


@dataclass
class LiveSite:
    """The site served over real HTTP, and the application behind it (to play the grown-ups)."""

    url: str
    world: Seeded
    site: Any = None  # the Flask app served (its read models: ``site.extensions["projector"]``)

    @property
    def app(self) -> FeedbackApp:
        return self.world.app

    def at(self, path: str) -> str:
        return self.url + path


@contextmanager
def served(store: Path, **config: Any) -> Iterator[LiveSite]:
    """Serve the site with waitress in a thread, on a free port, over a seeded SQLite store at ``store``."""
    from waitress.server import create_server

    services = bootstrap(Settings(database_url=f"sqlite:///{store}"))
    world = seed(services)
    # The tests file ideas at one board far faster than children can; the limits have tests of their own.
    site = create_app({"FEEDBACK_SERVICES": services, "SECRET_KEY": "browser-tests", "FEEDBACK_RATE_LIMITS": "off",
                       **config})
    server = create_server(site, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, name="waitress", daemon=True)
    thread.start()
    try:
        yield LiveSite(f"http://127.0.0.1:{server.effective_port}", world, site)
    finally:
        server.close()
        thread.join(timeout=5)
        if "poller" in site.extensions:
            site.extensions["poller"].stop()
        services.close()


@pytest.fixture(scope="session")
def live_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveSite]:
    """The site served over a seeded SQLite store for the whole run (the tests catch its read models up)."""
    with served(tmp_path_factory.mktemp("browser") / "feedback.sqlite") as site:
        yield site


def sign_in(page: Any, site: LiveSite, username: str, password: str) -> None:
    """Sign ``username`` in on the staff sign-in page and wait for their first page."""
    page.goto(site.at("/staff/sign-in"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/?$|/audit/?$"))


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """The system's Chromium, driven by Playwright (never a downloaded browser)."""
    if not CHROMIUM.exists():
        missing(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_page(browser: Any, viewport: dict[str, int], lang: str = "zh-Hans", **options: Any) -> Any:
    """Open a page in a fresh context (its own cookies) whose browser prefers ``lang``."""
    context = browser.new_context(viewport=viewport, locale=BROWSER_LOCALES[lang], device_scale_factor=1,
                                  **options)
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


@contextmanager
def watched(page: Any) -> Iterator[Any]:
    """Yield ``page``; afterwards, fail if the browser refused anything under the site's CSP."""
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    try:
        yield page
    finally:
        page.context.close()
    assert refused == [], refused


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A phone-sized page (390 x 844) whose browser prefers Simplified Chinese."""
    with watched(open_page(browser, PHONE, has_touch=True, is_mobile=True)) as page:
        yield page


@pytest.fixture
def tablet(browser: Any) -> Iterator[Any]:
    """A tablet-sized page (820 x 1180): a kiosk at a message board."""
    with watched(open_page(browser, TABLET, has_touch=True)) as page:
        yield page


@pytest.fixture
def desktop(browser: Any) -> Iterator[Any]:
    """A desktop-sized page (1440 x 900)."""
    with watched(open_page(browser, DESKTOP)) as page:
        yield page


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: docs/screenshots with `make screenshots`, else a temporary folder."""
    chosen = os.environ.get("FEEDBACK_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")
