"""What the JSON API answers: every body it sends has a schema here, and the spec is made from them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID

from marshmallow import Schema, fields

from domain.names import LANGUAGES
from domain.suggestion import Suggestion
from domain.topic import ProposalStage, Topic
from domain.values import AgeBand, Category, Channel, Decision, Reaction, Status, VenueKind
from domain.venue import Venue
from feedback.places import reading_language
from web.api.inputs import choice
from web.timeline import Step

Namer = Callable[[UUID | None], str]
AllNames = Callable[[UUID | None], dict[str, str]]


class Output(Schema):
    """A body the API sends: every field is always present (``null`` when empty) unless named optional."""

    optional: ClassVar[tuple[str, ...]] = ()


def named(key: UUID | None, name_of: Namer, all_names: AllNames | None = None) -> dict[str, Any] | None:
    """Return a venue or topic as an item names it: its id, its name, and with ``all_names`` every name."""
    if not key:
        return None
    return {"id": str(key), "name": name_of(key)} | ({"names": all_names(key)} if all_names else {})


class NamedSchema(Output):
    """A venue or topic named in an item: its name in the language asked for (all three with `names=all`)."""

    optional = ("names",)

    id = fields.UUID()
    name = fields.String()
    names = fields.Dict(keys=fields.String(), values=fields.String(), metadata={
        "description": "The name in each language: zh-Hans, zh-Hant, en (only with `names=all`)."})


def maybe(field: type[fields.Field], **kwargs: Any) -> fields.Field:
    """A field that is ``null`` when the item has nothing to say there yet."""
    return field(allow_none=True, **kwargs)


def described(text: str) -> dict[str, Any]:
    return {"metadata": {"description": text}}


# -- errors -------------------------------------------------------------------------


class ErrorDetailSchema(Output):
    """What went wrong, with a message per field when input was refused."""

    optional = ("fields",)

    status = fields.Integer(**described("The HTTP status code, repeated."))
    message = fields.String(**described("What went wrong, in words fit to show a person."))
    fields_ = fields.Dict(
        keys=fields.String(), values=fields.String(), data_key="fields",
        **described("One message per refused field (dotted for nested fields, `_body` for the whole body)."),
    )


class ErrorSchema(Output):
    """The one shape of every error the API answers."""

    error = fields.Nested(ErrorDetailSchema)


# -- one item, as the child may see it ------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """An item with what a child's view of it needs: its steps and the names of places."""

    item: Suggestion
    steps: list[Step]
    venue_name: Namer
    topic_name: Namer
    ref_of: Callable[[UUID | None], str | None]  # the public reference of another item (a merge's target)
    all_names: AllNames | None = None  # with names=all: every name of a venue or topic

    @property
    def venue(self) -> dict[str, Any] | None:
        return named(self.item.venue_id, self.venue_name, self.all_names)

    @property
    def topic(self) -> dict[str, Any] | None:
        return named(self.item.topic_id, self.topic_name, self.all_names)

    @property
    def body(self) -> dict[str, Any] | None:
        return named(self.item.body_id, self.venue_name, self.all_names)

    @property
    def title(self) -> str | None:
        title = self.item.public_title
        return title.text if title else None

    @property
    def text(self) -> str | None:
        return self.item.public_text.text

    @property
    def erased(self) -> bool:
        return self.item.erased or self.item.text.is_erased

    @property
    def held(self) -> bool:
        """True while the words wait for a moderator (personal data) or are sealed (safeguarding)."""
        return self.item.held

    @property
    def merged_into(self) -> str | None:
        # The public reference of the item this one joined: never its tracking code.
        return self.ref_of(self.item.merged_into)

    @property
    def duplicates(self) -> int:
        return len(self.item.duplicates)

    # Words the staff wrote are "" until written: the API says null.
    @property
    def explanation(self) -> str | None:
        return self.item.explanation or None

    @property
    def response(self) -> str | None:
        return self.item.response or None

    @property
    def progress_note(self) -> str | None:
        return self.item.progress_note or None

    @property
    def evidence(self) -> str | None:
        return self.item.evidence or None


class StepSchema(Output):
    """One step of an item's story, in a child's words."""

    event = fields.String(**described("The event's name, e.g. `Forwarded`."))
    at = fields.AwareDateTime(format="iso")
    label = fields.String(**described("What happened, told to the child."))
    detail = fields.String(**described("The grown-ups' words for the child at this step (may be empty)."))


