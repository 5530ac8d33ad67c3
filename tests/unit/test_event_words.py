"""Every event a page shows has words, for the child and for staff, in every language the site speaks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from babel.messages.pofile import read_po
from flask_babel import Domain, force_locale

from domain.actors import Actor, acting_as
from domain.base import Root
from domain.codes import new_ref
from domain.suggestion import Suggestion
from domain.values import AgeBand, Category, Channel, Decision, Reaction
from feedback.bootstrap import bootstrap
from feedback.config import Settings
from web import create_app
from web.i18n import LOCALES
from web.staff.words import DESCRIBERS, describe
from web.timeline import CHILD_WORDS, SOMETHING_HAPPENED, timeline

# The aggregates whose events the item pages and the API put into words; the auditor
# reads the events of the others (topics, venues, staff, safeguarding cases) by their type name.
WORDED = (Suggestion,)
EVENT_CLASSES = [
    cls for aggregate in WORDED for cls in vars(aggregate).values()
    if isinstance(cls, type) and issubclass(cls, Root.Event) and cls.__name__ not in ("Event", "Created")
]
SOURCE = "en"  # the language the message ids are written in
TRANSLATED = [locale for locale in LOCALES.values() if locale != SOURCE]
DUE = date(2030, 6, 1)


def submit(**changes: Any) -> Suggestion:
    fields: dict[str, Any] = dict(item_id=uuid4(), ref=new_ref(), channel=Channel.WEB, venue_id=None, category=Category.SPACES,
                                  age_band=AgeBand.AGE_9_11, text="我想要一个秋千", answer_due=DUE)
    with acting_as(Actor.child()):
        return Suggestion.submit(**(fields | changes))


def suggestion_events() -> list[Any]:
    """Drive ideas through every command a suggestion has, each decision and reaction included; return the events."""
    body, topic = uuid4(), uuid4()
    idea, duplicate, declined, withdrawn = submit(), submit(), submit(), submit()
    noted = submit(channel=Channel.MESSAGE_BOARD, venue_id=uuid4(), assisted=True)
    chosen, private = submit(), submit(age_band=AgeBand.AGE_6_8)
    with acting_as(Actor.staff("mona")):
        for item in (idea, chosen):
            item.accept()
        duplicate.merge_into(idea)
        declined.decline("off topic", "The city cannot change this.")
        idea.assign_topic(topic)
        idea.remove_topic()
        for item in (idea, chosen):
            item.forward(body, DUE)
        idea.answer(Decision.NOT_ADOPTED, "No budget.", "We cannot do it this year.")
    with acting_as(Actor.child()):
        idea.react(Reaction.UNHAPPY, "可是滑梯坏了")
        idea.request_reconsideration()
        withdrawn.withdraw()
    with acting_as(Actor.staff("olga")):
        idea.answer(Decision.PARTLY_ADOPTED, "Half of it.", "We will fix the slide.")
        chosen.answer(Decision.ADOPTED, "Funded.", "A swing is coming.")
        idea.record_progress(50, "ordered")
        idea.mark_implemented("photo")
        idea.attach_photo(uuid4(), "ab" * 32, 1024, "image/jpeg", 640, 480)
    with acting_as(Actor.child()):
        idea.react(Reaction.OKAY)
        chosen.react(Reaction.HAPPY)
    with acting_as(Actor.staff("mona")):
        private.hold_for_privacy(["phone"])
        private.redact("我想要一个秋千", None)
        private.hold_for_privacy(["name"])
        private.release()
    with acting_as(Actor.child()):
        private.give_contact("138 0000 0000", guardian="mother")
        private.refer_to_safeguarding("child_asked")
    with acting_as(Actor.staff("adam")):
        private.record_erasure("the child asked")
    with acting_as(Actor.child()):
        chosen.react(Reaction.OKAY, "call 13900001111")
        chosen.hold_comment(chosen.version, ["phone"])
        chosen.redact_comment(chosen.version - 1, "call [removed]")
        chosen.react(Reaction.OKAY, "my name is Li Lei")
        chosen.hold_comment(chosen.version, ["name"])
        chosen.release_comment(chosen.version - 1)
        chosen.react(Reaction.UNHAPPY, "someone hurts me")
        chosen.seal_comment(chosen.version)
    legacy = submit()
    legacy.ref = None  # as an item filed before references reads (its Submitted was version 1)
    with acting_as(Actor(kind="system")):
        legacy.give_ref(new_ref())
    items = (idea, duplicate, declined, withdrawn, noted, chosen, private, legacy)
    return [e for item in items for e in item.collect_events()]


SAMPLES = suggestion_events()
TRANSLATIONS = Path(__file__).resolve().parents[2] / "web" / "translations"


def samples_of(cls: type) -> list[Any]:
    return [e for e in SAMPLES if type(e) is cls]


def name_of(key: UUID | None) -> str:
    return "Health Commission"


@pytest.fixture(scope="module")
def site() -> Iterator[Any]:
    services = bootstrap(Settings(database_url="memory://"))
    flask_app = create_app({"TESTING": True, "FEEDBACK_SERVICES": services})
    with flask_app.test_request_context():
        yield flask_app
    services.close()


@pytest.fixture(scope="module")
def translated() -> dict[str, set[str]]:
    """Return, per language, the message ids its catalogue translates (fuzzy guesses are not translations)."""
    found = {}
    for locale in TRANSLATED:
        with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", "rb") as po:
            catalogue = read_po(po, locale=locale)
        found[locale] = {m.id for m in catalogue if isinstance(m.id, str) and m.string and "fuzzy" not in m.flags}
    return found


def asked_for(words: Callable[[], str], monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """Return the message ids ``words`` looks up, checking that it renders something."""
    asked: set[str] = set()
    lookup = Domain.gettext

    def recording(domain: Domain, string: str, **variables: Any) -> str:
        asked.add(string)
        return lookup(domain, string, **variables)

    with monkeypatch.context() as patched:
        patched.setattr(Domain, "gettext", recording)
        assert words()
    return asked


def child_words(event: Any, locale: str) -> str:
    with force_locale(locale):
        return timeline([event], name_of, name_of)[0].label


def staff_words(event: Any, locale: str) -> str:
    with force_locale(locale):
        return describe(event, name_of, name_of)


def untranslated(words: Callable[[Any, str], str], cls: type, locale: str, translated: dict[str, set[str]],
                 monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Return the message ids that ``words`` uses for events of ``cls`` and ``locale`` does not translate."""
    asked = set().union(*(asked_for(partial(words, e, locale), monkeypatch) for e in samples_of(cls)))
    assert asked, f"the words for {cls.__qualname__} do not come from the catalogue"
    return sorted(asked - translated[locale])


