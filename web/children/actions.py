"""What a child can do after an answer: react, ask once to look again, or take the idea back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from domain.actors import Actor
from domain.suggestion import Suggestion
from feedback.errors import ActionRefused, Conflict
from web.children import bp
from web.children.forms import EraseWordsForm, ReactForm, ReconsiderForm, WithdrawForm
from web.children.views import item_page
from web.extensions import feedback, privacy

DONE, PROBLEM = "done", "problem"


@bp.post("/track/<code>/react")
def react(code: str) -> Any:
    """Record how the child feels about the answer."""
    form = ReactForm(prefix="react")
    if form.validate_on_submit():
        reaction, comment = form.feeling()
        return act(code, lambda: feedback().react(code, reaction, comment),
                   _("Thank you for telling us how you feel!"))
    return item_page(feedback().get_suggestion(code), react_form=form)


@bp.post("/track/<code>/reconsider")
def reconsider(code: str) -> Any:
    """Ask, once, for a not-chosen idea to be looked at again."""
    form = ReconsiderForm(prefix="again")
    if form.validate_on_submit():
        return act(code, lambda: feedback().reconsider(code, form.comment.data or None),
                   _("We asked the grown-ups to look at your idea again."))
    return item_page(feedback().get_suggestion(code), reconsider_form=form)


@bp.route("/track/<code>/withdraw", methods=["GET", "POST"])
def withdraw(code: str) -> Any:
    """Ask "are you sure?", and take the idea back when the child says yes."""
    item = feedback().get_suggestion(code)
    form = WithdrawForm()
    if form.validate_on_submit():
        return act(code, lambda: feedback().withdraw(code), _("You took your idea back."))
    if item.is_final:
        return redirect(url_for(".track_item", code=item.code))
    return render_template("children/withdraw.html", item=item, form=form)


@bp.route("/track/<code>/erase", methods=["GET", "POST"])
def erase_words(code: str) -> Any:
    """Ask "are you sure?", and erase the child's words when they say yes (the steps stay)."""
    item = feedback().get_suggestion(code)
    if code != item.code:
        return redirect(url_for(".erase_words", code=item.code))
    form = EraseWordsForm()
    if item.erased:
        return redirect(url_for(".track_item", code=item.code))
    if form.validate_on_submit():
        return act(item.code, lambda: privacy().erase(item, Actor.child(), "the child asked"),
                   _("Your words were erased. What the grown-ups did stays."))
    return render_template("children/erase.html", item=item, form=form)


def act(code: str, change: Callable[[], Suggestion], thanks: str) -> Response:
    """Make the change and say so; if the idea has moved on meanwhile, say that kindly instead."""
    try:
        item = change()
    except (ActionRefused, Conflict):
        flash(_("Sorry, that cannot be done now. Here is where your idea is."), PROBLEM)
        return redirect(url_for(".track_item", code=code))
    flash(thanks, DONE)
    return redirect(url_for(".track_item", code=item.code))


def form_expired(code: str) -> Response:
    """Send the child back to the idea's page when a form's safety token ran out."""
    flash(_("Sorry, that did not get through. Please try again."), PROBLEM)
    return redirect(url_for(".track_item", code=code))
