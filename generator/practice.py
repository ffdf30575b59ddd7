"""Warnings that fit newsroom practice: dates against the briefing and its events, Markdown in plain text."""

from __future__ import annotations

import re
from typing import Any

from .civil import days_from_civil
from .edtf import Edtf
from .fields import FieldType, ListOf, Markdown, Obj, Text
from .problems import Pos, Problems
from .registry import SCHEMAS

# Markdown that a reader would see as stray marks where a field is shown as written (titles, names, quotes).
_MARKDOWN = (
    (re.compile(r"\*\*[^*\s][^*]*\*\*|__[^_\s][^_]*__"), "the bold marks"),
    (re.compile(r"\[[^\]\n]+\]\([^)\s]+\)"), "the link syntax (cite the page as a source instead)"),
    (re.compile(r"`[^`\n]+`"), "the backticks"),
    (re.compile(r"^#{1,6} "), "the heading mark"),
)
DATED = (("events", "event", "date"), ("statements", "statement", "said_on"))


# Any of these is needed for one of _MARKDOWN's patterns to match: one search in C rules out most texts.
_MAYBE_MARKDOWN = re.compile(r"\*\*|__|\[|`|^#")


def warn_practice(briefing: dict[str, Any], collections: dict[str, list[dict[str, Any]]], problems: Problems) -> None:
    """The warnings of this module across records (dates), for records that parsed; `briefing` is empty when
    briefing.yaml did not. Markdown in plain text is a record's own matter: `warn_markdown`, per record."""
    _warn_statement_dates(collections, problems)
    if briefing:
        _warn_dates_past_the_briefing(briefing, collections, problems)


def warn_markdown(collection: str, record: dict[str, Any], problems: Problems) -> None:
    """Warn once per plain-text field of a record that parsed that holds Markdown syntax."""
    _warn_markdown(SCHEMAS[collection], record, record.get("pos", Pos("")), "", problems)


def days_after(later: Edtf, earlier: Edtf) -> int | None:
    """Whole days from the last day of `earlier` to the first day of `later` (0: the same day, 1: the next);
    None when an end is open or unknown."""
    start, end = later.earliest(), earlier.latest()
    if start[0] != 1 or end[0] != 1:  # (0,) and (2,) stand for open ends
        return None
    return days_from_civil(*start[1:4]) - days_from_civil(*end[1:4])


class _Bounds(dict[str, tuple[tuple[int, ...], tuple[int, ...]]]):
    """The earliest and latest moment of each date, worked out once per distinct date: a briefing of 10,000
    events writes about 700 dates, and working them out for every record was a tenth of a warm check. Keyed
    by the date as written, which is all an Edtf is made from (parse_edtf)."""

    def of(self, date: Edtf) -> tuple[tuple[int, ...], tuple[int, ...]]:
        found = self.get(date.text)
        if found is None:
            found = self[date.text] = (date.earliest(), date.latest())
        return found

    def overlap(self, one: Edtf, other: Edtf) -> bool:
        """Edtf.overlaps, from the bounds known already."""
        (start, end), (other_start, other_end) = self.of(one), self.of(other)
        return start <= other_end and other_start <= end


def _warn_statement_dates(collections: dict[str, list[dict[str, Any]]], problems: Problems) -> None:
    events = {e["id"]: e for e in collections["events"]}
    bounds = _Bounds()
    for statement in collections["statements"]:
        ref = statement.get("event")
        event = events.get(ref.id) if ref else None
        if event is None or bounds.overlap(statement["said_on"], event["date"]):
            continue
        said, date = statement["said_on"], event["date"]
        gap = days_after(said, date)
        if gap == 1:
            continue  # a reaction the next day is part of the story: officials speak after the event
        where = statement["positions"]["said_on"]
        if gap is not None and gap > 1:
            problems.warning(
                where,
                f"statement '{statement['id']}' is dated {said.text}, {gap} days after its event '{event['id']}' "
                f"({date.text}); if it reacts to the event rather than being part of it, "
                f"write 'about: [{event['id']}]' instead of 'event: {event['id']}'",
            )
        else:
            problems.warning(
                where,
                f"statement '{statement['id']}' is dated {said.text}, "
                f"outside the dates of its event '{event['id']}' ({date.text})",
            )


def _warn_dates_past_the_briefing(
    briefing: dict[str, Any], collections: dict[str, list[dict[str, Any]]], problems: Problems
) -> None:
    as_of: Edtf = briefing["as_of"]
    last = as_of.latest()
    coverage: Edtf | None = briefing.get("coverage")
    bounds = _Bounds()
    for collection, noun, key in DATED:
        for record in collections[collection]:
            date: Edtf = record[key]
            if bounds.of(date)[0] > last:
                where = record["positions"][key]
                problems.warning(
                    where,
                    f"{noun} '{record['id']}' is dated {date.text}, after the briefing's as_of ({as_of.text}); "
                    "correct the date, or move as_of forward",
                )
            elif coverage is not None and not bounds.overlap(date, coverage):
                problems.warning(
                    record["positions"][key],
                    f"{noun} '{record['id']}' is dated {date.text}, outside the briefing's coverage "
                    f"({coverage.text}); correct the date, or widen coverage",
                )


def _warn_markdown(spec: FieldType, value: Any, pos: Pos, key: str, problems: Problems) -> None:
    """Walk a parsed value with its schema; warn once per plain-text field that holds Markdown syntax."""
    if isinstance(spec, Markdown):
        return
    if isinstance(spec, Text) and isinstance(value, str):
        if _MAYBE_MARKDOWN.search(value) is None:
            return
        for pattern, marks in _MARKDOWN:
            found = pattern.search(value)
            if found:
                problems.warning(
                    pos,
                    f"'{key}' is plain text, not Markdown: '{found.group()}' would be shown as written; "
                    f"remove {marks}",
                )
                return
    elif isinstance(spec, ListOf) and isinstance(value, (list, tuple)):
        for item in value:
            _warn_markdown(spec.item, item, pos, key, problems)
    elif isinstance(spec, Obj) and isinstance(value, dict):
        positions = value.get("positions", {})
        for name, field_type in _plain_fields_of(spec):
            found = value.get(name)
            # most values are text without a mark: ruled out here, without a call or a position
            if found is not None and (type(found) is not str or _MAYBE_MARKDOWN.search(found)):
                _warn_markdown(field_type, found, positions.get(name, pos), name, problems)


_PLAIN_FIELDS: dict[int, tuple[tuple[str, FieldType], ...]] = {}


def _plain_fields_of(obj: Obj) -> tuple[tuple[str, FieldType], ...]:
    """The keys of a mapping that can hold plain text, in declaration order (dates, numbers, ids and
    Markdown cannot hold a warning: a record has a dozen keys, a walk of all of them was a fifth of a check)."""
    found = _PLAIN_FIELDS.get(id(obj))
    if found is None:
        found = _PLAIN_FIELDS[id(obj)] = tuple(
            (name, spec.type) for name, spec in obj.fields.items() if _can_hold_plain_text(spec.type, set()))
    return found


def _can_hold_plain_text(ft: FieldType, seen: set[int]) -> bool:
    if isinstance(ft, Markdown) or id(ft) in seen:
        return False
    seen.add(id(ft))
    if isinstance(ft, Text):
        return True
    if isinstance(ft, ListOf):
        return _can_hold_plain_text(ft.item, seen)
    return isinstance(ft, Obj) and any(_can_hold_plain_text(spec.type, seen) for spec in ft.fields.values())
