"""A large log, quickly: the demo's world, then ideas whose whole stories are saved 200 at a time.

The demo files each step through the application, one transaction each (about
300 events a second); a million-event log that way takes about an hour. Here the
stories go through the same domain methods (so the same events, sealed and with
their own content keys), with many items in one transaction.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from domain.actors import Actor, acting_as
from domain.codes import new_code
from domain.reference import Reference
from domain.suggestion import Suggestion
from domain.values import HOSPITAL_ASPECTS, AgeBand, Category, Channel, Decision, Reaction, VenueKind
from feedback.bootstrap import Services
from feedback.demo import add_staff, open_topics, register_places

PER_SAVE = 200
CHANNEL_VENUES = {
    Channel.MESSAGE_BOARD: VenueKind.MESSAGE_BOARD,
    Channel.HOSPITAL_REVIEW: VenueKind.HOSPITAL,
    Channel.OBSERVATION_GROUP: VenueKind.OBSERVATION_GROUP,
}
WORDS = ["请在公园加一个遮阳棚", "图书馆周末能晚点关门吗", "医院候诊区需要更多座位和绘本",
         "Please add a crossing near our school", "操场的滑梯坏了", "希望有更多安静的学习空间"]


class Bulk:
    """Files ideas with the demo's mix of stories, many per transaction."""

    def __init__(self, services: Services, seed: int) -> None:
        self.app = services.suggestions
        self.rng = random.Random(seed)
        today = services.clock.today()
        places = services.places
        register_places(places)
        open_topics(places, today)
        add_staff(services)
        self.due = today + timedelta(days=30)
        self.venues = {channel: [v.id for v in places.list_venues(kind)] for channel, kind in CHANNEL_VENUES.items()}
        self.bodies = [v.id for v in places.list_venues(VenueKind.BODY)]
        self.topics = places.list_topics()

    def fill(self, events: int, progress: Any = print) -> int:
        """File ideas until the log holds at least ``events`` events; return the head."""
        head = self.app.recorder.max_notification_id() or 0
        while head < events:
            indexes: list[Reference] = []
            items = [self.story(indexes) for _ in range(PER_SAVE)]
            self.app.save(*items, *indexes, *self.topics)
            head = self.app.recorder.max_notification_id() or 0
            if progress and head // 50_000 != (head - sum(i.version for i in items)) // 50_000:
                progress(f"  {head:,} events")
        return head

    def story(self, indexes: list[Reference]) -> Suggestion:
        rng = self.rng
        channel = rng.choice(list(Channel))
        venues = self.venues.get(channel) or [None]
        with acting_as(Actor.child()):
            item, index = self.app.draft(
                new_code(), channel=channel, venue_id=rng.choice(venues), category=rng.choice(list(Category)),
                age_band=rng.choice(list(AgeBand)), text=rng.choice(WORDS) + f" ({rng.randrange(10**6)})",
                ratings={a: rng.randint(1, 5) for a in HOSPITAL_ASPECTS} if channel is Channel.HOSPITAL_REVIEW
                else None, answer_due=self.due,
            )
            indexes.append(index)
        with acting_as(Actor.staff("chen.jie")):
            if rng.random() < 0.12:
                item.decline("off_topic", "这个想法我们无法处理，谢谢你！")
                return item
            if rng.random() < 0.25:
                return item  # still waiting
            item.accept()
            if rng.random() < 0.3:
                topic = rng.choice(self.topics)
                item.assign_topic(topic.id)
                topic.attach(item.id)
            if rng.random() < 0.15:
                return item
            item.forward(rng.choice(self.bodies), self.due)
            if rng.random() < 0.2:
                return item
            decision = rng.choices(list(Decision), weights=(5, 2, 3))[0]
            item.answer(decision, "Response for the deputies.", "我们会这样做，谢谢你的想法！")
        with acting_as(Actor.child()):
            if rng.random() < 0.5:
                item.react(rng.choice(list(Reaction)))
        if decision is not Decision.NOT_ADOPTED and rng.random() < 0.5:
            with acting_as(Actor.staff("chen.jie")):
                item.record_progress(50, "开工了")
                if rng.random() < 0.5:
                    item.mark_implemented("照片")
        return item
