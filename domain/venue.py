"""The Venue aggregate: where ideas come from, and the bodies that answer them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Root
from domain.errors import N_, InvalidValue
from domain.names import name_in, tidy_names
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
        self.names: dict[str, str] = {}
        self.district_names: dict[str, str] = {}

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

    class NamesGiven(Root.Event):
        """The venue's name (and its district's) in each language, in full after the change."""

        names: dict[str, str]
        district_names: dict[str, str]

    def give_names(self, names: dict[str, str], district_names: dict[str, str] | None = None) -> None:
        """Name the venue (and its district) in some of the three languages; the others keep theirs."""
        given = {**self.names, **tidy_names(names)}
        districts = {**self.district_names, **tidy_names(district_names)}
        if (given, districts) != (self.names, self.district_names):
            self._names_given(given, districts)

    @event(NamesGiven)
    def _names_given(self, names: dict[str, str], district_names: dict[str, str]) -> None:
        self.names = dict(names)
        self.district_names = dict(district_names)

    def name_in(self, language: str) -> str:
        """Return the venue's name in ``language`` (else in Simplified Chinese, else the name it was registered with)."""
        return name_in(self.names, language, self.name)

    def district_in(self, language: str) -> str:
        """Return the venue's district in ``language`` (else in Simplified Chinese, else as registered)."""
        return name_in(self.district_names, language, self.district)

    class Closed(Root.Event):
        pass

    def close(self) -> None:
        """Stop taking ideas at this venue; its history stays."""
        if self.is_open:
            self._closed()

    @event(Closed)
    def _closed(self) -> None:
        self.is_open = False
