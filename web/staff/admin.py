"""Staff accounts, for admins: add staff, grant and revoke roles, set passwords, issue and revoke API tokens."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from domain.actors import Actor
from domain.staff import StaffMember
from domain.values import Role
from feedback.accounts import SelfGrantRefused
from feedback.errors import ActionRefused, InvalidInput
from web.auth import current_staff, requires
from web.extensions import accounts, places
from web.forms import submit_form
from web.refusals import say
from web.staff import bp
from web.staff.forms import (
    AddStaffForm,
    EndSessionsForm,
    IssueTokenForm,
    PasswordForm,
    RevokeRoleForm,
    RevokeTokenForm,
    RoleForm,
    StaffForm,
)


def me() -> Actor:
    return Actor.staff(current_staff().username)


def roles_of(member: StaffMember) -> list[tuple[Role, str]]:
    """Return a member's roles, each with the name of the body it answers for ('' for none)."""
    return [(role, places().venue_name(body_id)) for role, body_id in member.roles.items()]


@bp.get("/admin/staff")
@requires(Role.ADMIN)
def staff_list() -> str:
    """List every staff member with their roles."""
    members = [(member, roles_of(member)) for member in accounts().list_staff()]
    return render_template("staff/admin/staff_list.html", members=members)


@bp.route("/admin/staff/new", methods=["GET", "POST"])
@requires(Role.ADMIN)
def add_member() -> Any:
    """Show the add-staff form; register the member with a first role and password."""
    form = AddStaffForm().offer(places().bodies())

    def register() -> StaffMember:
        member = accounts().register_staff(form.username.data, form.role.data, me(), body=form.body.data or None,
                                           display_name=form.display_name.data)
        accounts().set_password(member.username, form.password.data)
        return member

    return submit_form(
        form, register,
        done=lambda member: _("%(name)s can now sign in.", name=member.username),
        then=lambda member: url_for(".member", username=member.username),
        again=lambda: render_template("staff/admin/new_member.html", form=form),
    )


def member_page(member: StaffMember, failed: dict[str, StaffForm] | None = None, new_token: str = "") -> str:
    """Render a member's page; ``failed`` holds forms to show again with what was typed."""
    failed = failed or {}
    return render_template(
        "staff/admin/member.html",
        member=member,
        roles=roles_of(member),
        tokens=accounts().tokens(member.username),
        sessions=accounts().session_count(member.username),
        end_sessions_form=EndSessionsForm(),
        new_token=new_token,
        role_form=failed.get("role") or RoleForm().offer(places().bodies()),
        password_form=failed.get("password") or PasswordForm(),
        token_form=failed.get("token") or IssueTokenForm(),
    )


@bp.get("/admin/staff/<username>")
@requires(Role.ADMIN)
def member(username: str) -> str:
    """Show a staff member's roles and tokens, with forms to change them."""
    return member_page(accounts().get_staff(username))


@bp.post("/admin/staff/<username>/roles")
@requires(Role.ADMIN)
def grant_role(username: str) -> Any:
    """Grant a role (an official's names their body; safeguarding and admin only to someone else)."""
    member = accounts().get_staff(username)
    form = RoleForm().offer(places().bodies())

    def grant() -> StaffMember:
        try:
            return accounts().grant_role(member.username, form.role.data, me(), body=form.body.data or None)
        except SelfGrantRefused:
            raise ActionRefused(_("You cannot grant yourself this role: ask another admin.")) from None

    return submit_form(
        form, grant,
        done=_("Role granted."), then=url_for(".member", username=member.username),
        again=lambda: member_page(member, {"role": form}),
    )


@bp.post("/admin/staff/<username>/roles/revoke")
@requires(Role.ADMIN)
def revoke_role(username: str) -> Any:
    """Take a role away."""
    member = accounts().get_staff(username)
    form = RevokeRoleForm()
    if form.validate_on_submit():
        try:
            accounts().revoke_role(member.username, form.role.data, me())
        except (ActionRefused, InvalidInput) as refusal:
            flash(say(refusal), "error")
        else:
            flash(_("Role revoked."), "success")
    return redirect(url_for(".member", username=member.username))


@bp.post("/admin/staff/<username>/password")
@requires(Role.ADMIN)
def set_password(username: str) -> Any:
    """Set a new password (every session of that member ends)."""
    member = accounts().get_staff(username)
    form = PasswordForm()
    return submit_form(
        form, lambda: accounts().set_password(member.username, form.password.data),
        done=_("The password was set; %(name)s is signed out everywhere.", name=member.username),
        then=url_for(".member", username=member.username),
        again=lambda: member_page(member, {"password": form}),
    )


@bp.post("/admin/staff/<username>/sessions/end")
@requires(Role.ADMIN)
def end_sessions(username: str) -> Any:
    """End every session of a member: each copy of their cookie stops working at once."""
    member = accounts().get_staff(username)
    if EndSessionsForm().validate_on_submit():
        accounts().end_sessions(member.username)
        flash(_("%(name)s is signed out everywhere.", name=member.username), "success")
    return redirect(url_for(".member", username=member.username))


@bp.post("/admin/staff/<username>/tokens")
@requires(Role.ADMIN)
def issue_token(username: str) -> Any:
    """Issue an API token and show it once (it is never stored, nor put in a cookie)."""
    member = accounts().get_staff(username)
    form = IssueTokenForm()
    if not form.validate_on_submit():
        return member_page(member, {"token": form}), 422
    token = accounts().issue_token(member.username, form.label.data)
    return member_page(member, new_token=token), 201, {"Cache-Control": "no-store"}


@bp.post("/admin/staff/<username>/tokens/revoke")
@requires(Role.ADMIN)
def revoke_token(username: str) -> Any:
    """Revoke one of a member's API tokens."""
    member = accounts().get_staff(username)
    form = RevokeTokenForm()
    if form.validate_on_submit() and accounts().revoke_token(member.username, form.token_id.data):
        flash(_("The token was revoked."), "success")
    else:
        flash(_("There is no such active token."), "error")
    return redirect(url_for(".member", username=member.username))
