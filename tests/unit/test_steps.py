"""The step registry: each staff step is declared once, and everything else derives from it."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest

from feedback.evidence import WITH_PHOTOS
from babel.messages.pofile import read_po
from wtforms.fields.core import UnboundField

from feedback.application import FeedbackApp
from feedback.steps import BY_NAME, STEPS, Step
from web.api.inputs import ACTION_SCHEMAS
from web.staff.forms import STEP_FORMS

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = ROOT / "feedback" / "steps.py"
# Strings that spell a step's name but mean something else, each with its reason.
OTHER_MEANINGS = {
    ("web/staff/forms.py", "accept"): "the HTML attribute naming the file types a file input takes",
    ("domain/values.py", "implemented"): "the status an implemented item has",
    ("projections/work_queue.py", "progress"): "the column holding the percent done",
    ("projections/facts.py", "progress"): "the column holding the percent done",
    ("projections/public_board.py", "progress"): "the column holding the percent done",
    ("projections/hospitals.py", "implemented"): "the count of implemented ideas",
    ("web/api/outputs.py", "progress"): "the item's percent done",
    ("web/staff/figures.py", "implemented"): "the count of implemented ideas",
    ("web/templates/children/track_item.html", "implemented"): "the status an implemented item has",
    ("web/templates/staff/item.html", "implemented"): "the status an implemented item has",
    ("web/templates/staff/you_said_we_did.html", "implemented"): "the status an implemented item has",
}
# The domain names its own verbs in its refusals ("cannot accept an item that is …").
DOMAIN_VERBS = ("domain/suggestion.py",)


@pytest.mark.parametrize("step", STEPS, ids=lambda s: s.name)
def test_each_step_names_a_use_case_that_takes_its_inputs(step: Step) -> None:
    use_case = getattr(FeedbackApp, step.use_case)
    taken = set(inspect.signature(use_case).parameters)
    assert {p.name for p in step.params} | {"ref", "actor", "expected_version"} <= taken


@pytest.mark.parametrize("step", STEPS, ids=lambda s: s.name)
def test_each_step_has_a_form_and_an_api_schema_with_exactly_its_inputs(step: Step) -> None:
    form = STEP_FORMS[step]
    declared = {name for name, value in vars(form).items() if isinstance(value, UnboundField)}
    photos = {"photos"} if step in WITH_PHOTOS else set()  # the web form alone takes photos of the work
    assert declared == {p.name for p in step.params} | photos
    schema = ACTION_SCHEMAS[step.name]()
    assert set(schema.fields) == {"action", "expected_version", *(p.name for p in step.params)}


@pytest.mark.parametrize("path", ["messages.pot", "zh_Hans/LC_MESSAGES/messages.po", "zh_Hant/LC_MESSAGES/messages.po",
                                  "en/LC_MESSAGES/messages.po"])
def test_every_word_of_every_step_is_in_each_catalogue(path: str) -> None:
    with (ROOT / "web" / "translations" / path).open("rb") as po:
        msgids = {m.id for m in read_po(po) if m.id}
    words = {w for step in STEPS for w in (step.label, step.done, *(t for p in step.params for t in (p.label, p.missing)))}
    assert sorted(words - msgids) == []


def string_constants(tree: ast.AST) -> list[tuple[int, str]]:
    """Return (line, text) of every string constant that is not a docstring."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]


def source_files() -> list[Path]:
    files = [p for package in ("domain", "feedback", "projections", "web", "bench") for p in (ROOT / package).rglob("*.py")]
    return [p for p in files if p != REGISTRY and str(p.relative_to(ROOT)) not in DOMAIN_VERBS]


def test_no_code_outside_the_registry_spells_a_step_name() -> None:
    found = []
    for path in source_files():
        where = str(path.relative_to(ROOT))
        for line, text in string_constants(ast.parse(path.read_text(encoding="utf-8"))):
            if text in BY_NAME and (where, text) not in OTHER_MEANINGS:
                found.append(f"{where}:{line}: {text!r}")
    assert found == []


def test_no_template_spells_a_step_name() -> None:
    quoted = re.compile(r"""['"](%s)['"]""" % "|".join(BY_NAME))
    found = [f"{where}: {match.group(0)}"
             for path in (ROOT / "web").rglob("*.html")
             for match in quoted.finditer(path.read_text(encoding="utf-8"))
             if ((where := str(path.relative_to(ROOT))), match.group(1)) not in OTHER_MEANINGS]
    assert found == []


def test_the_literal_check_sees_a_step_name_but_not_a_docstring() -> None:
    assert string_constants(ast.parse('"""forward"""\nx = "forward"\n')) == [(2, "forward")]
