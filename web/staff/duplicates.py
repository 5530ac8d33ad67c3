"""Likely duplicates of an item: same place or area, ranked by how many words they share.

Kept simple on purpose. Candidates are the newest items (at most ``CANDIDATES``)
from the same venue and of the same category that could still be merged into;
each is scored by the overlap (Jaccard) of the two texts' word sets — Latin
words of three letters or more, and pairs of neighbouring Chinese characters,
since Chinese is written without spaces — plus a small bonus for the same
venue. The moderator decides; this only puts the likely ones first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from domain.suggestion import Suggestion

CANDIDATES = 50
SHOWN = 5
SAME_PLACE = 0.1
LATIN = re.compile(r"[a-z0-9]{3,}")
HAN = re.compile(r"[\u3400-\u9fff]+")
STOP_WORDS = frozenset(
    "the and for are but not you all can her was one our out has have with this that they from there "
    "would could should please more some what when very like want".split()
)


def tokens(text: str) -> frozenset[str]:
    """Return the words of ``text`` worth comparing: Latin words and pairs of Chinese characters."""
    lower = text.lower()
    latin = {w for w in LATIN.findall(lower) if w not in STOP_WORDS}
    pairs = {run[i : i + 2] for run in HAN.findall(lower) for i in range(max(1, len(run) - 1))}
    return frozenset(latin | pairs)


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Return the Jaccard overlap of two word sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass(frozen=True)
class Likely:
    """A candidate to merge into, with its score."""

    item: Suggestion
    score: float


def likely_duplicates(item: Suggestion, candidates: Iterable[Suggestion], shown: int = SHOWN) -> list[Likely]:
    """Return the candidates most like ``item``, best first (those sharing no word are left out)."""
    if item.sealed or item.erased:
        return []  # sealed words are compared with nothing (a match would tell of them)
    mine = tokens(str(item.text))
    found = []
    for other in candidates:
        if other.id == item.id or other.sealed or other.erased:
            continue
        score = overlap(mine, tokens(str(other.text)))
        if score == 0:
            continue
        if item.venue_id is not None and other.venue_id == item.venue_id:
            score += SAME_PLACE
        found.append(Likely(other, round(score, 3)))
    found.sort(key=lambda likely: -likely.score)
    return found[:shown]
