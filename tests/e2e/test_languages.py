"""Languages: Simplified Chinese by default, Traditional Chinese and English on request, remembered."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from domain.actors import Actor
from tests.e2e.children import IDEA, page

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "web" / "translations"
CHINESE = ("zh_Hans", "zh_Hant")
LOCALES = (*CHINESE, "en")
# Where the children's words live (the staff pages have their own engineer and catalogue entries).
CHILDREN_SOURCES = (
    "web/children/", "web/timeline.py", "web/templates/base.html", "web/templates/error.html",
    "web/templates/children/", "web/templates/transparency/",
)
TEMPLATES = [*(ROOT / "web/templates/children").glob("*.html"), ROOT / "web/templates/base.html",
             ROOT / "web/templates/error.html"]


@pytest.fixture
def store_url() -> str:
    """Languages do not depend on the kind of store: the in-memory one is enough."""
    return "memory://"


def html_lang(response: Any) -> str:
    return re.search(r'<html lang="([^"]+)">', response.get_data(as_text=True)).group(1)


def h1(response: Any) -> str:
    return re.sub(r"<[^>]+>", "", re.search(r"<h1>(.*?)</h1>", page(response), re.S).group(1)).strip()


# -- choosing the language ----------------------------------------------------------------------


def test_without_any_wish_the_site_speaks_simplified_chinese(client: Any) -> None:
    response = client.get("/")
    assert html_lang(response) == "zh-Hans"
    assert h1(response) == "你的想法能让城市变得更好。"
    assert response.headers["Content-Language"] == "zh-Hans"
    assert {"Accept-Language", "Cookie"} <= set(response.vary)


@pytest.mark.parametrize(
    ("accept", "spoken"),
    [
        ("zh-TW", "zh-Hant"),
        ("zh-HK,zh;q=0.8", "zh-Hant"),
        ("zh-Hant-TW", "zh-Hant"),
        ("zh-MO", "zh-Hant"),
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh-Hans"),
        ("zh", "zh-Hans"),
        ("zh-SG", "zh-Hans"),
        ("zh-Hans-HK", "zh-Hans"),
        ("en-GB,en;q=0.9", "en"),
        ("fr-FR,de;q=0.5", "zh-Hans"),
        ("fr-FR, zh-TW;q=0.5", "zh-Hant"),
        ("en;q=0.2, zh-TW;q=0.9", "zh-Hant"),
        ("en;q=0, zh-CN;q=0.1", "zh-Hans"),
    ],
)
def test_the_browser_s_languages_decide_when_the_child_has_not_chosen(client: Any, accept: str, spoken: str) -> None:
    assert html_lang(client.get("/", headers={"Accept-Language": accept})) == spoken


def test_a_chosen_language_is_remembered_and_beats_the_browser(client: Any) -> None:
    chosen = client.get("/?lang=zh-Hant", headers={"Accept-Language": "en"})
    assert html_lang(chosen) == "zh-Hant"
    assert h1(chosen) == "你的想法能讓城市變得更好。"
    assert "lang=zh-Hant" in chosen.headers["Set-Cookie"] and "SameSite=Lax" in chosen.headers["Set-Cookie"]
    later = client.get("/track", headers={"Accept-Language": "en"})
    assert html_lang(later) == "zh-Hant"
    assert h1(later) == "我的想法在哪裡？"  # the magnifier is a picture (SVG), not a letter
    assert html_lang(client.get("/track?lang=en")) == "en"
    assert html_lang(client.get("/")) == "en"


@pytest.mark.parametrize("asked", ["zh-hant", "zh_Hant", "zh-TW"])
def test_the_lang_parameter_may_be_spelled_loosely(client: Any, asked: str) -> None:
    assert html_lang(client.get(f"/?lang={asked}")) == "zh-Hant"


def test_an_unknown_language_is_ignored_and_not_remembered(client: Any) -> None:
    response = client.get("/?lang=klingon", headers={"Accept-Language": "en"})
    assert html_lang(response) == "en"
    assert "Set-Cookie" not in response.headers


def test_every_page_links_to_itself_in_each_language_named_in_that_language(client: Any) -> None:
    html = page(client.get("/share?channel=message_board&venue=huadu-board", headers={"Accept-Language": "en"}))
    links = re.findall(r'<a href="([^"]+)" lang="([^"]+)" hreflang="[^"]+"( aria-current="true")?>([^<]+)</a>', html)
    assert [(tag, name, bool(current)) for _, tag, current, name in links] == [
        ("zh-Hans", "简体中文", False), ("zh-Hant", "繁體中文", False), ("en", "English", True),
    ]
    assert links[1][0] == "/share?channel=message_board&venue=huadu-board&lang=zh-Hant"


def test_an_idea_remembers_the_language_it_was_shared_in(client: Any, seeded: Any) -> None:
    response = client.post("/share?lang=zh-Hant", data=IDEA)
    code = response.headers["Location"].rsplit("/", 1)[1]
    assert seeded.app.get_suggestion(code).language == "zh-Hant"


# -- what the child reads ----------------------------------------------------------------------------


def answered_code(client: Any, seeded: Any) -> str:
    code = client.post("/share", data=IDEA).headers["Location"].rsplit("/", 1)[1]
    seeded.app.accept(code, Actor.staff("mona"))
    seeded.app.forward(code, "health-commission", date.today() + timedelta(days=9), Actor.staff("dan"))
    return code


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh-Hans", ["大人读过了你的想法", "你的想法送到了Health Commission", "还没到", "我们收到了你的想法。"]),
        ("zh-Hant", ["大人讀過了你的想法", "你的想法送到了Health Commission", "還沒到", "我們收到了你的想法。"]),
        ("en", ["A grown-up read your idea", "Your idea went to the Health Commission", "Still to come"]),
    ],
)
def test_the_way_of_an_idea_is_told_in_the_child_s_language(client: Any, seeded: Any, lang: str, words: list) -> None:
    code = answered_code(client, seeded)
    html = page(client.get(f"/track/{code}?lang={lang}"))
    for word in words:
        assert word in html


def test_dates_are_written_the_way_each_language_writes_them(client: Any, seeded: Any) -> None:
    code = client.post("/share", data=IDEA).headers["Location"].rsplit("/", 1)[1]
    due = seeded.app.get_suggestion(code).answer_due
    assert f"{due.year}年{due.month}月{due.day}日" in page(client.get(f"/receipt/{code}?lang=zh-Hans"))
    assert f"{due.year}年{due.month}月{due.day}日" in page(client.get(f"/receipt/{code}?lang=zh-Hant"))
    assert f"{due:%b} {due.day}, {due.year}" in page(client.get(f"/receipt/{code}?lang=en"))


def test_numbers_are_written_the_way_each_language_writes_them(client: Any, seeded: Any) -> None:
    code = answered_code(client, seeded)
    seeded.app.answer(code, "adopted", "Approved.", "Yes!", Actor.staff("olga"))
    seeded.app.record_progress(code, 40, "Started.", Actor.staff("olga"))
    assert "已经开始做啦：做完了 40%" in page(client.get(f"/track/{code}?lang=zh-Hans"))
    assert "The work has started: 40% done" in page(client.get(f"/track/{code}?lang=en"))


@pytest.mark.parametrize(
    ("lang", "heading"),
    [("zh-Hans", "没有找到这一页。"), ("zh-Hant", "沒有找到這一頁。"), ("en", "We could not find that page.")],
)
def test_error_pages_speak_the_child_s_language(client: Any, lang: str, heading: str) -> None:
    response = client.get(f"/no-such-page?lang={lang}")
    assert response.status_code == 404
    assert html_lang(response) == lang
    assert heading in page(response)


def test_the_api_speaks_english_unless_asked(client: Any, seeded: Any) -> None:
    code = client.post("/share", data=IDEA).headers["Location"].rsplit("/", 1)[1]
    assert client.get(f"/api/v1/suggestions/{code}").get_json()["timeline"][0]["label"] == "We got your idea."
    asked = client.get(f"/api/v1/suggestions/{code}", headers={"Accept-Language": "zh-TW"})
    assert asked.get_json()["timeline"][0]["label"] == "我們收到了你的想法。"


# -- the catalogues ---------------------------------------------------------------------------------


def key(value: Any) -> Any:
    """Return a message's id or string as one comparable value (plural forms as a tuple)."""
    return value if isinstance(value, str) else tuple(value)


