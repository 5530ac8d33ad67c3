"""Every refusal speaks its reader's language: the staff's forms and error pages, the children's forms, the API
(English unless asked) and Open311 (Simplified Chinese unless asked); and every refusal the code can raise is
marked for the catalogue and translated into Simplified and Traditional Chinese, its placeholders kept.

The words do not depend on the kind of store: these tests use the in-memory one.
"""

from __future__ import annotations

import ast
import importlib
import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po

import domain.errors
from domain.errors import Refusal
from tests.e2e.children import IDEA as CHILD_IDEA
from tests.e2e.staff_browser import Browser, item_at, ref_of, signed_in, submit
from web import create_app  # noqa: F401 (imports every module that defines a refusal)

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("domain", "feedback", "projections", "web")
LOCALES = ("zh_Hans", "zh_Hant")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdr]")
# Three or more English words in a row: what a refusal left untranslated looks like on a Chinese page.
ENGLISH_RUN = re.compile(r"\b[A-Za-z]{4,}(?: [A-Za-z]{2,}){2,}")
# Refusals raised with words the web already said in the reader's language (``_()`` inside the ValueError).
ALREADY_SAID = {("web/audit/views.py", "str(error)")}

pytestmark = pytest.mark.site(csrf=False, rate_limits=False)


@pytest.fixture
def store_url() -> str:
    return "memory://"


def catalogue(locale: str) -> dict[str, str]:
    """Return the catalogue of ``locale``: msgid -> its translation (fuzzy ones left out)."""
    with open(ROOT / "web" / "translations" / locale / "LC_MESSAGES" / "messages.po", "rb") as po:
        return {m.id: m.string for m in read_po(po, locale=locale)
                if isinstance(m.id, str) and m.id and "fuzzy" not in m.flags}


def speaking(client: Any, language: str) -> Any:
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    return client


def in_chinese(text: str) -> None:
    """Assert that ``text`` (a refusal as shown) is Chinese: no run of English words."""
    assert re.search(r"[\u4e00-\u9fff]", text), f"no Chinese in {text!r}"
    assert not ENGLISH_RUN.search(text), f"English words in {text!r}"


# -- every refusal in the code ---------------------------------------------------------------------------------


def refusal_classes() -> set[str]:
    """Return the names of every refusal class (the domain's and the application's, and their subclasses)."""
    found, stack = set(), [Refusal]
    while stack:
        cls = stack.pop()
        found.add(cls.__name__)
        stack.extend(cls.__subclasses__())
    return found


