"""What clients send to the JSON API: strings become domain types here, at the edge."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from domain.codes import REF_PATTERN
from domain.values import HOSPITAL_ASPECTS, AgeBand, Category, Channel, Decision, Status, VenueKind
from feedback.steps import STEPS, Input, Param, Step, step_named
from web.i18n import LOCALES

LANGUAGES = tuple(LOCALES)  # the languages the site speaks are those a child may write in
MAX_TEXT = 2000
MAX_TITLE = 120
MAX_STAFF_WORDS = 4000
MAX_PAGE = 100
DEFAULT_PAGE = 50
# What the spec says of a field that must hold more than whitespace: a character that str.strip()
# keeps (spelled out, as JSON Schema's \s and Python's disagree on a few characters).
NOT_BLANK = r"[^\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"


class Words(fields.String):
    """A string trimmed of surrounding whitespace, refused when nothing is left."""

    default_error_messages = {"blank": "This field cannot be blank."}

    def __init__(self, *, max_length: int = MAX_STAFF_WORDS, allow_blank: bool = False, **kwargs: Any):
        length = validate.Length(max=max_length, error="At most {max} characters, please.")
        if not allow_blank:
            kwargs["metadata"] = {"pattern": NOT_BLANK, **kwargs.get("metadata", {})}
        super().__init__(validate=length, **kwargs)
        self.allow_blank = allow_blank

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        words = super()._deserialize(value, attr, data, **kwargs).strip()
        if not words and not self.allow_blank:
            raise self.make_error("blank")
        return words


def choice(enum: type, **kwargs: Any) -> fields.Enum:
    """A field holding one value of a domain enum (``str`` enums travel as their values)."""
    return fields.Enum(enum, by_value=fields.String, **kwargs)


def reference(description: str, **kwargs: Any) -> fields.String:
    """A field naming a venue or topic by id or slug, or an item by its public reference."""
    return fields.String(validate=validate.Length(min=1, max=200), metadata={"description": description}, **kwargs)


def item_ref(description: str, **kwargs: Any) -> fields.String:
    """A field naming an item by its public reference (never its tracking code)."""
    return fields.String(
        validate=validate.Regexp(f"^{REF_PATTERN}$", error="give the item's public reference (10 hexadecimal digits)"),
        metadata={"description": description}, **kwargs,
    )


RATINGS_SPEC = {
    "description": "Face ratings from 1 (sad) to 5 (very happy), for hospital reviews only.",
    "properties": {aspect: {"type": "integer", "minimum": 1, "maximum": 5} for aspect in HOSPITAL_ASPECTS},
    "additionalProperties": False,
}


class SubmissionSchema(Schema):
    """A child's idea or hospital review, as POSTed to /api/v1/suggestions."""

    channel = choice(Channel, required=True)
    venue = reference(
        "Where the idea comes from: a venue id or slug; required except for the web channel.",
        load_default=None, allow_none=True,
    )
    category = choice(Category, required=True)
    age_band = choice(AgeBand, required=True)
    text = Words(
        max_length=MAX_TEXT, allow_blank=True, load_default="",
        metadata={"description": "The child's words; may be empty only when a hospital review gives ratings."},
    )
    title = Words(max_length=MAX_TITLE, allow_blank=True, load_default=None, allow_none=True)
    language = fields.String(load_default="zh-Hans", validate=validate.OneOf(LANGUAGES))
    ratings = fields.Dict(
        keys=fields.String(validate=validate.OneOf(HOSPITAL_ASPECTS)),
        values=fields.Integer(strict=True, validate=validate.Range(1, 5, error="A face rating is 1 to 5.")),
        load_default=None,
        allow_none=True,
        metadata=RATINGS_SPEC,
    )

    @validates_schema(skip_on_field_errors=False)
    def check_channel_needs(self, data: dict[str, Any], **_: Any) -> None:
        channel = data.get("channel")
        errors: dict[str, str] = {}
        if data.get("ratings") and channel is not Channel.HOSPITAL_REVIEW:
            errors["ratings"] = "Only hospital reviews carry face ratings."
        if channel not in (None, Channel.WEB) and not data.get("venue"):
            errors["venue"] = "Choose the place this idea comes from."
        if "text" in data and not data["text"] and not data.get("ratings"):
            errors["text"] = "Write your idea (a hospital review may give face ratings instead)."
        if errors:
            raise ValidationError(errors)


def names_wanted() -> fields.Field:
    return fields.String(load_default=None, validate=validate.OneOf(["all"]), metadata={
        "description": "`all` adds `names`: the name in each of the three languages."})


def language_asked() -> fields.Field:
    return fields.String(load_default=None, validate=validate.OneOf(list(LOCALES)), metadata={
        "description": "The language of `name` (else Accept-Language; English by default)."})


class NamesQuerySchema(Schema):
    """The query string of GET /api/v1/topics: the language of the names, and whether all three."""

    lang = language_asked()
    names = names_wanted()


class VenueQuerySchema(NamesQuerySchema):
    """The query string of GET /api/v1/venues."""

    kind = choice(VenueKind, load_default=None, metadata={"description": "Only venues of this kind."})


