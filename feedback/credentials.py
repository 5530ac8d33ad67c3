"""Staff credentials (passwords, API tokens), kept outside the event log so they can change and be erased."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone

from feedback.tables import SideTables

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
TOKEN_ID_LENGTH = 16
# Checked when a username has no password, so a wrong name costs as long as a wrong password.
_DECOY = "scrypt$16384$8$1$" + "00" * 16 + "$" + "00" * 64


@dataclass(frozen=True)
class TokenInfo:
    """What may be shown about an API token: never the token, only an id derived from its hash."""

    id: str
    label: str
    created_at: str
    revoked_at: str | None

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


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

    def set_password(self, username: str, password: str) -> None:
        hashed = hash_password(password)
        with self._tables.transaction() as cursor:
            cursor.execute("DELETE FROM staff_passwords WHERE username = ?", (username,))
            cursor.execute(
                "INSERT INTO staff_passwords (username, hash) VALUES (?, ?)", (username, hashed)
            )

    def check_password(self, username: str, password: str) -> bool:
        stored = self._password_hash(username)
        matches = check_password(password, stored or _DECOY)
        return stored is not None and matches

    def _password_hash(self, username: str) -> str | None:
        with self._tables.transaction() as cursor:
            cursor.execute("SELECT hash FROM staff_passwords WHERE username = ?", (username,))
            row = cursor.fetchone()
        return None if row is None else str(row[0])

    def failed_checks(self, username: str, since: str) -> int:
        """Return how many checks of ``username``'s current password failed at or after ``since``."""
        with self._tables.reading() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM password_check_failures WHERE username = ? AND failed_at >= ?",
                (username, since),
            )
            return int(cursor.fetchone()[0])

    def record_failed_check(self, username: str, at: str, forget_before: str) -> None:
        """Record a failed check of ``username``'s current password; forget the ones before ``forget_before``."""
        with self._tables.transaction() as cursor:
            cursor.execute("DELETE FROM password_check_failures WHERE failed_at < ?", (forget_before,))
            cursor.execute("INSERT INTO password_check_failures (username, failed_at) VALUES (?, ?)", (username, at))

    def forget_failed_checks(self, username: str) -> None:
        """Forget the failed checks of ``username``'s password (after a right one)."""
        with self._tables.transaction() as cursor:
            cursor.execute("DELETE FROM password_check_failures WHERE username = ?", (username,))

    def issue_token(self, username: str, token: str | None = None, label: str = "") -> str:
        """Create an API token for ``username``; only its hash (and a label) is kept."""
        token = token or secrets.token_urlsafe(32)
        hashed = _token_hash(token)
        with self._tables.transaction() as cursor:
            cursor.execute(
                "INSERT INTO api_tokens (token_hash, username, created_at) VALUES (?, ?, ?)",
                (hashed, username, datetime.now(timezone.utc).isoformat()),
            )
            if label.strip():
                cursor.execute(
                    "INSERT INTO api_token_labels (token_hash, label) VALUES (?, ?)", (hashed, label.strip())
                )
        return token

    def tokens(self, username: str) -> list[TokenInfo]:
        """Return the tokens issued to ``username``, newest first (ids and labels, never tokens)."""
        with self._tables.transaction() as cursor:
            cursor.execute(
                "SELECT t.token_hash, COALESCE(l.label, ''), t.created_at, t.revoked_at FROM api_tokens t "
                "LEFT JOIN api_token_labels l ON l.token_hash = t.token_hash "
                "WHERE t.username = ? ORDER BY t.created_at DESC",
                (username,),
            )
            rows = cursor.fetchall()
        return [TokenInfo(row[0][:TOKEN_ID_LENGTH], row[1], row[2], row[3]) for row in rows]

    def revoke_token(self, username: str, token_id: str) -> bool:
        """Revoke one of ``username``'s tokens by its id; say whether an active one was revoked."""
        active = [t for t in self.tokens(username) if t.id == token_id and t.is_active]
        if not active:
            return False
        with self._tables.transaction() as cursor:
            cursor.execute(
                "UPDATE api_tokens SET revoked_at = ? WHERE username = ? AND revoked_at IS NULL "
                "AND substr(token_hash, 1, ?) = ?",
                (datetime.now(timezone.utc).isoformat(), username, TOKEN_ID_LENGTH, token_id),
            )
        return True

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
                "SELECT COUNT(*) FROM api_tokens WHERE username = ? AND revoked_at IS NULL", (username,)
            )
            live = int(cursor.fetchone()[0])
            cursor.execute(
                "UPDATE api_tokens SET revoked_at = ? WHERE username = ? AND revoked_at IS NULL",
                (datetime.now(timezone.utc).isoformat(), username),
            )
            return live
