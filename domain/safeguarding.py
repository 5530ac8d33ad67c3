"""The sealed safeguarding lane: a child's disclosure, opened only by the safeguarding officer."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Root
from domain.errors import N_, ExplanationRequired, TransitionNotAllowed
from domain.naming import natural_id


def case_id(item_id: UUID) -> UUID:
    return natural_id("safeguarding", item_id.hex)


class SafeguardingCase(Root):
    """One referral: which item, why; every opening of it is an event."""

    class Opened(Root.Created):
        class_version = 1
        item_id: UUID
        reason: str

    @staticmethod
    def create_id(item_id: UUID, **_: Any) -> UUID:
        return case_id(item_id)

    @event(Opened)
    def __init__(self, item_id: UUID, reason: str) -> None:
        self.item_id = item_id
        self.reason = reason
        self.viewings: list[str] = []
        self.closed = False
        self.referrals = 1

    class Viewed(Root.Event):
        class_version = 1
        username: str

    def view(self, username: str) -> None:
        """Record that the officer opened the sealed words."""
        self._viewed(username)

    @event(Viewed)
    def _viewed(self, username: str) -> None:
        self.viewings.append(username)

    class ReferredAgain(Root.Event):
        class_version = 1
        reason: str

    def refer_again(self, reason: str) -> None:
        """Add another disclosure on the same item to its case (a closed case opens again)."""
        self._referred_again(reason)

    @event(ReferredAgain)
    def _referred_again(self, reason: str) -> None:
        self.closed = False
        self.referrals += 1

    class Closed(Root.Event):
        class_version = 1
        note: str

    def close(self, note: str) -> None:
        """Close the case with a note of what was done (never the child's words)."""
        if self.closed:
            raise TransitionNotAllowed(N_("this case is already closed"))
        if not note.strip():
            raise ExplanationRequired(N_("say what was done"))
        self._closed(note.strip())

    @event(Closed)
    def _closed(self, note: str) -> None:
        self.closed = True
