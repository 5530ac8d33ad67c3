"""A child's words (and a picture) for each value the children's pages show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from domain.values import AgeBand, Category, Channel, Decision, Reaction, Status, VenueKind
from web.children.icons import face, icon


@dataclass(frozen=True)
class Word:
    """What a child reads for one value: a picture (inline SVG, decoration only) and words."""

    icon: Markup
    text: Any  # a lazy string, translated when rendered


CHANNELS = {
    Channel.WEB.value: Word(icon("home"), _l("From home, school or anywhere")),
    Channel.MESSAGE_BOARD.value: Word(icon("pin"), _l("At a One-Meter Message Board")),
    Channel.OBSERVATION_GROUP.value: Word(icon("group"), _l("In my children's observation group")),
    Channel.HOSPITAL_REVIEW.value: Word(icon("hospital"), _l("After a visit to a hospital")),
}

CATEGORIES = {
    Category.SPACES.value: Word(icon("tree"), _l("Places to play and learn")),
    Category.SERVICES.value: Word(icon("bus"), _l("Help and services for children")),
    Category.PROTECTION.value: Word(icon("shield"), _l("Growing up safe")),
    Category.FRIENDSHIP.value: Word(icon("heart"), _l("Friends and meeting other children")),
    Category.PARTICIPATION.value: Word(icon("info"), _l("Having a say")),
}

AGE_BANDS = {
    AgeBand.AGE_6_8.value: Word(icon("sprout"), _l("6 to 8")),
    AgeBand.AGE_9_11.value: Word(icon("sprout"), _l("9 to 11")),
    AgeBand.AGE_12_14.value: Word(icon("tree"), _l("12 to 14")),
    AgeBand.AGE_15_17.value: Word(icon("tree"), _l("15 to 17")),
}

FACES = {
    "1": Word(face(1), _l("Very bad")),
    "2": Word(face(2), _l("Not good")),
    "3": Word(face(3), _l("Okay")),
    "4": Word(face(4), _l("Good")),
    "5": Word(face(5), _l("Great")),
}

REACTIONS = {
    Reaction.HAPPY.value: Word(face(5), _l("Happy")),
    Reaction.OKAY.value: Word(face(3), _l("Okay")),
    Reaction.UNHAPPY.value: Word(face(2), _l("Not happy")),
}

ASPECTS = {
    "waiting_room": _l("The waiting room"),
    "picture_books": _l("The picture books"),
    "hygiene_visuals": _l("The fun pictures about staying clean"),
    "staff_kindness": _l("How kind the doctors and nurses were"),
}

# The order a child meets the places in the list: the kinds a child knows first (school, park,
# playground, library corner), then the grown-ups' places. Responsible bodies are not places to file at.
VENUE_KINDS = {
    VenueKind.SCHOOL.value: _l("Schools"),
    VenueKind.PARK.value: _l("Parks"),
    VenueKind.PLAYGROUND.value: _l("Playgrounds"),
    VenueKind.READING_SPACE.value: _l("Reading spaces"),
    VenueKind.COMMUNITY.value: _l("Communities"),
    VenueKind.HOSPITAL.value: _l("Hospitals"),
    VenueKind.MESSAGE_BOARD.value: _l("Message boards"),
    VenueKind.OBSERVATION_GROUP.value: _l("Observation groups"),
}

# What the place picker asks and says when a link fixed how the child shares.
PICK_LABELS = {
    Channel.MESSAGE_BOARD.value: _l("Which message board?"),
    Channel.OBSERVATION_GROUP.value: _l("Which observation group?"),
    Channel.HOSPITAL_REVIEW.value: _l("Which hospital?"),
}
PICK_HINTS = {
    Channel.MESSAGE_BOARD.value: _l("Choose the message board where you are."),
    Channel.OBSERVATION_GROUP.value: _l("Choose your observation group."),
    Channel.HOSPITAL_REVIEW.value: _l("Choose the hospital you visited. They are listed by district."),
}

STATUSES = {
    Status.SUBMITTED.value: Word(icon("envelope"), _l("We got your idea. A grown-up will read it soon.")),
    Status.UNDER_REVIEW.value: Word(icon("eye"), _l("A grown-up is reading your idea.")),
    Status.FORWARDED.value: Word(icon("send"), _l("Your idea is with the people who can help.")),
    Status.ANSWERED.value: Word(icon("chat"), _l("The grown-ups have answered!")),
    Status.IN_PROGRESS.value: Word(icon("gear"), _l("Work on your idea has started.")),
    Status.IMPLEMENTED.value: Word(icon("star"), _l("Your idea came true!")),
    Status.DECLINED.value: Word(icon("stop"), _l("The grown-ups could not take your idea this time.")),
    Status.MERGED.value: Word(icon("link"), _l("Your idea joined another child's idea, because the two were so alike.")),
    Status.WITHDRAWN.value: Word(icon("back"), _l("You took your idea back.")),
}

# Where the other child's idea (the one an idea joined) is now: "it", never "your idea".
JOINED = {
    Status.SUBMITTED.value: _l("The grown-ups got it and will read it soon."),
    Status.UNDER_REVIEW.value: _l("A grown-up is reading it."),
    Status.FORWARDED.value: _l("It is with the people who can help."),
    Status.ANSWERED.value: _l("The grown-ups have answered it."),
    Status.IN_PROGRESS.value: _l("Work on it has started."),
    Status.IMPLEMENTED.value: _l("It came true!"),
    Status.DECLINED.value: _l("The grown-ups could not take it this time."),
    Status.MERGED.value: _l("It joined another idea too."),
    Status.WITHDRAWN.value: _l("The child who shared it took it back."),
}
JOINED_DECISIONS = {
    Decision.ADOPTED.value: _l("It was chosen!"),
    Decision.PARTLY_ADOPTED.value: _l("Part of it was chosen!"),
    Decision.NOT_ADOPTED.value: _l("The grown-ups answered: not this time."),
}


def joined_words(status: Status, decision: Decision | None) -> Any:
    """Return a child's words for where the idea theirs joined is now."""
    if status is Status.ANSWERED and decision is not None:
        return JOINED_DECISIONS[decision.value]
    return JOINED[status.value]


DECISIONS = {
    Decision.ADOPTED.value: Word(icon("star"), _l("Your idea was chosen!")),
    Decision.PARTLY_ADOPTED.value: Word(icon("star"), _l("Part of your idea was chosen!")),
    Decision.NOT_ADOPTED.value: Word(icon("stop"), _l("The grown-ups answered: not this time.")),
}


def aspect_words(aspect: str) -> Any:
    """Return the words for a hospital aspect, falling back to its name."""
    return ASPECTS.get(aspect, aspect.replace("_", " "))
