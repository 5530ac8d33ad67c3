"""Issue 14, finding 3: a child's reaction or "ask again" comment passes the same screen as the idea."""

from __future__ import annotations

from typing import Any

import pytest

from domain.actors import Actor
from domain.safeguarding import SafeguardingCase, case_id
from domain.values import Decision, Reaction
from tests.e2e.children import answer, assert_no_code, share_code
from tests.e2e.staff_browser import Browser, signed_in

pytestmark = pytest.mark.site(csrf=False, rate_limits=False)

PHONE = "13900001111"
HARM = "someone hurts me at home"
DISCLOSURE = f"I need help, {HARM}. call {PHONE}"
HARMLESS = "Thank you, the new swings are great!"
READERS = ("mona", "dan", "olga", "audrey")  # moderator, deputy, the answering body's official, auditor


def answered(site: Any, seeded: Any, decision: Decision = Decision.ADOPTED) -> str:
    """Share an idea through the site and have it answered; return its tracking code."""
    child = Browser(site)
    code = share_code(child.client)
    answer(seeded, code, decision)
    return code


def react(site: Any, code: str, reaction: str, comment: str) -> None:
    response = Browser(site).client.post(f"/track/{code}/react",
                                         data={"react-reaction": reaction, "react-comment": comment})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]


def everything_staff_read(site: Any, seeded: Any, code: str) -> dict[str, str]:
    """Return what each staff reader is shown of the item: its page (by reference), the API and the audit desk."""
    ref = ref_of(seeded, code)
    shown = {name: signed_in(site, name).get(f"/staff/items/{ref}") for name in READERS}
    api = site.test_client()
    for name in READERS:
        response = api.get(f"/api/v1/suggestions/{code}", headers={"Authorization": f"Bearer {seeded.tokens[name]}"})
        shown[f"api:{name}"] = response.get_data(as_text=True)
    audrey = signed_in(site, "audrey")
    shown["audit:item"] = audrey.get(f"/audit/items/{ref}")
    shown["audit:events"] = audrey.get("/audit/events")
    for where, page in shown.items():
        if not where.startswith("api:"):  # the API's look-up is by code: its caller holds the code already
            assert_no_code(page, code, where)
    return shown


def ref_of(seeded: Any, code: str) -> str:
    """Return the public reference of the item of ``code``: how staff pages name it."""
    return seeded.app.get_suggestion(code).ref


def held_at(seeded: Any, code: str) -> int:
    """Return the version of the reaction whose comment is held (one only)."""
    [at] = seeded.app.get_suggestion(code).held_comments
    return int(at)


def cases_of(seeded: Any, code: str) -> SafeguardingCase | None:
    return seeded.app.safeguarding_case(seeded.app.get_suggestion(code).id)


def test_a_disclosure_in_a_reaction_comment_is_sealed_from_every_staff_reader_and_opens_a_case(
        seeded: Any, site: Any) -> None:
    code = answered(site, seeded)
    react(site, code, "unhappy", DISCLOSURE)
    for where, page in everything_staff_read(site, seeded, code).items():
        assert PHONE not in page and HARM not in page, f"the comment shows in clear on {where}"
    case = cases_of(seeded, code)
    assert case is not None and not case.closed
    assert "Sealed for the safeguarding officer" in signed_in(site, "olga").get(f"/staff/items/{ref_of(seeded, code)}")


def test_the_safeguarding_officer_reads_the_sealed_comment_only_by_opening_the_case(
        seeded: Any, site: Any) -> None:
    code = answered(site, seeded)
    react(site, code, "unhappy", DISCLOSURE)
    ref = ref_of(seeded, code)
    site.extensions["projector"].catch_up()
    sam = signed_in(site, "sam")
    assert HARM not in sam.get(f"/staff/safeguarding/{ref}")
    opened = sam.submit(f"/staff/safeguarding/{ref}")
    assert HARM in opened and PHONE in opened
    assert_no_code(opened, code, "the opened case")
    assert cases_of(seeded, code).viewings == ["sam"]


def test_asking_again_with_a_disclosure_is_sealed_and_opens_a_case(seeded: Any, site: Any) -> None:
    code = answered(site, seeded, Decision.NOT_ADOPTED)
    response = Browser(site).client.post(f"/track/{code}/reconsider", data={"again-comment": DISCLOSURE})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert seeded.app.get_suggestion(code).reconsideration_requested
    for where, page in everything_staff_read(site, seeded, code).items():
        assert PHONE not in page and HARM not in page, f"the comment shows in clear on {where}"
    assert cases_of(seeded, code) is not None


