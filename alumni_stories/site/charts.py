"""Charts drawn at build time as inline SVG: the programme's timeline, and stories per country.

Hand-written on purpose. The maintained Python SVG libraries either draw generic charts with their own
styles and scripts (pygal, leather; matplotlib is far too heavy for two small figures), or only build
elements without escaping text and attribute values (svg.py, svgwrite), which would leave the safety
to us anyway. What the site needs is small and specific: one link per mark for the keyboard, a
<title> and <desc>, lanes that keep labels apart, and text legible at phone width, so the drawing
is done here, and every piece of text goes through MarkupSafe's escaping (`_el` below).

The functions take plain, already-localized data and return Markup (escaped, ready to print).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from markupsafe import Markup, escape

from alumni_stories.content.model import Period

WIDTH = 360  # the viewBox width: about a phone's content width, so 12px text stays 12px there
FONT = 12
LINE = 15  # height of one line of label text
PALETTE = ("#283593", "#00695c", "#8e2400", "#4a148c", "#33691e")  # dark enough for text on white


@dataclass(frozen=True)
class Lane:
    key: str
    label: str
    since: int | None = None  # the year the track began: its lane is drawn solid from there on


@dataclass(frozen=True)
class TimelineBatch:
    lane: str  # Lane.key
    label: str  # "8th batch · 2006–2007"
    period: Period | None  # None: not known, so not drawn (the caller lists it in words)
    scheduled: bool
    url: str


@dataclass(frozen=True)
class TimelineStory:
    lane: str
    name: str
    period: Period
    url: str
    language: str | None = None  # set when the name is in another language than the page


@dataclass(frozen=True)
class BarRow:
    label: str
    url: str
    values: tuple  # one number (or None: not known) per series


def _el(name: str, attrs: dict | None = None, *children) -> Markup:
    """One SVG element. Attribute values and text children are escaped; Markup children are kept."""
    attr_text = "".join(f' {key}="{escape(value)}"' for key, value in (attrs or {}).items() if value is not None)
    if not children:
        return Markup(f"<{name}{attr_text}/>")
    return Markup(f"<{name}{attr_text}>") + Markup("").join(children) + Markup(f"</{name}>")


def text_width(text: str, size: float = FONT) -> float:
    """A generous estimate of rendered width: wide (CJK) characters take 1em, others about 0.6em."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else size * 0.6 for c in text)


def wrap(text: str, width: float, size: float = FONT) -> list[str]:
    """Lines no wider than `width`, broken at spaces or Japanese separators when needed."""
    if text_width(text, size) <= width:
        return [text]
    pieces, current = [], ""
    for part in _break_points(text):
        if current and text_width(current + part, size) > width:
            pieces.append(current.rstrip())
            current = part.lstrip()
        else:
            current += part
    if current:
        pieces.append(current.rstrip())
    return pieces


def _break_points(text: str) -> list[str]:
    parts, current = [], ""
    for char in text:
        current += char
        if char in " ・、" or unicodedata.east_asian_width(char) in "WF":
            parts.append(current)
            current = ""
    if current:
        parts.append(current)
    return parts


def _frame(ids: str, title: str, desc: str, width: float, height: float, body) -> Markup:
    return _el("svg", {"xmlns": "http://www.w3.org/2000/svg", "viewBox": f"0 0 {width:g} {height:g}",
                       "class": "chart__svg", "role": "group", "aria-labelledby": f"{ids}-title",
                       "aria-describedby": f"{ids}-desc", "font-size": FONT},
               _el("title", {"id": f"{ids}-title"}, title), _el("desc", {"id": f"{ids}-desc"}, desc), *body)


def _text_lines(lines, x, y, attrs=None) -> Markup:
    """Text whose first line is vertically centred on y; further lines below it."""
    spans = [_el("tspan", {"x": f"{x:g}", "dy": ".35em" if i == 0 else f"{LINE}"}, line) for i, line in enumerate(lines)]
    return _el("text", {"x": f"{x:g}", "y": f"{y:g}", **(attrs or {})}, *spans)


