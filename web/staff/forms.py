"""Forms of the staff workspace: each lifecycle step carries the item's version it was read at."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from datetime import timedelta
from typing import Any, Self
from uuid import UUID

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    SelectChoice,
    DateField,
    Field,
    HiddenField,
    IntegerField,
    MultipleFileField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, ValidationError
from wtforms.widgets import HiddenInput

from domain.codes import InvalidRef, normalise_ref
from domain.names import LANGUAGES
from domain.topic import Topic
from domain.values import AgeBand, Channel, Role, VenueKind
from domain.venue import Venue
from feedback.errors import FeedbackError
from feedback.evidence import PHOTOS_PER_UPLOAD, WITH_PHOTOS
from feedback.places import reading_language
from feedback.steps import STEPS, Input, Param, ProposalStep, Step
from web.extensions import feedback
from web.i18n import DEFAULT as DEFAULT_LANGUAGE
from web.i18n import NAMES as LANGUAGE_NAMES
from web.refusals import say, say_fields
from web.staff import words

MAX_WORDS = 4000


def tidy(text: str | None) -> str:
    """Strip the text and make every line end the same (a browser sends two characters)."""
    return (text or "").replace("\r\n", "\n").strip()


def required_words(label: Any, message: Any) -> TextAreaField:
    # DataRequired looks after the filters: words of only spaces are no words.
    return TextAreaField(label, filters=[tidy], validators=[
        DataRequired(message=message), Length(max=MAX_WORDS, message=_l("At most 4,000 characters, please.")),
    ])


def enum_choices(table: dict[str, Any]) -> list[SelectChoice]:
    """Return choices from a table of words (kept lazy, so each page shows them in its language)."""
    return [SelectChoice(value, label) for value, label in table.items()]


class StaffForm(FlaskForm):
    """Base form: turns the application's refusals into messages on the fields they name."""

    def refuse(self, error: FeedbackError) -> None:
        """Show ``error`` on the fields it names, or above the form."""
        placed = []
        for name, message in say_fields(error).items():
            field = getattr(self, name, None)
            if isinstance(field, Field):
                field.errors = [*field.errors, message]  # type: ignore[list-item]
                placed.append(message)
        if say(error) not in placed:
            self.form_errors.append(say(error))


# -- lifecycle steps ------------------------------------------------------------------


def valid_ref(form: Any, field: Field) -> None:
    try:
        field.data = normalise_ref(field.data or "")
    except InvalidRef:
        raise ValidationError(_l("That is not an item's reference (it looks like 3F2A9C01B4).")) from None


def _required(param: Param) -> InputRequired:
    return InputRequired(message=_l(param.missing))


# How each kind of step input is asked for on a staff page.
FIELDS: dict[Input, Callable[[Param], Field]] = {
    Input.WORDS: lambda p: required_words(_l(p.label), _l(p.missing)),
    Input.ITEM: lambda p: StringField(_l(p.label), filters=[tidy], validators=[_required(p), valid_ref]),
    Input.TOPIC: lambda p: SelectField(_l(p.label), validators=[_required(p)]),
    Input.BODY: lambda p: SelectField(_l(p.label), validators=[_required(p)]),
    Input.DATE: lambda p: DateField(_l(p.label), validators=[_required(p)]),
    Input.DECISION: lambda p: RadioField(_l(p.label), choices=enum_choices(words.DECISIONS), validators=[_required(p)]),
    Input.PERCENT: lambda p: IntegerField(_l(p.label), validators=[
        _required(p), NumberRange(0, 100, message=_l(p.missing)),
    ]),
}


