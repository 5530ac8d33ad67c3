"""Forms of the children's pages, with messages a child understands."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any
from uuid import UUID

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, Form, FormField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, Optional, ValidationError

from domain.codes import InvalidCode, normalise_code
from domain.values import CHANNEL_VENUE_KINDS, HOSPITAL_ASPECTS, AgeBand, Category, Channel, Reaction, VenueKind
from domain.venue import Venue
from feedback.errors import FeedbackError
from feedback.places import reading_language
from web.children import words
from web.refusals import say, say_fields

MAX_TEXT = 2000
MAX_TITLE = 120
MAX_COMMENT = 1000

Namer = Callable[[UUID | None], str]  # a place's name in the page's language

# The application's field messages, in a child's words.
APPLICATION_MESSAGES = {
    "choose where you are": _l("Please choose where you are."),
    "that place is not known": _l("We don't know that place. Please choose one from the list."),
    "that place does not take this kind of idea": _l(
        "That place doesn't take this kind of idea. Please choose another place, "
        "or say how you are sharing."
    ),
}


def choices(values: Mapping[str, Any]) -> list[SelectChoice]:
    return [SelectChoice(value, word.text) for value, word in values.items()]


def one_of(values: Iterable[str], message: Any) -> list[Any]:
    """Require one of ``values``, saying ``message`` when missing or wrong."""
    return [InputRequired(message=message), AnyOf(list(values), message=message)]


def tidy(text: str | None) -> str:
    """Strip the text and make every line end the same (a browser sends two characters)."""
    return (text or "").replace("\r\n", "\n").strip()


# -- fields more than one form asks for ------------------------------------------------


def category_field() -> RadioField:
    return RadioField(
        _l("What is your idea about?"),
        choices=choices(words.CATEGORIES),
        validators=one_of(words.CATEGORIES, _l("Please choose what your idea is about.")),
        validate_choice=False,
    )


def age_field() -> RadioField:
    return RadioField(
        _l("How old are you?"),
        choices=choices(words.AGE_BANDS),
        validators=one_of(words.AGE_BANDS, _l("Please choose how old you are.")),
        validate_choice=False,
    )


def idea_field() -> TextAreaField:
    return TextAreaField(
        _l("Your idea"),
        filters=[tidy],
        validators=[
            Length(max=MAX_TEXT, message=_l("That's a lot of words! Please keep it under 2,000 letters."))
        ],
    )


def help_field() -> BooleanField:
    """The box a child ticks to have their words read by the safeguarding officer only."""
    return BooleanField(_l("I need help from a grown-up I can trust"))


def comment_field(label: Any) -> TextAreaField:
    return TextAreaField(
        label,
        filters=[tidy],
        validators=[Length(max=MAX_COMMENT, message=_l("Please keep it under 1,000 letters."))],
    )


def face_field(aspect: str) -> RadioField:
    return RadioField(
        words.aspect_words(aspect),
        choices=choices(words.FACES),
        validators=[Optional(), AnyOf(list(words.FACES), message=_l("Please pick one of the faces."))],
        validate_choice=False,
    )


class RatingsForm(Form):
    """One face per hospital aspect; each may be left out."""

    def given(self) -> dict[str, int]:
        return {aspect: int(value) for aspect, value in self.data.items() if value}


for _aspect in HOSPITAL_ASPECTS:
    setattr(RatingsForm, _aspect, face_field(_aspect))


class ChildForm(FlaskForm):
    """What every children's form shares: errors listed in the order of the page."""

    def refuse(self, error: FeedbackError) -> None:
        """Show the application's refusal beside the fields it names (or above the form)."""
        fields = getattr(error, "fields", None) or {}
        said = say_fields(error)
        placed = False
        for name, message in fields.items():
            if name in self._fields:
                field = self._fields[name]
                field.errors = [*field.errors, APPLICATION_MESSAGES.get(message, said[name])]
                placed = True
        if not placed:
            self.form_errors.append(APPLICATION_MESSAGES.get(str(error), say(error)))

    def problems(self) -> list[tuple[str, Any]]:
        """Return (where to jump, message) for each error, in the order of the form."""
        found = []
        for field in self:
            if isinstance(field, FormField):
                found += [(sub.id + "-0", msg) for sub in field for msg in sub.errors]
            elif isinstance(field, RadioField):
                found += [(field.id + "-0", msg) for msg in field.errors]
            else:
                found += [(field.id, msg) for msg in field.errors]
        return found


