"""Forwarding: the form offers only the bodies someone answers for, and says which it leaves out."""

from __future__ import annotations

from typing import Any

import pytest

from domain.values import Status
from tests.e2e.staff_browser import add_official, item_at, ref_of, signed_in

pytestmark = pytest.mark.site(csrf=False)


def forward_choices(page: str) -> list[str]:
    import re

    select = re.search(r'<select[^>]*name="forward-body"[^>]*>(.*?)</select>', page, re.S)
    assert select, "a body field on the forward form"
    return re.findall(r'<option[^>]*value="([^"]*)"', select.group(1))


def test_the_forward_form_offers_only_bodies_with_an_official_and_names_the_others(site: Any, seeded: Any) -> None:
    app = seeded.app
    ref = ref_of(app, item_at(app, "under_review"))
    dan = signed_in(site, "dan")
    dan.get(f"/staff/items/{ref}")
    assert sorted(forward_choices(dan.page)) == ["education-bureau", "health-commission"]
    words = dan.text()
    assert "Only bodies with an official to answer are offered." in words
    assert "First People's Hospital" in words.split("Nobody answers yet for:")[1]


def test_a_body_gets_offered_once_an_official_answers_for_it(site: Any, seeded: Any) -> None:
    app = seeded.app
    add_official(seeded.services.accounts, "hana", "first-peoples-hospital")
    ref = ref_of(app, item_at(app, "under_review"))
    dan = signed_in(site, "dan")
    dan.get(f"/staff/items/{ref}")
    assert "first-peoples-hospital" in forward_choices(dan.page)
    dan.submit("/forward", body="first-peoples-hospital", due="2099-01-31")
    assert app.get_by_ref(ref).status is Status.FORWARDED


def test_forwarding_to_a_body_nobody_answers_for_is_refused_on_the_form(site: Any, seeded: Any) -> None:
    app = seeded.app
    ref = ref_of(app, item_at(app, "under_review"))
    dan = signed_in(site, "dan")
    dan.get(f"/staff/items/{ref}")
    dan.submit("/forward", status=422, body="first-peoples-hospital", due="2099-01-31")
    assert app.get_by_ref(ref).status is Status.UNDER_REVIEW


def test_the_forward_form_says_so_in_chinese(site: Any, seeded: Any) -> None:
    app = seeded.app
    ref = ref_of(app, item_at(app, "under_review"))
    dan = signed_in(site, "dan")
    dan.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-Hans"
    dan.get(f"/staff/items/{ref}")
    assert "只列出有官员答复的单位" in dan.text()