class VersionedForm(StaffForm):
    """A form that acts on an item at the version the viewer read: it becomes the command's ``expected_version``."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired(message=_l("Reload the page."))])

    def at_version(self, version: int) -> Self:
        """Carry ``version`` from now on (also after a conflict, keeping what was typed)."""
        self.version.data = version
        self.version.raw_data = [str(version)]
        return self


class StepForm(VersionedForm):
    """A lifecycle step's form, generated from the step's declared inputs."""

    step: Step
    not_offered: tuple[str, ...] = ()  # the names of the bodies left out: nobody answers for them yet

    def offer(self, topics: Iterable[Topic], bodies: Iterable[Venue],
              answering: Collection[UUID] | None = None) -> StepForm:
        """Fill the choices of the step's topic and body fields, and suggest its dates.

        With ``answering`` (the ids of the bodies some official answers for), a body
        field offers only those; the others are named in ``not_offered``, for the form to say so.
        """
        if answering is not None:
            bodies = list(bodies)
            self.not_offered = tuple(b.name_in(reading_language()) for b in bodies if b.id not in answering)
            bodies = [b for b in bodies if b.id in answering]
        for param in self.step.params:
            field = self[param.name]
            if param.kind is Input.TOPIC:
                field.choices = [SelectChoice(t.slug, f"{t.name_in(reading_language())} ({t.session})") for t in topics]
            elif param.kind is Input.BODY:
                field.choices = [SelectChoice(b.slug, b.name_in(reading_language())) for b in bodies]
            elif param.suggest_days is not None and field.data is None and not self.is_submitted():
                field.data = feedback().clock.today() + timedelta(days=param.suggest_days)
        return self

    def params(self) -> dict[str, Any]:
        """Return the step's parameters for ``FeedbackApp.act``."""
        return {param.name: self[param.name].data for param in self.step.params}


def photos_field() -> MultipleFileField:
    """Up to three JPEG or PNG photos of the work (the server judges each by what it is, not its name)."""
    return MultipleFileField(
        _l("Photos of the work (JPEG or PNG, up to 5 MB each, at most %(most)s at a time)", most=PHOTOS_PER_UPLOAD),
        render_kw={"accept": "image/jpeg,image/png"})


def _step_form_class(step: Step) -> type[StepForm]:
    fields: dict[str, Field] = {param.name: FIELDS[param.kind](param) for param in step.params}
    if step in WITH_PHOTOS:
        fields["photos"] = photos_field()
    name = "".join(part.title() for part in step.name.split("_")) + "Form"
    return type(name, (StepForm,), {"step": step, **fields})


STEP_FORMS: dict[Step, type[StepForm]] = {step: _step_form_class(step) for step in STEPS}


# -- signing in and accounts ------------------------------------------------------------


class SignInForm(StaffForm):
    username = StringField(_l("Username"), filters=[tidy], validators=[InputRequired(message=_l("Give your username."))])
    password = PasswordField(_l("Password"), validators=[InputRequired(message=_l("Give your password."))])
    next = HiddenField()


class SignOutForm(StaffForm):
    pass


class EndSessionsForm(StaffForm):
    pass


class PasswordForm(StaffForm):
    password = PasswordField(_l("New password (at least 10 characters)"), validators=[
        InputRequired(message=_l("Give a password.")), Length(min=10, message=_l("At least 10 characters, please.")),
    ])
    confirm = PasswordField(_l("The new password again"), validators=[InputRequired(message=_l("Repeat it."))])

    def validate_confirm(self, field: Field) -> None:
        if field.data != self.password.data:
            raise ValidationError(_l("The two passwords are not the same."))


class ChangePasswordForm(PasswordForm):
    current = PasswordField(_l("Your current password"), validators=[InputRequired(message=_l("Give it."))])


class IssueTokenForm(StaffForm):
    label = StringField(_l("What the token is for"), filters=[tidy], validators=[
        InputRequired(message=_l("Say what the token is for, e.g. “board kiosk sync”.")), Length(max=80),
    ])


class RevokeTokenForm(StaffForm):
    token_id = HiddenField(validators=[InputRequired()])


# -- administration --------------------------------------------------------------------


def role_choices() -> list[SelectChoice]:
    return enum_choices(words.ROLES)


