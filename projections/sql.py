"""SQL both SQLite and PostgreSQL understand, shared by the read models."""

from __future__ import annotations

from projections.facts import WAITING


def count_where(condition: str) -> str:
    """Return an aggregate that counts the rows meeting ``condition`` (0 when there are none)."""
    return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"


# The day an item is due (``Suggestion.due`` for rows): a forward's date while the body has it,
# else the day promised to the child.
DUE = "(CASE WHEN status = 'forwarded' AND forward_due IS NOT NULL THEN forward_due ELSE answer_due END)"

# Still waiting for the grown-ups and past its answer date (or a forward's due date).
# It takes today's date (ISO text) twice, as positional parameters.
OVERDUE = (
    f"(status IN ({', '.join(repr(s) for s in WAITING)}) AND "
    "(answer_due < ? OR (status = 'forwarded' AND forward_due IS NOT NULL AND forward_due < ?)))"
)
