"""Topic boards of the Two Sessions: open a topic, join it, attach and detach items, table a proposal."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any
from uuid import UUID

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from domain.actors import Actor
from domain.topic import ProposalStage, Topic
from domain.values import AgeBand, Role
from feedback.errors import N_, ActionRefused, InvalidInput, NotFound
from feedback.permissions import may_view, works_on_board
from feedback.steps import ASSIGN_TOPIC, DETACH_TOPIC, PROPOSAL_STEP
from projections import topic_board
from projections.small_groups import public_count
from projections.work_queue import Narrowing
from web.auth import current_staff, requires
from web.extensions import feedback, places
from web.forms import submit_form
from web.staff import bp, reads, words
from web.staff.duplicates import EVIDENCE, TOPIC_OFFERABLE, readable_words, topic_candidates
from web.staff.figures import count_words
from web.staff.forms import (
    AttachItemForm,
    JoinTopicForm,
    OpenTopicForm,
    StaffForm,
    WithdrawStepForm,
    correction_form,
    proposal_step_form,
)
from web.staff.items import step_form

STAGE_NAMES = frozenset(stage.value for stage in ProposalStage)
PROPOSAL_STEP_BY_NAME = {stage.value: step for stage, step in PROPOSAL_STEP.items()}

SHOWN_ITEMS = 100


def topics_page(form: OpenTopicForm | None = None) -> str:
    boards = topic_board.boards(reads.views())
    for board in boards:
        board["name"] = places().topic_name(UUID(board["id"])) or board["name"]
    boards.sort(key=lambda board: (board["session"], board["name"], board["slug"]))
    return render_template("staff/topics.html", boards=boards, proposal_words=PROPOSAL_STEP_BY_NAME,
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
    views = reads.views()
    rows = topic_board.board_items(views, board.id.hex)
    words = request.args.get("q", "").strip()[:100] or None
    if words:  # the board's items whose words (as every staff reader may read them) hold every term
        found = reads.queue_for().rows(topic_id=board.id.hex, narrowing=Narrowing(q=words), limit=len(rows) or 1)
        matching = {row["id"] for row in found}
        rows = [row for row in rows if row["id"] in matching]
    items = reads.items_of(rows[:SHOWN_ITEMS])
    staff = current_staff()
    deputy = staff.has_role(Role.DEPUTY)
    carries = works_on_board(staff, board.deputies)
    steps = board.proposal_steps  # from the topic's own events: the page after a step shows it at once
    standing = board.standing_steps
    return render_template(
        "staff/topic.html",
        topic=board,
        items=items,
        total=len(rows),
        words=words or "",
        may_work=deputy,
        joined=staff.username in board.deputies,
        carries=carries,
        evidence=EVIDENCE_STATUSES,
        weight=weight_of(board),
        candidates=candidates_of(board) if deputy else [],
        proposal=steps,
        proposal_words=PROPOSAL_STEP,
        next_forms={stage.value: failed.get(stage.value) or proposal_step_form(
                        PROPOSAL_STEP[stage], **({"title": board.proposal_title} if stage is ProposalStage.TABLED else {}))
                    for stage in board.next_stages()} if carries else {},
        fix_forms={step.position: failed.get(f"fix{step.position}") or correction_form(
                       PROPOSAL_STEP[step.stage], step.position, step.details) for step in standing}
        if carries else {},
        withdraw_form=(failed.get("withdraw") or WithdrawStepForm(prefix="withdraw")) if carries and standing else None,
        latest=standing[-1].position if standing else None,
        # A form for a step not offered now (the proposal moved meanwhile) still says why it was refused.
        stray=[form for key, form in failed.items() if key != "attach" and (not carries or key not in {
               *(stage.value for stage in board.next_stages()), *(f"fix{step.position}" for step in standing),
               "withdraw"})],
        detach_forms={item.ref: step_form(DETACH_TOPIC, item) for _, item in items if DETACH_TOPIC.allowed(item)},
        join_form=JoinTopicForm(),
        attach_form=failed.get("attach") or AttachItemForm(),
    )


EVIDENCE_STATUSES = frozenset(status.value for status in EVIDENCE)


def own_words(board: Topic) -> str:
    """Return a topic's own words: its names in every language and its description."""
    return " ".join(dict.fromkeys([board.name, *board.names.values(), board.description]))


def candidates_of(board: Topic) -> list[dict[str, Any]]:
    """Return the ideas from every place most like the topic, each with its score and a one-click form."""
    views = reads.views()
    pool = topic_board.candidate_pool(views, board.id.hex, tuple(status.value for status in TOPIC_OFFERABLE))
    found = topic_candidates(own_words(board), topic_board.attached_words(views, board.id.hex), pool)
    shown = []
    for alike in found:
        item = feedback().get_suggestion_by_id(UUID(alike.key))
        if not (offerable_to_topic(item) and may_view(current_staff(), item)):
            continue  # the read model is a moment behind: the item itself decides
        shown.append({"item": item, "score": alike.score, "evidence": item.status in EVIDENCE})
    return shown


