"""Privacy screens of the staff workspace: held words (redact or release), erasure, the safeguarding lane.

Sealed words never reach a staff page, except the safeguarding officer's answer to
"open the child's words": that POST records a Viewed event first, then shows them once.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from domain.actors import Actor
from domain.staff import StaffMember
from domain.suggestion import Suggestion
from domain.values import Role
from feedback.errors import ActionRefused, Conflict, InvalidInput, NotFound
from projections import work_queue
from web.auth import current_staff, requires
from web.extensions import feedback
from web.staff import bp, reads
from web.staff.forms import MAX_WORDS, StaffForm, StepForm, required_words, tidy


class RedactForm(StepForm):
    """The words to publish instead of the held ones."""

    title = StringField(_l("Title (without personal data)"), filters=[tidy],
                        validators=[Length(max=120, message=_l("At most 120 characters, please."))])
    text = TextAreaField(_l("Words (without personal data)"), filters=[tidy],
                         validators=[Length(max=MAX_WORDS, message=_l("At most 4,000 characters, please."))])


class ReleaseForm(StepForm):
    """Let the held words be public as they are."""


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
    if staff.has_role(Role.MODERATOR, Role.ADMIN) and not item.erased:
        forms["erase"] = True
    if failed is not None:
        forms[failed_step] = failed
    return forms


def item_again(item: Suggestion, form: StaffForm, step: str, status: int) -> Any:
    from web.staff.items import item_page

    return item_page(item, privacy_failed=(form, step)), status


@bp.post("/items/<code>/redact")
@requires(Role.MODERATOR)
def redact(code: str) -> Any:
    """Publish the words without personal data (the original stays sealed in the log)."""
    item = feedback().get_suggestion(code)
    form = RedactForm(prefix="redact")
    if form.validate_on_submit():
        try:
            feedback().redact(item.code, form.text.data or "", form.title.data or None,
                              Actor.staff(current_staff().username), expected_version=form.version.data)
        except Conflict:
            form.form_errors.append(_("Someone changed this item meanwhile. Look again, then try again."))
            form.at_version(feedback().get_suggestion(code).version)
            return item_again(feedback().get_suggestion(code), form, "redact", 409)
        except (ActionRefused, InvalidInput) as refusal:
            form.refuse(refusal)
        else:
            flash(_("The redacted words are public now; the original stays sealed."), "success")
            return redirect(url_for(".show_item", code=item.code))
    return item_again(feedback().get_suggestion(code), form, "redact", 422)


@bp.post("/items/<code>/release")
@requires(Role.MODERATOR)
def release(code: str) -> Any:
    """Let held words be public as they are (the screen was wrong)."""
    item = feedback().get_suggestion(code)
    form = ReleaseForm(prefix="release")
    if form.validate_on_submit():
        try:
            feedback().release(item.code, Actor.staff(current_staff().username), expected_version=form.version.data)
        except Conflict:
            form.form_errors.append(_("Someone changed this item meanwhile. Look again, then try again."))
            form.at_version(feedback().get_suggestion(code).version)
            return item_again(feedback().get_suggestion(code), form, "release", 409)
        except (ActionRefused, InvalidInput) as refusal:
            form.refuse(refusal)
        else:
            flash(_("Released: the words are public as they are."), "success")
            return redirect(url_for(".show_item", code=item.code))
    return item_again(feedback().get_suggestion(code), form, "release", 422)


@bp.route("/items/<code>/erase", methods=["GET", "POST"])
@requires(Role.MODERATOR, Role.ADMIN)
def erase(code: str) -> Any:
    """Erase an item's words for good, with a reason and a confirmation (no words are shown here)."""
    item = feedback().get_suggestion(code)
    if code != item.code:
        return redirect(url_for(".erase", code=item.code))
    form = EraseForm()
    if not item.erased and form.validate_on_submit():
        try:
            feedback().erase(item.code, Actor.staff(current_staff().username), form.reason.data)
        except (ActionRefused, InvalidInput) as refusal:
            form.refuse(refusal)
        else:
            flash(_("The child's words were erased. The steps taken stay."), "success")
            if current_staff().has_role(Role.MODERATOR):
                return redirect(url_for(".show_item", code=item.code))
            return redirect(url_for(".erase", code=item.code))
    status = 422 if form.is_submitted() and not item.erased else 200
    return render_template("staff/erase.html", item=item, form=form), status


# -- the safeguarding lane ----------------------------------------------------------


@bp.get("/safeguarding")
@requires(Role.SAFEGUARDING)
def safeguarding() -> str:
    """List the sealed cases: when, why, the item's status, how many openings — never the words."""
    rows = [(case, case.item) for case in work_queue.sealed_cases(reads.views())]
    return render_template("staff/safeguarding.html", rows=rows)


def case_and_item(item_id: UUID) -> tuple[Any, Suggestion]:
    """Return a case and its item without opening it (nothing recorded, no words shown)."""
    case = work_queue.sealed_case(reads.views(), item_id)
    if case is None:
        raise NotFound("there is no such safeguarding case")
    return case, feedback().get_suggestion_by_id(item_id)


@bp.route("/safeguarding/<uuid:item_id>", methods=["GET", "POST"])
@requires(Role.SAFEGUARDING)
def safeguarding_case(item_id: UUID) -> Any:
    """Show a case; a POST opens it: the opening is recorded, then the words show on that answer only."""
    form = OpenCaseForm()
    opened = False
    if form.validate_on_submit():
        case, item = feedback().open_case(item_id, Actor.staff(current_staff().username))
        opened = True
    else:
        case, item = case_and_item(item_id)
    response = render_template("staff/safeguarding_case.html", case=case, item=item, opened=opened,
                               open_form=OpenCaseForm(formdata=None), close_form=CloseCaseForm(formdata=None))
    return response, 200, {"Cache-Control": "no-store"}


@bp.post("/safeguarding/<uuid:item_id>/close")
@requires(Role.SAFEGUARDING)
def close_safeguarding_case(item_id: UUID) -> Any:
    """Close a case with a note of what was done."""
    case_and_item(item_id)  # 404 for an unknown case
    form = CloseCaseForm()
    if form.validate_on_submit():
        try:
            feedback().close_case(item_id, form.note.data, Actor.staff(current_staff().username))
        except (ActionRefused, InvalidInput) as refusal:
            form.refuse(refusal)
        else:
            flash(_("The case is closed."), "success")
            return redirect(url_for(".safeguarding"))
    case, item = case_and_item(item_id)
    return render_template("staff/safeguarding_case.html", case=case, item=item, opened=False,
                           open_form=OpenCaseForm(formdata=None), close_form=form), 422
