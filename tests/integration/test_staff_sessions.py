"""The accounts service keeps sessions and counts wrong current passwords in the store, for every process."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from domain.actors import Actor
from domain.values import Role
from feedback.accounts import Accounts
from feedback.bootstrap import bootstrap
from feedback.errors import ActionRefused, InvalidInput, TooManyAttempts
from tests.conftest import settings_for

if TYPE_CHECKING:
    from tests.conftest import Seeded

PASSWORD = "mona-password-1"


@pytest.fixture
def accounts(seeded: Seeded, monkeypatch: pytest.MonkeyPatch) -> Accounts:
    monkeypatch.setattr("feedback.credentials.SCRYPT_N", 2**8)
    seeded.services.accounts.set_password("mona", PASSWORD)
    return seeded.services.accounts


@pytest.fixture
def other_process(seeded: Seeded, store_url: str) -> Iterator[Accounts]:
    """The accounts service of another process on the same store (the same one on the in-memory store)."""
    if store_url == "memory://":
        yield seeded.services.accounts
        return
    services = bootstrap(settings_for(store_url))
    yield services.accounts
    services.close()


def test_a_session_started_in_one_process_is_known_and_ended_in_another(
    accounts: Accounts, other_process: Accounts
) -> None:
    session_id = accounts.start_session("mona")
    member = other_process.staff_for_session(session_id)
    assert member is not None and member.username == "mona"
    other_process.end_session(session_id)
    assert accounts.staff_for_session(session_id) is None


def test_a_new_password_ends_every_session_of_that_member_and_no_one_elses(accounts: Accounts) -> None:
    monas = [accounts.start_session("mona"), accounts.start_session("mona")]
    dans = accounts.start_session("dan")
    accounts.set_password("mona", "a-brand-new-password")
    assert [accounts.staff_for_session(s) for s in monas] == [None, None]
    assert accounts.staff_for_session(dans) is not None
    assert accounts.session_count("mona") == 0 and accounts.session_count("dan") == 1


def test_an_unknown_session_id_is_nobodys(accounts: Accounts) -> None:
    accounts.start_session("mona")
    assert accounts.staff_for_session("not-a-session") is None


def test_wrong_current_passwords_counted_in_one_process_hold_back_the_next_in_another(
    accounts: Accounts, other_process: Accounts
) -> None:
    for _ in range(5):
        with pytest.raises(InvalidInput):
            accounts.change_password("mona", "a-guess-at-it", "taken-over-password")
    with pytest.raises(TooManyAttempts):
        other_process.change_password("mona", PASSWORD, "a-brand-new-password")
    assert accounts.check_password("mona", PASSWORD)


def test_wrong_current_passwords_of_one_member_do_not_hold_back_another(accounts: Accounts) -> None:
    accounts.set_password("dan", "dan-password-1")
    for _ in range(5):
        with pytest.raises(InvalidInput):
            accounts.change_password("mona", "a-guess-at-it", "taken-over-password")
    accounts.change_password("dan", "dan-password-1", "dans-new-password")
    assert accounts.check_password("dan", "dans-new-password")


@pytest.mark.parametrize("role", [Role.SAFEGUARDING, Role.ADMIN])
def test_an_admin_cannot_grant_themselves_a_role_another_admin_must_grant(accounts: Accounts, role: Role) -> None:
    with pytest.raises(ActionRefused, match="you cannot grant yourself the .* role: ask another admin"):
        accounts.grant_role("adam", role, Actor.staff("adam"))
    accounts.add_staff("ada", Role.ADMIN)
    accounts.grant_role("adam", Role.SAFEGUARDING, Actor.staff("ada"))
    assert accounts.get_staff("adam").has_role(Role.SAFEGUARDING)


def test_an_admin_may_still_grant_themselves_the_auditors_role(accounts: Accounts) -> None:
    accounts.grant_role("adam", Role.AUDITOR, Actor.staff("adam"))
    assert accounts.get_staff("adam").has_role(Role.AUDITOR)
