"""Long lists split by period (a year, a month, or a day when a period is large), so every page stays small."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .civil import MONTHS
from .edtf import Edtf

PAGE_LIMIT = 400  # records a list page shows before the list is split by period (about 1 MB of cards)


@dataclass(frozen=True)
class Period:
    key: str  # "2024", "2024-01", "2024-01-16", "2024-01-16-2" (a further part of a long day)
    label: str  # "2024", "January 2024", "16 January 2024", "16 January 2024 (part 2)"
    records: tuple[Any, ...]


def _parts_of(date: Edtf) -> tuple[int, int, int]:
    """Year, month and day a dated record is filed under: where it starts, or ends for an open start."""
    moment = date.earliest() if len(date.earliest()) > 1 else date.latest()
    if len(moment) < 4:  # no known end either ("../.."): filed with the earliest records
        return (0, 1, 1)
    return moment[1], moment[2], moment[3]


def _label(parts: tuple[int, ...]) -> str:
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return f"{parts[2]} {MONTHS[parts[1] - 1]} {parts[0]}"


def _key(parts: tuple[int, ...]) -> str:
    return "-".join([f"{parts[0]:04d}" if parts[0] >= 0 else f"-{-parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])])


def periods_of(records: Sequence[Any], date_of: Callable[[Any], Edtf], limit: int | None = None) -> tuple[Period, ...]:
    """The records (in reading order) by year; a year over `limit` by month, a month by day, a day in parts.

    Empty when the whole list fits on one page (PAGE_LIMIT unless `limit` is given)."""
    limit = PAGE_LIMIT if limit is None else limit
    if len(records) <= limit:
        return ()
    return tuple(_split(records, date_of, limit, 1))


def _split(records: Sequence[Any], date_of: Callable[[Any], Edtf], limit: int, depth: int) -> list[Period]:
    groups: dict[tuple[int, ...], list[Any]] = {}
    for record in records:
        groups.setdefault(_parts_of(date_of(record))[:depth], []).append(record)
    periods: list[Period] = []
    for parts, group in sorted(groups.items()):
        if len(group) <= limit:
            periods.append(Period(_key(parts), _label(parts), tuple(group)))
        elif depth < 3:
            periods.extend(_split(group, date_of, limit, depth + 1))
        else:  # more records on one day than a page holds: numbered parts of the day
            for n, start in enumerate(range(0, len(group), limit), 1):
                label = _label(parts) + (f" (part {n})" if n > 1 else "")
                key = _key(parts) + (f"-{n}" if n > 1 else "")
                periods.append(Period(key, label, tuple(group[start:start + limit])))
    return periods
