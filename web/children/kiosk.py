"""A message board's kiosk: a tablet where one child after another shares an idea, and its poster."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from domain.values import Channel, VenueKind
from domain.venue import Venue
from feedback.errors import ActionRefused, InvalidInput, NotFound
from web.children import bp
from web.children.forms import KioskForm
from web.children.qr import qr_svg
from web.children.views import tracking_qr
from web.extensions import feedback, places, receipts
from web.i18n import current_language
from web.urls import public_url

# The receipt lives in the session until the next child starts, never in an address the
# browser's history keeps: pressing Back cannot show the previous child's code.
RECEIPT = "kiosk_receipt"
WAIT_SECONDS = 60
MORE_TIME_SECONDS = 10 * WAIT_SECONDS


def holder(board: Venue) -> str:
    """Who may see a kiosk's receipt: that board's kiosk, until the next child starts."""
    return f"kiosk:{board.id.hex}"


def kiosk_board(slug: str) -> Venue:
    """Return the open message board ``slug``, or answer 404."""
    try:
        board = places().get_venue(slug)
    except NotFound:
        abort(404)
    if board.kind is not VenueKind.MESSAGE_BOARD or not board.is_open:
        abort(404)
    return board


@bp.route("/kiosk/<slug>", methods=["GET", "POST"])
def kiosk(slug: str) -> Any:
    """Show the board's kiosk form, empty for each new child; file the idea."""
    board = kiosk_board(slug)
    if request.method == "GET":
        held = session.pop(RECEIPT, None)
        if isinstance(held, dict) and isinstance(held.get("held"), str):
            receipts().drop(held["held"])  # the next child: the last one's code is gone from the server too
    form = KioskForm()
    if form.validate_on_submit():
        try:
            item = feedback().submit(**form.submission(board), language=current_language())
        except (InvalidInput, ActionRefused) as refusal:
            form.refuse(refusal)
        else:
            session[RECEIPT] = {"board": board.slug, "held": receipts().hold(item.code, holder(board))}
            return redirect(url_for(".kiosk_receipt", slug=board.slug))
    return kiosk_page(board, form)


def kiosk_page(board: Venue, form: KioskForm) -> str:
    return render_template("children/kiosk.html", board=board, form=form)


@bp.get("/kiosk/<slug>/receipt")
def kiosk_receipt(slug: str) -> Any:
    """Show the child's code and QR code, then go back to an empty form for the next child."""
    board = kiosk_board(slug)
    shown = session.get(RECEIPT) or {}
    held = shown.get("held") if isinstance(shown, dict) and shown.get("board") == board.slug else None
    code = receipts().show(held, holder(board), once=False) if isinstance(held, str) else None
    if code is None:
        return redirect(url_for(".kiosk", slug=board.slug))
    item = feedback().get_suggestion(code)
    wait = MORE_TIME_SECONDS if request.args.get("time") == "more" else WAIT_SECONDS
    return render_template("children/kiosk_receipt.html", board=board, item=item, qr=tracking_qr(item), wait=wait)


@bp.get("/kiosk/<slug>/poster")
def poster(slug: str) -> str:
    """Show a printable poster for the board, with a big QR code of its share form."""
    board = kiosk_board(slug)
    share_url = public_url(".share", channel=Channel.MESSAGE_BOARD.value, venue=board.slug)
    return render_template(
        "children/poster.html",
        board=board,
        share_url=share_url,
        kiosk_url=public_url(".kiosk", slug=board.slug),
        qr=qr_svg(share_url, title=_("QR code of the page where you can share your idea at %(board)s",
                                     board=places().venue_name(board.id))),
    )


def form_expired(slug: str) -> Any:
    """Keep the child's words when the form's safety token ran out, and ask to send again."""
    form = KioskForm()
    form.form_errors.append(
        _("Sorry, your idea did not get through. Your words are still here: please press Send again.")
    )
    return kiosk_page(kiosk_board(slug), form), 400
