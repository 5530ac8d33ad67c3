"""The seal catches any change to the log: a flipped bit, a removed, moved or slipped-in event."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from domain.actors import Actor
from domain.values import AgeBand, Category, Channel
from feedback.application import FeedbackApp
from feedback.bootstrap import bootstrap
from feedback.audit import records_from_store, verify
from feedback.config import Settings
from feedback.export import export_lines, records_from_export
from feedback.seal import Head
from tests.conftest import seed


def file_ideas(app: FeedbackApp, n: int = 4) -> list[str]:
    codes = []
    for i in range(n):
        item = app.submit(channel=Channel.WEB, category=Category.SPACES, age_band=AgeBand.AGE_9_11,
                          text=f"idea {i} 🎠 秋千")
        app.accept(item.code, Actor.staff("mona"))
        codes.append(item.code)
    return codes


def check(app: FeedbackApp, head: Head | None = None) -> Any:
    return verify(lambda: records_from_store(app.recorder), head)


def test_an_untouched_log_verifies_and_names_its_head(seeded: Any) -> None:
    file_ideas(seeded.app)
    verdict = check(seeded.app)
    assert verdict.ok, verdict.finding
    assert verdict.head.position == seeded.app.recorder.max_notification_id() == verdict.events
    assert check(seeded.app, verdict.head).ok


def test_every_event_is_sealed_as_it_is_recorded(seeded: Any) -> None:
    before = check(seeded.app).head
    file_ideas(seeded.app, 1)
    after = check(seeded.app)
    assert after.ok and after.head.position == before.position + 3 and after.head != before  # idea, its reference, its acceptance


@pytest.fixture
def store(tmp_path: Path) -> Any:
    services = bootstrap(Settings(database_url=f"sqlite:///{tmp_path}/feedback.sqlite"))
    app = services.suggestions
    seed(services)
    file_ideas(app)
    yield app, tmp_path / "feedback.sqlite"
    app.close()


def tamper(path: Path, *statements: tuple[str, tuple[Any, ...]]) -> None:
    db = sqlite3.connect(path)
    with db:
        for statement, params in statements:
            db.execute(statement, params)
    db.close()


def state_at(path: Path, position: int) -> bytes:
    db = sqlite3.connect(path)
    (state,) = db.execute("SELECT state FROM stored_events WHERE rowid = ?", (position,)).fetchone()
    db.close()
    return bytes(state)


@pytest.mark.parametrize("bit", [0, 7, 100, -1])
def test_a_single_flipped_bit_anywhere_in_an_event_is_caught(store: Any, bit: int) -> None:
    app, path = store
    position = 12
    state = bytearray(state_at(path, position))
    index = bit if bit >= 0 else len(state) - 1
    state[index] ^= 0x01
    tamper(path, ("UPDATE stored_events SET state = ? WHERE rowid = ?", (bytes(state), position)))
    verdict = check(app)
    assert not verdict.ok
    assert (verdict.finding.position, verdict.finding.kind) == (position, "changed")


def test_a_changed_topic_or_version_is_caught(store: Any) -> None:
    app, path = store
    tamper(path, ("UPDATE stored_events SET topic = topic || 'x' WHERE rowid = 9", ()))
    assert (check(app).finding.position, check(app).finding.kind) == (9, "changed")


def test_a_removed_event_is_caught_as_missing(store: Any) -> None:
    app, path = store
    tamper(path, ("DELETE FROM stored_events WHERE rowid = 10", ()))
    finding = check(app).finding
    assert (finding.position, finding.kind) == (10, "missing")


def test_removing_the_newest_event_with_its_seal_is_caught_against_the_published_head(store: Any) -> None:
    app, path = store
    published = check(app).head
    last = published.position
    tamper(path, ("DELETE FROM stored_events WHERE rowid = ?", (last,)),
           ("DELETE FROM audit_chain WHERE position = ?", (last,)))
    assert check(app).ok  # alone, a truncated log looks whole ...
    finding = check(app, published).finding
    assert finding.kind == "missing" and finding.position == last  # ... but not against the published head


def test_an_event_slipped_in_afterwards_is_caught_as_inserted(store: Any) -> None:
    app, path = store
    last = app.recorder.max_notification_id()
    original = state_at(path, last)
    tamper(path, ("INSERT INTO stored_events (rowid, originator_id, originator_version, topic, state) "
                  "SELECT rowid + 1, originator_id, originator_version + 1, topic, ? FROM stored_events "
                  "WHERE rowid = ?", (original, last)))
    finding = check(app).finding
    assert (finding.position, finding.kind) == (last + 1, "inserted")


def test_two_events_swapped_in_the_log_are_caught_as_reordered(store: Any) -> None:
    app, path = store
    a, b = 11, 13
    tamper(path,
           ("UPDATE stored_events SET rowid = -1 WHERE rowid = ?", (a,)),
           ("UPDATE stored_events SET rowid = ? WHERE rowid = ?", (a, b)),
           ("UPDATE stored_events SET rowid = ? WHERE rowid = -1", (b,)))
    finding = check(app).finding
    assert (finding.position, finding.kind) == (a, "reordered")
    assert f"position {b}" in finding.detail


def test_a_log_rewritten_with_a_fresh_chain_differs_from_the_published_head(store: Any) -> None:
    app, path = store
    published = check(app).head
    tamper(path, ("UPDATE stored_events SET state = state WHERE rowid = 1", ()))
    wrong = Head(published.position, bytes(32))
    finding = check(app, wrong).finding
    assert finding.kind == "changed" and finding.position == published.position


def test_an_export_verifies_offline_and_catches_an_edit(seeded: Any) -> None:
    file_ideas(seeded.app)
    out = io.StringIO()
    count = export_lines(records_from_store(seeded.app.recorder), out)
    text = out.getvalue()
    assert count == len(text.splitlines()) == seeded.app.recorder.max_notification_id()
    assert "秋千" not in text  # children's words stay sealed in the export
    lines = text.splitlines()
    assert verify(lambda: records_from_export(lines)).ok
    edited = [line.replace('"originator_version":2', '"originator_version":3', 1) for line in lines]
    assert not verify(lambda: records_from_export(edited)).ok


def test_erasing_a_childs_words_keeps_the_chain_valid(seeded: Any) -> None:
    (code, *_) = file_ideas(seeded.app)
    before = check(seeded.app).head
    seeded.app.keys.destroy(seeded.app.get_suggestion(code).id)
    verdict = check(seeded.app, before)
    assert verdict.ok and verdict.head == before
    assert seeded.app.get_suggestion(code).text.is_erased
