"""What a page reads: the records its view shows and the sources they cite, each record and card looked at once.

A page's `reads` key the page cache (cache.py), so they must name everything the page shows. Views are
walked generically, whatever fields a view type gains, but the walk is memoised for one plan: a record's
keys (itself and the sources it cites) are computed once, and so are a card's (EventCard, StatementCard:
the cards many pages show), so a page costs what it shows, not what its cards hold. A card is remembered by
its record (its keys are a function of the record and the briefing), never by keeping the card: the plan
drops each view once walked, and the cards with it. Any other part (every frozen dataclass) is remembered by
its identity while one page is walked, and so are the last LONG_KEPT long tuples (kept alive meanwhile:
the periods of a list, or of an actor's pages, that every page of it shows), which is sound because views
are trees built bottom-up and never changed.

A long tuple met again (an actor's `split`, shown on each of its period pages) is not merged into every page's
keys: its keys are added once, and pages whose other keys are the same get the same sorted tuple (`sorted_of`),
so the pages of one long record cost what their own records cost and share their reads.
"""

from __future__ import annotations

import dataclasses
import typing
from collections import OrderedDict
from collections.abc import Iterable
from sys import intern
from typing import Any

from markupsafe import Markup

from .model import Actor, Event, Place, Source, Statement, cites_of
from .viewtypes import EventCard, StatementCard

_RECORDS = (Event, Actor, Statement, Source, Place)
_EMPTY: frozenset[str] = frozenset()

# How each type is walked, decided once per type by the rules the views follow.
_RECORD, _SEQUENCE, _MAPPING, _PART, _CLASS, _LEAF, _NAMED = range(7)
_KINDS: dict[type[Any], int] = {str: _LEAF, int: _LEAF, bool: _LEAF, float: _LEAF, type(None): _LEAF}
_FIELDS: dict[type[Any], tuple[str, ...]] = {}
_PLACES: dict[type[Any], tuple[int, ...]] = {}  # a NamedTuple's items that may hold a record, by position
_LONG = 64  # items from which a tuple's keys are remembered (a set per short tuple would cost more than it saves)
LONG_KEPT = 64  # long tuples remembered across pages, the latest met
_PAGES_KEPT = 4096  # sorted reads remembered for the pages of one long tuple
# The cards, remembered by their record for the whole plan: (type, the field that holds the record).
_CARDS: dict[type[Any], str] = {EventCard: "event", StatementCard: "statement"}


def _kind_of(cls: type[Any]) -> int:
    kind = _KINDS.get(cls)
    if kind is None:
        if issubclass(cls, _RECORDS):
            kind = _RECORD
        elif issubclass(cls, tuple) and hasattr(cls, "_fields"):
            # Only the items typed to hold a record: the event of (event, role); none of a period's link
            kept = _fields_of(cls)
            _PLACES[cls] = tuple(n for n, name in enumerate(cls._fields) if name in kept)
            kind = _NAMED if kept else _LEAF
        elif issubclass(cls, (tuple, list)):  # NamedTuples too
            kind = _SEQUENCE
        elif issubclass(cls, dict):
            kind = _MAPPING
        elif issubclass(cls, type):
            kind = _CLASS  # a class in a view: walked only if it is a dataclass, as an instance would be
        elif dataclasses.is_dataclass(cls):
            kind = _PART if _fields_of(cls) else _LEAF  # a citation, a date: typed to hold no record
        else:
            kind = _LEAF  # sets (a brief's `holds`), Markup, dates' parts: nothing a page shows as a record
        _KINDS[cls] = kind
    return kind


def _fields_of(cls: type[Any]) -> tuple[str, ...]:
    """The fields of a dataclass or NamedTuple that may hold a record, by their types: a paging's links and
    navigation (strings and numbers) are not walked on every page, its `split` (tuple[Any, ...]) is."""
    names = _FIELDS.get(cls)
    if names is None:
        every, hints = _hints_of(cls)
        names = _FIELDS[cls] = tuple(n for n in every if n not in hints or _may_hold(hints[n], set()))
    return names


def _hints_of(cls: Any) -> tuple[tuple[str, ...], dict[str, Any]]:
    """A dataclass's or NamedTuple's field names and their types; a type it cannot resolve is left out (and
    its field walked, as if typed Any)."""
    every = tuple(cls._fields) if issubclass(cls, tuple) else tuple(f.name for f in dataclasses.fields(cls))
    try:
        return every, typing.get_type_hints(cls)
    except Exception:
        return every, {}


_LEAF_TYPES = (str, int, float, bool, type(None), Markup)


