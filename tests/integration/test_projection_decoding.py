"""The read side's own decoder builds exactly the rows the domain's mapper does, on every store."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from uuid import uuid4

import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from domain.actors import Actor
from feedback.bootstrap import Services, bootstrap
from feedback.config import Settings
from feedback.demo import load_demo
from projections import ALL, Projector, ViewStore
from projections.decoding import EventDecoder, SealedWords, domain_decoder
from tests.integration.test_projections import snapshot
from tests.unit.test_upcasting import CHILD, DECLARED, SAMPLES, TIMESTAMP, Kite, v1_json

@pytest.fixture(scope="module")
def memory_app() -> Iterator[Any]:
    application = bootstrap(Settings(database_url="memory://")).suggestions
    yield application
    application.close()


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


@pytest.mark.parametrize("topic", DECLARED)
def test_every_event_class_reads_as_the_mapper_reads_it(memory_app: Any, topic: str) -> None:
    app = memory_app
    stored = [app.mapper.to_stored_event(e) for e in SAMPLES if get_topic(type(e)) == topic]
    assert stored, f"no sample event of {topic}"

    fast = EventDecoder(app).decode(stored)

    assert fast == domain_decoder(app)(stored)
    assert [type(e) for e in fast] == [type(app.mapper.to_domain_event(s)) for s in stored]


def test_old_events_are_upcast_on_the_read_side_too(memory_app: Any) -> None:
    app = memory_app
    kite_id = uuid4()
    stored = [
        StoredEvent(originator_id=kite_id, originator_version=1, topic=get_topic(Kite.Launched),
                    state=v1_json(timestamp=TIMESTAMP, originator_topic=get_topic(Kite), actor=CHILD, name="Swallow")),
        StoredEvent(originator_id=kite_id, originator_version=2, topic=get_topic(Kite.Raised),
                    state=v1_json(timestamp=TIMESTAMP, actor=CHILD, metres=12)),
    ]

    launched, raised = EventDecoder(app).decode(stored)

    assert (launched.colour, raised.wind) == ("red", "calm")
    assert [launched, raised] == domain_decoder(app)(stored)


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