@pytest.mark.parametrize("cls", EVENT_CLASSES, ids=lambda cls: cls.__qualname__)
def test_every_event_a_page_shows_has_words_for_the_child(cls: type) -> None:
    assert cls in CHILD_WORDS, f"{cls.__qualname__} would read “{SOMETHING_HAPPENED}”: give it words in web/timeline.py"


@pytest.mark.parametrize("cls", EVENT_CLASSES, ids=lambda cls: cls.__qualname__)
def test_every_event_a_page_shows_has_words_for_staff(cls: type) -> None:
    assert cls in DESCRIBERS, f"{cls.__qualname__} would read as its class name: give it words in web/staff/words.py"


def test_the_samples_hold_every_event_class_so_each_is_read_in_every_language() -> None:
    missing = {cls.__qualname__ for cls in EVENT_CLASSES} - {type(e).__qualname__ for e in SAMPLES}
    assert not missing, f"extend suggestion_events() with {sorted(missing)}"


@pytest.mark.parametrize("locale", TRANSLATED)
@pytest.mark.parametrize("cls", EVENT_CLASSES, ids=lambda cls: cls.__qualname__)
def test_a_child_reads_every_event_in_every_language_the_site_speaks(
        site: Any, cls: type, locale: str, translated: dict[str, set[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    assert untranslated(child_words, cls, locale, translated, monkeypatch) == []


@pytest.mark.parametrize("locale", TRANSLATED)
@pytest.mark.parametrize("cls", EVENT_CLASSES, ids=lambda cls: cls.__qualname__)
def test_staff_read_every_event_in_every_language_the_site_speaks(
        site: Any, cls: type, locale: str, translated: dict[str, set[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    assert untranslated(staff_words, cls, locale, translated, monkeypatch) == []
