"""Issue 17's "done when", in a real browser and in Chinese: a deputy goes from all the ideas about
校园午餐 to a printed and a Word dossier.

The deputy starts from an empty board, finds the ideas from every place by how alike they are,
attaches them with one click each (an answered one as evidence), tables the proposal, prints the
dossier (Chromium's PDF, read back) and downloads it as Word (opened with python-docx).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from domain.actors import Actor
from tests.browser.checks import shoot
from tests.browser.conftest import DESKTOP, LiveSite, open_page, served, sign_in
from tests.browser.test_documents_print import printed

pytestmark = pytest.mark.browser

SLUG = "campus-lunch-journey"
TOPIC = "校园午餐"
ASKED = {  # what children wrote, at three places, in both scripts
    "veg": ("huadu-board", "校园午餐能不能多一点蔬菜和水果？"),
    "salt": ("little-kunyu", "校園午餐可以少放一點鹽嗎？"),
    "vote": ("huadu-board", "我们想投票选校园午餐的菜单。"),
}
OTHER = "公园的滑梯坏了，请修一修。"


@pytest.fixture
def polling_site(tmp_path: Path) -> Iterator[LiveSite]:
    """The site as `feedback serve` runs it: its own poller keeps the read models moving, so the page
    after each action shows it (read-your-writes), as a deputy sees it."""
    with served(tmp_path / "feedback.sqlite", FEEDBACK_POLL_PROJECTIONS=True) as site:
        yield site


def ideas_about_lunch(site: LiveSite) -> dict[str, str]:
    """File the children's ideas (accepted, on no topic; one answered) and an unrelated one; return refs."""
    services, app = site.world.services, site.app
    mona, eddie = Actor.staff("mona"), Actor.staff("eddie")
    services.places.open_topic(SLUG, TOPIC, "2027 两会", "孩子们对学校午饭的想法",
                               names={"zh-Hans": TOPIC, "zh-Hant": "校園午餐", "en": "Campus lunches"})
    refs = {}
    for name, (venue, text) in {**ASKED, "other": ("huadu-board", OTHER)}.items():
        code = app.submit(channel="message_board" if venue.endswith("board") else "observation_group",
                          venue=venue, category="services", age_band="9-11", text=text).code
        refs[name] = app.get_suggestion(code).ref
        app.accept(refs[name], mona)
    app.forward(refs["vote"], "education-bureau", datetime.now(timezone.utc).date() + timedelta(days=14), mona)
    app.answer(refs["vote"], "adopted", "每月一次菜单投票。", "好主意！每个月有一天的菜由你们投票选。", eddie)
    services.accounts.set_password("dan", "dan-password-1")
    return refs


def test_a_deputy_goes_from_the_ideas_about_campus_lunch_to_a_printed_and_a_word_dossier(
    browser: Any, polling_site: LiveSite, screenshots: Path
) -> None:
    live_site = polling_site
    refs = ideas_about_lunch(live_site)
    page = open_page(browser, DESKTOP)
    try:
        sign_in(page, live_site, "dan", "dan-password-1")
        page.goto(live_site.at(f"/staff/topics/{SLUG}"))
        page.get_by_role("button", name="加入该议题").click()

        # The ideas from every place, by how alike they are; one click each.
        candidates = page.locator("section[aria-labelledby=candidates-title]")
        for name in ASKED:
            assert refs[name] in candidates.inner_text(), f"{name} is offered"
        assert refs["other"] not in candidates.inner_text(), "an idea about a slide is not offered"
        assert "佐证：已答复" in candidates.inner_text()
        shoot(page, screenshots, "staff-topic-candidates")
        for name in ASKED:
            label = "作为佐证加入" if name == "vote" else "添加"
            page.get_by_role("button", name=f"{label} {refs[name]}").click()
            page.wait_for_url(re.compile(rf"/staff/topics/{SLUG}"))
        assert "3个孩子提出了这件事" in page.inner_text("main")

        # The proposal is tabled by the board's own deputy.
        tabling = page.locator("form", has=page.get_by_role("button", name="提交", exact=True))
        tabling.get_by_label("正式编号").fill("2027-008")
        tabling.get_by_label("提案标题").fill("关于改善校园午餐的建议")
        tabling.get_by_role("button", name="提交", exact=True).click()
        page.wait_for_url(re.compile(rf"/staff/topics/{SLUG}"))
        assert "2027-008" in page.inner_text("main")

        # On paper: the proposal, the children's words, the count; no button.
        page.get_by_role("link", name="档案：打印，或下载 Word 文件").click()
        page.wait_for_url(re.compile(rf"/staff/topics/{SLUG}/dossier$"))
        paper = printed(page)
        shoot(page, screenshots, "staff-dossier-journey")
        assert TOPIC in paper and "2027-008" in paper and "关于改善校园午餐的建议" in paper
        for _venue, text in ASKED.values():
            assert text in paper
        assert OTHER not in paper
        for words in ("下载 Word 文件", "退出登录", "搜索"):
            assert words not in paper, f"{words!r} is printed"

        # In Word: the same proposal and words, to edit.
        page.emulate_media(media="screen")  # back from the paper to the screen, where the link is
        with page.expect_download() as waiting:
            page.get_by_role("link", name="下载 Word 文件").click()
        download = waiting.value
        assert download.suggested_filename.endswith(".docx") and TOPIC in download.suggested_filename
        document = Document(io.BytesIO(Path(download.path()).read_bytes()))
        word = "\n".join([p.text for p in document.paragraphs]
                         + [cell.text for table in document.tables for row in table.rows for cell in row.cells])
        assert "2027-008" in word and "关于改善校园午餐的建议" in word
        for _venue, text in ASKED.values():
            assert text in word
        assert OTHER not in word
    finally:
        page.context.close()
