"""Staff words for the values and events the workspace shows (plain, precise, translatable)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from babel.lists import format_list
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from domain.suggestion import Suggestion
from domain.values import Category, Channel, Decision, Reaction, Role, Status

STATUSES = {
    Status.SUBMITTED.value: _l("New"),
    Status.UNDER_REVIEW.value: _l("Under review"),
    Status.FORWARDED.value: _l("Forwarded"),
    Status.ANSWERED.value: _l("Answered"),
    Status.IN_PROGRESS.value: _l("In progress"),
    Status.IMPLEMENTED.value: _l("Implemented"),
    Status.DECLINED.value: _l("Declined"),
    Status.MERGED.value: _l("Merged"),
    Status.WITHDRAWN.value: _l("Withdrawn"),
}
DECISIONS = {
    Decision.ADOPTED.value: _l("Adopted"),
    Decision.PARTLY_ADOPTED.value: _l("Partly adopted"),
    Decision.NOT_ADOPTED.value: _l("Not adopted"),
}
CHANNELS = {
    Channel.WEB.value: _l("Web"),
    Channel.MESSAGE_BOARD.value: _l("Message board"),
    Channel.OBSERVATION_GROUP.value: _l("Observation group"),
    Channel.HOSPITAL_REVIEW.value: _l("Hospital review"),
}
CATEGORIES = {
    Category.SPACES.value: _l("Spaces"),
    Category.SERVICES.value: _l("Services"),
    Category.PROTECTION.value: _l("Growing up safely"),
    Category.FRIENDSHIP.value: _l("Friendship and exchange"),
    Category.PARTICIPATION.value: _l("Participation"),
}
REACTIONS = {
    Reaction.HAPPY.value: _l("happy"),
    Reaction.OKAY.value: _l("okay"),
    Reaction.UNHAPPY.value: _l("unhappy"),
}
ROLES = {
    Role.FACILITATOR.value: _l("Facilitator"),
    Role.MODERATOR.value: _l("Moderator"),
    Role.DEPUTY.value: _l("Deputy"),
    Role.OFFICIAL.value: _l("Official"),
    Role.AUDITOR.value: _l("Auditor"),
    Role.ADMIN.value: _l("Admin"),
    Role.SAFEGUARDING.value: _l("Safeguarding officer"),
}
# The kinds of personal data the screen finds (domain.privacy.PATTERNS), as a moderator reads them.
PERSONAL_DATA = {
    "phone": _l("phone number"),
    "id_card": _l("ID card number"),
    "email": _l("email address"),
    "name": _l("full name"),
    "school_class": _l("school and class"),
}
# The hospital aspects a child rates (domain.values.HOSPITAL_ASPECTS), as staff read them.
ASPECTS = {
    "waiting_room": _l("Waiting room"),
    "picture_books": _l("Picture books"),
    "hygiene_visuals": _l("Hygiene pictures"),
    "staff_kindness": _l("Staff kindness"),
}


def word(table: dict[str, Any], value: Any) -> str:
    """Return the word for an enum or its value (the value itself when there is none)."""
    key = getattr(value, "value", value)
    return str(table.get(key, key or ""))


def age_words(band: Any) -> str:
    """Return an age band in words ("9-11 岁"); ``band`` is an AgeBand or its value."""
    return _("age %(band)s", band=getattr(band, "value", band))


def listed(names: list[str]) -> str:
    """Return names as a list in the page's language ("甲、乙和丙", "A, B, and C")."""
    return format_list(names, locale=get_locale() or "en")


def kinds_words(kinds: Any) -> str:
    """Return the kinds of personal data found, in words and as a list of the page's language."""
    return listed([word(PERSONAL_DATA, kind) for kind in kinds])


@dataclass(frozen=True)
class Entry:
    """One event of an item as staff read it: what happened, who did it, when, and the words given."""

    version: int
    at: datetime
    actor: str
    what: str
    details: tuple[tuple[str, str], ...] = ()


Names = Callable[[UUID | None], str]


# Why an item went to the safeguarding officer, as the referral event records it.
REFERRAL_REASONS = {"detected": _l("Harm detected in the words"), "child_asked": _l("The child asked for help")}


def _details(event: Any, item: Suggestion | None = None) -> tuple[tuple[str, str], ...]:
    fields = (
        ("reason", _l("Reason")), ("explanation", _l("For the child")), ("response", _l("Official response")),
        ("note", _l("Note")), ("evidence", _l("Evidence")),
    )
    found = [(str(label), str(getattr(event, name))) for name, label in fields if getattr(event, name, "")]
    if isinstance(event, Suggestion.ReferredToSafeguarding):  # a recorded word, not staff's own words
        found = [(label, str(REFERRAL_REASONS.get(text, text))) for label, text in found]
    comment = getattr(event, "comment", None)
    if comment is not None:
        found.append((str(_l("The child's comment")), _comment_words(event, comment, item)))
    return tuple(found)


