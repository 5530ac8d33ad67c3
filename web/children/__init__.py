"""The children's pages: home, share an idea, receipt, track, react, kiosk, privacy."""

from typing import Any

from flask import Blueprint, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

bp = Blueprint("children", __name__)

from web.children import icons  # noqa: E402

# Every page (the error page too) draws its pictures from one set of inline SVGs.
bp.add_app_template_global(icons, "icons")

from web.children import actions, kiosk, views  # noqa: E402
from web.children.forms import ShareForm  # noqa: E402

ACTIONS = {"children.react", "children.reconsider", "children.withdraw"}


@bp.errorhandler(CSRFError)
def form_expired(error: CSRFError) -> Any:
    """Give the child's words back with a fresh form, instead of losing them."""
    where = request.view_args or {}
    if request.endpoint in ACTIONS:
        return actions.form_expired(where["code"])
    if request.endpoint == "children.kiosk":
        return kiosk.form_expired(where["slug"])
    form = ShareForm()
    form.form_errors.append(
        _("Sorry, your idea did not get through. Your words are still here: please press Send again.")
    )
    return views.share_page(form), 400
