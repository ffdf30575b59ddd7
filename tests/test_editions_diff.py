"""Differences between editions: record by record by id, figures as figures, order only where it counts."""

# ruff: noqa: E501  (exact sentences read best unbroken)

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from contentfiles import write_content_files
from desk import DESK, desk_edits

from generator.build import check_briefing
from generator.differences import (
    REFERENCE_KEYS,
    Difference,
    FieldChange,
    FigureChange,
    RecordChange,
    difference_of,
)
from generator.editions import snapshot_of
from generator.fields import ListOf, Obj, RefTo
from generator.registry import SCHEMAS
from generator.sentences import Part, plain_text_of, sentences_of

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


# --- sentences ----------------------------------------------------------------------------------

STRIKES = "Pakistani air strikes on alleged militant targets in Iran"


def sentences(old: Files, new: Files) -> list[str]:
    before, after = snapshot(old), snapshot(new, 2)
    return [item.text for item in sentences_of(difference_of(before, after), before, after)]


def test_the_desk_edits_in_sentences() -> None:
    assert sentences(DESK, desk_edits()) == [
        "Added event: Iran recalls its ambassador",
        f"{STRIKES}: actors: removed Turkey",
        f"Iran’s figure for killed in {STRIKES}: at least 9 → at least 11",
        "Corrected wording of Jalil Abbas Jilani’s statement of 19 January 2024: "
        "“Pakistan has no interest in escalation.” → “Pakistan has no interest or desire in escalation.”",
        "Removed actor: Turkey",
    ]


def test_sentence_parts_link_the_records_that_exist() -> None:
    before, after = snapshot(DESK), snapshot(desk_edits(), 2)
    items = sentences_of(difference_of(before, after), before, after)
    assert [(i.kind, i.collection, i.id) for i in items] == [
        ("added", "events", "iran-recalls-ambassador"),
        ("field", "events", "pakistan-strikes-iran"),
        ("figure", "events", "pakistan-strikes-iran"),
        ("wording", "statements", "jilani-no-escalation"),
        ("removed", "actors", "turkey"),
    ]
    assert items[2].parts == (
        Part("Iran", "record", "actors", "iran"), Part("’s figure for killed in "),
        Part(STRIKES, "record", "events", "pakistan-strikes-iran"), Part(": "),
        Part("at least 9", "old"), Part(" → "), Part("at least 11", "new"))
    assert items[1].parts[-1] == Part("Turkey")  # an entry of a list, named as the old edition named it
    assert items[4].parts[-1] == Part("Turkey", "name", "actors", "turkey")  # gone: no page to link
    assert plain_text_of(items[:1]) == "Added event: Iran recalls its ambassador\n"


