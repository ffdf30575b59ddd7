"""Field types: each turns a located YAML node into a typed value or a located problem."""

from __future__ import annotations

import dataclasses
import functools
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import MISSING, dataclass, field
from typing import Any, TypeVar, dataclass_transform
from urllib.parse import urlsplit

from .edtf import Edtf, EdtfError, parse_edtf
from .problems import Pos, Problems, did_you_mean
from .yamlnodes import Map, Node, Scalar, Seq, describe

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}\Z")
LANG_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*\Z")
INT_RE = re.compile(r"^[-+]?[0-9]+\Z")
FLOAT_RE = re.compile(r"^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?\Z")
TRUE_WORDS, FALSE_WORDS = frozenset({"true", "True", "TRUE"}), frozenset({"false", "False", "FALSE"})
# Controls that reorder or hide text: a name containing them can display as something else.
MISLEADING = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A)) | {0x200B, 0x2060, 0xFEFF}


class Invalid:
    """The value of a field that had a problem (already reported)."""

    def __repr__(self) -> str:
        return "INVALID"

    def __reduce__(self) -> str:  # unpickled (from a worker, parseworkers.py) as the one INVALID, not a copy
        return "INVALID"


INVALID: Any = Invalid()


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to a record by id, checked once every id is known."""

    targets: tuple[str, ...]  # collections it may point into, in order of preference
    id: str
    pos: Pos

    def __reduce__(self) -> tuple[Callable[..., Ref], tuple[tuple[str, ...], str, Pos]]:  # see Pos.__reduce__
        return (ref_of, (self.targets, self.id, self.pos))


def ref_of(targets: tuple[str, ...], id_: str, pos: Pos) -> Ref:
    """A Ref made again from the parse cache: its id interned, as when it was parsed (one string per id)."""
    return Ref(targets, sys.intern(id_), pos)


@dataclass
class Ctx:
    problems: Problems
    refs: list[Ref] = field(default_factory=list)


class FieldType:
    label = "a value"

    def parse(self, node: Node, ctx: Ctx) -> Any:
        raise NotImplementedError

    def expect(self, node: Node, ctx: Ctx) -> Any:
        ctx.problems.error(node.pos, f"expected {self.label}, found {describe(node)}")
        return INVALID


def text_of(node: Node, ft: FieldType, ctx: Ctx) -> str | None:
    if not isinstance(node, Scalar) or node.is_null:
        ft.expect(node, ctx)
        return None
    return node.value


# The characters _check_chars refuses, found in C: MISLEADING, and the controls (category Cc) but tab and
# line breaks. A test holds it equal to the definition over every code point.
REFUSED_CHAR_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def _check_chars(value: str, node: Node, ctx: Ctx) -> bool:
    found = REFUSED_CHAR_RE.search(value)
    if found:
        ch = found.group()
        name = unicodedata.name(ch, "control character")
        ctx.problems.error(
            node.pos,
            f"contains the invisible character U+{ord(ch):04X} ({name}), which can make text read "
            "as something else; remove it",
        )
        return False
    return True


class Text(FieldType):
    label = "text"

    def parse(self, node: Node, ctx: Ctx) -> Any:
        value = text_of(node, self, ctx)
        if value is None or not _check_chars(value, node, ctx):
            return INVALID
        if not value.strip():
            ctx.problems.error(node.pos, "text is empty; write something or remove the key")
            return INVALID
        return value


class Markdown(Text):
    label = "Markdown text"


class Id(FieldType):
    label = "an id"

    def parse(self, node: Node, ctx: Ctx) -> Any:
        value = text_of(node, self, ctx)
        if value is None:
            return INVALID
        if not ID_RE.match(value):
            ctx.problems.error(node.pos, f"{quote_value(value)} is not a valid id: {_id_rule(value)}")
            return INVALID
        return sys.intern(value)  # one string per id, however many records refer to it


def quote_value(value: str) -> str:
    shown = value if len(value) <= 60 else value[:57] + "..."
    return "'" + shown.encode("unicode_escape").decode("ascii").replace("'", "\\'") + "'"


def suggest_id(value: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:80]


def _id_rule(value: str) -> str:
    rule = "use lowercase a-z, digits and hyphens, starting with a letter or digit, at most 80 characters"
    guess = suggest_id(value)
    return rule + (f" (e.g. '{guess}')" if guess and ID_RE.match(guess) else "")


class Date(FieldType):
    label = "an EDTF date"

    def __init__(self, *, day_or_finer: bool = False, interval: bool = False) -> None:
        self.day_or_finer = day_or_finer
        self.interval = interval

    def parse(self, node: Node, ctx: Ctx) -> Any:
        value = text_of(node, self, ctx)
        if value is None:
            return INVALID
        try:
            date = _edtf_of(value)
        except EdtfError as exc:
            ctx.problems.error(node.pos, str(exc))
            return INVALID
        if self.day_or_finer and not date.is_day_or_finer():
            ctx.problems.error(node.pos, f"'{value}' must be a single day or finer, e.g. '2024-01-19'")
            return INVALID
        if self.interval and not date.is_interval:
            ctx.problems.error(node.pos, f"'{value}' must be an interval, e.g. '2024-01-16/2024-01-19'")
            return INVALID
        return date


@functools.lru_cache(maxsize=4096)
def _edtf_of(text: str) -> Edtf:
    """parse_edtf, once per distinct date: a briefing of 10,000 events writes about 700 (an Edtf is frozen)."""
    return parse_edtf(text)


class Url(FieldType):
    label = "a URL"

    def parse(self, node: Node, ctx: Ctx) -> Any:
        value = text_of(node, self, ctx)
        if value is None:
            return INVALID
        try:
            parts = urlsplit(value)
            ok = parts.scheme in ("http", "https") and bool(parts.hostname)
        except ValueError:
            ok = False
        if not ok or any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in value):
            ctx.problems.error(
                node.pos, f"{quote_value(value)} is not an absolute http:// or https:// URL; write the full address"
            )
            return INVALID
        return value


def _expect_unquoted(ft: FieldType, node: Node, ctx: Ctx, looks_right: bool) -> Any:
    """A quoted `"12"` or `"true"` is text in YAML: say so, not the puzzling "expected a number, found '12'"."""
    if isinstance(node, Scalar) and not node.plain and looks_right:
        message = f"expected {ft.label}, found the quoted text '{node.value}'; remove the quotes"
        ctx.problems.error(node.pos, message)
        return INVALID
    return ft.expect(node, ctx)


class Integer(FieldType):
    label = "a whole number"

    def parse(self, node: Node, ctx: Ctx) -> Any:
        if isinstance(node, Scalar) and INT_RE.match(node.value) and len(node.value) < 19:
            return int(node.value) if node.plain else _expect_unquoted(self, node, ctx, True)
        return self.expect(node, ctx)


class Number(FieldType):
    label = "a number"

    def parse(self, node: Node, ctx: Ctx) -> Any:
        if isinstance(node, Scalar) and FLOAT_RE.match(node.value) and len(node.value) < 40:
            return float(node.value) if node.plain else _expect_unquoted(self, node, ctx, True)
        return self.expect(node, ctx)


class Boolean(FieldType):
    label = "true or false"

    def parse(self, node: Node, ctx: Ctx) -> Any:
        if isinstance(node, Scalar) and node.plain:
            if node.value in TRUE_WORDS:
                return True
            if node.value in FALSE_WORDS:
                return False
        looks_right = isinstance(node, Scalar) and node.value in TRUE_WORDS | FALSE_WORDS
        return _expect_unquoted(self, node, ctx, looks_right)


class Choice(Text):
    def __init__(self, *values: str) -> None:
        self.values = values
        self.label = "one of " + ", ".join(values)

    def parse(self, node: Node, ctx: Ctx) -> Any:
        value = text_of(node, self, ctx)
        if value is None:
            return INVALID
        if value not in self.values:
            hint = did_you_mean(value, self.values) or f"; use one of {', '.join(self.values)}"
            ctx.problems.error(node.pos, f"{quote_value(value)} is not allowed here{hint}")
            return INVALID
        return value


class Lang(FieldType):
    label = "a language tag"

    def parse(self, node: Node, ctx: Ctx) -> Any:
        value = text_of(node, self, ctx)
        if value is None:
            return INVALID
        if not LANG_RE.match(value):
            message = f"{quote_value(value)} is not a BCP 47 language tag such as 'en', 'fa' or 'ur-PK'"
            ctx.problems.error(node.pos, message)
            return INVALID
        return value


class RefTo(FieldType):
    def __init__(self, *targets: str) -> None:
        self.targets = targets
        self.label = " or ".join(t.rstrip("s") + " id" for t in targets)

    def parse(self, node: Node, ctx: Ctx) -> Any:
        value = Id().parse(node, ctx) if isinstance(node, Scalar) and not node.is_null else self.expect(node, ctx)
        if value is INVALID:
            return INVALID
        ref = Ref(self.targets, value, node.pos)
        ctx.refs.append(ref)
        return ref


class ListOf(FieldType):
    def __init__(self, item: FieldType, *, min_items: int = 0, empty_message: str = "") -> None:
        self.item = item
        self.min_items = min_items
        self.empty_message = empty_message
        self.label = f"a list of {_plural(item.label)}"

    def parse(self, node: Node, ctx: Ctx) -> Any:
        if not isinstance(node, Seq):
            return self.expect(node, ctx)
        values = tuple(self.item.parse(item, ctx) for item in node.items)
        if len(values) < self.min_items:
            ctx.problems.error(node.pos, self.empty_message or f"needs at least {self.min_items} item(s)")
            return INVALID
        return INVALID if any(v is INVALID for v in values) else values


def _plural(label: str) -> str:
    """'a citation' -> 'citations', 'place id' -> 'place ids'; mass nouns ('text') stay as they are."""
    for article in ("a ", "an "):
        if label.startswith(article):
            return label[len(article):] + "s"
    return label + "s" if label.endswith(" id") else label


@dataclass(frozen=True)
class F:
    """A key of a mapping: its type and whether it must be there."""

    type: FieldType
    required: bool = False


Check = Callable[[dict[str, Any], Map, Ctx], None]
Order = Callable[[tuple[Any, ...]], tuple[Any, ...]]


# Declaring a record type once: a frozen dataclass (`@declared`) whose fields carry their FieldType. The
# dataclass_transform tells type checkers how need/opt/derived behave, so constructors type-check exactly:
# they read only the arguments written at each call, hence the explicit `default=` and `kw_only=False`.
# Fields are keyword-only unless `kw_only=False` (required keys that keep positional construction, in
# declaration order), so a key can sit where the docs list it (the order of "known keys" in messages).


def need(ft: FieldType, *, kw_only: bool = True) -> Any:
    """A key the author must write."""
    return field(kw_only=kw_only, metadata={"type": ft, "required": True})


def opt(ft: FieldType, *, default: Any, order: Order | None = None) -> Any:
    """A key the author may leave out (then `default`); `order` sorts the linked tuple (e.g. newest first)."""
    return field(default=default, kw_only=True, metadata={"type": ft, "required": False, "order": order})


def derived(*, number_of: str | None = None, default: Any = MISSING, compare: bool = True, kw_only: bool = True) -> Any:
    """A field the linker fills, never read from YAML: with `number_of`, the site-wide number of the source
    whose id is under that key; otherwise what the parser recorded under the field's name (`extra`, `pos`)."""
    meta = {"derived": True, "number_of": number_of}
    if isinstance(default, dict):  # a fresh dict per record, never a shared one
        return field(default_factory=dict, kw_only=kw_only, compare=compare, metadata=meta)
    return field(default=default, kw_only=kw_only, compare=compare, metadata=meta)


