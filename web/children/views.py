"""Views of the children's pages: home, share an idea, receipt, track, privacy."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _

from domain.suggestion import REACTABLE, Suggestion
from domain.topic import Topic
from domain.values import Channel
from feedback.errors import ActionRefused, InvalidInput, NotFound
from web.children import bp, words
from web.children.forms import ReactForm, ReconsiderForm, ShareForm, TrackForm
from web.children.journey import journey
from web.children.qr import qr_svg
from web.children.story import hear_back_by, proposal_of, with_proposal, without_repeated_feelings
from web.children.visit import visit_from
from web.evidence import photo_key, photo_response
from web.extensions import feedback, places, services
from web.i18n import current_language
from web.timeline import timeline
from web.urls import public_url


@bp.context_processor
def child_words() -> dict[str, Any]:
    return {"words": words, "place_name": places().venue_name, "topic_name": places().topic_name,
            "track_url": public_url("children.track")}


@bp.get("/")
def home() -> str:
    """Show the big choices: share an idea, find one, review a hospital visit."""
    return render_template("children/home.html")


@bp.get("/privacy")
def privacy() -> str:
    """Say, in a child's words, what we keep and why."""
    return render_template("children/privacy.html")


@bp.route("/share", methods=["GET", "POST"])
def share() -> Any:
    """Show the share-an-idea form; file what the child sends."""
    form = ShareForm() if request.method == "POST" else ShareForm.for_visit(request.args)
    if form.validate_on_submit():
        try:
            item = feedback().submit(**form.submission(), language=current_language())
        except (InvalidInput, ActionRefused) as refusal:
            form.refuse(refusal)
        else:
            return redirect(url_for(".receipt", code=item.code))
    return share_page(form)


def share_page(form: ShareForm) -> str:
    visit = visit_from(request.args, feedback())
    form.offer_venues(places().list_venues(), places().venue_name, Channel(visit.channel))
    if visit.fixed:
        form.venue.label.text = words.PICK_LABELS[visit.channel]
    return render_template("children/share.html", form=form, visit=visit)


@bp.get("/receipt/<code>")
def receipt(code: str) -> str:
    """Show the new tracking code big, with a QR code of the tracking page."""
    item = feedback().get_suggestion(code)
    return render_template("children/receipt.html", item=item, qr=tracking_qr(item))


def tracking_qr(item: Suggestion) -> Any:
    url = public_url("children.track_item", code=item.code)
    return qr_svg(url, title=_("QR code of the page where you can see your idea"))


@bp.get("/track")
def track() -> Any:
    """Ask for a tracking code; send a valid one on to its page."""
    asked = "code" in request.args
    form = TrackForm(formdata=request.args if asked else None)
    if asked and form.validate():
        return redirect(url_for(".track_item", code=form.code.data))
    return render_template("children/track.html", form=form)


@bp.get("/track/<code>")
def track_item(code: str) -> Any:
    """Show where an idea is on its way, read from its own events."""
    item = feedback().get_suggestion(code)
    if code != item.code:
        return redirect(url_for(".track_item", code=item.code))
    return item_page(item)


@bp.get("/track/<code>/photos/<photo_id>")
def track_photo(code: str, photo_id: str) -> Any:
    """Send a photo of the work on the child's idea (only to whoever holds its code)."""
    item = feedback().get_suggestion(code)
    photo, data = services().evidence.photo(item, photo_key(photo_id))
    return photo_response(photo, data, public=False)


def item_page(item: Suggestion, react_form: ReactForm | None = None,
              reconsider_form: ReconsiderForm | None = None) -> str:
    """Render the tracking page, with the forms the child may use now (bound ones keep their errors)."""
    if item.status in REACTABLE:
        react_form = react_form or ReactForm(formdata=None, prefix="react")
    if item.can_reconsider:
        reconsider_form = reconsider_form or ReconsiderForm(formdata=None, prefix="again")
    app = feedback()
    history = app.history_of(item)
    joined = app.get_suggestion_by_id(item.merged_into) if item.merged_into else None
    proposal = proposal_of(item, find_topic, latest_events) or (
        proposal_of(joined, find_topic, latest_events) if joined else None)
    return render_template(
        "children/track_item.html",
        item=item,
        steps=with_proposal(without_repeated_feelings(timeline(history, places().venue_name, places().topic_name)),
                            proposal),
        stages=journey(item, places().venue_name),
        place=places().venue_name(item.venue_id),
        wrote=wrote_words(item),
        due=hear_back_by(item, history, app.clock, app.settings.answer_within_days),
        proposal=proposal,
        proposal_steps=with_proposal([], proposal),
        joined=joined,
        react_form=react_form if item.status in REACTABLE else None,
        reconsider_form=reconsider_form if item.can_reconsider else None,
    )


def find_topic(key: UUID) -> Topic | None:
    """Return the topic from the catalogue in memory (a topic's stream grows with every idea attached)."""
    return next((topic for topic in places().list_topics() if topic.id == key), None)


# How far back in a topic's stream the page looks for its proposal's steps: a proposal is tabled
# and answered after its ideas are attached, so the newest events hold them; the page's cost stays
# the same however many ideas a topic has (the card above the story always shows the proposal).
RECENT_TOPIC_EVENTS = 50


def latest_events(topic_id: UUID) -> list[Any]:
    """Return the newest events of a topic, oldest first."""
    return list(reversed(list(feedback().events.get(topic_id, desc=True, limit=RECENT_TOPIC_EVENTS))))


def wrote_words(item: Suggestion) -> bool:
    """Say whether the child wrote anything (a hospital review may be faces only)."""
    if item.text.is_erased:
        return True  # there were words, and they are gone: the page says so
    return bool(str(item.text).strip() or (item.title and str(item.title).strip()))


@bp.errorhandler(NotFound)
def unknown_code(error: NotFound) -> Any:
    """Tell the child kindly that no idea has that code, and let them try again."""
    return render_template("children/not_found.html", form=TrackForm(formdata=None)), 404