def _may_hold(hint: Any, seen: set[type[Any]]) -> bool:
    """Whether a value typed `hint` can be or hold a record: Any, a record, or a type made of either."""
    if hint is Ellipsis:
        return False
    origin = typing.get_origin(hint)
    if origin is typing.Literal:
        return False
    if origin is not None:  # a union, tuple[...], dict[...]: any of its arguments
        return any(_may_hold(arg, seen) for arg in typing.get_args(hint))
    if not isinstance(hint, type):
        return True  # Any, a type variable: anything
    if issubclass(hint, _LEAF_TYPES):
        return False
    if issubclass(hint, _RECORDS):
        return True
    named = issubclass(hint, tuple) and hasattr(hint, "_fields")
    if not (named or dataclasses.is_dataclass(hint)):
        return True  # a class it knows nothing of
    if hint in seen:
        return False  # met again inside itself: what it holds is decided where it was met first
    seen.add(hint)
    every, hints = _hints_of(hint)
    return any(n not in hints or _may_hold(hints[n], seen) for n in every)


class _Long:
    """A long tuple met by the plan, kept alive (so its id is not reused while it is remembered) with its keys,
    and the sorted reads of the pages that showed it, by their other keys."""

    __slots__ = ("items", "keys", "sorted", "pages")

    def __init__(self, items: tuple[Any, ...], keys: set[str]) -> None:
        self.items = items
        self.keys = keys  # never changed after
        self.sorted: tuple[str, ...] | None = None  # its keys sorted, once a second page shows it
        self.pages: dict[frozenset[str], tuple[str, ...]] = {}