class ItemSchema(Output):
    """An item as the child who made it may see it."""

    code = fields.String(attribute="item.code", **described(
        "The tracking code: the child's secret (only in the answers to the child; never to staff)."))
    ref = fields.String(attribute="item.ref", **described("The public reference: random, independent of the code."))
    status = choice(Status, attribute="item.status")
    decision = choice(Decision, attribute="item.decision", allow_none=True)
    channel = choice(Channel, attribute="item.channel")
    category = choice(Category, attribute="item.category")
    age_band = choice(AgeBand, attribute="item.age_band")
    language = fields.String(attribute="item.language")
    venue = fields.Nested(NamedSchema, allow_none=True)
    topic = fields.Nested(NamedSchema, allow_none=True)
    body = fields.Nested(NamedSchema, allow_none=True, **described("The responsible body it was forwarded to."))
    title = maybe(fields.String)
    text = maybe(fields.String, **described(
        "The child's words as the public may see them (redacted if needed); null while held back or once erased."))
    erased = fields.Boolean(**described("Whether the child's words were erased (the story stays)."))
    held = fields.Boolean(**described(
        "Whether the words are held back: personal data waiting for a moderator, or sealed for safeguarding."))
    ratings = fields.Dict(keys=fields.String(), values=fields.Integer(), attribute="item.ratings")
    assisted = fields.Boolean(attribute="item.assisted", **described("Typed in by a facilitator for the child."))
    created_at = fields.AwareDateTime(format="iso", attribute="item.created_on")
    answer_due = fields.Date(attribute="item.answer_due")
    forward_due = maybe(fields.Date, attribute="item.forward_due")
    version = fields.Integer(
        attribute="item.version", **described("Send it back as `expected_version` to act only on what you saw.")
    )
    explanation = maybe(fields.String, **described("The answer or decline, in words a child can read."))
    response = maybe(fields.String, **described("The official response."))
    progress = maybe(fields.Integer, attribute="item.progress")
    progress_note = maybe(fields.String)
    evidence = maybe(fields.String)
    reaction = choice(Reaction, attribute="item.reaction", allow_none=True)
    merged_into = maybe(fields.String, **described("The public reference of the item this one joined."))
    duplicates = fields.Integer(**described("How many other ideas joined this one."))
    timeline = fields.List(fields.Nested(StepSchema), attribute="steps")


class StaffItemSchema(ItemSchema):
    """An item as staff may see it through the API: as the child sees it, but never with the tracking code."""

    class Meta:
        exclude = ("code",)


# -- venues and topics ------------------------------------------------------------------


NAMES_METADATA = {
    "type": "object",
    "properties": {tag: {"type": "string"} for tag in LANGUAGES},
    "required": list(LANGUAGES),
    "additionalProperties": False,
}


def names_field(name_in: Callable[[Any, str], str], what: str) -> fields.Field:
    """The name of something in each of the three languages (only with ``names=all``)."""
    return fields.Function(
        lambda thing: {tag: name_in(thing, tag) for tag in LANGUAGES},
        metadata={**NAMES_METADATA, "description": f"{what} in each language (only with `names=all`)."},
    )


def in_asked_language(name_in: Callable[[Any, str], str], what: str) -> fields.Field:
    """The name of something in the language asked for (``lang`` or Accept-Language; English by default)."""
    return fields.Function(
        lambda thing: name_in(thing, reading_language()),
        metadata={"type": "string", "description": f"{what} in the language asked for (`lang` or Accept-Language)."},
    )


class VenueSchema(Output):
    """A place ideas come from or go to."""

    optional = ("names", "district_names")

    id = fields.UUID()
    kind = choice(VenueKind)
    name = in_asked_language(Venue.name_in, "The venue's name")
    names = names_field(Venue.name_in, "The venue's name")
    slug = fields.String()
    district = fields.String(**described("The district's key (stable, in English); '' for none."))
    district_name = in_asked_language(Venue.district_in, "The district's name ('' for none)")
    district_names = names_field(Venue.district_in, "The district's name")
    parent = fields.UUID(attribute="parent_id", allow_none=True)
    is_open = fields.Boolean()


