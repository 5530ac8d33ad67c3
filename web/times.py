"""Times as people read them: on the city's clock (``FEEDBACK_TIMEZONE``), the UTC instant kept for machines."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from flask import Flask

from web.extensions import services


def city(moment: datetime) -> datetime:
    """Return ``moment`` on the city's clock (a naive moment is taken as UTC, as the log records it)."""
    return services().clock.local(moment)


def offset(moment: datetime) -> str:
    """Return the UTC offset of an aware moment as people write it: +08:00."""
    minutes = round((moment.utcoffset() or timedelta()).total_seconds() / 60)
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def city_time(moment: datetime | None, seconds: bool = False) -> str:
    """Return ``moment`` as the city's clock showed it: 2026-12-01 07:30, or 2026-12-01 07:30:00 +08:00 with ``seconds``."""
    if moment is None:
        return "–"
    local = city(moment)
    if seconds:
        return f"{local:%Y-%m-%d %H:%M:%S} {offset(local)}"
    return f"{local:%Y-%m-%d %H:%M}"


def city_date(moment: datetime | date | None) -> str:
    """Return the city's date of ``moment`` (a date is already one)."""
    if moment is None:
        return "–"
    return (city(moment).date() if isinstance(moment, datetime) else moment).isoformat()


def utc_instant(moment: datetime) -> str:
    """Return the UTC instant of ``moment`` for a ``<time datetime>``: 2026-11-30T23:30:00Z."""
    return f"{_utc(moment):%Y-%m-%dT%H:%M:%S}Z"


def utc_time(moment: datetime) -> str:
    """Return the UTC instant of ``moment`` for people who check it: 2026-11-30 23:30:00."""
    return f"{_utc(moment):%Y-%m-%d %H:%M:%S}"


def _utc(moment: datetime) -> datetime:
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


def init_app(app: Flask) -> None:
    """Give templates the city's clock as filters."""
    for name, show in (("city_time", city_time), ("city_date", city_date), ("utc_instant", utc_instant),
                       ("utc_time", utc_time)):
        app.jinja_env.filters[name] = show
