"""Small inline SVG bar charts for the HTML report.

Three kinds of bar chart do not justify matplotlib plus a CJK font on the server: the SVG keeps its
labels as text, so the reader's browser renders the Chinese.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2")


def grouped_bars(
    groups: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], maximum: float = 1.0, unit: str = ""
) -> str:
    """Vertical bars: one cluster per group, one bar per series; values labelled above each bar."""
    width, height, left, bottom, top = 640, 260, 40, 40, 20
    plot_height = height - bottom - top
    cluster = (width - left) / max(len(groups), 1)
    bar = cluster * 0.8 / max(len(series), 1)
    parts = [f'<svg viewBox="0 0 {width} {height}" role="img" xmlns="http://www.w3.org/2000/svg">']
    parts.append(
        f'<line x1="{left}" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" stroke="#999"/>'
    )
    for g, group in enumerate(groups):
        x0 = left + g * cluster + cluster * 0.1
        for s, (_, values) in enumerate(series):
            value = values[g]
            h = plot_height * (value / maximum if maximum else 0)
            x, y = x0 + s * bar, height - bottom - h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar * 0.9:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[s % len(PALETTE)]}"/>'
            )
            parts.append(
                f'<text x="{x + bar * 0.45:.1f}" y="{y - 4:.1f}" font-size="10" text-anchor="middle">'
                f"{value:.3g}{escape(unit)}</text>"
            )
        parts.append(
            f'<text x="{x0 + cluster * 0.4:.1f}" y="{height - bottom + 16}" font-size="12" '
            f'text-anchor="middle">{escape(group)}</text>'
        )
    for s, (name, _) in enumerate(series):
        parts.append(
            f'<rect x="{left + s * 110}" y="{height - 14}" width="10" height="10" fill="{PALETTE[s % len(PALETTE)]}"/>'
            f'<text x="{left + s * 110 + 14}" y="{height - 5}" font-size="12">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def horizontal_bars(rows: Sequence[tuple[str, float]], unit: str = "") -> str:
    """One labelled horizontal bar per row, scaled to the largest value."""
    if not rows:
        return "<p>（无）</p>"
    row_height, label_width, width = 22, 160, 640
    height = row_height * len(rows) + 10
    top = max(value for _, value in rows) or 1.0
    parts = [f'<svg viewBox="0 0 {width} {height}" role="img" xmlns="http://www.w3.org/2000/svg">']
    for i, (label, value) in enumerate(rows):
        y = 5 + i * row_height
        w = (width - label_width - 60) * value / top
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 15}" font-size="12" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{w:.1f}" height="{row_height - 6}" fill="{PALETTE[3]}"/>'
            f'<text x="{label_width + w + 4:.1f}" y="{y + 15}" font-size="11">{value:g}{escape(unit)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def histogram(samples: Sequence[float], bins: int = 20, unit: str = "") -> list[tuple[str, float]]:
    """Rows for `horizontal_bars`: sample counts per equal-width bin."""
    if not samples:
        return []
    low, high = min(samples), max(samples)
    step = (high - low) / bins or 1.0
    counts = [0] * bins
    for sample in samples:
        counts[min(bins - 1, int((sample - low) / step))] += 1
    return [
        (f"{low + i * step:.0f}–{low + (i + 1) * step:.0f}{unit}", float(c))
        for i, c in enumerate(counts)
        if c
    ]