T = TypeVar("T")


@dataclass_transform(frozen_default=True, kw_only_default=True, field_specifiers=(need, opt, derived))
def declared(cls: type[T]) -> type[T]:
    """A frozen dataclass whose fields are declared with need/opt/derived; slotted, as a briefing of 50,000
    events has about a million of them (a dict per instance was a third of the model)."""
    return dataclass(frozen=True, slots=True)(cls)


class Obj(FieldType):
    """A mapping with known keys; `x_` keys pass through; `shorthand` names the key a bare scalar fills.
    `model` is the dataclass it links into (see `Obj.of`)."""

    def __init__(
        self,
        name: str,
        fields: Mapping[str, F],
        *,
        shorthand: str | None = None,
        checks: tuple[Check, ...] = (),
        allow_extra: bool = True,
        model: type[Any] | None = None,
    ) -> None:
        self.name = name
        self.fields = fields
        self.shorthand = shorthand
        self.checks = checks
        self.allow_extra = allow_extra
        self.model = model
        self.label = f"{'an' if name[0] in 'aeiou' else 'a'} {name}"
        self._declared = {key: (key, spec.type) for key, spec in fields.items()}
        kept = {f.name for f in dataclasses.fields(model)} if model is not None else {"extra", "pos"}
        self._keeps_extra = "extra" in kept
        self._keeps_pos = "pos" in kept

    @classmethod
    def of(cls, model: type[Any], name: str, *, shorthand: str | None = None, checks: tuple[Check, ...] = ()) -> Obj:
        """The mapping an author writes for a declared dataclass: its `need`/`opt` fields, in their order."""
        declared = (f for f in dataclasses.fields(model) if "type" in f.metadata)
        keys = {f.name: F(f.metadata["type"], f.metadata["required"]) for f in declared}
        return cls(name, keys, shorthand=shorthand, checks=checks, model=model)

    def parse(self, node: Node, ctx: Ctx) -> Any:
        if self.shorthand and isinstance(node, Scalar) and not node.is_null:
            key = Scalar(self.shorthand, True, node.path, node.line, node.col)
            return self.parse(Map(((key, node),), node.path, node.line, node.col), ctx)
        if not isinstance(node, Map):
            return self.expect(node, ctx)
        values: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        keys: list[str] = []
        at: list[int] = []
        ok = True
        declared = self._declared
        for key, value in node.items:
            keys.append(key.value)
            at += (value.line, value.col)
            found = declared.get(key.value)
            if found is None:
                if self.allow_extra and key.value.startswith("x_"):
                    extra[key.value] = to_plain(value)
                    continue
                hint = did_you_mean(key.value, self.fields) or f"; known keys: {', '.join(self.fields)}"
                ctx.problems.error(key.pos, f"unknown key '{key.value}' in {self.label}{hint}")
                ok = False
                continue
            if isinstance(value, Scalar) and value.is_null:
                continue  # an empty optional key is the same as a missing one
            name, ft = found
            parsed = ft.parse(value, ctx)
            ok &= parsed is not INVALID
            values[name] = parsed  # the declared key: one string for every record, not one per mapping
        for name, spec in self.fields.items():
            if spec.required and name not in values:
                what = "has no value" if node.get(name) is not None else "is missing"
                ctx.problems.error(node.pos, f"required key '{name}' {what} in {self.label}")
                ok = False
        if ok:
            for check in self.checks:
                check(values, node, ctx)
        # What the model keeps of a record (its `extra` and `pos`) is left out of the parts of records (a
        # citation, a figure) that do not keep it: every validated value is held until the briefing is linked.
        if extra or self._keeps_extra:
            values["extra"] = extra
        if self._keeps_pos:
            values["pos"] = node.pos
        values["positions"] = Positions(node.path, tuple(keys), tuple(at))
        return values if ok else INVALID


