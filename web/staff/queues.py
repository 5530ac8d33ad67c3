"""Work lists: the moderation queue, the deputies' review list, and a body's inbox."""

from __future__ import annotations

from flask import abort, render_template, request

from domain.values import Role, Status
from feedback.errors import N_, Forbidden
from web.auth import current_staff, requires
from web.extensions import places
from web.staff import bp, reads

INBOX_SECTIONS = (Status.FORWARDED, Status.ANSWERED, Status.IN_PROGRESS, Status.UNDER_REVIEW, Status.IMPLEMENTED)


def page_number() -> int:
    """Return the page asked for (1 when none or nonsense)."""
    page = request.args.get("page", "1")
    if not page.isdigit() or int(page) < 1:
        abort(404)
    return int(page)


@bp.get("/queue")
@requires(Role.MODERATOR)
def moderation_queue() -> str:
    """List new items to screen, oldest first, each with its words."""
    page = page_number()
    rows, total = reads.queue_page(page, status=Status.SUBMITTED.value)
    return render_template("staff/queue.html", rows=rows, total=total, page=page, pages=pages(total))


@bp.get("/review")
@requires(Role.DEPUTY)
def review_list() -> str:
    """List accepted items waiting to be grouped, forwarded or answered."""
    page = page_number()
    rows, total = reads.queue_page(page, status=Status.UNDER_REVIEW.value)
    return render_template("staff/review.html", rows=rows, total=total, page=page, pages=pages(total))


@bp.get("/inbox")
@requires(Role.OFFICIAL)
def inbox() -> str:
    """List the items forwarded to the official's own body, by what they wait for."""
    body_id = current_staff().body_id
    if body_id is None:
        raise Forbidden(N_("an official answers for a body: ask an admin to name it"))
    queue = reads.queue_for()
    sections = [
        (status, reads.items_of(queue.rows(body_id=body_id.hex, status=status.value, limit=reads.PAGE)),
         queue.count(body_id=body_id.hex, status=status.value))
        for status in INBOX_SECTIONS
    ]
    overdue = queue.count(body_id=body_id.hex, overdue=True)
    return render_template("staff/inbox.html", sections=sections, overdue=overdue,
                           body=places().venue_name(body_id))


def pages(total: int) -> int:
    return max(1, -(-total // reads.PAGE))
