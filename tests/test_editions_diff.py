"""Differences between editions: record by record by id, figures as figures, order only where it counts."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from contentfiles import write_content_files
from desk import DESK, desk_edits

from generator.build import check_briefing
from generator.differences import Difference, FieldChange, FigureChange, RecordChange, difference_of
from generator.editions import snapshot_of

Files = dict[str, str | bytes | None]


def snapshot(files: Files, number: int = 1) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as scratch:
        briefing, problems = check_briefing(write_content_files(Path(scratch), files, dedent=True))
        assert briefing is not None, [p.format() for p in problems.sorted()]
        return snapshot_of(briefing, number)


def diff(old: Files, new: Files) -> Difference:
    return difference_of(snapshot(old), snapshot(new, 2))


def replaced(name: str, old: str, new: str, files: Files = DESK) -> Files:
    text = str(files[name])
    assert old in text, old
    return {**files, name: text.replace(old, new)}


KILLED_9 = {"measure": "killed", "min": 9, "approx": False, "claimed_by": "iran", "sources": [{"source": "report"}]}
INJURED = "            - {measure: injured, value: 3, claimed_by: pakistan, sources: [report]}\n"


def test_the_desk_edits_record_by_record() -> None:
    difference = diff(DESK, desk_edits())
    assert difference.added == (("events", "iran-recalls-ambassador"),)
    assert difference.removed == (("actors", "turkey"),)
    assert difference.changed == (
        RecordChange("events", "pakistan-strikes-iran",
                     fields=(FieldChange("actors", [{"actor": "iran"}, {"actor": "pakistan"}, {"actor": "turkey"}],
                                         [{"actor": "iran"}, {"actor": "pakistan"}]),),
                     figures=(FigureChange("revised", KILLED_9, {**KILLED_9, "min": 11}, ("min",)),)),
        RecordChange("statements", "jilani-no-escalation",
                     fields=(FieldChange("text", "Pakistan has no interest in escalation.",
                                         "Pakistan has no interest or desire in escalation."),)),
    )
    assert difference.marks() == {"events": {"iran-recalls-ambassador": "new", "pakistan-strikes-iran": "updated"},
                                  "statements": {"jilani-no-escalation": "updated"}}


def test_same_content_is_no_difference() -> None:
    assert diff(DESK, DESK).is_empty


def test_a_record_moved_to_another_file_or_layout_is_no_change() -> None:
    statement = str(DESK["statements.yaml"]).replace("- id:", "  id:")  # a --- document, not a list
    moved: Files = {**DESK, "events.yaml": None, "events/2024/01/strikes.yaml": DESK["events.yaml"],
                    "statements.yaml": None, "statements/jilani.yaml": "        ---\n" + statement}
    assert diff(DESK, moved) == Difference()


def test_reordered_tags_places_and_actors_are_no_change() -> None:
    reordered = replaced("events.yaml", "tags: [cross-border, casualties]", "tags: [casualties, cross-border]")
    reordered = replaced("events.yaml", "actors: [pakistan, iran, turkey]", "actors: [turkey, iran, pakistan]",
                         reordered)
    iran = "        - id: iran\n          name: Iran\n          kind: state\n"
    reordered = replaced("actors.yaml", iran, "", reordered)
    reordered = {**reordered, "actors.yaml": str(reordered["actors.yaml"]).rstrip(" ") + iran}
    assert diff(DESK, reordered).is_empty


def test_a_reordered_relay_chain_is_a_change() -> None:
    with_via = replaced("statements.yaml", "sources:", "via: [pakistan, iran]\n          sources:")
    reversed_via = replaced("statements.yaml", "sources:", "via: [iran, pakistan]\n          sources:")
    [change] = diff(with_via, reversed_via).changed
    assert change.fields == (FieldChange("via", [{"collection": "actors", "id": "pakistan"},
                                                 {"collection": "actors", "id": "iran"}],
                                         [{"collection": "actors", "id": "iran"},
                                          {"collection": "actors", "id": "pakistan"}]),)


def test_renumbered_sources_are_no_change() -> None:
    # A new source cited by a new, earlier event takes number 1: every other citation is renumbered.
    files = replaced("sources.yaml", "- id: report", "- id: wire\n          title: A wire story\n        - id: report")
    files = replaced("events.yaml", "- id: pakistan-strikes-iran", "- id: earlier\n          date: 2024-01-01\n"
                     "          title: Earlier\n          actors: [iran]\n          sources: [wire]\n"
                     "        - id: pakistan-strikes-iran", files)
    new = snapshot(files, 2)
    assert [s["number"] for s in new["sources"]] == [1, 2] and new["sources"][0]["id"] == "wire"
    difference = difference_of(snapshot(DESK), new)
    assert (difference.added, difference.removed, difference.changed) == (
        (("events", "earlier"), ("sources", "wire")), (), ())


def test_a_figure_whose_claimant_changed() -> None:
    difference = diff(DESK, replaced("events.yaml", "claimed_by: iran", "claimed_by: pakistan"))
    [change] = difference.changed
    assert change.figures == (FigureChange("claimant", KILLED_9, {**KILLED_9, "claimed_by": "pakistan"},
                                           ("claimed_by",)),)


def test_figures_added_and_removed_are_matched_by_measure_claimant_and_category() -> None:
    two = replaced("events.yaml", "              sources: [report]\n", "              sources: [report]\n" + INJURED)
    injured = {"measure": "injured", "value": 3, "approx": False, "claimed_by": "pakistan",
               "sources": [{"source": "report"}]}
    assert diff(DESK, two).changed[0].figures == (FigureChange("added", None, injured),)
    assert diff(two, DESK).changed[0].figures == (FigureChange("removed", injured, None),)
    swapped = replaced("events.yaml", "          figures:\n", "          figures:\n" + INJURED, DESK)
    assert diff(two, swapped).is_empty  # the same figures in another order


def test_an_id_change_without_formerly_is_removed_and_added() -> None:
    renamed = replaced("statements.yaml", "id: jilani-no-escalation", "id: jilani-no-desire")
    difference = diff(DESK, renamed)
    assert (difference.added, difference.removed, difference.changed) == (
        (("statements", "jilani-no-desire"),), (("statements", "jilani-no-escalation"),), ())


def test_an_id_change_tracked_with_formerly_is_a_rename() -> None:
    # `formerly` is not in the content schema yet: this is the plain data the build will give once it is.
    old = snapshot(replaced("statements.yaml", "sources: [report]", "event: pakistan-strikes-iran\n"
                            "          sources: [report]"))
    new = snapshot(replaced("statements.yaml", "sources: [report]", "event: pakistan-strikes-iran\n"
                            "          sources: [report]"))
    for record in new["events"]:
        record.update(id="pakistan-air-strikes", formerly="pakistan-strikes-iran", title="Pakistani air strikes")
    new["statements"][0]["event"] = "pakistan-air-strikes"
    difference = difference_of(old, new)
    assert (difference.added, difference.removed) == ((), ())
    assert difference.changed == (RecordChange(
        "events", "pakistan-air-strikes", formerly="pakistan-strikes-iran",
        fields=(FieldChange("title", "Pakistani air strikes on alleged militant targets in Iran",
                            "Pakistani air strikes"),)),)
    assert difference.marks() == {"events": {"pakistan-air-strikes": "updated"}}


def test_briefing_fields_are_compared_too() -> None:
    later = replaced("briefing.yaml", "as_of: 2024-01-19", "as_of: 2024-01-20")
    assert diff(DESK, later).changed == (RecordChange("briefing", "briefing", fields=(
        FieldChange("as_of", "2024-01-19", "2024-01-20"),)),)


def test_differences_are_pure_and_leave_their_inputs_alone() -> None:
    old, new = snapshot(DESK), snapshot(desk_edits(), 2)
    before = repr((old, new))
    assert difference_of(old, new) == difference_of(old, new)
    assert repr((old, new)) == before
