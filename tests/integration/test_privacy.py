"""Children's data: held back, redacted, erased for good, kept only with consent, sealed when it must be."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from click.testing import CliRunner

from domain.actors import Actor
from domain.safeguarding import SafeguardingCase
from domain.values import AgeBand, Category, Channel, Decision
from feedback.application import FeedbackApp
from feedback.bootstrap import bootstrap
from feedback.audit import records_from_store, verify
from feedback.cli import main
from feedback.config import Settings
from feedback.errors import ActionRefused, NotFound
from projections import build_projector, replay_until
from projections.public_board import you_said_we_did
from tests.conftest import seed

PHONE_IDEA = "我叫王小明，我的电话是13812345678，公园需要秋千 🎠"
REDACTED = "公园需要秋千 🎠"
MOD, DEP, OFF = Actor.staff("mona"), Actor.staff("dan"), Actor.staff("olga")


def file(app: FeedbackApp, text: str, age: AgeBand = AgeBand.AGE_9_11, **kwargs: Any) -> str:
    return app.submit(channel=Channel.WEB, category=Category.SPACES, age_band=age, text=text, **kwargs).code


def adopt(app: FeedbackApp, code: str) -> None:
    app.accept(code, MOD)
    app.forward(code, "health-commission", date.today() + timedelta(days=9), DEP)
    app.answer(code, Decision.ADOPTED, "Approved.", "Yes, swings are coming!", OFF)


def test_a_phone_number_typed_by_a_child_never_reaches_a_public_place_unmoderated(seeded: Any, client: Any) -> None:
    app, privacy = seeded.app, seeded.services.privacy
    code = file(app, PHONE_IDEA)
    item = app.get_suggestion(code)
    assert item.held and set(item.held_for) == {"phone", "name"}
    assert item.public_text.text is None
    body = client.get(f"/api/v1/suggestions/{code}").get_json()
    assert body["held"] is True and body["text"] is None and "13812345678" not in str(body)
    adopt(app, code)
    projector = build_projector(app)
    projector.catch_up()
    assert [row["text"] for row in you_said_we_did(projector.views)] == [None]
    privacy.redact(code, REDACTED, None, MOD)
    projector.catch_up()
    assert [row["text"] for row in you_said_we_did(projector.views)] == [REDACTED]
    assert client.get(f"/api/v1/suggestions/{code}").get_json()["text"] == REDACTED
    assert app.get_suggestion(code).own_text.text == PHONE_IDEA  # the child still sees what they wrote


def test_a_moderator_may_release_words_the_screen_held_by_mistake(seeded: Any) -> None:
    code = file(seeded.app, "I am in grade 4 class 2 at Huadu Primary School and we need a library")
    seeded.services.privacy.release(code, MOD)
    assert seeded.app.get_suggestion(code).public_text.text.startswith("I am in grade 4")
    with pytest.raises(ActionRefused):
        seeded.services.privacy.release(code, MOD)


@pytest.mark.parametrize(("text", "needs_help", "reason"), [
    ("爸爸经常打我，我很害怕", False, "detected"),
    ("The slide is broken", True, "child_asked"),
])
def test_a_disclosure_goes_to_a_sealed_case_that_only_opens_with_a_record(seeded: Any, text: str, needs_help: bool,
                                                                          reason: str) -> None:
    app, privacy = seeded.app, seeded.services.privacy
    code = file(app, text, needs_help=needs_help)
    item = app.get_suggestion(code)
    assert item.sealed and item.public_text.text is None and item.own_text.text is None
    (case,) = privacy.safeguarding_cases()
    assert (case.item_id, case.reason, case.viewings) == (item.id, reason, [])
    opened, words = privacy.open_case(item.id, Actor.staff("sam"))
    assert words.text.text == text and opened.viewings == ["sam"]
    assert [type(e).__name__ for e in app.events.get(case.id)] == ["Opened", "Viewed"]
    with pytest.raises(ActionRefused):
        privacy.redact(code, "something else", None, MOD)


def test_a_case_closes_once_and_an_unknown_case_is_not_found(seeded: Any) -> None:
    app, privacy = seeded.app, seeded.services.privacy
    item = app.get_suggestion(file(app, "The slide is broken", needs_help=True))
    privacy.close_case(item.id, "Called the school counsellor.", Actor.staff("sam"))
    head = app.recorder.max_notification_id()
    with pytest.raises(ActionRefused, match="already closed"):
        privacy.close_case(item.id, "Called again.", Actor.staff("sam"))
    with pytest.raises(NotFound):
        privacy.close_case(uuid4(), "Called the school counsellor.", Actor.staff("sam"))
    assert app.recorder.max_notification_id() == head  # nothing recorded by either refusal
    (case,) = privacy.safeguarding_cases()
    assert [type(e).__name__ for e in app.events.get(case.id)] == ["Opened", "Closed"]


def test_under_14_a_contact_detail_needs_a_guardians_consent_recorded_first(seeded: Any) -> None:
    app, privacy = seeded.app, seeded.services.privacy
    young = file(app, "More picture books please", AgeBand.AGE_9_11)
    with pytest.raises(ActionRefused, match="guardian"):
        privacy.give_contact(young, "138 0000 1111")
    assert app.get_suggestion(young).contact is None
    privacy.give_contact(young, "138 0000 1111", guardian="mother")
    names = [type(e).__name__ for e in app.history(young)]
    assert names[-2:] == ["GuardianConsentRecorded", "ContactGiven"]
    older = file(app, "More picture books please", AgeBand.AGE_15_17)
    privacy.give_contact(older, "teen@example.com")
    assert "GuardianConsentRecorded" not in [type(e).__name__ for e in app.history(older)]


def raw_bytes(directory: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file() and "sqlite" in p.name)


def test_erasure_leaves_no_plaintext_in_any_file_and_the_chain_still_verifies(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/feedback.sqlite"
    services = bootstrap(Settings(database_url=url))
    app = services.suggestions
    seed(services)
    words = "我们想要一个会唱歌的秋千 🎵🎠 unique-words-4711"
    code = file(app, words)
    adopt(app, code)
    projector = build_projector(app)
    projector.catch_up()
    assert you_said_we_did(projector.views)[0]["text"] == words
    item_id = app.get_suggestion(code).id
    with sqlite3.connect(tmp_path / "feedback.sqlite") as db:
        (wrapped,) = db.execute("SELECT wrapped FROM content_keys WHERE owner = ?", (item_id.hex,)).fetchone()
    head = verify(lambda: records_from_store(app.recorder)).head
    result = CliRunner().invoke(main, ["--db", url, "privacy", "erase", code, "--reason", "the child asked"])
    assert result.exit_code == 0, result.output
    projector.catch_up()
    assert you_said_we_did(projector.views)[0]["text"] is None
    blob = raw_bytes(tmp_path)
    assert words.encode() not in blob and b"unique-words-4711" not in blob
    assert bytes(wrapped) not in blob  # not even the wrapped key lingers in a free page or the WAL
    after = verify(lambda: records_from_store(app.recorder), head)
    assert after.ok and after.head.position == head.position + 1  # one more event: ContentErased
    item = app.get_suggestion(code)
    assert item.erased and item.text.is_erased and item.status.value == "answered"
    rebuilt = build_projector(app)
    rebuilt.rebuild()
    assert you_said_we_did(rebuilt.views)[0]["text"] is None  # erasure survives a rebuild ...
    then = replay_until(app, head.position)
    assert you_said_we_did(then.views)[0]["text"] is None  # ... and time travel to before it
    again = CliRunner().invoke(main, ["--db", url, "privacy", "erase", code])
    assert again.exit_code == 1 and "erased" in again.output
    app.close()


def test_retention_erases_only_items_closed_longer_than_the_policy(seeded: Any) -> None:
    app, privacy = seeded.app, seeded.services.privacy
    closed = file(app, "old closed idea")
    app.withdraw(closed)
    open_one = file(app, "still open")
    projector = build_projector(app)
    projector.catch_up()
    now = datetime.now(timezone.utc)
    assert list(privacy.retention_candidates(projector.views, 6, now=now)) == []
    later = now + timedelta(days=200)
    due = list(privacy.retention_candidates(projector.views, 6, now=later))
    ref_of = {code: app.get_suggestion(code).ref for code in (closed, open_one)}
    assert [c.ref for c in due] == [ref_of[closed]]
    for candidate in due:
        privacy.erase(candidate.ref, Actor(kind="system"), "retention")
    projector.catch_up()
    assert list(privacy.retention_candidates(projector.views, 6, now=later)) == []
    assert app.get_suggestion(closed).text.is_erased and not app.get_suggestion(open_one).text.is_erased


def test_retention_dry_run_lists_and_apply_erases(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/feedback.sqlite"
    app = bootstrap(Settings(database_url=url)).suggestions
    code = file(app, "to be withdrawn")
    app.withdraw(code)
    app.close()
    listed = CliRunner().invoke(main, ["--db", url, "privacy", "retention", "--months", "1"])
    assert listed.exit_code == 0 and "would erase the words of 0 items" in listed.output
    assert isinstance(SafeguardingCase, type)
