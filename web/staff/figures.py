"""Dashboard figures from the projections, in words (the small-group rule is projections.small_groups)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from flask_babel import gettext as _

from domain.values import HOSPITAL_ASPECTS
from projections import adoption, hospitals
from projections.queries import EVERYTHING, StaffQueue
from projections.small_groups import SMALL_GROUP, counter, public_count
from projections.store import ViewStore
from web.charts import Bar
from web.extensions import places

DIMENSIONS = ("topic", "channel", "district", "body", "month")  # month: when the ideas came, oldest first

Namer = Callable[[str, Any], str]


def count_words(n: int | None) -> str:
    """Return a count as shown: the number, or "fewer than 5" when it was suppressed."""
    return _("fewer than %(n)d", n=SMALL_GROUP) if n is None else str(n)


@dataclass(frozen=True)
class Group:
    """What became of the items of one group (a topic, channel, district or body).

    ``share`` is the adoption rate worked out from the exact counts before any count
    was suppressed: a published group keeps its true rate even where the count of
    adopted ideas is shown only as "fewer than 5" (docs/decisions.md, "No false figure").
    """

    label: str
    items: int | None
    answered: int | None
    adopted: int | None  # adopted or partly adopted
    overdue: int | None
    share: float | None = None

    @property
    def rate(self) -> float | None:
        """Return the share of answered items that were adopted at least in part (None: not known)."""
        if self.share is not None:
            return self.share
        if not self.answered or self.adopted is None:
            return None
        return self.adopted / self.answered

    @property
    def rate_words(self) -> str:
        if self.items is None:
            return count_words(None)
        if self.answered is None:
            return _("fewer than %(n)d answered", n=SMALL_GROUP)
        if not self.answered:
            return _("no answers yet")
        rate = self.rate
        if rate is None:  # never a made-up 0%: say that it is not known
            return _("not known")
        return f"{round(100 * rate)}%"

    def published(self) -> Group:
        """Return the group as the public may see it: small groups and small counts suppressed.

        The rate is published whenever the group has at least 5 items and at least 5
        answered ones, and it is the true rate, worked out before suppression.
        """
        if public_count(self.items) is None:
            return Group(self.label, None, None, None, None)
        answered = public_count(self.answered)
        share = self.rate if answered else None
        return Group(self.label, self.items, answered, public_count(self.adopted), public_count(self.overdue),
                     share)

    def cells(self) -> list[str]:
        return [count_words(self.items), count_words(self.answered), count_words(self.adopted),
                self.rate_words, count_words(self.overdue)]


def groups(views: ViewStore, by: str, today: date, name: Namer, public: bool) -> list[Group]:
    """Return the adoption figures per group of dimension ``by``."""
    rows = adoption.rates(views, by, today=today)
    found = [
        Group(name(by, row["key"]), row["items"], row["answered"], row["adopted"] + row["partly_adopted"],
              row["overdue"])
        for row in rows
    ]
    return [group.published() for group in found] if public else found


def headline(views: ViewStore, today: date, public: bool) -> Group:
    """Return the whole city's figures as one group: ideas, answered, adopted, rate, overdue."""
    rows = adoption.rates(views, "month", today=today)  # every item has a month: the sum is every item
    whole = Group(_("All ideas"), sum(r["items"] for r in rows), sum(r["answered"] for r in rows),
                  sum(r["adopted"] + r["partly_adopted"] for r in rows), sum(r["overdue"] for r in rows))
    return whole.published() if public else whole


def rate_bars(found: list[Group]) -> list[Bar]:
    """Return one bar per group: the adoption rate in percent."""
    return [Bar(g.label, None if g.rate is None else 100 * g.rate, g.rate_words) for g in found]


def response_figures(views: ViewStore, public: bool) -> dict[str, Any]:
    """Return days to first answer (median and 90th percentile), withheld publicly under 5 answers."""
    times = adoption.response_times(views)
    if public and public_count(times["answered"]) is None:
        return {"answered": None, "median_days": None, "p90_days": None}
    return times


def histogram_bars(views: ViewStore, public: bool) -> list[Bar]:
    """Return one bar per band of days to first answer."""
    bars = []
    for band in adoption.response_histogram(views):
        n = public_count(band["items"]) if public else band["items"]
        bars.append(Bar(_("%(band)s days", band=band["band"]), n, count_words(n)))
    return bars


@dataclass(frozen=True)
class Hospital:
    """One hospital's row of the scoreboard."""

    name: str
    reviews: int | None
    ideas: int | None
    implemented: int | None
    aspects: dict[str, str]


def hospital_rows(views: ViewStore, public: bool) -> list[Hospital]:
    """Return the hospital scoreboard; publicly, a mean face needs 5 ratings and a row 5 reviews."""
    rows = []
    for h in hospitals.scoreboard(views):
        h["name"] = places().venue_name(UUID(h["id"])) or h["name"]
        counted = counter(public)
        if public and public_count(h["reviews"]) is None:
            rows.append(Hospital(h["name"], None, None, None, {a: count_words(None) for a in HOSPITAL_ASPECTS}))
            continue
        aspects = {}
        for aspect in HOSPITAL_ASPECTS:
            score = h["aspects"].get(aspect)
            if score is None:
                aspects[aspect] = "–"
            elif counted(score["count"]) is None:
                aspects[aspect] = _("fewer than %(n)d ratings", n=SMALL_GROUP)
            else:
                aspects[aspect] = _("%(mean).1f of 5 (%(count)d)", mean=score["mean"], count=score["count"])
        rows.append(Hospital(h["name"], counted(h["reviews"]), counted(h["ideas"]), counted(h["implemented"]),
                             aspects))
    return sorted(rows, key=lambda row: row.name)


def overdue_items(views: ViewStore, today: date) -> list[dict[str, Any]]:
    """Return the oldest overdue items of all (the auditor's replayed dashboards)."""
    return StaffQueue(views, EVERYTHING, today).overdue()
