"""A new tracking code on its way to the one page that shows it: sealed in the cookie, redeemed on the server.

A code is filed in one request and shown in the next (so that reloading the
receipt never files the idea twice): between the two it travels in the browser's
session cookie, which Flask signs but does not encrypt. So the cookie carries
the code sealed (AES-GCM under a secret of the store) with a one-time token, and
the token's row on the server says whether the receipt may still be shown: a
facilitator's receipt once, a kiosk's until the next child starts. A copied
cookie replayed later shows nothing.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import secrets
from datetime import datetime, timedelta, timezone

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from feedback.tables import SideTables

NONCE = 12
LIFETIME = timedelta(minutes=15)  # a receipt not looked at by then is gone (the code is on nothing but the slip)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def now() -> datetime:
    """Return the current time in UTC (tests move it)."""
    return datetime.now(timezone.utc)


class Receipts:
    """Receipts waiting to be shown, by the hash of their token: who may see each, and until when."""

    def __init__(self, tables: SideTables, key: bytes) -> None:
        self._tables = tables
        self._aead = AESGCM(key)

    def hold(self, code: str, holder: str) -> str:
        """Return what the cookie carries until ``holder`` (``staff:NAME``, ``kiosk:ID``) sees the receipt."""
        token = secrets.token_urlsafe(16)
        nonce = os.urandom(NONCE)
        sealed = nonce + self._aead.encrypt(nonce, code.encode("ascii"), f"{token}|{holder}".encode())
        moment = now()
        with self._tables.transaction() as cursor:
            cursor.execute("DELETE FROM receipt_tokens WHERE expires_at < ?", (moment.isoformat(),))
            cursor.execute("INSERT INTO receipt_tokens (token_hash, holder, expires_at) VALUES (?, ?, ?)",
                           (_hash(token), holder, (moment + LIFETIME).isoformat()))
        return f"{token}.{base64.urlsafe_b64encode(sealed).decode('ascii')}"

    def show(self, held: str, holder: str, *, once: bool) -> str | None:
        """Return the code ``held`` carries if ``holder`` may still see it (``once``: never again after this)."""
        token, _, sealed_text = str(held).partition(".")
        try:
            sealed = base64.urlsafe_b64decode(sealed_text.encode("ascii"))
            code = self._aead.decrypt(sealed[:NONCE], sealed[NONCE:], f"{token}|{holder}".encode()).decode("ascii")
        except (binascii.Error, ValueError, InvalidTag, UnicodeError):
            return None
        with self._tables.transaction() as cursor:
            cursor.execute("SELECT expires_at FROM receipt_tokens WHERE token_hash = ? AND holder = ?",
                           (_hash(token), holder))
            row = cursor.fetchone()
            if row is None or str(row[0]) < now().isoformat():
                return None
            if once:
                cursor.execute("DELETE FROM receipt_tokens WHERE token_hash = ?", (_hash(token),))
        return code

    def drop(self, held: str) -> None:
        """Forget a receipt (the next child starts at the kiosk)."""
        token = str(held).partition(".")[0]
        with self._tables.transaction() as cursor:
            cursor.execute("DELETE FROM receipt_tokens WHERE token_hash = ?", (_hash(token),))
