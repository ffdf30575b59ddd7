"""A time-scaled SVG picture of the timeline, drawn at build time: no JavaScript, no inline style.

Time runs down the page, so the chart reads in the same order as the list beside it and stays
legible on a 390 px phone: the time axis is on the left, marks in a few lanes beside it, and each
event's title on the right, joined to its mark by a leader line when marks crowd. Position is true
time, so gaps look like gaps.

How a date is drawn: a day or a time is a point; a month, season, year or interval is a bar over
the whole period; an approximate or uncertain date is hollow and dashed; an open end ('../X', 'X/..')
runs dashed to the edge of the chart; a key event has a diamond and a bold title.

Colours: everything is `currentColor` plus opacity, with `fs-chart-*` classes for a stylesheet to
colour (the pages' CSP forbids inline style), so dark mode and print follow the page's text colour.

Above `max_marks` events the chart counts instead of drawing: one bar per day, week, month or year
(whichever first gives at most `max_bins` rows), each linking to the first event of its period, so a
briefing of any size makes an SVG of bounded size.
"""

from __future__ import annotations

import bisect
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

# Exact day numbers for any year, which datetime (years 1-9999) cannot give.
from .civil import MONTHS, civil_from_days, days_from_civil
from .model import Event

SVG = "http://www.w3.org/2000/svg"
ROW = 16  # px between two labels
FONT = 12
CHAR = 6.6  # px per character of FONT, on average, to shorten titles before they leave the chart
TOP = 30  # the legend's height
LANE = 12
MAX_LANES = 6
AXIS_X = 74.0  # room for '16 Jan 2024' to its left
_UNIT_DAYS = {"hour": 1 / 24, "day": 1.0, "week": 7.0, "month": 30.44, "year": 365.25}
_STEPS = [("hour", 1), ("hour", 3), ("hour", 6), ("hour", 12), ("day", 1), ("day", 2), ("week", 1),
          ("month", 1), ("month", 3), ("month", 6)] + [("year", k) for k in (1, 2, 5, 10, 20, 50, 100, 500, 1000)]


def _step_for(first: float, last: float, most: int, finest: int = 0) -> tuple[str, int]:
    """The finest step from _STEPS[finest:] that cuts [first, last] into at most `most` periods (roughly).

    Past a thousand years the step grows by powers of ten, so even a 'Y' year of twelve digits gives a
    few dozen periods rather than billions."""
    for unit, step in _STEPS[finest:]:
        if (last - first) / (_UNIT_DAYS[unit] * step) <= most:
            return unit, step
    years = (last - first) / _UNIT_DAYS["year"] / most
    return "year", 10 ** len(str(int(years)))


def _day_of(moment: tuple[int, ...]) -> float:
    _, year, month, day, hour, minute, second = moment
    return days_from_civil(year, month, day) + (hour * 3600 + minute * 60 + second) / 86400


@dataclass(frozen=True)
class _Mark:
    event: Event
    start: float | None  # None: open
    end: float | None
    point: bool
    soft: bool  # approximate or uncertain

    @property
    def anchor(self) -> float:
        return self.start if self.start is not None else self.end  # type: ignore[return-value]


def _mark_of(event: Event) -> _Mark:
    date = event.date
    start = _day_of(date.earliest()) if date.earliest()[0] == 1 else None
    end = _day_of(date.latest()) + 1 / 86400 if date.latest()[0] == 1 else None  # latest() is a last second
    point = date.is_day_or_finer()
    if point and start is not None and end is not None and date.precision == "day":
        start = end = (start + end) / 2  # a day is drawn at its middle
    elif point:
        end = start
    return _Mark(event, start, end, point, date.approximate or date.uncertain)