class ShareForm(ChildForm):
    """Share an idea (or a hospital review) from anywhere."""

    channel = RadioField(
        _l("Where are you sharing from?"),
        choices=choices(words.CHANNELS),
        default=Channel.WEB.value,
        validators=one_of(words.CHANNELS, _l("Please choose where you are sharing from.")),
        validate_choice=False,
    )
    # The application checks the place; the list is only what a child can pick from.
    venue = SelectField(_l("Which place?"), choices=[], validate_choice=False)
    ratings = FormField(RatingsForm, _l("How was your hospital visit?"))
    category = category_field()
    age_band = age_field()
    title = StringField(
        _l("A short title (you can skip this)"),
        filters=[tidy],
        validators=[Length(max=MAX_TITLE, message=_l("Please keep the title short: under 120 letters."))],
    )
    text = idea_field()
    needs_help = help_field()

    @classmethod
    def for_visit(cls, args: Mapping[str, str]) -> ShareForm:
        """Return an empty form, with the channel and place of a board's QR code chosen."""
        channel = args.get("channel") or Channel.WEB.value
        # A hospital visit is about the hospital's services, unless the child says otherwise.
        category = Category.SERVICES.value if channel == Channel.HOSPITAL_REVIEW.value else None
        return cls(channel=channel, venue=args.get("venue", ""), category=category)

    def offer_venues(self, venues: Iterable[Venue], name: Namer, channel: Channel = Channel.WEB) -> None:
        """Offer the open places a child can file at for ``channel``, grouped by kind, then district."""
        self.venue.choices = [SelectChoice("", _("Choose a place")), *place_choices(venues, name, channel)]

    @property
    def is_hospital_review(self) -> bool:
        return self.channel.data == Channel.HOSPITAL_REVIEW.value

    def validate_text(self, field: TextAreaField) -> None:
        if field.data:
            return
        if self.is_hospital_review:
            if not self.ratings.form.given():
                raise ValidationError(_("Please pick a face or write a few words."))
            return
        raise ValidationError(_("Please write your idea."))

    def submission(self) -> dict[str, Any]:
        """Return what the child sent, as the application's types."""
        return {
            "channel": Channel(self.channel.data),
            "venue": self.venue.data or None,
            "category": Category(self.category.data),
            "age_band": AgeBand(self.age_band.data),
            "title": self.title.data or None,
            "text": self.text.data,
            "ratings": self.ratings.form.given() if self.is_hospital_review else None,
            "needs_help": bool(self.needs_help.data),
        }

    @property
    def venue_required(self) -> bool:
        return self.channel.data != Channel.WEB.value


def place_choices(venues: Iterable[Venue], name: Namer, channel: Channel = Channel.WEB) -> list[SelectChoice]:
    """Return the open places that take ``channel``'s ideas, in groups a child can scan: kind, then district.

    Server-rendered ``<optgroup>``s, so the list needs no script; each group's label names both.
    """
    kinds = [kind for kind in words.VENUE_KINDS if VenueKind(kind) in CHANNEL_VENUE_KINDS[channel]]
    places = [(v, name(v.id) or v.slug) for v in venues if v.is_open and v.kind.value in kinds]
    places.sort(key=lambda pair: (kinds.index(pair[0].kind.value), pair[0].district or "\uffff", pair[1]))
    return [SelectChoice(v.slug, shown, optgroup=group_label(v)) for v, shown in places]


def group_label(venue: Venue) -> str:
    kind = str(words.VENUE_KINDS[venue.kind.value])
    if not venue.district:
        return kind
    return _("%(kind)s · %(district)s", kind=kind, district=venue.district_in(reading_language()))


class KioskForm(ChildForm):
    """Share an idea at a message board's kiosk: the board is already known."""

    category = category_field()
    age_band = age_field()
    text = idea_field()
    needs_help = help_field()

    def validate_text(self, field: TextAreaField) -> None:
        if not field.data:
            raise ValidationError(_("Please write your idea."))

    def submission(self, board: Venue) -> dict[str, Any]:
        """Return what the child sent at ``board``, as the application's types."""
        return {
            "channel": Channel.MESSAGE_BOARD,
            "venue": board.id,
            "category": Category(self.category.data),
            "age_band": AgeBand(self.age_band.data),
            "text": self.text.data,
            "needs_help": bool(self.needs_help.data),
        }


class ReactForm(ChildForm):
    """Say how you feel about the answer: one tap on a face, words if you like."""

    comment = comment_field(_l("Do you want to tell the grown-ups why? (you can skip this)"))
    # The faces are the form's submit buttons, so one tap sends it.
    reaction = RadioField(
        _l("How do you feel about the answer?"),
        choices=choices(words.REACTIONS),
        validators=one_of(words.REACTIONS, _l("Please tap one of the faces.")),
        validate_choice=False,
    )

    def feeling(self) -> tuple[Reaction, str | None]:
        return Reaction(self.reaction.data), self.comment.data or None


class ReconsiderForm(ChildForm):
    """Ask, once, for a not-chosen idea to be looked at again."""

    comment = comment_field(_l("What should the grown-ups think about again? (you can skip this)"))


class WithdrawForm(ChildForm):
    """Take an idea back: nothing to fill in, only the form's safety token."""


class EraseWordsForm(ChildForm):
    """Delete my words: nothing to fill in, only the form's safety token."""


class TrackForm(FlaskForm):
    """Find an idea by its tracking code (a GET form: nothing changes)."""

    class Meta:
        csrf = False

    code = StringField(
        _l("Your tracking code"),
        validators=[InputRequired(message=_l("Please type your tracking code."))],
    )

    def validate_code(self, field: StringField) -> None:
        try:
            field.data = normalise_code(field.data)
        except InvalidCode:
            raise ValidationError(
                _("That doesn't look like a tracking code. A code has 8 letters and numbers, like K7QM-4XW2.")
            ) from None
