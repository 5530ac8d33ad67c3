"""HTTP: submissions and reads through a real server under wrk, against a bare save on the same store."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent
BODY = '{"channel":"web","category":"spaces","age_band":"9-11","text":"请在公园加一个遮阳棚 Please add shade"}'
POST_LUA = f"""
wrk.method = "POST"
wrk.body = '{BODY}'
wrk.headers["Content-Type"] = "application/json"
"""


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def have_wrk() -> bool:
    return shutil.which("wrk") is not None


@contextmanager
def server(command: list[str], env: dict[str, str], port: int) -> Iterator[str]:
    process = subprocess.Popen(command, env={**os.environ, "FEEDBACK_RATE_LIMITS": "off", **env},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(10)


def wrk(url: str, seconds: int = 8, connections: int = 8, script: str = "") -> dict[str, float]:
    """Run wrk; return requests/s and the median latency in ms."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script)
    args = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if script:
        args += ["-s", lua.name]
    out = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    os.unlink(lua.name)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    median = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {"rate": rate, "median_ms": float(median.group(1)) * scale[median.group(2)] if median else float("nan"),
            "errors": float(non_2xx.group(1)) if non_2xx else 0.0}


def serve_sqlite(url: str, port: int, workers: int = 1) -> Any:
    return server([str(BIN / "feedback"), "--db", url, "serve", "--port", str(port), "--threads", "8",
                   "--workers", str(workers)], {}, port)


def serve_gunicorn(url: str, port: int, key: str) -> Any:
    subprocess.run([str(BIN / "feedback"), "--db", url, "init"], env={**os.environ, "FEEDBACK_MASTER_KEY": key},
                   check=True, capture_output=True)  # the release step: tables first, then the workers
    return server([str(BIN / "gunicorn"), "-w", "2", "--threads", "4", "-b", f"127.0.0.1:{port}", "web:create_app()"],
                  {"FEEDBACK_DATABASE_URL": url, "FEEDBACK_MASTER_KEY": key, "FEEDBACK_SECRET_KEY": "bench"}, port)
