"""Spotting personal data and disclosures of harm in a child's words (rules, no I/O)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Each kind: a pattern and the words a moderator reads in the queue.
PATTERNS: dict[str, re.Pattern[str]] = {
    "phone": re.compile(
        r"(?<!\d)(?:\+?86[-\s]?)?1[3-9]\d(?:[-\s]?\d{4}){2}(?!\d)"  # mainland mobile
        r"|(?<!\d)(?:\+?886[-\s]?|0)9\d{2}[-\s]?\d{3}[-\s]?\d{3}(?!\d)"  # Taiwan mobile
        r"|(?<!\d)0\d{2,3}[-\s]\d{7,8}(?!\d)"  # landline with area code
    ),
    "id_card": re.compile(
        r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])"  # mainland resident ID
        r"|(?<![A-Za-z0-9])[A-Z][12]\d{8}(?![0-9])"  # Taiwan national ID
    ),
    "email": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    "name": re.compile(
        r"(?:我叫|我的名字(?:是|叫))\s*[\u4e00-\u9fff]{2,4}"
        r"|\b(?:my name is|i am called|call me)\s+[A-Z][a-z]+",
        re.IGNORECASE,
    ),
    "school_class": re.compile(
        r"[\u4e00-\u9fff]{2,12}(?:小学|中学|学校)[\s,，]*(?:[一二三四五六七八九\d]+年级)?[\s,，]*[一二三四五六七八九十\d]+\s*班"
        r"|[一二三四五六七八九\d]+年级\s*[一二三四五六七八九十\d]+\s*班"
        r"|\b(?:grade|class)\s*\d+\s*[A-Za-z]?\b.{0,40}\b(?:school)\b"
        r"|\b[A-Z][a-z]+ (?:Primary|Middle|High) School\b.{0,20}\b(?:class|grade)\s*\d+",
        re.IGNORECASE,
    ),
}

# Words a child might use to say that someone is hurting them. Deliberately broad:
# a safeguarding officer reads every match; a missed disclosure is the worse error.
HARM = re.compile(
    r"打我|打了我|揍我|踢我|欺负我|被欺负|虐待|摸我|碰我身体|不让我回家|想死|不想活|自杀|伤害自己|割自己"
    r"|hits? me|hit me|beats? me|kicks? me|hurts? me|touch(?:es|ed)? me|bull(?:y|ies|ied) me|abuse"
    r"|kill myself|want to die|hurt myself|cut myself|don'?t want to live|scared to go home",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Screening:
    """What the automatic screen found in a text."""

    personal_data: tuple[str, ...]
    harm: bool

    @property
    def clean(self) -> bool:
        return not self.personal_data and not self.harm


def screen(*texts: str | None) -> Screening:
    """Return the kinds of personal data found, and whether the words disclose harm."""
    words = "\n".join(t for t in texts if t)
    kinds = tuple(kind for kind, pattern in PATTERNS.items() if pattern.search(words))
    return Screening(kinds, bool(HARM.search(words)))
