"""The Venue aggregate: where ideas come from, and the bodies that answer them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Root
from domain.errors import N_, InvalidValue
from domain.naming import natural_id
from domain.values import VenueKind


def venue_id(slug: str) -> UUID:
    return natural_id("venue", slug)


class Venue(Root):
    """A message board, group, hospital, school, park ... or a responsible body."""

    class Registered(Root.Created):
        slug: str
        kind: VenueKind
        name: str
        district: str
        parent_id: UUID | None

    @staticmethod
    def create_id(slug: str, **_: Any) -> UUID:
        return venue_id(slug)

    @event(Registered)
    def __init__(
        self, slug: str, kind: VenueKind, name: str, district: str, parent_id: UUID | None
    ) -> None:
        self.slug = slug
        self.kind = VenueKind(kind)
        self.name = name
        self.district = district
        self.parent_id = parent_id
        self.is_open = True

    @classmethod
    def register(
        cls, slug: str, kind: VenueKind, name: str, district: str = "", parent_id: UUID | None = None
    ) -> Venue:
        """Register a venue under a unique slug."""
        if not slug.strip() or not name.strip():
            raise InvalidValue(N_("a venue needs a slug and a name"))
        return cls(slug.strip().lower(), VenueKind(kind), name.strip(), district.strip(), parent_id)

    @property
    def can_answer(self) -> bool:
        return self.kind.can_answer

    class Renamed(Root.Event):
        name: str

    def rename(self, name: str) -> None:
        """Give the venue a new name."""
        if not name.strip():
            raise InvalidValue(N_("a venue needs a name"))
        self._renamed(name.strip())

    @event(Renamed)
    def _renamed(self, name: str) -> None:
        self.name = name

    class Closed(Root.Event):
        pass

    def close(self) -> None:
        """Stop taking ideas at this venue; its history stays."""
        if self.is_open:
            self._closed()

    @event(Closed)
    def _closed(self) -> None:
        self.is_open = False
