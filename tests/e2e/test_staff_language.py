"""Staff see which language the child wrote in, on the item page and in every list, and answer in it."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.staff_browser import item_at, ref_of, signed_in, submit

pytestmark = pytest.mark.site(csrf=False, rate_limits=False)

# The language a child wrote in, and its name on an English page.
WRITTEN_IN = [("en", "English"), ("zh-Hant", "Traditional Chinese"), ("zh-Hans", "Simplified Chinese")]


def catch_up(site: Any) -> None:
    site.extensions["projector"].catch_up()


def fact(page: str, label: str) -> str:
    """Return the words of the item page's fact called ``label``."""
    match = re.search(rf"<dt>{re.escape(label)}</dt><dd[^>]*>(.*?)</dd>", page, re.S)
    assert match, f"no fact {label!r}"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def hint_of(page: str, field_id: str) -> str:
    """Return the hint a form field is described by (the words a screen reader reads with it)."""
    tag = re.search(rf'<(?:textarea|input)[^>]*\bid="{re.escape(field_id)}"[^>]*>', page)
    assert tag, f"no field {field_id!r}"
    ids = re.search(r'aria-describedby="([^"]*)"', tag.group(0))
    assert ids, f"the field {field_id!r} is described by nothing"
    hint_id = next(i for i in ids.group(1).split() if i.endswith("-hint"))
    hint = re.search(rf'<p class="hint" id="{re.escape(hint_id)}">(.*?)</p>', page, re.S)
    assert hint, f"no hint {hint_id!r}"
    return " ".join(hint.group(1).split())


@pytest.mark.parametrize("language, name", WRITTEN_IN)
def test_the_item_page_shows_the_language_the_child_wrote_in(
    site: Any, seeded: Any, language: str, name: str
) -> None:
    ref = ref_of(seeded.app, submit(seeded.app, language=language))
    mona = signed_in(site, "mona")
    page = mona.get(f"/staff/items/{ref}")
    assert fact(page, "Language") == name


@pytest.mark.parametrize("language, name", WRITTEN_IN)
def test_the_answer_form_says_which_language_to_answer_in(site: Any, seeded: Any, language: str, name: str) -> None:
    ref = ref_of(seeded.app, item_at(seeded.app, "forwarded", language=language))
    olga = signed_in(site, "olga")
    page = olga.get(f"/staff/items/{ref}")
    assert hint_of(page, "answer-explanation") == f"The child wrote in {name}: answer in {name}."


def test_the_decline_form_says_which_language_to_answer_in(site: Any, seeded: Any) -> None:
    ref = ref_of(seeded.app, submit(seeded.app, language="zh-Hant"))
    mona = signed_in(site, "mona")
    page = mona.get(f"/staff/items/{ref}")
    expected = "The child wrote in Traditional Chinese: answer in Traditional Chinese."
    assert hint_of(page, "decline-explanation") == expected


def row_of(page: str, ref: str) -> str:
    """Return the words of the list row of the item ``ref``."""
    match = re.search(rf'<li class="item-row[^"]*">\s*<p class="item-meta">\s*<a class="code" href="[^"]*">{ref}</a>'
                      r"(.*?)</p>", page, re.S)
    assert match, f"no row of {ref}"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


@pytest.mark.parametrize("person, path, status", [
    ("mona", "/staff/queue", "submitted"),
    ("dan", "/staff/review", "under_review"),
    ("olga", "/staff/inbox", "forwarded"),
])
def test_every_work_list_row_shows_the_language_the_child_wrote_in(
    site: Any, seeded: Any, person: str, path: str, status: str
) -> None:
    english = ref_of(seeded.app, item_at(seeded.app, status, language="en"))
    traditional = ref_of(seeded.app, item_at(seeded.app, status, language="zh-Hant"))
    catch_up(site)
    page = signed_in(site, person).get(path)
    assert "English" in row_of(page, english).split()
    assert "Traditional Chinese" in row_of(page, traditional)
    assert "English" not in row_of(page, traditional).split()
