"""What a parent reads, in a real browser: "You said, we did" found from the home page, in Simplified Chinese."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from domain.actors import Actor
from tests.browser.checks import shoot
from tests.browser.conftest import LiveSite

pytestmark = pytest.mark.browser

WORDS = "图书馆周末能开到晚上八点吗？"
ANSWER = "好消息！从下个月起，图书馆周六开到晚上八点。"


def test_a_parent_finds_you_said_we_did_from_the_home_page_in_simplified_chinese(
    phone: Any, live_site: LiveSite, screenshots: Path
) -> None:
    app = live_site.app
    code = app.submit(channel="web", venue=None, category="spaces", age_band="9-11", text=WORDS,
                      language="zh-Hans").code
    app.accept(code, Actor.staff("mona"))
    app.forward(code, "health-commission", app.clock.today().replace(year=2099), Actor.staff("dan"))
    app.answer(code, "adopted", "依据2026年第15号通知。", ANSWER, Actor.staff("olga"))

    phone.goto(live_site.at("/"))
    assert phone.locator("html").get_attribute("lang") == "zh-Hans"
    phone.get_by_role("link", name="你说，我们做").click()
    phone.wait_for_url(live_site.at("/you-said-we-did"))
    assert phone.locator("h1").inner_text().strip() == "你说，我们做"
    live_site.site.extensions["projector"].catch_up()  # the read models as `feedback serve`'s poller keeps them
    phone.reload()
    main = phone.locator("main").inner_text()
    assert ANSWER in main and WORDS in main
    assert "被采纳的想法" in main
    shoot(phone, screenshots, "you-said-we-did-phone")

    phone.get_by_role("link", name="全部数字：孩子们的想法后来怎么样了").click()
    phone.wait_for_url(live_site.at("/dashboard"))
    assert "第 90 百分位" not in phone.locator("main").inner_text()
