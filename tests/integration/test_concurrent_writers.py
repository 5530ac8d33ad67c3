"""Many writers at once, in threads and in processes, on SQLite and PostgreSQL, some of their batches refused.

What an auditor and a child would notice afterwards: the log's positions in
order (no gaps on SQLite), one chain row per event with every link in order,
a content key for every idea's words, every child's code showing their own
words, and nothing left of a refused batch (no item, no reference, no link).
"""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from domain.codes import new_code
from domain.reference import Reference
from domain.suggestion import Suggestion
from feedback import application
from feedback.application import FeedbackApp
from tests.conftest import IN_SCHEMA, TEST_MASTER_KEY, settings_for
from tests.support.sealcheck import check_app
from tests.support.writers import Filed, drawn_code, file_ideas, writer_process

WRITERS, ROUNDS = 4, 3


DURABLE = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres), IN_SCHEMA]  # stores that outlive a process


def in_threads(url: str, shared: list[str], monkeypatch: pytest.MonkeyPatch) -> list[list[Filed]]:
    monkeypatch.setattr(application, "new_code", drawn_code)
    app = FeedbackApp(settings_for(url))  # one application per process, shared by its threads
    barrier = threading.Barrier(WRITERS)
    try:
        with ThreadPoolExecutor(WRITERS) as pool:
            return list(pool.map(lambda writer: file_ideas(app, writer, shared, barrier.wait), range(WRITERS)))
    finally:
        app.close()


def in_processes(url: str, shared: list[str], monkeypatch: pytest.MonkeyPatch) -> list[list[Filed]]:
    FeedbackApp(settings_for(url)).close()  # the store exists (and its migrations are done) before they start
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(WRITERS), context.Queue()
    key = TEST_MASTER_KEY if url.startswith("postgresql") else ""
    processes = [context.Process(target=writer_process, args=(url, key, w, shared, barrier, results))
                 for w in range(WRITERS)]
    for process in processes:
        process.start()
    filed = dict(results.get(timeout=300) for _ in processes)
    for process in processes:
        process.join(60)
        assert process.exitcode == 0
    return [filed[w] for w in range(WRITERS)]


@pytest.mark.parametrize("store_url", DURABLE, indirect=True)
@pytest.mark.parametrize("run", [in_threads, in_processes], ids=["threads", "processes"])
def test_concurrent_writers_leave_every_event_sealed_once_in_order_and_every_child_their_own_words(
    store_url: str, run: Any, monkeypatch: pytest.MonkeyPatch,
) -> None:
    shared = [new_code() for _ in range(ROUNDS)]

    filed = [idea for writer in run(store_url, shared, monkeypatch) for idea in writer]

    assert len(filed) == WRITERS * ROUNDS
    assert sorted(code for code, _, won in filed if won) == sorted(shared)  # one winner a round: the rest refused
    app = FeedbackApp(settings_for(store_url))
    try:
        events = check_app(app)  # positions, one link each, in order, a key for every idea's words
        assert {code: app.get_suggestion(code).text.text for code, _, _ in filed} == {
            code: words for code, words, _ in filed
        }
        items = list(app.iter_notifications([Suggestion.Submitted]))
        references = list(app.iter_notifications([Reference.Taken]))
        assert len(items) == len(references) == WRITERS * ROUNDS  # a refused batch left no item nor reference
        assert events == 2 * WRITERS * ROUNDS  # each idea and its reference; nothing of a refused batch
    finally:
        app.close()