class TopicSchema(Output):
    """A Two Sessions topic that deputies group suggestions under."""

    optional = ("names",)

    id = fields.UUID()
    kind = fields.Constant("topic", metadata={"type": "string", "enum": ["topic"]})
    name = in_asked_language(Topic.name_in, "The topic's name")
    names = names_field(Topic.name_in, "The topic's name")
    slug = fields.String()
    session = fields.String()
    description = fields.String()
    proposal_number = fields.Function(lambda t: t.proposal_number or None, metadata={"type": ["string", "null"]})
    proposal_title = fields.Function(lambda t: t.proposal_title or None, metadata={"type": ["string", "null"]})
    outcome = fields.Function(lambda t: t.outcome or None, metadata={"type": ["string", "null"]})
    proposal_stage = fields.Function(
        lambda t: t.proposal_stage.value if t.proposal_stage else None,
        metadata={"type": ["string", "null"], "enum": [*(stage.value for stage in ProposalStage), None],
                  "description": "Where the proposal stands: the last step recorded and not withdrawn "
                                 "(drafted, tabled, accepted for handling, merged, not accepted, answered, "
                                 "closed; outcome for a free-text outcome of an old store)."},
    )


# -- the seal ---------------------------------------------------------------------------------


class SealHeadSchema(Output):
    """The newest link of the audit chain over the event log: keep a copy, compare it later."""

    position = fields.Integer(**described("The log position the chain has reached."))
    hash = fields.String(**described("The link at that position, in hexadecimal."))
    head = fields.String(**described("`POSITION:HASH`, as `feedback audit verify --head` takes it."))
    algorithm = fields.String(**described("How each link is made from the one before."))
    verify = fields.String(**described("The command that checks a copy of the log against this head."))


# -- the staff list -------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """One page of a list and the link to the next (``None`` on the last page)."""

    items: list[dict[str, Any]]
    next: str | None


class QueueItemSchema(Output):
    """An item in the staff list: what it is about and where it stands (its words are on the item)."""

    ref = fields.String(**described("The public reference (safe to show anywhere)."))
    status = choice(Status)
    decision = choice(Decision, allow_none=True)
    channel = choice(Channel)
    category = choice(Category)
    age_band = choice(AgeBand)
    assisted = fields.Boolean()
    venue = fields.Nested(NamedSchema, allow_none=True)
    body = fields.Nested(NamedSchema, allow_none=True)
    topic = fields.Nested(NamedSchema, allow_none=True)
    submitted_at = fields.AwareDateTime(format="iso")
    answer_due = fields.Date()
    forward_due = maybe(fields.Date)
    answered_at = maybe(fields.AwareDateTime, format="iso")
    closed_at = maybe(fields.AwareDateTime, format="iso")
    progress = maybe(fields.Integer)
    reaction = choice(Reaction, allow_none=True)
    merged_into = maybe(fields.String, **described("The public reference of the item this one joined."))
    version = fields.Integer(**described("The item's version when the list was last brought up to date."))
    updated_at = fields.AwareDateTime(format="iso")
    overdue = fields.Boolean(**described("Still waiting for the grown-ups and past its due date."))


class PageSchema(Output):
    """One page of items, oldest first, and where the next page is."""

    items = fields.List(fields.Nested(QueueItemSchema))
    next = maybe(fields.String, **described("The URL of the next page; null on the last page."))


def queue_entry(row: dict[str, Any], venue_name: Namer, topic_name: Namer,
                all_names: AllNames | None = None) -> dict[str, Any]:
    """Return a work-queue row as the values QueueItemSchema dumps."""
    return {
        "status": Status(row["status"]),
        "decision": Decision(row["decision"]) if row["decision"] else None,
        "channel": Channel(row["channel"]),
        "category": Category(row["category"]),
        "age_band": AgeBand(row["age_band"]),
        "progress": row["progress"],
        "reaction": Reaction(row["reaction"]) if row["reaction"] else None,
        "version": row["version"],
        "ref": row["ref"],
        "assisted": bool(row["assisted"]),
        "venue": named(_uuid(row["venue_id"]), venue_name, all_names),
        "body": named(_uuid(row["body_id"]), venue_name, all_names),
        "topic": named(_uuid(row["topic_id"]), topic_name, all_names),
        "submitted_at": _moment(row["submitted_at"]),
        "answer_due": date.fromisoformat(row["answer_due"]),
        "forward_due": date.fromisoformat(row["forward_due"]) if row["forward_due"] else None,
        "answered_at": _moment(row["answered_at"]),
        "closed_at": _moment(row["closed_at"]),
        "merged_into": row["merged_into_ref"],
        "updated_at": _moment(row["updated_at"]),
        "overdue": bool(row["overdue"]),
    }


def _uuid(hex_id: str | None) -> UUID | None:
    return UUID(hex_id) if hex_id else None


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
