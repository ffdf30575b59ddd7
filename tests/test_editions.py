"""Editions: snapshots recorded by `factsheet edition`, read back with located errors, published."""

# ruff: noqa: E501  (exact messages read best unbroken)

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from desk import DESK, desk_edits

from generator.build import check_briefing
from generator.editions import EDITION_FORMAT, edition_bytes, snapshot_of
from generator.jsondata import briefing_data, briefing_json
from generator.model import Briefing

WriteBriefing = Callable[..., Path]  # the briefing_dir fixture (conftest.py)


def model_of(directory: Path) -> Briefing:
    briefing, problems = check_briefing(directory)
    assert briefing is not None, [p.format() for p in problems.sorted()]
    return briefing


# --- 1. the snapshot ----------------------------------------------------------------------------


def test_snapshot_is_briefing_json_plus_edition_keys(briefing_dir: WriteBriefing) -> None:
    briefing = model_of(briefing_dir(DESK))
    snapshot = snapshot_of(briefing, 3, "Morning edition")
    published = json.loads(briefing_json(briefing))
    assert {k: v for k, v in snapshot.items() if k not in ("edition", "as_of", "note", "format")} == {
        k: v for k, v in published.items() if k != "format"
    }
    assert (snapshot["format"], snapshot["edition"], snapshot["as_of"], snapshot["note"]) == (
        EDITION_FORMAT, 3, "2024-01-19", "Morning edition")


def test_snapshot_bytes_are_stable_and_sorted(briefing_dir: WriteBriefing) -> None:
    first = edition_bytes(snapshot_of(model_of(briefing_dir(DESK)), 1))
    again = edition_bytes(snapshot_of(model_of(briefing_dir(DESK, name="c")), 1))
    assert first == again
    text = first.decode("utf-8")
    assert text.endswith("}\n") and "\n  \"actors\": [" in text and "note" not in json.loads(text)
    keys = list(json.loads(text))
    assert keys == sorted(keys)


def test_briefing_json_bytes_unchanged_by_the_refactor(briefing_dir: WriteBriefing) -> None:
    briefing = model_of(briefing_dir(DESK))
    data = briefing_data(briefing)
    assert briefing_json(briefing) == (
        json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
    assert data["format"] == "factsheet/1"


def test_desk_edits_are_valid(briefing_dir: WriteBriefing) -> None:
    _briefing, problems = check_briefing(briefing_dir(desk_edits()))
    assert [p.format() for p in problems.sorted()] == []
