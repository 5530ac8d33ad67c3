"""How alike two children's ideas are: character n-gram TF-IDF for Chinese, words for English.

Children write without spaces, in Simplified or Traditional characters, and a
few in English. Each text is first folded to one form — Traditional characters
to Simplified (OpenCC), full-width to half-width, lower case, punctuation
dropped — so "候診室的椅子太高了" and "候诊室的椅子太高了" are the same words.
Its features are then the single Chinese characters and the pairs of
neighbouring ones (the pairs weigh more: they carry the meaning), and the Latin
words (plural "s" dropped, common words left out). Two texts are compared by
the cosine of their TF-IDF vectors, the rarity of each feature (IDF) measured
over the texts being compared, so "的" or "太" counts for little and "扶手" for
much; ``rapidfuzz``'s edit-distance ratio of the folded texts lifts near copies
(a typo, a word more) to where they belong. Identical texts score 1.

Nothing here reads an item: callers pass the words they may read, and decide
which items may be offered (see web/staff/duplicates.py). The topic board calls
:func:`rank` too. The threshold (``OFFERED``) and the figures it gives on the
labelled set are in docs/decisions.md; ``python -m bench.similar`` measures it.
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from rapidfuzz import fuzz
from opencc import OpenCC

K = TypeVar("K", bound=Hashable)

OFFERED = 0.25  # below this two ideas are not called alike (measured: docs/decisions.md)
PAIR_WEIGHT = 2.0  # a pair of characters weighs twice a single one
NEAR_COPY = 0.85  # an edit-distance ratio above this is a near copy, whatever the shared words
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
LATIN = re.compile(r"[a-z0-9]+")
STOP_WORDS = frozenset(
    "a an the and or for are is be but not no you all can could her was one our out has have with this that they "
    "from there would should please more some what when very like want want's we us i me my it its in on at to of "
    "do does did get got too so there's there".split()
)
STOP_HAN = frozenset("的了吗呢吧啊呀嘛喔哦")


_TO_SIMPLIFIED = OpenCC("tw2sp")  # Taiwan's characters and words (視訊 → 视频) to the mainland's
_CONVERTING = threading.Lock()  # one converter shared by the server's threads


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Return ``text`` in one form: Simplified characters, half-width, lower case."""
    with _CONVERTING:
        simplified = _TO_SIMPLIFIED.convert(unicodedata.normalize("NFKC", text))
    return simplified.lower()


def features(text: str) -> dict[str, float]:
    """Return the weighted features of ``text``: single Chinese characters, pairs of them, Latin words."""
    return dict(_features(text))


@lru_cache(maxsize=4096)
def _features(text: str) -> tuple[tuple[str, float], ...]:
    folded = fold(text)
    found: defaultdict[str, float] = defaultdict(float)
    for run in HAN.findall(folded):
        for i, char in enumerate(run):
            if char not in STOP_HAN:
                found[char] += 1.0
            if i + 1 < len(run):
                found[run[i : i + 2]] += PAIR_WEIGHT
    for word in LATIN.findall(folded):
        if word in STOP_WORDS or (len(word) < 3 and not word.isdigit()):
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        found[word] += PAIR_WEIGHT
    return tuple(found.items())


@lru_cache(maxsize=4096)
def _plain(text: str) -> str:
    """Return the folded text with everything but letters, digits and Chinese characters dropped."""
    return "".join(ch for ch in fold(text) if ch.isalnum())


@dataclass(frozen=True)
class Alike(Generic[K]):
    """One candidate and how alike it is (0 to 1)."""

    key: K
    score: float


class Corpus:
    """Texts to compare with each other, the rarity of each feature measured over all of them."""

    def __init__(self, texts: Iterable[str]) -> None:
        self._features = [features(text) for text in texts]
        documents = Counter(feature for found in self._features for feature in found)
        n = len(self._features)
        self._idf = {feature: math.log((1 + n) / (1 + df)) + 1 for feature, df in documents.items()}

    def vector(self, found: dict[str, float]) -> dict[str, float]:
        """Return the TF-IDF vector of ``found``, of length one (a feature the corpus lacks is the rarest)."""
        rarest = math.log(1 + len(self._features)) + 1
        weights = {f: (1 + math.log(tf)) * self._idf.get(f, rarest) for f, tf in found.items() if tf > 0}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        return {f: w / norm for f, w in weights.items()} if norm else {}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(f, 0.0) for f, w in a.items())


def similarity(text: str, other: str, corpus: Corpus | None = None) -> float:
    """Return how alike two texts are, from 0 (nothing shared) to 1 (the same words)."""
    corpus = corpus or Corpus([text, other])
    return _score(_plain(text), corpus.vector(features(text)), other, corpus)


def _score(plain: str, vector: dict[str, float], other: str, corpus: Corpus) -> float:
    other_plain = _plain(other)
    if plain and plain == other_plain:
        return 1.0
    score = cosine(vector, corpus.vector(features(other)))
    if score < 1 and plain and other_plain:
        near = fuzz.ratio(plain, other_plain, score_cutoff=NEAR_COPY * 100) / 100
        score = max(score, near)
    return round(min(score, 1.0), 3)


def rank(text: str, candidates: Sequence[tuple[K, str]], shown: int = 5, offered: float = OFFERED) -> list[Alike[K]]:
    """Return the candidates alike to ``text`` (scoring at least ``offered``), best first, at most ``shown``.

    ``candidates`` are (key, words) pairs; the caller passes only words it may read.
    Equal scores keep the candidates' order (pass the newest first to prefer them).
    """
    corpus = Corpus([text, *(words for _, words in candidates)])
    plain, vector = _plain(text), corpus.vector(features(text))
    scored = [Alike(key, _score(plain, vector, words, corpus)) for key, words in candidates]
    found = [alike for alike in scored if alike.score >= offered]
    found.sort(key=lambda alike: -alike.score)
    return found[:shown]
