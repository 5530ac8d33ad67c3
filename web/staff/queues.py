"""Work lists: the moderation queue, the deputies' review list, and a body's inbox; each searched and filtered."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import render_template

from domain.values import Role, Status
from feedback.errors import N_, Forbidden
from web.auth import current_staff, requires
from web.extensions import places
from web.staff import bp, reads
from web.staff.filters import ListQuery, form_choices, list_query

INBOX_SECTIONS = (Status.FORWARDED, Status.ANSWERED, Status.IN_PROGRESS, Status.UNDER_REVIEW, Status.IMPLEMENTED)


@bp.get("/queue")
@requires(Role.MODERATOR)
def moderation_queue() -> str:
    """List new items to screen, oldest first, each with its words; search and filter them."""
    query = list_query(fixed={"status": Status.SUBMITTED.value})
    return render_template("staff/queue.html", **listed(query, "staff.moderation_queue"))


@bp.get("/review")
@requires(Role.DEPUTY)
def review_list() -> str:
    """List accepted items waiting to be grouped, forwarded or answered; search and filter them."""
    query = list_query(fixed={"status": Status.UNDER_REVIEW.value})
    return render_template("staff/review.html", **listed(query, "staff.review_list"))


def inbox_query() -> tuple[UUID, ListQuery]:
    """Return the signed-in official's body and the inbox's list as asked (overdue first, by due date by default)."""
    body_id = current_staff().body_id
    if body_id is None:
        raise Forbidden(N_("an official answers for a body: ask an admin to name it"))
    return body_id, list_query(sort="due", overdue_first=True, fixed={"body_id": body_id.hex})


@bp.get("/inbox")
@requires(Role.OFFICIAL)
def inbox() -> str:
    """List the items forwarded to the official's own body: overdue first, then by due date (by default)."""
    body_id, query = inbox_query()
    queue = reads.queue_for()
    counts = [(status, queue.count(body_id=body_id.hex, status=status.value)) for status in INBOX_SECTIONS]
    overdue = queue.count(body_id=body_id.hex, overdue=True)
    return render_template("staff/inbox.html", **listed(query, "staff.inbox"), counts=counts, overdue=overdue,
                           body=places().venue_name(body_id))


def listed(query: ListQuery, endpoint: str) -> dict[str, Any]:
    """Return one page of a list as ``query`` asks, with what its search form and pager need."""
    queue = reads.queue_for()
    asked = {"overdue": query.overdue, "narrowing": query.narrowing, **query.filters}
    total = queue.count(**asked)
    rows = reads.items_of(queue.rows(limit=reads.PAGE, offset=(query.page - 1) * reads.PAGE, **asked))
    return {"rows": rows, "total": total, "page": query.page, "pages": pages(total), "query": query,
            "endpoint": endpoint, "choices": form_choices()}


def pages(total: int) -> int:
    return max(1, -(-total // reads.PAGE))
