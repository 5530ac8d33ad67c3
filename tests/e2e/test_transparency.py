"""The head of the seal is published: a page for people, JSON for machines."""

from __future__ import annotations

from typing import Any

from domain.actors import Actor
from domain.values import AgeBand, Category, Channel
from feedback.audit import records_from_store, verify


def test_the_published_head_is_the_head_that_verify_recomputes(client: Any, seeded: Any) -> None:
    seeded.app.submit(channel=Channel.WEB, category=Category.SPACES, age_band=AgeBand.AGE_6_8, text="swings")
    body = client.get("/api/v1/transparency/head").get_json()
    recomputed = verify(lambda: records_from_store(seeded.app.recorder)).head
    assert (body["position"], body["hash"]) == (recomputed.position, recomputed.hash)
    assert body["verify"] == f"feedback audit verify --head {recomputed}"
    page = client.get("/transparency")
    assert page.status_code == 200 and recomputed.hash in page.get_data(as_text=True)


def test_the_head_moves_with_every_new_event(client: Any, seeded: Any) -> None:
    before = client.get("/api/v1/transparency/head").get_json()
    item = seeded.app.submit(channel=Channel.WEB, category=Category.SPACES, age_band=AgeBand.AGE_6_8, text="a slide")
    filed = client.get("/api/v1/transparency/head").get_json()
    # Filing writes two events: the item's Submitted and the taking of its public reference.
    assert filed["position"] == before["position"] + 2 and filed["hash"] != before["hash"]
    seeded.app.accept(item.ref, Actor.staff("mona"))  # one event
    accepted = client.get("/api/v1/transparency/head").get_json()
    assert accepted["position"] == filed["position"] + 1 and accepted["hash"] != filed["hash"]
