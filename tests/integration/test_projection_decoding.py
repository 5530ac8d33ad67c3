"""The read side's own decoder builds exactly the rows the domain's mapper does, on every store."""

from __future__ import annotations

from typing import Any

import pytest

from domain.actors import Actor
from feedback.bootstrap import Services
from feedback.demo import load_demo
from projections import ALL, Projector, ViewStore
from projections.decoding import EventDecoder, SealedWords, domain_decoder
from tests.integration.test_projections import snapshot

HELD = "My phone is 13812345678, please call me about the swing."


def rows_built_with(services: Services, decoder: Any) -> dict[str, list[tuple[Any, ...]]]:
    views = ViewStore.in_memory()
    Projector(services.suggestions, views, ALL, decoder=decoder).rebuild(batch=97)  # batches split stories
    return snapshot(views)


def test_the_demo_replayed_both_ways_gives_the_same_read_models(services: Services) -> None:
    load_demo(services, seed=11, suggestions=120)
    app = services.suggestions
    held = app.submit(channel="web", category="spaces", age_band="9-11", text=HELD)
    erased = app.submit(channel="web", category="spaces", age_band="9-11", text="Erase me, please.")
    services.privacy.erase(erased.ref or "", Actor.staff("mona"), "the child asked")

    fast = rows_built_with(services, EventDecoder(app).decode)
    domain = rows_built_with(services, domain_decoder(app))

    assert fast == domain
    assert sum(len(rows) for rows in fast.values()) > 500  # the comparison covers real rows
    assert held.ref in repr(fast["wq_items"])


def test_each_decoded_event_equals_the_mappers(services: Services) -> None:
    load_demo(services, seed=5, suggestions=30)
    app = services.suggestions
    notifications = app.recorder.select_notifications(start=1, limit=100_000)

    fast = EventDecoder(app).decode(notifications)

    assert fast == domain_decoder(app)(notifications)
    assert [type(e) for e in fast] == [type(app.mapper.to_domain_event(n)) for n in notifications]


def test_words_are_decrypted_only_when_read(services: Services) -> None:
    app = services.suggestions
    item = app.submit(channel="web", category="spaces", age_band="9-11", text="A swing by the river")
    notifications = app.recorder.select_notifications(start=1, limit=100_000)
    submitted = next(e for e in EventDecoder(app).decode(notifications) if e.originator_id == item.id)
    assert isinstance(submitted.text, SealedWords)
    assert "_words" not in vars(submitted.text)

    assert submitted.text.text == "A swing by the river"
    assert str(submitted.text) == "A swing by the river"


@pytest.mark.parametrize("state", [b'{"x": NaN}', b"not json"])
def test_what_msgspec_refuses_goes_to_the_mapper(services: Services, state: bytes) -> None:
    calls = []

    class Mapper:
        transcoder = services.suggestions.mapper.transcoder
        cipher = compressor = None

        def to_domain_event(self, stored: Any) -> str:
            calls.append(stored)
            return "from the mapper"

    class App:
        mapper = Mapper()
        keys = services.suggestions.keys

    class Stored:
        topic = "domain.suggestion:Suggestion.Accepted"
        originator_id = "00000000-0000-0000-0000-000000000001"
        originator_version = 2

    Stored.state = state
    assert EventDecoder(App()).decode([Stored()]) == ["from the mapper"]
    assert len(calls) == 1
