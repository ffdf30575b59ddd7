"""data/briefing.json: every record, normalised, references as ids."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from .edtf import Edtf
from .model import Briefing
from .problems import Pos
from .registry import COLLECTIONS

_FIELDS: dict[type[Any], tuple[str, ...]] = {}


def _names_of(cls: type[Any]) -> tuple[str, ...]:
    """The fields of a model class that records hold (not the computed indexes), read once per class."""
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls) if f.init)
    return names


def _plain(value: Any) -> Any:
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, Edtf):
        return value.text
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for name in _names_of(type(value)):
            v = getattr(value, name)
            if v is None or _is_position(v) or (isinstance(v, (tuple, dict)) and not v):
                continue  # keys not given, and where things were written
            plain = _plain(v)
            if plain != {}:  # a nested object with nothing set (an empty theme) is no object
                out[name] = plain
        return out
    return value


def _is_position(value: Any) -> bool:
    """Where something was written (`pos`, `positions`): for messages, not data."""
    return isinstance(value, Pos) or (isinstance(value, dict) and bool(value)
                                      and all(isinstance(v, Pos) for v in value.values()))


def json_bytes(data: Any) -> bytes:
    """Stable bytes for published JSON: sorted keys, two-space indent, UTF-8, a final newline."""
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def briefing_data(briefing: Briefing) -> dict[str, Any]:
    """Every record as plain JSON values: what data/briefing.json holds and what an edition records."""
    return {
        "format": "factsheet/1",
        "briefing": _plain(briefing.meta),
        **{collection: _plain(getattr(briefing, collection)) for collection in COLLECTIONS},
    }


def briefing_json(briefing: Briefing) -> bytes:
    return json_bytes(briefing_data(briefing))
