"""The auditor's commands: verify, export and verify offline, head, history, as-of."""

from __future__ import annotations

import sqlite3
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from domain.actors import Actor
from domain.values import AgeBand, Category, Channel
from feedback.bootstrap import bootstrap
from feedback.cli import main
from feedback.config import Settings
from tests.conftest import seed
from tests.support.exports import leaks, world_with_secrets


@pytest.fixture
def db(tmp_path: Path) -> Any:
    url = f"sqlite:///{tmp_path}/feedback.sqlite"
    services = bootstrap(Settings(database_url=url))
    app = services.suggestions
    seed(services)
    item = app.submit(channel=Channel.WEB, category=Category.SPACES, age_band=AgeBand.AGE_9_11, text="A slide 滑梯")
    app.accept(item.code, Actor.staff("mona"))
    app.close()
    return url, tmp_path / "feedback.sqlite", item.code


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def test_verify_prints_ok_and_the_head_that_outsiders_keep(db: Any) -> None:
    url, _, _ = db
    result = run("--db", url, "audit", "verify")
    assert result.exit_code == 0, result.output
    head = result.output.strip().splitlines()[-1].removeprefix("head ")
    assert run("--db", url, "audit", "head").output.strip() == head
    assert run("--db", url, "audit", "verify", "--head", head).exit_code == 0


def test_verify_names_the_first_changed_position_and_exits_non_zero(db: Any) -> None:
    url, path, _ = db
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE stored_events SET state = CAST(replace(CAST(state AS TEXT), 'Huadu', 'Hxadu') AS BLOB)")
    con.close()
    result = run("--db", url, "audit", "verify")
    assert result.exit_code == 2
    assert "FAILED at position" in result.output and "changed" in result.output


def test_an_export_verifies_offline_against_the_published_head(db: Any, tmp_path: Path) -> None:
    url, _, _ = db
    out = tmp_path / "export.jsonl"
    result = run("--db", url, "audit", "export", "-o", str(out))
    assert result.exit_code == 0, result.output
    head = run("--db", url, "audit", "head").output.strip()
    ok = run("audit", "verify", "--file", str(out), "--head", head)
    assert ok.exit_code == 0 and "OK" in ok.output
    lines = out.read_text().splitlines()
    out.write_text("\n".join(lines[:-1]) + "\n")  # drop the newest event
    failed = run("audit", "verify", "--file", str(out), "--head", head)
    assert failed.exit_code == 2 and "missing" in failed.output


@pytest.mark.parametrize("args", [["verify", "--head", "nonsense"], ["as-of", "yesterday-ish"]])
def test_bad_audit_input_is_one_clear_line(db: Any, args: list[str]) -> None:
    url, _, _ = db
    result = run("--db", url, "audit", *args)
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) <= 2


def test_an_unreadable_export_is_one_clear_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"position": 1}\n')
    result = run("audit", "verify", "--file", str(bad))
    assert result.exit_code == 1 and "line 1 of the export" in result.output


def test_history_shows_each_event_with_who_acted_and_never_the_words(db: Any) -> None:
    url, _, code = db
    result = run("--db", url, "audit", "history", code.lower())
    assert result.exit_code == 0, result.output
    assert "Submitted" in result.output and "Accepted" in result.output and "mona" in result.output
    assert "滑梯" not in result.output and "[child's words]" in result.output


def test_as_of_replays_only_what_had_happened_by_then(db: Any) -> None:
    url, _, code = db
    time.sleep(0.01)
    moment = datetime.now(timezone.utc).isoformat()
    time.sleep(0.01)
    app = bootstrap(Settings(database_url=url)).suggestions
    later = app.submit(channel=Channel.WEB, category=Category.SPACES, age_band=AgeBand.AGE_6_8, text="later")
    app.close()
    then = run("--db", url, "audit", "as-of", moment)
    now = run("--db", url, "audit", "as-of", datetime.now(timezone.utc).isoformat())
    assert then.exit_code == 0, then.output
    assert "under_review 1" in then.output and "submitted" not in then.output
    assert "submitted 1" in now.output and later.code


@pytest.fixture
def secrets_db(tmp_path: Path) -> Any:
    url = f"sqlite:///{tmp_path}/secrets.sqlite"
    services = bootstrap(Settings(database_url=url))
    seed(services)
    secrets = world_with_secrets(services)
    services.suggestions.close()
    return url, secrets


def exported(url: str, out: Path) -> str:
    result = run("--db", url, "audit", "export", "-o", str(out))
    assert result.exit_code == 0, result.output
    return run("--db", url, "audit", "head").output.strip()


def test_the_cli_export_holds_no_tracking_code_and_no_sealed_or_private_words(secrets_db: Any, tmp_path: Path) -> None:
    url, secrets = secrets_db
    out = tmp_path / "log.jsonl"
    head = exported(url, out)
    assert leaks(out.read_text(encoding="utf-8"), secrets) == []
    assert run("audit", "verify", "--file", str(out), "--head", head).exit_code == 0


def test_a_readable_field_edited_in_the_cli_export_fails_offline_naming_its_line(secrets_db: Any, tmp_path: Path) -> None:
    url, _ = secrets_db
    out = tmp_path / "log.jsonl"
    head = exported(url, out)
    lines = out.read_text(encoding="utf-8").splitlines()
    edited = [line.replace('"not_adopted"', '"adopted"').replace('"role":"official"', '"role":"admin"')
              for line in lines]
    changed = next(n for n, (a, b) in enumerate(zip(lines, edited, strict=True), start=1) if a != b)
    out.write_text("\n".join(edited) + "\n", encoding="utf-8")
    result = run("audit", "verify", "--file", str(out), "--head", head)
    assert result.exit_code == 2
    assert f"FAILED at position {changed}: changed — line {changed}: the event shown there is not what the sealed " \
           "event holds" in result.output


def test_a_wrong_head_says_the_log_agrees_with_itself_but_not_with_the_published_head(db: Any) -> None:
    url, _, _ = db
    head = run("--db", url, "audit", "head").output.strip()
    position, _, _ = head.partition(":")
    result = run("--db", url, "audit", "verify", "--head", f"{position}:{'0' * 64}")
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-2:] == [
        f"FAILED at position {position}: changed — the log's link at this position is not the published head's",
        f"the log agrees with itself (its own head is {head}) but not with the published head: "
        "its history up to that position is not the one that was published",
    ]
