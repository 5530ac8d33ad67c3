"""Sessions end on the server: signing out, a new password, an admin, in every worker; the current-password limit."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from domain.values import Role
from feedback.bootstrap import bootstrap
from tests.conftest import settings_for
from tests.e2e.staff_browser import Browser, password_of, signed_in
from web import create_app

EIGHT_HOURS_LATER = timedelta(hours=8, minutes=1)


def copy_of_cookie(site: Any, victim: Browser) -> Browser:
    """Return a browser holding a copy of ``victim``'s session cookie, as a thief would."""
    cookie = victim.client.get_cookie("session")
    assert cookie is not None, "the victim has no session cookie"
    thief = Browser(site)
    thief.client.set_cookie("session", cookie.value)
    return thief


def sent_to_sign_in(person: Browser, path: str = "/staff/queue") -> bool:
    response = person.client.get(path)
    return response.status_code == 302 and "/staff/sign-in" in response.headers["Location"]


def move_clock(monkeypatch: pytest.MonkeyPatch, by: timedelta) -> None:
    later = datetime.now(timezone.utc) + by
    monkeypatch.setattr("feedback.sessions.now", lambda: later)
    monkeypatch.setattr("feedback.accounts.now", lambda: later)


@pytest.fixture
def second_worker(site: Any, seeded: Any, store_url: str) -> Iterator[Any]:
    """Another web app on the same store, with services of its own, as a second gunicorn worker has."""
    services = seeded.services if store_url == "memory://" else bootstrap(settings_for(store_url))
    yield create_app({**site.config, "FEEDBACK_SERVICES": services})
    if services is not seeded.services:
        services.close()


def test_a_copied_cookie_opens_nothing_once_its_owner_signs_out(site: Any) -> None:
    mona = signed_in(site, "mona")
    thief = copy_of_cookie(site, mona)
    thief.get("/staff/queue")
    mona.get("/staff/queue")
    mona.submit("/staff/sign-out")
    assert "Signed out." in mona.text()
    assert sent_to_sign_in(thief)


def test_a_copied_cookie_opens_nothing_once_an_admin_sets_a_new_password(site: Any) -> None:
    mona, adam = signed_in(site, "mona"), signed_in(site, "adam")
    thief = copy_of_cookie(site, mona)
    adam.get("/staff/admin/staff/mona")
    adam.submit("/password", password="a-brand-new-password", confirm="a-brand-new-password")
    assert "mona is signed out everywhere" in adam.text()
    assert sent_to_sign_in(thief) and sent_to_sign_in(mona)


def test_a_copied_cookie_opens_nothing_once_an_admin_signs_the_member_out_everywhere(site: Any) -> None:
    mona, other_mona, dan, adam = (signed_in(site, name) for name in ("mona", "mona", "dan", "adam"))
    thief = copy_of_cookie(site, mona)
    adam.get("/staff/admin/staff/mona")
    assert "Open sessions: 2." in adam.text()
    adam.submit("/sessions/end")
    assert "mona is signed out everywhere." in adam.text() and "Open sessions: 0." in adam.text()
    assert sent_to_sign_in(thief) and sent_to_sign_in(mona) and sent_to_sign_in(other_mona)
    dan.get("/staff/review")
    mona.sign_in("mona")
    mona.get("/staff/queue")


def test_signing_a_member_out_everywhere_needs_the_forms_csrf_token(site: Any) -> None:
    mona, adam = signed_in(site, "mona"), signed_in(site, "adam")
    adam.get("/staff/admin/staff/mona")
    assert adam.client.post("/staff/admin/staff/mona/sessions/end", data={}).status_code == 400
    mona.get("/staff/queue")


def test_a_session_signed_out_in_one_worker_is_over_in_every_other(site: Any, second_worker: Any) -> None:
    mona = signed_in(site, "mona")
    in_the_other_worker = copy_of_cookie(second_worker, mona)
    in_the_other_worker.get("/staff/queue")
    mona.submit("/staff/sign-out")
    assert sent_to_sign_in(in_the_other_worker)


