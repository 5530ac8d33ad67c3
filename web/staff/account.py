"""Signing in and out, and one's own password and API tokens."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from feedback.accounts import WrongPassword
from feedback.errors import InvalidInput, NotAuthenticated, TooManyAttempts
from web import auth
from web.auth import current_staff, requires
from web.extensions import accounts
from web.staff import bp
from web.staff.forms import ChangePasswordForm, RevokeTokenForm, SignInForm, SignOutForm


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> Any:
    """Show the sign-in form; start a session for the right username and password."""
    form = SignInForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        try:
            member = auth.sign_in(form.username.data, form.password.data)
        except NotAuthenticated:
            form.form_errors.append(_("That username and password do not match. Please try again."))
        else:
            flash(_("Signed in as %(name)s.", name=member.display_name), "success")
            return redirect(auth.safe_next(form.next.data, url_for(".home")))
    return render_template("staff/sign_in.html", form=form)


@bp.post("/sign-out")
def sign_out() -> Any:
    """End the session."""
    if SignOutForm().validate_on_submit():
        auth.sign_out()
        flash(_("Signed out."), "success")
    return redirect(url_for(".sign_in"))


@bp.route("/account", methods=["GET", "POST"])
@requires()
def account() -> Any:
    """Show one's own roles and tokens; change one's own password (a few wrong current ones, then a wait)."""
    member = current_staff()
    form = ChangePasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            accounts().change_password(member.username, form.current.data, form.password.data)
        except WrongPassword:
            form.current.errors = [_("That is not your current password.")]
        except TooManyAttempts:
            form.current.errors = [_("Too many wrong passwords. Wait 15 minutes, then try again.")]
            status = 429
        except InvalidInput as refusal:
            form.refuse(refusal)
        else:
            auth.start_session(member)  # the new password ended every session: keep this one going
            flash(_("Your password was changed. Other sessions are signed out."), "success")
            return redirect(url_for(".account"))
    if status == 200 and (form.errors or form.form_errors):
        status = 422
    return render_template("staff/account.html", member=member, form=form,
                           tokens=accounts().tokens(member.username)), status


@bp.post("/account/tokens/revoke")
@requires()
def revoke_own_token() -> Any:
    """Revoke one of one's own API tokens."""
    form = RevokeTokenForm()
    if form.validate_on_submit() and accounts().revoke_token(current_staff().username,
                                                                         form.token_id.data):
        flash(_("The token was revoked."), "success")
    else:
        flash(_("There is no such active token."), "error")
    return redirect(url_for(".account"))
