"""Places, bodies, topics and districts are shown in the page's language, and the API and Open311 answer in the one asked for."""

from __future__ import annotations

import re

from typing import Any

import pytest

from domain.actors import Actor
from tests.e2e.staff_browser import item_at, ref_of, signed_in

ADMIN = Actor.staff("adam")
BOARD = {"zh-Hans": "花都一米留言板", "zh-Hant": "花都一米留言板", "en": "Huadu One-Meter Message Board"}
HEALTH = {"zh-Hans": "昆山市卫生健康委员会", "zh-Hant": "崑山市衛生健康委員會", "en": "Kunshan Health Commission"}
NUTRITION = {"zh-Hans": "学校营养餐", "zh-Hant": "學校營養餐", "en": "School nutrition"}
HUAQIAO = {"zh-Hans": "花桥镇", "zh-Hant": "花橋鎮", "en": "Huaqiao"}
LANGUAGES = ("zh-Hans", "zh-Hant", "en")
OLD_NAMES = ("Huadu Message Board", "Health Commission")  # the seed's single names, from before


@pytest.fixture
def named(seeded: Any) -> Any:
    """The seeded places and topic, renamed in three languages by an admin."""
    places = seeded.services.places
    places.rename_venue("huadu-board", BOARD, ADMIN)
    places.rename_venue("health-commission", HEALTH, ADMIN)
    places.rename_topic("school-nutrition", NUTRITION, ADMIN)
    places.rename_district("Huaqiao", HUAQIAO, ADMIN)
    return seeded


@pytest.fixture
def forwarded(named: Any) -> str:
    """The code of an idea from the Huadu board, grouped under school nutrition and forwarded to the Health Commission."""
    app = named.app
    code = item_at(app, "under_review")
    app.assign_topic(code, "school-nutrition", Actor.staff("dan"))
    app.forward(code, "health-commission", app.clock.today(), Actor.staff("dan"))
    return code