def offerable_to_topic(item: Any) -> bool:
    """True when ``item`` may be offered to a board: it may join a topic, is on none, and its words may be read."""
    return item.status in TOPIC_OFFERABLE and item.topic_id is None and bool(readable_words(item))


def weight_groups(board: Topic) -> tuple[dict[str, Any], list[tuple[str, str, Counter[str]]]]:
    """Return the topic's weight (``projections.topic_board.weight``) and its exact counts by group, in words.

    Each group: its key (age, channel, district, place), its heading, and a count per label. The board
    and the dossier both show these, through the small-group rule.
    """
    counted = topic_board.weight(reads.views(), board.id.hex)
    by = counted["by"]

    def labelled(counter: Counter[Any], name: Callable[[Any], str]) -> Counter[str]:
        found: Counter[str] = Counter()
        for key, n in counter.items():
            found[name(key)] += n
        return found

    return counted, [
        ("age", _("Age band"), labelled(by["age_band"], lambda key: words.age_words(key) if key else "–")),
        ("channel", _("Channel"), labelled(by["channel"], lambda key: words.word(words.CHANNELS, key))),
        ("district", _("District"), labelled(by["district"],
                                             lambda key: places().district_name(key) or _("no district"))),
        ("place", _("Place"), labelled(by["venue_id"],
                                       lambda key: places().venue_name(UUID(key)) if key else _("the web"))),
    ]


def weight_of(board: Topic) -> dict[str, Any]:
    """Return how many children's ideas weigh on the topic, and by age band, channel, district and place.

    The counts by group follow the small-group rule (projections/small_groups.py): a group of 1 to 4
    ideas reads "fewer than 5", as deputies bring these figures to the session.
    """
    counted, groups = weight_groups(board)
    ages = [words.age_words(band) for band in AgeBand]  # youngest first, not as text sorts them

    def in_order(key: str, counter: Counter[str]) -> list[tuple[str, int]]:
        if key == "age":
            return sorted(counter.items(), key=lambda pair: ages.index(pair[0]) if pair[0] in ages else len(ages))
        return sorted(counter.items())

    return {
        **counted,
        "groups": [(heading, [{"label": label, "count": count_words(public_count(n))}
                              for label, n in in_order(key, counter)])
                   for key, heading, counter in groups],
    }


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


def board_work(slug: str, form: StaffForm, act: Any, done: str) -> Any:
    """Validate ``form`` and do ``act`` on the topic's proposal; a person not on the board is refused by the service."""
    board = places().get_topic(slug)
    return submit_form(
        form, lambda: act(board), done=done,
        then=url_for(".topic", slug=board.slug) + "#proposal-title",
        again=lambda: topic_page(board, {form._prefix.rstrip("-"): form}),
    )


@bp.post("/topics/<slug>/proposal/<stage>")
@requires(Role.DEPUTY)
def proposal_step(slug: str, stage: str) -> Any:
    """Record the next step of the topic's proposal (a deputy of its board only)."""
    step = PROPOSAL_STEP.get(ProposalStage(stage)) if stage in STAGE_NAMES else None
    if step is None or not step.offered:
        raise NotFound(N_("there is no proposal step called '%(step)s'"), step=stage)
    form = proposal_step_form(step)
    details = lambda: {param.name: getattr(form, param.name).data for param in step.params}  # noqa: E731
    return board_work(slug, form, lambda board: places().take_proposal_step(board.id, step.stage, current_staff(),
                                                                            **details()), _(step.done))


@bp.post("/topics/<slug>/proposal/<int:position>/correct")
@requires(Role.DEPUTY)
def correct_proposal_step(slug: str, position: int) -> Any:
    """Replace the details of a step of the topic's proposal, saying why."""
    board = places().get_topic(slug)
    standing = {step.position: step for step in board.standing_steps}
    if position not in standing:
        raise NotFound(N_("the proposal has no step %(position)s to correct"), position=position)
    step = PROPOSAL_STEP[standing[position].stage]
    form = correction_form(step, position)
    details = lambda: {param.name: getattr(form, param.name).data for param in step.params}  # noqa: E731
    return board_work(slug, form, lambda board: places().correct_proposal_step(
        board.id, position, form.reason.data, current_staff(), **details()), _("The step is corrected."))


@bp.post("/topics/<slug>/proposal/<int:position>/withdraw")
@requires(Role.DEPUTY)
def withdraw_proposal_step(slug: str, position: int) -> Any:
    """Withdraw the latest step of the topic's proposal, recorded wrongly, saying why."""
    form = WithdrawStepForm(prefix="withdraw")
    return board_work(slug, form, lambda board: places().withdraw_proposal_step(
        board.id, position, form.reason.data, current_staff()), _("The step is withdrawn."))
