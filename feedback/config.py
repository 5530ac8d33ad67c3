"""Configuration: one database URL decides the store; everything else has a default."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse
from zoneinfo import ZoneInfo

from feedback.clock import DEFAULT_TIMEZONE, city_zone
from feedback.errors import ConfigError

DEFAULT_DATABASE_URL = "sqlite:///var/feedback.sqlite"
DEFAULT_ANSWER_WITHIN_DAYS = 30
# Where people reach the site: absolute URLs (QR codes, posters, Open311 discovery) start here.
DEFAULT_PUBLIC_URL = "http://127.0.0.1:5000"


SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")
# The factories that make only recorders which seal every event (feedback.recorders, feedback.pg).
SEALED_FACTORIES = {
    "memory": "feedback.recorders:SealedPOPOFactory",
    "sqlite": "feedback.recorders:SealedSQLiteFactory",
    "postgresql": "feedback.pg:SealedPostgresFactory",
}
DEFAULT_SCHEMA = "public"
_PLAIN_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def keep_private(database: Path) -> None:
    """Create an SQLite file readable by its owner alone, and take others' access off it and its companions.

    It holds every tracking code and the password hashes; SQLite gives the WAL and shared-memory files
    it creates later the mode of the database file.
    """
    database.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(database, os.O_WRONLY | os.O_CREAT, 0o600))
    for companion in SQLITE_COMPANIONS:
        path = database.with_name(database.name + companion)
        if path.exists():
            path.chmod(path.stat().st_mode & 0o700)


def schema_name(text: str | None) -> str:
    """Return the PostgreSQL schema that ``POSTGRES_SCHEMA`` names (``public`` when unset).

    Only a plain lower-case name is taken: it goes into a search path and a start-up option unquoted.
    """
    name = (text or "").strip() or DEFAULT_SCHEMA
    if not _PLAIN_NAME.fullmatch(name):
        raise ConfigError(f"POSTGRES_SCHEMA must be a plain lower-case name (letters, digits and _), not {text!r}")
    return name


def search_path_option(schema: str) -> str:
    """Return the start-up option that makes a connection find our tables in ``schema`` ("" for ``public``).

    Our SQL names its tables unqualified; the library qualifies its own. The
    default schema keeps the server's default search path, as before.
    """
    return "" if schema == DEFAULT_SCHEMA else f"-c search_path={schema}"


def _conninfo_value(value: object) -> str:
    text = str(value)
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


@dataclass(frozen=True)
class StoreURL:
    """A parsed ``FEEDBACK_DATABASE_URL``: ``memory://``, ``sqlite:///path``, ``postgresql://...``.

    A PostgreSQL store lives in the schema ``POSTGRES_SCHEMA`` names (``public`` when unset).
    """

    scheme: str
    path: str = ""
    host: str = ""
    port: int = 5432
    user: str = ""
    password: str = ""
    dbname: str = ""
    schema: str = DEFAULT_SCHEMA

    @classmethod
    def parse(cls, url: str) -> StoreURL:
        parts = urlparse(url)
        scheme = parts.scheme.lower()
        if scheme == "memory":
            return cls("memory")
        if scheme == "sqlite":
            rest = unquote(url.split("://", 1)[1])
            path = rest[1:] if rest.startswith("/") else rest
            if not path:
                raise ConfigError("a sqlite URL names a file: sqlite:///var/feedback.sqlite")
            if ":memory:" in path or "mode=memory" in path:
                raise ConfigError("a sqlite URL names a file; for a store in memory use memory://")
            return cls("sqlite", path=path)
        if scheme in ("postgres", "postgresql"):
            if not parts.path.strip("/"):
                raise ConfigError("a PostgreSQL URL names a database: postgresql://user@host/db")
            return cls(
                "postgresql",
                host=parts.hostname or "localhost",
                port=parts.port or 5432,
                user=unquote(parts.username or ""),
                password=unquote(parts.password or ""),
                dbname=parts.path.strip("/"),
                schema=schema_name(os.environ.get("POSTGRES_SCHEMA")),
            )
        raise ConfigError(
            f"unknown database URL {url!r}: use memory://, sqlite:///PATH or postgresql://..."
        )

    def eventsourcing_env(self) -> dict[str, str]:
        """Return the eventsourcing environment that selects this store."""
        if self.scheme == "memory":
            return {"PERSISTENCE_MODULE": SEALED_FACTORIES["memory"]}
        if self.scheme == "sqlite":
            keep_private(Path(self.path))
            return {
                "PERSISTENCE_MODULE": SEALED_FACTORIES["sqlite"],
                "SQLITE_DBNAME": self.path,
                "SQLITE_LOCK_TIMEOUT": os.environ.get("FEEDBACK_SQLITE_LOCK_TIMEOUT", "10"),
                "APPLICATION_RECORDER_TOPIC": "feedback.recorders:SealedSQLiteApplicationRecorder",
            }
        return {
            "PERSISTENCE_MODULE": SEALED_FACTORIES["postgresql"],
            "POSTGRES_DBNAME": self.dbname,
            "POSTGRES_SCHEMA": self.schema,
            "POSTGRES_HOST": self.host,
            "POSTGRES_PORT": str(self.port),
            "POSTGRES_USER": self.user,
            "POSTGRES_PASSWORD": self.password,
            "POSTGRES_POOL_SIZE": os.environ.get("FEEDBACK_PG_POOL_SIZE", "5"),
            "POSTGRES_MAX_OVERFLOW": os.environ.get("FEEDBACK_PG_MAX_OVERFLOW", "10"),
            "POSTGRES_CONNECT_TIMEOUT": "10",
            "APPLICATION_RECORDER_TOPIC": "feedback.pg:SealedPostgresApplicationRecorder",
        }

    def conninfo(self) -> str:
        """Return a libpq connection string for a PostgreSQL store."""
        parts = (("host", self.host), ("port", self.port), ("dbname", self.dbname),
                 ("user", self.user), ("password", self.password), ("options", search_path_option(self.schema)))
        return " ".join(f"{key}={_conninfo_value(value)}" for key, value in parts if value)

    @property
    def master_key_path(self) -> Path:
        """Where the embedded store keeps its generated master key (``feedback.master.key``)."""
        if self.scheme == "sqlite":
            path = Path(self.path).resolve()
            return path.with_name(f"{path.stem}.master.key")
        return self.var_dir / "master.key"

    @property
    def var_dir(self) -> Path:
        """Where files that belong beside the store (the embedded master key) live."""
        if self.scheme == "sqlite":
            return Path(self.path).resolve().parent
        return Path(os.environ.get("FEEDBACK_VAR_DIR", "var")).resolve()


@dataclass(frozen=True)
class Settings:
    """Everything the application needs to know, read once at start-up."""

    database_url: str = DEFAULT_DATABASE_URL
    answer_within_days: int = DEFAULT_ANSWER_WITHIN_DAYS
    master_key: str = ""
    timezone: str = DEFAULT_TIMEZONE
    public_url: str = DEFAULT_PUBLIC_URL
    store: StoreURL = field(init=False)
    zone: ZoneInfo = field(init=False)

    def __post_init__(self) -> None:
        if self.answer_within_days < 1:
            raise ConfigError("FEEDBACK_ANSWER_WITHIN_DAYS must be at least 1")
        object.__setattr__(self, "store", StoreURL.parse(self.database_url))
        object.__setattr__(self, "zone", city_zone(self.timezone))
        object.__setattr__(self, "public_url", public_base(self.public_url))

    @classmethod
    def from_environ(cls, database_url: str | None = None) -> Settings:
        """Read the settings from ``FEEDBACK_*`` environment variables."""
        days = os.environ.get("FEEDBACK_ANSWER_WITHIN_DAYS", str(DEFAULT_ANSWER_WITHIN_DAYS))
        try:
            within = int(days)
        except ValueError:
            raise ConfigError(f"FEEDBACK_ANSWER_WITHIN_DAYS must be a number, not {days!r}") from None
        return cls(
            database_url=database_url or os.environ.get("FEEDBACK_DATABASE_URL") or DEFAULT_DATABASE_URL,
            answer_within_days=within,
            master_key=os.environ.get("FEEDBACK_MASTER_KEY", ""),
            timezone=os.environ.get("FEEDBACK_TIMEZONE") or DEFAULT_TIMEZONE,
            public_url=os.environ.get("FEEDBACK_PUBLIC_URL") or DEFAULT_PUBLIC_URL,
        )


def public_base(url: str) -> str:
    """Return ``FEEDBACK_PUBLIC_URL`` without a trailing slash, refusing anything but an http(s) origin and path."""
    parts = urlparse(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError(f"FEEDBACK_PUBLIC_URL must be an http(s) address such as https://voice.example.cn, not {url!r}")
    return url.rstrip("/")


@contextmanager
def schema_lock(store: StoreURL) -> Iterator[None]:
    """Let one process at a time create or check the tables (PostgreSQL).

    Workers booting together would otherwise run the same CREATE statements at
    the same moment, and PostgreSQL refuses all but one of them.
    """
    if store.scheme != "postgresql":
        yield
        return
    import psycopg

    with psycopg.connect(store.conninfo(), autocommit=True, connect_timeout=10) as conn:
        conn.execute("SELECT pg_advisory_lock(hashtext('one-meter-voice schema'))")
        try:
            yield
        finally:
            conn.execute("SELECT pg_advisory_unlock(hashtext('one-meter-voice schema'))")
