"""Who may open what: every staff page and API action, for every role and for anonymous visitors.

A visitor who is not signed in is sent to the sign-in page (401 from the API);
a role that may not is refused with 403; a role that may gets through (a page,
or — for an empty form — the form again with its errors). The allowed POSTs
send empty forms, and the allowed API actions ask for a step the lifecycle
refuses, so the matrix itself changes nothing that matters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from domain.actors import Actor
from feedback.photos import reencode
from feedback.steps import BY_NAME
from tests.e2e.staff_browser import STAFF, Browser, in_days, item_at, password_of, ref_of, set_passwords, submit
from tests.support.images import jpeg
from web import create_app

ANONYMOUS = "anonymous"
VIEWERS = (ANONYMOUS, *STAFF)
EVERYONE = frozenset(STAFF)
READERS = frozenset({"mona", "dan", "audrey"})


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    allowed: frozenset[str]

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def route(method: str, path: str, *allowed: str) -> Route:
    return Route(method, path, frozenset(allowed) if allowed != ("*",) else EVERYONE)


# Items by their public references: {new}: submitted; {open}: under review, not forwarded; {health}: forwarded
# to the Health Commission; {case}: sealed for the safeguarding officer.
PAGES = [
    route("GET", "/staff/", "*"),
    route("GET", "/staff/account", "*"),
    route("POST", "/staff/account", "*"),
    route("POST", "/staff/account/tokens/revoke", "*"),
    route("GET", "/staff/queue", "mona"),
    route("GET", "/staff/review", "dan"),
    route("GET", "/staff/inbox", "olga", "eddie"),
    route("GET", "/staff/inbox.xlsx", "olga", "eddie"),
    route("GET", "/staff/items/{new}", *READERS),
    route("GET", "/staff/items/{open}", *READERS),
    route("GET", "/staff/items/{health}", *READERS, "olga"),
    route("POST", "/staff/items/{new}/accept", "mona"),
    route("POST", "/staff/items/{new}/decline", "mona"),
    route("POST", "/staff/items/{new}/merge", "mona"),
    route("POST", "/staff/items/{open}/assign_topic", "dan"),
    route("POST", "/staff/items/{open}/detach_topic", "dan"),
    route("POST", "/staff/items/{open}/forward", "dan"),
    route("POST", "/staff/items/{open}/answer", "dan"),
    route("POST", "/staff/items/{health}/answer", "olga"),
    route("POST", "/staff/items/{health}/progress", "olga"),
    route("POST", "/staff/items/{health}/implemented", "olga"),
    route("GET", "/staff/topics", "dan", "audrey"),
    route("POST", "/staff/topics", "dan"),
    route("GET", "/staff/topics/school-nutrition", "dan", "audrey"),
    route("GET", "/staff/topics/school-nutrition/dossier", "dan", "audrey"),
    route("GET", "/staff/topics/school-nutrition/dossier.docx", "dan", "audrey"),
    route("POST", "/staff/topics/school-nutrition/join", "dan"),
    route("POST", "/staff/topics/school-nutrition/attach", "dan"),
    route("POST", "/staff/topics/school-nutrition/proposal/tabled", "dan"),
    route("POST", "/staff/topics/school-nutrition/proposal/1/correct", "dan"),
    route("POST", "/staff/topics/school-nutrition/proposal/1/withdraw", "dan"),
    route("GET", "/staff/entry", "fay"),
    route("POST", "/staff/entry", "fay"),
    route("GET", "/staff/entry/receipt", "fay"),
    route("GET", "/staff/dashboards", *READERS, "olga", "eddie"),
    route("GET", "/staff/admin/staff", "adam"),
    route("GET", "/staff/admin/staff/new", "adam"),
    route("POST", "/staff/admin/staff/new", "adam"),
    route("GET", "/staff/admin/staff/mona", "adam"),
    route("POST", "/staff/admin/staff/mona/roles", "adam"),
    route("POST", "/staff/admin/staff/mona/roles/revoke", "adam"),
    route("POST", "/staff/admin/staff/mona/password", "adam"),
    route("POST", "/staff/admin/staff/mona/sessions/end", "adam"),
    route("POST", "/staff/admin/staff/mona/tokens", "adam"),
    route("POST", "/staff/admin/staff/mona/tokens/revoke", "adam"),
    route("GET", "/staff/admin/names", "adam"),
    route("GET", "/staff/admin/names/venues/huadu-board", "adam"),
    route("POST", "/staff/admin/names/venues/huadu-board", "adam"),
    route("GET", "/staff/admin/names/topics/school-nutrition", "adam"),
    route("POST", "/staff/admin/names/topics/school-nutrition", "adam"),
    route("POST", "/staff/items/{new}/redact", "mona"),
    route("POST", "/staff/items/{new}/release", "mona"),
    route("POST", "/staff/items/{new}/comments/2/redact", "mona"),
    route("POST", "/staff/items/{new}/comments/2/release", "mona"),
    route("GET", "/staff/items/{new}/erase", "mona", "adam"),
    route("POST", "/staff/items/{new}/erase", "mona", "adam"),
    route("GET", "/staff/safeguarding", "sam"),
    route("GET", "/staff/safeguarding/{case}", "sam"),
    route("POST", "/staff/safeguarding/{case}", "sam"),
    route("POST", "/staff/safeguarding/{case}/close", "sam"),
    route("GET", "/staff/items/{closed}/photos/{photo}", *READERS, "olga"),
]
# Open to everyone, signed in or not.
PUBLIC = ["GET /staff/sign-in", "POST /staff/sign-in", "POST /staff/sign-out", "GET /dashboard", "GET /you-said-we-did",
          "GET /you-said-we-did/report", "GET /you-said-we-did/photos/{photo}"]

# Each API action on an item whose status refuses it: the right role gets 422, any other 403.
API_ACTIONS = [
    ("accept", "{open}", {}, {"mona"}),
    ("decline", "{open}", {"reason": "r", "explanation": "e"}, {"mona"}),
    ("merge", "{open}", {"into": "{open}"}, {"mona"}),
    ("assign_topic", "{new}", {"topic": "school-nutrition"}, {"dan"}),  # a finished one may join as evidence
    ("forward", "{closed}", {"body": "health-commission", "due": "{due}"}, {"dan"}),
    ("answer", "{closed}", {"decision": "adopted", "response": "r", "explanation": "e"}, {"olga"}),
    ("progress", "{closed}", {"percent": 50, "note": "n"}, {"olga"}),
    ("implemented", "{closed}", {"evidence": "e"}, {"olga"}),
]


@pytest.fixture
def world(seeded: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Items in the states the routes need, staff with passwords, and a site."""
    monkeypatch.setattr("feedback.credentials.SCRYPT_N", 2**8)
    app = seeded.app
    set_passwords(seeded.services.accounts)
    codes = {
        "new": item_at(app, "submitted"),
        "open": item_at(app, "under_review"),
        "health": item_at(app, "forwarded"),
        "closed": item_at(app, "implemented"),
        "case": submit(app, needs_help=True),
    }
    seeded.services.evidence.attach(codes["closed"], [reencode(jpeg(), "done.jpg")], Actor.staff("olga"))
    items = {name: ref_of(app, code) for name, code in codes.items()} | {"due": in_days(10).isoformat(),
                                                                         "photo": app.get_suggestion(codes["closed"]).photos[0].id.hex}
    site = create_app({"TESTING": True, "FEEDBACK_SERVICES": seeded.services, "WTF_CSRF_ENABLED": False})
    site.extensions["projector"].catch_up()
    return {"site": site, "items": items, "codes": codes, "tokens": seeded.tokens}


