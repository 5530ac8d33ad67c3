"""Deterministic ids from natural keys, so uniqueness needs no look-up."""

from __future__ import annotations

import re
from uuid import NAMESPACE_URL, UUID, uuid5

_BASE = "https://one-meter-voice.example/"


def natural_id(kind: str, key: str) -> UUID:
    """Return the id of the ``kind`` aggregate named by ``key``."""
    return uuid5(NAMESPACE_URL, f"{_BASE}{kind}/{key.strip().lower()}")


def slugify(text: str) -> str:
    """Return a lower-case ascii slug, e.g. ``Huadu Community`` -> ``huadu-community``."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "x"
