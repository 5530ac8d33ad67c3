"""Names in three languages on every store: the demo names a store made before, renames are events, the catalogue follows."""

from __future__ import annotations

from datetime import date

from click.testing import CliRunner

from domain.actors import Actor
from domain.topic import Topic
from domain.venue import Venue
from feedback.bootstrap import Services
from feedback.cli import main
from feedback.demo import open_topics, register_places
from feedback.demo_data import TOPICS, all_places, session_name

ADMIN = Actor.staff("adam")
TODAY = date(2026, 3, 1)


def make_the_store_as_it_was_before_names_had_languages(services: Services) -> None:
    """Register the demo's places and topics as the demo did before: one (English) name each."""
    for p in all_places():
        services.places.register_venue(p.slug, p.kind, p.name, p.district, p.parent)
    for slug, name, description, *_ in TOPICS:
        services.places.open_topic(slug, name, session_name(TODAY), description)


def names_given(services: Services) -> int:
    return sum(1 for _ in services.suggestions.iter_notifications([Venue.NamesGiven, Topic.NamesGiven]))


def test_the_demo_gives_a_store_made_before_its_chinese_names_once(services: Services) -> None:
    make_the_store_as_it_was_before_names_had_languages(services)
    places = services.places
    assert places.venue_name(places.get_venue("huadu-board").id, "zh-Hans") == "Huadu One-Meter Message Board"
    assert names_given(services) == 0

    register_places(places)
    open_topics(places, TODAY)
    given = names_given(services)
    assert given == len(all_places()) + len(TOPICS)

    register_places(places)
    open_topics(places, TODAY)
    assert names_given(services) == given
    board = places.get_venue("huadu-board").id
    assert [places.venue_name(board, tag) for tag in ("zh-Hans", "zh-Hant", "en")] == [
        "花都一米留言板", "花都一米留言板", "Huadu One-Meter Message Board"]
    assert places.topic_name(places.get_topic("playground-safety").id, "zh-Hans") == "游乐场与游乐设施安全"
    assert places.district_name("Huaqiao", "zh-Hant") == "花橋鎮"


def test_a_rename_is_read_at_once_in_its_language_and_the_demo_does_not_undo_it(services: Services) -> None:
    places = services.places
    register_places(places)
    health = places.get_venue("health-commission").id
    assert places.venue_name(health, "zh-Hans") == "昆山市卫生健康委员会"  # the catalogue has read it once

    places.rename_venue("health-commission", {"zh-Hans": "昆山市卫健委"}, ADMIN)
    assert places.venue_name(health, "zh-Hans") == "昆山市卫健委"
    assert places.venue_name(health, "zh-Hant") == "崑山市衛生健康委員會"

    given = names_given(services)
    register_places(places)
    assert places.venue_name(health, "zh-Hans") == "昆山市卫健委"
    assert names_given(services) == given


def test_renaming_a_district_renames_it_on_every_place_in_it(services: Services) -> None:
    places = services.places
    register_places(places)
    venues = places.rename_district("Huaqiao", {"en": "Huaqiao Town"}, ADMIN)
    assert len(venues) > 10
    assert places.district_name("Huaqiao", "en") == "Huaqiao Town"
    assert all(places.get_venue(v.id).district_in("en") == "Huaqiao Town" for v in venues)
    assert places.district_name("Huaqiao", "zh-Hans") == "花桥镇"


def test_venues_and_topics_are_listed_by_their_name_in_the_language_read(services: Services) -> None:
    from feedback.places import reading_in

    places = services.places
    open_topics(places, TODAY)
    with reading_in("en"):
        english = [places.name_of(t) for t in places.list_topics()]
    with reading_in("zh-Hans"):
        chinese = [places.name_of(t) for t in places.list_topics()]
    assert english == sorted(english) and chinese == sorted(chinese)
    assert "School nutrition" in english and "学校营养餐" in chinese


def test_the_cli_renames_a_topic_in_three_languages(tmp_path) -> None:  # noqa: ANN001
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    runner = CliRunner()
    env = {"FEEDBACK_MASTER_KEY": "", "FEEDBACK_DATABASE_URL": url}
    assert runner.invoke(main, ["init"], env=env).exit_code == 0
    assert runner.invoke(main, ["demo", "--suggestions", "0", "--quiet"], env=env).exit_code == 0
    result = runner.invoke(main, ["rename", "topic", "school-nutrition", "--zh-hans", "营养午餐",
                                  "--zh-hant", "營養午餐", "--en", "School lunches"], env=env)
    assert result.exit_code == 0, result.output
    assert "zh-Hans 营养午餐; zh-Hant 營養午餐; en School lunches" in result.output
    refused = runner.invoke(main, ["rename", "venue", "no-such-place", "--en", "X"], env=env)
    assert refused.exit_code != 0 and "no such place" in refused.output


def test_renaming_a_place_s_district_renames_it_for_every_place_in_it_at_once(services: Services) -> None:
    places = services.places
    register_places(places)
    places.rename_venue("huadu-board", {}, ADMIN, {"zh-Hans": "花桥经济开发区"})
    assert places.get_venue("huadu-community").district_in("zh-Hans") == "花桥经济开发区"
    assert places.district_name("Huaqiao", "zh-Hans") == "花桥经济开发区"
    assert places.get_venue("huadu-board").name_in("zh-Hans") == "花都一米留言板"
