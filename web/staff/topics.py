"""Topic boards of the Two Sessions: open a topic, join it, attach and detach items, table a proposal."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from domain.actors import Actor
from domain.topic import Topic
from domain.values import Role
from feedback.errors import ActionRefused, InvalidInput, NotFound
from projections import topic_board
from projections.work_queue import Narrowing
from web.auth import current_staff, requires
from web.extensions import feedback, places
from web.forms import submit_form
from web.staff import bp, reads
from web.staff.forms import AttachItemForm, JoinTopicForm, OpenTopicForm, OutcomeForm, ProposalForm, StaffForm
from web.staff.items import step_form
from feedback.steps import ASSIGN_TOPIC, DETACH_TOPIC

SHOWN_ITEMS = 100


def topics_page(form: OpenTopicForm | None = None) -> str:
    boards = topic_board.boards(reads.views())
    for board in boards:
        board["name"] = places().topic_name(UUID(board["id"])) or board["name"]
    boards.sort(key=lambda board: (board["session"], board["name"], board["slug"]))
    return render_template("staff/topics.html", boards=boards,
                           form=form or OpenTopicForm(), may_work=current_staff().has_role(Role.DEPUTY))


@bp.get("/topics")
@requires(Role.DEPUTY, Role.AUDITOR)
def topics() -> str:
    """List the topic boards with their items by status and their deputies."""
    return topics_page()


@bp.post("/topics")
@requires(Role.DEPUTY)
def open_topic() -> Any:
    """Open a new topic for a session."""
    form = OpenTopicForm()
    if form.validate_on_submit():
        try:
            topic = places().open_topic(form.slug.data, form.name.data, form.session.data, form.description.data,
                                          actor=me())
        except (ActionRefused, InvalidInput) as refusal:
            form.refuse(refusal)
        else:
            if topic.name != form.name.data:
                flash(_("A topic with that short name was already open: here it is."), "notice")
            else:
                flash(_("The topic is open."), "success")
            return redirect(url_for(".topic", slug=topic.slug))
    return topics_page(form), 422


def me() -> Actor:
    return Actor.staff(current_staff().username)


def topic_page(board: Topic, failed: dict[str, StaffForm] | None = None) -> str:
    """Render one topic's page; ``failed`` holds forms to show again with what was typed."""
    failed = failed or {}
    rows = topic_board.board_items(reads.views(), board.id.hex)
    words = request.args.get("q", "").strip()[:100] or None
    if words:  # the board's items whose words (as every staff reader may read them) hold every term
        found = reads.queue_for().rows(topic_id=board.id.hex, narrowing=Narrowing(q=words), limit=len(rows) or 1)
        matching = {row["id"] for row in found}
        rows = [row for row in rows if row["id"] in matching]
    items = reads.items_of(rows[:SHOWN_ITEMS])
    deputy = current_staff().has_role(Role.DEPUTY)
    return render_template(
        "staff/topic.html",
        topic=board,
        items=items,
        total=len(rows),
        words=words or "",
        may_work=deputy,
        joined=current_staff().username in board.deputies,
        detach_forms={item.ref: step_form(DETACH_TOPIC, item) for _, item in items if DETACH_TOPIC.allowed(item)},
        join_form=JoinTopicForm(),
        attach_form=failed.get("attach") or AttachItemForm(),
        proposal_form=failed.get("proposal") or ProposalForm(),
        outcome_form=failed.get("outcome") or OutcomeForm(),
    )


@bp.get("/topics/<slug>")
@requires(Role.DEPUTY, Role.AUDITOR)
def topic(slug: str) -> str:
    """Show a topic: its deputies, its items, its proposal and outcome."""
    return topic_page(places().get_topic(slug))


@bp.post("/topics/<slug>/join")
@requires(Role.DEPUTY)
def join_topic(slug: str) -> Any:
    """Join a topic as one of its deputies."""
    board = places().get_topic(slug)
    if JoinTopicForm().validate_on_submit():
        places().join_topic(board.id, current_staff().username)
        flash(_("You joined the topic."), "success")
    return redirect(url_for(".topic", slug=board.slug))


@bp.post("/topics/<slug>/attach")
@requires(Role.DEPUTY)
def attach_item(slug: str) -> Any:
    """Attach an item, by its public reference, to the topic."""
    board = places().get_topic(slug)
    form = AttachItemForm()
    if form.validate_on_submit():
        try:
            feedback().act(current_staff(), form.ref.data, ASSIGN_TOPIC, topic=board.id)
        except NotFound:
            form.ref.errors = [_("There is no item with that reference.")]
        except (ActionRefused, InvalidInput) as refusal:
            form.refuse(refusal)
        else:
            flash(_("The item is now on this topic."), "success")
            return redirect(url_for(".topic", slug=board.slug))
    return topic_page(board, {"attach": form}), 422


@bp.post("/topics/<slug>/proposal")
@requires(Role.DEPUTY)
def table_proposal(slug: str) -> Any:
    """Table the topic's formal proposal with its official number."""
    board = places().get_topic(slug)
    form = ProposalForm()
    return submit_form(
        form, lambda: places().table_proposal(board.id, form.number.data, form.title.data, me()),
        done=_("The proposal is tabled."), then=url_for(".topic", slug=board.slug),
        again=lambda: topic_page(board, {"proposal": form}),
    )


@bp.post("/topics/<slug>/outcome")
@requires(Role.DEPUTY)
def record_outcome(slug: str) -> Any:
    """Record what became of the tabled proposal."""
    board = places().get_topic(slug)
    form = OutcomeForm()
    return submit_form(
        form, lambda: places().record_outcome(board.id, form.outcome.data, me()),
        done=_("The outcome is recorded."), then=url_for(".topic", slug=board.slug),
        again=lambda: topic_page(board, {"outcome": form}),
    )