# --- The timeline: years down the side, one lane per track, labels to the right ------------------

ROW = 26  # height of one year
YEAR_X = 36  # right edge of the year labels
LANE_X = 54  # the first lane's centre
LANE_GAP = 22


@dataclass
class _Label:
    want: float  # the y the label would like (its mark's y)
    lines: list
    mark_y: float
    lane_x: float
    colour: str
    url: str
    mark: Markup
    bold: bool = False
    language: str | None = None
    y: float = 0.0


def timeline(ids: str, title: str, desc: str, lanes: list[Lane], batches: list[TimelineBatch],
             stories: list[TimelineStory], first_year: int, last_year: int) -> Markup:
    lane_x = {lane.key: LANE_X + i * LANE_GAP for i, lane in enumerate(lanes)}
    colour = {lane.key: PALETTE[i % len(PALETTE)] for i, lane in enumerate(lanes)}
    label_x = LANE_X + len(lanes) * LANE_GAP + 2
    label_width = WIDTH - label_x - 4
    legend_top = 14
    top = legend_top + len(lanes) * 18 + 6
    rows = last_year - first_year + 1
    bottom = top + rows * ROW

    def centre(year: int) -> float:
        return top + (year - first_year) * ROW + ROW / 2

    grid = []
    for i, year in enumerate(range(first_year, last_year + 1)):
        if i % 2 == 0:
            grid.append(_el("rect", {"x": 0, "y": top + i * ROW, "width": WIDTH, "height": ROW, "class": "chart__band"}))
        grid.append(_el("text", {"x": YEAR_X, "y": f"{centre(year):g}", "dy": ".35em", "text-anchor": "end",
                                 "class": "chart__axis"}, str(year)))
    legend = []
    for i, lane in enumerate(lanes):
        x, y = lane_x[lane.key], legend_top + i * 18
        start = top if lane.since is None else centre(max(first_year, min(lane.since, last_year)))
        legend.append(_el("path", {"d": f"M{x} {start}V{y}H{label_x - 6}", "fill": "none", "stroke": colour[lane.key],
                                   "stroke-width": 1, "stroke-dasharray": "2 3" if start > top else None}))
        legend.append(_el("path", {"d": f"M{x} {bottom}V{start}", "stroke": colour[lane.key], "stroke-width": 2,
                                   "class": "chart__lane"}))
        legend.append(_el("text", {"x": label_x, "y": y, "dy": ".35em", "fill": colour[lane.key],
                                   "font-weight": 700}, lane.label))

    labels: list[_Label] = []
    for batch in batches:
        if batch.period is None or batch.lane not in lane_x:
            continue
        x, c = lane_x[batch.lane], colour[batch.lane]
        y0 = centre(batch.period.start.year)
        if batch.period.end is not None:
            y1 = centre(batch.period.end.year)
            mark = _el("rect", {"x": x - 5, "y": f"{y0 - 5:g}", "width": 10, "height": f"{y1 - y0 + 10:g}", "rx": 5,
                                "fill": c, "stroke": "#fff", "stroke-width": 2,
                                "stroke-dasharray": "3 2" if batch.scheduled else None})
            mark_y = (y0 + y1) / 2
        else:  # the start is known, the end is not: an open ring
            mark = _el("circle", {"cx": x, "cy": f"{y0:g}", "r": 5, "fill": "#fff", "stroke": c, "stroke-width": 2.5,
                                  "stroke-dasharray": "3 2" if batch.scheduled else None})
            mark_y = y0
        labels.append(_Label(want=mark_y, lines=wrap(batch.label, label_width), mark_y=mark_y, lane_x=x, colour=c,
                             url=batch.url, mark=mark))
    stacked: dict = {}
    for story in stories:
        if story.lane not in lane_x:
            continue
        x, c = lane_x[story.lane], colour[story.lane]
        end = story.period.end.year if story.period.end else story.period.start.year
        mark_y = (centre(story.period.start.year) + centre(end)) / 2
        place = stacked.setdefault((story.lane, mark_y), [])
        mark_y += len(place) * 9  # several stories of one batch: a short column of beads
        place.append(story)
        mark = _el("circle", {"cx": x, "cy": f"{mark_y:g}", "r": 6.5, "fill": c, "stroke": "#fff", "stroke-width": 2})
        labels.append(_Label(want=mark_y, lines=wrap(story.name, label_width), mark_y=mark_y, lane_x=x, colour=c,
                             url=story.url, mark=mark, bold=True, language=story.language))

    _spread(labels, top + LINE / 2)
    height = max(bottom, max((l.y + (len(l.lines) - 1) * LINE + LINE for l in labels), default=bottom)) + 6
    marks = []
    for label in labels:
        leader = _el("path", {"d": f"M{label.lane_x + 7} {label.mark_y:g}L{label_x - 10} {label.y:g}H{label_x - 3}",
                              "fill": "none", "stroke": label.colour, "stroke-width": 1, "class": "chart__leader"})
        words = _text_lines(label.lines, label_x, label.y,
                            {"fill": label.colour, "font-weight": 700 if label.bold else None, "lang": label.language})
        marks.append(_el("a", {"href": label.url, "class": "chart__mark"}, leader, label.mark, words))
    body = [_el("g", {"aria-hidden": "true"}, *grid, *legend), *marks]
    return _frame(ids, title, desc, WIDTH, height, body)


