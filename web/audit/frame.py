"""What every page of the auditor's desk shares: the staff frame, its own menu, errors, and no caching."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask_babel import lazy_gettext as _l

from feedback.errors import FeedbackError
from web.audit import bp
from web.staff.frame import refused, staff_frame

MENU = (
    ("audit.desk", _l("The desk")),
    ("audit.events", _l("Events")),
    ("audit.as_of", _l("As of a moment")),
    ("audit.verify", _l("Verify")),
)
# What verification may find wrong at a position (feedback.audit.Finding.kind), as an auditor reads it.
FINDINGS = {
    "changed": _l("an event was changed"),
    "inserted": _l("an event was slipped in"),
    "missing": _l("an event is missing"),
    "reordered": _l("events are out of order"),
}

bp.context_processor(staff_frame)
bp.errorhandler(FeedbackError)(refused)


@bp.context_processor
def audit_frame() -> dict[str, Any]:
    """Give every audit page the desk's own menu."""
    return {"audit_menu": MENU, "finding_words": FINDINGS}


@bp.after_request
def not_kept(response: Response) -> Response:
    """Keep audit pages and exports out of every cache: they show the log as it is now."""
    response.headers["Cache-Control"] = "no-store"
    return response
