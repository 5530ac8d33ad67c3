"""Signing in and out, sessions, roles granted and revoked, passwords and API tokens."""

from __future__ import annotations

from typing import Any

import pytest

from domain.actors import Actor
from domain.values import Role
from tests.e2e.staff_browser import Browser, password_of, set_passwords, signed_in
from web import create_app

pytestmark = pytest.mark.site(csrf=False)


def session_cookie(response: Any) -> str:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies, "no session cookie was set"
    return cookies[0]


def test_a_visitor_is_sent_to_sign_in_and_then_back_to_the_page_they_wanted(site: Any) -> None:
    mona = Browser(site)
    response = mona.client.get("/staff/queue?page=1")
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/sign-in?next=/staff/queue?page%3D1"
    mona.get(response.headers["Location"])
    mona.submit("/staff/sign-in", follow=False, username="mona", password=password_of("mona"))
    assert mona.location == "/staff/queue?page=1"


def test_the_session_cookie_is_httponly_and_samesite_lax_and_secure_when_asked(
    seeded: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("feedback.credentials.SCRYPT_N", 2**8)
    set_passwords(seeded.services.accounts)
    credentials = {"username": "mona", "password": password_of("mona")}
    monkeypatch.delenv("FEEDBACK_SECURE_COOKIES", raising=False)
    plain = create_app({"TESTING": True, "FEEDBACK_SERVICES": seeded.services, "WTF_CSRF_ENABLED": False})
    cookie = session_cookie(plain.test_client().post("/staff/sign-in", data=credentials))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    monkeypatch.setenv("FEEDBACK_SECURE_COOKIES", "1")
    secure = create_app({"TESTING": True, "FEEDBACK_SERVICES": seeded.services, "WTF_CSRF_ENABLED": False})
    cookie = session_cookie(secure.test_client().post("/staff/sign-in", data=credentials))
    assert "Secure" in cookie and "HttpOnly" in cookie


@pytest.mark.parametrize("username, password", [("mona", "wrong-password"), ("nobody", "mona-password-1"),
                                                ("mona", "")])
def test_a_wrong_username_or_password_signs_nobody_in_and_does_not_say_which(
    site: Any, username: str, password: str
) -> None:
    person = Browser(site)
    person.get("/staff/sign-in")
    person.submit("/staff/sign-in", status=200, username=username, password=password)
    assert ("That username and password do not match" in person.text()) or ("Give your password." in person.text())
    assert person.client.get("/staff/").status_code == 302


def test_a_next_address_off_this_site_is_ignored(site: Any) -> None:
    person = Browser(site)
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        person.get("/staff/sign-in?next=" + target)
        person.submit("/staff/sign-in", follow=False, username="mona", password=password_of("mona"))
        assert person.location == "/staff/"


def test_signing_out_is_a_post_and_ends_the_session(site: Any) -> None:
    mona = signed_in(site, "mona")
    mona.get("/staff/queue")
    assert mona.client.get("/staff/sign-out").status_code == 405
    mona.submit("/staff/sign-out")
    assert "Signed out." in mona.text()
    assert mona.client.get("/staff/queue").status_code == 302


def test_a_revoked_role_closes_its_pages_at_once_and_the_revocation_is_an_event(site: Any, seeded: Any) -> None:
    mona, adam = signed_in(site, "mona"), signed_in(site, "adam")
    mona.get("/staff/queue")
    adam.get("/staff/admin/staff/mona")
    adam.submit("/roles/revoke")
    assert "Role revoked." in adam.text()
    mona.get("/staff/queue", status=403)
    member = seeded.services.accounts.get_staff("mona")
    revoked = list(seeded.app.repository.event_store.get(member.id))[-1]
    assert type(revoked).__name__ == "RoleRevoked" and revoked.actor == Actor.staff("adam")


def test_an_admin_adds_an_official_who_then_signs_in_to_their_bodys_inbox(site: Any, seeded: Any) -> None:
    adam = signed_in(site, "adam")
    adam.get("/staff/admin/staff/new")
    adam.submit("/staff/admin/staff/new", status=422, username="wu.jing", display_name="Wu Jing", role="official",
                body="", password="a-long-password")
    assert "Choose the body this official answers for." in adam.text()
    adam.submit("/staff/admin/staff/new", username="wu.jing", display_name="Wu Jing", role="official",
                body="health-commission", password="a-long-password")
    assert "wu.jing can now sign in." in adam.text()
    member = seeded.services.accounts.get_staff("wu.jing")
    assert member.roles == {Role.OFFICIAL: seeded.app.get_venue("health-commission").id}
    assert seeded.app.events.get(member.id).__next__().actor == Actor.staff("adam")
    wu = Browser(site)
    wu.sign_in("wu.jing", "a-long-password")
    wu.get("/staff/inbox")
    assert "Inbox of Health Commission" in wu.text()


def test_an_admin_grants_a_second_role_and_a_taken_username_is_refused(site: Any, seeded: Any) -> None:
    adam = signed_in(site, "adam")
    adam.get("/staff/admin/staff/new")
    adam.submit("/staff/admin/staff/new", status=422, username="mona", role="moderator", password="a-long-password")
    assert "that username is taken" in adam.text()
    adam.get("/staff/admin/staff/mona")
    adam.submit("/roles", role="auditor")
    assert seeded.services.accounts.get_staff("mona").has_role(Role.AUDITOR)


def test_an_admin_cannot_take_their_own_admin_role(site: Any, seeded: Any) -> None:
    adam = signed_in(site, "adam")
    adam.get("/staff/admin/staff/adam")
    adam.submit("/roles/revoke")
    assert "you cannot take away your own admin role" in adam.text()
    assert seeded.services.accounts.get_staff("adam").has_role(Role.ADMIN)


def test_a_new_password_ends_every_other_session(site: Any) -> None:
    mona, adam = signed_in(site, "mona"), signed_in(site, "adam")
    adam.get("/staff/admin/staff/mona")
    adam.submit("/password", status=422, password="short", confirm="short")
    assert "At least 10 characters" in adam.text()
    adam.submit("/password", password="a-brand-new-password", confirm="a-brand-new-password")
    assert mona.client.get("/staff/queue").status_code == 302
    mona.sign_in("mona", "a-brand-new-password")
    mona.get("/staff/queue")


def test_staff_change_their_own_password_with_the_current_one(site: Any) -> None:
    fay, other_session = signed_in(site, "fay"), signed_in(site, "fay")
    fay.get("/staff/account")
    fay.submit("/staff/account", status=422, current="wrong", password="fays-new-password", confirm="fays-new-password")
    assert "That is not your current password." in fay.text()
    fay.submit("/staff/account", current=password_of("fay"), password="fays-new-password",
               confirm="fays-new-password")
    assert "Your password was changed." in fay.text()
    fay.get("/staff/entry")
    assert other_session.client.get("/staff/entry").status_code == 302


def test_an_admin_issues_a_token_shown_once_and_revokes_it(site: Any, seeded: Any) -> None:
    adam = signed_in(site, "adam")
    adam.get("/staff/admin/staff/dan")
    response = adam.client.post("/staff/admin/staff/dan/tokens", data={"label": "topic board sync"})
    assert response.status_code == 201 and response.headers["Cache-Control"] == "no-store"
    adam._read(response, 201)
    token = adam.page.split('<code class="token">')[1].split("</code>")[0]
    api = site.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    assert api.post("/api/v1/suggestions/FFFFFFFFFF/actions", json={"action": "accept"}, headers=headers
                    ).status_code == 403  # signed in: a deputy does not accept, whatever the reference
    adam.get("/staff/admin/staff/dan")
    assert token not in adam.page
    assert "topic board sync" in adam.text() and "(no label)" in adam.text(), "the CLI's token has no label"
    labelled = [t for t in seeded.services.accounts.tokens("dan") if t.label == "topic board sync"][0]
    adam.client.post("/staff/admin/staff/dan/tokens/revoke", data={"token_id": labelled.id})
    assert api.post("/api/v1/suggestions/FFFFFFFFFF/actions", json={"action": "accept"}, headers=headers
                    ).status_code == 401
    assert api.post("/api/v1/suggestions/FFFFFFFFFF/actions", json={"action": "accept"},
                    headers={"Authorization": f"Bearer {seeded.tokens['dan']}"}).status_code == 403


def test_staff_revoke_their_own_token_but_not_someone_elses(site: Any, seeded: Any) -> None:
    mona = signed_in(site, "mona")
    mona.get("/staff/account")
    (own,) = seeded.services.accounts.tokens("mona")
    (dans,) = seeded.services.accounts.tokens("dan")
    mona.client.post("/staff/account/tokens/revoke", data={"token_id": dans.id})
    assert seeded.services.accounts.tokens("dan")[0].is_active
    mona.submit("/tokens/revoke")
    assert not seeded.services.accounts.tokens("mona")[0].is_active
    assert "The token was revoked." in mona.text()
