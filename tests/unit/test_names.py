"""Names in three languages: given by events, read in the language asked for, with a fallback for old stores."""

from __future__ import annotations

import pytest

from domain.errors import InvalidValue
from domain.names import name_in, tidy_names
from domain.topic import Topic
from domain.values import VenueKind
from domain.venue import Venue
from feedback.demo_data import DISTRICT_NAMES, TOPICS, all_places

NAMES = {"zh-Hans": "花都一米留言板", "zh-Hant": "花都一米留言板", "en": "Huadu One-Meter Message Board"}
HUAQIAO = {"zh-Hans": "花桥镇", "zh-Hant": "花橋鎮", "en": "Huaqiao"}


def board() -> Venue:
    return Venue.register("huadu-board", VenueKind.MESSAGE_BOARD, "Huadu Message Board", "Huaqiao")


def test_a_venue_registered_before_names_had_languages_answers_with_its_one_name_in_every_language() -> None:
    venue = board()
    assert [venue.name_in(tag) for tag in ("zh-Hans", "zh-Hant", "en")] == ["Huadu Message Board"] * 3
    assert venue.district_in("zh-Hans") == "Huaqiao"


def test_a_venue_named_in_three_languages_answers_in_the_language_asked_for() -> None:
    venue = board()
    venue.give_names(NAMES, HUAQIAO)
    assert venue.name_in("zh-Hans") == "花都一米留言板"
    assert venue.name_in("en") == "Huadu One-Meter Message Board"
    assert (venue.district_in("zh-Hant"), venue.district_in("en")) == ("花橋鎮", "Huaqiao")


def test_a_missing_language_falls_back_to_simplified_chinese_then_to_the_old_name() -> None:
    venue = board()
    venue.give_names({"zh-Hans": "花都留言板"})
    assert venue.name_in("zh-Hant") == venue.name_in("en") == "花都留言板"
    assert name_in({}, "zh-Hant", "old") == "old"


def test_a_rename_in_one_language_is_one_event_and_keeps_the_other_two() -> None:
    venue = board()
    venue.give_names(NAMES)
    venue.give_names({"en": "Huadu Board"})
    given = [e for e in venue.collect_events() if isinstance(e, Venue.NamesGiven)]
    assert len(given) == 2
    assert given[-1].names == {**NAMES, "en": "Huadu Board"}
    assert venue.name_in("zh-Hans") == "花都一米留言板"


def test_giving_the_names_a_venue_already_has_records_nothing() -> None:
    venue = board()
    venue.give_names(NAMES, HUAQIAO)
    venue.collect_events()
    venue.give_names({"zh-Hans": " 花都一米留言板 "}, {"en": "Huaqiao"})
    assert venue.collect_events() == []


def test_a_name_in_a_language_we_do_not_speak_is_refused() -> None:
    with pytest.raises(InvalidValue, match="not in fr"):
        board().give_names({"fr": "Tableau"})


def test_empty_names_are_left_out() -> None:
    assert tidy_names({"zh-Hans": "  ", "en": " Park "}) == {"en": "Park"}


def test_a_topic_is_renamed_in_three_languages_by_an_event() -> None:
    topic = Topic.open("school-nutrition", "School nutrition", "2026 Two Sessions")
    topic.give_names({"zh-Hans": "学校营养餐", "zh-Hant": "學校營養餐", "en": "School nutrition"})
    assert (topic.name_in("zh-Hans"), topic.name_in("zh-Hant"), topic.name_in("en")) == (
        "学校营养餐", "學校營養餐", "School nutrition")
    assert isinstance(topic.collect_events()[-1], Topic.NamesGiven)


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_every_demo_place_has_a_chinese_name_in_both_scripts_an_english_one_and_a_named_district() -> None:
    lacking = [
        p.slug for p in all_places()
        if not (has_chinese(p.names["zh-Hans"]) and has_chinese(p.names["zh-Hant"]) and p.names["en"].isascii())
        or (p.district and p.district not in DISTRICT_NAMES)
    ]
    assert lacking == []
    assert len(all_places()) == 284


def test_every_demo_topic_and_district_has_a_chinese_name_in_both_scripts() -> None:
    assert all(has_chinese(hans) and has_chinese(hant) for *_, hans, hant in TOPICS)
    assert all(has_chinese(hans) and has_chinese(hant) for hans, hant in DISTRICT_NAMES.values())


def test_traditional_names_are_written_in_traditional_characters() -> None:
    simplified_only = set("门馆区镇团儿园图书乐灯桥庄锦张陆")
    for place in all_places():
        assert not simplified_only & set(place.traditional), place.slug
