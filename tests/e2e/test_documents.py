"""Documents officials use (issue 17, item 6), as a deputy, an official and a parent get them, in Chinese.

The topic's dossier as a page and as Word, a body's worklist as Excel, the yearly "You said, we did"
report: who may have which, what they hold (the Chinese topic name, the counts, a child's moderated
words, an overdue mark), and what they never hold (a tracking code, held or sealed words). Each runs
on the in-memory, SQLite and PostgreSQL stores.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import unquote

import pytest

from domain.actors import Actor
from tests.e2e.staff_browser import Browser, in_days, ref_of, signed_in, submit

pytestmark = pytest.mark.site(csrf=False)

LUNCH = "校园午餐"
CHINESE = {"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9"}
FRUIT = "午餐里希望每天都有新鲜水果。"
HELD = "我的电话是13800138000，午餐的饭太少了。"
SEALED = "有人在午餐时欺负我，我很害怕。"
REDACTED_ORIGINAL = "我叫王小明，电话13912345678，想要热汤。"
REDACTED = "冬天的午餐想要热汤。"
DUPLICATE = "水果，午餐要有水果！"
OTHERS = ["希望午餐的菜单让学生一起选。", "午饭时间太短，吃不完。", "希望食堂有素食的选择。"]


def chinese(browser: Browser) -> Browser:
    browser.client.environ_base.update(CHINESE)
    return browser


@pytest.fixture
def lunch(site: Any, seeded: Any) -> dict[str, Any]:
    """A topic 校园午餐 with a tabled proposal: five ideas, one merged duplicate, one held, one redacted, one sealed."""
    app, places, privacy = seeded.app, seeded.services.places, seeded.services.privacy
    mona, dan = Actor.staff("mona"), Actor.staff("dan")
    places.rename_topic("school-nutrition", {"zh-Hans": LUNCH, "zh-Hant": "校園午餐", "en": "School lunches"},
                        Actor.staff("adam"))
    codes = {"fruit": submit(app, text=FRUIT)}
    codes.update({f"other{i}": submit(app, text=text, age_band="12-14") for i, text in enumerate(OTHERS)})
    codes["duplicate"] = submit(app, text=DUPLICATE)
    codes["held"] = submit(app, text=HELD)
    codes["redacted"] = submit(app, text=REDACTED_ORIGINAL)
    codes["sealed"] = submit(app, text=SEALED, needs_help=True)
    refs = {name: ref_of(app, code) for name, code in codes.items()}
    app.merge(refs["duplicate"], refs["fruit"], mona)
    privacy.redact(refs["redacted"], REDACTED, None, mona)
    for name in ("fruit", "other0", "other1", "other2", "held", "redacted"):
        app.accept(refs[name], mona)
        app.assign_topic(refs[name], "school-nutrition", dan)
    with app.clock.held_at(datetime.now(timezone.utc) - timedelta(days=10)):  # forwarded ten days ago: overdue
        app.forward(refs["fruit"], "education-bureau", in_days(-3), dan)
    app.forward(refs["other0"], "education-bureau", in_days(10), dan)
    app.forward(refs["other1"], "health-commission", in_days(10), dan)
    app.answer(refs["other1"], "adopted", "纳入明年预算。", "好主意！我们会延长午饭时间。", Actor.staff("olga"))
    places.join_topic("school-nutrition", "dan")
    places.table_proposal("school-nutrition", "2026-017", "关于改善校园午餐的建议", seeded.staff("dan"))
    site.extensions["projector"].catch_up()
    return {"codes": codes, "refs": refs}


def no_code_anywhere(text: str, codes: dict[str, str]) -> None:
    for name, code in codes.items():
        assert code not in text, f"the tracking code of {name} is in the document"


def forbidden_words(text: str) -> None:
    for words in (HELD, "13800138000", SEALED, REDACTED_ORIGINAL, "13912345678", "王小明"):
        assert words not in text, f"{words!r} must never reach a document"


def test_the_dossier_page_holds_the_proposal_the_counts_and_only_moderated_words(site: Any, lunch: Any) -> None:
    dan = chinese(signed_in(site, "dan"))
    dan.get("/staff/topics/school-nutrition")
    assert "/staff/topics/school-nutrition/dossier" in dan.page, "the board links its dossier"
    dan.get("/staff/topics/school-nutrition/dossier")
    text = dan.text()
    assert LUNCH in text and "2026 Two Sessions" in text
    assert "2026-017" in text and "关于改善校园午餐的建议" in text and "提交" in text
    assert re.search(r'class="count-ideas">6<', dan.page), "six ideas on the topic"
    assert re.search(r'class="count-children">7<', dan.page), "seven children with the merged duplicate"
    assert FRUIT in text and REDACTED in text and all(words in text for words in OTHERS)
    assert "9-11 岁" in text and "12-14 岁" in text and "Huadu Message Board" in text  # the seed's one name
    assert "另有 1 个孩子提出了同样的想法" in text
    assert "<svg" in dan.page, "the counts come with their charts"
    assert "少于 5" in text, "a group of fewer than five children is not counted out"
    forbidden_words(text)
    no_code_anywhere(dan.page, lunch["codes"])


def test_the_dossier_is_for_deputies_and_auditors_only(site: Any, lunch: Any) -> None:
    audrey = chinese(signed_in(site, "audrey"))
    audrey.get("/staff/topics/school-nutrition/dossier")
    assert LUNCH in audrey.text()
    for path in ("/staff/topics/school-nutrition/dossier", "/staff/topics/school-nutrition/dossier.docx"):
        for username in ("olga", "mona", "fay"):
            signed_in(site, username).get(path, status=403)
        anonymous = Browser(site)
        anonymous.get(path, status=302)
        assert "/staff/sign-in" in anonymous.location
    chinese(signed_in(site, "dan")).get("/staff/topics/no-such-topic/dossier", status=404)
    chinese(signed_in(site, "dan")).get("/staff/topics/no-such-topic/dossier.docx", status=404)


def docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(" | ".join(cell.text for cell in row.cells) for row in table.rows)
    return "\n".join(parts)


def test_the_dossier_downloads_as_an_editable_word_file_in_chinese(site: Any, lunch: Any) -> None:
    from docx import Document
    from docx.oxml.ns import qn

    dan = chinese(signed_in(site, "dan"))
    response = dan.client.get("/staff/topics/school-nutrition/dossier.docx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response.headers["Cache-Control"] == "no-store", "a file of children's words is not kept by a cache"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment") and "filename*=UTF-8''" in disposition
    assert LUNCH in unquote(disposition.split("filename*=UTF-8''")[1]) and disposition.endswith(".docx")
    data = response.get_data()
    text = docx_text(data)
    assert LUNCH in text and "2026-017" in text and "关于改善校园午餐的建议" in text
    assert FRUIT in text and REDACTED in text
    assert re.search(r"想法 \| 6\b", text) and re.search(r"\| 7\b", text), text
    assert "9-11 岁" in text and "少于 5" in text
    forbidden_words(text)
    no_code_anywhere(text, lunch["codes"])
    document = Document(io.BytesIO(data))
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "SimSun", "Word shows the Chinese in a Chinese font"
    # The charts: a blue bar beside each count, none beside a group too small to count.
    charted = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows
               if len(row.cells) == 3]
    assert any(count.isdigit() and bar.startswith("█") for _label, count, bar in charted), charted
    assert all(bar == "" for _label, count, bar in charted if count == "少于 5"), charted


def test_the_dossier_speaks_the_readers_language(site: Any, lunch: Any) -> None:
    dan = signed_in(site, "dan")  # English
    response = dan.client.get("/staff/topics/school-nutrition/dossier.docx")
    text = docx_text(response.get_data())
    assert "School lunches" in text and "The proposal" in text and FRUIT in text
    dan.client.environ_base.update({"HTTP_ACCEPT_LANGUAGE": "zh-TW"})
    dan.get("/staff/topics/school-nutrition/dossier")
    assert "校園午餐" in dan.text() and "建議編號" in dan.text()
    from docx import Document
    from docx.oxml.ns import qn

    response = dan.client.get("/staff/topics/school-nutrition/dossier.docx")
    assert "校園午餐" in docx_text(response.get_data()) and "建議編號" in docx_text(response.get_data())
    fonts = Document(io.BytesIO(response.get_data())).styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "PMingLiU", "Traditional Chinese in a Ming font"
    eddie = signed_in(site, "eddie")  # English
    _, rows = xlsx_rows(eddie.client.get("/staff/inbox.xlsx").get_data())
    assert rows[0][:3] == ["Reference", "Place", "Topic"] and rows[1][7] == "overdue" and rows[1][2] == "School lunches"


def xlsx_rows(data: bytes) -> tuple[Any, list[list[Any]]]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data)).active
    return sheet, [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_a_bodys_worklist_downloads_as_excel_with_due_dates_and_overdue_marks(site: Any, lunch: Any) -> None:
    eddie = chinese(signed_in(site, "eddie"))
    eddie.get("/staff/inbox")
    assert "/staff/inbox.xlsx" in eddie.page, "the inbox links its worklist"
    response = eddie.client.get("/staff/inbox.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    sheet, rows = xlsx_rows(response.get_data())
    header, body = rows[0], rows[1:]
    assert header[:3] == ["编号", "地点", "议题"] and "期限" in header and "已超期" in header
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    refs = lunch["refs"]
    assert [row[0] for row in body] == [refs["fruit"], refs["other0"]], "overdue first, then by due date"
    overdue, waiting = body
    assert overdue[header.index("已超期")] == "已逾期" and not waiting[header.index("已超期")]
    assert sheet.cell(2, 1).fill.fgColor.rgb.endswith("FFC7CE"), "an overdue row is marked in colour"
    due = overdue[header.index("期限")]
    assert (due.date() if isinstance(due, datetime) else due) == in_days(-3)
    assert overdue[header.index("谁的期限")] == "交办给单位的期限"
    assert waiting[header.index("谁的期限")] == "交办给单位的期限"
    assert overdue[header.index("议题")] == LUNCH and overdue[-1] == FRUIT
    text = "\n".join(str(cell) for row in rows for cell in row)
    forbidden_words(text)
    no_code_anywhere(text, lunch["codes"])
    assert refs["other1"] not in text, "another body's item stays out of the worklist"


def test_the_worklist_keeps_the_inboxs_filters_and_is_for_officials_only(site: Any, lunch: Any) -> None:
    eddie = chinese(signed_in(site, "eddie"))
    eddie.get("/staff/inbox?overdue=yes")
    assert "/staff/inbox.xlsx?overdue=yes" in eddie.page
    _, rows = xlsx_rows(eddie.client.get("/staff/inbox.xlsx?overdue=yes").get_data())
    assert [row[0] for row in rows[1:]] == [lunch["refs"]["fruit"]]
    _, rows = xlsx_rows(eddie.client.get("/staff/inbox.xlsx?q=食堂").get_data())
    assert rows[1:] == []
    response = eddie.client.get("/staff/inbox.xlsx?overdue=maybe")
    assert response.status_code == 422 and "逾期" in response.get_data(as_text=True) or "超期" in response.get_data(as_text=True)
    for username in ("dan", "mona", "audrey"):
        signed_in(site, username).get("/staff/inbox.xlsx", status=403)
    anonymous = Browser(site)
    anonymous.get("/staff/inbox.xlsx", status=302)


def test_the_yearly_report_is_public_print_ready_and_counts_with_the_small_group_rule(
    site: Any, seeded: Any, lunch: Any
) -> None:
    parent = chinese(Browser(site))
    parent.get("/you-said-we-did")
    assert "/you-said-we-did/report" in parent.page, "the board links its yearly report"
    year = seeded.app.clock.today().year
    parent.get(f"/you-said-we-did/report?year={year}")
    text = parent.text()
    assert f"你说，我们做：{year} 年度报告" in text
    assert LUNCH in text, "the idea taken up is counted under its topic"
    assert "少于 5" in text, "one idea taken up is too few to count out"
    assert "好主意！我们会延长午饭时间。" in text and OTHERS[1] in text, "an example in its moderated words"
    forbidden_words(text)
    no_code_anywhere(parent.page, lunch["codes"])
    assert "孩子们提出的想法 8" in text, "eight ideas were sent this year"
    parent.get("/you-said-we-did/report", status=200)
    assert f"{year} 年度报告" in parent.text(), "this year's report by default"
    assert f"year={year - 1}" not in parent.page, "no link to a year before the first idea came"
    parent.get(f"/you-said-we-did/report?year={year - 1}")
    assert "这一年还没有被采纳的想法。" in parent.text() and OTHERS[1] not in parent.text()


@pytest.mark.parametrize("year", ["abc", "1999", "20266", "-1", str(date.today().year + 2)])
def test_a_bad_year_gets_a_clear_answer_in_the_pages_language(site: Any, year: str) -> None:
    parent = chinese(Browser(site))
    parent.get(f"/you-said-we-did/report?year={year}", status=422)
    assert "年份" in parent.text()