def test_an_admin_in_one_worker_signs_a_member_out_of_every_other(site: Any, second_worker: Any) -> None:
    mona, adam = signed_in(site, "mona"), signed_in(second_worker, "adam")
    adam.get("/staff/admin/staff/mona")
    adam.submit("/sessions/end")
    assert sent_to_sign_in(mona)


def test_a_session_ends_on_the_server_after_eight_hours(site: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    mona = signed_in(site, "mona")
    thief = copy_of_cookie(site, mona)
    move_clock(monkeypatch, EIGHT_HOURS_LATER)
    assert sent_to_sign_in(thief)


def test_the_current_password_may_be_wrong_five_times_then_even_the_right_one_waits(
    site: Any, seeded: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    fay = signed_in(site, "fay")
    thief = copy_of_cookie(site, fay)
    thief.get("/staff/account")
    for _ in range(5):
        thief.submit("/staff/account", status=422, current="a-guess-at-it", password="taken-over-1",
                     confirm="taken-over-1")
        assert "That is not your current password." in thief.text()
    fay.get("/staff/account")
    fay.submit("/staff/account", status=429, current=password_of("fay"), password="fays-new-password",
               confirm="fays-new-password")
    assert "Too many wrong passwords. Wait 15 minutes, then try again." in fay.text()
    assert seeded.services.accounts.check_password("fay", password_of("fay"))
    move_clock(monkeypatch, timedelta(minutes=16))
    fay.submit("/staff/account", current=password_of("fay"), password="fays-new-password",
               confirm="fays-new-password")
    assert "Your password was changed." in fay.text()


def test_a_right_current_password_forgets_the_wrong_ones_before_it(site: Any) -> None:
    fay = signed_in(site, "fay")
    fay.get("/staff/account")
    for _ in range(4):
        fay.submit("/staff/account", status=422, current="a-guess-at-it", password="fays-new-password",
                   confirm="fays-new-password")
    fay.submit("/staff/account", current=password_of("fay"), password="fays-new-password",
               confirm="fays-new-password")
    fay.get("/staff/account")
    for _ in range(4):
        fay.submit("/staff/account", status=422, current="a-guess-at-it", password="fays-newer-password",
                   confirm="fays-newer-password")
    fay.submit("/staff/account", current="fays-new-password", password="fays-newer-password",
               confirm="fays-newer-password")
    assert "Your password was changed." in fay.text()


def test_changing_ones_own_password_keeps_this_session_and_ends_a_copy_of_it(site: Any) -> None:
    fay = signed_in(site, "fay")
    thief = copy_of_cookie(site, fay)
    fay.get("/staff/account")
    fay.submit("/staff/account", current=password_of("fay"), password="fays-new-password",
               confirm="fays-new-password")
    fay.get("/staff/entry")
    assert sent_to_sign_in(thief, "/staff/entry")


def test_a_new_password_leaves_the_members_api_tokens_working(site: Any, seeded: Any) -> None:
    adam = signed_in(site, "adam")
    adam.get("/staff/admin/staff/dan")
    adam.submit("/password", password="a-brand-new-password", confirm="a-brand-new-password")
    assert seeded.services.accounts.authenticate(seeded.tokens["dan"]).username == "dan"


def test_an_admin_cannot_grant_themselves_the_safeguarding_role_but_another_admin_can(
    site: Any, seeded: Any
) -> None:
    adam = signed_in(site, "adam")
    adam.get("/staff/admin/staff/adam")
    adam.submit("/roles", status=422, role="safeguarding")
    assert "You cannot grant yourself this role: ask another admin." in adam.text()
    assert not seeded.services.accounts.get_staff("adam").has_role(Role.SAFEGUARDING)
    seeded.services.accounts.add_staff("ada", Role.ADMIN)
    seeded.services.accounts.set_password("ada", password_of("ada"))
    ada = signed_in(site, "ada")
    ada.get("/staff/admin/staff/adam")
    ada.submit("/roles", role="safeguarding")
    assert "Role granted." in ada.text()
    assert seeded.services.accounts.get_staff("adam").has_role(Role.SAFEGUARDING)
