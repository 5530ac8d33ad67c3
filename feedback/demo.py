"""Demo data built from the programme's own facts: places, topics, staff and children's ideas.

The counts come from the programme's report: 13 child-friendly parks, 15
hospitals, 17 communities (each with a One-Meter Message Board), 51 reading
spaces, 6 playgrounds, 148 schools, the Little Kunyu Children's Observation
Group and the 15 topics it discussed at the Two Sessions. Every idea is driven
through the real application methods, so its history is a real history.
"""

from __future__ import annotations

import bisect
import math
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

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
    DEFAULT_SUGGESTIONS,
    HOSPITAL,
    K,
    LITTLE_KUNYU,
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
    steps,
    theme_weight,
    topic_names,
)
from feedback.demo_words import (
    ANSWERS, CLOSING, DECLINES, DRAFTED, EN, EVIDENCE, HANDLER_FIXED, HANS, HANT, HELD, IDEAS, LEANS, NOT_ACCEPTED,
    OUTCOMES, PROGRESS, REACTION_WORDS, SCRIPT_WEIGHTS, SEALED, Refusal, child_explanation, official_response,
    proposal_number, proposal_title,
)
from feedback.past import PastMoments

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
    year: tuple[date, date] | None = None  # the first and last day written, when the demo wrote a year


def load_demo(
    services: Services,
    seed: int | None = None,
    suggestions: int = DEFAULT_SUGGESTIONS,
    progress: Callable[[int], None] | None = None,
) -> DemoSummary:
    """Load the demo world; add ``suggestions`` ideas unless the store has some already.

    On an empty store the demo lives through a programme year: everything is written
    at past moments, in time order, from the autumn before the Two Sessions to the
    start of the city's today (see ``Year``). On a store with ideas it only makes
    sure the places, topics and staff are there. A store with events but no ideas is
    refused: its log would no longer be in time order.
    """
    summary = DemoSummary()
    rng = random.Random(seed)
    if suggestions > 0 and services.suggestions.is_empty():
        past = PastMoments(services.suggestions, services.clock)
        year = Year.ending(services.clock.today(), services.clock.zone)
        with past.at(year.start):
            set_up(services, summary, year.sessions)
        Storyteller(services, rng, year, summary, past).tell(suggestions, progress)
        if past.last is not None:
            summary.year = (year.start.date(), past.last.astimezone(year.start.tzinfo).date())
        return summary
    set_up(services, summary, services.clock.today())
    summary.existing = services.suggestions.count_suggestions()
    if summary.existing == 0 and suggestions > 0:
        PastMoments(services.suggestions, services.clock)  # refuses: the store holds events but no ideas
    return summary


def set_up(services: Services, summary: DemoSummary, sessions: date) -> None:
    """Register the places, open the topics of the Two Sessions held on ``sessions``, add the staff."""
    summary.venues = Counter(venue.kind for venue in register_places(services.places))
    summary.topics = len(open_topics(services.places, sessions))
    summary.logins = add_staff(services)


@dataclass(frozen=True)
class Year:
    """The programme year the demo lives through, in the city's time zone.

    From 1 September before the Two Sessions (held in January) to the start of the
    city's today, at least twelve months: before September the year that ends is
    the one whose Two Sessions were last January but one.
    """

    start: datetime
    sessions: date
    childrens_day: date
    end: datetime

    @classmethod
    def ending(cls, today: date, zone: ZoneInfo) -> Year:
        year = today.year if today.month >= 9 else today.year - 1
        return cls(
            start=datetime(year - 1, 9, 1, 8, 30, tzinfo=zone),
            sessions=date(year, 1, 10),
            childrens_day=date(year, 6, 1),
            end=datetime(today.year, today.month, today.day, tzinfo=zone),
        )

    def days(self) -> list[date]:
        first, last = self.start.date(), (self.end - timedelta(days=1)).date()
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]


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
    """Return the script a text is written in: zh-Hans, zh-Hant (told by its Traditional characters) or en."""
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return EN
    return HANT if any(ch in TRADITIONAL_ONLY for ch in text) else HANS


