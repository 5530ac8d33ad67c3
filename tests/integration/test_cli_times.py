"""The CLI reads and shows times on the city's clock (Kunshan, +08:00), with the UTC instant beside for auditors."""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import click
import pytest
from click.testing import CliRunner

from domain.actors import Actor
from domain.values import AgeBand, Category, Channel
from feedback.bootstrap import bootstrap
from feedback.cli import main
from feedback.cli.times import both, city_date, parse_moment
from feedback.config import Settings
from tests.conftest import seed

KUNSHAN = ZoneInfo("Asia/Shanghai")
HISTORY_LINE = re.compile(r"^v(\d+)\s+(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) \+08:00 \[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)Z\]",
                          re.M)


@pytest.fixture(autouse=True)
def city(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FEEDBACK_TIMEZONE", "Asia/Shanghai")


@pytest.fixture
def db(tmp_path: Path) -> Any:
    url = f"sqlite:///{tmp_path}/feedback.sqlite"
    services = bootstrap(Settings(database_url=url))
    seed(services)
    item = services.suggestions.submit(channel=Channel.WEB, category=Category.SPACES, age_band=AgeBand.AGE_9_11,
                                       text="A slide")
    services.suggestions.accept(item.code, Actor.staff("mona"))
    services.suggestions.close()
    return url, item.code


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def test_history_shows_each_event_on_the_city_s_clock_and_its_utc_instant(db: Any) -> None:
    url, code = db
    result = run("--db", url, "audit", "history", code)
    assert result.exit_code == 0, result.output
    lines = HISTORY_LINE.findall(result.output)
    assert [version for version, _, _ in lines] == ["1", "2"]
    app = bootstrap(Settings(database_url=url)).suggestions
    recorded = {e.originator_version: e.timestamp for e in app.history_of(app.get_item(code))}
    app.close()
    for version, local, utc in lines:
        shown_utc = datetime.fromisoformat(utc).replace(tzinfo=timezone.utc)
        assert datetime.fromisoformat(local) - timedelta(hours=8) == shown_utc.replace(tzinfo=None)
        assert shown_utc == recorded[int(version)].astimezone(timezone.utc).replace(microsecond=0)


def test_as_of_reads_a_moment_without_an_offset_on_the_city_s_clock(db: Any) -> None:
    url, code = db
    time.sleep(1.1)  # the moment below falls strictly between the two filings, to the second
    moment = datetime.now(timezone.utc).replace(microsecond=0)
    time.sleep(1.1)
    app = bootstrap(Settings(database_url=url)).suggestions
    app.submit(channel=Channel.WEB, category=Category.SPACES, age_band=AgeBand.AGE_6_8, text="later")
    app.close()
    in_the_city = moment.astimezone(KUNSHAN).strftime("%Y-%m-%dT%H:%M:%S")  # no offset: the city's time
    spellings = [in_the_city, moment.strftime("%Y-%m-%dT%H:%M:%SZ"), moment.strftime("%Y-%m-%d %H:%M:%S UTC"),
                 moment.astimezone(KUNSHAN).isoformat()]
    outputs = [run("--db", url, "audit", "as-of", spelled) for spelled in spellings]
    for result in outputs:
        assert result.exit_code == 0, result.output
        assert "under_review 1" in result.output and "submitted" not in result.output, result.output
    shown = f"As of {both(moment, KUNSHAN)}:"
    assert all(shown in result.output for result in outputs), outputs[0].output
    # Read as UTC, the city's time would be eight hours later: after the second filing.
    as_utc = run("--db", url, "audit", "as-of", in_the_city + "Z")
    assert "submitted 1" in as_utc.output


def test_as_of_a_date_is_the_first_moment_of_that_day_in_the_city(db: Any) -> None:
    url, _ = db
    result = run("--db", url, "audit", "as-of", "2026-01-15")
    assert result.exit_code == 0, result.output
    assert "As of 2026-01-15 00:00:00 +08:00 [2026-01-14T16:00:00Z]: the log held 0 events." in result.output


@pytest.mark.parametrize("text", ["yesterday-ish", "2026-01-15T10:00+08:00 UTC", "2026-13-01"])
def test_a_moment_that_is_none_is_one_clear_line(db: Any, text: str) -> None:
    url, _ = db
    result = run("--db", url, "audit", "as-of", text)
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "city time" in result.output or "offset" in result.output
    assert len(result.output.strip().splitlines()) <= 3


def test_moments_are_read_and_shown_as_people_write_them() -> None:
    assert parse_moment("2026-01-15 09:30", KUNSHAN) == datetime(2026, 1, 15, 1, 30, tzinfo=timezone.utc)
    assert parse_moment("2026-01-15T09:30+00:00", KUNSHAN) == datetime(2026, 1, 15, 9, 30, tzinfo=timezone.utc)
    assert parse_moment("2026-01-15 09:30 utc", KUNSHAN) == datetime(2026, 1, 15, 9, 30, tzinfo=timezone.utc)
    assert both(datetime(2026, 1, 15, 1, 30, tzinfo=timezone.utc), KUNSHAN) == (
        "2026-01-15 09:30:00 +08:00 [2026-01-15T01:30:00Z]")
    # An item closed at 17:30 UTC on the 14th closed on the 15th in Kunshan: retention lists the city's day.
    assert city_date("2026-01-14T17:30:00+00:00", KUNSHAN) == "2026-01-15"
    with pytest.raises(click.BadParameter):
        parse_moment("soon", KUNSHAN)
