"""``feedback serve`` with several worker processes: one listening socket, waitress in each child.

The supervising process binds the socket, forks the workers and keeps the read models
caught up with one poller (a single owner: two pollers would only contend for the same
rows). The workers build their own services after the fork, so no database connection
crosses a process boundary. A worker that dies is replaced.
"""

from __future__ import annotations

import ctypes
import os
import secrets
import signal
import socket
import sys
import time
from multiprocessing import sharedctypes
from collections.abc import Callable
from typing import Any

from feedback.config import Settings

ERROR_BYTES = 512
STOP_SECONDS = 10


class PollerReport:
    """What a worker says on /healthz about the supervisor's poller (shared memory, no IPC)."""

    def __init__(self) -> None:
        self._alive: Any = sharedctypes.RawValue(ctypes.c_bool, False)
        self._error: Any = sharedctypes.RawArray(ctypes.c_char, ERROR_BYTES)

    def publish(self, alive: bool, error: str) -> None:
        self._error.value = error.encode("utf-8", "replace")[: ERROR_BYTES - 1]
        self._alive.value = alive

    def is_alive(self) -> bool:
        return bool(self._alive.value)

    @property
    def last_error(self) -> str:
        return bytes(self._error.value).decode("utf-8", "replace")


def listening_socket(host: str, port: int) -> socket.socket:
    """Bind and listen on ``host:port`` (the workers all accept on this one socket)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(1024)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def run_worker(sock: socket.socket, settings: Settings, threads: int, config: dict[str, Any]) -> None:
    """Serve requests from ``sock`` in this (forked) process until told to stop."""
    import waitress

    from feedback.bootstrap import bootstrap
    from web import create_app

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    services = bootstrap(settings)
    try:
        site = create_app({"FEEDBACK_SERVICES": services, **config})
        waitress.serve(site, sockets=[sock], threads=threads, _quiet=True)
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        services.close()


class Supervisor:
    """Fork ``workers`` processes serving one socket; replace any that dies; stop them all on a signal."""

    def __init__(self, sock: socket.socket, settings: Settings, threads: int, workers: int) -> None:
        self.sock, self.settings, self.threads, self.workers = sock, settings, threads, workers
        self.report = PollerReport()
        # One secret for every worker, or a session signed by one would be refused by the next.
        self.secret = os.environ.get("FEEDBACK_SECRET_KEY") or secrets.token_hex(32)
        self.children: set[int] = set()
        self.stopping = False

    def spawn(self) -> int:
        pid = os.fork()
        if pid == 0:  # the worker: serve, and never return into the supervisor's code
            code = 0
            try:
                run_worker(self.sock, self.settings, self.threads,
                           {"SECRET_KEY": self.secret, "FEEDBACK_POLLER_REPORT": self.report})
            except BaseException:  # noqa: BLE001 - say why, then leave with a failure code
                import traceback

                traceback.print_exc()
                code = 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        self.children.add(pid)
        return pid

    def start(self) -> None:
        for _ in range(self.workers):
            self.spawn()

    def stop(self, *_: Any) -> None:
        self.stopping = True
        for pid in list(self.children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                self.children.discard(pid)

    def watch(self, start_poller: Callable[[], Any]) -> None:
        """Until stopped: run the poller and publish its health, reap and replace dead workers."""
        poller, deadline = start_poller(), None
        try:
            while self.children:
                self.report.publish(poller.is_alive(), poller.last_error)
                if self.stopping and deadline is None:
                    deadline = time.monotonic() + STOP_SECONDS
                elif deadline is not None and time.monotonic() > deadline:
                    for pid in self.children:
                        os.kill(pid, signal.SIGKILL)
                try:
                    pid, _status = os.waitpid(-1, os.WNOHANG)
                except ChildProcessError:
                    break
                if pid == 0:
                    time.sleep(0.2)
                    continue
                self.children.discard(pid)
                if not self.stopping:
                    time.sleep(0.5)  # a worker that dies at once must not spin the machine
                    # Fork with no other thread running: a lock held by the poller would stay held in the child.
                    poller.stop()
                    poller.join()
                    self.spawn()
                    poller = start_poller()
        finally:
            poller.stop()
