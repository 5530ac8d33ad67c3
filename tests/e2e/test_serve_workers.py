"""`feedback serve --workers 2` on SQLite: two processes answer, one poller keeps the read models caught up."""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from feedback.bootstrap import bootstrap
from tests.conftest import seed, settings_for
from tests.e2e.test_gunicorn import call, wait_for
from tests.support.postgres import free_port

BIN = Path(sys.executable).parent
IDEA = {"channel": "web", "category": "spaces", "age_band": "9-11", "text": "A water fountain in the park"}
THREADS = 3


def children_of(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def threads_of(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/task"))


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str], dict[str, str]]]:
    url = f"sqlite:///{tmp_path}/feedback.sqlite"
    services = bootstrap(settings_for(url))
    tokens = seed(services).tokens
    services.close()
    # No secret key: serve must share one among its workers itself. The master key is in the store's key file.
    env = {k: v for k, v in os.environ.items() if k not in ("FEEDBACK_SECRET_KEY", "FEEDBACK_MASTER_KEY")}
    env.update(FEEDBACK_RATE_LIMITS="off")
    port = free_port()
    process = subprocess.Popen(
        [str(BIN / "feedback"), "--db", url, "serve", "--port", str(port), "--workers", "2", "--threads", str(THREADS)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_for(base)
        except TimeoutError:
            process.kill()
            raise AssertionError(process.communicate()[0]) from None
        yield base, process, tokens
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            raise


pytestmark = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads the processes from /proc")


def test_two_worker_processes_answer_and_the_read_models_follow(server: Any) -> None:
    base, process, tokens = server
    workers = children_of(process.pid)
    assert len(workers) == 2
    before = {pid: cpu_ticks(pid) for pid in workers}

    def submit(_: int) -> int:
        return call(base, "POST", "/api/v1/suggestions", IDEA)[0]

    with ThreadPoolExecutor(8) as pool:
        for _ in range(10):  # until each worker has done some of the work (the kernel picks who accepts)
            assert set(pool.map(submit, range(24))) == {201}
            if all(cpu_ticks(pid) > before[pid] for pid in workers):
                break
    assert all(cpu_ticks(pid) > before[pid] for pid in workers), "one worker did all the work"

    deadline = time.monotonic() + 30
    while True:  # the staff queue is a read model: the supervisor's poller brings it up to the log
        status, page = call(base, "GET", "/api/v1/suggestions?limit=100", token=tokens["mona"])
        assert status == 200, page
        if len(page["items"]) >= 24 or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert len(page["items"]) >= 24
    status, health = call(base, "GET", "/healthz")
    assert health["poller"] == {"alive": True, "error": ""}
    # One poller, in the supervisor (its main thread and the poller); each worker only serves.
    assert threads_of(process.pid) == 2
    assert {threads_of(pid) for pid in workers} == {THREADS + 1}


def test_a_form_from_one_worker_is_accepted_by_the_other(server: Any) -> None:
    base, _, _ = server
    host = urllib.parse.urlsplit(base).netloc
    first = http.client.HTTPConnection(host, timeout=30)
    first.request("GET", "/share")
    form = first.getresponse()
    html = form.read().decode()
    cookie = form.getheader("Set-Cookie", "").split(";")[0]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert token and cookie
    body = urllib.parse.urlencode({**IDEA, "csrf_token": token.group(1)})
    for _ in range(12):  # a new connection each time: both workers get some
        connection = http.client.HTTPConnection(host, timeout=30)
        connection.request("POST", "/share", body, {"Cookie": cookie,
                                                    "Content-Type": "application/x-www-form-urlencoded"})
        answer = connection.getresponse()
        answer.read()
        assert answer.status == 302 and "/receipt/" in answer.getheader("Location", ""), answer.status


def test_the_supervisor_stops_its_workers(server: Any) -> None:
    _, process, _ = server
    workers = children_of(process.pid)

    process.terminate()
    process.wait(20)

    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists() and "Z" not in status_of(pid)]


def status_of(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return "gone"
