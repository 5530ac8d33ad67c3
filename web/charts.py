"""Bar charts as SVG drawn on the server: readable without JavaScript, each bar titled and labelled."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 640
LABEL_WIDTH = 240
BAR_AREA = 300
ROW = 30
BAR = 18
TOP = 8
MAX_LABEL = 30


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value (None draws no bar) and the words shown beside it."""

    label: str
    value: float | None
    shown: str


def short(label: str, limit: int = MAX_LABEL) -> str:
    """Return ``label`` cut to ``limit`` characters (the full label stays in the bar's title)."""
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(chart_id: str, title: str, bars: Sequence[Bar], scale: float | None = None) -> Markup:
    """Return a horizontal bar chart; ``scale`` is the value of a full bar (the largest by default)."""
    top = scale or max((bar.value or 0 for bar in bars), default=0) or 1
    height = TOP * 2 + ROW * max(len(bars), 1)
    parts = [
        f'<svg class="chart" id="{escape(chart_id)}" role="img" aria-labelledby="{escape(chart_id)}-title" '
        f'viewBox="0 0 {WIDTH} {height}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
    ]
    parts.extend(_bar(index, bar, top) for index, bar in enumerate(bars))
    parts.append("</svg>")
    return Markup("".join(parts))


def _bar(index: int, bar: Bar, top: float) -> str:
    y = TOP + index * ROW
    middle = y + ROW / 2
    length = 0.0 if bar.value is None else max(0.0, min(1.0, bar.value / top)) * BAR_AREA
    fill = "bar-fill" if bar.value is not None else "bar-fill bar-none"
    return (
        f'<g class="bar"><title>{escape(bar.label)}: {escape(bar.shown)}</title>'
        f'<text class="bar-label" x="{LABEL_WIDTH - 8}" y="{middle:.0f}" text-anchor="end" '
        f'dominant-baseline="middle">{escape(short(bar.label))}</text>'
        f'<rect class="{fill}" x="{LABEL_WIDTH}" y="{y + (ROW - BAR) / 2:.0f}" width="{length:.1f}" '
        f'height="{BAR}" rx="3"/>'
        f'<text class="bar-value" x="{LABEL_WIDTH + length + 6:.1f}" y="{middle:.0f}" '
        f'dominant-baseline="middle">{escape(bar.shown)}</text></g>'
    )
