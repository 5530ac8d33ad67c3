"""The city's clock: one seam for "now" and "today", in the city's time zone."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from feedback.errors import ConfigError

DEFAULT_TIMEZONE = "Asia/Shanghai"


def city_zone(name: str = DEFAULT_TIMEZONE) -> ZoneInfo:
    """Return the time zone called ``name`` (``FEEDBACK_TIMEZONE``), refusing an unknown one in one line."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"FEEDBACK_TIMEZONE {name!r} is not a time zone (e.g. Asia/Shanghai)") from None


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


class Clock:
    """What time it is in the city; tests freeze it at a moment of their choosing."""

    def __init__(self, zone: ZoneInfo | str | None = None, source: Callable[[], datetime] = _utc_now) -> None:
        self.zone = zone if isinstance(zone, ZoneInfo) else city_zone(zone or DEFAULT_TIMEZONE)
        self._source = source

    def now(self) -> datetime:
        """Return this moment in the city's time zone."""
        return self._source().astimezone(self.zone)

    def today(self) -> date:
        """Return the city's date today (not UTC's: at 07:30 in Kunshan it is still yesterday in UTC)."""
        return self.now().date()

    def local(self, moment: datetime) -> datetime:
        """Return ``moment`` in the city's time zone (a naive moment is taken as UTC)."""
        return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(self.zone)

    def freeze(self, moment: datetime) -> Clock:
        """Stop the clock at ``moment`` (aware; for tests and demos); return the clock."""
        if moment.tzinfo is None:
            raise ValueError("freeze the clock at an aware moment")
        self._source = lambda: moment
        return self

    def thaw(self) -> Clock:
        """Let the clock run with real time again."""
        self._source = _utc_now
        return self

    @contextmanager
    def held_at(self, moment: datetime) -> Iterator[Clock]:
        """Stop the clock at ``moment`` inside the block, then let it go on as it was (running or frozen)."""
        before = self._source
        self.freeze(moment)
        try:
            yield self
        finally:
            self._source = before
