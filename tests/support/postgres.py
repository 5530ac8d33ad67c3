"""A throwaway PostgreSQL server for the tests: initdb, pg_ctl, a free port, a temporary directory."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

BIN_DIRS = [Path(os.environ.get("FEEDBACK_PG_BIN", "/usr/lib/postgresql/15/bin")), *sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)]


def find_bin() -> Path | None:
    """Return the directory with initdb and pg_ctl, or None when PostgreSQL is not installed."""
    for directory in BIN_DIRS:
        if (directory / "initdb").exists() and (directory / "pg_ctl").exists():
            return directory
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A running server; ``url(db)`` names a database on it."""

    bin: Path
    root: Path
    port: int
    user: str

    def url(self, dbname: str) -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, prefix: str = "t") -> str:
        """Create a fresh, empty database and return its URL."""
        import psycopg

        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def create_schema_database(self, schema: str = "voice") -> str:
        """Create a fresh database whose only schema is ``schema`` (no ``public``); return its URL."""
        import psycopg

        url = self.create_database("s")
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
            conn.execute("DROP SCHEMA public CASCADE")
        return url

    def stop(self) -> None:
        self._run([str(self.bin / "pg_ctl"), "-D", str(self.root / "data"), "-m", "immediate", "stop"], check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def _run(self, args: list[str], check: bool = True) -> subprocess.CompletedProcess[str]:
        return run_as_postgres(args, check=check)


def _as_postgres_user() -> bool:
    return os.geteuid() == 0


def run_as_postgres(args: list[str], check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run a server command; as root, run it as the ``postgres`` user (the server refuses root)."""
    preexec = None
    if _as_postgres_user():
        account = pwd.getpwnam("postgres")

        def preexec() -> None:  # noqa: ANN202
            os.setgid(account.pw_gid)
            os.setuid(account.pw_uid)

    return subprocess.run(args, check=check, capture_output=True, text=True, preexec_fn=preexec)  # noqa: PLW1509


def start_server() -> Server:
    """Start a throwaway server on a free port in a temporary directory."""
    bin_dir = find_bin()
    if bin_dir is None:
        raise FileNotFoundError("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    root = Path(tempfile.mkdtemp(prefix="feedback-pg-"))
    if _as_postgres_user():
        account = pwd.getpwnam("postgres")
        os.chown(root, account.pw_uid, account.pw_gid)
    user = "postgres" if _as_postgres_user() else pwd.getpwuid(os.geteuid()).pw_name
    port = free_port()
    data = root / "data"
    run_as_postgres([str(bin_dir / "initdb"), "-D", str(data), "-U", user, "-A", "trust",
                     "-E", "UTF8", "--no-locale", "--no-sync"])
    options = (f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300")
    run_as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"),
                     "-w", "-t", "60", "start"])
    return Server(bin_dir, root, port, user)
