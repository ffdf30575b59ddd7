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
    Lang,
    ListOf,
    Markdown,
    Number,
    Obj,
    RefTo,
    Text,
    derived,
    need,
    opt,
)
from .figures import PERS, SCALES, Quantity, amount_of, bounds_of, check_amount, is_currency
from .problems import Pos
from .themefields import Colour, StaticFile
from .yamlnodes import Map

NO_POS = Pos("")


@dataclass(frozen=True)
class Cite:
    source: str = need(RefTo("sources"))
    number: int = derived(number_of="source")
    locator: str | None = opt(Text())
    excerpt: str | None = opt(Text())


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


@dataclass(frozen=True)
class ActorLink:
    actor: str = need(RefTo("actors"))
    role: str | None = opt(Text())


ACTOR_REF = Obj.of(ActorLink, "actor reference", shorthand="actor")

NAME_KINDS = ("variant", "original", "transliteration", "translation", "acronym")


@dataclass(frozen=True)
class Name:
    name: str = need(Text())
    lang: str | None = opt(Lang())
    kind: str | None = opt(Choice(*NAME_KINDS))


NAME = Obj.of(Name, "name")


def _check_part(values: dict[str, Any], node: Map, ctx: Ctx) -> None:
    check_amount(values, node, ctx, "a part of a figure")


@dataclass(frozen=True)
class FigurePart:
    """One part of a figure's whole ("six children" of "at least nine people"): same measure, claimant,
    unit, scale, period and sources as its whole, so only the category and the number are written."""

    category: str = need(Text())
    value: float | None = opt(Quantity())
    min: float | None = opt(Quantity())
    max: float | None = opt(Quantity())
    approx: bool = opt(Boolean(), False)
    as_reported: str | None = opt(Text())
    claimed_by: str | None = opt(RefTo("actors"))  # only to be checked: a part has its whole's claimant


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


@dataclass(frozen=True)
class Figure:
    measure: str = need(Text())
    value: float | None = opt(Quantity())
    min: float | None = opt(Quantity())
    max: float | None = opt(Quantity())
    approx: bool = opt(Boolean(), False)
    unit: str | None = opt(Text())
    scale: str | None = opt(Choice(*SCALES))
    per: str | None = opt(Choice(*PERS))
    as_reported: str | None = opt(Text())
    category: str | None = opt(Text())
    parts: tuple[FigurePart, ...] = opt(ListOf(FIGURE_PART), ())
    claimed_by: str = need(RefTo("actors"))
    said_on: Edtf | None = opt(Date())
    id: str | None = opt(Id())
    supersedes: str | None = opt(Id())
    sources: tuple[Cite, ...] = need(cites("a figure"))

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


@dataclass(frozen=True)
class Role:
    title: str = need(Text())
    organization: str | None = opt(RefTo("actors"))
    qualifier: str | None = opt(Choice("acting", "caretaker", "interim", "designate"))
    start: Edtf | None = opt(Date())
    end: Edtf | None = opt(Date())
    sources: tuple[Cite, ...] = opt(cites(), ())

    def ended_before(self, date: Edtf) -> bool:
        return self.end is not None and self.end.latest() < date.earliest()

    def label(self, at: Edtf | None = None) -> str:
        """The title as it stood at a date: "caretaker Prime Minister", "then-Foreign Minister"."""
        title = f"{self.qualifier} {self.title}" if self.qualifier else self.title
        return f"then-{title}" if at is not None and self.ended_before(at) else title


ROLE = Obj.of(Role, "role", checks=(_check_role,))


@dataclass(frozen=True)
class Designation:
    by: str = need(RefTo("actors"))
    label: str = need(Text())
    sources: tuple[Cite, ...] = opt(cites(), ())


DESIGNATION = Obj.of(Designation, "designation")


@dataclass(frozen=True)
class KeyPoint:
    text: str = need(Markdown())
    sources: tuple[Cite, ...] = opt(cites(), ())


KEY_POINT = Obj.of(KeyPoint, "key point")


@dataclass(frozen=True)
class Author:
    name: str = need(Text())
    title: str | None = opt(Text())


AUTHOR = Obj.of(Author, "author")


@dataclass(frozen=True)
class Change:
    date: Edtf = need(Date())
    text: str = need(Markdown())
    kind: str = opt(Choice("update", "correction"), "update")


CHANGE = Obj.of(Change, "change")


def _check_geo(values: dict[str, Any], node: Map, ctx: Ctx) -> None:
    for key, limit in (("lat", 90.0), ("lon", 180.0)):
        if not -limit <= values[key] <= limit:
            ctx.problems.error(node.get(key).pos, f"{key} {values[key]} is outside -{limit:g}..{limit:g}")  # type: ignore[union-attr]


@dataclass(frozen=True)
class Geo:
    lat: float = need(Number())
    lon: float = need(Number())


GEO = Obj.of(Geo, "geo", checks=(_check_geo,))


@dataclass(frozen=True)
class Original:
    text: str = need(Text())
    lang: str = need(Lang())


ORIGINAL = Obj.of(Original, "original")


@dataclass(frozen=True)
class Theme:
    """How the site looks: an accent colour and a logo, both optional (the built-in look otherwise)."""

    accent: str | None = opt(Colour())
    logo: str | None = opt(StaticFile("svg", "png", "jpg", "jpeg", "webp"))
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
