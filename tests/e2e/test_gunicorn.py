"""Production shape: gunicorn with two workers and a projection worker, on PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from feedback.bootstrap import bootstrap
from tests.conftest import TEST_MASTER_KEY, seed, settings_for
from tests.support.postgres import free_port

pytestmark = pytest.mark.postgres
BIN = Path(sys.executable).parent


def call(base: str, method: str, path: str, body: dict[str, Any] | None = None, token: str = "") -> tuple[int, Any]:
    request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body else None)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def wait_for(base: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds  # generous: CI machines are shared and slow to boot workers
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=10)
            return
        except OSError:  # refused, reset or timed out while the workers boot
            time.sleep(0.2)
    raise TimeoutError("gunicorn did not answer")


@pytest.fixture
def deployment(pg_server: Any, tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    url = pg_server.create_database()
    services = bootstrap(settings_for(url))
    app = services.suggestions
    tokens = seed(services).tokens
    app.close()
    env = {**os.environ, "FEEDBACK_DATABASE_URL": url, "FEEDBACK_MASTER_KEY": TEST_MASTER_KEY,
           "FEEDBACK_SECRET_KEY": "test-secret-shared-by-workers"}
    port = free_port()
    web = subprocess.Popen([str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "web:create_app()"],
                           env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    worker = subprocess.Popen([str(BIN / "feedback"), "projections", "run", "--interval", "0.2"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base)
        yield base, tokens
    finally:
        for process in (web, worker):
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


def test_two_workers_and_a_projection_worker_serve_a_whole_lifecycle(deployment: Any) -> None:
    base, tokens = deployment
    status, item = call(base, "POST", "/api/v1/suggestions", {
        "channel": "web", "category": "spaces", "age_band": "9-11", "text": "A shady bench 🌳"})
    assert status == 201, item
    code, ref = item["code"], item["ref"]  # the child follows the code; staff act by the reference
    steps = [
        ("mona", {"action": "accept"}, "under_review"),
        ("dan", {"action": "forward", "body": "health-commission",
                 "due": (date.today() + timedelta(days=7)).isoformat()}, "forwarded"),
        ("olga", {"action": "answer", "decision": "adopted", "response": "Approved.",
                  "explanation": "Yes, a bench is coming!"}, "answered"),
        ("olga", {"action": "progress", "percent": 50, "note": "Ordered."}, "in_progress"),
        ("olga", {"action": "implemented", "evidence": "Installed on 1 June."}, "implemented"),
    ]
    for who, action, expected in steps:  # requests land on either worker
        status, body = call(base, "POST", f"/api/v1/suggestions/{ref}/actions", action, tokens[who])
        assert (status, body["status"]) == (200, expected), body
    status, stale = call(base, "POST", f"/api/v1/suggestions/{ref}/actions",
                         {"action": "accept", "expected_version": 1}, tokens["mona"])
    assert status == 409
    for _ in range(20):  # the read of the child's page answers the same on every worker
        assert call(base, "GET", f"/api/v1/suggestions/{code}")[1]["status"] == "implemented"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        health = call(base, "GET", "/healthz")[1]
        if health["max_lag"] == 0:
            break
        time.sleep(0.2)
    assert health["max_lag"] == 0 and health["status"] == "ok"
