"""The staff's reads of the work queue, narrowed once to what the acting staff member may see.

Every staff list and count (the queue, the review list, a body's inbox, the
home page's counts, the dashboards' overdue list, the API's list) goes through
:class:`StaffQueue`, which applies :func:`scope_of` to the filters it is given.
The rule is ``feedback.permissions.may_view``'s, said as a filter on rows:
readers see every item, an official only what was forwarded to their body,
everyone else nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from domain.staff import StaffMember
from domain.values import Role
from feedback.errors import N_, Forbidden
from feedback.permissions import READERS
from projections import work_queue
from projections.store import ViewStore
from projections.work_queue import EVERY, Narrowing

OVERDUE_SHOWN = 50


@dataclass(frozen=True)
class Scope:
    """The items one staff member may read: every item, only those forwarded to one body, or none."""

    everything: bool = False
    body_id: str | None = None  # hex, as the read models keep ids

    @property
    def nothing(self) -> bool:
        return not self.everything and self.body_id is None

    def admits(self, body_id: UUID | str | None) -> bool:
        """Say whether an item forwarded to ``body_id`` (``None``: to no body yet) is in scope."""
        if self.everything:
            return True
        return self.body_id is not None and body_id is not None and _hex(body_id) == self.body_id

    def narrow(self, body_id: str | None) -> str | None:
        """Return the body filter for a list that asked for ``body_id``, refusing what is out of scope."""
        if self.nothing:
            raise Forbidden(N_("your role does not read the list of items"))
        if self.everything:
            return body_id
        if body_id not in (None, self.body_id):
            raise Forbidden(N_("you see only the items forwarded to your own body"))
        return self.body_id


EVERYTHING = Scope(everything=True)
NOTHING = Scope()


def scope_of(staff: StaffMember) -> Scope:
    """Return what ``staff`` may read (the rule of ``feedback.permissions.may_view``, for lists)."""
    if staff.has_role(*READERS):
        return EVERYTHING
    if staff.has_role(Role.OFFICIAL) and staff.body_id is not None:
        return Scope(body_id=staff.body_id.hex)
    return NOTHING


class StaffQueue:
    """The work queue as one staff member may read it, on one day."""

    def __init__(self, views: ViewStore, scope: Scope, today: date) -> None:
        self.views = views
        self.scope = scope
        self.today = today

    @classmethod
    def of(cls, views: ViewStore, staff: StaffMember, today: date) -> StaffQueue:
        """Return the queue as ``staff`` may read it."""
        return cls(views, scope_of(staff), today)

    def rows(self, *, limit: int = 50, offset: int = 0, newest_first: bool = False,
             overdue: bool | None = None, narrowing: Narrowing = EVERY, **filters: str | None) -> list[dict[str, Any]]:
        """Return the rows matching ``filters`` (and ``narrowing``) that the staff member may read, oldest first."""
        scoped = self._within(filters)
        if scoped is None:
            return []
        return work_queue.queue(self.views, today=self.today, overdue=overdue, limit=limit, offset=offset,
                                newest_first=newest_first, narrowing=narrowing, **scoped)

    def count(self, *, overdue: bool | None = None, narrowing: Narrowing = EVERY, **filters: str | None) -> int:
        """Return how many rows matching ``filters`` (and ``narrowing``) the staff member may read."""
        scoped = self._within(filters)
        if scoped is None:
            return 0
        return work_queue.count(self.views, today=self.today, overdue=overdue, narrowing=narrowing, **scoped)

    def rows_after(self, *, after: tuple[str, str] | None = None, limit: int = 50, offset: int = 0,
                   overdue: bool | None = None, narrowing: Narrowing = EVERY,
                   **filters: str | None) -> list[dict[str, Any]]:
        """Return rows oldest first after the row ``after`` (keyset paging), refusing a role that reads none."""
        self.narrow(filters.get("body_id"))
        scoped = self._within(filters) or {}
        return work_queue.queue_after(self.views, today=self.today, after=after, limit=limit, offset=offset,
                                      overdue=overdue, narrowing=narrowing, **scoped)

    def overdue(self, limit: int = OVERDUE_SHOWN) -> list[dict[str, Any]]:
        """Return the oldest overdue items the staff member may read."""
        return self.rows(overdue=True, limit=limit)

    def narrow(self, body_id: str | None) -> str | None:
        """Return the body filter a list asking for ``body_id`` gets (see :meth:`Scope.narrow`)."""
        return self.scope.narrow(body_id)

    def _within(self, filters: dict[str, str | None]) -> dict[str, str | None] | None:
        """Return ``filters`` held to the scope, or ``None`` when the staff member reads nothing."""
        if self.scope.nothing:
            return None
        return {**filters, "body_id": self.scope.narrow(filters.get("body_id"))}


def _hex(value: UUID | str) -> str:
    return value.hex if isinstance(value, UUID) else value
