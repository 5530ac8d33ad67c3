"""Candidates for a topic board: ranked by the similar-idea finder against the topic and the ideas on it."""

from __future__ import annotations

from web.staff.duplicates import topic_candidates

POOL = [
    ("fruit", "学校午餐应该每天都有新鲜水果"),
    ("fruit-hant", "學校午餐應該每天都有新鮮水果"),
    ("swing", "Please put a swing next to the reading corner."),
    ("bus", "965路公交车早上太挤了"),
]


def test_ideas_like_the_ideas_on_the_board_come_first_and_unlike_ones_not_at_all() -> None:
    found = topic_candidates("School nutrition 学校营养餐", ["学校午餐每天都应该有新鲜水果"], POOL)
    keys = [alike.key for alike in found]
    assert set(keys[:2]) == {"fruit", "fruit-hant"}
    assert "swing" not in keys and "bus" not in keys
    assert all(0 < alike.score <= 1 for alike in found)
    assert [alike.score for alike in found] == sorted((alike.score for alike in found), reverse=True)


def test_the_topics_own_words_find_ideas_before_any_idea_is_on_the_board() -> None:
    found = topic_candidates("学校午餐的水果", [], POOL)
    assert {alike.key for alike in found} >= {"fruit", "fruit-hant"}
    assert "bus" not in {alike.key for alike in found}


def test_an_empty_board_without_words_offers_nothing() -> None:
    assert topic_candidates("", [], POOL) == []
