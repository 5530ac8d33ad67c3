"""Pictures on the children's pages are inline SVG: the same on every device, with no emoji font needed."""

from __future__ import annotations

import re
from typing import Any

import pytest

from domain.actors import Actor
from domain.values import Decision
from tests.e2e.children import answer, english_client, page, share_code  # noqa: F401 (fixtures)

# Pictographs, dingbats, arrows and the variation selector that asks for a colour emoji.
EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2190-\u21FF\u2B00-\u2BFF\uFE0F]")


def pages_of_a_child(client: Any, seeded: Any) -> dict[str, str]:
    """Return every children's page, in the states a child meets, by a name for the failure message."""
    review = share_code(client, channel="hospital_review", venue="first-peoples-hospital", category="services",
                        text="", **{"ratings-waiting_room": "1", "ratings-staff_kindness": "5"})
    chosen, joined, withdrawn = share_code(client), share_code(client), share_code(client)
    answer(seeded, chosen, Decision.NOT_ADOPTED)
    seeded.app.merge(joined, chosen, Actor.staff("mona"))
    seeded.app.withdraw(withdrawn)
    paths = ["/", "/share", "/share?channel=hospital_review", "/track", "/track/AAAA-AAAA", "/privacy",
             f"/track/{review}", f"/track/{chosen}", f"/track/{joined}", f"/track/{withdrawn}",
             f"/receipt/{review}", f"/track/{chosen}/withdraw", f"/track/{chosen}/erase",
             "/kiosk/huadu-board", "/kiosk/huadu-board/poster", "/no-such-page"]
    return {path: page(client.get(path)) for path in paths}


def test_no_children_s_page_leans_on_an_emoji_font(client: Any, seeded: Any) -> None:
    for path, html in pages_of_a_child(client, seeded).items():
        found = EMOJI.findall(html)
        assert not found, f"{path} shows emoji {found}"
        assert "<svg" in html, f"{path} has no pictures at all"


def test_the_five_faces_are_drawn_and_each_is_named_by_its_words(client: Any) -> None:
    html = page(client.get("/share?channel=hospital_review"))
    faces = re.findall(r'<label class="choice" for="ratings-waiting_room-\d">.*?</label>', html, re.S)
    assert len(faces) == 5
    names = ["Very bad", "Not good", "Okay", "Good", "Great"]
    for value, (face, words) in enumerate(zip(faces, names, strict=True), 1):
        assert f'<svg class="face face-{value}"' in face and 'aria-hidden="true"' in face
        assert f'<span class="choice-text">{words}</span>' in face  # the label names the choice


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_the_header_s_ruler_is_a_picture_in_every_language(client: Any, lang: str) -> None:
    html = page(client.get(f"/?lang={lang}"))
    brand = re.search(r'<a class="brand"[^>]*>(.*?)</a>', html, re.S).group(1)
    assert '<svg class="icon icon-ruler"' in brand and "📏" not in brand
