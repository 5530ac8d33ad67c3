"""Likely duplicates on the staff item page: open ideas from any place, alike in words, never finished or hidden ones.

Runs on every store (the candidates come from the work-queue read model).
"""

from __future__ import annotations

import re
from typing import Any

from domain.actors import Actor
from feedback.similar import OFFERED
from tests.e2e.staff_browser import assert_no_code, item_at, ref_of, signed_in, submit
from web.staff.duplicates import alike_pairs

SLIDE = "滑梯下面的垫子坏了"


def offered_on(site: Any, app: Any, code: str) -> list[str]:
    site.extensions["projector"].catch_up()
    mona = signed_in(site, "mona")
    mona.get(f"/staff/items/{ref_of(app, code)}")
    return re.findall(r"Merge into ([0-9A-F]{10})\b", mona.page)


def test_identical_and_traditional_versions_from_other_places_are_offered_first_unrelated_not(
    site: Any, seeded: Any
) -> None:
    app = seeded.app
    hant = submit(app, text="溜滑梯下面的墊子破了")
    identical = submit(app, channel="hospital_review", venue="first-peoples-hospital", category="services",
                       text=SLIDE)
    unrelated = submit(app, text="学校午饭的蔬菜太少了")
    sharing_a_word = submit(app, text="滑梯夏天太烫了，能不能加个遮阳棚")
    opened = submit(app, text=SLIDE)
    offered = offered_on(site, app, opened)
    assert offered[:2] == [ref_of(app, identical), ref_of(app, hant)]
    assert ref_of(app, unrelated) not in offered and ref_of(app, sharing_a_word) not in offered


def test_finished_sealed_held_and_erased_ideas_are_never_offered(site: Any, seeded: Any) -> None:
    app, privacy = seeded.app, seeded.services.privacy
    hidden = {
        "answered": item_at(app, "answered", text=SLIDE),
        "implemented": item_at(app, "implemented", text=SLIDE),
        "sealed": submit(app, text=SLIDE, needs_help=True),
        "held": submit(app, text=f"{SLIDE} 13812345678"),
        "erased": submit(app, text=SLIDE),
        "withdrawn": submit(app, text=SLIDE),
        "declined": submit(app, text=SLIDE),
        "merged": submit(app, text=SLIDE),
    }
    in_progress = item_at(app, "in_progress", text=SLIDE)
    privacy.erase(hidden["erased"], Actor.staff("mona"), "the child asked")
    app.withdraw(hidden["withdrawn"])
    app.decline(hidden["declined"], "off topic", "The city cannot change this.", Actor.staff("mona"))
    app.merge(hidden["merged"], ref_of(app, in_progress), Actor.staff("mona"))
    opened = submit(app, text=SLIDE)
    offered = offered_on(site, app, opened)
    assert offered == [ref_of(app, in_progress)]
    assert app.get_suggestion(hidden["sealed"]).sealed and app.get_suggestion(hidden["held"]).held_for


def test_an_item_whose_words_are_held_is_compared_with_nothing(site: Any, seeded: Any) -> None:
    app = seeded.app
    submit(app, text=SLIDE)
    held = submit(app, text=f"{SLIDE} 13812345678")
    site.extensions["projector"].catch_up()
    mona = signed_in(site, "mona")
    mona.get(f"/staff/items/{ref_of(app, held)}")
    assert not re.search(r"Merge into [0-9A-F]{10}\b", mona.page) and 'class="duplicates"' not in mona.page
    assert_no_code(mona.page, held, "the held item's page")


def test_a_board_lists_its_alike_pairs_with_their_similarity_never_hidden_words(seeded: Any) -> None:
    app = seeded.app
    codes = {
        "slide": submit(app, text=SLIDE),
        "hant": submit(app, text="溜滑梯下面的墊子破了"),
        "lunch": submit(app, text="学校午饭的蔬菜太少了"),
        "sealed": submit(app, text=SLIDE, needs_help=True),
        "answered": item_at(app, "answered", text=SLIDE),
    }
    items = {name: app.get_suggestion(code) for name, code in codes.items()}
    pairs = alike_pairs(list(items.values()))
    named = {frozenset(k for k, v in items.items() if v.id in (p.first.id, p.second.id)): p.score for p in pairs}
    assert set(named) == {frozenset({"slide", "hant"}), frozenset({"answered", "slide"}),
                          frozenset({"answered", "hant"})}
    assert named[frozenset({"answered", "slide"})] == 1.0 and all(OFFERED <= s < 1 for k, s in named.items()
                                                                  if k != frozenset({"answered", "slide"}))
    assert all(p.second.status.value != "answered" for p in pairs)