def test_a_phone_number_in_a_comment_is_held_until_the_moderator_redacts_it(seeded: Any, site: Any) -> None:
    code = answered(site, seeded)
    react(site, code, "okay", f"please call me {PHONE}")
    shown = everything_staff_read(site, seeded, code)
    for name in ("dan", "olga", "audrey"):
        assert PHONE not in shown[name] and "please call me" not in shown[name]
        assert "[held until a moderator redacts or releases it]" in shown[name]
    assert cases_of(seeded, code) is None
    ref = ref_of(seeded, code)
    mona = signed_in(site, "mona")
    mona.get(f"/staff/items/{ref}")
    at = held_at(seeded, code)
    action = f"/comments/{at}/redact"
    assert mona.form(action).filled()[mona.form(action).name_for("comment")] == f"please call me {PHONE}"
    mona.submit(action, comment="please call me")
    olga = signed_in(site, "olga").get(f"/staff/items/{ref}")
    assert "please call me" in olga and PHONE not in olga
    assert not seeded.app.get_suggestion(code).held_comments


def test_a_held_comment_released_by_the_moderator_shows_as_it_is(seeded: Any, site: Any) -> None:
    code = answered(site, seeded)
    react(site, code, "okay", f"my sister's number is {PHONE}")
    ref = ref_of(seeded, code)
    mona = signed_in(site, "mona")
    mona.get(f"/staff/items/{ref}")
    mona.submit(f"/comments/{held_at(seeded, code)}/release")
    assert PHONE in signed_in(site, "olga").get(f"/staff/items/{ref}")


def test_only_a_moderator_may_redact_or_release_a_held_comment(seeded: Any, site: Any) -> None:
    code = answered(site, seeded)
    react(site, code, "okay", f"call {PHONE}")
    at = held_at(seeded, code)
    ref = ref_of(seeded, code)
    olga = signed_in(site, "olga")
    olga.get(f"/staff/items/{ref}")
    assert not olga.has_form(f"/comments/{at}/redact")
    refused = olga.client.post(f"/staff/items/{ref}/comments/{at}/release",
                               data={f"comment{at}-release-version": seeded.app.get_suggestion(code).version})
    assert refused.status_code == 403
    assert seeded.app.get_suggestion(code).held_comments


def test_a_harmless_comment_still_shows_to_staff_as_before(seeded: Any, site: Any) -> None:
    code = answered(site, seeded)
    react(site, code, "happy", HARMLESS)
    item = seeded.app.get_suggestion(code)
    assert not item.held_comments and not item.sealed_comments and cases_of(seeded, code) is None
    for name in READERS[:3]:
        assert HARMLESS in signed_in(site, name).get(f"/staff/items/{item.ref}")


# -- through the application, on each store ---------------------------------------------------------


def test_the_application_seals_a_disclosure_in_a_comment_and_opens_a_case(seeded: Any) -> None:
    code = answered_in_app(seeded)
    item = seeded.app.react(code, Reaction.UNHAPPY, DISCLOSURE)
    assert item.sealed_comments == [item.version - 1]
    assert item.comment_for_staff(item.version - 1) is None
    assert not item.sealed  # the idea's own words stay readable: the officials may have to look again
    case = seeded.app.safeguarding_case(item.id)
    assert case is not None and case.reason == "detected"


def test_a_second_disclosure_opens_the_closed_case_again(seeded: Any) -> None:
    code = answered_in_app(seeded)
    item = seeded.app.react(code, Reaction.UNHAPPY, DISCLOSURE)
    seeded.services.privacy.close_case(item.id, "Talked with the school social worker.", Actor.staff("sam"))
    seeded.app.react(code, Reaction.UNHAPPY, "he hits me again")
    case = seeded.app.repository.get(case_id(item.id))
    assert not case.closed and case.referrals == 2
    assert len(seeded.app.get_suggestion(code).sealed_comments) == 2


def test_the_application_holds_a_comment_with_personal_data_and_a_moderator_redacts_it(seeded: Any) -> None:
    code = answered_in_app(seeded)
    item = seeded.app.react(code, Reaction.OKAY, f"call {PHONE}")
    at = item.version - 1
    assert item.held_comments == {at: ["phone"]} and item.comment_for_staff(at) is None
    seeded.services.privacy.redact_comment(code, at, "call [removed]", Actor.staff("mona"))
    assert seeded.app.get_suggestion(code).comment_for_staff(at).text == "call [removed]"


def test_a_wordless_reaction_is_not_screened(seeded: Any) -> None:
    code = answered_in_app(seeded)
    item = seeded.app.react(code, Reaction.HAPPY)
    assert [type(e).__name__ for e in seeded.app.history_of(item)][-1] == "Reacted"


def answered_in_app(seeded: Any) -> str:
    code = seeded.app.submit(channel="web", category="spaces", age_band="9-11", text="More swings, please.").code
    answer(seeded, code)
    return code
