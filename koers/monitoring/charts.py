"""Server-rendered SVG charts: no JavaScript, no inline styles (classes and SVG
presentation attributes only), each with a <title>/<desc> and a data table beside it."""

from collections.abc import Sequence
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 320
BAR_HEIGHT = 18
GAP = 8
LABEL_WIDTH = 0


def bar_chart(title: Any, bars: Sequence[tuple[Any, int | None]], chart_id: str) -> SafeString:
    """Horizontal bars, a label above each; a hidden (suppressed) value is drawn as a hatched stub."""  # noqa: E501
    values = [v for _label, v in bars if isinstance(v, int)]
    top = max(values or [1]) or 1
    row = BAR_HEIGHT + 16 + GAP
    height = row * len(bars) + 4
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{chart_id}-t" '  # noqa: E501
        f'xmlns="http://www.w3.org/2000/svg"><title id="{chart_id}-t">{escape(title)}</title>'
    ]
    for index, (label, value) in enumerate(bars):
        y = index * row
        text = "•" if value is None else str(value)
        parts.append(
            f'<text class="chart__label" x="0" y="{y + 12}" font-size="12">{escape(label)}: {text}</text>'  # noqa: E501
        )
        if value is None:
            parts.append(
                f'<rect class="chart__bar chart__bar--suppressed" x="0" y="{y + 16}" width="24" height="{BAR_HEIGHT}"/>'  # noqa: E501
            )
        else:
            width = max(1, round((WIDTH - 10) * value / top)) if value else 0
            parts.append(
                f'<rect class="chart__bar" x="0" y="{y + 16}" width="{width}" height="{BAR_HEIGHT}"/>'  # noqa: E501
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text part is escaped above


def interval_chart(title: Any, rows: Sequence[Any], chart_id: str) -> SafeString:
    """Share with a 95% interval per region (dot and whisker), scale 0–100%."""
    row = 30
    height = row * len(rows) + 20
    scale = WIDTH - 10
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{chart_id}-t" '  # noqa: E501
        f'xmlns="http://www.w3.org/2000/svg"><title id="{chart_id}-t">{escape(title)}</title>'
    ]
    for index, item in enumerate(rows):
        y = index * row
        if item.share is None:
            parts.append(
                f'<text class="chart__label" x="0" y="{y + 12}" font-size="12">{escape(item.region)}: •</text>'  # noqa: E501
            )
            continue
        parts.append(
            f'<text class="chart__label" x="0" y="{y + 12}" font-size="12">{escape(item.region)}: '
            f"{item.share * 100:.0f}% ({item.low * 100:.0f}–{item.high * 100:.0f}%)</text>"
        )
        x1, x2, cx = 5 + item.low * scale, 5 + item.high * scale, 5 + item.share * scale
        parts.append(
            f'<line class="chart__whisker" x1="{x1:.1f}" x2="{x2:.1f}" y1="{y + 22}" y2="{y + 22}" stroke-width="2"/>'  # noqa: E501
        )
        parts.append(f'<circle class="chart__dot" cx="{cx:.1f}" cy="{y + 22}" r="4"/>')
    parts.append(f'<text class="chart__label" x="0" y="{height - 4}" font-size="11">0%</text>')
    parts.append(
        f'<text class="chart__label" x="{WIDTH - 30}" y="{height - 4}" font-size="11">100%</text>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text part is escaped above
