"""A name per language: the places, bodies, topics and districts children read about."""

from __future__ import annotations

from collections.abc import Mapping

from domain.errors import N_, InvalidValue

SIMPLIFIED = "zh-Hans"
TRADITIONAL = "zh-Hant"
ENGLISH = "en"
LANGUAGES = (SIMPLIFIED, TRADITIONAL, ENGLISH)


def tidy_names(names: Mapping[str, str] | None) -> dict[str, str]:
    """Return ``names`` with its words trimmed and its empty ones left out; refuse a language we do not speak."""
    unknown = sorted(set(names or {}) - set(LANGUAGES))
    if unknown:
        raise InvalidValue(N_("names are given in %(languages)s, not in %(unknown)s"),
                           languages=", ".join(LANGUAGES), unknown=", ".join(unknown))
    return {tag: str(names[tag]).strip() for tag in LANGUAGES if names and str(names.get(tag) or "").strip()}


def name_in(names: Mapping[str, str], language: str, fallback: str = "") -> str:
    """Return the name in ``language``, else the Simplified Chinese one, else ``fallback`` (a name from before)."""
    return names.get(language) or names.get(SIMPLIFIED) or fallback
