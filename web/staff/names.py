"""Names in three languages, for admins: rename a place or a topic (each rename is an event)."""

from __future__ import annotations

from typing import Any

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from domain.actors import Actor
from domain.topic import Topic
from domain.values import Role
from domain.venue import Venue
from web.auth import current_staff, requires
from web.children.words import VENUE_KINDS
from web.extensions import places
from web.forms import submit_form
from web.staff import bp
from web.staff.forms import NamesForm


KIND_WORDS = {**VENUE_KINDS, "body": _l("Responsible bodies")}


def me() -> Actor:
    return Actor.staff(current_staff().username)


@bp.get("/admin/names")
@requires(Role.ADMIN)
def names() -> str:
    """List every place and topic with its name in each language."""
    return render_template("staff/admin/names.html", venues=places().list_venues(), topics=places().list_topics(),
                           kind_words=KIND_WORDS)


@bp.route("/admin/names/venues/<slug>", methods=["GET", "POST"])
@requires(Role.ADMIN)
def rename_venue(slug: str) -> Any:
    """Show a place's names; rename it (and its district) in any of the three languages."""
    venue = places().get_venue(slug)
    form = NamesForm.of(venue.names, venue.district_names if venue.district else None)
    return submit_form(
        form, lambda: places().rename_venue(venue.id, form.names(), me(), form.district_names()),
        done=lambda renamed: _("%(place)s is renamed.", place=places().name_of(renamed)),
        then=url_for(".names"),
        again=lambda: rename_page(venue, form),
    )


@bp.route("/admin/names/topics/<slug>", methods=["GET", "POST"])
@requires(Role.ADMIN)
def rename_topic(slug: str) -> Any:
    """Show a topic's names; rename it in any of the three languages."""
    topic = places().get_topic(slug)
    form = NamesForm.of(topic.names)
    return submit_form(
        form, lambda: places().rename_topic(topic.id, form.names(), me()),
        done=lambda renamed: _("%(place)s is renamed.", place=places().name_of(renamed)),
        then=url_for(".names"),
        again=lambda: rename_page(topic, form),
    )


def rename_page(named: Venue | Topic, form: NamesForm) -> str:
    return render_template("staff/admin/rename.html", named=named, form=form,
                           action=url_for(".rename_venue" if isinstance(named, Venue) else ".rename_topic",
                                          slug=named.slug))
