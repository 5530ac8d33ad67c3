"""Tracking codes and public references.

A tracking code is the child's only key: 40 random bits, read aloud. An item's
id is derived from its code with a secret key (:func:`item_id_for`), so no
one without that key can get from an id back to a code; its public reference
is drawn at random when it is filed and recorded by its events, so nothing
public says anything about the code. Items filed before that (class version 1
of ``Suggestion.Submitted``) keep the id :func:`legacy_suggestion_id` gave
them; the ids are never shown where a code could be searched from them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.naming import natural_id

# 32 symbols (5 bits each) with nothing a child could misread: no 0/O, 1/I.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LENGTH = 8  # 8 x 5 = 40 random bits
GROUP = 4
_FROM_BASE32 = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", ALPHABET)
_NAMESPACE = uuid5(NAMESPACE_URL, "https://one-meter-voice.example/suggestions")


REF_LENGTH = 10  # hex digits: 40 random bits, drawn again on the rare clash
REF_PATTERN = "[0-9A-Fa-f]{%d}" % REF_LENGTH  # as typed (any case); canonical: upper case
_REF = re.compile(REF_PATTERN)


class InvalidCode(ValueError):
    """The text cannot be a tracking code."""


class InvalidRef(ValueError):
    """The text cannot be a public reference."""


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


def new_ref() -> str:
    """Return a fresh random public reference such as ``3F9A0C21BE``: it says nothing about any code."""
    return secrets.token_hex(REF_LENGTH // 2).upper()


def normalise_ref(text: str) -> str:
    """Return the canonical form of a public reference typed in any case (spaces and dashes ignored)."""
    raw = "".join(ch for ch in str(text).upper() if ch not in " -_\t\u3000")
    if not _REF.fullmatch(raw):
        raise InvalidRef(f"{text!r} is not a public reference")
    return raw


def reference_id(ref: str) -> UUID:
    """Return the id of the index entry that finds the item a public reference names."""
    return natural_id("reference", normalise_ref(ref))


def item_id_for(code: str, key: bytes) -> UUID:
    """Return the id of the item filed under ``code``: an HMAC of the code under a secret key.

    Without the key, an id is 122 bits of noise; with it, the store finds a
    child's item from their code in one read.
    """
    digest = hmac.new(key, normalise_code(code).encode("ascii"), hashlib.sha256).digest()
    return UUID(bytes=digest[:16], version=4)


def legacy_suggestion_id(code: str) -> UUID:
    """Return the id an item filed before keyed ids got (uuid5 of its code: never shown)."""
    return uuid5(_NAMESPACE, normalise_code(code))
