"""The public dashboard's figures: nothing false, nothing that could single out a child (property-tested)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from projections.small_groups import SMALL_GROUP
from web.staff.figures import Group


@st.composite
def groups(draw: st.DrawFn) -> Group:
    """A group as the adoption tracker counts it: adopted ≤ answered ≤ items, overdue ≤ items."""
    items = draw(st.integers(0, 60))
    answered = draw(st.integers(0, items))
    adopted = draw(st.integers(0, answered))
    overdue = draw(st.integers(0, items))
    return Group("Huaqiao", items, answered, adopted, overdue)


def percent(text: str) -> int | None:
    found = re.fullmatch(r"(\d+)%", text)
    return None if found is None else int(found.group(1))


@given(groups())
def test_a_published_rate_is_the_true_rate_or_no_rate_at_all(group: Group) -> None:
    shown = group.published().rate_words
    if percent(shown) is not None:
        assert percent(shown) == round(100 * group.adopted / group.answered)
    else:
        assert shown in {"fewer than 5", "fewer than 5 answered", "no answers yet"}


@given(groups())
def test_every_group_of_5_or_more_answered_ideas_gets_its_true_rate(group: Group) -> None:
    if group.answered >= SMALL_GROUP:
        assert group.published().rate_words == f"{round(100 * group.adopted / group.answered)}%"


@given(groups())
def test_no_published_count_is_between_1_and_4(group: Group) -> None:
    published = group.published()
    for cell in published.cells()[:3] + published.cells()[4:]:
        assert cell == "fewer than 5" or cell == "0" or int(cell) >= SMALL_GROUP
    if group.items < SMALL_GROUP and group.items:
        assert published.cells() == ["fewer than 5"] * 5, "a small group shows nothing else"


@given(groups())
def test_the_staff_see_every_figure_exactly(group: Group) -> None:
    cells = group.cells()
    assert cells[:3] == [str(group.items), str(group.answered), str(group.adopted)]
    if group.answered:
        assert cells[3] == f"{round(100 * group.adopted / group.answered)}%"


def test_one_adopted_of_five_answered_is_20_percent_not_0() -> None:
    published = Group("Study tour routes", items=5, answered=5, adopted=1, overdue=0).published()
    assert published.cells() == ["5", "5", "fewer than 5", "20%", "0"]
    assert published.rate == 0.2