def sources() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def local_refusals(tree: ast.Module, classes: set[str]) -> set[str]:
    """Return the names under which a module knows refusal classes: imported, aliased, or its own subclasses."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in PACKAGES:
            module = importlib.import_module(node.module or "")
            names |= {alias.asname or alias.name for alias in node.names
                      if isinstance(getattr(module, alias.name, None), type)
                      and issubclass(getattr(module, alias.name), Refusal)}
    own = [node for node in ast.walk(tree) if isinstance(node, ast.ClassDef) and node.name in classes]
    grew = True
    while grew:  # a class of the same name that is no refusal (the demo's ``Refusal`` dataclass) does not count
        grew = False
        for node in own:
            bases = {base.id for base in node.bases if isinstance(base, ast.Name)}
            if node.name not in names and bases & (names | {"Exception"}):
                names.add(node.name)
                grew = True
    return names


def is_marked(node: ast.expr) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "N_"
            and len(node.args) == 1 and isinstance(node.args[0], ast.Constant))


def unmarked_refusals() -> list[str]:
    """Return each place that raises a refusal with words not marked for the catalogue."""
    classes, wrong = refusal_classes(), []
    for path in sources():
        where = str(path.relative_to(ROOT))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        refusals = local_refusals(tree, classes)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in refusals):
                continue
            given = list(node.args[:1])
            if len(node.args) > 1 and isinstance(node.args[1], ast.Dict):
                given += node.args[1].values  # each field's message
            for words in given:
                said = isinstance(words, ast.Call) and isinstance(words.func, ast.Name) and words.func.id == "_"
                if is_marked(words) or said or isinstance(words, (ast.Name, ast.Attribute)):
                    continue
                if (where, ast.unparse(words)) not in ALREADY_SAID:
                    wrong.append(f"{where}:{node.lineno}: {ast.unparse(words)}")
    return wrong


def marked_words() -> dict[str, str]:
    """Return every msgid marked ``N_`` in the code (refusals, their values, the steps' words), with where."""
    found = {}
    for path in sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and is_marked(node):
                found.setdefault(node.args[0].value, f"{path.relative_to(ROOT)}:{node.lineno}")  # type: ignore[attr-defined]
    return found


def test_every_refusal_is_raised_with_words_marked_for_the_catalogue() -> None:
    assert unmarked_refusals() == []


@pytest.mark.parametrize("locale", LOCALES)
def test_every_marked_refusal_is_translated_with_its_placeholders(locale: str) -> None:
    words, translated = marked_words(), catalogue(locale)
    assert len(words) > 100, "the walk found too few refusals"
    assert "proposal %(number)s is already tabled" in words and "there is no item with that code" in words
    missing = sorted(f"{where}: {msgid}" for msgid, where in words.items() if not translated.get(msgid))
    assert missing == []
    placeholders_differ = sorted(
        msgid for msgid in words
        if set(PLACEHOLDER.findall(msgid)) != set(PLACEHOLDER.findall(translated[msgid]))
    )
    assert placeholders_differ == []
    english_left = sorted(msgid for msgid in words if ENGLISH_RUN.search(PLACEHOLDER.sub("", translated[msgid])))
    assert english_left == []


def test_the_domain_keeps_its_english_sentence_for_logs_and_the_cli() -> None:
    from domain.errors import N_, TransitionNotAllowed
    from domain.values import Status

    error = TransitionNotAllowed(N_("cannot %(action)s an item that is %(status)s"), action=N_("accept"),
                                 status=Status.UNDER_REVIEW)
    assert str(error) == "cannot accept an item that is under review"
    assert error.template == "cannot %(action)s an item that is %(status)s"
    assert isinstance(domain.errors.N_("x"), str)


# -- the staff -------------------------------------------------------------------------------------------------


def staff_in(site: Any, username: str, language: str) -> Browser:
    person = signed_in(site, username)
    speaking(person.client, language)
    return person


REFUSED_STEP = {
    "zh-Hans": "该事项目前为“已回答”，不能受理",
    "zh-Hant": "該事項目前為「已回答」，無法受理",
}


@pytest.mark.parametrize("language", REFUSED_STEP)
def test_a_step_the_lifecycle_refuses_is_refused_on_the_form_in_the_page_s_language(
        site: Any, seeded: Any, language: str) -> None:
    ref = ref_of(seeded.app, item_at(seeded.app, "answered"))
    mona = staff_in(site, "mona", language)
    version = seeded.app.get_by_ref(ref).version
    mona._read(mona.client.post(f"/staff/items/{ref}/accept", data={"accept-version": str(version)}), 422)
    assert REFUSED_STEP[language] in mona.text()
    assert 'lang="en"' not in mona.page.split("<main", 1)[1]


@pytest.mark.parametrize(("language", "words"), [
    ("zh-Hans", "你的角色不能对这个事项执行“受理”"), ("zh-Hant", "你的角色無法對這個事項執行「受理」"),
])
def test_a_step_the_role_does_not_take_is_refused_on_the_staff_error_page_in_the_page_s_language(
        site: Any, seeded: Any, language: str, words: str) -> None:
    ref = ref_of(seeded.app, item_at(seeded.app, "forwarded"))
    olga = staff_in(site, "olga", language)
    olga._read(olga.client.post(f"/staff/items/{ref}/accept", data={"accept-version": "2"}), 403)
    assert words in olga.text()
    refusal = olga.page.split('role="alert"', 1)[1]
    assert 'lang="en"' not in refusal
    in_chinese(words)


def test_an_admin_s_form_refusal_names_the_field_in_chinese(site: Any) -> None:
    adam = staff_in(site, "adam", "zh-Hans")
    adam.get("/staff/admin/staff/new")
    adam.submit("/staff/admin/staff/new", status=422, username="mona", role="moderator", password="a-long-password")
    assert "这个用户名已被使用" in adam.text()
    assert "that username is taken" not in adam.text()


def test_a_staff_refusal_stays_english_on_an_english_page(site: Any) -> None:
    adam = signed_in(site, "adam")
    adam.get("/staff/admin/staff/new")
    adam.submit("/staff/admin/staff/new", status=422, username="mona", role="moderator", password="a-long-password")
    assert "that username is taken" in adam.text()


# -- the children ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "words"), [
    ("zh-Hans", "这个地方不收这种想法。请换一个地方"), ("zh-Hant", "這個地方不收這種想法。請換一個地方"),
])
def test_a_child_s_refusal_keeps_the_child_s_words_in_the_page_s_language(
        app: Any, seeded: Any, language: str, words: str) -> None:
    child = speaking(app.test_client(), language)
    response = child.post("/share", data={**CHILD_IDEA, "channel": "message_board", "venue": "first-peoples-hospital"})
    html = response.get_data(as_text=True)
    assert words in html, "the child's own wording of the refusal (APPLICATION_MESSAGES), translated"
    assert "that place does not take this kind of idea" not in html
    assert seeded.app.count_suggestions() == 0


