"""data/briefing.json: every record, normalised, references as ids."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from .edtf import Edtf
from .model import Briefing
from .problems import Pos
from .registry import COLLECTIONS

EMPTY: tuple[Any, ...] = (None, [], {})


def _plain(value: Any) -> Any:
    if isinstance(value, Edtf):
        return value.text
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # Left out: positions, and keys not given (an empty theme is no theme).
        fields = ((f.name, getattr(value, f.name)) for f in dataclasses.fields(value) if f.init)
        plain = {name: _plain(v) for name, v in fields if not isinstance(v, Pos)}
        return {name: v for name, v in plain.items() if v not in EMPTY}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


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
