"""The screen every text a child writes passes on arrival: personal data is held back, a disclosure of harm is sealed.

One function, ``screen_words``, looks at what the child has just written on an item (a new
idea and its title, or a comment given with a reaction or with "ask again") and acts on it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from domain.privacy import screen
from domain.safeguarding import SafeguardingCase
from domain.suggestion import Suggestion

FindCase = Callable[[UUID], SafeguardingCase | None]


def screen_words(item: Suggestion, find_case: FindCase, needs_help: bool = False) -> list[Any]:
    """Screen the words in ``item``'s unsaved events; hold or seal them; return a safeguarding case to save."""
    referral = "child_asked" if needs_help else ""
    for written in list(item.pending_events):  # a copy: holding or sealing adds events
        if isinstance(written, Suggestion.Submitted):
            referral = _screen_idea(item, needs_help) or referral
        elif isinstance(written, Suggestion.Reacted) and written.comment is not None:
            referral = _screen_comment(item, written.originator_version) or referral
    return _refer(item, referral, find_case) if referral else []


def _screen_idea(item: Suggestion, needs_help: bool) -> str:
    found = screen(item.text.text, item.title.text if item.title else None)
    if needs_help or found.harm:
        reason = "child_asked" if needs_help else "detected"
        item.refer_to_safeguarding(reason)
        return reason
    if found.personal_data:
        item.hold_for_privacy(list(found.personal_data))
    return ""


def _screen_comment(item: Suggestion, at: int) -> str:
    # Only the comment is sealed, not the idea: staff already read the idea, and may need it to look again.
    found = screen(item.comment_given_at(at).text)
    if found.harm:
        item.seal_comment(at)
        return "detected"
    if found.personal_data:
        item.hold_comment(at, list(found.personal_data))
    return ""


def _refer(item: Suggestion, reason: str, find_case: FindCase) -> list[Any]:
    """Open the item's safeguarding case, or add this disclosure to the one it has (one case per item)."""
    case = None if isinstance(item.pending_events[0], Suggestion.Submitted) else find_case(item.id)
    if case is None:
        return [SafeguardingCase(item_id=item.id, reason=reason)]
    case.refer_again(reason)
    return [case]
