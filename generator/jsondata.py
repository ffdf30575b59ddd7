"""data/briefing.json: every record, normalised, references as ids."""

from __future__ import annotations

import dataclasses
import io
import json
from typing import Any

import orjson

from .edtf import Edtf
from .model import Briefing
from .problems import Pos
from .registry import COLLECTIONS

_FIELDS: dict[type[Any], tuple[str, ...]] = {}
# Fields that say where something was written (`pos`, `positions`): for messages, not data.
_POSITION_TYPES = frozenset({"Pos", "dict[str, Pos]"})


def _names_of(cls: type[Any]) -> tuple[str, ...]:
    """The fields of a model class that records hold (not the computed indexes, not the positions), read once
    per class."""
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls)
                                     if f.init and str(f.type) not in _POSITION_TYPES)
    return names


# How _plain treats each type, decided once per type in the order of its rules.
_SEQUENCE, _DATE, _MAPPING, _OBJECT, _AS_IS, _FLOAT, _OTHER = range(7)
_KINDS: dict[type[Any], int] = {str: _AS_IS, int: _AS_IS, float: _FLOAT, bool: _AS_IS, type(None): _AS_IS}
_PLAIN = frozenset({str, int, bool})  # written as they are, by orjson exactly as by json


def _kind_of(cls: type[Any]) -> int:
    kind = _KINDS.get(cls)
    if kind is None:
        if issubclass(cls, (tuple, list)):
            kind = _SEQUENCE
        elif issubclass(cls, Edtf):
            kind = _DATE
        elif issubclass(cls, dict):
            kind = _MAPPING
        elif dataclasses.is_dataclass(cls) and not issubclass(cls, type):
            kind = _OBJECT
        else:
            kind = _OTHER  # as it is, but not a type orjson is known to write as json does (Markup: a str subclass)
        _KINDS[cls] = kind
    return kind


class _Plainer:
    """Model values as plain JSON values; notes whether orjson would write them all exactly as json does
    (strings, integers, booleans, None, floats from 1e-4 to 1e16: see json_bytes), so that nothing walks the
    data a second time to find out."""

    def __init__(self) -> None:
        self.orjson_safe = True

    def plain(self, value: Any) -> Any:
        kind = _KINDS.get(type(value))
        if kind is None:
            kind = _kind_of(type(value))
        if kind == _AS_IS:
            return value
        if kind == _OBJECT:
            return self.object(value)
        if kind == _SEQUENCE:
            return [self.plain(v) for v in value]
        if kind == _DATE:
            return value.text
        if kind == _MAPPING:
            if not all(type(k) is str for k in value):
                self.orjson_safe = False  # str(k) of a subclass or another type: the standard library decides
            return {str(k): self.plain(v) for k, v in value.items()}
        if kind == _FLOAT:
            if value != 0 and not 1e-4 <= abs(value) < 1e16:  # NaN fails both comparisons too
                self.orjson_safe = False
            return value
        self.orjson_safe = False
        return value

    def object(self, value: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in _names_of(type(value)):
            v = getattr(value, name)
            if v is None:
                continue  # keys not given
            if type(v) in _PLAIN:
                out[name] = v
                continue
            if (isinstance(v, (tuple, dict)) and not v) or _is_position(v):
                continue  # keys not given, and where things were written
            plain = self.plain(v)
            if plain != {}:  # a nested object with nothing set (an empty theme) is no object
                out[name] = plain
        return out


def _plain(value: Any) -> Any:
    return _Plainer().plain(value)


def _is_position(value: Any) -> bool:
    """Where something was written, in a field not declared as a position: for messages, not data."""
    return isinstance(value, Pos) or (isinstance(value, dict) and bool(value)
                                      and all(isinstance(v, Pos) for v in value.values()))


def json_bytes(data: Any, sort_keys: bool = True, orjson_safe: bool | None = None) -> bytes:
    """Stable bytes for published JSON: sorted keys, two-space indent, UTF-8, a final newline.

    Exactly json.dumps(data, ensure_ascii=False, indent=2, sort_keys=sort_keys) + "\\n", written by orjson
    when the data holds nothing it writes differently (floats it would write with an exponent, or not at
    all: it says 1e16 and null where json says 1e+16 and NaN): with an indent, the standard library encodes
    in Python, about 20 times slower (0.8 s for briefing.json at 10,000 events). `orjson_safe`: whether that
    is known already (_Plainer), else the data is walked to find out."""
    if orjson_safe if orjson_safe is not None else _orjson_writes_it(data):
        try:
            return orjson.dumps(data, option=orjson.OPT_INDENT_2 | (orjson.OPT_SORT_KEYS if sort_keys else 0)) + b"\n"
        except orjson.JSONEncodeError:  # keys that are not strings, integers past 64 bits, deep nesting
            pass
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=sort_keys) + "\n").encode("utf-8")


def _orjson_writes_it(data: Any) -> bool:
    """Whether every value is one orjson writes as json does: plain strings, integers, booleans, None, and
    floats between 1e-4 and 1e16 (the range where both write digits without an exponent)."""
    stack = [data]
    while stack:
        value = stack.pop()
        kind = type(value)
        if kind is dict:
            stack.extend(value.values())
        elif kind is list or kind is tuple:
            stack.extend(value)
        elif kind is float:
            if value != 0 and not 1e-4 <= abs(value) < 1e16:  # NaN fails both comparisons too
                return False
        elif not (kind is str or kind is int or kind is bool or value is None):
            return False  # subclasses (Markup) and other types: the standard library decides
    return True


def briefing_data(briefing: Briefing, plainer: _Plainer | None = None) -> dict[str, Any]:
    """Every record as plain JSON values: what data/briefing.json holds and what an edition records."""
    plainer = plainer or _Plainer()
    return {
        "format": "factsheet/1",
        "briefing": plainer.plain(briefing.meta),
        **{collection: plainer.plain(getattr(briefing, collection)) for collection in COLLECTIONS},
    }


def briefing_json(briefing: Briefing) -> bytes:
    """json_bytes(briefing_data(briefing)), the same bytes, made a record at a time: the plain values of one
    record are held at once, not those of the whole briefing (hundreds of megabytes at 50,000 events)."""
    top: dict[str, Any] = {"format": "factsheet/1", "briefing": None, **dict.fromkeys(COLLECTIONS)}
    out = io.BytesIO()
    out.write(b"{")
    for n, key in enumerate(sorted(top)):
        out.write(b"," if n else b"")
        out.write(b"\n  " + orjson.dumps(key) + b": ")
        if key not in COLLECTIONS:
            out.write(_nested(_Plainer(), briefing.meta if key == "briefing" else top[key], b"\n  "))
            continue
        records = getattr(briefing, key)
        out.write(b"[" if records else b"[]")
        for i, record in enumerate(records):
            out.write(b",\n    " if i else b"\n    ")
            out.write(_nested(_Plainer(), record, b"\n    "))
        out.write(b"\n  ]" if records else b"")
    out.write(b"\n}\n")
    return out.getvalue()


def _nested(plainer: _Plainer, value: Any, newline: bytes) -> bytes:
    """A value as json_bytes writes it, indented to sit inside a document (its lines after `newline`): an
    indented document's lines are those of each of its values, shifted (no string holds a raw line end)."""
    plain = plainer.plain(value)
    return json_bytes(plain, orjson_safe=plainer.orjson_safe)[:-1].replace(b"\n", newline)
