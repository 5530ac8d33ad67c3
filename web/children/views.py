"""Views of the children's pages: home, share an idea, receipt, track."""

from __future__ import annotations

from typing import Any

import segno
from flask import redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from markupsafe import Markup

from feedback.errors import ActionRefused, InvalidInput, NotFound
from web.children import bp, words
from web.children.forms import ShareForm, TrackForm
from web.children.journey import journey
from web.extensions import feedback
from web.timeline import item_timeline

QR_SCALE = 6


@bp.app_context_processor
def page_language() -> dict[str, str]:
    """Give every page its language, as HTML's lang attribute spells it."""
    return {"page_lang": str(get_locale() or "en").replace("_", "-")}


@bp.context_processor
def child_words() -> dict[str, Any]:
    return {"words": words}


@bp.get("/")
def home() -> str:
    """Show the two big choices: share an idea, or find one."""
    return render_template("children/home.html")


@bp.route("/share", methods=["GET", "POST"])
def share() -> Any:
    """Show the share-an-idea form; file what the child sends."""
    form = ShareForm() if request.method == "POST" else ShareForm.for_visit(request.args)
    form.offer_venues(feedback().list_venues())
    if form.validate_on_submit():
        try:
            item = feedback().submit(**form.submission())
        except (InvalidInput, ActionRefused) as refusal:
            form.refuse(refusal)
        else:
            return redirect(url_for(".receipt", code=item.code))
    return render_template("children/share.html", form=form)


@bp.errorhandler(CSRFError)
def form_expired(error: CSRFError) -> Any:
    """Give the child's words back with a fresh form, instead of losing them."""
    form = ShareForm()
    form.offer_venues(feedback().list_venues())
    form.form_errors.append(
        _("Sorry, your idea did not get through. Your words are still here: please press Send again.")
    )
    return render_template("children/share.html", form=form), 400


@bp.get("/receipt/<code>")
def receipt(code: str) -> str:
    """Show the new tracking code big, with a QR code of the tracking page."""
    item = feedback().get_suggestion(code)
    url = url_for(".track_item", code=item.code, _external=True)
    return render_template("children/receipt.html", item=item, tracking_url=url, qr=qr_svg(url))


def qr_svg(url: str) -> Markup:
    """Return a QR code of ``url`` as inline SVG (segno escapes what it writes)."""
    svg = segno.make(url, error="m").svg_inline(
        scale=QR_SCALE,
        omitsize=True,
        svgclass="qr",
        lineclass="qr-line",
        light="#fff",
        title=_("QR code of the page where you can see your idea"),
    )
    return Markup(svg)


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
    return render_template(
        "children/track_item.html",
        item=item,
        steps=item_timeline(feedback(), item),
        stages=journey(item),
        place=feedback().venue_name(item.venue_id),
        joined=feedback().get_suggestion_by_id(item.merged_into) if item.merged_into else None,
    )


@bp.errorhandler(NotFound)
def unknown_code(error: NotFound) -> Any:
    """Tell the child kindly that no idea has that code, and let them try again."""
    return render_template("children/not_found.html", form=TrackForm(formdata=None)), 404
