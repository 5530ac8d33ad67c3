"""Search, filters, order and paging of the staff lists (issue 17), on every store.

Search reads only the words every staff reader may read: never sealed words,
never held words before a moderator redacts them, never erased ones.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote

import pytest

from domain.actors import Actor
from tests.e2e.staff_browser import in_days, ref_of, signed_in, submit

pytestmark = pytest.mark.site(csrf=False, rate_limits=False)

LUNCH = "学校午餐太咸了"
ENGLISH = "The slide in the park is broken, please mend it."
PHONE = "13812345678"
SECRET = "scared of my uncle at home"


def found(browser: Any, path: str, q: str, **more: str) -> str:
    args = "&".join(f"{k}={quote(v)}" for k, v in {"q": q, **more}.items())
    return browser.get(f"{path}?{args}")


def test_search_finds_chinese_substrings_and_english_words_in_the_queue(site: Any, seeded: Any) -> None:
    app = seeded.app
    lunch, english, other = (ref_of(app, submit(app, text=t)) for t in (LUNCH, ENGLISH, "操场需要更多的树荫。"))
    site.extensions["projector"].catch_up()
    mona = signed_in(site, "mona")
    found(mona, "/staff/queue", "午餐")
    assert lunch in mona.page and english not in mona.page and other not in mona.page
    found(mona, "/staff/queue", "SLIDE")  # case does not matter
    assert english in mona.page and lunch not in mona.page
    found(mona, "/staff/queue", "slide mend")  # every word
    assert english in mona.page
    found(mona, "/staff/queue", "slide 午餐")
    assert english not in mona.page and lunch not in mona.page
    assert "No item matches this search." in mona.text()
    found(mona, "/staff/queue", "100%_")  # the search's own wildcards are plain characters
    assert lunch not in mona.page and english not in mona.page


def test_simplified_and_traditional_find_each_other(site: Any, seeded: Any) -> None:
    app = seeded.app
    traditional = ref_of(app, submit(app, text="校園午餐可以少放一點鹽嗎？"))
    simplified = ref_of(app, submit(app, text="校园午餐能不能多一点蔬菜"))
    other = ref_of(app, submit(app, text="学校门口的红绿灯太短了"))
    site.extensions["projector"].catch_up()
    mona = signed_in(site, "mona")
    for q in ("校园午餐", "校園午餐", "校园"):  # Simplified, Traditional, a shorter substring
        found(mona, "/staff/queue", q)
        assert traditional in mona.page and simplified in mona.page and other not in mona.page, q
    found(mona, "/staff/queue", "一點鹽")
    assert traditional in mona.page and simplified not in mona.page


def test_sealed_and_held_words_are_never_found_and_erasure_removes_words(site: Any, seeded: Any) -> None:
    app, privacy = seeded.app, seeded.services.privacy
    held = ref_of(app, submit(app, text=f"My phone is {PHONE}. 午餐 please."))
    sealed = ref_of(app, submit(app, text=f"I am {SECRET}. 午餐 please.", needs_help=True))
    erased = ref_of(app, submit(app, text="午餐 should be warmer."))
    site.extensions["projector"].catch_up()
    assert app.get_item(held).held_for and app.get_item(sealed).sealed
    mona = signed_in(site, "mona")
    for q in (PHONE, "uncle", "午餐"):
        found(mona, "/staff/queue", q)
        assert held not in mona.page and sealed not in mona.page, q
    assert erased in mona.page
    privacy.redact(held, "午餐 please, my number is taken out.", None, Actor.staff("mona"))
    privacy.erase(erased, Actor.staff("mona"), "the child asked")
    site.extensions["projector"].catch_up()
    found(mona, "/staff/queue", "午餐")
    assert held in mona.page, "the redacted words are found"
    assert erased not in mona.page and sealed not in mona.page
    found(mona, "/staff/queue", PHONE)
    assert held not in mona.page
    found(mona, "/staff/queue", "warmer")
    assert erased not in mona.page
    projector = site.extensions["projector"]
    projector.rebuild("work_queue")  # the index is rebuilt from the log: the same words, no more
    for q, expected in (("午餐", {held}), (PHONE, set()), ("warmer", set()), ("uncle", set())):
        found(mona, "/staff/queue", q)
        assert {ref for ref in (held, sealed, erased) if ref in mona.page} == expected, q
    rows = projector.views.query("SELECT words FROM wq_words WHERE words IS NOT NULL")
    assert not any(PHONE in r["words"] or "uncle" in r["words"] or "warmer" in r["words"] for r in rows)


def test_released_words_are_found_again(site: Any, seeded: Any) -> None:
    app, privacy = seeded.app, seeded.services.privacy
    held = ref_of(app, submit(app, text=f"My phone is {PHONE}. 午餐 please."))
    site.extensions["projector"].catch_up()
    mona = signed_in(site, "mona")
    found(mona, "/staff/queue", "午餐")
    assert held not in mona.page
    privacy.release(held, Actor.staff("mona"))
    site.extensions["projector"].catch_up()
    found(mona, "/staff/queue", "午餐")
    assert held in mona.page, "a moderator found the hold was wrong: the words are searched again"


def test_filters_narrow_the_review_list(site: Any, seeded: Any) -> None:
    app = seeded.app
    english = submit(app, text=ENGLISH, language="en", age_band="12-14", channel="observation_group",
                     venue="little-kunyu", category="services")
    chinese = submit(app, text=LUNCH)  # on the Huadu board, in Huaqiao
    for code in (english, chinese):
        app.accept(code, Actor.staff("mona"))
    english_ref, chinese_ref = ref_of(app, english), ref_of(app, chinese)
    app.assign_topic(chinese_ref, "school-nutrition", Actor.staff("dan"))
    site.extensions["projector"].catch_up()
    dan = signed_in(site, "dan")
    cases = {
        "language=en": english_ref, "language=zh-Hans": chinese_ref, "age_band=12-14": english_ref,
        "channel=observation_group": english_ref, "channel=message_board": chinese_ref,
        "category=services": english_ref, "category=spaces": chinese_ref, "place=little-kunyu": english_ref,
        "place=huadu-board": chinese_ref, "district=Huaqiao": chinese_ref, "topic=school-nutrition": chinese_ref,
        "q=午餐&district=Huaqiao": chinese_ref, "q=slide&language=en": english_ref,
    }
    for args, expected in cases.items():
        dan.get(f"/staff/review?{args}")
        other = chinese_ref if expected == english_ref else english_ref
        assert expected in dan.page and other not in dan.page, args
    dan.get("/staff/review?overdue=yes")
    assert english_ref not in dan.page
    dan.get(f"/staff/review?due={in_days(365).isoformat()}")
    assert english_ref in dan.page and chinese_ref in dan.page
    dan.get(f"/staff/review?due={in_days(-1).isoformat()}")
    assert english_ref not in dan.page
    for bad in ("status=nonsense", "age_band=99", "place=nowhere", "district=nowhere", "due=tomorrow",
                "overdue=maybe", "sort=random", "language=klingon", "q=" + "x" * 101):
        dan.get(f"/staff/review?{bad}", status=422)
        assert "Traceback" not in dan.page
    dan.get("/staff/review?page=0", status=404)


def test_every_list_has_a_search_form_with_no_script(site: Any, seeded: Any) -> None:
    for username, path in (("mona", "/staff/queue"), ("dan", "/staff/review"), ("eddie", "/staff/inbox")):
        page = signed_in(site, username).get(path)
        form = page[page.index('<form class="search-form"'):]
        form = form[:form.index("</form>")]
        assert 'method="get"' in form and 'name="q"' in form and 'name="sort"' in form and "<script" not in form


def test_paging_goes_beyond_fifty_and_keeps_the_search(site: Any, seeded: Any) -> None:
    app = seeded.app
    refs = [ref_of(app, submit(app, text=f"午餐 idea number {n}")) for n in range(53)]
    submit(app, text="Something else entirely.")
    site.extensions["projector"].catch_up()
    mona = signed_in(site, "mona")
    found(mona, "/staff/queue", "午餐")
    first = {ref for ref in refs if ref in mona.page}
    assert len(first) == 50
    assert "page=2" in mona.page and "q=%E5%8D%88%E9%A4%90" in mona.page
    found(mona, "/staff/queue", "午餐", page="2")
    second = {ref for ref in refs if ref in mona.page}
    assert second == set(refs) - first and len(second) == 3


def test_the_inbox_is_in_due_date_order_with_overdue_first(site: Any, seeded: Any) -> None:
    app = seeded.app
    now = datetime.now(timezone.utc)
    app.clock.freeze(now - timedelta(days=10))  # filed and forwarded ten days ago, due two days ago
    overdue = submit(app, text="Education idea overdue.")
    app.accept(overdue, Actor.staff("mona"))
    app.forward(overdue, "education-bureau", in_days(-8), Actor.staff("dan"))
    app.clock.freeze(now)
    codes = {"overdue": ref_of(app, overdue)}
    for name, days in (("late", 30), ("soon", 3), ("early", 10)):
        code = submit(app, text=f"Education idea {name}.")
        app.accept(code, Actor.staff("mona"))
        app.forward(code, "education-bureau", in_days(days), Actor.staff("dan"))
        codes[name] = ref_of(app, code)
    site.extensions["projector"].catch_up()
    eddie = signed_in(site, "eddie")
    page = eddie.get("/staff/inbox")
    order = sorted(codes, key=lambda name: page.index(codes[name]))
    assert order == ["overdue", "soon", "early", "late"]
    assert "overdue" in eddie.text() and "the date given to the body" in eddie.text()
    page = eddie.get("/staff/inbox?sort=filed")
    assert sorted(codes, key=lambda name: page.index(codes[name])) == ["overdue", "late", "soon", "early"]
    eddie.get("/staff/inbox?q=early")
    assert codes["early"] in eddie.page and codes["late"] not in eddie.page
    # Once answered, an item is due no more: its row promises no date.
    app.answer(codes["early"], "adopted", "Yes.", "We will do it.", Actor.staff("eddie"))
    site.extensions["projector"].catch_up()
    eddie.get("/staff/inbox?q=early")
    assert codes["early"] in eddie.page and "the date given to the body" not in eddie.text()
    assert "the date promised to the child" not in eddie.text()


def test_the_search_form_and_its_refusals_speak_the_pages_language(site: Any, seeded: Any) -> None:
    app = seeded.app
    code = submit(app, text=LUNCH)
    app.accept(code, Actor.staff("mona"))
    app.forward(code, "education-bureau", in_days(14), Actor.staff("dan"))
    site.extensions["projector"].catch_up()
    eddie = signed_in(site, "eddie")
    eddie.get("/staff/inbox?lang=zh-Hans")
    assert "搜索意见内容" in eddie.text() and "交办给单位的期限" in eddie.text() and "已超期的在前" in eddie.text()
    eddie.get("/staff/inbox?lang=zh-Hant&sort=random", status=422)
    assert "列表只能依截止日期、提交時間或最近變動排序" in eddie.text()
    eddie.get("/staff/inbox?lang=en&q=" + quote("没有"))
    assert "No item matches this search." in eddie.text()


def test_a_topic_board_searches_its_own_items_and_leads_to_every_place(site: Any, seeded: Any) -> None:
    app = seeded.app
    refs = []
    for text in (LUNCH, ENGLISH):
        code = submit(app, text=text)
        app.accept(code, Actor.staff("mona"))
        refs.append(ref_of(app, code))
        app.assign_topic(refs[-1], "school-nutrition", Actor.staff("dan"))
    lunch, english = refs
    site.extensions["projector"].catch_up()
    dan = signed_in(site, "dan")
    found(dan, "/staff/topics/school-nutrition", "午餐")
    assert lunch in dan.page and english not in dan.page
    assert "/staff/review?q=%E5%8D%88%E9%A4%90" in dan.page
    found(dan, "/staff/topics/school-nutrition", "独角兽")
    assert lunch not in dan.page and "No item matches this search." in dan.text()


def test_the_inbox_pages_in_due_date_order_and_its_links_keep_the_filters(
    site: Any, seeded: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("web.staff.reads.PAGE", 2)
    app = seeded.app
    refs = []
    for days in (9, 3, 6):
        code = submit(app, text=f"Education idea due in {days} days.")
        app.accept(code, Actor.staff("mona"))
        app.forward(code, "education-bureau", in_days(days), Actor.staff("dan"))
        refs.append(ref_of(app, code))
    site.extensions["projector"].catch_up()
    eddie = signed_in(site, "eddie")
    first = eddie.get("/staff/inbox?status=forwarded")
    assert refs[1] in first and refs[2] in first and refs[0] not in first
    assert "status=forwarded" in first[first.index('rel="next"') - 200:first.index('rel="next"')]
    eddie.get("/staff/inbox?status=forwarded&page=2")
    assert refs[0] in eddie.page and refs[1] not in eddie.page