def _spread(labels: list[_Label], minimum: float) -> None:
    """Place labels in order of their marks, each below the one before: no two labels overlap."""
    labels.sort(key=lambda l: (l.want, l.bold))
    previous_bottom = minimum - LINE
    for label in labels:
        label.y = max(label.want, previous_bottom + LINE + 1)
        previous_bottom = label.y + (len(label.lines) - 1) * LINE


# --- Bars: one row per item (a country), one bar per series (stories; graduates where known) --------

BAR_ROW = 22


def bars(ids: str, title: str, desc: str, series: list[str], rows: list[BarRow], unknown: str) -> Markup:
    name_width = min(WIDTH * 0.4, max((text_width(r.label) for r in rows), default=0) + 8)
    bar_x = name_width + 6
    room = WIDTH - bar_x - 40
    largest = max((v for r in rows for v in r.values if v), default=0) or 1
    legend_height = 18 * len(series) if len(series) > 1 else 0
    body, y = [], 4
    if legend_height:
        for i, name in enumerate(series):
            body.append(_el("rect", {"x": bar_x, "y": y + i * 18 + 2, "width": 12, "height": 10,
                                     "fill": PALETTE[i % len(PALETTE)], "aria-hidden": "true"}))
            body.append(_el("text", {"x": bar_x + 18, "y": y + i * 18 + 7, "dy": ".35em"}, name))
        y += legend_height + 6
    for row in rows:
        height = BAR_ROW * len(series)
        name_lines = wrap(row.label, name_width - 8)
        parts = [_text_lines(name_lines, 0, y + height / 2 - (len(name_lines) - 1) * LINE / 2, {"font-weight": 700})]
        for i, value in enumerate(row.values):
            bar_y = y + i * BAR_ROW + 4
            length = room * (value or 0) / largest
            if value:
                parts.append(_el("rect", {"x": f"{bar_x:g}", "y": bar_y, "width": f"{length:g}", "height": BAR_ROW - 8,
                                          "fill": PALETTE[i % len(PALETTE)]}))
            parts.append(_el("text", {"x": f"{bar_x + length + 5:g}", "y": bar_y + (BAR_ROW - 8) / 2, "dy": ".35em",
                                      "class": "chart__value"}, unknown if value is None else str(value)))
        body.append(_el("a", {"href": row.url, "class": "chart__mark"}, *parts))
        y += height + 8
    axis = _el("path", {"d": f"M{bar_x:g} {legend_height and legend_height + 6}V{y - 4}", "stroke": "#767676",
                        "aria-hidden": "true"})
    return _frame(ids, title, desc, WIDTH, y, [axis, *body])
