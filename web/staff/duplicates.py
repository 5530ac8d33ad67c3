"""Likely duplicates of an item: open items from any place whose words say the same thing.

The words are compared by :mod:`feedback.similar` (character n-gram TF-IDF, with
Traditional characters folded to Simplified, so a child writing 候診室 and one
writing 候诊室 are found alike). Only words staff may read are compared: an item
whose words are sealed, held for personal data or erased is compared with
nothing and offered to no one, and only items still open (submitted, under
review, forwarded, in progress) are offered — a finished one (answered,
implemented, declined, merged, withdrawn) is not a place to merge into. Below
``feedback.similar.OFFERED`` two ideas are not called alike; at equal scores an
item from the same place comes first. The moderator decides; this only puts the
likely ones first.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from domain.suggestion import Suggestion
from domain.values import Status
from feedback.similar import OFFERED, Alike, rank

K = TypeVar("K", bound=Hashable)

CANDIDATES = 50  # newest open items read from each of: the same place, the same category, anywhere
SHOWN = 5
OFFERABLE = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.FORWARDED, Status.IN_PROGRESS)


def readable_words(item: Suggestion) -> str:
    """Return the words of ``item`` a comparison may read: nothing while sealed or held, nothing once erased."""
    if item.sealed or item.held or item.erased:
        return ""
    title = item.public_title
    return f"{title or ''} {item.public_text}".strip()


def offerable(item: Suggestion) -> bool:
    """True when ``item`` may be offered as a place to merge into."""
    return item.status in OFFERABLE and bool(readable_words(item))


@dataclass(frozen=True)
class Likely:
    """A candidate to merge into, with how alike it is (0 to 1)."""

    item: Suggestion
    score: float


def likely_duplicates(item: Suggestion, candidates: Iterable[Suggestion], shown: int = SHOWN) -> list[Likely]:
    """Return the open candidates most like ``item``, best first (those not alike enough are left out)."""
    words = readable_words(item)
    if not words:
        return []  # sealed or held words are compared with nothing (a match would tell of them)
    pool = {other.id: other for other in candidates if other.id != item.id and offerable(other)}
    same_place = [o for o in pool.values() if item.venue_id is not None and o.venue_id == item.venue_id]
    others = [o for o in pool.values() if o not in same_place]
    ordered = same_place + others  # equal scores keep this order: the same place first
    found = rank(words, [(other.id, readable_words(other)) for other in ordered], shown=shown)
    return [Likely(pool[alike.key], alike.score) for alike in found]


@dataclass(frozen=True)
class AlikePair:
    """Two items that may say the same thing, and how alike they are (0 to 1)."""

    first: Suggestion
    second: Suggestion
    score: float


def alike_pairs(items: Sequence[Suggestion], shown: int = 20) -> list[AlikePair]:
    """Return the pairs among ``items`` (say, a topic board's) alike enough to be merge candidates, best first.

    The same rules as the item page: only words staff may read are compared, and a pair
    is listed only when its second item is still open (the one to merge into).
    """
    readable = [(item, readable_words(item)) for item in items]
    readable = [(item, words) for item, words in readable if words]
    candidates = [(n, words) for n, (item, words) in enumerate(readable) if item.status in OFFERABLE]
    found: dict[frozenset[int], AlikePair] = {}
    for n, (item, words) in enumerate(readable):
        for alike in rank(words, [c for c in candidates if c[0] != n], shown=len(candidates)):
            pair = frozenset((n, alike.key))
            if pair not in found or found[pair].score < alike.score:
                found[pair] = AlikePair(item, readable[alike.key][0], alike.score)
    return sorted(found.values(), key=lambda pair: -pair.score)[:shown]


# -- candidates for a topic board ---------------------------------------------------------------------

# What a topic board offers to attach: open items, and answered or implemented ones as evidence (the domain's
# rule, Suggestion.check_can_group); never a sealed, held or erased one (its words are compared with nothing).
TOPIC_OFFERABLE = (Status.UNDER_REVIEW, Status.FORWARDED, Status.ANSWERED, Status.IN_PROGRESS, Status.IMPLEMENTED)
EVIDENCE = (Status.ANSWERED, Status.IN_PROGRESS, Status.IMPLEMENTED)
TOPIC_SHOWN = 10
# The topic's own words (its names and description) are short beside a child's idea: they call an idea
# alike at a lower score than two ideas need (chosen by reading the demo's boards, not yet measured on a
# labelled set: docs/decisions.md).
NAME_OFFERED = 0.12


def topic_candidates(
    own_words: str, attached_words: Sequence[str], pool: Sequence[tuple[K, str]], shown: int = TOPIC_SHOWN
) -> list[Alike[K]]:
    """Return the ideas of ``pool`` most like a topic, best first: each scored by the best of its likeness to
    the topic's own words (names, description) and to each idea already on the board."""
    best: dict[K, float] = {}
    anchors = [(own_words, NAME_OFFERED)] if own_words.strip() else []
    anchors += [(words, OFFERED) for words in attached_words if words.strip()]
    for words, offered in anchors:
        for alike in rank(words, pool, shown=len(pool), offered=offered):
            best[alike.key] = max(best.get(alike.key, 0.0), alike.score)
    order = {key: n for n, (key, _) in enumerate(pool)}  # equal scores: the pool's order (the newest first)
    found = sorted(best.items(), key=lambda pair: (-pair[1], order[pair[0]]))
    return [Alike(key, score) for key, score in found[:shown]]
