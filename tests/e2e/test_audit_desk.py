"""The auditor's desk on the web: browse the log, replay an item or the dashboards, verify, export.

Everything is read through the real sign-in form and the pages as an auditor sees
them; the expected events are read from the store directly.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlencode

import pytest

from domain.actors import Actor
from domain.values import Role
from feedback.audit import published_head, records_from_store, verify
from feedback.export import export_lines, records_from_export, records_from_file
from tests.support.exports import leaks, world_with_secrets
from tests.e2e.staff_browser import (
    STAFF, Browser, assert_no_code, in_days, item_at, password_of, ref_of, row, signed_in, submit,
)

pytestmark = pytest.mark.site(csrf=False, rate_limits=False)

# A child's words no audit page may ever show.
PHRASE = "彩虹滑梯真好玩🌈🛝"
COMMENT = "谢谢你们🎉彩虹"
ANONYMOUS = "anonymous"


@pytest.fixture
def audrey(site: Any) -> Browser:
    """The auditor, signed in through the real form."""
    return signed_in(site, "audrey")


def logged(app: Any) -> list[tuple[int, Any]]:
    """Return every event of the store with its position, oldest first."""
    notifications = app.recorder.select_notifications(start=1, limit=100_000)
    return [(n.id, app.mapper.to_domain_event(n)) for n in notifications]


def positions(page: str) -> list[int]:
    """Return the log positions of the events a page lists, in the order shown."""
    return [int(p) for p in re.findall(r'id="position-(\d+)"', page)]


def url(path: str, **params: Any) -> str:
    return f"{path}?{urlencode(params)}" if params else path


def little_world(app: Any) -> dict[str, str]:
    """An answered idea with the child's words, a reaction with a comment, a facilitator's note, a new item.

    Returns their tracking codes (the child's secrets: the desk is given references, never these).
    """
    answered = item_at(app, "answered", text=PHRASE, title=PHRASE)
    app.react(answered, "happy", COMMENT)
    noted = submit(app, actor=Actor.facilitator("fay"), text=PHRASE)
    new = submit(app, channel="web", venue=None)
    return {"answered": answered, "noted": noted, "new": new}


def refs_of(app: Any, codes: dict[str, str]) -> dict[str, str]:
    """Return the public reference of each item, by the same names."""
    return {name: ref_of(app, code) for name, code in codes.items()}


def item_id(app: Any, code: str) -> Any:
    """Return the aggregate id of the item filed under ``code``."""
    return app.get_suggestion(code).id


# -- the event browser ---------------------------------------------------------------


def test_the_event_browser_lists_the_newest_events_first_with_who_did_what(
    seeded: Any, site: Any, audrey: Browser
) -> None:
    codes = little_world(seeded.app)
    page = audrey.get("/audit/events")
    everything = [p for p, _ in logged(seeded.app)]
    assert positions(page) == sorted(everything, reverse=True)
    answered = next(p for p, e in logged(seeded.app) if type(e).__qualname__ == "Suggestion.Answered")
    shown = page.split(f'id="position-{answered}"')[1].split("</tr>")[0]
    assert "Suggestion.Answered" in shown and "olga" in shown and "Funded in the 2026 budget." in shown
    assert ref_of(seeded.app, codes["answered"]) in shown
    assert str(item_id(seeded.app, codes["answered"])) not in shown  # an item is named by its reference
    for code in codes.values():
        assert_no_code(page, code, "the event browser")
    assert "fay for the child" in audrey.text()


@pytest.mark.parametrize("params, wanted", [
    ({"item": "{answered}"}, lambda e, c: e.originator_id == c["answered"]),
    ({"item": "{noted}"}, lambda e, c: e.originator_id == c["noted"]),
    ({"aggregate": "Topic"}, lambda e, c: type(e).__qualname__.startswith("Topic.")),
    ({"aggregate": "StaffMember"}, lambda e, c: type(e).__qualname__.startswith("StaffMember.")),
    ({"event": "Suggestion.Accepted"}, lambda e, c: type(e).__qualname__ == "Suggestion.Accepted"),
    ({"actor": "olga"}, lambda e, c: e.actor.username == "olga"),
    ({"actor": "child"}, lambda e, c: e.actor.kind in ("child", "facilitator")),
    ({"actor": "system"}, lambda e, c: e.actor.kind == "system"),
    ({"item": "{answered}", "actor": "child"},
     lambda e, c: e.originator_id == c["answered"] and e.actor.kind == "child"),
    ({"aggregate": "Suggestion", "event": "Suggestion.Submitted", "actor": "fay"},
     lambda e, c: type(e).__qualname__ == "Suggestion.Submitted" and e.actor.username == "fay"),
    ({"aggregate": "Topic", "event": "Suggestion.Accepted"}, lambda e, c: False),
], ids=lambda v: "+".join(v) if isinstance(v, dict) else "")
def test_each_filter_narrows_the_list_to_the_events_it_names(
    seeded: Any, site: Any, audrey: Browser, params: dict[str, str], wanted: Any
) -> None:
    codes = little_world(seeded.app)
    query = {key: value.format(**refs_of(seeded.app, codes)) for key, value in params.items()}
    page = audrey.get(url("/audit/events", **query))
    ids = {name: item_id(seeded.app, code) for name, code in codes.items()}
    expected = sorted((p for p, e in logged(seeded.app) if wanted(e, ids)), reverse=True)
    assert positions(page) == expected
    if not expected:
        assert "No events match here." in audrey.text()


def test_a_time_range_keeps_the_events_recorded_from_one_moment_to_another(
    seeded: Any, site: Any, audrey: Browser
) -> None:
    little_world(seeded.app)
    events = logged(seeded.app)
    since, until = events[5][1].timestamp, events[-4][1].timestamp
    expected = sorted((p for p, e in events if since <= e.timestamp <= until), reverse=True)
    page = audrey.get(url("/audit/events", since=since.isoformat(), until=until.isoformat()))
    assert positions(page) == expected and expected
    # The same range inside one item's own stream.
    code = item_at(seeded.app, "implemented")
    stream = [(p, e) for p, e in logged(seeded.app) if e.originator_id == item_id(seeded.app, code)]
    page = audrey.get(url("/audit/events", item=ref_of(seeded.app, code), since=stream[1][1].timestamp.isoformat(),
                          until=stream[3][1].timestamp.isoformat()))
    assert positions(page) == [p for p, _ in reversed(stream[1:4])]


def test_a_date_alone_until_covers_that_whole_day(seeded: Any, site: Any, audrey: Browser) -> None:
    little_world(seeded.app)
    today = seeded.app.clock.today()  # a date alone is a day in the city, not in UTC
    page = audrey.get(url("/audit/events", since=today.isoformat(), until=today.isoformat()))
    assert positions(page) == sorted((p for p, _ in logged(seeded.app)), reverse=True)
    yesterday = (today - timedelta(days=1)).isoformat()
    assert positions(audrey.get(url("/audit/events", until=yesterday))) == []


@pytest.mark.parametrize("params", [{"since": "last tuesday"}, {"item": "not-a-code"}, {"event": "Nope.Nothing"},
                                    {"since": "2026-06-02", "until": "2026-06-01"}])
def test_a_filter_that_cannot_be_used_is_explained_never_a_500(audrey: Browser, params: dict[str, str]) -> None:
    audrey.get(url("/audit/events", **params), status=422)
    assert "field-error" in audrey.page


def test_pages_go_older_and_newer_by_log_position(
    seeded: Any, site: Any, audrey: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("feedback.eventlog.PAGE", 7)
    little_world(seeded.app)
    everything = sorted((p for p, _ in logged(seeded.app)), reverse=True)
    seen, pages = [], []
    audrey.get("/audit/events")
    while True:
        shown = positions(audrey.page)
        assert len(shown) <= 7
        seen += shown
        pages.append(audrey.page)
        older = re.search(r'href="([^"]+)" rel="next"', audrey.page)
        if not older:
            break
        assert "before=" in older.group(1) and "offset" not in older.group(1)
        audrey.get(older.group(1))
    assert seen == everything
    back = []
    while newer := re.search(r'href="([^"]+)" rel="prev"', audrey.page):
        assert "after=" in newer.group(1)
        audrey.get(newer.group(1))
        back.append(positions(audrey.page))
    assert back == [positions(p) for p in reversed(pages[:-1])]


def test_paging_keeps_the_filters_and_works_inside_one_items_stream(
    seeded: Any, site: Any, audrey: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("feedback.eventlog.PAGE", 2)
    code = item_at(seeded.app, "implemented")
    little_world(seeded.app)
    for query, wanted in [
        ({"item": ref_of(seeded.app, code)}, lambda e: e.originator_id == item_id(seeded.app, code)),
        ({"actor": "olga"}, lambda e: e.actor.username == "olga"),
    ]:
        expected = sorted((p for p, e in logged(seeded.app) if wanted(e)), reverse=True)
        seen = positions(audrey.get(url("/audit/events", **query)))
        while older := re.search(r'href="([^"]+)" rel="next"', audrey.page):
            assert all(f"{k}=" in older.group(1) for k in query)
            seen += positions(audrey.get(older.group(1).replace("&amp;", "&")))
        assert seen == expected


# -- children's words -----------------------------------------------------------------


def test_a_childs_words_never_appear_on_any_audit_page_or_export(seeded: Any, site: Any, audrey: Browser) -> None:
    codes = little_world(seeded.app)
    refs = refs_of(seeded.app, codes)
    site.extensions["projector"].catch_up()
    ref = refs["answered"]
    now = datetime.now(timezone.utc).isoformat()
    pages = ["/audit/", "/audit/events", url("/audit/events", item=ref), url("/audit/events", actor="child"),
             f"/audit/items/{ref}", url(f"/audit/items/{ref}", version=1), url(f"/audit/items/{ref}", at=now),
             f"/audit/items/{refs['noted']}", url("/audit/as-of", at=now), url("/audit/verify", run=1),
             "/audit/export.csv", "/audit/export.jsonl"]
    for path in pages:
        response = audrey.client.get(path)
        assert response.status_code == 200, path
        body = response.get_data(as_text=True)
        assert PHRASE not in body and COMMENT not in body and "彩虹" not in body, path
        for code in codes.values():
            assert_no_code(body, code, path)
    audrey.get(f"/audit/items/{ref}")
    assert "[child's words]" in audrey.page


def test_erased_words_show_as_erased(seeded: Any, site: Any, audrey: Browser) -> None:
    codes = little_world(seeded.app)
    ref = ref_of(seeded.app, codes["answered"])
    seeded.app.keys.destroy(item_id(seeded.app, codes["answered"]))
    audrey.get(url("/audit/events", item=ref))
    assert "[erased]" in audrey.page and "[child's words]" not in audrey.page
    audrey.get(f"/audit/items/{ref}")
    assert re.search(r"<dt>text</dt><dd><span class=\"masked\">\[erased\]</span>", audrey.page)


# -- an item's history ----------------------------------------------------------------


def test_an_items_history_shows_every_version_and_its_state_at_any_version(
    seeded: Any, site: Any, audrey: Browser
) -> None:
    code = item_at(seeded.app, "answered")
    ref = ref_of(seeded.app, code)
    page = audrey.get(f"/audit/items/{ref}")
    assert f"History of Suggestion {ref}" in audrey.text()
    assert_no_code(page, code, "an item's history")
    assert "Its state at version 4 of 4" in audrey.text()
    assert state_of(page, "status") == "answered" and state_of(page, "decision") == "adopted"
    assert state_of(page, "response") == "Funded in the 2026 budget."
    for version in (1, 2, 3, 4):
        assert f'href="/audit/items/{item_id(seeded.app, code)}?version={version}"' in page
    page = audrey.get(url(f"/audit/items/{ref}", version=2))
    assert "Its state at version 2 of 4" in audrey.text() and "Made by Suggestion.Accepted" in audrey.text()
    assert state_of(page, "status") == "under_review"
    assert state_of(page, "decision") == "–" and state_of(page, "response") == "–"
    assert state_of(page, "text") == "[child's words]"


def test_an_items_state_at_a_moment_is_the_version_it_had_then(seeded: Any, site: Any, audrey: Browser) -> None:
    code = item_at(seeded.app, "forwarded")
    ref = ref_of(seeded.app, code)
    forwarded_at = seeded.app.history(code)[-1].timestamp
    seeded.app.answer(code, "not_adopted", "No room.", "Sorry, no room there.", Actor.staff("olga"))
    page = audrey.get(url(f"/audit/items/{ref}", at=forwarded_at.isoformat()))
    assert state_of(page, "status") == "forwarded" and state_of(page, "body_id") == "Health Commission"
    assert "Its state at version 3 of 4" in audrey.text()
    page = audrey.get(url(f"/audit/items/{ref}", at="2001-01-01"))
    assert "It did not exist yet at 2001-01-01 00:00:00 +08:00." in said(audrey)
    page = audrey.get(url(f"/audit/items/{ref}", version=99))
    assert "This has only 4 versions; here is the latest." in audrey.text()
    assert state_of(page, "status") == "answered"


def test_any_aggregate_has_a_history_and_an_unknown_one_is_not_found(seeded: Any, site: Any, audrey: Browser) -> None:
    topic = seeded.app.get_topic("school-nutrition")
    audrey.get(f"/audit/items/{topic.id}")
    assert "History of Topic school-nutrition" in audrey.text()
    audrey.get("/audit/items/K7QM-4XW2", status=404)
    audrey.get("/audit/items/not-a-code", status=404)
    audrey.get("/audit/items/FFFFFFFFFF", status=404)
    ref = ref_of(seeded.app, submit(seeded.app))
    audrey.get(url("/audit/items", ref=ref.lower()), status=302)
    assert audrey.location.endswith(f"/audit/items/{ref.lower()}")
    audrey.get(audrey.location)
    assert f"History of Suggestion {ref}" in audrey.text()


def test_the_desk_finds_an_item_by_its_reference(seeded: Any, site: Any, audrey: Browser) -> None:
    code = item_at(seeded.app, "answered")
    ref = ref_of(seeded.app, code)
    desk = audrey.get("/audit/")
    assert '<label class="field-label" for="ref">Reference</label>' in desk
    assert audrey.form("/audit/items").names == ["ref"]
    page = audrey.get(url("/audit/items", ref=ref), status=302)
    page = audrey.get(audrey.location)
    assert f"History of Suggestion {ref}" in audrey.text() and "Its state at version 4 of 4" in audrey.text()
    assert_no_code(page, code, "the history the desk found")
    page = audrey.get(url("/audit/events", item=ref))
    assert positions(page) == sorted(
        (p for p, e in logged(seeded.app) if e.originator_id == item_id(seeded.app, code)), reverse=True)
    assert_no_code(page, code, "the events of the item")


@pytest.mark.parametrize("written", [lambda c: c, lambda c: c.replace("-", ""), str.lower],
                         ids=["with-dash", "without-dash", "lower-case"])
def test_the_desk_refuses_a_tracking_code_and_shows_no_history(
    seeded: Any, site: Any, audrey: Browser, written: Any
) -> None:
    code = item_at(seeded.app, "answered")
    ref, typed = ref_of(seeded.app, code), written(code)
    audrey.get(f"/audit/items/{typed}", status=404)
    assert "neither an item's reference" in audrey.text()
    assert "History of" not in audrey.text() and ref not in audrey.page
    audrey.get(url("/audit/items", ref=typed), status=404)  # refused on the desk's search: no second address
    assert "neither an item's reference" in audrey.text()
    assert "History of" not in audrey.text() and ref not in audrey.page
    page = audrey.get(url("/audit/events", item=typed), status=422)
    assert "neither an item's reference" in audrey.text() and "field-error" in page
    assert positions(page) == [] and ref not in page
    assert str(item_id(seeded.app, code)) not in page, "a code leads to no id"


def state_of(page: str, name: str) -> str:
    """Return the words of one field of the state shown (the first list of fields on the page)."""
    state = page.split('id="state-title"')[1].split("</section>")[0]
    match = re.search(rf"<dt>{name}</dt><dd>(.*?)</dd>", state, re.S)
    assert match, f"no field {name!r} in the state"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


# -- time travel ------------------------------------------------------------------------


def test_the_dashboards_as_of_a_moment_show_the_figures_before_a_later_change(
    seeded: Any, site: Any, audrey: Browser
) -> None:
    codes = [item_at(seeded.app, "under_review") for _ in range(2)]
    moment = datetime.now(timezone.utc)
    held = seeded.app.recorder.max_notification_id()
    for code in codes:
        seeded.app.forward(code, "health-commission", in_days(14), Actor.staff("dan"))
        seeded.app.answer(code, "adopted", "Funded.", "Yes!", Actor.staff("olga"))
    page = audrey.get(url("/audit/as-of", at=moment.isoformat()))
    assert f"the log held {held} events" in audrey.text()
    assert row(page, "Under review") == "2"
    assert "<th scope=\"row\">Answered</th>" not in page.split('id="statuses-title"')[1].split("</section>")[0]
    assert row(page, "Message board") == "2 0 0 no answers yet 0"
    assert '<svg class="chart" id="adoption-channel" role="img"' in page
    page = audrey.get(url("/audit/as-of", at=datetime.now(timezone.utc).isoformat()))
    assert row(page, "Answered") == "2" and row(page, "Message board") == "2 2 2 100% 0"
    page = audrey.get(url("/audit/as-of", at="2001-01-01"))
    assert "the log held 0 events" in audrey.text() and "No items yet." in audrey.text()


@pytest.mark.parametrize("at, message", [
    ("tomorrow-ish", "is not a date or time"),
    ("2026-13-45", "is not a date or time"),
    ((datetime.now(timezone.utc) + timedelta(days=1)).isoformat(), "That moment has not come yet"),
    ("", "Say which moment to look at."),
], ids=["words", "no-such-day", "tomorrow", "empty"])  # ids that do not change between test processes
def test_a_bad_or_future_moment_gets_a_clear_message_never_a_500(audrey: Browser, at: str, message: str) -> None:
    audrey.get(url("/audit/as-of", at=at), status=422)
    assert message in audrey.text()


# -- the city's clock, and items by reference ---------------------------------------------

# 23:30 in UTC on 30 November is 07:30 on 1 December in Kunshan.
LATE_UTC = datetime(2025, 11, 30, 23, 30, tzinfo=timezone.utc)


@pytest.fixture
def filed_late(seeded: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """The reference of an idea whose events were recorded at 23:30 UTC (07:30 the next day in the city)."""
    with monkeypatch.context() as stopped:
        stopped.setattr("eventsourcing.domain.datetime_now_with_tzinfo", lambda: LATE_UTC)
        code = submit(seeded.app)
    return ref_of(seeded.app, code)


def said(browser: Browser) -> str:
    """Return the page's words as read (a time element is followed by its punctuation, not a space)."""
    return re.sub(r"\s+([.,])", r"\1", browser.text())


def row_at(page: str, position: int) -> str:
    return page.split(f'id="position-{position}"')[1].split("</tr>")[0]


def test_event_times_show_on_the_city_clock_with_the_utc_instant_beside(
    seeded: Any, site: Any, audrey: Browser, filed_late: str
) -> None:
    page = audrey.get(url("/audit/events", item=filed_late))
    filed = seeded.app.get_by_ref(filed_late).id
    submitted = next(p for p, e in logged(seeded.app) if e.originator_id == filed)
    shown = row_at(page, submitted)
    assert "2025-12-01 07:30:00 +08:00" in shown
    assert 'datetime="2025-11-30T23:30:00Z"' in shown and 'title="UTC 2025-11-30 23:30:00"' in shown
    assert "(UTC)" not in said(audrey)
    audrey.get(url(f"/audit/items/{filed_late}", version=1))
    assert "2025-12-01 07:30:00 +08:00" in said(audrey) and "2025-11-30 23:30:00 UTC" not in said(audrey)


def test_a_moment_typed_without_an_offset_is_read_on_the_city_clock(
    seeded: Any, site: Any, audrey: Browser, filed_late: str
) -> None:
    audrey.get(url(f"/audit/items/{filed_late}", at="2025-12-01 07:29"))
    assert "It did not exist yet at 2025-12-01 07:29:00 +08:00." in said(audrey)
    page = audrey.get(url(f"/audit/items/{filed_late}", at="2025-12-01 07:31"))
    assert state_of(page, "status") == "submitted"
    assert "This is how it stood at 2025-12-01 07:31:00 +08:00." in said(audrey)
    page = audrey.get(url(f"/audit/items/{filed_late}", at="2025-11-30T23:29Z"))
    assert "It did not exist yet at 2025-12-01 07:29:00 +08:00." in said(audrey)


def test_a_date_in_the_event_filters_is_a_day_in_the_city(
    seeded: Any, site: Any, audrey: Browser, filed_late: str
) -> None:
    filed = seeded.app.get_by_ref(filed_late).id
    expected = sorted((p for p, e in logged(seeded.app) if e.originator_id == filed), reverse=True)
    page = audrey.get(url("/audit/events", item=filed_late, since="2025-12-01", until="2025-12-01"))
    assert expected and positions(page) == expected
    assert positions(audrey.get(url("/audit/events", item=filed_late, until="2025-11-30"))) == []


def test_the_moment_hints_say_a_time_without_an_offset_is_city_time(audrey: Browser) -> None:
    for path in ("/audit/", "/audit/events", "/audit/as-of"):
        audrey.get(path)
        assert "in city time (UTC+08:00) unless it gives its own offset" in said(audrey), path


def test_the_dashboards_as_of_a_moment_say_when_on_the_city_clock(seeded: Any, site: Any, audrey: Browser) -> None:
    audrey.get(url("/audit/as-of", at="2026-01-01T00:00Z"))
    assert "As of 2026-01-01 08:00:00 +08:00, the log held" in said(audrey)
    assert 'datetime="2026-01-01T00:00:00Z"' in audrey.page
    audrey.get(url("/audit/as-of", at="2026-01-01 08:00"))
    assert "As of 2026-01-01 08:00:00 +08:00, the log held" in said(audrey)
    assert "Overdue means overdue on 2026-01-01." in said(audrey)


def test_the_event_list_names_items_by_reference_and_other_aggregates_by_id(
    seeded: Any, site: Any, audrey: Browser
) -> None:
    codes = little_world(seeded.app)
    seeded.app.merge(ref_of(seeded.app, codes["new"]), ref_of(seeded.app, codes["noted"]), Actor.staff("mona"))
    page = audrey.get("/audit/events")
    for code in codes.values():
        assert ref_of(seeded.app, code) in page
        assert str(item_id(seeded.app, code)) not in page
    merged = next(p for p, e in logged(seeded.app) if type(e).__qualname__ == "Suggestion.Merged")
    assert ref_of(seeded.app, codes["noted"]) in row_at(page, merged)
    topic = next(e.originator_id for _, e in logged(seeded.app) if type(e).__qualname__.startswith("Topic."))
    assert str(topic) in page


def test_a_page_of_events_reads_the_references_at_once_not_item_by_item(
    seeded: Any, site: Any, audrey: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    codes = little_world(seeded.app)
    site.extensions["projector"].catch_up()
    reads: list[Any] = []
    original = type(seeded.app).ref_of
    monkeypatch.setattr(type(seeded.app), "ref_of", lambda self, key: reads.append(key) or original(self, key))
    page = audrey.get("/audit/events")
    assert all(ref_of(seeded.app, code) in page for code in codes.values())
    assert reads == []


# -- verification and export --------------------------------------------------------------


def test_verify_on_the_web_shows_ok_with_the_head_or_the_first_finding(seeded: Any, site: Any, audrey: Browser) -> None:
    little_world(seeded.app)
    head = published_head(seeded.app.recorder)
    audrey.get("/audit/verify")
    assert "runs only when you ask" in audrey.text() and "OK" not in audrey.text().split("Verify now")[-1]
    audrey.get(url("/audit/verify", run=1, head=str(head)))
    assert f"All {head.position} events verify" in audrey.text()
    assert f"matches the published head at position {head.position}" in audrey.text() and str(head) in audrey.page
    audrey.get(url("/audit/verify", run=1, head=f"{head.position}:{'0' * 64}"))
    assert f"FAILED at position {head.position}: an event was changed" in audrey.text()
    audrey.get(url("/audit/verify", run=1, head="yesterday's"), status=422)


def test_the_csv_export_shows_staff_events_and_only_the_seal_of_an_idea(seeded: Any, site: Any, audrey: Browser) -> None:
    little_world(seeded.app)
    response = audrey.client.get("/audit/export.csv")
    assert response.status_code == 200 and response.is_streamed
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="one-meter-voice-log-')
    text = response.get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    records = list(records_from_store(seeded.app.recorder))
    assert [int(r["position"]) for r in rows] == [r.position for r in records]
    assert list(rows[0]) == ["position", "time", "aggregate_id", "version", "type", "actor", "digest", "link",
                             "topic", "state"]
    granted = next(r for r in rows if r["type"] == "StaffMember.RoleGranted")
    assert granted["actor"] == "system" and len(granted["digest"]) == len(granted["link"]) == 64
    assert not any(r["type"].startswith("Suggestion.") for r in rows)
    withheld = [r for r in rows if r["type"] == "withheld"]
    assert withheld and all(r["time"] == r["actor"] == r["aggregate_id"] == r["state"] == "" for r in withheld)
    assert rows[-1]["link"] == published_head(seeded.app.recorder).hash
    verdict = verify(lambda: records_from_file(text.splitlines()), published_head(seeded.app.recorder))
    assert verdict.ok and verdict.events == len(rows)


def test_the_jsonl_export_is_what_the_cli_writes_and_verifies_offline(seeded: Any, site: Any, audrey: Browser) -> None:
    little_world(seeded.app)
    response = audrey.client.get("/audit/export.jsonl")
    assert response.status_code == 200 and response.is_streamed
    assert response.headers["Content-Disposition"].endswith('.jsonl"')
    text = response.get_data(as_text=True)
    cli = io.StringIO()
    export_lines(records_from_store(seeded.app.recorder), cli)
    assert text == cli.getvalue()
    lines = text.splitlines()
    verdict = verify(lambda: records_from_export(lines), published_head(seeded.app.recorder))
    assert verdict.ok and verdict.events == len(lines) == seeded.app.recorder.max_notification_id()


@pytest.mark.parametrize("path", ["/audit/export.jsonl", "/audit/export.csv"])
def test_a_downloaded_export_holds_no_tracking_code_and_no_sealed_or_private_words(
    seeded: Any, site: Any, audrey: Browser, path: str
) -> None:
    secrets = world_with_secrets(seeded.services)
    text = audrey.client.get(path).get_data(as_text=True)
    assert leaks(text, secrets) == []
    verdict = verify(lambda: records_from_file(text.splitlines()), published_head(seeded.app.recorder))
    assert verdict.ok, verdict.finding


def test_a_wrong_head_on_the_web_says_the_log_agrees_with_itself_but_not_with_it(
    seeded: Any, site: Any, audrey: Browser
) -> None:
    little_world(seeded.app)
    head = published_head(seeded.app.recorder)
    audrey.get(url("/audit/verify", run=1, head=f"{head.position}:{'0' * 64}"))
    assert f"FAILED at position {head.position}: an event was changed" in audrey.text()
    assert f"The log agrees with itself (its own head is {head}) but not with the published head" in audrey.text()
    assert "intact" not in audrey.text()


# -- who may ------------------------------------------------------------------------------

AUDIT_PAGES = [
    "/audit/", "/audit/events", "/audit/events?actor=mona", "/audit/items?ref={ref}", "/audit/items/{ref}",
    "/audit/items/{ref}?version=1", "/audit/as-of", "/audit/as-of?at=2026-01-01", "/audit/verify",
    "/audit/verify?run=1", "/audit/export.csv", "/audit/export.jsonl",
]


def test_every_audit_page_opens_to_the_auditor_alone(seeded: Any, site: Any) -> None:
    ref = ref_of(seeded.app, submit(seeded.app))
    wrong = {}
    for viewer in (ANONYMOUS, *STAFF):
        person = Browser(site)
        if viewer != ANONYMOUS:
            assert person.client.post("/staff/sign-in", data={"username": viewer,
                                                              "password": password_of(viewer)}).status_code == 302
        for path in AUDIT_PAGES:
            response = person.client.get(path.format(ref=ref))
            location = response.headers.get("Location", "")
            got = ("sign-in" if response.status_code == 302 and "/staff/sign-in" in location
                   else str(response.status_code) if response.status_code in (401, 403) else "through")
            assert response.status_code < 500, path
            wanted = "sign-in" if viewer == ANONYMOUS else "through" if viewer == "audrey" else "403"
            if got != wanted:
                wrong[f"{viewer} {path}"] = f"{got} (wanted {wanted})"
    assert not wrong


def test_the_matrix_covers_every_audit_route_and_each_asks_for_the_auditor_role(site: Any) -> None:
    covered = {re.sub(r"\?.*", "", p).replace("{ref}", "<ref>") for p in AUDIT_PAGES}
    rules = {rule.rule for rule in site.url_map.iter_rules()
             if rule.endpoint.startswith("audit.") and rule.endpoint != "audit.static"}
    assert rules - covered == set(), "add these routes to the matrix"
    guards = {endpoint: getattr(view, "required_roles", None) for endpoint, view in site.view_functions.items()
              if endpoint.startswith("audit.") and endpoint != "audit.static"}
    assert guards and set(guards.values()) == {(Role.AUDITOR,)}
    methods = {m for rule in site.url_map.iter_rules() if rule.endpoint.startswith("audit.") for m in rule.methods}
    assert methods <= {"GET", "HEAD", "OPTIONS"}, "the desk changes nothing"


def test_an_admin_who_is_also_an_auditor_gets_in_and_the_menu_shows_the_desk(seeded: Any, site: Any) -> None:
    adam = Browser(site)
    adam.sign_in("adam")
    assert "Audit desk" not in adam.get("/staff/")
    adam.get("/audit/events", status=403)
    seeded.services.accounts.grant_role("adam", Role.AUDITOR, Actor.staff("adam"))
    assert "Audit desk" in adam.get("/staff/")
    adam.get("/audit/events")
    assert adam.client.get("/audit/").headers["Cache-Control"] == "no-store"


def test_privacy_steps_show_as_events_while_the_words_and_the_sealed_notes_stay_hidden(
    seeded: Any, site: Any, audrey: Browser
) -> None:
    app = seeded.app
    sealed = app.submit(channel="web", category="protection", age_band="9-11", text=PHRASE, needs_help=True)
    seeded.services.privacy.open_case(sealed.id, Actor.staff("sam"))
    seeded.services.privacy.close_case(sealed.id, "Called the school counsellor.", Actor.staff("sam"))
    held = submit(app, text=f"{PHRASE} 13912345678")
    seeded.services.privacy.redact(held, "Please add a swing, thank you.", None, Actor.staff("mona"))
    seeded.services.privacy.erase(held, Actor.staff("mona"), "the child asked")
    page = audrey.get("/audit/events")
    for kind in ("Suggestion.ReferredToSafeguarding", "SafeguardingCase.Opened", "SafeguardingCase.Viewed",
                 "SafeguardingCase.Closed", "Suggestion.HeldForPrivacy", "Suggestion.Redacted",
                 "Suggestion.ContentErased"):
        assert kind in page, kind
    assert PHRASE not in page and "Called the school counsellor." not in page and "Please add a swing" not in page
    assert "[sealed]" in page and "the child asked" in page
    audrey.get(url("/audit/events", aggregate="SafeguardingCase"))
    assert "sam" in audrey.text() and "[sealed]" in audrey.page