def shown_without_old_names(html: str, language: str) -> str:
    """Return the page, having checked that a Chinese page shows none of the old English names."""
    if language != "en":
        assert not [old for old in OLD_NAMES if old in html]
    return html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_kiosk_header_names_the_board_in_the_page_s_language(site: Any, named: Any, language: str) -> None:
    page = site.test_client().get(f"/kiosk/huadu-board?lang={language}").get_data(as_text=True)
    assert BOARD[language] in shown_without_old_names(page, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_lifecycle_page_says_where_the_idea_went_in_the_page_s_language(
    site: Any, forwarded: str, language: str
) -> None:
    page = site.test_client().get(f"/track/{forwarded}?lang={language}").get_data(as_text=True)
    assert HEALTH[language] in shown_without_old_names(page, language)
    assert BOARD[language] in page
    if language == "zh-Hans":
        assert f"你的想法送到了{HEALTH['zh-Hans']}" in page
    if language != "en":
        assert HEALTH["en"] not in page and NUTRITION["en"] not in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_staff_read_the_body_topic_and_place_of_an_item_in_their_language(
    site: Any, forwarded: str, named: Any, language: str
) -> None:
    olga = signed_in(site, "olga")
    ref = ref_of(named.app, forwarded)
    page = olga.get(f"/staff/items/{ref}?lang={language}")
    assert HEALTH[language] in page and NUTRITION[language] in page and BOARD[language] in page
    inbox = olga.get(f"/staff/inbox?lang={language}")
    assert HEALTH[language] in shown_without_old_names(inbox, language)


def test_the_topic_boards_name_their_topics_in_the_page_s_language(site: Any, named: Any) -> None:
    site.extensions["projector"].catch_up()
    dan = signed_in(site, "dan")
    assert NUTRITION["zh-Hant"] in dan.get("/staff/topics?lang=zh-Hant")
    assert NUTRITION["zh-Hans"] in dan.get("/staff/topics/school-nutrition?lang=zh-Hans")


def test_the_share_form_offers_the_places_by_their_chinese_names_with_their_district(site: Any, named: Any) -> None:
    page = site.test_client().get("/share?lang=zh-Hant").get_data(as_text=True)
    # The picker groups places by kind, then district: the board sits in its district's group, named in Chinese.
    groups = re.findall(rf'<optgroup label="[^"]*{HUAQIAO["zh-Hant"]}[^"]*">(.*?)</optgroup>', page, re.S)
    assert groups, "no group of the district named in Traditional Chinese"
    assert any(f">{BOARD['zh-Hant']}</option>" in group for group in groups)


# -- the API and Open311 ------------------------------------------------------------------------


def test_the_api_names_places_in_english_unless_asked_for_another_language(site: Any, forwarded: str) -> None:
    client = site.test_client()
    item = client.get(f"/api/v1/suggestions/{forwarded}").get_json()
    assert (item["venue"]["name"], item["body"]["name"], item["topic"]["name"]) == (
        BOARD["en"], HEALTH["en"], NUTRITION["en"])
    asked = client.get(f"/api/v1/suggestions/{forwarded}", headers={"Accept-Language": "zh-TW"}).get_json()
    assert (asked["body"]["name"], asked["topic"]["name"]) == (HEALTH["zh-Hant"], NUTRITION["zh-Hant"])


def test_the_api_lists_venues_in_the_language_asked_for_and_all_three_on_request(site: Any, named: Any) -> None:
    client = site.test_client()
    [board] = client.get("/api/v1/venues?kind=message_board&lang=zh-Hans").get_json()
    assert (board["name"], board["district"], board["district_name"]) == (BOARD["zh-Hans"], "Huaqiao", "花桥镇")
    assert "names" not in board
    client = site.test_client()  # a new client: the first one keeps the language it asked for in a cookie
    [board] = client.get("/api/v1/venues?kind=message_board&names=all").get_json()
    assert board["name"] == BOARD["en"] and board["names"] == BOARD and board["district_names"] == HUAQIAO
    [topic] = client.get("/api/v1/topics?names=all", headers={"Accept-Language": "zh-CN"}).get_json()
    assert topic["name"] == NUTRITION["zh-Hans"] and topic["names"] == NUTRITION


@pytest.mark.parametrize("query", ["lang=fr", "names=some"])
def test_the_api_refuses_a_language_or_a_names_option_it_does_not_know(site: Any, query: str) -> None:
    response = site.test_client().get(f"/api/v1/topics?{query}")
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"]


def test_open311_names_the_body_in_simplified_chinese_by_default_and_all_three_on_request(
    site: Any, forwarded: str, named: Any
) -> None:
    client, ref = site.test_client(), ref_of(named.app, forwarded)
    [request] = client.get(f"/open311/v2/requests/{ref}.json").get_json()
    assert request["agency_responsible"] == HEALTH["zh-Hans"]
    assert request["address"] == "花都一米留言板，花桥镇"
    assert "agency_responsible_names" not in request
    [request] = client.get(f"/open311/v2/requests/{ref}.json?lang=en&names=all").get_json()
    assert request["agency_responsible"] == HEALTH["en"] and request["agency_responsible_names"] == HEALTH
    assert request["address_names"]["zh-Hant"] == "花都一米留言板，花橋鎮"
    xml = client.get(f"/open311/v2/requests/{ref}.xml?lang=zh-Hant").get_data(as_text=True)
    assert f"<agency_responsible>{HEALTH['zh-Hant']}</agency_responsible>" in xml


# -- an admin renames ------------------------------------------------------------------------------


def test_an_admin_renames_a_place_in_three_languages_and_every_page_follows(site: Any, named: Any) -> None:
    adam = signed_in(site, "adam")
    listed = adam.get("/staff/admin/names?lang=zh-Hans")
    assert BOARD["zh-Hans"] in listed and NUTRITION["zh-Hant"] in listed
    form = adam.get("/staff/admin/names/venues/huadu-board?lang=zh-Hans")
    assert f'value="{BOARD["en"]}"' in form
    adam.submit("/staff/admin/names/venues/huadu-board", zh_hans="花都社区一米留言板", zh_hant="", en="Huadu Board",
                district_zh_hans="", district_zh_hant="", district_en="")
    assert "花都社区一米留言板" in site.test_client().get("/kiosk/huadu-board?lang=zh-Hans").get_data(as_text=True)
    assert "Huadu Board" in site.test_client().get("/kiosk/huadu-board?lang=en").get_data(as_text=True)
    assert named.services.places.get_venue("huadu-board").names == {**BOARD, "zh-Hans": "花都社区一米留言板",
                                                                     "en": "Huadu Board"}


def test_a_rename_without_any_name_is_refused_with_a_reason_in_the_page_s_language(site: Any, named: Any) -> None:
    adam = signed_in(site, "adam")
    adam.get("/staff/admin/names/topics/school-nutrition?lang=zh-Hans")
    page = adam.submit("/staff/admin/names/topics/school-nutrition", status=422, zh_hans="", zh_hant="", en="")
    assert "请至少用一种语言" in page
    assert named.services.places.get_topic("school-nutrition").names == NUTRITION


def test_an_item_names_its_place_body_and_topic_in_all_three_languages_on_request(
    site: Any, forwarded: str, tokens: dict[str, str]
) -> None:
    client = site.test_client()
    item = client.get(f"/api/v1/suggestions/{forwarded}?names=all&lang=zh-Hans").get_json()
    assert item["body"] == {"id": item["body"]["id"], "name": HEALTH["zh-Hans"], "names": HEALTH}
    assert item["venue"]["names"] == BOARD and item["topic"]["names"] == NUTRITION
    site.extensions["projector"].catch_up()
    page = client.get("/api/v1/suggestions?names=all&status=forwarded",
                      headers={"Authorization": f"Bearer {tokens['olga']}"}).get_json()
    [listed] = page["items"]
    assert listed["body"]["names"] == HEALTH and listed["body"]["name"] == HEALTH["zh-Hans"]  # the cookie's language
    plain = site.test_client().get(f"/api/v1/suggestions/{forwarded}").get_json()
    assert "names" not in plain["body"]
