"""Long lists split by period (a year, a month, or a day when a period is large), so every page stays small."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from .civil import MONTHS
from .edtf import Edtf

# What a list page may hold before the list is split by period, in estimated bytes of its entries (a
# timeline card is about 3 KB, a statement card 2 KB, a line of a compact list 0.4 KB): with the page's
# own head, navigation and filters, every page stays well under 1 MB.
PAGE_BYTES = 750_000


@dataclass(frozen=True)
class Period:
    key: str  # "2024", "2024-01", "2024-01-16", "2024-01-16-2" (a further part of a long day)
    label: str  # "2024", "January 2024", "16 January 2024", "16 January 2024 (part 2)"
    records: tuple[Any, ...]
    parts: tuple[int, ...] = ()  # (2024,), (2024, 1), (2024, 1, 16), (2024, 1, 16, 2)


# Year, month and day by a date's text (a date is a pure function of its text): an event is in the timeline,
# its actors' and places' lists, so its date would otherwise be converted again for every list it is in.
_PARTS: dict[str, tuple[int, int, int]] = {}
_PARTS_KEPT = 1 << 20  # distinct date texts remembered; a server that runs for days starts again past it


def _parts_of(date: Edtf) -> tuple[int, int, int]:
    """Year, month and day a dated record is filed under: where it starts, or ends for an open start."""
    parts = _PARTS.get(date.text)
    if parts is None:
        earliest = date.earliest()
        moment = earliest if len(earliest) > 1 else date.latest()
        # no known end either ("../.."): filed with the earliest records
        parts = (0, 1, 1) if len(moment) < 4 else (moment[1], moment[2], moment[3])
        if len(_PARTS) >= _PARTS_KEPT:
            _PARTS.clear()
        _PARTS[date.text] = parts
    return parts


def label_of(parts: tuple[int, ...]) -> str:
    """'2024', 'January 2024', '16 January 2024'."""
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return f"{parts[2]} {MONTHS[parts[1] - 1]} {parts[0]}"


def _key(parts: tuple[int, ...]) -> str:
    return "-".join([f"{parts[0]:04d}" if parts[0] >= 0 else f"-{-parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])])


def _one(record: Any) -> int:
    return 1


def periods_of(records: Sequence[Any], date_of: Callable[[Any], Edtf], limit: int | None = None,
               weight_of: Callable[[Any], int] = _one) -> tuple[Period, ...]:
    """The records (in reading order) by year; a year over `limit` by month, a month by day, a day in parts.

    A period is over the limit when its records' weights add up to more than `limit` (PAGE_BYTES unless
    given; with the default weight of 1, `limit` is a number of records). Empty when the whole list fits."""
    limit = PAGE_BYTES if limit is None else limit
    weights = [weight_of(r) for r in records]
    if sum(weights) <= limit:
        return ()
    # Each record's date is filed once, whatever the depth its period is split to.
    filed = [(r, w, _parts_of(date_of(r))) for r, w in zip(records, weights, strict=True)]
    return tuple(_split(filed, limit, 1))


def _split(records: list[tuple[Any, int, tuple[int, int, int]]], limit: int, depth: int) -> list[Period]:
    groups: dict[tuple[int, ...], list[tuple[Any, int, tuple[int, int, int]]]] = {}
    for record in records:
        parts = record[2][:depth]
        group = groups.get(parts)
        if group is None:
            groups[parts] = [record]
        else:
            group.append(record)
    periods: list[Period] = []
    for parts, group in sorted(groups.items()):
        if sum(r[1] for r in group) <= limit:
            periods.append(Period(_key(parts), label_of(parts), tuple(r[0] for r in group), parts))
        elif depth < 3:
            periods.extend(_split(group, limit, depth + 1))
        else:  # more records on one day than a page holds: numbered parts of the day
            for n, chunk in enumerate(_chunks(group, limit), 1):
                label = label_of(parts) + (f" (part {n})" if n > 1 else "")
                key = _key(parts) + (f"-{n}" if n > 1 else "")
                periods.append(Period(key, label, chunk, (*parts, n)))
    return periods


def _chunks(group: list[tuple[Any, int, tuple[int, int, int]]], limit: int) -> list[tuple[Any, ...]]:
    """Consecutive runs of records each within `limit` (a record heavier than it on its own)."""
    chunks: list[list[Any]] = [[]]
    total = 0
    for record, weight, _ in group:
        if chunks[-1] and total + weight > limit:
            chunks.append([])
            total = 0
        chunks[-1].append(record)
        total += weight
    return [tuple(c) for c in chunks]


# ---- navigation between periods --------------------------------------------------------------------


class NavLink(NamedTuple):
    """One entry of a period navigation: a year, month, day (or part of a day) with its records."""

    label: str
    n: int
    path: str  # from the site root: the period's page, or the first page of a year or month split further
    current: bool


def nav_tree(parts: Sequence[tuple[int, ...]], counts: Sequence[int]) -> dict[tuple[int, ...], list[list[Any]]]:
    """Made once per list: for every prefix of a period's parts, its children as [prefix, records, first period]."""
    tree: dict[tuple[int, ...], list[list[Any]]] = {}
    for i, p in enumerate(parts):
        for depth in range(1, len(p) + 1):
            children = tree.setdefault(p[:depth - 1], [])
            if children and children[-1][0] == p[:depth]:
                children[-1][1] += counts[i]
            else:
                children.append([p[:depth], counts[i], i])
    return tree


def nav_levels(tree: dict[tuple[int, ...], list[list[Any]]], here: tuple[int, ...],
               paths: Sequence[str]) -> tuple[tuple[NavLink, ...], ...]:
    """What a reader on the period `here` needs to move on: every year; the months of the current year; the
    days (and parts of days) of the current month, when it is split so far. A few dozen links, not every
    period: the full list is on the list's index page only."""
    levels = []
    for depth in range(1, len(here) + 1):
        children = tree.get(here[:depth - 1], [])
        if len(children) <= 1 and depth > 1 and len(here) > depth:
            continue  # a level with one entry only, and deeper levels to come, helps nobody
        levels.append(tuple(NavLink(_nav_label(prefix), n, paths[first], prefix == here[:depth])
                            for prefix, n, first in children))
    return tuple(levels)


def _nav_label(parts: tuple[int, ...]) -> str:
    """A year; a month's name; a day ("16 Jan"), with its part after the first."""
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return MONTHS[parts[1] - 1]
    day = f"{parts[2]} {MONTHS[parts[1] - 1][:3]}"
    return f"{day} (part {parts[3]})" if len(parts) > 3 and parts[3] > 1 else day


def nav_rows(periods: Sequence[Period], paths: Sequence[str]) -> tuple[tuple[str, tuple[NavLink, ...]], ...]:
    """Every period for a list's index, a row per month (its days, or the whole month) or year not split
    further: ("January 2024", (1, 2, 3, ...)), so hundreds of periods read as a calendar, not a wall of links."""
    rows: dict[tuple[int, ...], list[NavLink]] = {}
    for period, path in zip(periods, paths, strict=True):
        p = period.parts
        head = p[:2]
        short = (str(p[2]) + (f" (part {p[3]})" if len(p) > 3 and p[3] > 1 else "") if len(p) >= 3
                 else "whole month" if len(p) == 2 else "whole year")
        rows.setdefault(head, []).append(NavLink(short, len(period.records), path, False))
    return tuple((label_of(head), tuple(links)) for head, links in rows.items())