# -- the API ---------------------------------------------------------------------------------------------------


def act(client: Any, token: str, ref: str, action: str, **params: Any) -> Any:
    return client.post(f"/api/v1/suggestions/{ref}/actions", json={"action": action, **params},
                       headers={"Authorization": f"Bearer {token}"})


def error_of(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    body = json.loads(response.get_data(as_text=True))
    assert set(body) == {"error"} and body["error"]["status"] == status
    return body["error"]


def test_the_api_refuses_in_english_unless_the_client_asks_for_chinese(app: Any, seeded: Any) -> None:
    ref = ref_of(seeded.app, item_at(seeded.app, "under_review"))
    mona = seeded.tokens["mona"]
    assert error_of(act(app.test_client(), mona, ref, "accept"), 422)["message"] == (
        "cannot accept an item that is under review")
    chinese = error_of(act(speaking(app.test_client(), "zh-CN"), mona, ref, "accept"), 422)
    assert chinese["message"] == "该事项目前为“审核中”，不能受理"
    asked = app.test_client().post(f"/api/v1/suggestions/{ref}/actions?lang=zh-Hant", json={"action": "accept"},
                                   headers={"Authorization": f"Bearer {mona}"})
    traditional = error_of(asked, 422)
    assert traditional["message"] == "該事項目前為「審核中」，無法受理"


def test_the_api_s_field_messages_are_translated_under_the_same_field_names(app: Any, seeded: Any) -> None:
    ref = ref_of(seeded.app, item_at(seeded.app, "under_review"))
    due = (datetime.now(timezone.utc) + timedelta(days=20)).date().isoformat()
    client = speaking(app.test_client(), "zh-Hans")
    error = error_of(act(client, seeded.tokens["dan"], ref, "forward", body="no-such-body", due=due), 422)
    assert error["fields"] == {"body": "没有这个责任部门"}
    assert error["message"] == "没有这个责任部门"
    english = error_of(act(app.test_client(), seeded.tokens["dan"], ref, "forward", body="no-such-body", due=due), 422)
    assert english["fields"] == {"body": "there is no such responsible body"}


def test_the_api_s_own_403_is_translated_too(app: Any, seeded: Any) -> None:
    ref = ref_of(seeded.app, submit(seeded.app))
    error = error_of(act(speaking(app.test_client(), "zh-Hant"), seeded.tokens["dan"], ref, "accept"), 403)
    assert error["message"] == "你的角色無法執行「受理」"


# -- Open311 ---------------------------------------------------------------------------------------------------


def descriptions(response: Any, status: int) -> list[str]:
    assert response.status_code == status, response.get_data(as_text=True)
    return [error["description"] for error in json.loads(response.get_data(as_text=True))]


def test_open311_refuses_in_simplified_chinese_unless_asked_otherwise(app: Any) -> None:
    assert descriptions(app.test_client().get("/open311/v2/services/potholes.json"), 404) == [
        "没有这个 service_code 对应的服务"]
    english = speaking(app.test_client(), "en")
    assert descriptions(english.get("/open311/v2/services/potholes.json"), 404) == [
        "there is no service with that service_code"]
    traditional = speaking(app.test_client(), "zh-TW")
    assert descriptions(traditional.post("/open311/v2/requests.json", data={"service_code": "spaces"}), 403) == [
        "請發送輔導員的 api_key"]


def test_open311_names_each_refused_field_in_chinese(app: Any, seeded: Any) -> None:
    form = {"service_code": "spaces", "api_key": seeded.tokens["fay"], "description": "More shade, please.",
            "attribute[age_band]": "6-8", "address_id": "nowhere"}
    assert descriptions(app.test_client().post("/open311/v2/requests.json", data=form), 400) == [
        "address_id: 没有这个地方"]
