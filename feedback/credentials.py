"""Staff credentials (passwords, API tokens), kept outside the event log so they can change and be erased."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timezone

from feedback.tables import SideTables

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


def hash_password(password: str, salt: bytes | None = None) -> str:
    """Return a scrypt hash of ``password`` in a self-describing format."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        again = hashlib.scrypt(
            password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p)
        )
    except ValueError:
        return False
    return hmac.compare_digest(again.hex(), digest)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Credentials:
    """Passwords and API tokens of staff members, by username."""

    def __init__(self, tables: SideTables) -> None:
        self._tables = tables
        tables.create(
            "CREATE TABLE IF NOT EXISTS staff_passwords ("
            "username TEXT PRIMARY KEY, hash TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS api_tokens ("
            "token_hash TEXT PRIMARY KEY, username TEXT NOT NULL, "
            "created_at TEXT NOT NULL, revoked_at TEXT)",
        )

    def set_password(self, username: str, password: str) -> None:
        hashed = hash_password(password)
        with self._tables.transaction() as cursor:
            cursor.execute("DELETE FROM staff_passwords WHERE username = ?", (username,))
            cursor.execute(
                "INSERT INTO staff_passwords (username, hash) VALUES (?, ?)", (username, hashed)
            )

    def check_password(self, username: str, password: str) -> bool:
        with self._tables.transaction() as cursor:
            cursor.execute("SELECT hash FROM staff_passwords WHERE username = ?", (username,))
            row = cursor.fetchone()
        return row is not None and check_password(password, row[0])

    def issue_token(self, username: str, token: str | None = None) -> str:
        """Create an API token for ``username``; only its hash is kept."""
        token = token or secrets.token_urlsafe(32)
        with self._tables.transaction() as cursor:
            cursor.execute(
                "INSERT INTO api_tokens (token_hash, username, created_at) VALUES (?, ?, ?)",
                (_token_hash(token), username, datetime.now(timezone.utc).isoformat()),
            )
        return token

    def username_for_token(self, token: str) -> str | None:
        with self._tables.transaction() as cursor:
            cursor.execute(
                "SELECT username FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL",
                (_token_hash(token),),
            )
            row = cursor.fetchone()
        return None if row is None else row[0]

    def revoke_tokens(self, username: str) -> int:
        with self._tables.transaction() as cursor:
            cursor.execute(
                "UPDATE api_tokens SET revoked_at = ? WHERE username = ? AND revoked_at IS NULL",
                (datetime.now(timezone.utc).isoformat(), username),
            )
            cursor.execute("SELECT changes()")
            return int(cursor.fetchone()[0])
