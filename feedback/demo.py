"""Demo data built from the programme's own facts: places, topics, staff and children's ideas.

The counts come from the programme's report: 13 child-friendly parks, 15
hospitals, 17 communities (each with a One-Meter Message Board), 51 reading
spaces, 6 playgrounds, 148 schools, the Little Kunyu Children's Observation
Group and the 15 topics it discussed at the Two Sessions. Every idea is driven
through the real application methods, so its history is a real history.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from domain.actors import Actor
from domain.suggestion import MERGE_TARGETS, Suggestion
from domain.values import (
    HOSPITAL_ASPECTS,
    AgeBand,
    Category,
    Channel,
    Decision,
    Reaction,
    Role,
    Status,
    VenueKind,
)
from domain.venue import Venue
from feedback.bootstrap import Services
from feedback.places import Places
from feedback.demo_data import (
    A,
    N,
    P,
    AGE_BANDS,
    AGE_WEIGHTS,
    BODIES,
    DECLINES,
    DEFAULT_SUGGESTIONS,
    HOSPITAL,
    K,
    LITTLE_KUNYU,
    REACTION_WORDS,
    Refusal,
    STAFF,
    STORIES,
    Move,
    Story,
    THEMES,
    TOPICS,
    Theme,
    all_places,
    district_names,
    session_name,
    theme_weight,
    topic_names,
)

# -- loading ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Login:
    username: str
    role: Role
    password: str
    token: str
    body: str = ""


@dataclass
class DemoSummary:
    """What the demo loaded: counts to print and the staff logins."""

    venues: Counter[VenueKind] = field(default_factory=Counter)
    topics: int = 0
    logins: list[Login] = field(default_factory=list)
    added: int = 0
    existing: int = 0
    statuses: Counter[Status] = field(default_factory=Counter)
    channels: Counter[Channel] = field(default_factory=Counter)
    categories: Counter[Category] = field(default_factory=Counter)
    age_bands: Counter[AgeBand] = field(default_factory=Counter)


def load_demo(
    services: Services,
    seed: int | None = None,
    suggestions: int = DEFAULT_SUGGESTIONS,
    progress: Callable[[int], None] | None = None,
) -> DemoSummary:
    """Load the demo world; add ``suggestions`` ideas unless the store has some already."""
    today = services.clock.today()
    summary = DemoSummary()
    summary.venues = Counter(venue.kind for venue in register_places(services.places))
    summary.topics = len(open_topics(services.places, today))
    summary.logins = add_staff(services)
    summary.existing = services.suggestions.count_suggestions()
    if summary.existing == 0 and suggestions > 0:
        Storyteller(services, random.Random(seed), today, summary).tell(suggestions, progress)
    return summary


def register_places(places: Places) -> list[Venue]:
    """Register every demo venue (idempotent)."""
    return [
        places.register_venue(p.slug, p.kind, p.name, p.district, p.parent, p.names, district_names(p.district))
        for p in all_places()
    ]


def open_topics(places: Places, today: date) -> list[str]:
    """Open the 15 Two Sessions topics with their names (idempotent)."""
    for slug, name, description, simplified, traditional in TOPICS:
        names = topic_names(name, simplified, traditional)
        places.open_topic(slug, name, session_name(today), description, names=names)
    return [slug for slug, *_ in TOPICS]


def add_staff(services: Services) -> list[Login]:
    """Register the demo staff with demo passwords, and issue each an API token."""
    logins = []
    for person in STAFF:
        member, token = services.accounts.add_staff(person.username, person.role, person.body, person.display_name)
        services.accounts.set_password(member.username, person.password)
        for topic in person.topics:
            services.places.join_topic(topic, member.username)
        body = services.places.get_venue(person.body).name if person.body else ""
        logins.append(Login(member.username, person.role, person.password, token, body))
    return logins


def language_of(text: str) -> str:
    return "zh-Hans" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"


@dataclass
class Draft:
    """One idea on its way through a story."""

    story: Story
    channel: Channel
    category: Category
    age_band: AgeBand
    text: str
    title: str | None
    venue: Venue | None
    theme: Theme | None = None
    refusal: Refusal | None = None
    code: str = ""
    ref: str = ""
    body: str = ""
    decision: Decision | None = None
    percent: int = 0
    status: Status = Status.SUBMITTED

    @property
    def lang(self) -> str:
        return "zh" if language_of(self.text) == "zh-Hans" else "en"


class Storyteller:
    """Files children's ideas and plays each one's story through the application."""

    def __init__(self, services: Services, rng: random.Random, today: date, summary: DemoSummary) -> None:
        self.app = services.suggestions
        self.rng = rng
        self.today = today
        self.summary = summary
        self.places = {kind: [v for v in services.places.list_venues(kind) if v.is_open] for kind in VenueKind}
        self.officials = {p.body: p.username for p in STAFF if p.role is Role.OFFICIAL}
        self.deputies = {t: p.username for p in STAFF for t in p.topics}
        self.staff = {role: [p.username for p in STAFF if p.role is role] for role in Role}
        self.mergeable: dict[str, list[str]] = {}
        self.pending_stories = list(STORIES)
        self.pending_themes = list(THEMES)
        self.pending_channels = list(Channel)
        self.pending_ages = list(AGE_BANDS)

    def tell(self, count: int, progress: Callable[[int], None] | None = None) -> None:
        """File ``count`` ideas, each with its whole story."""
        for _ in range(count):
            draft = self.draft(self.pick_story())
            self.play(draft)
            self.count(draft)
            if progress:
                progress(1)

    # -- choosing (the first ideas cover every story, theme, channel and age) --

    def pick_story(self) -> Story:
        if self.pending_stories:
            return self.pending_stories.pop(0)
        return self.rng.choices(STORIES, weights=[s.weight for s in STORIES])[0]

    def pick_theme(self, story: Story) -> Theme:
        fits = [t for t in self.pending_themes if t.topic or not story.needs_topic]
        if fits:
            self.pending_themes.remove(fits[0])
            return fits[0]
        themes = [t for t in THEMES if t.topic or not story.needs_topic]
        return self.rng.choices(themes, weights=[theme_weight(t) for t in themes])[0]

    def pick_channel(self, allowed: Sequence[Channel]) -> Channel:
        for channel in self.pending_channels:
            if channel in allowed:
                self.pending_channels.remove(channel)
                return channel
        return self.rng.choices(allowed, weights=[6, 3, 2][: len(allowed)])[0]

    def pick_age(self, channel: Channel) -> AgeBand:
        if self.pending_ages:
            return self.pending_ages.pop(0)
        weights = (40, 35, 18, 7) if channel is Channel.HOSPITAL_REVIEW else AGE_WEIGHTS
        return self.rng.choices(AGE_BANDS, weights=weights)[0]

    def pick_venue(self, channel: Channel, theme: Theme | None) -> Venue | None:
        if channel is Channel.HOSPITAL_REVIEW:
            return self.rng.choice(self.places[K.HOSPITAL])
        if channel is Channel.OBSERVATION_GROUP:
            return self.rng.choice(self.places[K.OBSERVATION_GROUP] + [self.app.get_venue(LITTLE_KUNYU.slug)] * 4)
        if channel is Channel.MESSAGE_BOARD:
            if theme and theme.home and self.rng.random() < 0.7:
                return self.app.get_venue(theme.home)
            return self.rng.choice(self.places[K.MESSAGE_BOARD])
        kinds = theme.web_kinds if theme else ()
        if kinds and self.rng.random() < 0.6:
            return self.rng.choice(self.places[self.rng.choice(kinds)])
        return None

    def draft(self, story: Story) -> Draft:
        if story.declined:
            return self.draft_refusal(story)
        theme = self.pick_theme(story)
        channel = self.pick_channel(theme.channels)
        text = self.rng.choice(theme.ideas)
        if channel is Channel.HOSPITAL_REVIEW and self.rng.random() < 0.15:
            text = ""  # a review with faces only
        zh = language_of(text) == "zh-Hans"
        title = theme.title[1 if zh else 0] if text and self.rng.random() < 0.4 else None
        return Draft(story, channel, theme.category, self.pick_age(channel), text, title,
                     self.pick_venue(channel, theme), theme=theme)

    def draft_refusal(self, story: Story) -> Draft:
        refusal = self.rng.choice(DECLINES)
        channel = self.pick_channel((Channel.WEB, Channel.MESSAGE_BOARD))
        return Draft(story, channel, refusal.category, self.pick_age(channel), refusal.text, None,
                     self.pick_venue(channel, None), refusal=refusal)

    # -- playing -----------------------------------------------------------------

    def play(self, draft: Draft) -> None:
        item = self.submit(draft)
        draft.code, draft.ref, draft.status = item.code or "", item.ref or "", item.status
        for move, *args in draft.story.steps:
            moved = MOVES[move](self, draft, *args)
            if moved is not None:
                draft.status = moved.status
        if draft.theme and draft.status in MERGE_TARGETS:
            self.mergeable.setdefault(draft.theme.key, []).append(draft.ref)

    def count(self, draft: Draft) -> None:
        self.summary.added += 1
        self.summary.statuses[draft.status] += 1
        self.summary.channels[draft.channel] += 1
        self.summary.categories[draft.category] += 1
        self.summary.age_bands[draft.age_band] += 1

    def submit(self, draft: Draft) -> Suggestion:
        actor = None
        if draft.channel in (Channel.MESSAGE_BOARD, Channel.OBSERVATION_GROUP) and self.rng.random() < 0.5:
            actor = Actor.facilitator(self.rng.choice(self.staff[Role.FACILITATOR]))
        return self.app.submit(
            channel=draft.channel,
            category=draft.category,
            age_band=draft.age_band,
            text=draft.text,
            venue=draft.venue.id if draft.venue else None,
            title=draft.title,
            language=language_of(draft.text) if draft.text else "zh-Hans",
            ratings=self.ratings(draft) if draft.channel is Channel.HOSPITAL_REVIEW else None,
            actor=actor,
        )

    def ratings(self, draft: Draft) -> dict[str, int]:
        aspect = draft.theme.aspect if draft.theme else ""
        others = [a for a in HOSPITAL_ASPECTS if a != aspect]
        rated = {a: self.rng.choice((3, 4, 4, 5, 5)) for a in self.rng.sample(others, self.rng.randint(1, 3))}
        if aspect:
            low = aspect != "staff_kindness"
            rated[aspect] = self.rng.choice((1, 2, 2, 3) if low else (4, 5, 5))
        return rated

    def moderator(self) -> Actor:
        return Actor.staff(self.rng.choice(self.staff[Role.MODERATOR]))

    def deputy(self, draft: Draft) -> Actor:
        topic = draft.theme.topic if draft.theme else None
        return Actor.staff(self.deputies.get(topic or "") or self.rng.choice(self.staff[Role.DEPUTY]))

    def answerer(self, draft: Draft) -> Actor:
        return Actor.staff(self.officials[draft.body]) if draft.body else self.deputy(draft)

    def body_for(self, draft: Draft) -> str:
        assert draft.theme is not None
        if draft.theme.body != HOSPITAL:
            return draft.theme.body
        if draft.venue and draft.venue.slug in self.officials:
            return draft.venue.slug
        return "health-commission"

    def due(self) -> date:
        return self.today + timedelta(days=self.rng.randint(10, 45))

    # -- the moves of the stories (``MOVES`` says which method plays which) ------------

    def do_accept(self, draft: Draft) -> Suggestion:
        return self.app.accept(draft.ref, actor=self.moderator())

    def do_group(self, draft: Draft) -> Suggestion | None:
        if not (draft.theme and draft.theme.topic):
            return None
        return self.app.assign_topic(draft.ref, draft.theme.topic, actor=self.deputy(draft))

    def do_maybe_group(self, draft: Draft) -> Suggestion | None:
        usual = draft.channel is Channel.OBSERVATION_GROUP
        return self.do_group(draft) if usual or self.rng.random() < 0.35 else None

    def do_forward(self, draft: Draft) -> Suggestion:
        draft.body = self.body_for(draft)
        return self.app.forward(draft.ref, draft.body, self.due(), actor=self.deputy(draft))

    def do_misroute(self, draft: Draft) -> Suggestion:
        wrong = self.rng.choice([b.slug for b in BODIES if b.slug != self.body_for(draft)])
        return self.app.forward(draft.ref, wrong, self.due(), actor=self.deputy(draft))

    def do_answer(self, draft: Draft, decision: Decision) -> Suggestion:
        assert draft.theme is not None
        draft.decision = decision
        response = official_response(draft.theme, draft.decision, self.body_name(draft))
        explanation = child_explanation(draft.theme, draft.decision, draft.lang)
        return self.app.answer(draft.ref, draft.decision, response, explanation, actor=self.answerer(draft))

    def body_name(self, draft: Draft) -> str:
        return self.app.get_venue(draft.body).name if draft.body else "The deputies of the Two Sessions"

    def do_progress(self, draft: Draft) -> Suggestion:
        assert draft.theme is not None
        draft.percent = min(90, draft.percent + self.rng.choice((20, 30, 40, 50)))
        note = f"{draft.theme.progress} ({draft.percent}% done)"
        return self.app.record_progress(draft.ref, draft.percent, note, actor=self.answerer(draft))

    def do_implement(self, draft: Draft) -> Suggestion:
        assert draft.theme is not None
        return self.app.mark_implemented(draft.ref, draft.theme.evidence, actor=self.answerer(draft))

    def do_react(self, draft: Draft, chance: float = 0.75) -> Suggestion | None:
        if self.rng.random() >= chance:
            return None
        reaction = self.rng.choices(tuple(Reaction), weights=REACTION_ODDS[draft.decision])[0]
        comment = self.rng.choice((None, *REACTION_WORDS[reaction][draft.lang]))
        return self.app.react(draft.code, reaction, comment)

    def do_maybe_react(self, draft: Draft) -> Suggestion | None:
        return self.do_react(draft, chance=0.3)

    def do_reconsider(self, draft: Draft) -> Suggestion:
        comment = self.rng.choice(REACTION_WORDS[Reaction.UNHAPPY][draft.lang])
        return self.app.reconsider(draft.code, comment)

    def do_decline(self, draft: Draft) -> Suggestion:
        assert draft.refusal is not None
        refusal = draft.refusal
        return self.app.decline(draft.ref, refusal.reason, refusal.explanation, actor=self.moderator())

    def do_merge(self, draft: Draft) -> Suggestion | None:
        assert draft.theme is not None
        pool = self.mergeable.get(draft.theme.key) or [r for refs in self.mergeable.values() for r in refs]
        if not pool:
            return None  # nothing to merge into yet: it stays as filed
        return self.app.merge(draft.ref, self.rng.choice(pool), actor=self.moderator())

    def do_withdraw(self, draft: Draft) -> Suggestion:
        return self.app.withdraw(draft.code)


T = Storyteller
MOVES: dict[Move, Callable[..., Suggestion | None]] = {
    Move.ACCEPT: T.do_accept, Move.GROUP: T.do_group, Move.MAYBE_GROUP: T.do_maybe_group,
    Move.FORWARD: T.do_forward, Move.MISROUTE: T.do_misroute, Move.ANSWER: T.do_answer,
    Move.PROGRESS: T.do_progress, Move.IMPLEMENT: T.do_implement, Move.REACT: T.do_react,
    Move.MAYBE_REACT: T.do_maybe_react, Move.RECONSIDER: T.do_reconsider, Move.DECLINE: T.do_decline,
    Move.MERGE: T.do_merge, Move.WITHDRAW: T.do_withdraw,
}


# How children feel about each kind of answer: (happy, okay, unhappy) odds.
REACTION_ODDS: dict[Decision | None, tuple[int, int, int]] = {
    A: (8, 2, 0),
    P: (4, 5, 1),
    N: (1, 4, 5),
    None: (1, 5, 4),  # a declined idea
}


def official_response(theme: Theme, decision: Decision, body: str) -> str:
    """Return the formal response of the answering body."""
    if decision is A:
        return f"{body}: the proposal to {theme.plan} is adopted and included in this year's child-friendly city plan."
    if decision is P:
        return (f"{body}: the proposal to {theme.plan} is partly adopted. First step this year: "
                f"{theme.partly[0]}. The rest will be assessed for next year's plan.")
    return (f"{body}: the proposal to {theme.plan} cannot be adopted at present, because "
            f"{theme.why_not[0]}. It is kept on file for review next year.")


EXPLANATIONS = {
    (A, "en"): "Good idea! We will {plan}. Thank you for telling us.",
    (A, "zh"): "好主意！我们会{plan}。谢谢你告诉我们。",
    (P, "en"): "We will {partly}. We cannot do all of it yet, but we have started.",
    (P, "zh"): "我们会{partly}。现在还不能全部做到，但是我们已经开始了。",
    (N, "en"): "We thought hard about your idea, but we cannot {plan} now, because {why_not}. "
               "We will look at it again next year.",
    (N, "zh"): "我们认真想了你的建议，但是现在还不能{plan}，因为{why_not}。明年我们会再看一看。",
}


def child_explanation(theme: Theme, decision: Decision, lang: str) -> str:
    """Return the answer in words a child can read, in the child's language."""
    index = 1 if lang == "zh" else 0
    return EXPLANATIONS[decision, lang].format(
        plan=theme.kid_plan[index], partly=theme.partly[index], why_not=theme.why_not[index]
    )
