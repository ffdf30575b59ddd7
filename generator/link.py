"""Turns validated values into the frozen model: sorted, references resolved, sources numbered.

Generic: it walks each record type's declaration (schema.py), so a declared key cannot be left behind."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Iterator
from typing import Any

from .edtf import Edtf
from .fields import Date, FieldType, ListOf, Obj, Order, Positions, Ref, RefTo
from .model import BRIEFING, Briefing, Link
from .registry import REGISTRY
from .schema import citing_fields_of
from .validate import Parsed


def citations_of(values: dict[str, Any], obj: Obj) -> Iterator[dict[str, Any]]:
    """The validated citations of a record or nested object: its own first, then its nested ones'."""
    assert obj.model is not None, f"{obj.name} is not declared as a dataclass"
    own, nested = citing_fields_of(obj.model)
    for key in own:
        yield from values.get(key, ())
    for key in nested:
        ft = obj.fields[key].type
        inner = ft.item if isinstance(ft, ListOf) else ft
        assert isinstance(inner, Obj)
        value = values.get(key)
        for item in value if isinstance(value, tuple) else (value,) if value is not None else ():
            yield from citations_of(item, inner)


def number_sources(briefing: dict[str, Any], ordered: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    """One number per source for the whole site, in the order a reader of the brief meets them:
    the briefing's key points, then every collection in registry order; uncited sources last, by id."""
    numbers: dict[str, int] = {}
    groups = [(BRIEFING, [briefing])] + [(rt.obj, ordered[rt.collection]) for rt in REGISTRY]
    for obj, records in groups:
        for values in records:
            for cite in citations_of(values, obj):
                numbers.setdefault(cite["source"].id, len(numbers) + 1)
    for source in sorted(ordered["sources"], key=lambda s: s["id"]):
        numbers.setdefault(source["id"], len(numbers) + 1)
    return numbers


Convert = Callable[["_Linker", Any], Any]
Plan = tuple[tuple[str, bool, "str | None", "Convert", "Order | None"], ...]
_PLANS: dict[type[Any], Plan] = {}


# Text this short is kept once however often it is written (ids, kinds, roles, names): the model holds a
# million strings at 50,000 events. Interning here, whether the values were parsed or came from the parse
# cache, also keeps which strings are one object the same in both cases (pickled digests of records see it).
MAX_SHARED_CHARS = 80


def _shared(value: Any) -> Any:
    return sys.intern(value) if type(value) is str and len(value) <= MAX_SHARED_CHARS else value


def _kept(linker: _Linker, value: Any) -> Any:  # a derived field: filled by the linker, not converted
    return value


def _converter_of(ft: FieldType) -> Convert:
    """How a validated value of a field type becomes a model value."""
    if isinstance(ft, RefTo):
        if len(ft.targets) == 1:
            return lambda linker, ref: sys.intern(ref.id)
        targets = ft.targets
        return lambda linker, ref: linker.link_of(targets, ref)
    if isinstance(ft, ListOf):
        item = _converter_of(ft.item)
        return lambda linker, values: tuple([item(linker, v) for v in values])
    if isinstance(ft, Obj):
        return lambda linker, values: linker.build(ft, values)
    if isinstance(ft, Date):  # one Edtf per distinct date in the model, parsed or from the parse cache
        return lambda linker, value: linker.dates.setdefault(value, value)
    return lambda linker, value: _shared(value)


def _plan_of(model: type[Any]) -> Plan:
    """Per field of a declared dataclass: (name, derived?, number_of, converter, order), made once per type."""
    if model not in _PLANS:
        _PLANS[model] = tuple(
            (f.name, bool(f.metadata.get("derived")), f.metadata.get("number_of"),
             _converter_of(f.metadata["type"]) if "type" in f.metadata else _kept, f.metadata.get("order"))
            for f in dataclasses.fields(model) if f.metadata
        )
    return _PLANS[model]


class _Linker:
    def __init__(self, numbers: dict[str, int], ids: dict[str, set[str]]) -> None:
        self.numbers = numbers
        self.ids = ids
        self.dates: dict[Edtf, Edtf] = {}

    def build(self, obj: Obj, values: dict[str, Any]) -> Any:
        """The model instance of one validated mapping: declared keys converted, derived fields filled."""
        assert obj.model is not None, f"{obj.name} is not declared as a dataclass"
        kwargs: dict[str, Any] = {}
        for name, is_derived, number_of, convert, order in _plan_of(obj.model):
            if is_derived:
                if number_of is not None:
                    key = values[number_of]
                    kwargs[name] = self.numbers[key.id if isinstance(key, Ref) else key]
                elif name in values:
                    value = values[name]
                    # the model holds plain data: where each key was written, as a dict of Pos
                    kwargs[name] = dict(value) if isinstance(value, Positions) else value
            elif name in values:
                value = convert(self, values[name])
                kwargs[name] = value if order is None else order(value)
        return obj.model(**kwargs)

    def link_of(self, targets: tuple[str, ...], ref: Ref) -> Link:
        # A reference allowed into two collections resolves to the first that has the id.
        return Link(next(t for t in targets if ref.id in self.ids[t]), sys.intern(ref.id))


def link(parsed: Parsed) -> Briefing:
    """The model of a validated briefing. Pure: same input, same output."""
    c = parsed.collections
    ordered = {rt.collection: sorted(c[rt.collection], key=rt.sort_key) if rt.sort_key else c[rt.collection]
               for rt in REGISTRY}
    numbers = number_sources(parsed.briefing, ordered)
    linker = _Linker(numbers, {name: {r["id"] for r in records} for name, records in c.items()})
    collections: dict[str, tuple[Any, ...]] = {}
    for rt in REGISTRY:
        records = [linker.build(rt.obj, values) for values in ordered[rt.collection]]
        if rt.sort_key is None:  # listed in the order of their numbers
            records.sort(key=lambda r: r.number)
        collections[rt.collection] = tuple(records)
    return Briefing(meta=linker.build(BRIEFING, parsed.briefing), **collections)
