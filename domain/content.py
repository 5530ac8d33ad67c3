"""Personal content: words a child wrote, kept apart so they can be erased."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True)
class PrivateText:
    """Text belonging to one item (its ``owner``).

    The store keeps it encrypted with the owner's own key, so destroying that
    key erases it everywhere while the events stay. ``text`` is ``None`` once
    the content has been erased.
    """

    owner: UUID
    text: str | None

    @property
    def is_erased(self) -> bool:
        return self.text is None

    def __str__(self) -> str:
        return "" if self.text is None else self.text
