"""The item page: its whole timeline, and the steps its status and the viewer's roles allow."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import abort, get_template_attribute, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup

from domain.staff import StaffMember
from domain.suggestion import Suggestion
from domain.values import Role
from feedback.errors import Conflict
from feedback.evidence import WITH_PHOTOS
from feedback.photos import MAX_UPLOAD_BYTES, Photo, reencode
from feedback.permissions import may_view
from feedback.steps import ANSWER, Step, UnknownStep, check_may, roles_taking_steps, step_named, steps_open_to
from web.auth import current_staff, requires, safe_next
from web.children import words as child_words
from web.evidence import photo_key, photo_response
from web.extensions import accounts, feedback, places, services
from web.forms import submit_form
from web.i18n import LOCALES, answer_in, language_tag
from web.staff import bp, reads
from web.staff.forms import STEP_FORMS, StepForm
from web.staff.privacy_forms import privacy_forms
from web.staff.words import Entry, entries


def step_form(step: Step, item: Suggestion | None = None) -> StepForm:
    """Return the form of ``step`` with its choices offered (and at ``item``'s version when given)."""
    form = STEP_FORMS[step](prefix=step.name)
    form.offer(places().list_topics(), places().bodies(), answering=answering_bodies())
    return form.at_version(item.version) if item is not None else form


def answering_bodies() -> set[UUID]:
    """Return the ids of the bodies some official answers for: the only ones an item is forwarded to."""
    return {member.body_id for member in accounts().list_staff() if member.body_id is not None}


def staff_timeline(item: Suggestion, since: int = 0) -> list[Entry]:
    """Return the item's events after version ``since``, in staff words (from its own events)."""
    events = [e for e in feedback().history_of(item) if e.originator_version > since]
    return entries(events, places().venue_name, places().topic_name, item=item)


def related(staff: StaffMember, item_id: UUID | None) -> Suggestion | None:
    """Return a merged or merging item if ``staff`` may read it (a link must not reveal more)."""
    if item_id is None:
        return None
    other = feedback().get_suggestion_by_id(item_id)
    return other if may_view(staff, other) else None


def item_page(item: Suggestion, failed: StepForm | None = None, changed: list[Entry] | None = None,
              privacy_failed: tuple[Any, str] | None = None, preview: Markup | None = None) -> str:
    """Render the item page; ``failed`` is a step's form to show again with what was typed (``preview``: the answer)."""
    staff = current_staff()
    failed_step = failed.step if failed is not None else None
    forms = {step: (failed if step is failed_step else step_form(step, item)) for step in steps_open_to(staff, item)}
    return render_template(
        "staff/item.html",
        item=item,
        entries=staff_timeline(item),
        forms=forms,
        changed=changed or [],
        duplicates=reads.duplicates_of(item) if any(step.picks_an_item for step in forms) else [],
        merged_into=related(staff, item.merged_into),
        merged_here=[related(staff, i) for i in item.duplicates],
        venue=places().venue_name(item.venue_id),
        topic=places().topic_name(item.topic_id),
        body=places().venue_name(item.body_id),
        next=request.args.get("next", ""),
        answer_in=answer_in(item.language),
        privacy=privacy_forms(staff, item, *(privacy_failed or ())),
        refused=failed.form_errors if failed is not None and failed_step not in forms else [],
        preview=preview,
        with_photos=WITH_PHOTOS,
        previewed=ANSWER,
    )


@bp.get("/items/<ref>")
@requires(Role.MODERATOR, Role.DEPUTY, Role.OFFICIAL, Role.AUDITOR)
def show_item(ref: str) -> Any:
    """Show an item's whole history and the steps open to the viewer (by its public reference, never a code)."""
    item = reads.visible_item(current_staff(), ref)
    if ref != item.ref:
        return redirect(url_for(".show_item", ref=item.ref))
    return item_page(item)


@bp.post("/items/<ref>/<step_name>")
@requires(*roles_taking_steps())
def take_step(ref: str, step_name: str) -> Any:
    """Take a step at the version the viewer saw; else show the page again with what was typed."""
    try:
        step = step_named(step_name)
    except UnknownStep:
        abort(404)
    staff = current_staff()
    item = reads.visible_item(staff, ref)
    check_may(staff, step, item)
    form = step_form(step)
    if step is ANSWER and "preview" in request.form:
        return preview_answer(item, form)
    try:
        return submit_form(
            form,
            lambda: services().evidence.take_step(staff, item.ref, step, uploaded_photos(form),
                                                  expected_version=form.version.data, **form.params()),
            done=_(step.done),
            then=safe_next(request.args.get("next"), url_for(".show_item", ref=item.ref)),
            again=lambda: item_page(feedback().get_by_ref(item.ref), form),
        )
    except Conflict:
        return changed_meanwhile(item.ref, form)


def uploaded_photos(form: StepForm) -> list[Photo]:
    """Return the photos sent with a progress report or the work done, re-encoded (a refusal names the file)."""
    field = getattr(form, "photos", None)
    files = [f for f in (field.data or []) if getattr(f, "filename", "")] if field is not None else []
    return [reencode(f.read(MAX_PHOTO_READ), f.filename or "") for f in files]


MAX_PHOTO_READ = MAX_UPLOAD_BYTES + 1  # one byte more than a photo may be: enough to refuse a larger one


def preview_answer(item: Suggestion, form: StepForm) -> Any:
    """Show the answer exactly as the child will read it, saving nothing; the form stays to send or edit."""
    if not form.validate_on_submit():
        return item_page(item, form), 422
    return item_page(item, form, preview=child_answer(item, form.decision.data, form.explanation.data,
                                                      form.response.data))


def child_answer(item: Suggestion, decision: str, explanation: str, response: str) -> Markup:
    """Render the child's answer card (the macro the child's page uses), with our words in the child's language."""
    with force_locale(LOCALES.get(language_tag(item.language) or "", LOCALES["zh-Hans"])):
        card = get_template_attribute("children/_answer.html", "answer_card")
        return Markup(card(child_words.DECISIONS[decision], explanation, response))


@bp.get("/items/<ref>/photos/<photo_id>")
@requires(Role.MODERATOR, Role.DEPUTY, Role.OFFICIAL, Role.AUDITOR)
def item_photo(ref: str, photo_id: str) -> Any:
    """Send a photo of the work on an item the viewer may read."""
    item = reads.visible_item(current_staff(), ref)
    photo, data = services().evidence.photo(item, photo_key(photo_id))
    return photo_response(photo, data, public=False)


def changed_meanwhile(ref: str, form: StepForm) -> Any:
    """Say what changed since the viewer read the item, and offer the step again at the new version."""
    staff = current_staff()
    item = reads.visible_item(staff, ref)
    since = form.version.data or 0
    form.at_version(item.version)
    form.form_errors.append(_("Someone changed this item meanwhile. Look at what changed, then try again."))
    return item_page(item, form, changed=staff_timeline(item, since)), 409