def visitor(site: Any, username: str) -> Browser:
    person = Browser(site)
    if username != ANONYMOUS:
        response = person.client.post("/staff/sign-in", data={"username": username, "password": password_of(username)})
        assert response.status_code == 302, f"{username} could not sign in"
    return person


def outcome(response: Any) -> str:
    """Classify a response as the matrix sees it."""
    location = response.headers.get("Location", "")
    if response.status_code == 302 and "/staff/sign-in" in location:
        return "sign-in"
    if response.status_code in (401, 403):
        return str(response.status_code)
    assert response.status_code < 500, response.get_data(as_text=True)[:2000]
    return "through"


def expected(viewer: str, allowed: frozenset[str]) -> str:
    if viewer == ANONYMOUS:
        return "sign-in"
    return "through" if viewer in allowed else "403"


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_each_staff_page_opens_only_to_the_roles_it_serves(world: dict[str, Any], page: Route) -> None:
    path = page.path.format(**world["items"])
    wrong = {}
    for viewer in VIEWERS:
        person = visitor(world["site"], viewer)
        response = person.client.open(path, method=page.method, data={})
        got, wanted = outcome(response), expected(viewer, page.allowed)
        if got != wanted:
            wrong[viewer] = f"{got} (wanted {wanted})"
    assert not wrong, f"{page}: {wrong}"


