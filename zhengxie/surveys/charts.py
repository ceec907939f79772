"""Server-side SVG bar charts for survey results: plain markup in the page (no script, no CDN,
no inline style — the CSP allows it), one bar per choice with its count and share."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 120
BAR_WIDTH = 160
WIDTH = LABEL_WIDTH + BAR_WIDTH + 90


def bar_chart(labels: Sequence[str], counts: Sequence[int], *, title: str, base: int = 0) -> SafeString:
    """A horizontal bar chart that scales to the width of a phone (viewBox, width 100%); shares
    are of `base` (those who answered the question), or of the counts' sum."""
    total = base or sum(counts) or 1
    top = max(counts, default=0) or 1
    height = len(labels) * (BAR_HEIGHT + GAP) + GAP
    parts = [
        format_html(
            '<svg class="chart" viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}" '
            'xmlns="http://www.w3.org/2000/svg">',
            WIDTH,
            height,
            title,
        )
    ]
    for i, (label, count) in enumerate(zip(labels, counts, strict=True)):
        y = GAP + i * (BAR_HEIGHT + GAP)
        width = round(BAR_WIDTH * count / top)
        short = label if len(label) <= 9 else label[:8] + "…"
        parts.append(
            format_html(
                '<text x="0" y="{}" font-size="13" fill="#333">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="#b22222"></rect>'
                '<text x="{}" y="{}" font-size="13" fill="#333">{}（{}%）</text>',
                y + 16,
                short,
                LABEL_WIDTH,
                y,
                max(width, 1),
                BAR_HEIGHT,
                LABEL_WIDTH + max(width, 1) + 6,
                y + 16,
                count,
                round(100 * count / total),
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(p) for p in parts))
