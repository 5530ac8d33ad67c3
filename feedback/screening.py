"""The screen every new idea passes on arrival: personal data is held back, a disclosure of harm is sealed."""

from __future__ import annotations

from typing import Any

from domain.privacy import screen
from domain.safeguarding import SafeguardingCase
from domain.suggestion import Suggestion


def screen_new(item: Suggestion, needs_help: bool) -> list[Any]:
    """Screen a new item's words; hold or seal it; return a safeguarding case to save with it."""
    found = screen(item.text.text, item.title.text if item.title else None)
    if needs_help or found.harm:
        item.refer_to_safeguarding("child_asked" if needs_help else "detected")
        return [SafeguardingCase(item_id=item.id, reason="child_asked" if needs_help else "detected")]
    if found.personal_data:
        item.hold_for_privacy(list(found.personal_data))
    return []