# Characters that appear only in Traditional writing, enough to tell the demo's Traditional words apart.
TRADITIONAL_ONLY = frozenset(
    "們個這說還書館診護醫與會學園廁樹麼嗎幾點長開關臺灣鬆鞦韆鏈鏽墊廣擠車門過機騎間鹹單標視訊圖繪"
    "遊戲讓試遠運動營額當筆陳陽閘養後著謝辦覆議選錢論頭歡電話區沒時")

REDACT = "redact"  # a moderator takes the personal data out of a held idea (a move of the demo's own)


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
    script: str = HANS
    moves: tuple[tuple[Any, ...], ...] = ()
    redacted: str = ""
    number: int = 0
    code: str = ""
    ref: str = ""
    body: str = ""
    decision: Decision | None = None
    percent: int = 0
    status: Status = Status.SUBMITTED
    last_answer: datetime | None = None


@dataclass(order=True)
class Step:
    """One thing that happens on the timeline: sorted by moment, then by idea, then by its place in the story."""

    moment: datetime
    idea: int
    index: int
    play: Callable[[], object] = field(compare=False)


# Days between one move of a story and the next (low, high); an answer's wait is drawn apart.
GAPS: dict[Any, tuple[float, float]] = {
    Move.ACCEPT: (0.1, 3), Move.GROUP: (1, 6), Move.MAYBE_GROUP: (1, 6), Move.FORWARD: (1, 6),
    Move.MISROUTE: (1, 5), Move.PROGRESS: (20, 60), Move.IMPLEMENT: (25, 100), Move.REACT: (0.3, 8),
    Move.MAYBE_REACT: (0.3, 8), Move.RECONSIDER: (1, 12), Move.DECLINE: (0.5, 5), Move.MERGE: (1, 6),
    Move.WITHDRAW: (2, 25), REDACT: (0.2, 3),
}
CHILD_MOVES = (Move.REACT, Move.MAYBE_REACT, Move.RECONSIDER, Move.WITHDRAW)
NEW_STORY = next(s for s in STORIES if s.name == "new")
OPEN_STORIES = ("new", "accepted", "grouped", "forwarded", "rerouted", "reconsidered")  # they end waiting


