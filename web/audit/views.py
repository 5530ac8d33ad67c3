"""The auditor's pages: the desk, the event browser, an item's history, time travel, verification, exports."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any
from uuid import UUID

from flask import Response, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

from domain.values import Role
from feedback.errors import NotFound
from web.audit import bp, exports
from web.audit.forms import EventFilterForm, ItemMomentForm, MomentForm, VerifyForm, aggregate_ref
from feedback.eventlog import Page
from web.audit.shown import lines, state_fields
from web.audit.travel import Replays, items_by_status, overdue_then, travel
from web.auth import requires
from web.extensions import audit_desk, places, services
from web.staff.dashboards import dashboard

CURSORS = ("before", "after")


@bp.record_once
def keep_replays(state: Any) -> None:
    state.app.extensions["audit_replays"] = Replays(state.app.extensions["services"].suggestions)


@bp.get("/")
@requires(Role.AUDITOR)
def desk() -> str:
    """Show what the auditor can do, with the log's current head."""
    return render_template("audit/desk.html", head=audit_desk().head(),
                           item_form=ItemMomentForm(), moment_form=MomentForm())


@bp.get("/events")
@requires(Role.AUDITOR)
def events() -> Any:
    """Browse the whole log, newest first, narrowed by item, aggregate, event type, actor and time."""
    form = EventFilterForm(request.args)
    if not form.validate():
        return render_template("audit/events.html", form=form, page=None, lines=[], pager={}), 422
    before, after = request.args.get("before", type=int), request.args.get("after", type=int)
    page = event_page(form, before, after)
    return render_template("audit/events.html", form=form, page=page, lines=lines(page.entries),
                           pager=pager_links(page))


def event_page(form: EventFilterForm, before: int | None, after: int | None) -> Page:
    """Return the page of events the form and the cursor ask for (one item's from its own stream)."""
    return audit_desk().page(form.filters(), before, after)


def pager_links(page: Page) -> dict[str, str]:
    """Return the links to older and newer events, keeping the filters."""
    kept = {key: value for key, value in request.args.items() if key not in CURSORS and value}
    links = {}
    if page.older is not None:
        links["older"] = url_for("audit.events", **kept, before=page.older)
    if page.newer is not None:
        links["newer"] = url_for("audit.events", **kept, after=page.newer)
    return links


@bp.get("/items")
@requires(Role.AUDITOR)
def find_item() -> Any:
    """Go to the history of the item whose reference was typed in."""
    ref = request.args.get("ref", "").strip()
    if not ref:
        return redirect(url_for("audit.desk"))
    own_events(ref)  # 404 here for what is not a reference or an id (a code never reaches a second address)
    return redirect(url_for("audit.history", ref=ref))


@bp.get("/items/<ref>")
@requires(Role.AUDITOR)
def history(ref: str) -> Any:
    """Show every version of an item (or any aggregate) and its state at a chosen version or moment."""
    desk = audit_desk()
    aggregate_id, stream = own_events(ref)
    form = ItemMomentForm(request.args)
    valid = form.validate()
    version, problem = chosen_version(stream, form) if valid else (len(stream), "")
    state = desk.state_at(aggregate_id, version)
    latest = state if version == len(stream) else desk.state_at(aggregate_id)
    locator = desk.locator()
    return render_template(
        "audit/history.html", form=form, ref=ref, aggregate_id=aggregate_id, versions=len(stream),
        kind=type(latest).__name__, name=display_name(latest), version=version, state=state,
        made=made_by(stream[version - 1]) if version else None,
        fields=state_fields(state) if state is not None else [], problem=problem,
        lines=lines([(*locator.position(event), event) for event in stream]),
    ), 200 if valid else 422


def own_events(ref: str) -> tuple[UUID, list[Any]]:
    """Return the id and every event of the aggregate ``ref`` names (a public reference or an id), or refuse with 404."""
    try:
        aggregate_id = aggregate_ref(ref)
    except ValueError as error:
        raise NotFound(str(error)) from None
    stream = audit_desk().stream(aggregate_id)
    if not stream:
        raise NotFound(_("There is no item with that reference or id."))
    return aggregate_id, stream


def chosen_version(stream: list[Any], form: ItemMomentForm) -> tuple[int, str]:
    """Return the version asked for (0: the item did not exist yet then), and what was wrong with the ask."""
    latest = len(stream)
    if form.version.data:
        if form.version.data > latest:
            return latest, _("This has only %(n)d versions; here is the latest.", n=latest)
        return form.version.data, ""
    if form.at.data:
        then = [event.originator_version for event in stream if event.timestamp <= form.at.data]
        return (then[-1] if then else 0), ""
    return latest, ""


def made_by(event: Any) -> tuple[str, datetime]:
    """Return the type and time of the event that made a version."""
    return type(event).__qualname__, event.timestamp


def display_name(aggregate: Any) -> str:
    """Return what names an aggregate to people: an item's reference, a username, a slug, else its id."""
    for attribute in ("ref", "username", "slug"):
        if getattr(aggregate, attribute, None):
            return str(getattr(aggregate, attribute))
    return str(aggregate.id)


@bp.get("/as-of")
@requires(Role.AUDITOR)
def as_of() -> Any:
    """Show the dashboards as they stood at a moment, replayed from the log up to it."""
    form = MomentForm(request.args)
    if "at" not in request.args:
        return render_template("audit/as_of.html", form=form, moment=None)
    if not form.validate():
        return render_template("audit/as_of.html", form=form, moment=None), 422
    # On the city's clock: the moment as people read it, and the day whose "overdue" the figures show.
    at = services().clock.local(form.at.data)
    moment = travel(audit_desk(), current_app.extensions["audit_replays"], at)
    overdue = [(row, places().venue_name(UUID(row["body_id"])) if row["body_id"] else "")
               for row in overdue_then(moment)]
    return render_template("audit/as_of.html", form=form, moment=moment, statuses=items_by_status(moment),
                           overdue=overdue, **dashboard(False, moment.views, moment.day))


@bp.get("/verify", endpoint="verify")
@requires(Role.AUDITOR)
def verify_log() -> Any:
    """Recompute the seal over the whole log (when asked to): OK with the head, or the first finding."""
    desk = audit_desk()
    form = VerifyForm(request.args)
    verdict, status = None, 200
    if request.args.get("run"):
        if form.validate():
            verdict = desk.verify(form.head.data)
        else:
            status = 422
    return render_template("audit/verify.html", form=form, verdict=verdict, head=desk.head(),
                           events=desk.event_count()), status


@bp.get("/export.csv")
@requires(Role.AUDITOR)
def export_csv() -> Response:
    """Download the log as CSV: every event's seal, and the time, actor and bytes of those that hide nothing."""
    records = audit_desk().records()
    return Response(exports.csv_rows(records), mimetype="text/csv", headers=attachment("csv"))


@bp.get("/export.jsonl")
@requires(Role.AUDITOR)
def export_jsonl() -> Response:
    """Download the log as JSON Lines, to verify offline with ``feedback audit verify --file``."""
    records = audit_desk().records()
    return Response(exports.jsonl(records), content_type="application/x-ndjson; charset=utf-8",
                    headers=attachment("jsonl"))


def attachment(extension: str) -> dict[str, str]:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return {"Content-Disposition": f'attachment; filename="one-meter-voice-log-{stamp}.{extension}"'}
