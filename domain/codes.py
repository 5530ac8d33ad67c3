"""Tracking codes: short, readable aloud, unguessable; the item id derives from them."""

from __future__ import annotations

import base64
import secrets
from uuid import NAMESPACE_URL, UUID, uuid5

# 32 symbols (5 bits each) with nothing a child could misread: no 0/O, 1/I.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LENGTH = 8  # 8 x 5 = 40 random bits
GROUP = 4
_FROM_BASE32 = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", ALPHABET)
_NAMESPACE = uuid5(NAMESPACE_URL, "https://one-meter-voice.example/suggestions")


class InvalidCode(ValueError):
    """The text cannot be a tracking code."""


def new_code() -> str:
    """Return a fresh random tracking code such as ``K7QM-4XW2``."""
    # 5 random bytes are 40 bits, exactly 8 base-32 symbols; each maps to one of ours.
    raw = base64.b32encode(secrets.token_bytes(LENGTH * 5 // 8)).decode("ascii").translate(_FROM_BASE32)
    return format_code(raw)


def format_code(raw: str) -> str:
    return "-".join(raw[i : i + GROUP] for i in range(0, len(raw), GROUP))


def normalise_code(text: str) -> str:
    """Return the canonical form of a code typed in any case, with or without dashes."""
    raw = "".join(ch for ch in str(text).upper() if ch not in " -_\t\u3000")
    if len(raw) != LENGTH or any(ch not in ALPHABET for ch in raw):
        raise InvalidCode(f"{text!r} is not a tracking code")
    return format_code(raw)


def public_ref(item_id: UUID) -> str:
    """Return an item's public reference: shown on public lists, useless for acting on the item."""
    return item_id.hex[:10].upper()


def suggestion_id(code: str) -> UUID:
    """Return the aggregate id of the suggestion with this tracking code."""
    return uuid5(_NAMESPACE, normalise_code(code))