class Reads:
    """The reads of every page of one plan; remembers each record's and each card's keys meanwhile."""

    def __init__(self) -> None:
        # id -> (the record, kept alive so its id is not reused: the model holds it anyway; its keys)
        self._records: dict[int, tuple[Any, frozenset[str]]] = {}
        self._cards: dict[tuple[type[Any], str], frozenset[str]] = {}  # (card type, record id) -> keys
        # Parts of the page being walked, by identity: (part, keys, whether its keys hold its long tuples')
        self._parts: dict[int, tuple[Any, frozenset[str], bool]] = {}
        self._long: OrderedDict[int, _Long] = OrderedDict()  # the latest long tuples met
        self._met: dict[int, _Long] = {}  # long tuples of this page met before it
        self._fold = 0  # > 0 while walking what is remembered beyond the page: its long tuples' keys are its own
        # (ids of the long tuples, the page's other keys) -> the page's sorted keys, for pages showing several
        # long tuples met before (rare): forgotten whenever a long tuple is, as its id may be reused
        self._several: dict[tuple[tuple[int, ...], frozenset[str]], tuple[str, ...]] = {}

    def of(self, view: Any, base: tuple[str, ...] = ()) -> frozenset[str]:
        """Every record a view shows as "collection/id", the sources they cite, and the keys in `base`."""
        return frozenset(self.sorted_of(view, base))

    def sorted_of(self, view: Any, base: tuple[str, ...] = ()) -> tuple[str, ...]:
        """`of`, sorted; a page whose long tuples were met before and whose other keys are those of an earlier
        page gets that page's tuple (the period pages of an actor, each showing every record of it)."""
        keys = set(base)
        try:
            self._collect(view, keys)
            met = [long for long in self._met.values() if long.keys]  # long tuples that show no record add nothing
        finally:
            self._parts.clear()  # the view is dropped after: its parts' ids may be reused by the next one
            self._met.clear()
        if not met:
            return tuple(sorted(keys))
        if len(met) == 1:  # the pages of a long actor or place: its records, and a few of its own
            long = met[0]
            keys.difference_update(long.keys)
            own = frozenset(keys)
            found = long.pages.get(own)
            if found is None:
                if long.sorted is None:
                    long.sorted = tuple(sorted(long.keys))
                if len(long.pages) >= _PAGES_KEPT:
                    long.pages.clear()
                found = long.pages[own] = _merged(long.sorted, keys)
            return found
        if not all(self._long.get(id(long.items)) is long for long in met):
            for long in met:  # forgotten while the page was walked (more than LONG_KEPT on it)
                keys.update(long.keys)
            return tuple(sorted(keys))
        together = frozenset().union(*(long.keys for long in met))
        keys.difference_update(together)
        memo = (tuple(sorted(id(long.items) for long in met)), frozenset(keys))
        found = self._several.get(memo)
        if found is None:
            if len(self._several) >= _PAGES_KEPT:
                self._several.clear()
            found = self._several[memo] = _merged(tuple(sorted(together)), keys)
        return found

    def record_keys(self, record: Any) -> frozenset[str]:
        found = self._records.get(id(record))
        if found is None:
            # One string per source however many records cite it: the plan's pages keep them (their reads).
            keys = frozenset({f"{record.collection}/{record.id}",
                              *(intern(f"sources/{c.source}") for c in cites_of(record))})
            found = self._records[id(record)] = (record, keys)
        return found[1]

    def _part_keys(self, part: Any) -> frozenset[str]:
        field = _CARDS.get(type(part))
        if field is not None:
            key = (type(part), getattr(part, field).id)
            keys = self._cards.get(key)
            if keys is None:
                self._fold += 1  # remembered for other pages: the keys of its long tuples too
                try:
                    keys = self._cards[key] = self._walk_part(part)
                finally:
                    self._fold -= 1
            return keys
        return self._walk_part(part)

    def _walk_part(self, part: Any) -> frozenset[str]:
        found = self._parts.get(id(part))
        complete = self._fold > 0
        if found is None or (complete and not found[2]):
            self._parts[id(part)] = (part, _EMPTY, complete)  # a part met again while it is walked adds nothing new
            keys: set[str] = set()
            for name in _fields_of(type(part)):
                self._collect(getattr(part, name), keys)
            found = self._parts[id(part)] = (part, frozenset(keys) if keys else _EMPTY, complete)
        return found[1]

    def _walk_long(self, items: tuple[Any, ...], keys: set[str]) -> None:
        self._fold += 1  # its keys are its own, whatever the page: nested long tuples' included
        try:
            self._collect_items(items, keys)
        finally:
            self._fold -= 1

    def _add_long(self, items: tuple[Any, ...], keys: set[str]) -> None:
        """A long tuple's keys: added to the page's keys when first met (most are on one page only: a place's
        events) and remembered; when met again (a list's filter options, the records that decide an actor's
        periods, shown on every page of it), added at the page's end (sorted_of), the tuple not walked again."""
        long = self._long.get(id(items))
        if long is None:
            walked: set[str] = set()
            self._walk_long(items, walked)
            keys.update(walked)
            self._long[id(items)] = _Long(items, walked)
            if len(self._long) > LONG_KEPT:
                self._long.popitem(last=False)
                self._several.clear()  # nothing keyed by the id of a long tuple may outlive it
            return
        self._long.move_to_end(id(items))
        if self._fold:
            keys.update(long.keys)
        else:
            self._met[id(items)] = long

    def _collect(self, value: Any, keys: set[str]) -> None:
        kind = _KINDS.get(type(value))
        if kind is None:
            kind = _kind_of(type(value))
        if kind == _RECORD:
            keys.update(self.record_keys(value))
        elif kind == _SEQUENCE:
            if type(value) is tuple and len(value) >= _LONG:
                self._add_long(value, keys)
            else:
                self._collect_items(value, keys)
        elif kind == _NAMED:
            for n in _PLACES[type(value)]:
                self._collect(value[n], keys)
        elif kind == _MAPPING:
            self._collect_items(value.values(), keys)
        elif kind == _PART:
            keys.update(self._part_keys(value))
        elif kind == _CLASS and dataclasses.is_dataclass(value):  # read through its class attributes
            for f in dataclasses.fields(value):
                self._collect(getattr(value, f.name, None), keys)

    def _collect_items(self, items: Iterable[Any], keys: set[str]) -> None:
        # The hot loop (a list page's filter options: thousands of (record, count) pairs): leaves and records
        # are handled here, without a call each.
        kinds, records, places = _KINDS, self._records, _PLACES
        for item in items:
            kind = kinds.get(type(item))
            if kind == _LEAF:
                continue
            if kind == _RECORD:
                found = records.get(id(item))
                keys.update(found[1] if found is not None else self.record_keys(item))
            elif kind == _NAMED:  # (record, count), (event, role): their records without a call each
                for n in places[type(item)]:
                    value = item[n]
                    if kinds.get(type(value)) == _RECORD:
                        found = records.get(id(value))
                        keys.update(found[1] if found is not None else self.record_keys(value))
                    else:
                        self._collect(value, keys)
            else:
                self._collect(item, keys)


def _merged(first: tuple[str, ...], others: set[str]) -> tuple[str, ...]:
    """Sorted keys and a few others, in order: two sorted runs, merged in linear time, not sorted again."""
    merged = list(first)
    merged.extend(sorted(others))
    merged.sort()
    return tuple(merged)
