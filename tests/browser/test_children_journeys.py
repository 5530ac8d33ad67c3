"""What children do, in a real browser against a real server: kiosk, hospital review, answer, reaction, language."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from domain.values import Decision, Reaction, Status
from tests.browser.checks import shoot
from tests.browser.conftest import LiveSite

pytestmark = pytest.mark.browser

KIOSK = "/kiosk/huadu-board"
CODE = re.compile(r"^[2-9A-Z]{4}-[2-9A-Z]{4}$")


def tracking_code(page: Any) -> str:
    code = page.locator(".tracking-code").inner_text().strip()
    assert CODE.match(code), code
    return code


def share_an_idea(page: Any, site: LiveSite, text: str) -> str:
    """File an idea through the plain web form (in Simplified Chinese) and return its code."""
    page.goto(site.at("/share"))
    page.get_by_label("玩耍和学习的地方").check()
    page.get_by_label("9 到 11 岁").check()
    page.get_by_label("你的想法", exact=True).fill(text)
    page.get_by_role("button", name="发送我的想法").click()
    page.wait_for_url(re.compile(r"/receipt/"))
    return tracking_code(page)


def test_a_child_files_an_idea_at_a_kiosk_gets_a_receipt_and_tracks_it_on_a_phone(
    tablet: Any, phone: Any, live_site: LiveSite, screenshots: Path
) -> None:
    tablet.goto(live_site.at(KIOSK))
    assert tablet.locator("html").get_attribute("lang") == "zh-Hans"
    assert tablet.locator(".kiosk-brand").inner_text().strip().endswith("Huadu Message Board")
    tablet.get_by_label("玩耍和学习的地方").check()
    tablet.get_by_label("6 到 8 岁").check()
    tablet.get_by_label("你的想法", exact=True).fill("滑梯夏天太烫了，请给它搭个遮阳棚。")
    shoot(tablet, screenshots, "kiosk-tablet", full_page=False)
    tablet.get_by_role("button", name="发送我的想法").click()

    tablet.wait_for_url(re.compile(r"/kiosk/huadu-board/receipt$"))
    code = tracking_code(tablet)
    assert tablet.locator(".qr-box svg").is_visible()
    refresh = tablet.locator('meta[http-equiv="refresh"]').get_attribute("content")
    assert refresh == f"60;url={KIOSK}"
    shoot(tablet, screenshots, "kiosk-receipt-tablet", full_page=False)
    item = live_site.app.get_suggestion(code)
    assert item.venue_id == live_site.app.get_venue("huadu-board").id and item.language == "zh-Hans"

    tablet.get_by_role("link", name="下一位小朋友").click()
    tablet.wait_for_url(live_site.at(KIOSK))
    assert tablet.get_by_label("你的想法", exact=True).input_value() == ""
    tablet.go_back()  # the next child presses Back: the previous code must not come back
    assert code not in tablet.content()

    phone.goto(live_site.at("/track"))
    phone.get_by_label("你的查询码").fill(code.lower().replace("-", ""))
    phone.get_by_role("button", name="找我的想法").click()
    phone.wait_for_url(live_site.at(f"/track/{code}"))
    assert phone.locator(".stage-current .stage-label").inner_text() == "我们收到了你的想法"
    assert "滑梯夏天太烫了" in phone.locator(".idea-text").inner_text()


def test_a_kiosk_returns_to_an_empty_form_by_itself(tablet: Any, live_site: LiveSite) -> None:
    tablet.goto(live_site.at(KIOSK))
    tablet.get_by_label("平安长大").check()
    tablet.get_by_label("12 到 14 岁").check()
    tablet.get_by_label("你的想法", exact=True).fill("路口需要一个更长的绿灯。")
    tablet.get_by_role("button", name="发送我的想法").click()
    tablet.wait_for_url(re.compile(r"/receipt$"))
    # The page's own refresh (60 s) is what a kiosk relies on; here it is shortened by reloading its target.
    target = tablet.locator('meta[http-equiv="refresh"]').get_attribute("content").split("url=", 1)[1]
    tablet.goto(live_site.at(target))
    tablet.goto(live_site.at(f"{KIOSK}/receipt"))
    assert tablet.url == live_site.at(KIOSK)
    assert tablet.locator(".tracking-code").count() == 0


def test_a_child_reviews_a_hospital_visit_with_faces(phone: Any, live_site: LiveSite, screenshots: Path) -> None:
    phone.goto(live_site.at("/share?channel=hospital_review&venue=first-peoples-hospital"))
    assert "First People's Hospital" in phone.locator(".here").inner_text()
    phone.get_by_role("group", name="等着看病的地方").get_by_label("非常好").check()
    phone.get_by_role("group", name="绘本").get_by_role("radio", name="好", exact=True).check()
    phone.get_by_role("group", name="医生和护士对你好不好").get_by_label("不太好").check()
    phone.get_by_label("9 到 11 岁").check()
    shoot(phone, screenshots, "hospital-review-phone")
    phone.get_by_role("button", name="发送我的想法").click()
    phone.wait_for_url(re.compile(r"/receipt/"))
    code = tracking_code(phone)
    item = live_site.app.get_suggestion(code)
    assert item.ratings == {"waiting_room": 5, "picture_books": 4, "staff_kindness": 2}
    assert item.category.value == "services"

    phone.get_by_role("link", name="看看我的想法到哪儿了").click()
    faces = phone.locator(".given-faces").inner_text()
    assert "等着看病的地方: 非常好" in faces and "医生和护士对你好不好: 不太好" in faces


def test_a_child_who_forgets_something_is_told_kindly_and_keeps_their_words(phone: Any, live_site: LiveSite) -> None:
    phone.goto(live_site.at("/share"))
    phone.get_by_label("你的想法", exact=True).fill("图书馆周末能开得晚一点吗？")
    phone.get_by_role("button", name="发送我的想法").click()
    summary = phone.locator(".error-summary")
    assert summary.is_visible()
    assert "请选一选你的想法是关于什么的。" in summary.inner_text()
    assert phone.get_by_label("你的想法", exact=True).input_value() == "图书馆周末能开得晚一点吗？"
    summary.get_by_role("link", name="请选一选你几岁了。").click()
    assert phone.url.endswith("#age_band-0")


def test_grown_ups_answer_through_the_api_and_the_child_sees_it_and_reacts(
    phone: Any, desktop: Any, live_site: LiveSite, screenshots: Path
) -> None:
    phone.goto(live_site.at("/"))
    shoot(phone, screenshots, "home-phone", full_page=False)
    code = share_an_idea(phone, live_site, "公园里能多放几个秋千吗？")
    shoot(phone, screenshots, "receipt-phone")

    tokens = live_site.world.tokens
    ref = live_site.app.get_suggestion(code).ref  # the grown-ups know the idea by its reference, never its code
    api = phone.context.request
    steps = [
        ("mona", {"action": "accept"}),
        ("dan", {"action": "forward", "body": "health-commission", "due": "2099-01-31"}),
        ("olga", {"action": "answer", "decision": "adopted",
                  "response": "依据2026年第14号通知，今年第三季度采购游乐设施。",
                  "explanation": "好消息！今年夏天你家附近的公园会装上新秋千。"}),
    ]
    for who, action in steps:
        response = api.post(live_site.at(f"/api/v1/suggestions/{ref}/actions"), data=action,
                            headers={"Authorization": f"Bearer {tokens[who]}"})
        assert response.status == 200, response.text()

    phone.goto(live_site.at(f"/track/{code}"))
    assert phone.locator(".status-now").first.inner_text().strip().endswith("大人们回答啦！")
    answer = phone.locator(".answer")
    explanation = answer.locator(".explanation").bounding_box()
    official = answer.locator(".response").bounding_box()
    assert explanation["y"] < official["y"]  # the child's words first
    stages = phone.locator(".stage-label").all_inner_texts()
    assert stages[2:4] == ["你的想法送到了Health Commission", "你的想法被选中了！"]

    phone.get_by_label("想告诉大人们为什么吗？（可以不写）").fill("谢谢！我会去荡秋千。")
    phone.get_by_role("button", name="开心", exact=True).click()
    phone.wait_for_url(live_site.at(f"/track/{code}"))
    assert "谢谢你告诉我们你的感受！" in phone.locator(".flashes").inner_text()
    assert "开心" in phone.locator(".felt").inner_text()
    item = live_site.app.get_suggestion(code)
    assert item.reaction is Reaction.HAPPY and item.reaction_comment.text == "谢谢！我会去荡秋千。"
    shoot(phone, screenshots, "track-answered-phone")

    desktop.goto(live_site.at(f"/track/{code}"))
    shoot(desktop, screenshots, "track-answered-desktop", full_page=False)


def test_a_child_asks_once_to_look_again_and_later_takes_the_idea_back(phone: Any, live_site: LiveSite) -> None:
    code = share_an_idea(phone, live_site, "学校门口可以画一条彩色的斑马线吗？")
    world = live_site.world
    world.app.act(world.staff("mona"), code, "accept")
    world.app.act(world.staff("dan"), code, "answer", decision=Decision.NOT_ADOPTED,
                  response="该路段由交警统一规划。", explanation="斑马线的颜色有规定，所以不能画成彩色的。")

    phone.goto(live_site.at(f"/track/{code}"))
    phone.get_by_label("你希望大人们再想一想什么？（可以不写）").fill("可以在旁边的人行道上画彩色的脚印吗？")
    phone.get_by_role("button", name="请再看一看我的想法").click()
    assert "我们已经请大人们再看一看你的想法。" in phone.locator(".flashes").inner_text()
    assert live_site.app.get_suggestion(code).status is Status.UNDER_REVIEW
    assert phone.locator(".stage-current .stage-label").inner_text() == "大人们正在重新看你的想法"

    phone.get_by_role("link", name="收回我的想法").click()
    assert phone.get_by_role("heading", level=1).inner_text().strip().endswith("你真的要收回你的想法吗？")
    phone.get_by_role("link", name="不，留着我的想法").click()
    assert live_site.app.get_suggestion(code).status is Status.UNDER_REVIEW
    phone.get_by_role("link", name="收回我的想法").click()
    phone.get_by_role("button", name="是的，收回我的想法").click()
    assert "你收回了你的想法。" in phone.locator(".flashes").inner_text()
    assert live_site.app.get_suggestion(code).status is Status.WITHDRAWN
    assert phone.get_by_role("link", name="收回我的想法").count() == 0


def test_the_language_follows_the_browser_then_the_child_s_choice(
    browser: Any, live_site: LiveSite, screenshots: Path
) -> None:
    from tests.browser.conftest import PHONE, open_page

    page = open_page(browser, PHONE, lang="zh-Hant", has_touch=True, is_mobile=True)
    try:
        page.goto(live_site.at("/"))
        assert page.locator("html").get_attribute("lang") == "zh-Hant"
        assert page.get_by_role("heading", level=1).inner_text() == "你的想法能讓城市變得更好。"
        shoot(page, screenshots, "home-zh-hant-phone", full_page=False)

        page.get_by_role("link", name="English").click()
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.get_by_role("heading", level=1).inner_text() == "Your ideas can change your city."
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Where is my idea?").click()
        assert page.locator("html").get_attribute("lang") == "en"  # remembered in a cookie
        assert page.get_by_role("link", name="English").get_attribute("aria-current") == "true"

        page.get_by_role("link", name="简体中文").click()
        assert page.locator("html").get_attribute("lang") == "zh-Hans"
        assert "我的想法在哪里？" in page.get_by_role("heading", level=1).inner_text()
    finally:
        page.context.close()


def test_the_poster_prints_alone_with_its_big_qr_code(browser: Any, live_site: LiveSite, screenshots: Path) -> None:
    from tests.browser.conftest import open_page

    page = open_page(browser, {"width": 794, "height": 1123})  # A4 at 96 dpi
    try:
        page.goto(live_site.at(f"{KIOSK}/poster"))
        assert page.locator(".for-grown-ups").is_visible()
        page.emulate_media(media="print")
        assert not page.locator(".site-header").is_visible()
        assert not page.locator(".for-grown-ups").is_visible()
        qr = page.locator(".poster-qr svg").bounding_box()
        assert qr["width"] >= 300
        shoot(page, screenshots, "poster-print", full_page=False)
    finally:
        page.context.close()
