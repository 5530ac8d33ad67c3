"""Documents on paper, in a real browser: a deputy prints a topic's dossier, a parent the yearly report.

Chromium prints each page to PDF (A4); the PDF's text is read back: the Chinese topic name, a count and
a child's words are on the paper, and no button, field or menu is.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from domain.actors import Actor
from pathlib import Path

from tests.browser.checks import shoot
from tests.browser.conftest import DESKTOP, LiveSite, open_page, sign_in
from tests.browser.pdf_text import pdf_text

pytestmark = pytest.mark.browser

SLUG = "school-lunch-print"
LUNCH = "学校午餐打印"
FRUIT = "希望午餐每天都有新鲜的水果。"
SOUP = "冬天的午餐想要一碗热汤。"
BUTTONS = ("退出登录", "搜索", "下载 Word 文件", "简体中文", "繁體中文", "加入这个议题", "返回议题页面")


def lunch_topic(site: LiveSite) -> dict[str, str]:
    """Open a topic 学校午餐打印 with two ideas (one done) and a tabled proposal; return the ideas' references."""
    services, app = site.world.services, site.app
    dan, mona = Actor.staff("dan"), Actor.staff("mona")
    services.places.open_topic(SLUG, LUNCH, "2026 两会", names={"zh-Hans": LUNCH, "zh-Hant": "學校午餐列印"})
    refs = {}
    for name, text in (("fruit", FRUIT), ("soup", SOUP)):
        code = app.submit(channel="message_board", venue="huadu-board", category="services", age_band="9-11",
                          text=text).code
        refs[name] = app.get_suggestion(code).ref
        app.accept(refs[name], mona)
        app.assign_topic(refs[name], SLUG, dan)
    due = datetime.now(timezone.utc).date() + timedelta(days=14)
    app.forward(refs["soup"], "education-bureau", due, dan)
    app.answer(refs["soup"], "adopted", "纳入冬季菜单。", "好主意！冬天每天都有热汤。", Actor.staff("eddie"))
    app.mark_implemented(refs["soup"], "十二月起每天供应热汤。", Actor.staff("eddie"))
    services.places.join_topic(SLUG, "dan")
    services.places.table_proposal(SLUG, "2026-042", "关于学校午餐增加水果和热汤的建议", services.accounts.get_staff("dan"))
    services.accounts.set_password("dan", "dan-password-1")
    site.site.extensions["projector"].catch_up()
    return refs


def squeezed(text: str) -> str:
    """Return ``text`` as compared on paper: compatibility forms folded (a font maps 水 to the radical ⽔), no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


class Paper(str):
    """The text of a printed page; ``in`` finds words whatever the line breaks and the font's code points."""

    def __contains__(self, words: object) -> bool:
        return squeezed(str(words)) in squeezed(str(self))


def printed(page: Any) -> Paper:
    page.emulate_media(media="print")
    paper = page.pdf(format="A4", print_background=True)
    assert paper.startswith(b"%PDF")
    return Paper(pdf_text(paper))


def test_a_deputy_prints_the_dossier_and_a_parent_the_yearly_report(
    browser: Any, live_site: LiveSite, screenshots: Path
) -> None:
    refs = lunch_topic(live_site)
    page = open_page(browser, DESKTOP)
    try:
        sign_in(page, live_site, "dan", "dan-password-1")
        page.goto(live_site.at(f"/staff/topics/{SLUG}"))
        page.get_by_role("link", name="档案：打印，或下载 Word 文件").click()
        page.wait_for_url(re.compile(rf"/staff/topics/{SLUG}/dossier$"))
        assert page.locator("button").first.is_visible(), "on screen the page keeps its buttons"
        text = printed(page)
        shoot(page, screenshots, "staff-dossier-print")
        assert LUNCH in text and "2026-042" in text and "打印时间" in text
        assert FRUIT in text and SOUP in text
        assert "想法" in text and "2" in text and "孩子人数" in text
        assert "少于 5" in text, "two children are too few to count out on paper"
        for words in BUTTONS:
            assert words not in text, f"{words!r} is printed"
        assert refs["fruit"] in text  # references are fine; tracking codes never reach a page

        page.goto(live_site.at(f"/staff/topics/{SLUG}"))
        board = printed(page)
        assert LUNCH in board and FRUIT in board
        for words in ("搜索", "退出登录", "取消这个议题", "加入这个议题"):
            assert words not in board, f"printing the board prints {words!r}"

        year = live_site.app.clock.today().year
        page.goto(live_site.at("/you-said-we-did"))
        page.get_by_role("link", name="年度报告（可打印）").click()
        page.wait_for_url(re.compile(r"/you-said-we-did/report"))
        report = printed(page)
        shoot(page, screenshots, "you-said-we-did-report-print")
        assert str(year) in report and "年度报告" in report
        assert LUNCH in report, "the idea taken up is counted under its topic"
        assert "好主意！冬天每天都有热汤。" in report and SOUP in report
        assert "少于 5" in report
        for words in ("简体中文", "繁體中文", "其他年份"):
            assert words not in report, f"{words!r} is printed"
    finally:
        page.context.close()
