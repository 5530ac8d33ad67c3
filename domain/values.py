"""Value types of the domain: the words the programme uses, as enums."""

from __future__ import annotations

from enum import Enum


class Channel(str, Enum):
    WEB = "web"
    MESSAGE_BOARD = "message_board"
    OBSERVATION_GROUP = "observation_group"
    HOSPITAL_REVIEW = "hospital_review"


class Category(str, Enum):
    SPACES = "spaces"
    SERVICES = "services"
    PROTECTION = "protection"
    FRIENDSHIP = "friendship"
    PARTICIPATION = "participation"


class Status(str, Enum):
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    FORWARDED = "forwarded"
    ANSWERED = "answered"
    IN_PROGRESS = "in_progress"
    IMPLEMENTED = "implemented"
    DECLINED = "declined"
    MERGED = "merged"
    WITHDRAWN = "withdrawn"

    @property
    def is_final(self) -> bool:
        return self in FINAL_STATUSES

    @property
    def awaits_answer(self) -> bool:
        """Whether an item in this status still waits for grown-ups to answer it (so has a due day)."""
        return self in WAITING_STATUSES


FINAL_STATUSES = frozenset(
    {Status.IMPLEMENTED, Status.DECLINED, Status.MERGED, Status.WITHDRAWN}
)
# Statuses in which an item still waits for grown-ups to answer it, and so can be overdue.
WAITING_STATUSES = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.FORWARDED)


class Decision(str, Enum):
    ADOPTED = "adopted"
    PARTLY_ADOPTED = "partly_adopted"
    NOT_ADOPTED = "not_adopted"


class AgeBand(str, Enum):
    AGE_6_8 = "6-8"
    AGE_9_11 = "9-11"
    AGE_12_14 = "12-14"
    AGE_15_17 = "15-17"

    @property
    def is_under_14(self) -> bool:
        return self in (AgeBand.AGE_6_8, AgeBand.AGE_9_11, AgeBand.AGE_12_14)


class Role(str, Enum):
    FACILITATOR = "facilitator"
    MODERATOR = "moderator"
    DEPUTY = "deputy"
    OFFICIAL = "official"
    AUDITOR = "auditor"
    ADMIN = "admin"
    SAFEGUARDING = "safeguarding"


class Reaction(str, Enum):
    HAPPY = "happy"
    OKAY = "okay"
    UNHAPPY = "unhappy"


class VenueKind(str, Enum):
    OBSERVATION_GROUP = "observation_group"
    MESSAGE_BOARD = "message_board"
    HOSPITAL = "hospital"
    SCHOOL = "school"
    PARK = "park"
    READING_SPACE = "reading_space"
    PLAYGROUND = "playground"
    COMMUNITY = "community"
    BODY = "body"

    @property
    def can_answer(self) -> bool:
        """Responsible bodies answer; hospitals answer for themselves too."""
        return self in (VenueKind.BODY, VenueKind.HOSPITAL)


# The channel a venue kind implies when a child files an idea there.
CHANNEL_VENUE_KINDS: dict[Channel, frozenset[VenueKind]] = {
    Channel.WEB: frozenset(VenueKind),
    Channel.MESSAGE_BOARD: frozenset({VenueKind.MESSAGE_BOARD}),
    Channel.OBSERVATION_GROUP: frozenset({VenueKind.OBSERVATION_GROUP}),
    Channel.HOSPITAL_REVIEW: frozenset({VenueKind.HOSPITAL}),
}

# Aspects a child rates with faces (1-5) after a hospital visit.
HOSPITAL_ASPECTS = (
    "waiting_room",
    "picture_books",
    "hygiene_visuals",
    "staff_kindness",
)
