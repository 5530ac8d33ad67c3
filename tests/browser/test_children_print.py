"""Receipts on paper and faces on screen, in a real browser: what a child takes home, and what every device shows."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser.checks import shoot
from tests.browser.conftest import LiveSite, open_page
from tests.browser.pdf_text import pdf_text

pytestmark = pytest.mark.browser

KIOSK = "/kiosk/huadu-board"


def test_the_kiosk_receipt_prints_as_a_slip_with_the_code_and_the_day_to_hear_back_by(
    browser: Any, live_site: LiveSite, screenshots: Path
) -> None:
    page = open_page(browser, {"width": 820, "height": 1180})
    try:
        page.goto(live_site.at(KIOSK))
        page.get_by_label("玩耍和学习的地方").check()
        page.get_by_label("6 到 8 岁").check()
        page.get_by_label("你的想法", exact=True).fill("秋千旁边需要一个遮阳的地方。")
        page.get_by_role("button", name="发送我的想法").click()
        page.wait_for_url(re.compile(r"/receipt$"))
        code = page.locator(".tracking-code").inner_text().strip()
        due = live_site.app.get_suggestion(code).answer_due
        assert f"{due.year}年{due.month}月{due.day}日" in page.locator(".due").inner_text()

        page.emulate_media(media="print")
        for hidden in (".site-header", ".next", ".timeout", ".important"):
            assert not page.locator(hidden).is_visible(), hidden
        assert page.locator(".print-only").is_visible()
        shoot(page, screenshots, "kiosk-receipt-print", full_page=False)
        paper = page.pdf(format="A4", print_background=True)
        assert paper.startswith(b"%PDF") and paper.count(b"/Type /Page\n") + paper.count(b"/Type /Page ") <= 1
        text = pdf_text(paper)
        assert code in text
        assert str(due.year) in text and "以前收到回答" in text
        assert "下一位小朋友" not in text  # the kiosk's buttons stay on the screen
    finally:
        page.context.close()


def test_the_five_faces_are_pictures_of_the_same_size_on_a_phone(browser: Any, live_site: LiveSite) -> None:
    page = open_page(browser, {"width": 390, "height": 844})
    try:
        page.goto(live_site.at("/share?channel=hospital_review"))
        faces = page.locator("fieldset.faces").first.locator("svg.face")
        assert faces.count() == 5
        boxes = [faces.nth(index).bounding_box() for index in range(5)]
        assert all(box and box["width"] >= 24 and abs(box["width"] - boxes[0]["width"]) < 0.5 for box in boxes)
        options = page.locator("select[name=venue] option")
        assert options.count() >= 2
        groups = page.locator("select[name=venue] optgroup")
        assert all(label.startswith("医院") for label in groups.evaluate_all("gs => gs.map(g => g.label)"))
    finally:
        page.context.close()
