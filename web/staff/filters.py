"""Search, filters, order and paging of the staff lists, read from the query string of a GET form.

The moderation queue, the review list and the inbox share one form (no
JavaScript): words to search for (``q``), the status, place, district, topic,
channel, category, age band and language, a due date, overdue or not, the order
(due date, filing or last change), and the page. Nonsense gets a 422 that says
which field is wrong, in the page's language; an empty field means "any".
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from flask import request

from domain.values import AgeBand, Category, Channel, Status, VenueKind
from feedback.errors import N_, InvalidInput, NotFound
from projections.work_queue import Narrowing
from web.extensions import places
from web.i18n import LOCALES

MAX_WORDS = 100
SORTS = ("due", "filed", "changed")
CHOICES: dict[str, Any] = {"status": Status, "channel": Channel, "category": Category, "age_band": AgeBand}


@dataclass(frozen=True)
class ListQuery:
    """One staff list's query: the column filters, the narrowing, the page, and the arguments as asked."""

    filters: dict[str, str | None]
    narrowing: Narrowing
    overdue: bool | None
    page: int
    args: dict[str, str] = field(default_factory=dict)  # the non-empty arguments, for the pager's links

    @property
    def searching(self) -> bool:
        """True when words or a filter narrow the list (not only a page or an order)."""
        return any(name not in ("page", "sort", "lang") for name in self.args)

    def link_args(self, page: int) -> dict[str, str]:
        """Return the query string of page ``page`` of the same list."""
        return {**{k: v for k, v in self.args.items() if k != "page"}, **({"page": str(page)} if page > 1 else {})}


def list_query(*, sort: str = "filed", overdue_first: bool = False, fixed: dict[str, str] | None = None) -> ListQuery:
    """Read the list's query from the request; ``fixed`` filters (a list's own status) cannot be asked away."""
    args = {k: v.strip() for k, v in request.args.items() if v.strip()}
    filters: dict[str, str | None] = {}
    for name, kind in CHOICES.items():
        filters[name] = _choice(args.get(name), kind, name)
    filters["venue_id"] = _venue(args.get("place"))
    filters["topic_id"] = _topic(args.get("topic"))
    words = args.get("q")
    if words is not None and len(words) > MAX_WORDS:
        raise _refused("q", N_("search for at most %(max)d characters"), max=MAX_WORDS)
    language = args.get("language")
    if language is not None and language not in LOCALES:
        raise _refused("language", N_("there is no such language"))
    chosen = args.get("sort", sort)
    if chosen not in SORTS:
        raise _refused("sort", N_("a list is sorted by due date, filing or last change"))
    narrowing = Narrowing(q=words, venue_ids=_district(args.get("district")), language=language,
                          due_by=_date(args.get("due")), sort=chosen, overdue_first=overdue_first)
    for name, value in (fixed or {}).items():
        filters[name] = value
    return ListQuery(filters, narrowing, _overdue(args.get("overdue")), _page(args.get("page")), args)


def with_sort(query: ListQuery, sort: str) -> ListQuery:
    return replace(query, narrowing=replace(query.narrowing, sort=sort))


def form_choices() -> dict[str, Any]:
    """Return what the filter form offers: places, districts, topics, enums, languages."""
    venues = [v for v in places().list_venues() if v.kind is not VenueKind.BODY]
    districts = sorted({v.district for v in venues if v.district})
    return {
        "venues": sorted(((v.slug, places().venue_name(v.id)) for v in venues), key=lambda pair: pair[1]),
        "districts": [(d, places().district_name(d)) for d in districts],
        "topics": [(t.slug, places().topic_name(t.id)) for t in places().list_topics()],
        "statuses": list(Status), "channels": list(Channel), "categories": list(Category),
        "age_bands": list(AgeBand), "languages": list(LOCALES), "sorts": SORTS,
    }


def _refused(name: str, message: str, **values: object) -> InvalidInput:
    return InvalidInput(message, {name: message}, **values)


def _choice(value: str | None, kind: Any, name: str) -> str | None:
    if value is None:
        return None
    try:
        return str(kind(value).value)
    except ValueError:
        raise _refused(name, N_("this list has no such choice")) from None


def _venue(slug: str | None) -> str | None:
    if slug is None:
        return None
    try:
        return places().get_venue(slug).id.hex
    except NotFound:
        raise _refused("place", N_("there is no such place")) from None


def _topic(slug: str | None) -> str | None:
    if slug is None:
        return None
    try:
        return places().get_topic(slug).id.hex
    except NotFound:
        raise _refused("topic", N_("there is no such topic")) from None


def _district(district: str | None) -> tuple[str, ...] | None:
    if district is None:
        return None
    venues = tuple(v.id.hex for v in places().list_venues() if v.district == district)
    if not venues:
        raise _refused("district", N_("there is no such district"))
    return venues


def _date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _refused("due", N_("a date is written like 2026-06-01")) from None


def _overdue(value: str | None) -> bool | None:
    if value is None:
        return None
    if value not in ("yes", "no"):
        raise _refused("overdue", N_("overdue is yes or no"))
    return value == "yes"


def _page(value: str | None) -> int:
    if value is None:
        return 1
    if not value.isdigit() or not 1 <= int(value) <= 100_000:
        raise NotFound(N_("there is no such page"))
    return int(value)