def _comment_words(event: Any, comment: Any, item: Suggestion | None) -> str:
    """Return a comment as staff may read it: never sealed or held words (an unknown item shows nothing)."""
    if item is None or item.sealed or event.originator_version in item.sealed_comments:
        return _("Sealed for the safeguarding officer")
    if isinstance(event, Suggestion.Reacted):
        comment = item.comment_for_staff(event.originator_version)
        if comment is None:
            return _("[held until a moderator redacts or releases it]")
    return _("(erased)") if comment.is_erased else str(comment)


def describe(event: Any, venue_name: Names, topic_name: Names) -> str:
    """Return what ``event`` did, in a staff member's words."""
    describer = DESCRIBERS.get(type(event))
    return describer(event, venue_name, topic_name) if describer else _("%(event)s", event=type(event).__name__)


def _submitted(e: Any, venue: Names, topic: Names) -> str:
    place = venue(e.venue_id) or _("no place given")
    if e.assisted:
        return _("Submitted on a child's behalf (%(channel)s, %(place)s)", channel=word(CHANNELS, e.channel),
                 place=place)
    return _("Submitted (%(channel)s, %(place)s)", channel=word(CHANNELS, e.channel), place=place)


S = Suggestion
# Keyed by the event class, so renaming an event breaks here or in a test, not on the item page.
DESCRIBERS: dict[type, Callable[[Any, Names, Names], str]] = {
    S.Submitted: _submitted,
    S.ReferenceGiven: lambda e, v, t: _("Given the public reference %(ref)s", ref=e.ref),
    S.Accepted: lambda e, v, t: _("Accepted for review"),
    S.Declined: lambda e, v, t: _("Declined"),
    S.Merged: lambda e, v, t: _("Merged into another item"),
    S.DuplicateMerged: lambda e, v, t: _("Another item was merged into this one"),
    S.TopicAssigned: lambda e, v, t: _("Grouped under the topic “%(topic)s”", topic=t(e.topic_id)),
    S.TopicRemoved: lambda e, v, t: _("Taken off the topic “%(topic)s”", topic=t(e.topic_id)),
    S.Forwarded: lambda e, v, t: _("Forwarded to %(body)s, to answer by %(due)s", body=v(e.body_id),
                                 due=e.due.isoformat()),
    S.Answered: lambda e, v, t: _("Answered: %(decision)s", decision=word(DECISIONS, e.decision)),
    S.ProgressRecorded: lambda e, v, t: _("Progress reported: %(percent)d%%", percent=e.percent),
    S.Implemented: lambda e, v, t: _("Marked as implemented"),
    S.PhotoAttached: lambda e, v, t: _("A photo of the work was added"),
    S.Reacted: lambda e, v, t: _("The child reacted: %(reaction)s", reaction=word(REACTIONS, e.reaction)),
    S.ReconsiderationRequested: lambda e, v, t: _("The child asked for the answer to be looked at again"),
    S.Withdrawn: lambda e, v, t: _("The child withdrew the idea"),
    S.HeldForPrivacy: lambda e, v, t: _("Held back: personal data found (%(kinds)s)", kinds=kinds_words(e.kinds)),
    S.Redacted: lambda e, v, t: _("Redacted: the public words leave the personal data out"),
    S.Released: lambda e, v, t: _("Released: the words are public as they are"),
    S.ReferredToSafeguarding: lambda e, v, t: _("Sealed for the safeguarding officer"),
    S.CommentHeld: lambda e, v, t: _("The child's comment held back: personal data found (%(kinds)s)",
                                    kinds=kinds_words(e.kinds)),
    S.CommentSealed: lambda e, v, t: _("The child's comment sealed for the safeguarding officer"),
    S.CommentRedacted: lambda e, v, t: _("The child's comment redacted: staff read it without the personal data"),
    S.CommentReleased: lambda e, v, t: _("The child's comment released: staff read it as it is"),
    S.ContentErased: lambda e, v, t: _("The child's words were erased"),
    S.GuardianConsentRecorded: lambda e, v, t: _("A guardian's consent was recorded"),
    S.ContactGiven: lambda e, v, t: _("A contact detail was kept"),
}


def actor_words(actor: Any) -> str:
    """Return who acted: a staff username, "the child", or a facilitator on the child's behalf."""
    if actor.kind == "child":
        return _("the child")
    if actor.kind == "facilitator":
        return _("%(name)s for the child", name=actor.username)
    if actor.kind == "system":
        return _("the system")
    return actor.username


def entries(events: list[Any], venue_name: Names, topic_name: Names, item: Suggestion | None = None) -> list[Entry]:
    """Return the staff timeline of ``item``'s ``events`` (oldest first); sealed and held comments stay hidden."""
    return [
        Entry(e.originator_version, e.timestamp, actor_words(e.actor), describe(e, venue_name, topic_name),
              _details(e, item))
        for e in events
    ]