class RoleForm(StaffForm):
    role = SelectField(_l("Role"), choices=role_choices(), validators=[InputRequired()])
    body = SelectField(_l("Responsible body (officials only)"))

    def offer(self, bodies: Iterable[Venue]) -> RoleForm:
        self.body.choices = [SelectChoice("", "—")] + [SelectChoice(b.slug, b.name_in(reading_language())) for b in bodies]
        return self

    def validate_body(self, field: Field) -> None:
        if self.role.data == Role.OFFICIAL.value and not field.data:
            raise ValidationError(_l("Choose the body this official answers for."))
        if self.role.data != Role.OFFICIAL.value and field.data:
            raise ValidationError(_l("Only officials answer for a body: leave this empty."))


class AddStaffForm(RoleForm):
    username = StringField(_l("Username"), filters=[tidy], validators=[
        InputRequired(message=_l("Give a username.")), Length(max=40),
    ])
    display_name = StringField(_l("Name and position"), filters=[tidy], validators=[Length(max=120)])
    password = PasswordField(_l("First password (at least 10 characters)"), validators=[
        InputRequired(message=_l("Give a first password.")),
        Length(min=10, message=_l("At least 10 characters, please.")),
    ])


def name_field(label: Any) -> StringField:
    return StringField(label, filters=[tidy], validators=[Length(max=120)])