@pytest.mark.parametrize("action, item, params, allowed", API_ACTIONS, ids=[a[0] for a in API_ACTIONS])
def test_each_api_action_answers_401_without_a_token_and_403_to_a_role_that_may_not(
    world: dict[str, Any], action: str, item: str, params: dict[str, Any], allowed: set[str]
) -> None:
    items = world["items"]
    ref = item.format(**items)
    body = {"action": action, **{k: v.format(**items) if isinstance(v, str) else v for k, v in params.items()}}
    client = world["site"].test_client()
    path = f"/api/v1/suggestions/{ref}/actions"
    assert client.post(path, json=body).status_code == 401
    wrong = {}
    for username in STAFF:
        status = client.post(path, json=body, headers={"Authorization": f"Bearer {world['tokens'][username]}"})
        wanted = 422 if username in allowed else 403
        if status.status_code != wanted:
            wrong[username] = f"{status.status_code} (wanted {wanted}): {status.get_json()}"
    assert not wrong, f"{action}: {wrong}"


@pytest.mark.parametrize("path", PUBLIC)
def test_the_public_pages_open_to_anyone(world: dict[str, Any], path: str) -> None:
    method, url = path.split(" ")
    response = visitor(world["site"], ANONYMOUS).client.open(url.format(**world["items"]), method=method, data={})
    assert outcome(response) in ("through", "sign-in")
    assert response.status_code in (200, 302)


def as_rule(path: str) -> str:
    """Return the URL rule a concrete path of the matrix stands for."""
    path = (path.replace("{new}", "<ref>").replace("{open}", "<ref>").replace("{health}", "<ref>")
            .replace("{case}", "<ref>").replace("{closed}", "<ref>").replace("{photo}", "<photo_id>")
            .replace("school-nutrition", "<slug>").replace("/venues/huadu-board", "/venues/<slug>").replace("/mona", "/<username>")
            .replace("/comments/2/", "/comments/<int:at>/").replace("/proposal/1/", "/proposal/<int:position>/")
            .replace("/proposal/tabled", "/proposal/<stage>"))
    head, _, last = path.rpartition("/")
    return f"{head}/<step_name>" if head == "/staff/items/<ref>" and last in BY_NAME else path


def test_the_matrix_takes_every_staff_step(world: dict[str, Any]) -> None:
    taken = {r.path.rpartition("/")[2] for r in PAGES if r.path.startswith("/staff/items/") and r.method == "POST"}
    assert set(BY_NAME) <= taken


def test_a_step_that_does_not_exist_is_not_found(world: dict[str, Any]) -> None:
    response = visitor(world["site"], "mona").client.post(f"/staff/items/{world['items']['new']}/approve", data={})
    assert response.status_code == 404


def test_the_matrix_covers_every_staff_route(world: dict[str, Any]) -> None:
    covered = {(r.method, as_rule(r.path)) for r in PAGES}
    covered |= {(p.split(" ")[0], as_rule(p.split(" ")[1])) for p in PUBLIC}
    rules = {
        (method, rule.rule)
        for rule in world["site"].url_map.iter_rules()
        if rule.endpoint.startswith(("staff.", "dashboard.")) and rule.endpoint != "staff.static"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert rules - covered == set(), "add these routes to the matrix"


def test_every_staff_view_but_signing_in_and_out_is_guarded_by_requires(world: dict[str, Any]) -> None:
    site = world["site"]
    unguarded = {
        endpoint for endpoint, view in site.view_functions.items()
        if endpoint.startswith("staff.") and not hasattr(view, "required_roles")
    }
    assert unguarded == {"staff.sign_in", "staff.sign_out"}


@pytest.mark.parametrize("page", [p for p in PAGES if "{" in p.path], ids=str)
def test_an_item_page_addressed_by_its_tracking_code_is_not_found_for_anyone_who_may_open_it(
    world: dict[str, Any], page: Route
) -> None:
    path = page.path.format(**world["codes"], due="", photo=world["items"]["photo"])
    wrong = {}
    for viewer in sorted(page.allowed):
        response = visitor(world["site"], viewer).client.open(path, method=page.method, data={})
        if response.status_code != 404:
            wrong[viewer] = response.status_code
    assert not wrong, f"{page.method} {path}: {wrong} (wanted 404: staff address items by reference only)"
