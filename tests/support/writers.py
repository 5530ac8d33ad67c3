"""Children filing ideas at the same moment, in threads or in processes, some of them drawing the same code.

Each round, every writer's first draw is the round's shared code: one writer's
idea is filed under it, and every other writer's batch (the item, its
reference, its new content key) is refused whole by the store, so that writer
draws again and files under a fresh code. Importable by a spawned process.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from domain import codes
from domain.values import AgeBand, Category, Channel
from feedback import application

Filed = tuple[str, str, bool]  # the code the child got, their words, whether it was the round's shared code

_forced = threading.local()


def drawn_code() -> str:
    """Return the code this thread was told to draw next, else a random one."""
    queued = getattr(_forced, "codes", None)
    return queued.pop() if queued else codes.new_code()


def file_ideas(app: Any, writer: int, shared: list[str], wait: Callable[[], Any]) -> list[Filed]:
    """File one idea per round, the round's shared code drawn first; return what each child got."""
    filed = []
    for round_, code in enumerate(shared):
        _forced.codes = [code]
        words = f"写字的孩子 {writer}, round {round_}: 请在公园里多放几个秋千"
        wait()
        item = app.submit(channel=Channel.WEB, category=Category.SPACES, age_band=AgeBand.AGE_9_11, text=words)
        filed.append((item.code, words, item.code == code))
    return filed


def writer_process(url: str, master_key: str, writer: int, shared: list[str], barrier: Any, results: Any) -> None:
    """A process of its own: its own application on the same store, filing as ``file_ideas`` does."""
    from feedback.bootstrap import bootstrap
    from feedback.config import Settings

    application.new_code = drawn_code  # type: ignore[assignment]  # this process's draws, as the threads' are patched
    services = bootstrap(Settings(database_url=url, master_key=master_key))
    try:
        results.put((writer, file_ideas(services.suggestions, writer, shared, barrier.wait)))
    finally:
        services.close()