# The keys of mappings, one tuple per distinct order of keys: a briefing's records share a handful of them.
_KEY_ORDERS: dict[tuple[str, ...], tuple[str, ...]] = {}


class Positions(Mapping[str, Pos]):
    """Where the value of each key of a mapping was written; its Pos is made only when a message asks.

    Compact, as every validated mapping keeps one until it is linked (575,000 of them at 50,000 events):
    the keys are a tuple shared by all mappings that have them in that order, the places one flat tuple
    of numbers (line, column, line, column...), where a dict of pairs cost five times as much."""

    __slots__ = ("path", "_keys", "_at")

    def __init__(self, path: str, keys: tuple[str, ...], at: tuple[int, ...]) -> None:
        self.path = path
        self._keys = _KEY_ORDERS.setdefault(keys, keys)
        self._at = at

    def __reduce__(self) -> tuple[Any, ...]:  # through __init__, so that unpickled keys are shared again
        return (Positions, (self.path, self._keys, self._at))

    def _index(self, key: object) -> int:
        try:
            return self._keys.index(key)
        except ValueError:
            return -1

    def __getitem__(self, key: str) -> Pos:
        i = self._index(key)
        if i < 0:
            raise KeyError(key)
        return Pos(self.path, self._at[2 * i], self._at[2 * i + 1])

    def get(self, key: str, default: Any = None) -> Any:  # Mapping's own goes through a KeyError
        i = self._index(key)
        return default if i < 0 else Pos(self.path, self._at[2 * i], self._at[2 * i + 1])

    def __contains__(self, key: object) -> bool:
        return self._index(key) >= 0

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def to_plain(node: Node) -> Any:
    """An `x_` value for templates: strings, lists and dicts, untyped."""
    if isinstance(node, Scalar):
        return None if node.is_null else node.value
    if isinstance(node, Seq):
        return [to_plain(n) for n in node.items]
    return {k.value: to_plain(v) for k, v in node.items}

