"""What the tracking page tells a child: faces only, a joined idea, asking again, the proposal an idea went into."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from babel.dates import format_date

from domain.actors import Actor
from domain.values import Decision
from projections.sql import DUE, OVERDUE
from tests.e2e.children import answer, english_client, page, share_code  # noqa: F401 (fixtures)


def test_a_faces_only_hospital_review_shows_the_faces_and_no_empty_words_or_delete_link(
        client: Any) -> None:
    code = share_code(client, channel="hospital_review", venue="first-peoples-hospital", category="services",
                      text="", **{"ratings-picture_books": "4"})
    html = page(client.get(f"/track/{code}"))
    assert "The faces you picked" in html
    assert "The picture books: Good" in html
    assert "What you shared" not in html
    assert "Delete my words" not in html and f"/track/{code}/erase" not in html
    assert 'class="idea-text"' not in html


def test_a_hospital_review_with_words_still_offers_to_delete_them(client: Any) -> None:
    code = share_code(client, channel="hospital_review", venue="first-peoples-hospital", category="services",
                      text="More picture books please", **{"ratings-picture_books": "4"})
    html = page(client.get(f"/track/{code}"))
    assert "What you shared" in html and "More picture books please" in html
    assert "Delete my words" in html and "The picture books: Good" in html


def test_a_joined_idea_says_it_joined_another_child_s_idea_and_where_that_idea_is_in_its_own_words(
        client: Any, seeded: Any) -> None:
    first = share_code(client)
    second = share_code(client, text="More swings please!")
    seeded.app.merge(second, first, Actor.staff("mona"))
    seeded.app.accept(first, Actor.staff("mona"))
    html = page(client.get(f"/track/{second}"))
    assert "Your idea joined another child's idea, because the two were so alike." in html
    assert "The two ideas together now: A grown-up is reading it." in html
    assert "reading your idea" not in html.split('id="joined-title"')[1].split("</section>")[0]
    seeded.app.act(seeded.staff("dan"), first, "forward", body="health-commission",
                   due=seeded.app.clock.today() + timedelta(days=10))
    seeded.app.act(seeded.staff("olga"), first, "answer", decision=Decision.ADOPTED,
                   response="Notice 2026-14.", explanation="Yes! New swings this summer.")
    html = page(client.get(f"/track/{second}"))
    assert "The two ideas together now: It was chosen!" in html
    chinese = page(client.get(f"/track/{second}?lang=zh-Hans"))
    assert "大人正在读你的想法" not in chinese


def test_after_asking_again_the_page_shows_a_new_day_to_hear_back_by_and_says_not_happy_once(
        client: Any, seeded: Any) -> None:
    clock = seeded.app.clock
    clock.freeze(datetime.now(timezone.utc) - timedelta(days=60))  # the idea was shared two months ago
    code = share_code(client)
    old_due = seeded.app.get_suggestion(code).answer_due
    answer(seeded, code, Decision.NOT_ADOPTED)
    clock.thaw()
    client.post(f"/track/{code}/react", data={"react-reaction": "unhappy"})
    client.post(f"/track/{code}/reconsider", data={"again-comment": "Fire engines could use the road."})
    html = page(client.get(f"/track/{code}"))
    new_due = clock.today() + timedelta(days=seeded.app.settings.answer_within_days)
    assert f"By {format_date(new_due, locale='en')}" in html
    assert format_date(old_due, locale="en") not in html
    assert html.count("You said you were not happy with the answer.") == 1
    assert "You asked the grown-ups to look again." in html
    # The grown-ups' lists promise the same new day, and the item is not overdue on the old one.
    item = seeded.app.get_suggestion(code)
    assert (item.answer_due, item.due) == (new_due, new_due)
    projector = client.application.extensions["projector"]
    projector.catch_up()
    today = clock.today().isoformat()
    row = projector.views.query(f"SELECT answer_due, {DUE} AS due, {OVERDUE} AS overdue FROM wq_items WHERE ref = ?",
                                (today, today, item.ref))[0]
    assert (row["answer_due"], row["due"], row["overdue"]) == (new_due.isoformat(), new_due.isoformat(), 0)


def test_an_idea_in_a_tabled_proposal_shows_the_proposal_and_then_what_came_of_it(
        client: Any, seeded: Any) -> None:
    code = share_code(client)
    seeded.app.accept(code, Actor.staff("mona"))
    seeded.app.assign_topic(code, "school-nutrition", Actor.staff("dan"))
    assert "went into proposal" not in page(client.get(f"/track/{code}"))
    places = seeded.services.places
    places.join_topic("school-nutrition", "dan")
    places.table_proposal("school-nutrition", "2026001", "Healthier school lunches", seeded.staff("dan"))
    html = page(client.get(f"/track/{code}"))
    assert "Your idea went into proposal No. 2026001" in html
    assert "“Healthier school lunches”" in html
    assert "The city has not answered the proposal yet." in html
    places.take_proposal_step("school-nutrition", "accepted", seeded.staff("dan"), handler="Education Bureau")
    assert "The city accepted proposal No. 2026001" in page(client.get(f"/track/{code}"))
    places.take_proposal_step("school-nutrition", "answered", seeded.staff("dan"), body="Education Bureau",
                              summary="Every school will have fruit at lunch from March.")
    html = page(client.get(f"/track/{code}"))
    assert "What came of it" in html and "Every school will have fruit at lunch from March." in html
    story = html.split('id="history-title"', 1)[1]
    tabled = "Your idea, together with other children’s ideas, was written into proposal No. 2026001."
    answered = "The city answered proposal No. 2026001."
    assert story.index("Your idea is now part of the topic") < story.index(tabled) < story.index(answered)
    chinese = page(client.get(f"/track/{code}?lang=zh-Hans"))
    assert "你的想法和其他小朋友的想法一起，写进了第2026001号提案。" in chinese


def test_a_joined_idea_shows_the_proposal_of_the_idea_it_joined(client: Any, seeded: Any) -> None:
    first, second = share_code(client), share_code(client, text="Fruit at lunch")
    seeded.app.merge(second, first, Actor.staff("mona"))
    seeded.app.accept(first, Actor.staff("mona"))
    seeded.app.assign_topic(first, "school-nutrition", Actor.staff("dan"))
    seeded.services.places.join_topic("school-nutrition", "dan")
    seeded.services.places.table_proposal("school-nutrition", "2026001", "Healthier school lunches",
                                          seeded.staff("dan"))
    assert "Your idea went into proposal No. 2026001" in page(client.get(f"/track/{second}"))
