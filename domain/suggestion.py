"""The Suggestion aggregate: a child's idea and everything that happens to it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Root
from domain.codes import normalise_ref
from domain.content import PrivateText
from domain.errors import N_, DomainError, ExplanationRequired, InvalidValue, TransitionNotAllowed
from domain.values import (
    HOSPITAL_ASPECTS,
    AgeBand,
    Category,
    Channel,
    Decision,
    Reaction,
    Status,
)

S = Status
ACCEPTABLE = (S.SUBMITTED,)
DECLINABLE = (S.SUBMITTED,)
MERGEABLE = (S.SUBMITTED, S.UNDER_REVIEW)
# What may join a topic (and leave it): open items, and answered or implemented ones as evidence.
TOPICAL = (S.UNDER_REVIEW, S.FORWARDED, S.ANSWERED, S.IN_PROGRESS, S.IMPLEMENTED)
FORWARDABLE = (S.UNDER_REVIEW, S.FORWARDED)
ANSWERABLE = (S.UNDER_REVIEW, S.FORWARDED)
PROGRESSABLE = (S.ANSWERED, S.IN_PROGRESS)
REACTABLE = (S.ANSWERED, S.IN_PROGRESS, S.IMPLEMENTED, S.DECLINED)
MERGE_TARGETS = (S.SUBMITTED, S.UNDER_REVIEW, S.FORWARDED, S.ANSWERED, S.IN_PROGRESS, S.IMPLEMENTED)
ACTED_ON = (Decision.ADOPTED, Decision.PARTLY_ADOPTED)
MAX_RATING = 5
PHOTOGRAPHED = (S.IN_PROGRESS, S.IMPLEMENTED)  # a photo shows a progress report or the work done
MAX_PHOTOS = 6  # evidence photos per item
PHOTO_TYPES = ("image/jpeg", "image/png")


@dataclass(frozen=True)
class EvidencePhoto:
    """A photo of the work, as its event names it (its bytes are kept beside the events)."""

    id: UUID
    digest: str  # SHA-256 of the kept bytes, hex
    size: int
    media_type: str
    width: int
    height: int
    done: bool  # attached with (or after) the implementation: shown beside 100%

    def __str__(self) -> str:
        return f"{self.id} {self.media_type} {self.width}x{self.height} {self.size} B sha256:{self.digest[:12]}"


def require_words(value: str | None, what: str) -> str:
    """Return ``value`` stripped, refusing it when nothing is left."""
    words = (value or "").strip()
    if not words:
        raise ExplanationRequired(N_("%(what)s is required"), what=what)
    return words


class Suggestion(Root):
    """One idea, hospital review or request from a child, and its lifecycle."""

    class Submitted(Root.Created):
        # Version 2 carries the public reference drawn for the item, and no longer the tracking code:
        # the code is the child's secret and is kept nowhere (the item's id is a keyed hash of it).
        class_version = 2
        ref: str | None
        channel: Channel
        venue_id: UUID | None
        category: Category
        age_band: AgeBand
        text: PrivateText
        title: PrivateText | None
        language: str
        ratings: dict[str, int]
        assisted: bool
        answer_due: date

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            # An item filed before references: its code leaves the event's meaning, and a
            # reference is given to it later by ReferenceGiven (see FeedbackApp.give_missing_refs).
            state.pop("code", None)
            state["ref"] = None

    @event(Submitted)
    def __init__(
        self,
        ref: str | None,
        channel: Channel,
        venue_id: UUID | None,
        category: Category,
        age_band: AgeBand,
        text: PrivateText,
        title: PrivateText | None,
        language: str,
        ratings: dict[str, int],
        assisted: bool,
        answer_due: date,
    ) -> None:
        self.ref = ref
        # The tracking code is known only when the child (or their facilitator) gave it: never stored.
        self.code: str | None = None
        # Stored events hold enum values as plain strings: coerce on apply.
        self.channel = Channel(channel)
        self.venue_id = venue_id
        self.category = Category(category)
        self.age_band = AgeBand(age_band)
        self.text = text
        self.title = title
        self.language = language
        self.ratings = dict(ratings)
        self.assisted = assisted
        self.answer_due = answer_due
        self.status = Status.SUBMITTED
        self.decision: Decision | None = None
        self.topic_id: UUID | None = None
        self.body_id: UUID | None = None
        self.forward_due: date | None = None
        self.reason = ""
        self.explanation = ""
        self.response = ""
        self.progress: int | None = None
        self.progress_note = ""
        self.evidence = ""
        self.photos: list[EvidencePhoto] = []
        self.reaction: Reaction | None = None
        self.reaction_comment: PrivateText | None = None
        # The child's comments by the version of the Reacted event that gave them, and how each was screened.
        self.comments: dict[int, PrivateText] = {}
        self.held_comments: dict[int, list[str]] = {}  # personal data found: staff read "[held]" until moderated
        self.sealed_comments: list[int] = []  # a disclosure of harm: only the safeguarding officer reads them
        self.redacted_comments: dict[int, PrivateText] = {}
        self.reconsideration_requested = False
        self.merged_into: UUID | None = None
        self.duplicates: list[UUID] = []
        self.held_for: list[str] = []  # kinds of personal data found; held back from every public place
        self.sealed = False  # a disclosure of harm: only the safeguarding officer reads the words
        self.redacted_text: PrivateText | None = None
        self.redacted_title: PrivateText | None = None
        self.erased = False
        self.guardian_consent = False
        self.contact: PrivateText | None = None

    @classmethod
    def submit(
        cls,
        *,
        item_id: UUID,
        ref: str,
        channel: Channel,
        venue_id: UUID | None,
        category: Category,
        age_band: AgeBand,
        text: str,
        title: str | None = None,
        language: str = "zh-Hans",
        ratings: dict[str, int] | None = None,
        assisted: bool = False,
        answer_due: date,
    ) -> Suggestion:
        """File a new suggestion with id ``item_id`` (derived from its code) and public reference ``ref``."""
        owner = item_id
        ratings = dict(ratings or {})
        cls.check_ratings(channel, ratings)
        if channel is not Channel.WEB and venue_id is None:
            raise InvalidValue(N_("a venue is required for this channel"))
        words = (text or "").strip()
        if not words and not ratings:
            raise InvalidValue(N_("the idea has no words"))
        return cls._create(
            cls.Submitted,
            id=item_id,
            ref=normalise_ref(ref),
            channel=channel,
            venue_id=venue_id,
            category=category,
            age_band=age_band,
            text=PrivateText(owner, words),
            title=PrivateText(owner, title.strip()) if title and title.strip() else None,
            language=language,
            ratings=ratings,
            assisted=assisted,
            answer_due=answer_due,
        )

    @staticmethod
    def check_ratings(channel: Channel, ratings: dict[str, int]) -> None:
        if ratings and channel is not Channel.HOSPITAL_REVIEW:
            raise InvalidValue(N_("only hospital reviews carry face ratings"))
        for aspect, value in ratings.items():
            if aspect not in HOSPITAL_ASPECTS:
                raise InvalidValue(N_("unknown aspect to rate: %(aspect)s"), aspect=aspect)
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_RATING:
                raise InvalidValue(N_("a face rating is a whole number from 1 to 5, not %(value)r"), value=value)

    # -- guards -------------------------------------------------------------

    def check_status(self, allowed: tuple[Status, ...], action: str) -> None:
        if self.status not in allowed:
            raise TransitionNotAllowed(
                N_("cannot %(action)s an item that is %(status)s"), action=action, status=self.status
            )

    @property
    def is_final(self) -> bool:
        return self.status.is_final

    @property
    def held(self) -> bool:
        """True while personal data waits for a moderator (or the words are sealed)."""
        return bool(self.held_for) or self.sealed

    @property
    def public_text(self) -> PrivateText:
        """The words anyone may see: the redacted ones, nothing while held, nothing once erased."""
        if self.held or self.erased:
            return PrivateText(self.id, None)
        return self.redacted_text or self.text

    @property
    def public_title(self) -> PrivateText | None:
        if self.held or self.erased:
            return None
        return self.redacted_title or self.title

    @property
    def own_text(self) -> PrivateText:
        """The words as the child sees them on their own page (sealed words are not shown back)."""
        if self.sealed or self.erased:
            return PrivateText(self.id, None)
        return self.text

    def passes(self, guard: Callable[[Suggestion], None]) -> bool:
        """Say whether ``guard`` (one of the ``check_can_*`` methods) lets the item through now."""
        try:
            guard(self)
        except DomainError:
            return False
        return True

    class ReferenceGiven(Root.Event):
        """An item filed before public references were drawn gets one (once)."""

        ref: str

    def give_ref(self, ref: str) -> None:
        """Give an item filed without a public reference its own (random) one."""
        if self.ref is not None:
            raise TransitionNotAllowed(N_("this item already has a public reference"))
        self._ref_given(normalise_ref(ref))

    @event(ReferenceGiven)
    def _ref_given(self, ref: str) -> None:
        self.ref = ref

    # -- moderation ---------------------------------------------------------

    class Accepted(Root.Event):
        pass

    def check_can_accept(self) -> None:
        self.check_status(ACCEPTABLE, N_("accept"))

    def accept(self) -> None:
        """Accept the item for review."""
        self.check_can_accept()
        self._accepted()

    @event(Accepted)
    def _accepted(self) -> None:
        self.status = Status.UNDER_REVIEW

    class Declined(Root.Event):
        reason: str
        explanation: str

    def check_can_decline(self) -> None:
        self.check_status(DECLINABLE, N_("decline"))

    def decline(self, reason: str, explanation: str) -> None:
        """Decline the item, telling the child why."""
        self.check_can_decline()
        reason = require_words(reason, N_("a reason"))
        explanation = require_words(explanation, N_("an explanation a child can read"))
        self._declined(reason, explanation)

    @event(Declined)
    def _declined(self, reason: str, explanation: str) -> None:
        self.status = Status.DECLINED
        self.reason = reason
        self.explanation = explanation

    class Merged(Root.Event):
        # Ids only: a tracking code is its child's secret and must not reach another child.
        into_id: UUID

    def check_can_merge(self) -> None:
        self.check_status(MERGEABLE, N_("merge"))

    def merge_into(self, target: Suggestion) -> None:
        """Merge this item into ``target``; both record it."""
        self.check_can_merge()
        if target.id == self.id:
            raise InvalidValue(N_("an item cannot be merged into itself"))
        if target.status not in MERGE_TARGETS:
            raise TransitionNotAllowed(
                N_("cannot merge into an item that is %(status)s"), status=target.status
            )
        self._merged(target.id)
        target._duplicate_merged(self.id)

    @event(Merged)
    def _merged(self, into_id: UUID) -> None:
        self.status = Status.MERGED
        self.merged_into = into_id

    class DuplicateMerged(Root.Event):
        duplicate_id: UUID

    @event(DuplicateMerged)
    def _duplicate_merged(self, duplicate_id: UUID) -> None:
        self.duplicates.append(duplicate_id)

    # -- deputies and forwarding -------------------------------------------

    class TopicAssigned(Root.Event):
        topic_id: UUID

    def check_can_group(self) -> None:
        self.check_status(TOPICAL, N_("group"))

    def assign_topic(self, topic_id: UUID) -> None:
        """Group the item under a topic; the status stays as it is."""
        self.check_can_group()
        self._topic_assigned(topic_id)

    @event(TopicAssigned)
    def _topic_assigned(self, topic_id: UUID) -> None:
        self.topic_id = topic_id

    class TopicRemoved(Root.Event):
        class_version = 1
        topic_id: UUID

    def check_topic_removable(self) -> None:
        self.check_status(TOPICAL, N_("take off its topic"))
        if self.topic_id is None:
            raise TransitionNotAllowed(N_("the item is not on a topic"))

    def remove_topic(self) -> UUID:
        """Take the item off its topic (the status stays); return the topic it left."""
        self.check_topic_removable()
        left = self.topic_id
        assert left is not None
        self._topic_removed(left)
        return left

    @event(TopicRemoved)
    def _topic_removed(self, topic_id: UUID) -> None:
        self.topic_id = None

    class Forwarded(Root.Event):
        body_id: UUID
        due: date

    def check_can_forward(self) -> None:
        self.check_status(FORWARDABLE, N_("forward"))

    def forward(self, body_id: UUID, due: date) -> None:
        """Send the item to the responsible body, to answer by ``due``."""
        self.check_can_forward()
        if not isinstance(due, date):
            raise InvalidValue(N_("a forward needs a due date"))
        self._forwarded(body_id, due)

    @event(Forwarded)
    def _forwarded(self, body_id: UUID, due: date) -> None:
        self.status = Status.FORWARDED
        self.body_id = body_id
        self.forward_due = due

    # -- answers and implementation ----------------------------------------

    class Answered(Root.Event):
        decision: Decision
        response: str
        explanation: str

    def check_can_answer(self) -> None:
        self.check_status(ANSWERABLE, N_("answer"))

    def answer(self, decision: Decision, response: str, explanation: str) -> None:
        """Answer the item: a decision, an official response and words for the child."""
        self.check_can_answer()
        response = require_words(response, N_("an official response"))
        explanation = require_words(explanation, N_("an explanation a child can read"))
        self._answered(Decision(decision), response, explanation)

    @event(Answered)
    def _answered(self, decision: Decision, response: str, explanation: str) -> None:
        self.status = Status.ANSWERED
        self.decision = Decision(decision)
        self.response = response
        self.explanation = explanation

    def check_acted_on(self, action: str) -> None:
        self.check_status(PROGRESSABLE, action)
        if self.decision not in ACTED_ON:
            raise TransitionNotAllowed(N_("cannot %(action)s an idea that was not adopted"), action=action)

    class ProgressRecorded(Root.Event):
        percent: int
        note: str

    def check_can_report_progress(self) -> None:
        self.check_acted_on(N_("report progress on"))

    def record_progress(self, percent: int, note: str) -> None:
        """Report how far the work on an adopted idea has come."""
        self.check_can_report_progress()
        if isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100:
            raise InvalidValue(N_("progress is a whole number from 0 to 100"))
        self._progress_recorded(percent, require_words(note, N_("a progress note")))

    @event(ProgressRecorded)
    def _progress_recorded(self, percent: int, note: str) -> None:
        self.status = Status.IN_PROGRESS
        self.progress = percent
        self.progress_note = note

    class Implemented(Root.Event):
        evidence: str

    def check_can_mark_implemented(self) -> None:
        self.check_acted_on(N_("mark as implemented"))

    def mark_implemented(self, evidence: str) -> None:
        """Close an adopted idea as done, showing the evidence."""
        self.check_can_mark_implemented()
        self._implemented(require_words(evidence, N_("evidence of what was done")))

    @event(Implemented)
    def _implemented(self, evidence: str) -> None:
        self.status = Status.IMPLEMENTED
        self.progress = 100
        self.evidence = evidence

    class PhotoAttached(Root.Event):
        """A photo of the work was kept (its bytes beside the events, sealed with the item's key)."""

        class_version = 1
        photo_id: UUID
        digest: str
        size: int
        media_type: str
        width: int
        height: int

    def check_can_attach_photo(self) -> None:
        self.check_status(PHOTOGRAPHED, N_("add a photo to"))
        self.check_not_erased()
        if len(self.photos) >= MAX_PHOTOS:
            raise TransitionNotAllowed(N_("an item keeps at most %(most)s photos"), most=MAX_PHOTOS)

    def attach_photo(self, photo_id: UUID, digest: str, size: int, media_type: str, width: int, height: int) -> None:
        """Name a photo of the work done (after a progress report or the implementation)."""
        self.check_can_attach_photo()
        if media_type not in PHOTO_TYPES:
            raise InvalidValue(N_("a photo is a JPEG or a PNG"))
        if any(photo.id == photo_id for photo in self.photos):
            raise InvalidValue(N_("this photo is already attached"))
        self._photo_attached(photo_id, digest, size, media_type, width, height)

    @event(PhotoAttached)
    def _photo_attached(self, photo_id: UUID, digest: str, size: int, media_type: str, width: int,
                        height: int) -> None:
        done = self.status is Status.IMPLEMENTED
        self.photos.append(EvidencePhoto(photo_id, digest, size, media_type, width, height, done))

    @property
    def done_photos(self) -> list[EvidencePhoto]:
        """Return the photos of the work done (beside 100%)."""
        return [photo for photo in self.photos if photo.done]

    @property
    def progress_photos(self) -> list[EvidencePhoto]:
        """Return the photos that came with progress reports."""
        return [photo for photo in self.photos if not photo.done]

    # -- the child ---------------------------------------------------------

    class Reacted(Root.Event):
        reaction: Reaction
        comment: PrivateText | None

    def react(self, reaction: Reaction, comment: str | None = None) -> None:
        """Record how the child feels about the answer."""
        self.check_status(REACTABLE, N_("react to"))
        words = (comment or "").strip()
        self._reacted(Reaction(reaction), PrivateText(self.id, words) if words else None)

    @event(Reacted)
    def _reacted(self, reaction: Reaction, comment: PrivateText | None) -> None:
        self.reaction = Reaction(reaction)
        self.reaction_comment = comment
        if comment is not None:
            # The library applies an event before it moves the version on: this event's version is one more.
            self.comments[self.version + 1] = comment

    class ReconsiderationRequested(Root.Event):
        # Version 2 carries the new day the child should hear back by (asking again starts a new wait).
        class_version = 2
        answer_due: date | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            # Asked before the new day was recorded: the old answer date stands (readers that know
            # the rule may work the new day out from the event's timestamp).
            state["answer_due"] = None

    def check_can_reconsider(self) -> None:
        self.check_status((S.ANSWERED,), N_("ask again about"))
        if self.decision is not Decision.NOT_ADOPTED:
            raise TransitionNotAllowed(N_("only an idea that was not adopted can be looked at again"))
        if self.reconsideration_requested:
            raise TransitionNotAllowed(N_("this idea has already been looked at again once"))

    @property
    def can_reconsider(self) -> bool:
        try:
            self.check_can_reconsider()
        except TransitionNotAllowed:
            return False
        return True

    def request_reconsideration(self, answer_due: date | None = None) -> None:
        """Ask, once, for a not-adopted idea to be looked at again (after an unhappy reaction).

        ``answer_due`` is the new day the child should hear back by; it replaces the first one.
        """
        self.check_can_reconsider()
        if self.reaction is not Reaction.UNHAPPY:
            raise TransitionNotAllowed(N_("say you are unhappy with the answer first"))
        self._reconsideration_requested(answer_due)

    @event(ReconsiderationRequested)
    def _reconsideration_requested(self, answer_due: date | None) -> None:
        self.status = Status.UNDER_REVIEW
        self.decision = None
        self.reconsideration_requested = True
        if answer_due is not None:
            self.answer_due = answer_due

    @property
    def due_given_to_body(self) -> bool:
        """Whether the item's due day is the one given to a body (while the body has it)."""
        return self.status is Status.FORWARDED and self.forward_due is not None

    @property
    def due(self) -> date:
        """The day the item is due: a forward's date while the body has it, else the child's answer date."""
        return self.forward_due if self.due_given_to_body and self.forward_due else self.answer_due

    class Withdrawn(Root.Event):
        pass

    def withdraw(self) -> None:
        """Take the idea back (the child may, until it is closed)."""
        if self.is_final:
            raise TransitionNotAllowed(
                N_("cannot withdraw an item that is %(status)s"), status=self.status
            )
        self._withdrawn()

    @event(Withdrawn)
    def _withdrawn(self) -> None:
        self.status = Status.WITHDRAWN


    # -- privacy -----------------------------------------------------------

    class HeldForPrivacy(Root.Event):
        class_version = 1
        kinds: list[str]

    def hold_for_privacy(self, kinds: list[str]) -> None:
        """Hold the words back from every public place until a moderator redacts or releases them."""
        if not kinds:
            raise InvalidValue(N_("say what kind of personal data was found"))
        self._held_for_privacy(sorted(set(kinds)))

    @event(HeldForPrivacy)
    def _held_for_privacy(self, kinds: list[str]) -> None:
        self.held_for = list(kinds)

    class Redacted(Root.Event):
        class_version = 1
        text: PrivateText
        title: PrivateText | None

    def redact(self, text: str, title: str | None = None) -> None:
        """Replace the public words with a version without personal data."""
        self.check_not_erased()
        if self.sealed:
            raise TransitionNotAllowed(N_("these words are sealed for the safeguarding officer"))
        words = (text or "").strip()
        if not words and not self.ratings:
            raise InvalidValue(N_("the redacted idea has no words"))
        clean_title = PrivateText(self.id, title.strip()) if title and title.strip() else None
        self._redacted(PrivateText(self.id, words), clean_title)

    @event(Redacted)
    def _redacted(self, text: PrivateText, title: PrivateText | None) -> None:
        self.redacted_text = text
        self.redacted_title = title
        self.held_for = []

    class Released(Root.Event):
        class_version = 1

    def release(self) -> None:
        """Let the words be public as they are (the screen was wrong)."""
        if not self.held_for:
            raise TransitionNotAllowed(N_("these words are not held"))
        self._released()

    @event(Released)
    def _released(self) -> None:
        self.held_for = []

    class ReferredToSafeguarding(Root.Event):
        class_version = 1
        reason: str  # "detected" or "child_asked"

    def refer_to_safeguarding(self, reason: str) -> None:
        """Seal the words for the safeguarding officer only."""
        if reason not in ("detected", "child_asked"):
            raise InvalidValue(N_("a referral is 'detected' or 'child_asked'"))
        if not self.sealed:
            self._referred_to_safeguarding(reason)

    @event(ReferredToSafeguarding)
    def _referred_to_safeguarding(self, reason: str) -> None:
        self.sealed = True

    # -- the child's comments ---------------------------------------------------
    # A comment is named by the version of the Reacted event that gave it (its place in the item's history).

    def comment_given_at(self, at: int) -> PrivateText:
        """Return the comment the child gave at version ``at``."""
        comment = self.comments.get(at)
        if comment is None:
            raise InvalidValue(N_("the child gave no comment at version %(at)s"), at=at)
        return comment

    def comment_for_staff(self, at: int) -> PrivateText | None:
        """Return the comment at ``at`` as staff may read it: redacted if need be, nothing while held or sealed."""
        if self.sealed or at in self.sealed_comments or at in self.held_comments:
            return None
        if at in self.redacted_comments:
            return self.redacted_comments[at]
        return self.comment_given_at(at)

    class CommentHeld(Root.Event):
        class_version = 1
        at: int  # the version of the Reacted event that gave the comment
        kinds: list[str]

    def hold_comment(self, at: int, kinds: list[str]) -> None:
        """Hold a comment back from staff until a moderator redacts or releases it."""
        self.comment_given_at(at)
        if not kinds:
            raise InvalidValue(N_("say what kind of personal data was found"))
        self._comment_held(at, sorted(set(kinds)))

    @event(CommentHeld)
    def _comment_held(self, at: int, kinds: list[str]) -> None:
        self.held_comments[at] = list(kinds)

    class CommentSealed(Root.Event):
        class_version = 1
        at: int

    def seal_comment(self, at: int) -> None:
        """Seal a comment that discloses harm: only the safeguarding officer reads it."""
        self.comment_given_at(at)
        if at not in self.sealed_comments:
            self._comment_sealed(at)

    @event(CommentSealed)
    def _comment_sealed(self, at: int) -> None:
        self.sealed_comments.append(at)
        self.held_comments.pop(at, None)

    def check_comment_held(self, at: int) -> None:
        self.check_not_erased()
        if at in self.sealed_comments or self.sealed:
            raise TransitionNotAllowed(N_("these words are sealed for the safeguarding officer"))
        if at not in self.held_comments:
            raise TransitionNotAllowed(N_("this comment is not held"))

    class CommentRedacted(Root.Event):
        class_version = 1
        at: int
        comment: PrivateText

    def redact_comment(self, at: int, words: str) -> None:
        """Let staff read a comment without its personal data (empty: nothing of it is shown)."""
        self.check_comment_held(at)
        self._comment_redacted(at, PrivateText(self.id, (words or "").strip()))

    @event(CommentRedacted)
    def _comment_redacted(self, at: int, comment: PrivateText) -> None:
        self.redacted_comments[at] = comment
        self.held_comments.pop(at, None)

    class CommentReleased(Root.Event):
        class_version = 1
        at: int

    def release_comment(self, at: int) -> None:
        """Let staff read a held comment as it is (the screen was wrong)."""
        self.check_comment_held(at)
        self._comment_released(at)

    @event(CommentReleased)
    def _comment_released(self, at: int) -> None:
        self.held_comments.pop(at, None)

    class ContentErased(Root.Event):
        class_version = 1
        reason: str

    def check_not_erased(self) -> None:
        if self.erased:
            raise TransitionNotAllowed(N_("this idea's words were erased"))

    def record_erasure(self, reason: str) -> None:
        """Record that the item's words were erased (its key destroyed); the steps stay."""
        self.check_not_erased()
        self._content_erased(require_words(reason, N_("a reason for the erasure")))

    @event(ContentErased)
    def _content_erased(self, reason: str) -> None:
        self.erased = True
        self.redacted_text = None
        self.redacted_title = None
        self.redacted_comments = {}
        self.contact = None
        self.photos = []  # their bytes were sealed with the destroyed key, and deleted

    class GuardianConsentRecorded(Root.Event):
        class_version = 1
        guardian: str  # who consented, in words: "mother", "father", "grandparent", "guardian"

    class ContactGiven(Root.Event):
        class_version = 1
        contact: PrivateText

    def give_contact(self, contact: str, guardian: str | None = None) -> None:
        """Keep a way to reach the child; under 14, only after a guardian's consent."""
        self.check_not_erased()
        words = (contact or "").strip()
        if not words:
            raise InvalidValue(N_("the contact detail is empty"))
        if self.age_band.is_under_14 and not self.guardian_consent:
            if not (guardian or "").strip():
                raise ExplanationRequired(
                    N_("a child under 14 may leave a contact detail only with a guardian's consent")
                )
            self._guardian_consent_recorded(guardian.strip())  # type: ignore[union-attr]
        self._contact_given(PrivateText(self.id, words))

    @event(GuardianConsentRecorded)
    def _guardian_consent_recorded(self, guardian: str) -> None:
        self.guardian_consent = True

    @event(ContactGiven)
    def _contact_given(self, contact: PrivateText) -> None:
        self.contact = contact

