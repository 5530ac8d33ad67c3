"""Staff sign-in sessions, kept on the server so that signing out, a new password or an admin can end them."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone

from feedback.tables import SideTables

SESSION_HOURS = 8


def now() -> datetime:
    """Return the current time in UTC (tests move it)."""
    return datetime.now(timezone.utc)


def stamp(moment: datetime) -> str:
    """Return ``moment`` as text that sorts as time does (always with microseconds)."""
    return moment.isoformat(timespec="microseconds")


def _session_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


class Sessions:
    """Live sessions by the hash of their id: a cookie carries the id, the table says whose it is and until when.

    Every worker process reads the same table, so a session ended in one is
    ended in all of them at once.
    """

    def __init__(self, tables: SideTables, hours: int = SESSION_HOURS) -> None:
        self._tables = tables
        self._lifetime = timedelta(hours=hours)

    def start(self, username: str) -> str:
        """Start a session for ``username`` and return its id (only its hash is kept)."""
        session_id = secrets.token_urlsafe(32)
        started = now()
        with self._tables.transaction() as cursor:
            cursor.execute("DELETE FROM staff_sessions WHERE expires_at < ?", (stamp(started),))
            cursor.execute(
                "INSERT INTO staff_sessions (session_hash, username, created_at, expires_at) VALUES (?, ?, ?, ?)",
                (_session_hash(session_id), username, stamp(started),
                 stamp(started + self._lifetime)),
            )
        return session_id

    def username(self, session_id: str) -> str | None:
        """Return whose live session this is, or None (unknown, ended or expired)."""
        with self._tables.reading() as cursor:
            cursor.execute(
                "SELECT username FROM staff_sessions WHERE session_hash = ? AND expires_at > ?",
                (_session_hash(session_id), stamp(now())),
            )
            row = cursor.fetchone()
        return None if row is None else str(row[0])

    def end(self, session_id: str) -> None:
        """End one session."""
        with self._tables.transaction() as cursor:
            cursor.execute("DELETE FROM staff_sessions WHERE session_hash = ?", (_session_hash(session_id),))

    def end_all(self, username: str) -> int:
        """End every session of ``username``; return how many were live."""
        with self._tables.transaction() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM staff_sessions WHERE username = ? AND expires_at > ?",
                (username, stamp(now())),
            )
            live = int(cursor.fetchone()[0])
            cursor.execute("DELETE FROM staff_sessions WHERE username = ?", (username,))
        return live

    def count(self, username: str) -> int:
        """Return how many live sessions ``username`` has."""
        with self._tables.reading() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM staff_sessions WHERE username = ? AND expires_at > ?",
                (username, stamp(now())),
            )
            return int(cursor.fetchone()[0])
