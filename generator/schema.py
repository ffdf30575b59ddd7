"""The parts records are made of (citations, figures, roles, names...), declared once, with cross-field checks.

Each is a frozen dataclass whose fields carry their field type; its `Obj` (what the author writes) comes
from it. The records themselves are declared the same way in model.py. Keys are declared in the order the
docs list them (the order of "known keys" in messages); required keys are positional, optional ones
keyword-only (see fields.need/opt/derived).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from .edtf import Edtf
from .fields import (
    Boolean,
    Choice,
    Ctx,
    Date,
    Id,
    Integer,
    Lang,
    ListOf,
    Markdown,
    Number,
    Obj,
    RefTo,
    Text,
    declared,
    derived,
    need,
    opt,
)
from .figures import PERS, SCALES, Quantity, amount_of, bounds_of, check_amount, is_currency
from .problems import Pos
from .themefields import Colour, StaticFile
from .yamlnodes import Map

NO_POS = Pos("")


@declared
class Cite:
    source: str = need(RefTo("sources"), kw_only=False)
    number: int = derived(number_of="source", kw_only=False)
    locator: str | None = opt(Text(), default=None)
    excerpt: str | None = opt(Text(), default=None)


CITATION = Obj.of(Cite, "citation", shorthand="source")


def cites(what: str = "") -> ListOf:
    """A `sources:` list; `what` names a record that needs at least one ("an event")."""
    message = f"{what} needs at least one source" if what else ""
    return ListOf(CITATION, min_items=1 if what else 0, empty_message=message)


@dataclass(frozen=True)
class Link:
    """A resolved reference into one of several collections (`via`, `about`)."""

    collection: str
    id: str


@declared
class ActorLink:
    actor: str = need(RefTo("actors"), kw_only=False)
    role: str | None = opt(Text(), default=None)


ACTOR_REF = Obj.of(ActorLink, "actor reference", shorthand="actor")

NAME_KINDS = ("variant", "original", "transliteration", "translation", "acronym")


@declared
class Name:
    name: str = need(Text(), kw_only=False)
    lang: str | None = opt(Lang(), default=None)
    kind: str | None = opt(Choice(*NAME_KINDS), default=None)


NAME = Obj.of(Name, "name")


def _check_part(values: dict[str, Any], node: Map, ctx: Ctx) -> None:
    check_amount(values, node, ctx, "a part of a figure")


@declared
class FigurePart:
    """One part of a figure's whole ("six children" of "at least nine people"): same measure, claimant,
    unit, scale, period and sources as its whole, so only the category and the number are written."""

    category: str = need(Text(), kw_only=False)
    value: float | None = opt(Quantity(), default=None)
    min: float | None = opt(Quantity(), default=None)
    max: float | None = opt(Quantity(), default=None)
    approx: bool = opt(Boolean(), default=False)
    as_reported: str | None = opt(Text(), default=None)
    claimed_by: str | None = opt(RefTo("actors"), default=None)  # only to be checked: a part has its whole's claimant


FIGURE_PART = Obj.of(FigurePart, "part of a figure", checks=(_check_part,))


def _check_figure(values: dict[str, Any], node: Map, ctx: Ctx) -> None:
    check_amount(values, node, ctx, "a figure")
    _, whole_high = bounds_of(values, values.get("scale"))
    for part in values.get("parts", ()):
        at = part["positions"]
        claimant, whole = getattr(part.get("claimed_by"), "id", None), getattr(values.get("claimed_by"), "id", None)
        if claimant is not None and claimant != whole:
            ctx.problems.error(at["claimed_by"], f"a part is claimed by '{claimant}' but its figure by '{whole}': "
                               "another claimant's number is a figure of its own")
        low, _ = bounds_of(part, values.get("scale"))
        if low is not None and whole_high is not None and low > whole_high:
            key = "value" if "value" in part else "min"
            ctx.problems.error(at[key], f"a part ({part[key]}) is larger than its whole "
                               f"({values.get('value', values.get('max'))})")


@declared
class Figure:
    measure: str = need(Text(), kw_only=False)
    value: float | None = opt(Quantity(), default=None)
    min: float | None = opt(Quantity(), default=None)
    max: float | None = opt(Quantity(), default=None)
    approx: bool = opt(Boolean(), default=False)
    unit: str | None = opt(Text(), default=None)
    scale: str | None = opt(Choice(*SCALES), default=None)
    per: str | None = opt(Choice(*PERS), default=None)
    as_reported: str | None = opt(Text(), default=None)
    category: str | None = opt(Text(), default=None)
    parts: tuple[FigurePart, ...] = opt(ListOf(FIGURE_PART), default=())
    claimed_by: str = need(RefTo("actors"), kw_only=False)
    said_on: Edtf | None = opt(Date(), default=None)
    id: str | None = opt(Id(), default=None)
    supersedes: str | None = opt(Id(), default=None)
    sources: tuple[Cite, ...] = need(cites("a figure"), kw_only=False)

    def amount(self) -> str:
        """The number in words a reader expects: "at least 9", "about 40", "9–12", "$9.6bn a day"."""
        return amount_of(self.value, self.min, self.max, self.approx, scale=self.scale, unit=self.unit, per=self.per)

    def part_amount(self, part: FigurePart) -> str:
        """A part's number in its whole's unit and scale: "6", "about $2bn"."""
        return amount_of(part.value, part.min, part.max, part.approx, scale=self.scale,
                         unit=self.unit if is_currency(self.unit) else None)

    def parts_text(self) -> str:
        """"of whom 6 children and 2 women" (of people), "of which $2bn fuel" (of anything else)."""
        if not self.parts:
            return ""
        items = []
        for p in self.parts:
            amount = self.part_amount(p)
            if not amount:  # only the reported words ("six children"): they name the category already
                items.append(f"“{p.as_reported}”")
                continue
            approx = " (approx.)" if amount.endswith(" (approx.)") else ""  # after the words it qualifies
            items.append(f"{amount.removesuffix(approx)} {p.category}{approx}".strip())
        listed = items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
        whom = "of whom" if self.unit in (None, "people") and not is_currency(self.unit) else "of which"
        return f"{whom} {listed}"


FIGURE = Obj.of(Figure, "figure", checks=(_check_figure,))


def _check_role(values: dict[str, Any], node: Map, ctx: Ctx) -> None:
    start, end = values.get("start"), values.get("end")
    if start is not None and end is not None and end.latest() < start.earliest():
        ctx.problems.error(node.get("end").pos, f"role ends ({end.text}) before it starts ({start.text})")  # type: ignore[union-attr]


@declared
class Role:
    title: str = need(Text(), kw_only=False)
    organization: str | None = opt(RefTo("actors"), default=None)
    qualifier: str | None = opt(Choice("acting", "caretaker", "interim", "designate"), default=None)
    start: Edtf | None = opt(Date(), default=None)
    end: Edtf | None = opt(Date(), default=None)
    sources: tuple[Cite, ...] = opt(cites(), default=())

    def ended_before(self, date: Edtf) -> bool:
        return self.end is not None and self.end.latest() < date.earliest()

    def label(self, at: Edtf | None = None) -> str:
        """The title as it stood at a date: "caretaker Prime Minister", "then-Foreign Minister"."""
        title = f"{self.qualifier} {self.title}" if self.qualifier else self.title
        return f"then-{title}" if at is not None and self.ended_before(at) else title


ROLE = Obj.of(Role, "role", checks=(_check_role,))


@declared
class Designation:
    by: str = need(RefTo("actors"), kw_only=False)
    label: str = need(Text(), kw_only=False)
    sources: tuple[Cite, ...] = opt(cites(), default=())


DESIGNATION = Obj.of(Designation, "designation")


@declared
class KeyPoint:
    text: str = need(Markdown(), kw_only=False)
    sources: tuple[Cite, ...] = opt(cites(), default=())


KEY_POINT = Obj.of(KeyPoint, "key point")


@declared
class Author:
    name: str = need(Text(), kw_only=False)
    title: str | None = opt(Text(), default=None)


AUTHOR = Obj.of(Author, "author")


@declared
class Change:
    date: Edtf = need(Date(), kw_only=False)
    text: str = need(Markdown(), kw_only=False)
    kind: str = opt(Choice("update", "correction"), default="update")
    edition: int | None = opt(Integer(), default=None)  # the recorded edition (editions/NNNN.json) it belongs to
    positions: dict[str, Pos] = derived(default={}, compare=False)  # where each key was written


CHANGE = Obj.of(Change, "change")


def _check_geo(values: dict[str, Any], node: Map, ctx: Ctx) -> None:
    for key, limit in (("lat", 90.0), ("lon", 180.0)):
        if not -limit <= values[key] <= limit:
            ctx.problems.error(node.get(key).pos, f"{key} {values[key]} is outside -{limit:g}..{limit:g}")  # type: ignore[union-attr]


@declared
class Geo:
    lat: float = need(Number(), kw_only=False)
    lon: float = need(Number(), kw_only=False)


GEO = Obj.of(Geo, "geo", checks=(_check_geo,))


@declared
class Original:
    text: str = need(Text(), kw_only=False)
    lang: str = need(Lang(), kw_only=False)


ORIGINAL = Obj.of(Original, "original")


@declared
class Theme:
    """How the site looks: an accent colour and a logo, both optional (the built-in look otherwise)."""

    accent: str | None = opt(Colour(), default=None)
    logo: str | None = opt(StaticFile("svg", "png", "jpg", "jpeg", "webp"), default=None)
    positions: dict[str, Pos] = derived(default={}, compare=False)  # where each key was written


THEME = Obj.of(Theme, "theme")


_CITING: dict[type[Any], tuple[tuple[str, ...], tuple[str, ...]]] = {}


def citing_fields_of(model: type[Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(keys holding citations, keys holding nested objects that cite) of a declared type, in order.

    A record's own citations come before its nested ones: that is the order of the notes in the brief."""
    if model in _CITING:
        return _CITING[model]
    own: list[str] = []
    nested: list[str] = []
    for f in dataclasses.fields(model):
        ft = f.metadata.get("type")
        inner = ft.item if isinstance(ft, ListOf) else ft
        if inner is CITATION:
            own.append(f.name)
        elif isinstance(inner, Obj) and inner.model is not None and any(citing_fields_of(inner.model)):
            nested.append(f.name)
    _CITING[model] = (tuple(own), tuple(nested))
    return _CITING[model]
