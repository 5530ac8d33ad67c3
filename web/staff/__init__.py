"""The staff workspace (``/staff/...``) and the public dashboard (``/dashboard``)."""

from flask import Blueprint

from feedback import steps
from feedback.permissions import reads_original_words
from web.auth import configure_sessions, signed_in_staff

bp = Blueprint("staff", __name__, url_prefix="/staff")
public = Blueprint("dashboard", __name__)
bp.record_once(lambda state: configure_sessions(state.app))
bp.context_processor(lambda: {"steps": steps, "reads_originals": reads_original_words(signed_in_staff())})

from web.staff import (  # noqa: E402,F401
    account, admin, dashboards, entry, frame, home, items, names, privacy, queues, topics, you_said,
)
