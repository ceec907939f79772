"""Charts drawn on the server as SVG: no script, no outside service, nothing for the strict
Content-Security-Policy to block (colours come from classes in static/css, not inline styles).
Every chart is shown with its data table, for screen readers and for copying into Word; the SVG
itself is hidden from screen readers (`aria-hidden`), the table carries the figures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 320
BAR = 22
GAP = 8
LABEL = 96


@dataclass
class Chart:
    """A chart: its title, the (label, value) pairs of its data table and the SVG drawing."""

    title: str
    rows: list[tuple[str, int]]
    svg: SafeString
    unit: str = "件"


def bars(title: str, rows: Sequence[tuple[str, int]], *, unit: str = "件") -> Chart:
    """Horizontal bars, one per row, the value written at the end of each bar."""
    rows = list(rows)
    top = max((v for _, v in rows), default=0) or 1
    height = len(rows) * (BAR + GAP) + GAP
    span = WIDTH - LABEL - 40
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" aria-hidden="true" '
        f'focusable="false" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (label, value) in enumerate(rows):
        y = GAP + i * (BAR + GAP)
        length = round(span * value / top) if value else 0
        parts.append(
            f'<text class="chart-label" x="{LABEL - 6}" y="{y + BAR * 0.7:.0f}" text-anchor="end">'
            f"{escape(label[:8])}</text>"
            f'<rect class="chart-bar" x="{LABEL}" y="{y}" width="{length}" height="{BAR}" rx="2"></rect>'
            f'<text class="chart-value" x="{LABEL + length + 4}" y="{y + BAR * 0.7:.0f}">{value}</text>'
        )
    parts.append("</svg>")
    return Chart(title, rows, mark_safe("".join(parts)), unit)


def columns(title: str, rows: Sequence[tuple[str, int]], *, unit: str = "件") -> Chart:
    """Vertical columns for a trend (e.g. months), the value above each column."""
    rows = list(rows)
    top = max((v for _, v in rows), default=0) or 1
    height, base = 160, 136
    step = WIDTH / max(len(rows), 1)
    width = max(step - 6, 4)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" aria-hidden="true" '
        f'focusable="false" xmlns="http://www.w3.org/2000/svg">'
        f'<line class="chart-axis" x1="0" y1="{base}" x2="{WIDTH}" y2="{base}"></line>'
    ]
    for i, (label, value) in enumerate(rows):
        x = i * step + 3
        length = round(110 * value / top) if value else 0
        parts.append(
            f'<rect class="chart-bar" x="{x:.1f}" y="{base - length}" width="{width:.1f}" height="{length}"></rect>'
            f'<text class="chart-value" x="{x + width / 2:.1f}" y="{base - length - 3}" text-anchor="middle">{value}</text>'
            f'<text class="chart-label" x="{x + width / 2:.1f}" y="{height - 6}" text-anchor="middle">'
            f"{escape(label[:4])}</text>"
        )
    parts.append("</svg>")
    return Chart(title, rows, mark_safe("".join(parts)), unit)