def _edges(unit: str, step: int, first: float, last: float) -> list[float]:
    """Round boundaries of `unit` * `step` from at or before `first` to at or after `last`."""
    if unit in ("hour", "day", "week"):
        size = _UNIT_DAYS[unit] * step
        shift = 4.0 if unit == "week" else 0.0  # day 4 (5 January 1970) was a Monday
        n = (first - shift) // size
        edges = [shift + n * size]
        while edges[-1] <= last:
            edges.append(edges[-1] + size)
        return edges
    year, month, _ = civil_from_days(int(first // 1))
    if unit == "year":
        year, month = year - year % step, 1
    else:
        month -= (month - 1) % step
    edges = [float(days_from_civil(year, month, 1))]
    while edges[-1] <= last:
        month += step if unit == "month" else 12 * step
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        edges.append(float(days_from_civil(year, month, 1)))
    return edges


def _label(unit: str, day: float, previous: float | None) -> str:
    """A tick's text; the year is given at the first tick and whenever it changes."""
    year, month, dom = civil_from_days(int(day // 1))
    new_year = previous is None or civil_from_days(int(previous // 1))[0] != year
    name = MONTHS[month - 1][:3]
    if unit == "year":
        return str(year) if year > 0 else f"{1 - year} BCE"
    if unit == "month":
        return f"{name} {year}" if new_year or month == 1 else name
    if unit == "hour" and day % 1:
        return f"{round(day % 1 * 24):02d}:00"
    return f"{dom} {name} {year}" if new_year else f"{dom} {name}"


def _num(value: float) -> str:
    return f"{round(value, 1):g}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()})
    element.text = text
    return element


def _shorten(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: max(chars - 1, 1)].rstrip() + "…"


class _Canvas:
    def __init__(self, width: int, height: int, title: str, desc: str, prefix: str) -> None:
        self.width, self.height = width, height
        self.svg = ET.Element("svg", {
            "xmlns": SVG, "class": "fs-chart-svg", "width": str(width), "height": str(height),
            "viewBox": f"0 0 {width} {height}", "aria-labelledby": f"{prefix}-title {prefix}-desc",
            "font-size": str(FONT), "fill": "currentColor",
        })
        _sub(self.svg, "title", title, id=f"{prefix}-title")
        _sub(self.svg, "desc", desc, id=f"{prefix}-desc")

    def axis(self, x: float, top: float, bottom: float, ticks: list[tuple[float, str]], shift: float = 0) -> None:
        """The time line with a grid line per tick; `shift` moves each tick's text down into its band."""
        group = _sub(self.svg, "g", class_="fs-chart-axis", stroke="currentColor")
        _sub(group, "line", x1=_num(x), x2=_num(x), y1=_num(top), y2=_num(bottom))
        for y, text in ticks:
            _sub(group, "line", x1=_num(x - 4), x2=_num(self.width), y1=_num(y), y2=_num(y),
                 stroke_opacity="0.15")
            if y + shift > bottom:
                continue
            _sub(group, "text", text, x=_num(x - 6), y=_num(y + shift + 4), text_anchor="end", stroke="none",
                 font_size=str(FONT - 1))


def _legend(canvas: _Canvas, items: list[tuple[str, str]]) -> None:
    """Shapes and words at the top; every mark kind is named, none told apart by colour alone."""
    group = _sub(canvas.svg, "g", class_="fs-chart-legend", font_size=str(FONT - 1))
    x = 4.0
    for shape, text in items:
        if shape == "point":
            _sub(group, "circle", cx=_num(x + 4), cy="12", r="4")
        elif shape == "key":
            _sub(group, "path", d=f"M{_num(x + 4)} 6l6 6-6 6-6-6z")
        elif shape == "soft":
            _sub(group, "circle", cx=_num(x + 4), cy="12", r="4", fill="none", stroke="currentColor",
                 stroke_dasharray="2 2")
        else:
            _sub(group, "rect", x=_num(x + 1), y="4", width="6", height="16", rx="3")
        _sub(group, "text", text, x=_num(x + 13), y="16")
        x += 18 + len(text) * (CHAR - 0.6)


def _lanes(marks: list[_Mark], y_of: Callable[[float | None, bool], float]) -> list[int]:
    """A lane per mark so that marks overlapping on screen sit side by side (at most MAX_LANES)."""
    bottoms: list[float] = []
    lanes = []
    for mark in marks:
        top, bottom = y_of(mark.start, False) - 6, y_of(mark.end, True) + 6
        free = [i for i, b in enumerate(bottoms) if b <= top]
        if free:
            lane = free[0]
        elif len(bottoms) < MAX_LANES:
            lane = len(bottoms)
            bottoms.append(bottom)
        else:  # crowded: share the lane that frees up first
            lane = bottoms.index(min(bottoms))
        bottoms[lane] = max(bottoms[lane], bottom)
        lanes.append(lane)
    return lanes


def _place_labels(wanted: list[float], top: float, bottom: float) -> list[float]:
    """Label positions near the wanted ones, ROW apart, inside [top, bottom]: one pass down, one up."""
    placed: list[float] = []
    for y in wanted:
        placed.append(max(y, top, placed[-1] + ROW if placed else top))
    limit = bottom
    for i in range(len(placed) - 1, -1, -1):
        placed[i] = min(placed[i], limit)
        limit = placed[i] - ROW
    return placed


def _draw_marks(canvas: _Canvas, marks: list[_Mark], href_of: Callable[[Event], str], axis_x: float,
                first: float, last: float, top: float, bottom: float) -> None:
    scale = (bottom - top - 16) / (last - first)

    def y_of(t: float | None, is_end: bool) -> float:
        if t is None:
            return bottom if is_end else top
        return top + 8 + (t - first) * scale

    marks = sorted(marks, key=lambda m: (y_of(m.anchor, False), m.event.date.sort_key(), m.event.id))
    # Lanes are dealt out from the top, labels in the order of the dates they point at.
    by_top = sorted(range(len(marks)), key=lambda i: (y_of(marks[i].start, False), i))
    lanes = [0] * len(marks)
    for i, lane in zip(by_top, _lanes([marks[i] for i in by_top], y_of), strict=True):
        lanes[i] = lane
    label_x = axis_x + 12 + (max(lanes, default=0) + 1) * LANE + 18
    chars = int((canvas.width - label_x - 4) / CHAR)
    rows = _place_labels([y_of(m.anchor, m.start is None) for m in marks], top + 8, bottom - 4)
    for mark, lane, row in zip(marks, lanes, rows, strict=True):
        event = mark.event
        kinds = ["fs-chart-event"] + [c for c, on in (("fs-chart-key", event.key), ("fs-chart-uncertain", mark.soft),
                                                      ("fs-chart-open", None in (mark.start, mark.end))) if on]
        link = _sub(canvas.svg, "a", href=href_of(event), class_=" ".join(kinds))
        _sub(link, "title", f"{event.title} ({event.date_display or event.date.render()})")
        x = axis_x + 12 + lane * LANE + LANE / 2
        soft = {"fill_opacity": "0.25", "stroke": "currentColor", "stroke_dasharray": "3 2"} if mark.soft else {}
        if mark.point:
            y = y_of(mark.start, False)
            if event.key:
                _sub(link, "path", d=f"M{_num(x)} {_num(y - 7)}l7 7-7 7-7-7z", **soft)
            else:
                _sub(link, "circle", cx=_num(x), cy=_num(y), r="4.5", **soft)
        else:
            y1, y2 = y_of(mark.start, False), y_of(mark.end, True)
            y1, y2 = (y1, y2) if y2 - y1 >= 8 else ((y1 + y2) / 2 - 4, (y1 + y2) / 2 + 4)
            half = 4 if event.key else 3
            style = soft or ({"fill_opacity": "0.4", "stroke": "currentColor", "stroke_dasharray": "3 2"}
                             if None in (mark.start, mark.end) else {})
            _sub(link, "rect", x=_num(x - half), y=_num(y1), width=str(2 * half), height=_num(y2 - y1),
                 rx=str(half), **style)
            if event.key:
                _sub(link, "path", d=f"M{_num(x)} {_num(y1 - 7)}l7 7-7 7-7-7z")
        anchor = y_of(mark.anchor, mark.start is None)
        _sub(link, "path", d=f"M{_num(x + 6)} {_num(anchor)}H{_num(label_x - 12)}L{_num(label_x - 4)} {_num(row)}",
             fill="none", stroke="currentColor", stroke_opacity="0.35", class_="fs-chart-leader")
        _sub(link, "text", _shorten(event.title, chars), x=_num(label_x), y=_num(row + 4),
             font_weight="700" if event.key else "400")


def _draw_counts(canvas: _Canvas, marks: list[_Mark], href_of: Callable[[Event], str], axis_x: float,
                 edges: list[float], unit: str, kind: str, top: float) -> None:
    bins: list[list[_Mark]] = [[] for _ in edges[:-1]]
    for mark in sorted(marks, key=lambda m: (m.event.date.sort_key(), m.event.id)):
        i = bisect.bisect_right(edges, mark.anchor, 1, len(edges) - 1) - 1
        bins[i].append(mark)
    most = max(len(b) for b in bins)
    room = canvas.width - axis_x - 6 - 96
    for i, members in enumerate(bins):
        if not members:
            continue  # an empty period stays empty: gaps look like gaps
        y = top + i * ROW
        keys = sum(1 for m in members if m.event.key)
        words = f"{len(members):,} event{'s' if len(members) > 1 else ''}" + (f", {keys:,} key" if keys else "")
        link = _sub(canvas.svg, "a", href=href_of(members[0].event), class_="fs-chart-bin")
        start = _label(kind, edges[i], None)
        period = start if unit in ("day", "month", "year") else f"{unit} from {start}"  # "week from 15 Jan 2024"
        _sub(link, "title", f"{words}, {period}; the first is {members[0].event.title}")
        length = max(room * len(members) / most, 2)
        _sub(link, "rect", x=_num(axis_x + 6), y=_num(y + 3), width=_num(length), height=str(ROW - 6), rx="2")
        _sub(link, "text", words, x=_num(axis_x + 12 + length), y=_num(y + ROW / 2 + 4))


def _chart_of_marks(marks: list[_Mark], href_of: Callable[[Event], str], first: float, last: float,
                    width: int, title: str, about: str, prefix: str) -> _Canvas:
    if last - first < 1 / 24:
        first, last = first - 0.5, last + 0.5
    # Room beyond the known dates, more where a date is open, so an open end visibly runs on.
    pad = (last - first) * 0.04
    first -= pad * (3 if any(m.start is None for m in marks) else 1)
    last += pad * (3 if any(m.end is None for m in marks) else 1)
    height = int(max(200, len(marks) * ROW * 1.6) + TOP + 8)
    desc = (f"{about}, placed by date down a time axis. Dots are single days or times, bars are longer "
            "periods, diamonds key events, hollow dashed marks approximate or uncertain dates, and dashed "
            "bars reaching the edge have an open start or end.")
    canvas = _Canvas(width, height, title, desc, prefix)
    _legend(canvas, [("point", "day"), ("bar", "period"), ("key", "key event"), ("soft", "approximate")])
    unit, step = _step_for(first, last, (height - TOP) // 48)
    scale = (height - TOP - 8 - 16) / (last - first)
    inside = [e for e in _edges(unit, step, first, last) if first <= e <= last]
    # A day is a band between two lines: its name goes in the middle of the band, where its dots are.
    middle = 0.5 * scale if (unit, step) == ("day", 1) and scale > 2 * ROW else 0.0
    ticks = [(TOP + 8 + (e - first) * scale, _label(unit, e, inside[i - 1] if i else None))
             for i, e in enumerate(inside)]
    canvas.axis(AXIS_X, TOP, height - 4, ticks, middle)
    _draw_marks(canvas, marks, href_of, AXIS_X, first, last, TOP, height - 4)
    return canvas


def _chart_of_counts(marks: list[_Mark], href_of: Callable[[Event], str], first: float, last: float,
                     width: int, title: str, about: str, prefix: str, max_bins: int) -> tuple[_Canvas, str]:
    """The chart, and the period it counts by ("week", "6 months")."""
    finest = _STEPS.index(("day", 1))
    while True:  # months are not all as long as _step_for assumes: check, and go coarser if need be
        unit, step = _step_for(first, last, max_bins, finest)
        edges = _edges(unit, step, first, last)
        if len(edges) - 1 <= max_bins or unit == "year" and step >= 1000:
            break
        finest = _STEPS.index((unit, step)) + 1
    period = unit if step == 1 else f"{step} {unit}s"
    height = TOP + (len(edges) - 1) * ROW + 8
    desc = (f"{about}, counted per {period}: each bar's length is the number of events in that period, "
            "and empty periods are left blank.")
    canvas = _Canvas(width, height, title, desc, prefix)
    _legend(canvas, [("bar", f"events per {period}")])
    kind = "day" if unit in ("day", "week") else unit
    ticks = [(TOP + i * ROW + ROW / 2, _label(kind, e, edges[i - 1] if i else None))
             for i, e in enumerate(edges[:-1])]
    canvas.axis(AXIS_X, TOP, height - 4, ticks)
    _draw_counts(canvas, marks, href_of, AXIS_X, edges, period, kind, TOP)
    return canvas, period


def timeline_chart(events: Sequence[Event], href_of: Callable[[Event], str], *, width: int = 400,
                   max_marks: int = 60, max_bins: int = 60, title: str = "Timeline chart",
                   list_id: str | None = None, list_text: str = "listed below",
                   id_prefix: str = "timeline-chart") -> Markup:
    """A <figure> holding the SVG chart of `events` and a caption that points to the list it summarises.

    `href_of(event)` gives each mark's link; `list_id` is the id of the list or table of the same
    events on the page and `list_text` how the caption names it; `id_prefix` keeps ids unique when
    one page shows two charts. Up to `max_marks` events each get a mark; more are counted in at most
    about `max_bins` periods."""
    if not events:
        return Markup("")
    marks = [_mark_of(e) for e in events]
    known = [t for m in marks for t in (m.start, m.end) if t is not None]
    first, last = min(known), max(known)
    first_day, last_day = _label("day", first, None), _label("day", last - 1 / 86400, None)
    count = f"{len(events):,} event{'s' if len(events) > 1 else ''}"
    about = f"{count} from {first_day} to {last_day}" if first_day != last_day else f"{count} on {first_day}"
    if len(events) <= max_marks:
        canvas = _chart_of_marks(marks, href_of, first, last, width, title, about, id_prefix)
        how = "drawn to scale in time"
    else:
        canvas, period = _chart_of_counts(marks, href_of, first, last, width, title, about, id_prefix, max_bins)
        how = f"counted per {period}"
    svg = Markup(ET.tostring(canvas.svg, encoding="unicode"))  # ElementTree escaped every text and attribute
    listed = Markup('<a href="#{}">{}</a>').format(list_id, list_text) if list_id else list_text
    caption = Markup("{}, {}; every event is {}.").format(about, how, listed)
    return Markup('<figure class="fs-chart" aria-labelledby="{0}-caption">{1}'
                  '<figcaption id="{0}-caption">{2}</figcaption></figure>').format(id_prefix, svg, caption)
