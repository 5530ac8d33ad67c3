"""What every staff page shares: the menu, the signed-in member, the words, and error pages."""

from __future__ import annotations

from typing import Any

from flask import g, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError

from domain.values import Role
from feedback.errors import FeedbackError
from web import auth
from web.errors import STATUS_OF
from web.extensions import accounts
from web.refusals import say
from web.staff import bp, words
from web.staff.forms import SignOutForm

NAV = (
    ("staff.new_entry", (Role.FACILITATOR,), _l("Paper notes")),
    ("staff.moderation_queue", (Role.MODERATOR,), _l("Moderation")),
    ("staff.review_list", (Role.DEPUTY,), _l("Under review")),
    ("staff.topics", (Role.DEPUTY, Role.AUDITOR), _l("Topics")),
    ("staff.inbox", (Role.OFFICIAL,), _l("Inbox")),
    ("staff.dashboards", (Role.MODERATOR, Role.DEPUTY, Role.OFFICIAL, Role.AUDITOR), _l("Dashboards")),
    ("staff.staff_list", (Role.ADMIN,), _l("Staff")),
    ("staff.names", (Role.ADMIN,), _l("Names")),
    ("staff.safeguarding", (Role.SAFEGUARDING,), _l("Safeguarding")),
    ("audit.desk", (Role.AUDITOR,), _l("Audit desk")),
)


@bp.context_processor
def staff_frame() -> dict[str, Any]:
    """Give every staff page the signed-in member, their menu and a sign-out form."""
    member = auth.signed_in_staff()
    links = [(endpoint, label) for endpoint, roles, label in NAV if member and member.has_role(*roles)]
    return {"staff_member": member, "staff_links": links, "sign_out_form": SignOutForm(),
            "role_words": words.ROLES, "status_words": words.STATUSES, "channel_words": words.CHANNELS,
            "category_words": words.CATEGORIES, "decision_words": words.DECISIONS,
            "reaction_words": words.REACTIONS, "aspect_words": words.ASPECTS, "kinds_words": words.kinds_words,
            "referral_words": words.REFERRAL_REASONS, "staff_names": staff_names}


def staff_name(username: str) -> str:
    """Return a staff member's name and position as an admin gave it (their username if none), once a request."""
    known: dict[str, str] = g.setdefault("staff_names", {})
    if username not in known:
        try:
            known[username] = accounts().get_staff(username).display_name or username
        except FeedbackError:  # an account that no longer exists keeps its username
            known[username] = username
    return known[username]


def staff_names(usernames: list[str]) -> str:
    """Return staff members' names as a list in the page's language ("陈洁、徐伟"), empty for none."""
    return words.listed([staff_name(username) for username in usernames]) if usernames else ""


@bp.errorhandler(FeedbackError)
def refused(error: FeedbackError) -> Any:
    """Answer a refusal on a staff page with a staff error page (403, 404, 409, 422)."""
    status = STATUS_OF.get(type(error), 400)
    return render_template("staff/error.html", status=status, refusal=say(error)), status


@bp.errorhandler(CSRFError)
def form_expired(error: CSRFError) -> Any:
    """Say that the form was too old (or not from this site), and how to go on."""
    message = _("This form has expired or did not come from this site. Go back, reload the page and try again.")
    return render_template("staff/error.html", status=400, message=message), 400
