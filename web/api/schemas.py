"""Marshmallow schemas of the JSON API: strings become domain types here, at the edge."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from domain.codes import public_ref
from domain.suggestion import Suggestion
from domain.values import HOSPITAL_ASPECTS, AgeBand, Category, Channel, Decision, Reaction, Status, VenueKind
from web.timeline import Step

LANGUAGES = ("zh-Hans", "zh-Hant", "en")
MAX_TEXT = 2000
MAX_TITLE = 120
MAX_STAFF_WORDS = 4000


class Words(fields.String):
    """A string trimmed of surrounding whitespace, refused when nothing is left."""

    default_error_messages = {"blank": "This field cannot be blank."}

    def __init__(self, *, max_length: int = MAX_STAFF_WORDS, allow_blank: bool = False, **kwargs: Any):
        length = validate.Length(max=max_length, error="At most {max} characters, please.")
        super().__init__(validate=length, **kwargs)
        self.allow_blank = allow_blank

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        words = super()._deserialize(value, attr, data, **kwargs).strip()
        if not words and not self.allow_blank:
            raise self.make_error("blank")
        return words


def choice(enum: type, **kwargs: Any) -> fields.Enum:
    return fields.Enum(enum, by_value=True, **kwargs)


# -- input ------------------------------------------------------------------


class SubmissionSchema(Schema):
    """A child's idea or hospital review, as POSTed to /api/v1/suggestions."""

    channel = choice(Channel, required=True)
    venue = fields.String(load_default=None, allow_none=True)
    category = choice(Category, required=True)
    age_band = choice(AgeBand, required=True)
    text = Words(max_length=MAX_TEXT, allow_blank=True, load_default="")
    title = Words(max_length=MAX_TITLE, allow_blank=True, load_default=None, allow_none=True)
    language = fields.String(load_default="zh-Hans", validate=validate.OneOf(LANGUAGES))
    ratings = fields.Dict(
        keys=fields.String(validate=validate.OneOf(HOSPITAL_ASPECTS)),
        values=fields.Integer(strict=True, validate=validate.Range(1, 5, error="A face rating is 1 to 5.")),
        load_default=None,
        allow_none=True,
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


class VenueQuerySchema(Schema):
    """The query string of /api/v1/venues."""

    kind = choice(VenueKind, load_default=None)


class ActionSchema(Schema):
    """Fields every staff action takes."""

    action = fields.String(required=True)
    expected_version = fields.Integer(strict=True, load_default=None, allow_none=True)


class DeclineSchema(ActionSchema):
    reason = Words(required=True)
    explanation = Words(required=True)


class MergeSchema(ActionSchema):
    into = fields.String(required=True, validate=validate.Length(min=1))


class AssignTopicSchema(ActionSchema):
    topic = fields.String(required=True, validate=validate.Length(min=1))


class ForwardSchema(ActionSchema):
    body = fields.String(required=True, validate=validate.Length(min=1))
    due = fields.Date(required=True)


class AnswerSchema(ActionSchema):
    decision = choice(Decision, required=True)
    response = Words(required=True)
    explanation = Words(required=True)


class ProgressSchema(ActionSchema):
    percent = fields.Integer(strict=True, required=True, validate=validate.Range(0, 100))
    note = Words(required=True)


class ImplementedSchema(ActionSchema):
    evidence = Words(required=True)


ACTION_SCHEMAS: dict[str, type[ActionSchema]] = {
    "accept": ActionSchema,
    "decline": DeclineSchema,
    "merge": MergeSchema,
    "assign_topic": AssignTopicSchema,
    "forward": ForwardSchema,
    "answer": AnswerSchema,
    "progress": ProgressSchema,
    "implemented": ImplementedSchema,
}


def load_action(body: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """Return the action named in ``body`` and its parameters, typed."""
    action = body.get("action")
    if not isinstance(action, str) or action not in ACTION_SCHEMAS:
        raise ValidationError({"action": f"Choose one of: {', '.join(ACTION_SCHEMAS)}."})
    params = ACTION_SCHEMAS[action]().load(body)
    del params["action"]
    return action, params


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


# -- output -----------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """An item with what a child's view of it needs: its steps and the names of places."""

    item: Suggestion
    steps: list[Step]
    venue_name: Callable[[UUID | None], str]
    topic_name: Callable[[UUID | None], str]


def named(key: UUID | None, name_of: Callable[[UUID | None], str]) -> dict[str, str] | None:
    return {"id": str(key), "name": name_of(key)} if key else None


class StepSchema(Schema):
    event = fields.String()
    at = fields.AwareDateTime(format="iso")
    label = fields.String()
    detail = fields.String()


class ItemSchema(Schema):
    """The item as the child who made it may see it."""

    code = fields.String(attribute="item.code")
    status = choice(Status, attribute="item.status")
    decision = choice(Decision, attribute="item.decision")
    channel = choice(Channel, attribute="item.channel")
    category = choice(Category, attribute="item.category")
    age_band = choice(AgeBand, attribute="item.age_band")
    language = fields.String(attribute="item.language")
    venue = fields.Function(lambda s: named(s.item.venue_id, s.venue_name))
    topic = fields.Function(lambda s: named(s.item.topic_id, s.topic_name))
    body = fields.Function(lambda s: named(s.item.body_id, s.venue_name))
    title = fields.Function(lambda s: s.item.title.text if s.item.title else None)
    text = fields.Function(lambda s: s.item.public_text.text)
    erased = fields.Function(lambda s: s.item.public_text.is_erased)
    ratings = fields.Dict(attribute="item.ratings")
    assisted = fields.Boolean(attribute="item.assisted")
    created_at = fields.AwareDateTime(format="iso", attribute="item.created_on")
    answer_due = fields.Date(attribute="item.answer_due")
    forward_due = fields.Date(attribute="item.forward_due", allow_none=True)
    version = fields.Integer(attribute="item.version")
    explanation = fields.Function(lambda s: s.item.explanation or None)
    response = fields.Function(lambda s: s.item.response or None)
    progress = fields.Integer(attribute="item.progress", allow_none=True)
    progress_note = fields.Function(lambda s: s.item.progress_note or None)
    evidence = fields.Function(lambda s: s.item.evidence or None)
    reaction = choice(Reaction, attribute="item.reaction")
    # The public reference of the item this one joined: never its tracking code.
    merged_into = fields.Function(lambda s: public_ref(s.item.merged_into) if s.item.merged_into else None)
    duplicates = fields.Function(lambda s: len(s.item.duplicates))
    timeline = fields.List(fields.Nested(StepSchema), attribute="steps")


class VenueSchema(Schema):
    id = fields.UUID()
    kind = choice(VenueKind)
    name = fields.String()
    slug = fields.String()
    district = fields.String()
    parent = fields.UUID(attribute="parent_id", allow_none=True)
    is_open = fields.Boolean()


class TopicSchema(Schema):
    id = fields.UUID()
    kind = fields.Constant("topic")
    name = fields.String()
    slug = fields.String()
    session = fields.String()
    description = fields.String()
    proposal_number = fields.Function(lambda t: t.proposal_number or None)
    proposal_title = fields.Function(lambda t: t.proposal_title or None)
    outcome = fields.Function(lambda t: t.outcome or None)