def catalogue(locale: str) -> Any:
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=locale)


def children_messages() -> set[Any]:
    """Return every message id the children's pages can show, read from the sources themselves."""
    found = set()
    method_map = [("web/**.py", "python"), ("web/templates/**.html", "jinja2")]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
    for filename, _, message, _, _ in extract_from_dir(str(ROOT), method_map, keywords=keywords):
        if filename.replace("\\", "/").startswith(CHILDREN_SOURCES):
            found.add(message if isinstance(message, str) else tuple(message))
    return found


@pytest.fixture(scope="module")
def children_words() -> set[Any]:
    return children_messages()


@pytest.mark.parametrize("locale", CHINESE)
def test_every_word_a_child_can_see_is_translated(children_words: set[Any], locale: str) -> None:
    translated = {}
    for message in catalogue(locale):
        if message.id and "fuzzy" not in message.flags:
            strings = [message.string] if isinstance(message.string, str) else list(message.string)
            translated[key(message.id)] = all(strings)
    missing = sorted(str(word) for word in children_words if not translated.get(word))
    assert missing == [], f"{locale}: run `make translations` and translate: {missing}"


@pytest.mark.parametrize("locale", LOCALES)
def test_each_catalogue_is_valid_and_compiled(locale: str) -> None:
    po = catalogue(locale)
    problems = [(message.id, [str(error) for error in errors]) for message, errors in po.check()]
    assert problems == []
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.mo", "rb") as mo:
        compiled = read_mo(mo)
    expected = {key(m.id): key(m.string) for m in po if m.id and m.string and "fuzzy" not in m.flags
                and (isinstance(m.string, str) or all(m.string))}
    actual = {key(m.id): key(m.string) for m in compiled if m.id}
    stale = sorted(str(key) for key in expected if actual.get(key) != expected[key])
    assert stale == [], f"{locale}: the .mo file is older than the .po file; run `make translations`"


# -- the templates -------------------------------------------------------------------------------------


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_templates_hold_no_words_outside_the_catalogue(template: Path) -> None:
    source = template.read_text(encoding="utf-8")
    text = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", " ", source, flags=re.S)
    text = re.sub(r"<[^>]*>", " ", text, flags=re.S)
    assert re.findall(r"[A-Za-z\u4e00-\u9fff]{2,}", text) == []


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_templates_hold_no_inline_script_style_or_event_handler(template: Path) -> None:
    source = template.read_text(encoding="utf-8")
    assert not re.search(r"<script|<style|\sstyle=|\son[a-z]+=", source, flags=re.I)
