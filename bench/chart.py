"""The benchmark's chart as a small hand-written SVG: two line charts, build seconds and ms per page against N.

Hand-written rather than matplotlib: two charts of a few points do not justify a heavy dependency
(and its own transitive pins) in a project whose build needs none of it.
"""
from __future__ import annotations

import math
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 360, 260
MARGIN = {"left": 56, "right": 16, "top": 34, "bottom": 44}
SERIES = [("a", "(a) this project, cold build", "#3f51b5"), ("b", "(b) plain MkDocs + Material + i18n", "#e65100")]


def _nice_max(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 or 10 times a power of ten that is at least `value`."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    return next(f * magnitude for f in (1, 2, 2.5, 5, 10) if value <= f * magnitude)


def _panel(rows: list[dict], metric: str, title: str, unit: str, x0: float) -> list[str]:
    sizes = [row["n"] for row in rows]
    values = [row[k][metric] for row in rows for k, _label, _colour in SERIES if k in row]
    x_max, y_max = max(sizes), _nice_max(max(values or [1]))
    plot_w = WIDTH - MARGIN["left"] - MARGIN["right"]
    plot_h = HEIGHT - MARGIN["top"] - MARGIN["bottom"]
    left, top = x0 + MARGIN["left"], MARGIN["top"]

    def x(n):
        return left + plot_w * (n / x_max if x_max else 0)

    def y(v):
        return top + plot_h * (1 - v / y_max)

    out = [f'<text x="{x0 + WIDTH / 2}" y="18" text-anchor="middle" font-weight="bold">{escape(title)}</text>',
           f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#555"/>',
           f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#555"/>']
    for i in range(5):
        v = y_max * i / 4
        out.append(f'<line x1="{left}" y1="{y(v):.1f}" x2="{left + plot_w}" y2="{y(v):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{v:g}</text>')
    for n in sizes:
        out.append(f'<text x="{x(n):.1f}" y="{top + plot_h + 16}" text-anchor="middle">{n}</text>')
    out.append(f'<text x="{left + plot_w / 2}" y="{HEIGHT - 8}" text-anchor="middle">N alumni (x2 languages)</text>')
    out.append(f'<text x="{x0 + 14}" y="{top + plot_h / 2}" text-anchor="middle" '
               f'transform="rotate(-90 {x0 + 14} {top + plot_h / 2})">{escape(unit)}</text>')
    for key, _label, colour in SERIES:
        points = [(x(row["n"]), y(row[key][metric])) for row in rows if key in row]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        out += [f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{colour}"/>' for px, py in points]
    return out


def build_time_chart(rows: list[dict]) -> str:
    """SVG source: build time (s) and ms per HTML page against N, for the project and the baseline."""
    body = _panel(rows, "seconds", "Build time (median)", "seconds", 0)
    body += _panel(rows, "ms_per_page", "Time per HTML page", "milliseconds", WIDTH)
    legend_y = HEIGHT + 8
    for i, (_key, label, colour) in enumerate(SERIES):
        lx = 70 + i * 300
        body.append(f'<rect x="{lx}" y="{legend_y}" width="14" height="4" fill="{colour}"/>')
        body.append(f'<text x="{lx + 20}" y="{legend_y + 6}">{escape(label)}</text>')
    total_w, total_h = 2 * WIDTH, HEIGHT + 24
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {total_w} {total_h}" width="{total_w}" '
            f'height="{total_h}" font-family="sans-serif" font-size="11" role="img" aria-labelledby="t">'
            f'<title id="t">Build time and time per page against the number of alumni</title>'
            f'<rect width="100%" height="100%" fill="#fff"/>' + "".join(body) + "</svg>\n")
