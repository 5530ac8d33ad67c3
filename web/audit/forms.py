"""The auditor's forms: they only ask (GET), so they carry no CSRF token; strings become times and ids here."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any
from uuid import UUID

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import Form, IntegerField, SelectField, StringField
from wtforms.validators import NumberRange, Optional, ValidationError

from domain.codes import InvalidRef, normalise_ref
from feedback.errors import NotFound
from feedback.seal import Head
from feedback.eventlog import Filters, aggregates, event_types
from web.extensions import services
from web.times import offset

ONE_TICK = timedelta(microseconds=1)


def parse_moment(text: str, zone: tzinfo, end_of_day: bool = False) -> datetime:
    """Return the moment ``text`` names, on the city's clock (``zone``) unless it gives its own offset.

    A date alone means the first moment of that day in the city, or its last with ``end_of_day``
    ("until 2026-06-01" includes the whole of that day).
    """
    text = text.strip()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        day = None
    if day is not None:
        if end_of_day:
            return datetime.combine(day + timedelta(days=1), time.min, zone) - ONE_TICK
        return datetime.combine(day, time.min, zone)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(_("“%(text)s” is not a date or time such as 2026-06-01 or 2026-06-01T18:30+08:00.",
                           text=text[:40])) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def moment_hint() -> str:
    """Say how a typed moment is read: on the city's clock, unless it says otherwise."""
    return _("A date or a time in city time (UTC%(offset)s) unless it gives its own offset: 2026-06-01, "
             "2026-06-01 18:30, or 2026-06-01T10:30Z for UTC.", offset=offset(services().clock.now()))


def aggregate_ref(text: str) -> UUID:
    """Return the aggregate id that ``text`` names: an item's public reference or an aggregate id.

    Never a tracking code: the auditor, like every adult but the facilitator, never holds one.
    """
    from web.extensions import feedback  # the index of references lives in the store

    try:
        return UUID(text.strip())
    except ValueError:
        pass
    try:
        normalise_ref(text)
    except InvalidRef:
        raise ValueError(_("“%(text)s” is neither an item's reference (such as 3F2A9C01B4) nor an id.",
                           text=text[:40])) from None
    try:
        return feedback().get_by_ref(text).id
    except NotFound:
        raise ValueError(_("There is no item with the reference “%(text)s”.", text=text[:40])) from None


class MomentField(StringField):
    """A date or time typed as text; ``data`` is an aware datetime or None."""

    def __init__(self, *args: Any, end_of_day: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("description", moment_hint())
        super().__init__(*args, **kwargs)
        self.end_of_day = end_of_day
        self.raw = ""

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.raw = str(valuelist[0]).strip() if valuelist else ""
        self.data = parse_moment(self.raw, services().clock.zone, self.end_of_day) if self.raw else None

    def _value(self) -> str:
        return self.raw


class RefField(StringField):
    """An item's public reference or an aggregate id (never a tracking code); ``data`` is the aggregate id or None."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.raw = str(valuelist[0]).strip() if valuelist else ""
        self.data = aggregate_ref(self.raw) if self.raw else None

    def _value(self) -> str:
        return getattr(self, "raw", "")


class EventFilterForm(Form):
    """Narrow the log: one item, a kind of aggregate, a type of event, who acted, when."""

    item = RefField(_l("Item"), description=_l("An item's reference, such as 3F2A9C01B4 (or any aggregate's id)."))
    aggregate = SelectField(_l("Aggregate"), default="", render_kw={"translate": "no"})
    event = SelectField(_l("Event type"), default="", render_kw={"translate": "no"})
    actor = StringField(_l("Who acted"), description=_l("A staff username, “child” or “system”."),
                        filters=[lambda s: (s or "").strip()])
    since = MomentField(_l("From"))
    until = MomentField(_l("To"), end_of_day=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.aggregate.choices = [("", _("Any"))] + [(name, name) for name in aggregates()]
        self.event.choices = [("", _("Any"))] + [(name, name) for name in sorted(event_types())]

    def validate_until(self, field: MomentField) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_("“To” is before “From”."))

    def filters(self) -> Filters:
        return Filters(self.item.data, self.aggregate.data or "", self.event.data or "", self.actor.data or "",
                       self.since.data, self.until.data)

    @property
    def narrowed(self) -> bool:
        return any((self.item.data, self.aggregate.data, self.event.data, self.actor.data, self.since.data,
                    self.until.data))


class MomentForm(Form):
    """A moment to travel to."""

    at = MomentField(_l("As of"))

    def validate_at(self, field: MomentField) -> None:
        if field.process_errors:
            return
        if field.data is None:
            raise ValidationError(_("Say which moment to look at."))
        if field.data > services().clock.now():
            raise ValidationError(_("That moment has not come yet: the log can be replayed up to now, not beyond."))


class ItemMomentForm(Form):
    """A version of an item, or a moment, to see it as it stood then."""

    version = IntegerField(_l("Version"), validators=[Optional(), NumberRange(min=1)])
    at = MomentField(_l("As of"))


class HeadField(StringField):
    def process_formdata(self, valuelist: list[Any]) -> None:
        self.raw = str(valuelist[0]).strip() if valuelist else ""
        try:
            self.data = Head.parse(self.raw) if self.raw else None
        except ValueError:
            raise ValueError(_("A published head looks like 1234:9f86d081… (a position, a colon and 64 hex digits).")
                             ) from None

    def _value(self) -> str:
        return getattr(self, "raw", "")


class VerifyForm(Form):
    """Verify the log now, optionally against a head published earlier."""

    head = HeadField(_l("Compare with a published head (optional)"),
                     description=_l("POSITION:HASH, as printed on the transparency page on a day you chose."))
