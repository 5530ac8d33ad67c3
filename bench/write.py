"""Write path: filing an idea through the application vs a bare eventsourcing save, same store."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from typing import Any

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from domain.values import AgeBand, Category, Channel
from feedback.bootstrap import bootstrap
from feedback.config import Settings, StoreURL

TEXT = "请在公园的滑梯上面加一个遮阳棚，夏天太热了。Please add shade over the slide in the park."


class Note(Aggregate):
    """The baseline: one aggregate, one event, a payload of the same size as an idea."""

    @event("Noted")
    def __init__(self, text: str, channel: str, category: str, age_band: str) -> None:
        self.text = text


def rate(count: int, action: Callable[[], Any]) -> float:
    started = time.perf_counter()
    for _ in range(count):
        action()
    return count / (time.perf_counter() - started)


# The library's own factory for each store: the baseline saves without our seal.
LIBRARY_FACTORIES = {"memory": "eventsourcing.popo", "sqlite": "eventsourcing.sqlite", "postgresql": "eventsourcing.postgres"}


def bare_rate(url: str, count: int, master_key: str = "") -> float:
    store = StoreURL.parse(url)
    env = store.eventsourcing_env()
    env.pop("APPLICATION_RECORDER_TOPIC", None)
    env["PERSISTENCE_MODULE"] = LIBRARY_FACTORIES[store.scheme]
    app = Application[Any](env=env)
    try:
        return rate(count, lambda: app.save(Note(TEXT, "web", "spaces", "9-11")))
    finally:
        app.close()


def app_rate(url: str, count: int, master_key: str = "") -> float:
    app = bootstrap(Settings(database_url=url, master_key=master_key)).suggestions
    try:
        return rate(count, lambda: app.submit(channel=Channel.WEB, category=Category.SPACES,
                                              age_band=AgeBand.AGE_9_11, text=TEXT))
    finally:
        app.close()


def sqlite_urls() -> Callable[[], str]:
    tmp = tempfile.mkdtemp(prefix="bench-write-")
    counter = iter(range(1_000_000))
    return lambda: f"sqlite:///{tmp}/store-{next(counter)}.sqlite"