class SuggestionQuerySchema(Schema):
    """The query string of GET /api/v1/suggestions: filters and the page wanted."""

    lang = language_asked()
    names = names_wanted()
    status = choice(Status, load_default=None)
    channel = choice(Channel, load_default=None)
    category = choice(Category, load_default=None)
    age_band = choice(AgeBand, load_default=None)
    venue = reference("Only items from this venue (id or slug).", load_default=None)
    body = reference("Only items forwarded to this responsible body (id or slug).", load_default=None)
    topic = reference("Only items grouped under this topic (id or slug).", load_default=None)
    overdue = fields.Boolean(load_default=None, metadata={"description": "true: only overdue items; false: only items that are not overdue."})
    q = fields.String(load_default=None, validate=validate.Length(min=1, max=100), metadata={
        "description": "Only items whose words hold each of these space-separated terms (any case; Chinese "
                       "substrings too). Searches only the words staff may read: never held, sealed or erased words."})
    district = fields.String(load_default=None, validate=validate.Length(min=1, max=100), metadata={
        "description": "Only items from places in this district (as registered, e.g. `Huaqiao`)."})
    language = fields.String(load_default=None, validate=validate.OneOf(["zh-Hans", "zh-Hant", "en"]), metadata={
        "description": "Only items the child wrote in this language."})
    due = fields.Date(load_default=None, metadata={
        "description": "Only items due on or before this date (the body's forward date, else the child's answer date)."})
    sort = fields.String(load_default="filed", validate=validate.OneOf(["filed", "due", "changed"]), metadata={
        "description": "The order: `filed` (oldest filing first, the default), `due` (earliest due date first) "
                       "or `changed` (least recently changed first)."})
    limit = fields.Integer(
        load_default=DEFAULT_PAGE, validate=validate.Range(1, MAX_PAGE),
        metadata={"description": f"How many items a page holds (at most {MAX_PAGE})."},
    )
    cursor = fields.String(
        load_default=None, validate=validate.Length(min=1, max=200),
        metadata={"description": "Where the page starts: the cursor of the previous page's `next` link."},
    )
    offset = fields.Integer(
        load_default=None, validate=validate.Range(0, 1_000_000),
        metadata={"description": "Skip this many items (an alternative to `cursor`; slower on deep pages)."},
    )

    @validates_schema
    def check_one_way_to_page(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("cursor") is not None and data.get("offset") is not None:
            raise ValidationError("Page with cursor or offset, not both.", "offset")


# -- staff actions ----------------------------------------------------------------


class ActionSchema(Schema):
    """Fields every staff action takes."""

    action = fields.String(required=True)
    expected_version = fields.Integer(
        strict=True, load_default=None, allow_none=True, validate=validate.Range(min=1),
        metadata={"description": "The item's version as you last saw it: 409 if it has moved on since."},
    )


def named_action(name: str) -> fields.String:
    return fields.String(required=True, validate=validate.Equal(name))


# How each kind of step input travels in JSON.
FIELDS: dict[Input, Callable[[Param], fields.Field]] = {
    Input.WORDS: lambda p: Words(required=True, **described(p)),
    Input.ITEM: lambda p: item_ref(p.description, required=True),
    Input.TOPIC: lambda p: reference(p.description, required=True),
    Input.BODY: lambda p: reference(p.description, required=True),
    Input.DATE: lambda p: fields.Date(required=True, **described(p)),
    Input.DECISION: lambda p: choice(Decision, required=True, **described(p)),
    Input.PERCENT: lambda p: fields.Integer(strict=True, required=True, validate=validate.Range(0, 100), **described(p)),
}


def described(param: Param) -> dict[str, Any]:
    return {"metadata": {"description": param.description}} if param.description else {}


def action_schema(step: Step) -> type[ActionSchema]:
    """Return the schema of ``step``'s body: its name as ``action`` and a field per input."""
    attrs = {"action": named_action(step.name), **{p.name: FIELDS[p.kind](p) for p in step.params}}
    name = "".join(part.title() for part in step.name.split("_")) + "Schema"
    return type(name, (ActionSchema,), attrs)


ACTION_SCHEMAS: dict[str, type[ActionSchema]] = {step.name: action_schema(step) for step in STEPS}
ACTIONS = {name: schema() for name, schema in ACTION_SCHEMAS.items()}


def load_action(body: Mapping[str, Any]) -> tuple[Step, dict[str, Any]]:
    """Return the step named by ``action`` in ``body`` and its parameters, typed."""
    action = body.get("action")
    if not isinstance(action, str) or action not in ACTIONS:
        raise ValidationError({"action": f"Choose one of: {', '.join(ACTIONS)}."})
    params = ACTIONS[action].load(body)
    del params["action"]
    return step_named(action), params


def field_messages(messages: Any, prefix: str = "") -> dict[str, str]:
    """Flatten marshmallow's nested messages into one message per (dotted) field."""
    if isinstance(messages, Mapping):
        flat: dict[str, str] = {}
        for key, value in messages.items():
            flat.update(field_messages(value, _dotted(prefix, str(key))))
        return flat
    if isinstance(messages, list):
        return {prefix or "_body": " ".join(str(m) for m in messages)}
    return {prefix or "_body": str(messages)}


def _dotted(prefix: str, key: str) -> str:
    if not prefix:
        return key
    # A dict field nests "key"/"value" under each entry: name the entry instead.
    return prefix if key in ("key", "value") else f"{prefix}.{key}"
