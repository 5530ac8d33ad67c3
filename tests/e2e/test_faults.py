"""Faults: a killed server loses no acknowledged idea; a locked or full store answers clearly."""

from __future__ import annotations

import http.client
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from feedback.bootstrap import bootstrap
from feedback.config import Settings
from projections import ALL, Projector, ViewStore, build_projector
from tests.conftest import seed
from tests.support.postgres import free_port

BIN = Path(sys.executable).parent
IDEA = {"channel": "web", "category": "spaces", "age_band": "9-11", "text": "More benches in the park 🌳"}


def post(base: str, body: dict[str, Any]) -> tuple[int, Any]:
    request = urllib.request.Request(base + "/api/v1/suggestions", data=json.dumps(body).encode(), method="POST")
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def serve(url: str, port: int, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [str(BIN / "feedback"), "--db", url, "serve", "--port", str(port), "--threads", "4"],
        env={**os.environ, "FEEDBACK_RATE_LIMITS": "off", **(env or {})},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except OSError:  # refused or timed out while it starts
            time.sleep(0.1)
    process.kill()
    raise TimeoutError("the server did not start")


def test_every_idea_that_got_a_201_survives_a_kill_9_of_the_server(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/feedback.sqlite"
    bootstrap(Settings(database_url=url)).close()
    port = free_port()
    server = serve(url, port)
    acknowledged: list[str] = []
    stop = threading.Event()

    def burst() -> None:
        while not stop.is_set():
            try:
                status, body = post(f"http://127.0.0.1:{port}", IDEA)
            except (urllib.error.URLError, http.client.HTTPException, OSError):
                return  # the server died mid-answer: that idea was never acknowledged
            if status == 201:
                acknowledged.append(body["code"])

    threads = [threading.Thread(target=burst) for _ in range(4)]
    for thread in threads:
        thread.start()
    while len(acknowledged) < 40:
        time.sleep(0.02)
    server.send_signal(signal.SIGKILL)  # no goodbye, no flush
    server.wait()
    stop.set()
    for thread in threads:
        thread.join(10)

    app = bootstrap(Settings(database_url=url)).suggestions
    try:
        assert len(acknowledged) >= 40
        assert all(app.get_suggestion(code).status.value == "submitted" for code in acknowledged)
        live = build_projector(app)
        live.catch_up()
        rebuilt = Projector(app, ViewStore.in_memory(), ALL)
        rebuilt.rebuild()
        count = "SELECT COUNT(*) FROM wq_items"
        assert live.views.scalar(count) == rebuilt.views.scalar(count) >= len(acknowledged)
    finally:
        app.close()


def test_a_killed_projection_worker_resumes_and_counts_nothing_twice(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/feedback.sqlite"
    services = bootstrap(Settings(database_url=url))
    app = services.suggestions
    seed(services)
    for i in range(300):
        app.submit(channel="web", category="spaces", age_band="9-11", text=f"idea {i}")
    app.close()
    worker = subprocess.Popen([str(BIN / "feedback"), "--db", url, "projections", "rebuild", "--batch", "7",
                               "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    resumed = subprocess.run([str(BIN / "feedback"), "--db", url, "projections", "run", "--once"],
                             capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    app = bootstrap(Settings(database_url=url)).suggestions
    try:
        live = build_projector(app)
        assert live.max_lag() == 0
        rebuilt = Projector(app, ViewStore.in_memory(), ALL)
        rebuilt.rebuild()
        for table in ("wq_items", "ad_items", "tb_items", "hs_items"):
            assert live.views.scalar(f"SELECT COUNT(*) FROM {table}") == rebuilt.views.scalar(
                f"SELECT COUNT(*) FROM {table}")
    finally:
        app.close()


def test_a_locked_database_gets_a_clear_503_and_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "feedback.sqlite"
    url = f"sqlite:///{path}"
    bootstrap(Settings(database_url=url)).close()
    port = free_port()
    server = serve(url, port, {"FEEDBACK_SQLITE_LOCK_TIMEOUT": "1"})
    try:
        status, first = post(f"http://127.0.0.1:{port}", IDEA)
        assert status == 201
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            status, body = post(f"http://127.0.0.1:{port}", IDEA)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert status == 503 and "try again" in body["error"]["message"]
        status, again = post(f"http://127.0.0.1:{port}", IDEA)
        assert status == 201
    finally:
        server.kill()
        server.wait()
    app = bootstrap(Settings(database_url=url)).suggestions
    try:
        assert app.get_suggestion(first["code"]) and app.get_suggestion(again["code"])
        assert app.count_suggestions() == 2
    finally:
        app.close()


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Any:
    mount = tmp_path / "tiny"
    mount.mkdir()
    # Room for a new store (its tables, the read models' store) and a few ideas of 1900 characters, no more.
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=800k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root) to fill a disk")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_gets_a_clear_503_and_keeps_what_was_recorded(tiny_disk: Path) -> None:
    from web import create_app

    app = bootstrap(Settings(database_url=f"sqlite:///{tiny_disk}/feedback.sqlite"))
    client = create_app({"TESTING": True, "FEEDBACK_SERVICES": app}).test_client()
    codes, status = [], 201
    big = {**IDEA, "text": "长" * 1900}
    while status == 201 and len(codes) < 5000:
        response = client.post("/api/v1/suggestions", json=big)
        status = response.status_code
        if status == 201:
            codes.append(response.get_json()["code"])
    assert status == 503 and "try again" in response.get_json()["error"]["message"]
    assert codes and all(app.suggestions.get_suggestion(code).text.text == "长" * 1900 for code in codes)
    app.close()