class NamesForm(StaffForm):
    """A place's or topic's name in each language (and a place's district's); an empty one keeps its name."""

    zh_hans = name_field(_l("Name in Simplified Chinese"))
    zh_hant = name_field(_l("Name in Traditional Chinese"))
    en = name_field(_l("Name in English"))
    district_zh_hans = name_field(_l("District in Simplified Chinese"))
    district_zh_hant = name_field(_l("District in Traditional Chinese"))
    district_en = name_field(_l("District in English"))

    @classmethod
    def of(cls, names: dict[str, str], district_names: dict[str, str] | None = None) -> NamesForm:
        """Return the form filled with the names given so far (without the district fields for a topic)."""
        form = cls(data={**_fields(names), **_fields(district_names or {}, "district_")})
        form.has_district = district_names is not None
        if not form.has_district:
            for name in ("district_zh_hans", "district_zh_hant", "district_en"):
                delattr(form, name)
        return form

    def names(self) -> dict[str, str]:
        return {tag: self[_field(tag)].data or "" for tag in LANGUAGES}

    def district_names(self) -> dict[str, str]:
        return {tag: self[_field(tag, "district_")].data or "" for tag in LANGUAGES} if self.has_district else {}

    def validate(self, extra_validators: Any = None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not any(self.names().values()):
            self.zh_hans.errors = [*self.zh_hans.errors, _l("Give a name in at least one language.")]
            return False
        return True


def _field(tag: str, prefix: str = "") -> str:
    return prefix + tag.replace("-", "_").lower()


def _fields(names: dict[str, str], prefix: str = "") -> dict[str, str]:
    return {_field(tag, prefix): name for tag, name in names.items()}


class RevokeRoleForm(StaffForm):
    role = HiddenField(validators=[InputRequired()])


# -- topics ---------------------------------------------------------------------------


class OpenTopicForm(StaffForm):
    slug = StringField(_l("Short name for the address (letters, digits, dashes)"), filters=[tidy],
                       validators=[InputRequired(message=_l("Give a short name.")), Length(max=60)])
    name = StringField(_l("Topic"), filters=[tidy], validators=[InputRequired(message=_l("Name the topic.")),
                                                               Length(max=160)])
    session = StringField(_l("Session"), filters=[tidy], validators=[InputRequired(message=_l("Name the session.")),
                                                                    Length(max=80)])
    description = TextAreaField(_l("What it is about"), filters=[tidy], validators=[Length(max=MAX_WORDS)])

    def validate_slug(self, field: Field) -> None:
        if not all(ch.isascii() and (ch.isalnum() or ch == "-") for ch in field.data):
            raise ValidationError(_l("Use only letters, digits and dashes."))


class JoinTopicForm(StaffForm):
    pass


class AttachItemForm(StaffForm):
    ref = StringField(_l("Reference of an item under review"), filters=[tidy],
                      validators=[InputRequired(message=_l("Give the item's reference.")), valid_ref])


LONG_DETAILS = frozenset({"text", "reason", "summary", "note", "outcome"})


def _detail_field(param: Param, value: str = "") -> Field:
    validators: list[Any] = [Length(max=MAX_WORDS, message=_l("At most 4,000 characters, please."))]
    if param.missing:
        validators.insert(0, DataRequired(message=_l(param.missing)))
    kind = TextAreaField if param.name in LONG_DETAILS else StringField
    return kind(_l(param.label), filters=[tidy], validators=validators, default=value)


def proposal_step_form(step: ProposalStep, **data: Any) -> StaffForm:
    """Return the form of a proposal's step: a field for each detail it records (prefixed by the step's name)."""
    form_class = type(f"{step.name.title()}Form", (StaffForm,), {p.name: _detail_field(p) for p in step.params})
    return form_class(prefix=step.name, **data)


def correction_form(step: ProposalStep, position: int, details: dict[str, str] | None = None, **data: Any) -> StaffForm:
    """Return the form that corrects step ``position``: its details as they stand, and why they change."""
    fields: dict[str, Any] = {p.name: _detail_field(p, (details or {}).get(p.name, "")) for p in step.params}
    fields["reason"] = required_words(_l("Why it is corrected"), _l("Say why it is corrected."))
    return type("CorrectionForm", (StaffForm,), fields)(prefix=f"fix{position}", **data)


class WithdrawStepForm(StaffForm):
    reason = required_words(_l("Why it was recorded wrongly"), _l("Say why it was recorded wrongly."))


# -- a facilitator's entry -------------------------------------------------------------

PAPER_CHANNELS = {
    Channel.MESSAGE_BOARD.value: words.CHANNELS[Channel.MESSAGE_BOARD.value],
    Channel.OBSERVATION_GROUP.value: words.CHANNELS[Channel.OBSERVATION_GROUP.value],
}
AGE_BANDS = {band.value: band.value for band in AgeBand}


class EntryForm(StaffForm):
    """A paper note from a message board or a group session, typed in on a child's behalf."""

    channel = RadioField(_l("Where the note comes from"), choices=enum_choices(PAPER_CHANNELS),
                         default=Channel.MESSAGE_BOARD.value,
                         validators=[InputRequired(message=_l("Say where the note comes from."))])
    venue = SelectField(_l("Which board or group"), validators=[InputRequired(message=_l("Choose the place."))])
    category = RadioField(_l("What it is about"), choices=enum_choices(words.CATEGORIES),
                          validators=[InputRequired(message=_l("Choose what it is about."))])
    age_band = RadioField(_l("The child's age"), choices=enum_choices(AGE_BANDS),
                          validators=[InputRequired(message=_l("Choose the child's age."))])
    title = StringField(_l("Title, if the child gave one"), filters=[tidy], validators=[Length(max=120)])
    text = required_words(_l("The child's words, as written"), _l("Type the child's words."))
    # The slip is written in the child's language, and the idea records it (as the children's pages do).
    language = RadioField(_l("The language the child chose"), choices=enum_choices(LANGUAGE_NAMES),
                          default=DEFAULT_LANGUAGE,
                          validate_choice=False,
                          validators=[InputRequired(message=_l("Choose the child's language.")),
                                      AnyOf(list(LANGUAGE_NAMES), message=_l("Choose the child's language."))])

    def offer(self, venues: Iterable[Venue]) -> EntryForm:
        kinds = {kind.value for kind in PAPER_KINDS}
        language = reading_language()
        places = sorted((v for v in venues if v.kind.value in kinds and v.is_open),
                        key=lambda v: (v.kind.value, v.name_in(language), v.slug))
        self.venue.choices = [SelectChoice("", _l("Choose a place"))] + [
            SelectChoice(v.slug, v.name_in(language)) for v in places]
        return self

    def submission(self) -> dict[str, Any]:
        """Return the fields for ``FeedbackApp.submit``."""
        return {
            "channel": self.channel.data, "venue": self.venue.data, "category": self.category.data,
            "age_band": self.age_band.data, "title": self.title.data or None, "text": self.text.data,
            "language": self.language.data,
        }


PAPER_KINDS = (VenueKind.MESSAGE_BOARD, VenueKind.OBSERVATION_GROUP)
