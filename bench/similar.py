"""``python -m bench.similar``: precision, recall and F1 of the likely-duplicate finders on the labelled ideas.

The labelled set (tests/data/similar_ideas.tsv) holds children's ideas in
Simplified and Traditional Chinese and English, grouped by hand: ideas in one
group say the same thing. Each idea in turn is the one a moderator opens; every
other idea is a candidate (across places, as the new finder searches), and the
finder offers at most five. An offered idea of the same group is a hit.
Precision = hits / offered; recall = hits / (pairs that should have been offered).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from feedback.similar import OFFERED, rank

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "data" / "similar_ideas.tsv"
SHOWN = 5


@dataclass(frozen=True)
class Idea:
    group: str
    language: str
    text: str


def labelled(path: Path = LABELLED) -> list[Idea]:
    """Return the labelled ideas, in file order."""
    ideas = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            group, language, text = line.split("\t")
            ideas.append(Idea(group, language, text))
    return ideas


# -- the finder before issue 17 (web/staff/duplicates.py at int22), kept to compare with ------------------------

_LATIN = re.compile(r"[a-z0-9]{3,}")
_HAN = re.compile(r"[\u3400-\u9fff]+")
_STOP = frozenset(
    "the and for are but not you all can her was one our out has have with this that they from there "
    "would could should please more some what when very like want".split()
)


def _old_tokens(text: str) -> frozenset[str]:
    lower = text.lower()
    latin = {w for w in _LATIN.findall(lower) if w not in _STOP}
    pairs = {run[i : i + 2] for run in _HAN.findall(lower) for i in range(max(1, len(run) - 1))}
    return frozenset(latin | pairs)


def old_finder(text: str, candidates: Sequence[tuple[int, str]]) -> list[int]:
    """Today's finder: Jaccard overlap of words and character pairs, anything above 0, top five."""
    mine = _old_tokens(text)
    scored = []
    for key, words in candidates:
        theirs = _old_tokens(words)
        score = len(mine & theirs) / len(mine | theirs) if mine and theirs else 0.0
        if score > 0:
            scored.append((score, key))
    scored.sort(key=lambda pair: -pair[0])
    return [key for _, key in scored[:SHOWN]]


def new_finder(offered: float = OFFERED) -> Callable[[str, Sequence[tuple[int, str]]], list[int]]:
    def find(text: str, candidates: Sequence[tuple[int, str]]) -> list[int]:
        return [alike.key for alike in rank(text, candidates, shown=SHOWN, offered=offered)]
    return find


@dataclass(frozen=True)
class Figures:
    precision: float
    recall: float
    f1: float
    offered: int
    hits: int
    wanted: int
    recall_one_language: float  # recall over the pairs written in one language (Chinese in either script, or English)
    recall_across_scripts: float  # recall over the pairs one in Simplified, the other in Traditional characters


def measure(finder: Callable[[str, Sequence[tuple[int, str]]], list[int]], ideas: list[Idea]) -> Figures:
    """Return the finder's precision, recall and F1 over every idea of ``ideas``."""
    offered = hits = wanted = hits_one = wanted_one = hits_across = wanted_across = 0
    for i, idea in enumerate(ideas):
        candidates = [(j, other.text) for j, other in enumerate(ideas) if j != i]
        found = finder(idea.text, candidates)
        offered += len(found)
        hits += sum(ideas[j].group == idea.group for j in found)
        hits_one += sum(ideas[j].group == idea.group and _one_language(idea, ideas[j]) for j in found)
        same = [other for j, other in enumerate(ideas) if j != i and other.group == idea.group]
        wanted += len(same)
        wanted_one += sum(_one_language(idea, other) for other in same)
        hits_across += sum(ideas[j].group == idea.group and _across_scripts(idea, ideas[j]) for j in found)
        wanted_across += sum(_across_scripts(idea, other) for other in same)
    precision = hits / offered if offered else 0.0
    recall = hits / wanted if wanted else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Figures(precision, recall, f1, offered, hits, wanted, hits_one / wanted_one if wanted_one else 0.0,
                   hits_across / wanted_across if wanted_across else 0.0)


def _across_scripts(a: Idea, b: Idea) -> bool:
    return {a.language, b.language} == {"zh-Hans", "zh-Hant"}


def _one_language(a: Idea, b: Idea) -> bool:
    return (a.language == "en") == (b.language == "en")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweep", action="store_true", help="also show the new finder at other thresholds")
    args = parser.parse_args(argv)
    ideas = labelled()
    groups = len({idea.group for idea in ideas})
    print(f"## Likely duplicates on {len(ideas)} labelled ideas ({groups} groups), at most {SHOWN} offered each")
    print(f"{'finder':<28} {'precision':>9} {'recall':>7} {'F1':>6} {'offered':>8} {'hits':>5} {'wanted':>6} {'recall, one language':>21} {'recall, 简↔繁':>12}")
    rows = [("before (Jaccard > 0)", old_finder), (f"new (TF-IDF >= {OFFERED:.2f})", new_finder())]
    if args.sweep:
        rows += [(f"new (TF-IDF >= {t:.2f})", new_finder(t)) for t in (0.1, 0.15, 0.2, 0.25, 0.35, 0.4, 0.5)]
    for name, finder in rows:
        f = measure(finder, ideas)
        print(f"{name:<28} {f.precision:>9.1%} {f.recall:>7.1%} {f.f1:>6.3f} {f.offered:>8} {f.hits:>5} {f.wanted:>6} {f.recall_one_language:>21.1%} {f.recall_across_scripts:>12.1%}")


if __name__ == "__main__":
    main()