SENTENCE_CASES: dict[str, tuple[Files, list[str]]] = {
    "claimant-changed": (
        replaced("events.yaml", "claimed_by: iran", "claimed_by: pakistan"),
        [f"Pakistan’s figure for killed in {STRIKES}, formerly credited to Iran: at least 9"],
    ),
    "claimant-and-amount-changed": (
        replaced("events.yaml", "min: 9\n              claimed_by: iran", "value: 4\n              claimed_by: pakistan"),
        [f"Pakistan’s figure for killed in {STRIKES}, formerly credited to Iran: at least 9 → 4"],
    ),
    "figure-added": (
        replaced("events.yaml", "              sources: [report]\n", "              sources: [report]\n"
                 "            - {measure: injured, min: 2, max: 1200, approx: true, category: children, "
                 "claimed_by: pakistan, sources: [report]}\n"),
        [f"New: Pakistan’s figure for injured (children) in {STRIKES}: about 2–1,200"],
    ),
    "figure-removed": (
        replaced("events.yaml", "          figures:\n            - measure: killed\n              min: 9\n"
                 "              claimed_by: iran\n              sources: [report]\n", ""),
        [f"Withdrawn: Iran’s figure for killed in {STRIKES} (was at least 9)"],
    ),
    "figure-wording-added": (
        replaced("events.yaml", "min: 9\n", "min: 9\n              as_reported: including six children\n"),
        [f"Iran’s figure for killed in {STRIKES}: wording added: “including six children”"],
    ),
    "figure-date-added": (
        replaced("events.yaml", "min: 9\n", "min: 9\n              said_on: 2024-01-18\n"),
        [f"Iran’s figure for killed in {STRIKES}: date revised"],
    ),
    "key-and-tags": (
        replaced("events.yaml", "tags: [cross-border, casualties]", "tags: [cross-border, strike]\n          key: true"),
        [f"{STRIKES}: now a key event", f"{STRIKES}: tags: added “strike”; removed “casualties”"],
    ),
    "date-and-title": (
        replaced("events.yaml", "date: 2024-01-18\n          title: Pakistani air strikes",
                 "date: 2024-01-18~\n          title: Pakistani strikes"),
        ["Pakistani strikes on alleged militant targets in Iran: date 18 January 2024 → c. 18 January 2024",
         f"Pakistani strikes on alleged militant targets in Iran: title “{STRIKES}” → "
         "“Pakistani strikes on alleged militant targets in Iran”"],
    ),
    "summary-added-and-long-summary": (
        replaced("actors.yaml", "kind: person", "kind: person\n          summary: Foreign Minister\n"
                 "          description: " + "word " * 50),
        ["Jalil Abbas Jilani: description added", "Jalil Abbas Jilani: summary added: “Foreign Minister”"],
    ),
    "place-added-to-event": (
        replaced("places.yaml", "name: Sistan-Baluchestan", "name: Sistan-Baluchestan\n        - id: iran\n"
                 "          name: Iran (country)",
                 replaced("events.yaml", "places: [sistan-baluchestan]", "places: [sistan-baluchestan, iran]")),
        ["Added place: Iran (country)", f"{STRIKES}: places: added Iran (country)"],
    ),
    "source-added-and-cited": (
        replaced("sources.yaml", "title: A news report", "title: A news report\n        - id: wire\n"
                 "          title: A wire story",
                 replaced("statements.yaml", "sources: [report]", "sources: [report, wire]")),
        ["Added source: A wire story",
         "Sources of Jalil Abbas Jilani’s statement of 19 January 2024: added A wire story"],
    ),
    "citation-locator": (
        replaced("statements.yaml", "sources: [report]", "sources: [{source: report, locator: para. 2}]"),
        ["Revised citations of Jalil Abbas Jilani’s statement of 19 January 2024"],
    ),
    "briefing": (
        replaced("briefing.yaml", "as_of: 2024-01-19", "as_of: 2024-01-20\n        subtitle: Day two"),
        ["Briefing: as of 19 January 2024 → 20 January 2024", "Briefing: subtitle added: “Day two”"],
    ),
    "statement-mode": (
        replaced("statements.yaml", "mode: verbatim", "mode: paraphrase"),
        ["Jalil Abbas Jilani’s statement of 19 January 2024: mode “verbatim” → “paraphrase”"],
    ),
}


@pytest.mark.parametrize("case", sorted(SENTENCE_CASES))
def test_sentences(case: str) -> None:
    new, expected = SENTENCE_CASES[case]
    assert sentences(DESK, new) == expected


def test_a_tracked_rename_in_a_sentence() -> None:
    old = snapshot(DESK)
    new = snapshot(DESK, 2)
    new["events"][0].update(id="pakistan-air-strikes", formerly="pakistan-strikes-iran")
    items = sentences_of(difference_of(old, new), old, new)
    assert [i.text for i in items] == [f"{STRIKES}: new address (was ‘pakistan-strikes-iran’, now ‘pakistan-air-strikes’)"]
    assert items[0].kind == "renamed"


def test_sentences_survive_odd_values_in_a_hand_edited_edition() -> None:
    old = snapshot(DESK)
    new = snapshot(DESK, 2)
    new["events"][0]["figures"][0]["min"] = "nine"
    new["events"][0]["title"] = 7
    new["statements"][0]["said_on"] = "yesterday"
    texts = [i.text for i in sentences_of(difference_of(old, new), old, new)]
    assert texts == [
        "pakistan-strikes-iran: title “Pakistani air strikes on alleged militant targets in Iran” → 7",
        "Iran’s figure for killed in pakistan-strikes-iran: at least 9 → no number",
        "Jalil Abbas Jilani’s statement of yesterday: said on 19 January 2024 → yesterday",
    ]


def references_in(obj: Obj, found: dict[str, set[str]]) -> dict[str, set[str]]:
    """key -> the collections its RefTo fields point into, anywhere in a schema."""
    for key, spec in obj.fields.items():
        kind = spec.type.item if isinstance(spec.type, ListOf) else spec.type
        if isinstance(kind, RefTo):
            found.setdefault(key, set()).update(kind.targets)
        elif isinstance(kind, Obj):
            references_in(kind, found)
    return found


def test_reference_keys_follow_the_schema() -> None:
    found: dict[str, set[str]] = {}
    for obj in SCHEMAS.values():
        references_in(obj, found)
    links = {key for key, targets in found.items() if len(targets) > 1}  # resolved to {collection, id}
    assert links == {"via", "about"}
    assert {key: targets.pop() for key, targets in found.items() if key not in links} == REFERENCE_KEYS
