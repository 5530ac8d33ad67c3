"""Where a link or QR code says the child is: a channel, a place and maybe a topic."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from domain.topic import Topic
from domain.values import CHANNEL_VENUE_KINDS, Channel
from domain.venue import Venue
from feedback.application import FeedbackApp
from feedback.errors import NotFound


@dataclass(frozen=True)
class Visit:
    """A visit's starting point; ``place`` is set only when it fits the channel, so the form can fix it."""

    channel: str = Channel.WEB.value
    place: Venue | None = None
    topic: Topic | None = None

    @property
    def fixed(self) -> bool:
        """True when the link says how the child is sharing (a board, a group, a hospital visit)."""
        return self.channel != Channel.WEB.value

    @property
    def args(self) -> dict[str, str]:
        """Return the query that brings a child back to this starting point (the form posts to it)."""
        if self.place is None:
            return {"channel": self.channel} if self.fixed else {}
        args = {"channel": self.channel, "venue": self.place.slug}
        return {**args, "topic": self.topic.slug} if self.topic else args


def visit_from(args: Mapping[str, str], app: FeedbackApp) -> Visit:
    """Read ``?channel=&venue=&topic=``; anything unknown leaves the child free to choose."""
    try:
        channel = Channel(args.get("channel", ""))
    except ValueError:
        return Visit()
    place = _place(app, args.get("venue"), channel)
    if place is None:
        return Visit(channel.value)
    topic = _topic(app, args.get("topic")) if channel is Channel.OBSERVATION_GROUP else None
    return Visit(channel.value, place, topic)


def _place(app: FeedbackApp, slug: str | None, channel: Channel) -> Venue | None:
    if not slug or channel is Channel.WEB:
        return None
    try:
        place = app.get_venue(slug)
    except NotFound:
        return None
    return place if place.is_open and place.kind in CHANNEL_VENUE_KINDS[channel] else None


def _topic(app: FeedbackApp, slug: str | None) -> Topic | None:
    if not slug:
        return None
    try:
        return app.get_topic(slug)
    except NotFound:
        return None
