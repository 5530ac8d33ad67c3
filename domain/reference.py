"""The index that finds an item from its public reference, without its code."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Root
from domain.codes import normalise_ref, reference_id


class Reference(Root):
    """A public reference, taken by one item: saved with the item, so a reference is never taken twice."""

    class Taken(Root.Created):
        class_version = 1
        ref: str
        item_id: UUID

    @staticmethod
    def create_id(ref: str, **_: Any) -> UUID:
        return reference_id(ref)

    @event(Taken)
    def __init__(self, ref: str, item_id: UUID) -> None:
        self.ref = normalise_ref(ref)
        self.item_id = item_id
