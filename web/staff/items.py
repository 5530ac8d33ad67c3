"""The item page: its whole timeline, and the steps its status and the viewer's roles allow."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from domain.staff import StaffMember
from domain.suggestion import Suggestion
from domain.values import Role
from feedback.errors import ActionRefused, Conflict, InvalidInput
from feedback.permissions import check_may, may_view, steps_open_to
from web.auth import current_staff, requires, safe_next
from web.extensions import feedback
from web.staff import bp, reads
from web.staff.forms import STEP_FORMS, StepForm
from web.staff.words import STEPS, Entry, entries

DONE = {
    "accept": _l("Accepted."),
    "decline": _l("Declined; the child will read your explanation."),
    "merge": _l("Merged."),
    "assign_topic": _l("Grouped under the topic."),
    "detach_topic": _l("Taken off the topic."),
    "forward": _l("Forwarded."),
    "answer": _l("Answered; the child will read your explanation."),
    "progress": _l("Progress reported."),
    "implemented": _l("Marked as implemented."),
}


def step_form(step: str, item: Suggestion | None = None) -> StepForm:
    """Return the form of ``step`` with its choices offered (and at ``item``'s version when given)."""
    form = STEP_FORMS[step](prefix=step)
    if step == "assign_topic":
        form.offer(feedback().list_topics())  # type: ignore[attr-defined]
    if step == "forward":
        form.offer(reads.bodies())  # type: ignore[attr-defined]
    return form.at_version(item.version) if item is not None else form


def staff_timeline(item: Suggestion, since: int = 0) -> list[Entry]:
    """Return the item's events after version ``since``, in staff words (from its own events)."""
    app = feedback()
    events = [e for e in app.events.get(item.id) if e.originator_version > since]
    return entries(events, app.venue_name, app.topic_name, sealed=item.sealed)


def related(staff: StaffMember, item_id: UUID | None) -> Suggestion | None:
    """Return a merged or merging item if ``staff`` may read it (a link must not reveal more)."""
    if item_id is None:
        return None
    other = feedback().get_suggestion_by_id(item_id)
    return other if may_view(staff, other) else None


def item_page(item: Suggestion, failed: StepForm | None = None, failed_step: str = "",
              changed: list[Entry] | None = None, privacy_failed: tuple[Any, str] | None = None) -> str:
    """Render the item page; ``failed`` is a form to show again with what was typed."""
    from web.staff.privacy import privacy_forms

    staff = current_staff()
    steps = steps_open_to(staff, item)
    forms = {step: (failed if step == failed_step and failed else step_form(step, item)) for step in steps}
    app = feedback()
    return render_template(
        "staff/item.html",
        item=item,
        entries=staff_timeline(item),
        forms=forms,
        step_words=STEPS,
        changed=changed or [],
        duplicates=reads.duplicates_of(item) if "merge" in forms else [],
        merged_into=related(staff, item.merged_into),
        merged_here=[related(staff, i) for i in item.duplicates],
        venue=app.venue_name(item.venue_id),
        topic=app.topic_name(item.topic_id),
        body=app.venue_name(item.body_id),
        next=request.args.get("next", ""),
        privacy=privacy_forms(staff, item, *(privacy_failed or ())),
        refused=failed.form_errors if failed is not None and failed_step not in forms else [],
    )


@bp.get("/items/<code>")
@requires(Role.MODERATOR, Role.DEPUTY, Role.OFFICIAL, Role.AUDITOR)
def show_item(code: str) -> Any:
    """Show an item's whole history and the steps open to the viewer."""
    item = reads.visible_item(current_staff(), code)
    if code != item.code:
        return redirect(url_for(".show_item", code=item.code))
    return item_page(item)


def take_step(code: str, step: str) -> Any:
    """Validate the step's form and take the step at the version the viewer saw; else show the page again."""
    staff = current_staff()
    item = reads.visible_item(staff, code)
    check_may(staff, step, item)
    form = step_form(step)
    if form.validate_on_submit():
        try:
            feedback().act(staff, item.code, step, expected_version=form.version.data, **form.params())
        except Conflict:
            return changed_meanwhile(item.code, step, form)
        except (ActionRefused, InvalidInput) as refusal:
            form.refuse(refusal)
        else:
            flash(str(DONE[step]), "success")
            return redirect(safe_next(request.args.get("next"), url_for(".show_item", code=item.code)))
    return item_page(feedback().get_suggestion(item.code), form, step), 422


def changed_meanwhile(code: str, step: str, form: StepForm) -> Any:
    """Say what changed since the viewer read the item, and offer the step again at the new version."""
    staff = current_staff()
    item = reads.visible_item(staff, code)
    since = form.version.data or 0
    form.at_version(item.version)
    form.form_errors.append(_("Someone changed this item meanwhile. Look at what changed, then try again."))
    return item_page(item, form, step, changed=staff_timeline(item, since)), 409


@bp.post("/items/<code>/accept")
@requires(Role.MODERATOR)
def accept(code: str) -> Any:
    """Accept a new item for review."""
    return take_step(code, "accept")


@bp.post("/items/<code>/decline")
@requires(Role.MODERATOR)
def decline(code: str) -> Any:
    """Decline a new item with a reason and words for the child."""
    return take_step(code, "decline")


@bp.post("/items/<code>/merge")
@requires(Role.MODERATOR)
def merge(code: str) -> Any:
    """Merge an item into another one."""
    return take_step(code, "merge")


@bp.post("/items/<code>/assign_topic")
@requires(Role.DEPUTY)
def assign_topic(code: str) -> Any:
    """Group an item under a Two Sessions topic."""
    return take_step(code, "assign_topic")


@bp.post("/items/<code>/detach_topic")
@requires(Role.DEPUTY)
def detach_topic(code: str) -> Any:
    """Take an item off its topic."""
    return take_step(code, "detach_topic")


@bp.post("/items/<code>/forward")
@requires(Role.DEPUTY)
def forward(code: str) -> Any:
    """Forward an item to the body that must answer it."""
    return take_step(code, "forward")


@bp.post("/items/<code>/answer")
@requires(Role.OFFICIAL, Role.DEPUTY)
def answer(code: str) -> Any:
    """Answer an item: a decision, the official response and words for the child."""
    return take_step(code, "answer")


@bp.post("/items/<code>/progress")
@requires(Role.OFFICIAL, Role.DEPUTY)
def progress(code: str) -> Any:
    """Report progress on an adopted idea."""
    return take_step(code, "progress")


@bp.post("/items/<code>/implemented")
@requires(Role.OFFICIAL, Role.DEPUTY)
def implemented(code: str) -> Any:
    """Mark an adopted idea as implemented, with evidence."""
    return take_step(code, "implemented")
