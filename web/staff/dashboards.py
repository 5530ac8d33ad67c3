"""Dashboards from the projections: the staff's (exact) and the public one (small groups suppressed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from flask import render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from domain.staff import StaffMember
from domain.values import HOSPITAL_ASPECTS, Role
from feedback.steps import proposal_step
from projections import topic_board
from projections.small_groups import SMALL_GROUP
from projections.store import ViewStore
from web.auth import current_staff, requires
from web.charts import bar_chart
from web.extensions import places
from web.staff import bp, figures, public, reads, words
from web.staff.figures import Group

DIMENSION_WORDS = {
    "topic": _l("By topic"),
    "channel": _l("By channel"),
    "district": _l("By district"),
    "body": _l("By responsible body"),
    "month": _l("By month the ideas came"),
}


def group_name(by: str, key: Any) -> str:
    """Return the readable name of a group key of the adoption tracker."""
    if key is None:
        return {"topic": _("No topic"), "body": _("Not forwarded"), "district": _("No district")}.get(by, "–")
    if by == "topic":
        return places().topic_name(UUID(key)) or key
    if by == "body":
        return places().venue_name(UUID(key)) or key
    if by == "channel":
        return words.word(words.CHANNELS, key)
    if by == "district":
        return places().district_name(key) or key
    return str(key)


@dataclass(frozen=True)
class Section:
    """One adoption breakdown: its heading, chart and table rows."""

    key: str
    heading: str
    chart: Markup
    groups: list[Group]


def sections(public_figures: bool, views: ViewStore, today: date) -> list[Section]:
    """Return the adoption breakdowns by topic, channel, district and body."""
    found = []
    for by in figures.DIMENSIONS:
        groups = figures.groups(views, by, today, group_name, public_figures)
        heading = str(DIMENSION_WORDS[by])
        chart = bar_chart(f"adoption-{by}", _("Adoption rate, %(by)s", by=heading.lower()),
                          figures.rate_bars(groups), scale=100)
        found.append(Section(by, heading, chart, groups))
    return found


def proposals_of(views: ViewStore) -> list[dict[str, Any]]:
    """Return the Two Sessions proposals with their steps, each topic named in the page's language."""
    found = topic_board.proposals(views)
    for topic in found:
        topic["name"] = places().topic_name(UUID(topic["id"])) or topic["name"]
        topic["stage_words"] = _(proposal_step(topic["stage"]).label) if topic["stage"] else "–"
        for step in topic["steps"]:
            step["label"] = _(proposal_step(step["stage"]).label)
            step["at"] = datetime.fromisoformat(step["at"])
    return found


def dashboard(public_figures: bool, views: ViewStore | None = None, today: date | None = None) -> dict[str, Any]:
    """Return what both dashboards show, with figures suppressed for the public one.

    ``views`` and ``today`` default to the live read models and today; the auditor's
    time travel passes read models replayed to a past moment, and that moment's day.
    """
    views = reads.views() if views is None else views
    today = reads.today() if today is None else today
    times = figures.response_figures(views, public_figures)
    histogram = figures.histogram_bars(views, public_figures)
    with places().steady():  # one look at the log for every group's name
        found = sections(public_figures, views, today)
    return {
        "headline": figures.headline(views, today, public_figures),
        "sections": found,
        "times": times,
        "histogram": histogram,
        "histogram_chart": bar_chart("response-times", _("Days to the first answer"), histogram),
        "hospitals": figures.hospital_rows(views, public_figures),
        "proposals": [] if public_figures else proposals_of(views),
        "aspects": [(aspect, words.ASPECTS[aspect]) for aspect in HOSPITAL_ASPECTS],
        "count_words": figures.count_words,
        "small_group": SMALL_GROUP,
    }


def overdue_for(member: StaffMember) -> list[tuple[dict[str, Any], str]]:
    """Return the overdue items ``member`` may see (an official: only their body's), with body names."""
    rows = reads.queue_for(member).overdue()
    with places().steady():  # one look at the log for the bodies' names
        return [(row, places().venue_name(UUID(row["body_id"])) if row["body_id"] else "") for row in rows]


@bp.get("/dashboards")
@requires(Role.MODERATOR, Role.DEPUTY, Role.OFFICIAL, Role.AUDITOR)
def dashboards() -> str:
    """Show adoption, response times, overdue items and hospitals, exactly."""
    return render_template("staff/dashboards.html", overdue=overdue_for(current_staff()), **dashboard(False))


@public.get("/dashboard")
def public_dashboard() -> str:
    """Show the public figures: no group of fewer than 5 items is shown."""
    return render_template("staff/public_dashboard.html", **dashboard(True))
