"""The staff workspace (``/staff/...``) and the public dashboard (``/dashboard``)."""

from flask import Blueprint, Response, request

from feedback import steps
from feedback.permissions import reads_original_words
from web.auth import configure_sessions, signed_in_staff

bp = Blueprint("staff", __name__, url_prefix="/staff")
public = Blueprint("dashboard", __name__)
bp.record_once(lambda state: configure_sessions(state.app))
bp.context_processor(lambda: {"steps": steps, "reads_originals": reads_original_words(signed_in_staff())})



@bp.after_request
def read_your_writes(response: Response) -> Response:
    """After an action that worked (a POST answered by a redirect), let the read models reach it first.

    The page the redirect leads to (a list, a board, the item) then shows the action's
    effect; the wait is bounded (``web.staff.reads.settle``).
    """
    if request.method == "POST" and response.status_code in (302, 303):
        from web.staff import reads

        reads.settle()
    return response


from web.staff import (  # noqa: E402,F401
    account, admin, dashboards, documents, entry, frame, home, items, names, privacy, queues, topics, you_said,
)
