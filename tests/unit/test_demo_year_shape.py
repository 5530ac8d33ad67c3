"""The demo's programme year: from the autumn before the Two Sessions to today, at least twelve months."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from feedback.demo import Year

CITY = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize("today", [
    date(2026, 12, 2), date(2026, 9, 1), date(2026, 8, 31), date(2027, 1, 5), date(2027, 3, 15), date(2026, 6, 1),
])
def test_the_year_runs_from_september_through_the_january_sessions_to_today(today: date) -> None:
    year = Year.ending(today, CITY)

    assert (year.start.month, year.start.day) == (9, 1)
    assert year.start.date() < year.sessions < year.childrens_day
    assert (year.sessions.month, year.childrens_day.month) == (1, 6)
    assert year.sessions.year == year.start.year + 1
    assert year.end.date() == today and year.end.tzinfo is CITY
    assert year.end - year.start >= timedelta(days=364)
    assert year.childrens_day <= today or today.month < 9


def test_the_days_of_the_year_end_the_day_before_today() -> None:
    year = Year.ending(date(2026, 12, 2), CITY)

    assert year.days()[0] == date(2025, 9, 1) and year.days()[-1] == date(2026, 12, 1)
