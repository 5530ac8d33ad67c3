"""A log full of what an export must never show, and a search of an export for any of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from domain.actors import Actor
from domain.safeguarding import case_id
from domain.values import AgeBand, Category, Channel

WORDS = "彩虹滑梯真好玩 please fix the swing"
COMMENT = "谢谢你们 the swing is great"
HARM = "I need help, someone hurts me at home"
NOTE = "Called the school counsellor; home visit booked with the social worker"


@dataclass
class Secrets:
    """The codes of the items filed, and the words no reader of an export may see."""

    codes: list[str] = field(default_factory=list)
    ids: list[UUID] = field(default_factory=list)
    words: tuple[str, ...] = (WORDS, COMMENT, HARM, NOTE)

    def forms(self) -> list[str]:
        """Return every form a reader could find a secret in: codes with and without the dash, and item ids."""
        found = [*self.words]
        for code in self.codes:
            found += [code, code.replace("-", "")]
        for item in self.ids:
            found += [item.hex, str(item), case_id(item).hex, str(case_id(item))]
        return found


def leaks(text: str, secrets: Secrets) -> list[str]:
    """Return each secret the text holds in clear, in any case."""
    folded = text.lower()
    return [s for s in secrets.forms() if s.lower() in folded]


def world_with_secrets(services: Any) -> Secrets:
    """File ideas through every door: answered, under a topic, reacted to, a disclosure closed with a note."""
    app, secrets = services.suggestions, Secrets()
    answered = app.submit(channel=Channel.WEB, category=Category.SPACES, age_band=AgeBand.AGE_9_11, text=WORDS)
    app.accept(answered.code, Actor.staff("mona"))
    app.assign_topic(answered.code, "school-nutrition", Actor.staff("dan"))
    app.forward(answered.code, "health-commission", date.today() + timedelta(days=14), Actor.staff("dan"))
    app.answer(answered.code, "not_adopted", "Not this year.", "We cannot build it yet.", Actor.staff("olga"))
    app.react(answered.code, "happy", COMMENT)
    noted = app.submit(channel=Channel.MESSAGE_BOARD, venue="huadu-board", category=Category.SPACES, age_band=AgeBand.AGE_6_8, text=WORDS,
                       actor=Actor.facilitator("fay"))
    harmed = app.submit(channel=Channel.WEB, category=Category.PROTECTION, age_band=AgeBand.AGE_12_14, text=HARM)
    services.privacy.open_case(harmed.id, Actor.staff("sam"))
    services.privacy.close_case(harmed.id, NOTE, Actor.staff("sam"))
    secrets.codes += [answered.code, noted.code, harmed.code]
    secrets.ids += [answered.id, noted.id, harmed.id]
    return secrets
