"""Web addresses in evidence become safe links; nothing else does, and everything else is escaped."""

from __future__ import annotations

import pytest

from web.evidence import LINK_REL, linked


def test_an_https_address_in_chinese_words_becomes_a_link_without_the_full_stop() -> None:
    html = str(linked("照片见 https://example.org/photos/1?a=1&b=2。谢谢"))
    assert html == (f'照片见 <a href="https://example.org/photos/1?a=1&amp;b=2" rel="{LINK_REL}" target="_blank">'
                    'https://example.org/photos/1?a=1&amp;b=2</a>。谢谢')


def test_a_trailing_english_full_stop_stays_outside_the_link() -> None:
    assert 'href="http://bureau.example.cn/report" ' in str(linked("See http://bureau.example.cn/report."))
    assert str(linked("See http://bureau.example.cn/report.")).endswith("</a>.")


@pytest.mark.parametrize("words", [
    "javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "<script>alert(1)</script>",
    "vbscript:msgbox",
    "ftp://example.org/file",
    'https://"onmouseover="alert(1)',
])
def test_no_other_scheme_becomes_a_link_and_markup_is_escaped(words: str) -> None:
    html = str(linked(words))
    assert "<script" not in html and "onmouseover=\"" not in html
    assert 'href="javascript' not in html and 'href="data' not in html and 'href="ftp' not in html


def test_nothing_and_plain_words_stay_as_they_are() -> None:
    assert str(linked(None)) == "" and str(linked("新斑马线已画好")) == "新斑马线已画好"
