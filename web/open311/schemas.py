"""What GeoReport v2 takes and answers, with the spec's own field names."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates

from domain.codes import REF_PATTERN
from domain.values import AgeBand, Category
from web.api.inputs import LANGUAGES, MAX_TEXT, MAX_TITLE, Words, choice
from web.api.outputs import Output
from web.open311.requests import KUNSHAN

CODES = tuple(category.value for category in Category)
REF = REF_PATTERN
MAX_IDS = 100  # a page of requests (200) is the most one answer holds; ids beyond it are a scan
W3C_DATETIME = r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})?)?"


def optional(pattern: str) -> str:
    """A whole-value pattern that also takes the empty value (GeoReport: empty means not given)."""
    return f"^(?:{pattern})?$"


def comma_list(item: str) -> str:
    return optional(f"(?:{item})(?:,(?:{item}))*")


def matching(pattern: str, description: str, **kwargs: Any) -> fields.String:
    return fields.String(
        validate=validate.Regexp(pattern, error="Not a valid value here."),
        metadata={"pattern": pattern, "description": description}, **kwargs,
    )


class W3CDateTime(fields.String):
    """A W3C date-time; without an offset it is Kunshan's time (UTC+8)."""

    default_error_messages = {"invalid": "Not a W3C date-time such as 2026-05-01T08:00:00+08:00."}

    def __init__(self, **kwargs: Any) -> None:
        metadata = {"pattern": optional(W3C_DATETIME), **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime:
        text = super()._deserialize(value, attr, data, **kwargs)
        if not re.fullmatch(W3C_DATETIME, text):
            raise self.make_error("invalid")
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise self.make_error("invalid") from None
        return moment if moment.tzinfo else moment.replace(tzinfo=KUNSHAN)


# -- what clients send -----------------------------------------------------------------


class Lenient(Schema):
    """GeoReport clients send parameters of other servers too: ignore what we do not know."""

    class Meta:
        unknown = EXCLUDE


class RequestsQuerySchema(Lenient):
    """The query of GET requests: ids override every other filter."""

    service_request_id = matching(comma_list(REF), f"One or more request ids (at most {MAX_IDS}), comma delimited: overrides the rest.")
    service_code = matching(comma_list("|".join(CODES)), "One or more service codes, comma delimited.")
    start_date = W3CDateTime(metadata={"description": "Requested at or after this moment (default: 90 days ago)."})
    end_date = W3CDateTime(metadata={"description": "Requested at or before this moment (default: now); at most "
                                                    "90 days after start_date."})
    status = matching(comma_list("open|closed"), "open, closed, or both comma delimited.")
    jurisdiction_id = fields.String(metadata={"description": "Ignored: this endpoint serves Kunshan alone."})
    lang = fields.String(metadata={"description": "The language of names and notes: zh-Hans (the default), zh-Hant "
                                                  "or en (else Accept-Language)."})
    names = fields.String(validate=validate.OneOf(["all", ""]), metadata={
        "description": "`all` adds `agency_responsible_names` and `address_names`: each name in the three languages "
                       "(empty, like every GeoReport parameter, is as if not sent)."})

    @validates("service_request_id")
    def check_few_ids(self, value: str, **kwargs: Any) -> None:
        """Refuse more ids than one answer is for."""
        if value.count(",") >= MAX_IDS:
            raise ValidationError(f"Ask for at most {MAX_IDS} request ids at a time.")


class NewRequestSchema(Lenient):
    """A child's idea filed through GeoReport by a facilitator (form-encoded, as the spec says)."""

    api_key = fields.String(required=True, validate=validate.Length(min=1),
                            metadata={"description": "A facilitator's API token."})
    jurisdiction_id = fields.String(metadata={"description": "Ignored: this endpoint serves Kunshan alone."})
    service_code = fields.String(required=True, validate=validate.OneOf(CODES))
    description = Words(required=True, max_length=MAX_TEXT, metadata={"description": "The child's words."})
    address_id = fields.String(validate=validate.Length(max=200),
                               metadata={"description": "The venue (id or slug) the idea comes from."})
    age_band = choice(AgeBand, required=True, data_key="attribute[age_band]")
    language = fields.String(data_key="attribute[language]", load_default="zh-Hans",
                             validate=validate.OneOf(LANGUAGES))
    title = Words(data_key="attribute[title]", max_length=MAX_TITLE, allow_blank=True, load_default="")
    # Accepted from standard clients and thrown away at once: we never keep where a child is nor who.
    lat = fields.Float(metadata={"description": "Not kept."})
    long = fields.Float(metadata={"description": "Not kept."})
    address_string = fields.String(metadata={"description": "Not kept."})
    email = fields.String(metadata={"description": "Not kept: no contact details of children."})
    device_id = fields.String(metadata={"description": "Not kept."})
    account_id = fields.String(metadata={"description": "Not kept."})
    first_name = fields.String(metadata={"description": "Not kept: no names of children."})
    last_name = fields.String(metadata={"description": "Not kept: no names of children."})
    phone = fields.String(metadata={"description": "Not kept: no contact details of children."})
    media_url = fields.String(metadata={"description": "Not kept: no photos."})


# -- what the server answers --------------------------------------------------------------


class EndpointSchema(Output):
    specification = fields.String()
    url = fields.String()
    changeset = fields.String()
    type = fields.String(validate=validate.OneOf(["production", "test"]))
    formats = fields.List(fields.String())


class DiscoverySchema(Output):
    """Where the endpoints are and how to get an api_key."""

    changeset = fields.String()
    contact = fields.String()
    key_service = fields.String()
    endpoints = fields.List(fields.Nested(EndpointSchema))


class ServiceSchema(Output):
    """A kind of request: one of the programme's five areas."""

    service_code = fields.String(validate=validate.OneOf(CODES))
    service_name = fields.String()
    description = fields.String()
    metadata = fields.Boolean()
    type = fields.String(validate=validate.OneOf(["realtime", "batch", "blackbox"]))
    keywords = fields.String()
    group = fields.String()


class AttributeValueSchema(Output):
    key = fields.String()
    name = fields.String()


class AttributeSchema(Output):
    variable = fields.Boolean()
    code = fields.String()
    datatype = fields.String(validate=validate.OneOf(
        ["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"]))
    required = fields.Boolean()
    datatype_description = fields.String(allow_none=True)
    order = fields.Integer()
    description = fields.String()
    values = fields.List(fields.Nested(AttributeValueSchema))


class ServiceDefinitionSchema(Output):
    """The attributes a request for a service carries (as ``attribute[code]=value``)."""

    service_code = fields.String(validate=validate.OneOf(CODES))
    attributes = fields.List(fields.Nested(AttributeSchema))


def maybe_text(description: str) -> fields.String:
    return fields.String(allow_none=True, metadata={"description": description})


class ServiceRequestSchema(Output):
    """A child's idea as the public may see it: named by its public reference, never its tracking code."""

    optional = ("agency_responsible_names", "address_names")

    service_request_id = fields.String(validate=validate.Regexp(f"^{REF}$"), metadata={"pattern": f"^{REF}$"})
    status = fields.String(validate=validate.OneOf(["open", "closed"]))
    status_notes = maybe_text("Where the idea stands, in the words the grown-ups wrote for the child.")
    service_name = fields.String()
    service_code = fields.String(validate=validate.OneOf(CODES))
    description = maybe_text("The child's words, once a moderator accepted them (null before, or when taken back).")
    agency_responsible = maybe_text("The body the idea was forwarded to, in the language asked for "
                                    "(`lang` or Accept-Language; Simplified Chinese by default).")
    service_notice = maybe_text("Not used.")
    requested_datetime = fields.String(metadata={"format": "date-time"})
    updated_datetime = fields.String(metadata={"format": "date-time"})
    expected_datetime = fields.String(allow_none=True, metadata={"format": "date-time",
                                                                 "description": "When an answer is due."})
    address = maybe_text("The venue the idea comes from (a public place), in the language asked for.")
    address_id = maybe_text("The venue's id.")
    zipcode = maybe_text("Always null: we never keep where a child is.")
    lat = fields.Float(allow_none=True, metadata={"description": "Always null."})
    long = fields.Float(allow_none=True, metadata={"description": "Always null."})
    media_url = maybe_text("Always null: no photos.")
    # Extensions, after the spec's own fields: each name in the three languages (only with names=all).
    agency_responsible_names = fields.Dict(keys=fields.String(), values=fields.String(), allow_none=True, metadata={
        "description": "`agency_responsible` in each language: zh-Hans, zh-Hant, en (an extension; only with "
                       "`names=all`)."})
    address_names = fields.Dict(keys=fields.String(), values=fields.String(), allow_none=True, metadata={
        "description": "`address` in each language: zh-Hans, zh-Hant, en (an extension; only with `names=all`)."})


class PostedRequestSchema(Output):
    """The new request's id, and the tracking code to hand to the child (an extension of the spec)."""

    service_request_id = fields.String(metadata={"pattern": f"^{REF}$"})
    service_notice = fields.String()
    account_id = fields.String(allow_none=True)
    tracking_code = fields.String(metadata={"description": "The child's tracking code: give it to the child only."})


class Open311ErrorSchema(Output):
    """One error: GeoReport answers a list of them."""

    code = fields.Integer()
    description = fields.String()
