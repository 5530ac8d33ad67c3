"""Exports anyone may hold: no tracking code, no sealed or private words, and every readable byte checked."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

import pytest

from feedback.audit import Verdict, published_head, records_from_store, verify
from feedback.export import export_lines, records_from_file
from tests.support.exports import leaks, world_with_secrets
from web.audit.exports import csv_rows


def jsonl(app: Any) -> list[str]:
    out = io.StringIO()
    export_lines(records_from_store(app.recorder), out)
    return out.getvalue().splitlines()


def csv_lines(app: Any) -> list[str]:
    return "".join(csv_rows(records_from_store(app.recorder))).splitlines()


EXPORTS = {"jsonl": jsonl, "csv": csv_lines}


def offline(app: Any, lines: list[str]) -> Verdict:
    return verify(lambda: records_from_file(lines), published_head(app.recorder))


@pytest.mark.parametrize("export", EXPORTS.values(), ids=EXPORTS.keys())
def test_an_export_holds_no_tracking_code_no_item_id_and_no_sealed_or_private_words(
    seeded: Any, export: Callable[[Any], list[str]]
) -> None:
    secrets = world_with_secrets(seeded.services)
    text = "\n".join(export(seeded.app))
    assert leaks(text, secrets) == []
    assert '"decision"' not in text and "not_adopted" not in text  # a decision can only be shown where it is checked


@pytest.mark.parametrize("export", EXPORTS.values(), ids=EXPORTS.keys())
def test_an_untouched_export_verifies_offline_against_the_published_head(
    seeded: Any, export: Callable[[Any], list[str]]
) -> None:
    world_with_secrets(seeded.services)
    lines = export(seeded.app)
    verdict = offline(seeded.app, lines)
    assert verdict.ok, verdict.finding
    assert verdict.head == published_head(seeded.app.recorder) and verdict.events == seeded.app.recorder.max_notification_id()


def edit_json(lines: list[str], topic: str, change: Callable[[dict[str, Any]], None]) -> tuple[list[str], int]:
    """Change the first line of an event of ``topic`` (any line, for ""); return the lines and its position."""
    for index, text in enumerate(lines):
        row = json.loads(text)
        if topic in (row.get("topic") or "withheld"):
            change(row)
            edited = [*lines[:index], json.dumps(row), *lines[index + 1:]]
            return edited, row["position"]
    raise AssertionError(f"no line of {topic}")


def set_in(*path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(row: dict[str, Any]) -> None:
        for key in path[:-1]:
            row = row[key]
        row[path[-1]] = value
    return change


JSON_EDITS = {
    "the role granted": ("RoleGranted", set_in("event", "role", value="admin")),
    "who acted": ("RoleGranted", set_in("event", "actor", "_data_", "username", value="adam")),
    "the time": ("Registered", set_in("event", "timestamp", "_data_", value="2020-01-01T00:00:00+00:00")),
    "the type": ("RoleGranted", set_in("topic", value="domain.staff:StaffMember.RoleRevoked")),
    "the aggregate": ("Venue.Registered", set_in("originator_id", value="00000000-0000-0000-0000-000000000001")),
    "the version": ("RoleGranted", set_in("originator_version", value=3)),
    "a decision added to a withheld line": ("withheld", set_in("decision", value="adopted")),
    "a field added to a shown line": ("Topic.Opened", set_in("note", value="adopted")),
    "a withheld line given words": ("withheld", set_in("event", value={"decision": "adopted"})),
}


@pytest.mark.parametrize("topic, change", JSON_EDITS.values(), ids=JSON_EDITS.keys())
def test_editing_anything_a_reader_sees_in_a_json_line_fails_and_names_its_position(
    seeded: Any, topic: str, change: Callable[[dict[str, Any]], None]
) -> None:
    world_with_secrets(seeded.services)
    edited, position = edit_json(jsonl(seeded.app), topic, change)
    verdict = offline(seeded.app, edited)
    assert not verdict.ok
    assert verdict.finding is not None and (verdict.finding.position, verdict.finding.kind) == (position, "changed")


def test_a_json_line_giving_a_field_twice_is_refused(seeded: Any) -> None:
    lines = jsonl(seeded.app)
    lines[0] = lines[0][:-1] + ',"position":1}'
    with pytest.raises(ValueError, match="line 1 of the export .* given twice"):
        offline(seeded.app, lines)


CSV_EDITS = {"time": "2020-01-01T00:00:00+00:00", "actor": "adam", "type": "StaffMember.RoleRevoked",
             "aggregate_id": "00000000-0000-0000-0000-000000000001", "version": "3"}


@pytest.mark.parametrize("column, value", CSV_EDITS.items(), ids=CSV_EDITS.keys())
def test_editing_a_readable_cell_of_the_csv_fails_and_names_its_position(seeded: Any, column: str, value: str) -> None:
    world_with_secrets(seeded.services)
    rows = list(csv.reader(csv_lines(seeded.app)))
    index = next(i for i, r in enumerate(rows) if r[4] == "StaffMember.RoleGranted")
    rows[index][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    verdict = offline(seeded.app, out.getvalue().splitlines())
    assert verdict.finding is not None
    assert (verdict.finding.position, verdict.finding.kind) == (int(rows[index][0]), "changed")
    assert column in verdict.finding.detail or "stored bytes" in verdict.finding.detail
