"""Evidence photos on every store: kept sealed beside the events, read back, unreadable once the child's data is erased."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from domain.actors import Actor
from domain.suggestion import MAX_PHOTOS
from domain.values import AgeBand, Category, Channel, Decision
from feedback.application import FeedbackApp
from feedback.audit import records_from_store, verify
from feedback.errors import ActionRefused, Forbidden, InvalidInput, NotFound
from feedback.persistence import migrations
from feedback.persistence.migrations import MIGRATIONS
from feedback.photos import reencode
from feedback.steps import IMPLEMENTED, PROGRESS
from tests.conftest import settings_for
from tests.support.images import jpeg, png

MOD, DEP, OFF = Actor.staff("mona"), Actor.staff("dan"), Actor.staff("olga")


def adopted(app: FeedbackApp) -> str:
    code = app.submit(channel=Channel.WEB, category=Category.SPACES, age_band=AgeBand.AGE_9_11,
                      text="路口需要一条斑马线").code
    app.accept(code, MOD)
    app.forward(code, "health-commission", date.today() + timedelta(days=9), DEP)
    app.answer(code, Decision.ADOPTED, "Approved.", "Yes, a crossing is coming!", OFF)
    return code


def test_an_implementation_with_a_photo_is_one_save_and_the_photo_reads_back(seeded: Any) -> None:
    app, evidence = seeded.app, seeded.services.evidence
    code = adopted(app)
    photo = reencode(jpeg(gps=True), "crossing.jpg")
    item = evidence.take_step(seeded.staff("olga"), code, IMPLEMENTED, [photo], evidence="新斑马线已画好")
    again = app.get_suggestion(code)
    assert again.status.value == "implemented" and again.evidence == "新斑马线已画好"
    (kept,) = again.done_photos
    assert (kept.digest, kept.size, kept.media_type) == (photo.digest, photo.size, "image/jpeg")
    assert evidence.photo(again, kept.id)[1] == photo.data
    events = app.history_of(again)
    assert [type(e).__name__ for e in events[-2:]] == ["Implemented", "PhotoAttached"]
    assert item.version == again.version
    assert photo.data not in b"".join(r.state for r in records_from_store(app.recorder))  # never in an event
    assert all(photo.data[16:64] not in sealed for sealed in evidence.store.sealed_rows(again.id))  # sealed


def test_progress_photos_are_kept_apart_from_the_photos_of_the_work_done(seeded: Any) -> None:
    app, evidence = seeded.app, seeded.services.evidence
    code = adopted(app)
    olga = seeded.staff("olga")
    evidence.take_step(olga, code, PROGRESS, [reencode(png(), "plan.png")], percent=40, note="图纸画好了")
    evidence.take_step(olga, code, IMPLEMENTED, [reencode(jpeg(), "done.jpg")], evidence="完工")
    item = app.get_suggestion(code)
    assert [p.media_type for p in item.progress_photos] == ["image/png"]
    assert [p.media_type for p in item.done_photos] == ["image/jpeg"]


def test_a_photo_is_refused_before_the_work_or_beyond_the_limit_and_nothing_is_kept(seeded: Any) -> None:
    app, evidence = seeded.app, seeded.services.evidence
    code = adopted(app)
    photo = reencode(jpeg(), "x.jpg")
    with pytest.raises(ActionRefused, match="add a photo to"):
        evidence.attach(code, [photo], OFF)  # answered, no progress yet: nothing to show a photo of
    with pytest.raises(Forbidden):
        evidence.take_step(seeded.staff("eddie"), code, IMPLEMENTED, [photo], evidence="done")  # not his body
    evidence.take_step(seeded.staff("olga"), code, IMPLEMENTED, [photo] * 3, evidence="done")
    evidence.attach(code, [photo] * 3, OFF)
    with pytest.raises(ActionRefused, match=f"at most {MAX_PHOTOS} photos"):
        evidence.attach(code, [photo], OFF)
    with pytest.raises(InvalidInput, match="at most 3 photos at a time"):
        evidence.attach(code, [photo] * 4, OFF)
    item = app.get_suggestion(code)
    assert len(item.photos) == MAX_PHOTOS
    assert len(evidence.store.sealed_rows(item.id)) == MAX_PHOTOS  # the refused ones left no bytes behind


def test_erasure_makes_the_photos_unreadable_and_the_audit_chain_still_verifies(seeded: Any) -> None:
    app, evidence, privacy = seeded.app, seeded.services.evidence, seeded.services.privacy
    code = adopted(app)
    evidence.take_step(seeded.staff("olga"), code, IMPLEMENTED, [reencode(jpeg(), "done.jpg")], evidence="完工")
    item = app.get_suggestion(code)
    (photo,) = item.photos
    head = verify(lambda: records_from_store(app.recorder)).head
    privacy.erase(code, Actor.child(), "the child asked")
    assert evidence.store.sealed_rows(item.id) == []
    assert evidence.store.get(item.id, photo.id) is None
    erased = app.get_suggestion(code)
    assert erased.photos == [] and erased.evidence == "完工"  # what the grown-ups did stays, their photos go
    with pytest.raises(NotFound):
        evidence.photo(erased, photo.id)
    with pytest.raises(ActionRefused, match="erased"):
        evidence.attach(code, [reencode(jpeg(), "late.jpg")], OFF)
    after = verify(lambda: records_from_store(app.recorder), head)
    assert after.ok and after.head.position == head.position + 1


def test_photos_belong_to_their_item_only(seeded: Any) -> None:
    app, evidence = seeded.app, seeded.services.evidence
    first, second = adopted(app), adopted(app)
    evidence.take_step(seeded.staff("olga"), first, IMPLEMENTED, [reencode(jpeg(), "a.jpg")], evidence="完工")
    (photo,) = app.get_suggestion(first).photos
    with pytest.raises(NotFound):
        evidence.photo(app.get_suggestion(second), photo.id)
    assert evidence.store.get(app.get_suggestion(second).id, photo.id) is None


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def durable_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgres":
        return request.getfixturevalue("pg_server").create_database()
    return f"sqlite:///{tmp_path}/feedback.sqlite"


def test_migration_6_adds_the_photo_table_to_a_store_at_migration_5(durable_url: str,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as before:
        before.setattr(migrations, "MIGRATIONS", MIGRATIONS[:5])
        old = FeedbackApp(settings_for(durable_url))
        assert old.tables.schema_version() == 5
        old.close()
    upgraded = FeedbackApp(settings_for(durable_url))
    try:
        assert [m.version for m in upgraded.tables.migrations_applied] == [6]
        with upgraded.tables.reading() as cursor:
            cursor.execute("SELECT COUNT(*) FROM evidence_photos")
            assert cursor.fetchone()[0] == 0
    finally:
        upgraded.close()

