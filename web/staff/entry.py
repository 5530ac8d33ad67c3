"""A facilitator types in a child's paper note and gets a receipt with the code to hand back.

The receipt shows the code once: the only adult who ever sees a child's code is the
facilitator writing the child's slip. It is carried to the receipt sealed in the
session, never in an address (no history, no logs), and redeemed on the server
once (``feedback/receipts.py``): a reload or a copied cookie shows nothing.
"""

from __future__ import annotations

from typing import Any

import segno
from flask import flash, redirect, render_template, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup

from domain.actors import Actor
from domain.values import Role
from web.auth import current_staff, requires
from web.extensions import feedback, places, receipts
from web.forms import submit_form
from web.i18n import DEFAULT, LOCALES, language_tag
from web.staff import bp
from web.staff.forms import EntryForm
from web.urls import public_url

QR_SCALE = 5
RECEIPT = "entry_receipt"  # the session key holding the code, for the one showing of the receipt


@bp.route("/entry", methods=["GET", "POST"])
@requires(Role.FACILITATOR)
def new_entry() -> Any:
    """Show the paper-note form; file the note on the child's behalf."""
    form = EntryForm().offer(places().list_venues())
    return submit_form(
        form, lambda: feedback().submit(**form.submission(), actor=Actor.facilitator(current_staff().username)),
        done=None, then=hand_over,
        again=lambda: render_template("staff/entry.html", form=form),
    )


def hand_over(item: Any) -> str:
    """Keep the new code for the receipt's one showing; return the receipt's address (which holds no code)."""
    session[RECEIPT] = receipts().hold(item.code, holder())
    return url_for(".entry_receipt")


def holder() -> str:
    return f"staff:{current_staff().username}"


@bp.get("/entry/receipt")
@requires(Role.FACILITATOR)
def entry_receipt() -> Any:
    """Show the code of the note this facilitator just typed in, once, to write on a slip for the child."""
    held = session.pop(RECEIPT, None)
    code = receipts().show(held, holder(), once=True) if isinstance(held, str) else None
    if code is None:
        flash(_("A receipt is shown once, right after the note is filed: the code is on the child's slip. "
                "Nobody can see it again."), "info")
        return redirect(url_for(".new_entry"))
    item = feedback().get_suggestion(code)
    url = public_url("children.track_item", code=item.code)
    return render_template("staff/receipt.html", item=item, tracking_url=url, qr=qr_svg(url),
                           place=places().venue_name(item.venue_id), slip=child_slip(item, url))


def child_slip(item: Any, url: str) -> Markup:
    """Return the slip for the child, in the language the child chose (whatever the facilitator reads)."""
    tag = language_tag(item.language) or DEFAULT
    with force_locale(LOCALES[tag]):
        return Markup(render_template("staff/_slip.html", item=item, lang=tag, tracking_url=url,
                                      track_url=public_url("children.track"),
                                      qr=qr_svg(url, title=_("QR code of the page where you can see your idea"))))


def qr_svg(url: str, title: str | None = None) -> Markup:
    """Return a QR code of ``url`` as inline SVG (segno escapes what it writes)."""
    svg = segno.make(url, error="m").svg_inline(
        scale=QR_SCALE, omitsize=True, svgclass="qr", light="#fff",
        title=title or _("QR code of the page where the child can follow the idea"),
    )
    return Markup(svg)
