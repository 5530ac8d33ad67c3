"""An official, in Simplified Chinese, marks an idea implemented with a photo in a real browser; the child sees it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from domain.values import Status
from tests.browser.conftest import DESKTOP, PHONE, LiveSite, open_page, sign_in, watched
from tests.e2e.staff_browser import item_at, ref_of
from tests.support.images import jpeg

pytestmark = pytest.mark.browser


def loaded_width(page: Any, selector: str) -> int:
    """Scroll to the first image under ``selector`` (they load lazily), wait for it, and return its width."""
    page.locator(selector).first.scroll_into_view_if_needed()
    page.wait_for_function("s => { const img = document.querySelector(s); return img.complete && img.naturalWidth > 0; }",
                           arg=selector)
    return int(page.eval_on_selector(selector, "img => img.naturalWidth"))


def test_an_official_attaches_a_photo_in_chinese_and_the_child_sees_it(browser: Any, live_site: LiveSite,
                                                                        tmp_path: Path) -> None:
    app = live_site.app
    live_site.world.services.accounts.set_password("olga", "olga-password-1")
    code = item_at(app, "in_progress")
    ref = ref_of(app, code)
    photo = tmp_path / "新斑马线.jpg"
    photo.write_bytes(jpeg(1200, 800, orientation=6, gps=True))

    with watched(open_page(browser, DESKTOP)) as page:
        sign_in(page, live_site, "olga", "olga-password-1")
        page.goto(live_site.at(f"/staff/items/{ref}"))
        assert "工作照片" in page.inner_text("section.step-implemented")
        page.fill("textarea[name=implemented-evidence]", "斑马线已画好，见 https://example.org/crossing")
        page.set_input_files("input[name=implemented-photos]", str(photo))
        page.click("section.step-implemented button[type=submit]")
        page.wait_for_selector(".progress-now img")
        assert app.get_suggestion(code).status is Status.IMPLEMENTED
        beside = page.inner_text(".progress-now")
        assert beside.startswith("100% — 斑马线已画好") and "Ordered the swing." not in beside
        assert loaded_width(page, ".progress-now img") == 800  # turned upright: the camera was held sideways
        assert page.get_attribute(".progress-now a[href^='https://example.org']", "rel") == "noopener noreferrer nofollow"

    with watched(open_page(browser, PHONE)) as child:
        child.goto(live_site.at(f"/track/{code}"))
        child.wait_for_selector(".progress-card img")
        assert "斑马线已画好" in child.inner_text(".progress-card")
        assert loaded_width(child, ".progress-card img") == 800
