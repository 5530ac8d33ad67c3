"""The rule that keeps public figures from singling out a child: no group of fewer than 5."""

from __future__ import annotations

from collections.abc import Callable

SMALL_GROUP = 5


def public_count(n: int | None) -> int | None:
    """Return a count fit to publish, or None for a group of 1 to 4 items (shown as "fewer than 5").

    This is the one suppression rule of every public figure: a group that small
    could point at one child. Zero says nothing about anyone and is shown.
    """
    if n is None or 0 < n < SMALL_GROUP:
        return None
    return n


def exact(n: int | None) -> int | None:
    """Return a count as it is (the staff's figures)."""
    return n


def counter(public: bool) -> Callable[[int | None], int | None]:
    """Return how counts are shown: suppressed for the public, exact for staff."""
    return public_count if public else exact
