"""The automatic screen spots personal data and disclosures of harm in a child's words."""

from __future__ import annotations

import pytest

from domain.privacy import screen


@pytest.mark.parametrize(("text", "kind"), [
    ("打电话给我 13812345678", "phone"),
    ("my mum's phone is +86 139 1234 5678", "phone"),
    ("我的手机 0912-345-678", "phone"),
    ("call 0512-57551234 please", "phone"),
    ("身份证 32058319900101123X", "id_card"),
    ("my ID is A123456789", "id_card"),
    ("write to me at xiaoming@example.com", "email"),
    ("我叫王小明，我想要秋千", "name"),
    ("Hi, my name is Lily and I want a slide", "name"),
    ("我在玉山小学三年级二班", "school_class"),
    ("我是四年级3班的", "school_class"),
    ("I am in class 4B at Huadu Primary School grade 4", "school_class"),
])
def test_personal_data_is_spotted(text: str, kind: str) -> None:
    assert kind in screen(text).personal_data


@pytest.mark.parametrize("text", [
    "公园里需要更多的秋千和滑梯",
    "Please add more picture books to the waiting room",
    "Route 965 should run every 10 minutes",
    "We want 2000 more trees by 2030",
    "昆曲很好听，我们想多学一点",
])
def test_ordinary_ideas_pass_the_screen(text: str) -> None:
    result = screen(text)
    assert result.clean, result


@pytest.mark.parametrize("text", ["爸爸经常打我", "someone at school hurts me", "我不想活了", "I want to die"])
def test_a_disclosure_of_harm_is_spotted(text: str) -> None:
    assert screen(text).harm


def test_the_title_and_the_text_are_both_screened() -> None:
    assert screen("一个想法", "我叫李华").personal_data == ("name",)


def test_saying_what_you_are_is_not_a_name() -> None:
    assert "name" not in screen("我是小学生，我希望公园有更多的树").personal_data
