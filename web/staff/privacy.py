"""Privacy screens of the staff workspace: held words (redact or release), erasure, the safeguarding lane.

Sealed words never reach a staff page, except the safeguarding officer's answer to
"open the child's words": that POST records a Viewed event first, then shows them once.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from domain.actors import Actor
from domain.suggestion import Suggestion
from domain.values import Role
from feedback.errors import N_, ActionRefused, Conflict, InvalidInput, NotFound
from projections import work_queue
from web.auth import current_staff, requires
from web.extensions import feedback, privacy
from web.staff import bp, reads
from web.forms import submit_form
from web.staff.forms import StaffForm, VersionedForm
from web.staff.items import item_page
from web.staff.privacy_forms import (
    CloseCaseForm,
    CommentRedactForm,
    CommentReleaseForm,
    EraseForm,
    OpenCaseForm,
    RedactForm,
    ReleaseForm,
)


def item_again(item: Suggestion, form: StaffForm, step: str, status: int) -> Any:
    return item_page(item, privacy_failed=(form, step)), status


def moderate_words(ref: str, step: str, form: VersionedForm, act: Any, done: str) -> Any:
    """Take a redact or release step at the version the moderator saw; else show the item page again."""
    item = feedback().get_by_ref(ref)
    try:
        return submit_form(
            form, lambda: act(item.ref, Actor.staff(current_staff().username), form.version.data),
            done=done, then=url_for(".show_item", ref=item.ref),
            again=lambda: item_again(feedback().get_by_ref(ref), form, step, 422)[0],
        )
    except Conflict:
        form.form_errors.append(_("Someone changed this item meanwhile. Look again, then try again."))
        form.at_version(feedback().get_by_ref(ref).version)
        return item_again(feedback().get_by_ref(ref), form, step, 409)


@bp.post("/items/<ref>/redact")
@requires(Role.MODERATOR)
def redact(ref: str) -> Any:
    """Publish the words without personal data (the original stays sealed in the log)."""
    form = RedactForm(prefix="redact")
    return moderate_words(
        ref, "redact", form,
        lambda ref, actor, version: privacy().redact(ref, form.text.data or "", form.title.data or None, actor,
                                                      expected_version=version),
        _("The redacted words are public now; the original stays sealed."),
    )


@bp.post("/items/<ref>/release")
@requires(Role.MODERATOR)
def release(ref: str) -> Any:
    """Let held words be public as they are (the screen was wrong)."""
    form = ReleaseForm(prefix="release")
    return moderate_words(
        ref, "release", form,
        lambda ref, actor, version: privacy().release(ref, actor, expected_version=version),
        _("Released: the words are public as they are."),
    )


@bp.post("/items/<ref>/comments/<int:at>/redact")
@requires(Role.MODERATOR)
def redact_comment(ref: str, at: int) -> Any:
    """Let staff read a held comment without its personal data."""
    form = CommentRedactForm(prefix=f"comment{at}-redact")
    return moderate_words(
        ref, f"comment{at}-redact", form,
        lambda ref, actor, version: privacy().redact_comment(ref, at, form.comment.data or "", actor,
                                                              expected_version=version),
        _("The comment is redacted; the original stays sealed."),
    )


@bp.post("/items/<ref>/comments/<int:at>/release")
@requires(Role.MODERATOR)
def release_comment(ref: str, at: int) -> Any:
    """Let staff read a held comment as it is (the screen was wrong)."""
    form = CommentReleaseForm(prefix=f"comment{at}-release")
    return moderate_words(
        ref, f"comment{at}-release", form,
        lambda ref, actor, version: privacy().release_comment(ref, at, actor, expected_version=version),
        _("Released: staff read the comment as it is."),
    )


@bp.route("/items/<ref>/erase", methods=["GET", "POST"])
@requires(Role.MODERATOR, Role.ADMIN)
def erase(ref: str) -> Any:
    """Erase an item's words for good, with a reason and a confirmation (no words are shown here)."""
    item = feedback().get_by_ref(ref)
    if ref != item.ref:
        return redirect(url_for(".erase", ref=item.ref))
    form = EraseForm()
    if not item.erased and form.validate_on_submit():
        try:
            privacy().erase(item, Actor.staff(current_staff().username), form.reason.data)
        except (ActionRefused, InvalidInput) as refusal:
            form.refuse(refusal)
        else:
            flash(_("The child's words were erased. The steps taken stay."), "success")
            if current_staff().has_role(Role.MODERATOR):
                return redirect(url_for(".show_item", ref=item.ref))
            return redirect(url_for(".erase", ref=item.ref))
    status = 422 if form.is_submitted() and not item.erased else 200
    return render_template("staff/erase.html", item=item, form=form), status


# -- the safeguarding lane ----------------------------------------------------------


@bp.get("/safeguarding")
@requires(Role.SAFEGUARDING)
def safeguarding() -> str:
    """List the sealed cases: when, why, the item's status, how many openings — never the words."""
    rows = [(case, case.item) for case in work_queue.sealed_cases(reads.views())]
    return render_template("staff/safeguarding.html", rows=rows)


def case_and_item(ref: str) -> tuple[Any, Suggestion]:
    """Return a case and its item without opening it (nothing recorded, no words shown)."""
    item = feedback().get_by_ref(ref)
    case = work_queue.sealed_case(reads.views(), item.id)
    if case is None:
        raise NotFound(N_("there is no such safeguarding case"))
    return case, item


@bp.route("/safeguarding/<ref>", methods=["GET", "POST"])
@requires(Role.SAFEGUARDING)
def safeguarding_case(ref: str) -> Any:
    """Show a case; a POST opens it: the opening is recorded, then the words show on that answer only."""
    form = OpenCaseForm()
    opened = False
    case, item = case_and_item(ref)  # 404 for an unknown reference or an item with no case
    if form.validate_on_submit():
        case, item = privacy().open_case(item.id, Actor.staff(current_staff().username))
        opened = True
    response = render_template("staff/safeguarding_case.html", case=case, item=item, opened=opened,
                               open_form=OpenCaseForm(formdata=None), close_form=CloseCaseForm(formdata=None))
    return response, 200, {"Cache-Control": "no-store"}


@bp.post("/safeguarding/<ref>/close")
@requires(Role.SAFEGUARDING)
def close_safeguarding_case(ref: str) -> Any:
    """Close a case with a note of what was done."""
    case, item = case_and_item(ref)  # 404 for an unknown case
    form = CloseCaseForm()
    if form.validate_on_submit():
        try:
            privacy().close_case(item.id, form.note.data, Actor.staff(current_staff().username))
        except (ActionRefused, InvalidInput) as refusal:
            form.refuse(refusal)
        else:
            flash(_("The case is closed."), "success")
            return redirect(url_for(".safeguarding"))
    case, item = case_and_item(ref)
    return render_template("staff/safeguarding_case.html", case=case, item=item, opened=False,
                           open_form=OpenCaseForm(formdata=None), close_form=form), 422
