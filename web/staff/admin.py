"""Staff accounts, for admins: add staff, grant and revoke roles, set passwords, issue and revoke API tokens."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from domain.actors import Actor
from domain.staff import StaffMember
from domain.values import Role
from feedback.errors import ActionRefused, InvalidInput
from web.auth import current_staff, requires
from web.extensions import feedback
from web.staff import bp, reads
from web.staff.forms import AddStaffForm, IssueTokenForm, PasswordForm, RevokeRoleForm, RevokeTokenForm, RoleForm, StaffForm


def me() -> Actor:
    return Actor.staff(current_staff().username)


def roles_of(member: StaffMember) -> list[tuple[Role, str]]:
    """Return a member's roles, each with the name of the body it answers for ('' for none)."""
    return [(role, feedback().venue_name(body_id)) for role, body_id in member.roles.items()]


@bp.get("/admin/staff")
@requires(Role.ADMIN)
def staff_list() -> str:
    """List every staff member with their roles."""
    members = [(member, roles_of(member)) for member in feedback().list_staff()]
    return render_template("staff/admin/staff_list.html", members=members)


@bp.route("/admin/staff/new", methods=["GET", "POST"])
@requires(Role.ADMIN)
def add_member() -> Any:
    """Show the add-staff form; register the member with a first role and password."""
    form = AddStaffForm().offer(reads.bodies())
    if form.validate_on_submit():
        try:
            member = feedback().register_staff(form.username.data, form.role.data, me(), body=form.body.data or None,
                                               display_name=form.display_name.data)
            feedback().set_password(member.username, form.password.data)
        except (ActionRefused, InvalidInput) as refusal:
            form.refuse(refusal)
        else:
            flash(_("%(name)s can now sign in.", name=member.username), "success")
            return redirect(url_for(".member", username=member.username))
    status = 422 if form.is_submitted() else 200
    return render_template("staff/admin/new_member.html", form=form), status


def member_page(member: StaffMember, failed: dict[str, StaffForm] | None = None, new_token: str = "") -> str:
    """Render a member's page; ``failed`` holds forms to show again with what was typed."""
    failed = failed or {}
    app = feedback()
    return render_template(
        "staff/admin/member.html",
        member=member,
        roles=roles_of(member),
        tokens=app.credentials.tokens(member.username),
        new_token=new_token,
        role_form=failed.get("role") or RoleForm().offer(reads.bodies()),
        password_form=failed.get("password") or PasswordForm(),
        token_form=failed.get("token") or IssueTokenForm(),
    )


@bp.get("/admin/staff/<username>")
@requires(Role.ADMIN)
def member(username: str) -> str:
    """Show a staff member's roles and tokens, with forms to change them."""
    return member_page(feedback().get_staff(username))


@bp.post("/admin/staff/<username>/roles")
@requires(Role.ADMIN)
def grant_role(username: str) -> Any:
    """Grant a role (an official's names their body)."""
    member = feedback().get_staff(username)
    form = RoleForm().offer(reads.bodies())
    if form.validate_on_submit():
        try:
            feedback().grant_role(member.username, form.role.data, me(), body=form.body.data or None)
        except (ActionRefused, InvalidInput) as refusal:
            form.refuse(refusal)
        else:
            flash(_("Role granted."), "success")
            return redirect(url_for(".member", username=member.username))
    return member_page(member, {"role": form}), 422


@bp.post("/admin/staff/<username>/roles/revoke")
@requires(Role.ADMIN)
def revoke_role(username: str) -> Any:
    """Take a role away."""
    member = feedback().get_staff(username)
    form = RevokeRoleForm()
    if form.validate_on_submit():
        try:
            feedback().revoke_role(member.username, form.role.data, me())
        except (ActionRefused, InvalidInput) as refusal:
            flash(str(refusal), "error")
        else:
            flash(_("Role revoked."), "success")
    return redirect(url_for(".member", username=member.username))


@bp.post("/admin/staff/<username>/password")
@requires(Role.ADMIN)
def set_password(username: str) -> Any:
    """Set a new password (every session of that member ends)."""
    member = feedback().get_staff(username)
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            feedback().set_password(member.username, form.password.data)
        except InvalidInput as refusal:
            form.refuse(refusal)
        else:
            flash(_("The password was set; %(name)s is signed out everywhere.", name=member.username), "success")
            return redirect(url_for(".member", username=member.username))
    return member_page(member, {"password": form}), 422


@bp.post("/admin/staff/<username>/tokens")
@requires(Role.ADMIN)
def issue_token(username: str) -> Any:
    """Issue an API token and show it once (it is never stored, nor put in a cookie)."""
    member = feedback().get_staff(username)
    form = IssueTokenForm()
    if not form.validate_on_submit():
        return member_page(member, {"token": form}), 422
    token = feedback().issue_token(member.username, form.label.data)
    return member_page(member, new_token=token), 201, {"Cache-Control": "no-store"}


@bp.post("/admin/staff/<username>/tokens/revoke")
@requires(Role.ADMIN)
def revoke_token(username: str) -> Any:
    """Revoke one of a member's API tokens."""
    member = feedback().get_staff(username)
    form = RevokeTokenForm()
    if form.validate_on_submit() and feedback().credentials.revoke_token(member.username, form.token_id.data):
        flash(_("The token was revoked."), "success")
    else:
        flash(_("There is no such active token."), "error")
    return redirect(url_for(".member", username=member.username))
