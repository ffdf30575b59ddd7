"""Published JSON (briefing.json, provenance, editions): the standard library's exact bytes, whoever writes them."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import jsondata
from generator.jsondata import json_bytes


def stdlib(data: Any, sort_keys: bool = True) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=sort_keys) + "\n").encode("utf-8")


TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=20)  # no lone surrogates: not UTF-8
SCALARS = (st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
           | st.floats(allow_nan=True, allow_infinity=True) | TEXT)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
                      max_leaves=30)


@settings(max_examples=400, deadline=None)
@given(VALUES, st.booleans())
def test_any_json_value_is_written_as_the_standard_library_writes_it(data: Any, sort_keys: bool) -> None:
    assert json_bytes(data, sort_keys) == stdlib(data, sort_keys)


@pytest.mark.parametrize("value", [1e16, 1e-5, 12345678901234567890.0, math.nan, -math.inf, 0.0001, 2**64, -(2**63) - 1,
                                   {1: "a key that is not a string"}, 9999999999999998.0])
def test_values_orjson_writes_otherwise_still_come_out_right(value: Any) -> None:
    data = {"b": [value, "x"], "a": {"é": "\u2028\x1f\"\\"}}
    assert json_bytes(data) == stdlib(data)


def test_the_fast_writer_is_the_one_used_for_plain_data(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    monkeypatch.setattr(jsondata.json, "dumps", lambda *a, **k: calls.append(a) or "")
    expected = b'{\n  "a": [\n    1,\n    2.5,\n    null,\n    true,\n    "x"\n  ]\n}\n'
    assert json_bytes({"a": [1, 2.5, None, True, "x"]}) == expected
    assert calls == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(min_value=1e-4, max_value=1e16, exclude_max=True)
                | st.floats(min_value=-1e16, max_value=-1e-4, exclude_min=True), min_size=20))
def test_floats_orjson_writes_are_written_digit_for_digit_as_json_writes_them(floats: list[float]) -> None:
    assert json_bytes(floats) == stdlib(floats)


@pytest.mark.parametrize("folder", ["minimal", "multiscript"])
def test_briefing_json_made_record_by_record_is_the_whole_document_as_json_writes_it(folder: str) -> None:
    """briefing.json is written a record at a time (never the whole briefing as plain values): the bytes are
    those of the standard library's one document, empty collections and a value orjson would write otherwise
    (1e20, written by json as 1e+20) included."""
    import dataclasses
    from pathlib import Path

    from generator.build import check_briefing
    from generator.jsondata import briefing_data, briefing_json

    briefing, _ = check_briefing(Path(__file__).parent / "briefings" / folder)
    assert briefing is not None
    assert briefing_json(briefing) == stdlib(briefing_data(briefing))
    event = next((e for e in briefing.events if e.figures), None)
    assert (event is not None) == (folder == "multiscript")
    if event is not None:
        figure = dataclasses.replace(event.figures[0], value=1e20)
        changed = dataclasses.replace(event, figures=(figure, *event.figures[1:]))
        briefing = dataclasses.replace(briefing, events=tuple(changed if e is event else e for e in briefing.events))
        assert b'"value": 1e+20' in briefing_json(briefing)
        assert briefing_json(briefing) == stdlib(briefing_data(briefing))
    else:
        assert not briefing.actors  # minimal: empty collections, written "[]"
