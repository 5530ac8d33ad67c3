"""Times as the CLI's readers read them: on the city's clock with its offset, the UTC instant beside for auditors.

``feedback audit history`` and ``as-of`` print ``2026-01-15 09:30:00 +08:00`` (Kunshan's clock,
``FEEDBACK_TIMEZONE``) and, where an auditor compares with the log or another system,
``[2026-01-15T01:30:00Z]``. A moment typed without an offset is the city's; ``Z``, ``UTC`` or an
offset such as ``+00:00`` say otherwise.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone, tzinfo

import click

HINT = "a date or time in city time such as 2026-11-29 or 2026-11-29T18:00, or with its own offset: " \
       "2026-11-29T10:00Z, 2026-11-29 10:00 UTC, 2026-11-29T18:00+08:00"


def aware(moment: datetime) -> datetime:
    """Return ``moment`` aware (a naive moment is UTC, as the log records it)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def offset(moment: datetime) -> str:
    """Return the UTC offset of an aware moment as people write it: +08:00."""
    minutes = round((moment.utcoffset() or timedelta()).total_seconds() / 60)
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def city_time(moment: datetime, zone: tzinfo) -> str:
    """Return ``moment`` on the city's clock with its offset: 2026-01-15 09:30:00 +08:00."""
    local = aware(moment).astimezone(zone)
    return f"{local:%Y-%m-%d %H:%M:%S} {offset(local)}"


def utc_instant(moment: datetime) -> str:
    """Return the UTC instant of ``moment``: 2026-01-15T01:30:00Z (microseconds dropped)."""
    return f"{aware(moment).astimezone(timezone.utc):%Y-%m-%dT%H:%M:%S}Z"


def both(moment: datetime, zone: tzinfo) -> str:
    """Return ``moment`` on the city's clock and, in brackets, its UTC instant."""
    return f"{city_time(moment, zone)} [{utc_instant(moment)}]"


def city_date(moment: datetime | str, zone: tzinfo) -> str:
    """Return the city's date of ``moment`` (an ISO text is read first; a naive one is UTC)."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return aware(moment).astimezone(zone).date().isoformat()


def parse_moment(text: str, zone: tzinfo) -> datetime:
    """Return the moment ``text`` names, on the city's clock (``zone``) unless it gives its own offset or UTC.

    A date alone is the first moment of that day in the city, as on the auditor's desk.
    """
    spelled = text.strip()
    utc = spelled.upper().endswith("UTC")
    if utc:
        spelled = spelled[:-3].strip()
    try:
        day = date.fromisoformat(spelled)
    except ValueError:
        day = None
    try:
        moment = datetime.combine(day, time.min) if day else datetime.fromisoformat(spelled)
    except ValueError:
        raise click.BadParameter(f"{text!r} is not {HINT}") from None
    if utc:
        if moment.tzinfo is not None:
            raise click.BadParameter(f"{text!r} gives both an offset and UTC: give one")
        return moment.replace(tzinfo=timezone.utc)
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)
