"""A facilitator types in a child's paper note and gets a receipt with the code to hand back."""

from __future__ import annotations

from typing import Any

import segno
from flask import render_template, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from domain.actors import Actor
from domain.values import Role
from feedback.errors import Forbidden
from web.auth import current_staff, requires
from web.extensions import feedback, places
from web.forms import submit_form
from web.staff import bp
from web.staff.forms import EntryForm
from web.urls import public_url

QR_SCALE = 5


@bp.route("/entry", methods=["GET", "POST"])
@requires(Role.FACILITATOR)
def new_entry() -> Any:
    """Show the paper-note form; file the note on the child's behalf."""
    form = EntryForm().offer(places().list_venues())
    return submit_form(
        form, lambda: feedback().submit(**form.submission(), actor=Actor.facilitator(current_staff().username)),
        done=None, then=lambda item: url_for(".entry_receipt", code=item.code),
        again=lambda: render_template("staff/entry.html", form=form),
    )


@bp.get("/entry/<code>")
@requires(Role.FACILITATOR)
def entry_receipt(code: str) -> str:
    """Show the code of a note this facilitator typed in, to write on a slip for the child."""
    item = feedback().get_suggestion(code)
    first = feedback().history(item.code)[0]
    if first.actor != Actor.facilitator(current_staff().username):
        raise Forbidden("only the facilitator who typed in this note sees its receipt")
    url = public_url("children.track_item", code=item.code)
    return render_template("staff/receipt.html", item=item, tracking_url=url, qr=qr_svg(url),
                           place=places().venue_name(item.venue_id))


def qr_svg(url: str) -> Markup:
    """Return a QR code of ``url`` as inline SVG (segno escapes what it writes)."""
    svg = segno.make(url, error="m").svg_inline(
        scale=QR_SCALE, omitsize=True, svgclass="qr", light="#fff",
        title=_("QR code of the page where the child can follow the idea"),
    )
    return Markup(svg)
