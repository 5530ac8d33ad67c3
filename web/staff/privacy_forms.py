"""The privacy forms an item page offers: redact or release held words, erase them; the safeguarding lane's forms."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from domain.staff import StaffMember
from domain.suggestion import Suggestion
from domain.values import Role
from web.staff.forms import MAX_WORDS, StaffForm, VersionedForm, required_words, tidy


class RedactForm(VersionedForm):
    """The words to publish instead of the held ones."""

    title = StringField(_l("Title (without personal data)"), filters=[tidy],
                        validators=[Length(max=120, message=_l("At most 120 characters, please."))])
    text = TextAreaField(_l("Words (without personal data)"), filters=[tidy],
                         validators=[Length(max=MAX_WORDS, message=_l("At most 4,000 characters, please."))])


class ReleaseForm(VersionedForm):
    """Let the held words be public as they are."""


class CommentRedactForm(VersionedForm):
    """The words of a held comment that staff may read instead."""

    comment = TextAreaField(_l("Words (without personal data)"), filters=[tidy],
                            validators=[Length(max=MAX_WORDS, message=_l("At most 4,000 characters, please."))])


class CommentReleaseForm(VersionedForm):
    """Let staff read a held comment as it is."""


class EraseForm(StaffForm):
    reason = required_words(_l("Why are the words erased?"), _l("Say why the words are erased."))
    confirm = BooleanField(_l("I understand the words are gone for good; the steps taken stay."),
                           validators=[DataRequired(message=_l("Tick the box to confirm."))])


class OpenCaseForm(StaffForm):
    """Nothing to fill in: the button is the decision, and it is recorded."""


class CloseCaseForm(StaffForm):
    note = required_words(_l("What was done (never the child's words)"), _l("Say what was done."))


def may_moderate(staff: StaffMember, item: Suggestion) -> bool:
    """Say whether ``staff`` is offered redact and release on ``item`` (held, not sealed, not erased)."""
    return staff.has_role(Role.MODERATOR) and bool(item.held_for) and not item.sealed and not item.erased


def privacy_forms(staff: StaffMember, item: Suggestion, failed: StaffForm | None = None,
                  failed_step: str = "") -> dict[str, Any]:
    """Return the privacy forms the item page offers ``staff`` (a failed one keeps what was typed)."""
    forms: dict[str, Any] = {}
    if may_moderate(staff, item):
        redact = RedactForm(prefix="redact", formdata=None)
        redact.text.data = item.text.text or ""
        redact.title.data = item.title.text if item.title and item.title.text else ""
        forms["redact"] = redact.at_version(item.version)
        forms["release"] = ReleaseForm(prefix="release", formdata=None).at_version(item.version)
    if staff.has_role(Role.MODERATOR) and not item.erased and not item.sealed:
        forms.update(comment_forms(item))
    if staff.has_role(Role.MODERATOR, Role.ADMIN) and not item.erased:
        forms["erase"] = True
    if failed is not None:
        forms[failed_step] = failed
    return forms


def comment_forms(item: Suggestion) -> dict[str, Any]:
    """Return a redact and a release form for each held comment, keyed by their prefixes."""
    forms: dict[str, Any] = {}
    for at in sorted(item.held_comments):
        redact = CommentRedactForm(prefix=f"comment{at}-redact", formdata=None)
        redact.comment.data = item.comment_given_at(at).text or ""
        forms[f"comment{at}-redact"] = redact.at_version(item.version)
        forms[f"comment{at}-release"] = CommentReleaseForm(prefix=f"comment{at}-release",
                                                           formdata=None).at_version(item.version)
    return forms