class Storyteller:
    """Files children's ideas through a year and plays every step of every story in time order.

    First each idea is drafted and each step of its story given a moment; then all
    the steps of all the ideas (and the Two Sessions' proposals) are played in the
    order of their moments, each through the application at its moment.
    """

    def __init__(
        self, services: Services, rng: random.Random, year: Year, summary: DemoSummary, past: PastMoments
    ) -> None:
        self.services = services
        self.app = services.suggestions
        self.rng = rng
        self.year = year
        self.past = past
        self.zone = year.start.tzinfo
        self.summary = summary
        self.places = {kind: [v for v in services.places.list_venues(kind) if v.is_open] for kind in VenueKind}
        self.officials = {p.body: p.username for p in STAFF if p.role is Role.OFFICIAL}
        self.deputies = {t: p for p in STAFF for t in p.topics}
        self.staff = {role: [p.username for p in STAFF if p.role is role] for role in Role}
        self.status_of: dict[str, Status] = {}
        self.mergeable: dict[str, list[str]] = {}
        self.pending_stories = list(STORIES)
        self.pending_themes = list(THEMES)
        self.pending_channels = list(Channel)
        self.pending_ages = list(AGE_BANDS)
        self.pending_scripts = [HANT, EN, HANS]
        self.days = year.days()
        self.cum_weights = {channel: self.season(channel) for channel in Channel}

    def tell(self, count: int, progress: Callable[[int], None] | None = None) -> None:
        """File ``count`` ideas through the year, every step at its moment, in time order."""
        drafts = [self.draft(self.pick_story()) for _ in range(count)]
        self.screened(drafts)
        steps: list[Step] = []
        for number, draft in enumerate(drafts, start=1):
            draft.number = number
            steps += self.schedule(draft, progress)
        steps += self.two_sessions()
        for step in sorted(steps):
            with self.past.at(step.moment):
                step.play()
        for draft in drafts:
            self.count(draft)

    # -- choosing (the first ideas cover every story, theme, channel, age and script) --

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

    def pick_script(self, theme: Theme) -> str:
        if self.pending_scripts:
            return self.pending_scripts.pop(0)
        weights = LEANS.get(theme.key, SCRIPT_WEIGHTS)
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

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

    def words(self, theme: Theme, script: str) -> str:
        if script == EN:
            return self.rng.choice([i for i in theme.ideas if language_of(i) == EN])
        simplified, traditional = IDEAS[theme.key]
        return self.rng.choice(traditional if script == HANT else simplified)

    def draft(self, story: Story) -> Draft:
        if story.declined:
            return self.draft_refusal(story)
        theme = self.pick_theme(story)
        channel = self.pick_channel(theme.channels)
        script = self.pick_script(theme)
        text = self.words(theme, script)
        if channel is Channel.HOSPITAL_REVIEW and self.rng.random() < 0.15:
            text = ""  # a review with faces only
        title = None
        if text and script != HANT and self.rng.random() < 0.4:
            title = theme.title[0 if script == EN else 1]
        return Draft(story, channel, theme.category, self.pick_age(channel), text, title,
                     self.pick_venue(channel, theme), theme=theme, script=script, moves=story.steps)

    def draft_refusal(self, story: Story) -> Draft:
        refusal = self.rng.choice(DECLINES)
        channel = self.pick_channel((Channel.WEB, Channel.MESSAGE_BOARD))
        return Draft(story, channel, refusal.category, self.pick_age(channel), refusal.text, None,
                     self.pick_venue(channel, None), refusal=refusal, script=language_of(refusal.text),
                     moves=story.steps)

    def screened(self, drafts: list[Draft]) -> None:
        """Give a few ideas the words the screen stops: a name or a phone number (held), a disclosure (sealed).

        Ideas whose story leaves them waiting are rewritten first (so the year's mix of stories stays).
        """
        if len(drafts) < 20:
            return
        later = [d for d in drafts[len(STORIES):] if d.theme and not d.refusal]
        waiting = sorted(later, key=lambda d: d.story.name != "new")  # the waiting ones first, else any
        held, sealed = max(1, len(drafts) // 60), max(1, len(drafts) // 150)
        for draft in waiting[:held + sealed]:
            draft.story, draft.moves = NEW_STORY, ()
        themes = {t.key: t for t in THEMES}
        for draft in waiting[:held]:
            key, text, redacted = self.rng.choice(HELD)
            draft.theme = themes[key]
            draft.category, draft.text, draft.title, draft.script = themes[key].category, text, None, language_of(text)
            draft.channel = Channel.WEB if draft.channel is Channel.HOSPITAL_REVIEW else draft.channel
            draft.venue = self.pick_venue(draft.channel, draft.theme)
            if self.rng.random() < 0.6:  # a moderator took the personal data out, and the idea went on
                draft.redacted = redacted
                draft.moves = ((REDACT,), *steps(Move.ACCEPT, Move.FORWARD, (Move.ANSWER, self.rng.choice((A, P)))))
        for draft in waiting[held:held + sealed]:
            draft.text, draft.title = self.rng.choice(SEALED), None
            draft.script = language_of(draft.text)
            draft.channel = Channel.WEB if draft.channel is Channel.HOSPITAL_REVIEW else draft.channel
            draft.venue = None if draft.channel is Channel.WEB else draft.venue

    # -- when: the year's shape ---------------------------------------------------------------

    def season(self, channel: Channel) -> list[float]:
        """Return cumulative weights over the year's days for a first step on ``channel``."""
        total, cumulative = 0.0, []
        for day in self.days:
            weight = 1.0
            before_june = (self.year.childrens_day - day).days
            if 0 <= before_june <= 7:  # the week up to Children's Day, its peak on the day
                weight *= {Channel.MESSAGE_BOARD: 15.0, Channel.WEB: 2.0}.get(channel, 1.5)
                weight *= 3.0 if before_june == 0 else 1.0
            if channel is Channel.OBSERVATION_GROUP and (day < self.year.sessions):
                weight *= 3.0  # the group gathers ideas for the Two Sessions
            if day.month in (12, 1, 2) and channel is Channel.HOSPITAL_REVIEW:
                weight *= 2.5  # winter: more visits to the children's clinics
            elif (day.month, day.day) >= (1, 25) and (day.month, day.day) <= (2, 20):
                weight *= 0.4  # winter holiday and the Spring Festival
            if day.weekday() >= 5 and channel is not Channel.MESSAGE_BOARD:
                weight *= 0.6
            total += weight
            cumulative.append(total)
        return cumulative

    def first_day(self, draft: Draft, latest: date, recent: bool) -> date:
        first = self.days[0]
        if latest <= first:
            return first
        if recent:  # still waiting today: mostly a few weeks old, now and then much older (overdue)
            back = int(self.rng.expovariate(1 / 14))
            return max(first, latest - timedelta(days=back))
        last = bisect.bisect_right(self.days, latest)
        day = self.rng.choices(self.days[:last], cum_weights=self.cum_weights[draft.channel][:last])[0]
        if draft.channel is Channel.HOSPITAL_REVIEW:  # written a few days after the visit
            day = min(latest, day + timedelta(days=self.rng.randint(1, 4)))
        return day

    def child_moment(self, day: date) -> datetime:
        minutes = self.rng.randint(7 * 60, 21 * 60 + 30)
        return datetime(day.year, day.month, day.day, tzinfo=self.zone) + timedelta(minutes=minutes)

    def office_moment(self, after: datetime) -> datetime:
        """Return the first working moment at or after ``after`` (weekdays, 09:00-17:30)."""
        moment = after
        if moment.hour >= 17 or moment.weekday() >= 5:
            moment = datetime(moment.year, moment.month, moment.day, 9, tzinfo=self.zone) + timedelta(days=1)
        while moment.weekday() >= 5:
            moment += timedelta(days=1)
        if moment.hour < 9:
            moment = moment.replace(hour=9, minute=0)
        return moment + timedelta(minutes=self.rng.randint(0, 90))

    def wait(self, draft: Draft, move: Any) -> float:
        """Return how many days pass before ``move``."""
        if move is Move.ANSWER:
            hospital = draft.theme is not None and draft.theme.body == HOSPITAL
            days = self.rng.lognormvariate(math.log(8 if hospital else 13), 0.6)
            if self.rng.random() < 0.15:
                days *= self.rng.uniform(2.0, 3.5)  # the tail: answered well after the due date
            return days
        low, high = GAPS[move]
        return self.rng.uniform(low, high)

    def schedule(self, draft: Draft, progress: Callable[[int], None] | None) -> list[Step]:
        """Give the idea's submission and each move a moment, and return them as steps to play.

        A story may start any day of the year and is cut off at today: what has not
        happened yet is not written (an idea filed last week is still waiting). The
        first ideas (one of each story) and the stories that end waiting are played
        whole: they start early enough to fit, or happen faster.
        """
        waits = [self.wait(draft, move) for move, *_ in draft.moves]
        span = timedelta(days=sum(waits) + 3 * len(waits) + 1)
        recent = draft.story.name in OPEN_STORIES
        whole = recent or draft.number <= len(STORIES)
        latest = (self.year.end - (span if whole else timedelta(days=1))).date()
        moment = self.child_moment(self.first_day(draft, latest, recent))
        squeeze = 1.0
        if whole and moment + span > self.year.end:  # a long story late in the year: it happens faster
            squeeze = max(0.05, (self.year.end - moment).total_seconds() / span.total_seconds())
        if moment >= self.year.end:
            moment = self.year.end - timedelta(hours=1)

        def submit() -> None:
            self.play_submit(draft)
            if progress:
                progress(1)

        planned = [Step(moment, draft.number, 0, submit)]
        for index, ((move, *args), days) in enumerate(zip(draft.moves, waits, strict=True), start=1):
            moment = moment + timedelta(days=days * squeeze)
            if move not in CHILD_MOVES and squeeze == 1.0:
                moment = self.office_moment(moment)
            if not whole and moment >= self.year.end:
                break  # the rest of the story has not happened yet
            moment = min(moment, self.year.end - timedelta(seconds=len(draft.moves) - index + 1))
            moment = max(moment, planned[-1].moment)
            last = index == len(draft.moves)
            planned.append(Step(moment, draft.number, index, partial(self.play_move, draft, move, args, last)))
        return planned

    def two_sessions(self) -> list[Step]:
        """Return the steps of the Two Sessions: each proposal drafted in December, tabled in January, then
        accepted for handling (立案), answered months later and most closed (办结) — one merged with another
        proposal, one not accepted, one with its handling body corrected."""
        planned, serials = [], Counter[str]()
        sessions = datetime.combine(self.year.sessions, datetime.min.time(), self.zone)
        handlers = {theme.topic: "health-commission" if theme.body == HOSPITAL else theme.body
                    for theme in THEMES if theme.topic}
        first: dict[str, str] = {}
        for number, (slug, *_) in enumerate(TOPICS):
            deputy = self.deputies[slug]
            chamber = "政协" if "政协" in deputy.display_name else "人大"
            serials[chamber] += 1
            tabled = sessions + timedelta(days=self.rng.randint(0, 5), hours=self.rng.randint(9, 16))
            proposal = proposal_number(chamber, self.year.sessions.year, serials[chamber])
            first.setdefault(chamber, proposal)
            answered = tabled + timedelta(days=self.rng.randint(95, 250), hours=self.rng.randint(0, 3))
            self.rng.choice(OUTCOMES)  # drawn as before (the old free-text outcome), so the rest of the year is the same
            local = random.Random(f"{slug}:{proposal}")  # the later steps' own dice
            title = proposal_title(chamber, slug)
            handler = self.services.places.get_venue(handlers.get(slug, "education-bureau")).name_in("zh-Hans")
            take = partial(self.proposal_step, slug, deputy.username)
            acts: list[tuple[datetime, Callable[[], object]]] = [
                (tabled - timedelta(days=local.randint(20, 40)), partial(take, "drafted", title=title, text=DRAFTED)),
                (tabled, partial(take, "tabled", number=proposal, title=title)),
            ]
            handled = tabled + timedelta(days=local.randint(10, 30), hours=local.randint(0, 5))
            if number == 4 and first.get(chamber) != proposal:
                acts.append((handled, partial(take, "merged", into=first[chamber])))
            elif number == 7:
                acts.append((handled, partial(take, "not_accepted", reason=NOT_ACCEPTED)))
            else:
                acts.append((handled, partial(take, "accepted", handler=handler if number else "市教育局")))
                if number == 0:  # a slip the deputy corrects two days later, with why
                    acts.append((handled + timedelta(days=2), partial(self.correct_handler, slug, deputy.username,
                                                                      handler)))
                acts.append((answered, partial(take, "answered", body=handler, summary=ANSWERS[number % 3])))
                if number % 3 != 2:
                    acts.append((answered + timedelta(days=local.randint(20, 60)),
                                 partial(take, "closed", note=CLOSING)))
            for index, (at, act) in enumerate(acts):
                if at < self.year.end:
                    planned.append(Step(at, -1 - number, index, act))
        return planned

    def proposal_step(self, slug: str, username: str, stage: str, **details: str) -> None:
        self.services.places.take_proposal_step(slug, stage, self.services.accounts.get_staff(username), **details)

    def correct_handler(self, slug: str, username: str, handler: str) -> None:
        board = self.services.places.get_topic(slug)
        accepted = next(step for step in board.standing_steps if step.stage.value == "accepted")
        self.services.places.correct_proposal_step(slug, accepted.position, HANDLER_FIXED,
                                                   self.services.accounts.get_staff(username), handler=handler)

    # -- playing -----------------------------------------------------------------

    def play_submit(self, draft: Draft) -> None:
        item = self.submit(draft)
        draft.code, draft.ref, draft.status = item.code or "", item.ref or "", item.status
        self.status_of[draft.ref] = draft.status

    def play_move(self, draft: Draft, move: Any, args: list[Any], last: bool) -> None:
        moved = MOVES[move](self, draft, *args)
        if moved is not None:
            draft.status = moved.status
            self.status_of[draft.ref] = moved.status
        if last and draft.theme and draft.status in MERGE_TARGETS and draft.text:
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
            language=draft.script if draft.text else HANS,
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
        person = self.deputies.get(topic or "")
        return Actor.staff(person.username if person else self.rng.choice(self.staff[Role.DEPUTY]))

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
        """Return an answer's due date, counted from the city's today (the moment being written)."""
        return self.services.clock.today() + timedelta(days=self.rng.randint(10, 45))

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
        theme = draft.theme
        assert theme is not None
        draft.decision = decision
        words = (theme.kid_plan[1], theme.partly[1], theme.why_not[1])
        return self.app.answer(draft.ref, decision, official_response(decision, *words),
                               child_explanation(decision, *words), actor=self.answerer(draft))

    def do_progress(self, draft: Draft) -> Suggestion:
        assert draft.theme is not None
        draft.percent = min(90, draft.percent + self.rng.choice((20, 30, 40, 50)))
        note = f"{PROGRESS[draft.theme.key]}（已完成{draft.percent}%）"
        return self.app.record_progress(draft.ref, draft.percent, note, actor=self.answerer(draft))

    def do_implement(self, draft: Draft) -> Suggestion:
        assert draft.theme is not None
        return self.app.mark_implemented(draft.ref, EVIDENCE[draft.theme.key], actor=self.answerer(draft))

    def do_react(self, draft: Draft, chance: float = 0.75) -> Suggestion | None:
        if self.rng.random() >= chance:
            return None
        reaction = self.rng.choices(tuple(Reaction), weights=REACTION_ODDS[draft.decision])[0]
        comment = self.rng.choice((None, *REACTION_WORDS[reaction][draft.script]))
        return self.app.react(draft.code, reaction, comment)

    def do_maybe_react(self, draft: Draft) -> Suggestion | None:
        return self.do_react(draft, chance=0.3)

    def do_reconsider(self, draft: Draft) -> Suggestion:
        comment = self.rng.choice(REACTION_WORDS[Reaction.UNHAPPY][draft.script])
        return self.app.reconsider(draft.code, comment)

    def do_decline(self, draft: Draft) -> Suggestion:
        assert draft.refusal is not None
        refusal = draft.refusal
        return self.app.decline(draft.ref, refusal.reason, refusal.explanation, actor=self.moderator())

    def do_merge(self, draft: Draft) -> Suggestion | None:
        assert draft.theme is not None
        open_now = [r for r in self.mergeable.get(draft.theme.key, ()) if self.status_of[r] in MERGE_TARGETS]
        pool = open_now or [r for refs in self.mergeable.values() for r in refs if self.status_of[r] in MERGE_TARGETS]
        if not pool:
            return None  # nothing to merge into yet: it stays as filed
        return self.app.merge(draft.ref, self.rng.choice(pool), actor=self.moderator())

    def do_withdraw(self, draft: Draft) -> Suggestion:
        return self.app.withdraw(draft.code)

    def do_redact(self, draft: Draft) -> Suggestion:
        return self.services.privacy.redact(draft.ref, draft.redacted, None, actor=self.moderator())


T = Storyteller
MOVES: dict[Any, Callable[..., Suggestion | None]] = {
    Move.ACCEPT: T.do_accept, Move.GROUP: T.do_group, Move.MAYBE_GROUP: T.do_maybe_group,
    Move.FORWARD: T.do_forward, Move.MISROUTE: T.do_misroute, Move.ANSWER: T.do_answer,
    Move.PROGRESS: T.do_progress, Move.IMPLEMENT: T.do_implement, Move.REACT: T.do_react,
    Move.MAYBE_REACT: T.do_maybe_react, Move.RECONSIDER: T.do_reconsider, Move.DECLINE: T.do_decline,
    Move.MERGE: T.do_merge, Move.WITHDRAW: T.do_withdraw, REDACT: T.do_redact,
}


# How children feel about each kind of answer: (happy, okay, unhappy) odds.
REACTION_ODDS: dict[Decision | None, tuple[int, int, int]] = {
    A: (8, 2, 0),
    P: (4, 5, 1),
    N: (1, 4, 5),
    None: (1, 5, 4),  # a declined idea
}
