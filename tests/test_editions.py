"""Editions: snapshots recorded by `factsheet edition`, read back with located errors, published."""

# ruff: noqa: E501  (exact messages read best unbroken)

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from contentfiles import write_content_files
from desk import DESK, desk_edits

from generator import cli
from generator import editions as editions_module
from generator.build import check_briefing
from generator.differences import Difference, difference_of
from generator.editionread import editions_of
from generator.editions import (
    EDITION_FORMAT,
    EarlierValue,
    Edition,
    EditionCache,
    changes_since,
    current_changes,
    edition_bytes,
    edition_changes,
    figure_history_of,
    published_files,
    snapshot_of,
    write_edition,
)
from generator.jsondata import briefing_data, briefing_json
from generator.model import Briefing
from generator.problems import Problems

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



# --- 3. reading editions back -------------------------------------------------------------------

# A hand-written edition whose lines are known: "format" is line 7, "edition" line 5, "events" line 6.
TINY = """\
{
  "actors": [],
  "as_of": "2024-01-19",
  "briefing": {"title": "T"},
  "edition": 2,
  "events": [],
  "format": "factsheet-edition/1",
  "places": [],
  "sources": [],
  "statements": []
}
"""


def tiny(old: str = "", new: str = "") -> str:
    assert old in TINY
    return TINY.replace(old, new, 1)


def desk_edition(number: int, note: str | None = None, files: dict[str, str | bytes | None] | None = None) -> bytes:
    """The bytes of edition `number` of the desk briefing (or of `files`), built in a scratch folder."""
    with tempfile.TemporaryDirectory() as scratch:
        briefing = model_of(write_content_files(Path(scratch), files or DESK, dedent=True))
        return edition_bytes(snapshot_of(briefing, number, note))


def write_editions(root: Path, editions: dict[str, bytes | str]) -> Path:
    folder = root / "editions"
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in editions.items():
        if name.endswith("/"):
            (folder / name).mkdir()
        else:
            (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return root


def reading(root: Path) -> tuple[list[Edition], list[str]]:
    problems = Problems()
    editions = editions_of(root, problems)
    return editions, [p.format() for p in problems.sorted()]


ED = "b/editions"
ONE = tiny('"edition": 2', '"edition": 1')
READ_CASES: dict[str, tuple[dict[str, bytes | str], list[str]]] = {
    "bad-json": (
        {"0001.json": ONE, "0002.json": tiny('"edition": 2,', '"edition" 2,')},
        [f"{ED}/0002.json:5:13: error: edition is damaged: not valid JSON (Expecting ':' delimiter)"],
    ),
    "truncated": (
        {"0001.json": ONE, "0002.json": TINY[:60]},
        [f"{ED}/0002.json:4:16: error: edition is damaged: not valid JSON (Unterminated string starting at)"],
    ),
    "empty-file": (
        {"0001.json": ONE, "0002.json": ""},
        [f"{ED}/0002.json:1:1: error: edition is damaged: not valid JSON (Expecting value)"],
    ),
    "not-utf8": (
        {"0001.json": ONE, "0002.json": tiny('"title": "T"', '"title": "caf\udce9"').encode("utf-8", "surrogateescape")},
        [f"{ED}/0002.json:4:29: error: edition is damaged: not UTF-8 text"],
    ),
    "not-an-object": (
        {"0001.json": "[1, 2]\n"},
        [f"{ED}/0001.json:1:1: error: edition is damaged: expected a JSON object, found a list"],
    ),
    "nan": (
        {"0001.json": '{"edition": NaN}'},
        [f"{ED}/0001.json:1:1: error: edition is damaged: NaN is not a number JSON allows"],
    ),
    "newer-format": (
        {"0001.json": ONE, "0002.json": tiny("factsheet-edition/1", "factsheet-edition/2")},
        [f"{ED}/0002.json:7:13: error: edition format 'factsheet-edition/2' is newer than this factsheet reads ('factsheet-edition/1'): upgrade factsheet"],
    ),
    "briefing-json-is-no-edition": (
        {"0001.json": tiny("factsheet-edition/1", "factsheet/1")},
        [f"{ED}/0001.json:7:13: error: not a factsheet edition: 'format' is \"factsheet/1\", expected 'factsheet-edition/1'"],
    ),
    "no-format": (
        {"0001.json": tiny('  "format": "factsheet-edition/1",\n')},
        [f"{ED}/0001.json:1:1: error: not a factsheet edition: 'format' is missing, expected 'factsheet-edition/1'"],
    ),
    "missing-key": (
        {"0001.json": ONE.replace('  "events": [],\n', "")},
        [f"{ED}/0001.json:1:1: error: edition is damaged: key 'events' is missing"],
    ),
    "unknown-key": (
        {"0001.json": ONE.replace('  "places"', '  "placse": [],\n  "places"')},
        [f"{ED}/0001.json:8:13: error: unknown key 'placse' in an edition"],
    ),
    "wrong-types": (
        {"0001.json": ONE.replace('"events": []', '"events": {}').replace('"2024-01-19"', '"19 January"')
         .replace('"briefing": {"title": "T"}', '"briefing": [], "note": 7')},
        [
            f"{ED}/0001.json:3:12: error: 'as_of': '19 January' is not an EDTF date; write e.g. '2024-01-16', '2024-01', '2024', '2024-01-16~' or '2024-01-16/2024-01-19'",
            f"{ED}/0001.json:4:15: error: 'briefing' must be an object, found a list",
            f"{ED}/0001.json:4:27: error: 'note' must be text, found a number",
            f"{ED}/0001.json:6:13: error: 'events' must be a list of records, found an object",
        ],
    ),
    "bad-records": (
        {"0001.json": ONE.replace('"events": []', '"events": [\n    {"id": "a"},\n    {"title": "x"},\n    7,\n    {"id": "a"}\n  ]')},
        [
            f"{ED}/0001.json:8:5: error: a record in 'events' has no 'id'",
            f"{ED}/0001.json:9:5: error: a record in 'events' must be an object, found a number",
            f"{ED}/0001.json:10:12: error: duplicate id 'a' in 'events'",
        ],
    ),
    "edition-zero": (
        {"0001.json": tiny('"edition": 2', '"edition": 0')},
        [f"{ED}/0001.json:5:14: error: 'edition' must be a whole number from 1, found a number"],
    ),
    "duplicate-number": (
        {"0001.json": ONE, "0002.json": ONE},
        [f"{ED}/0002.json:5:14: error: this file says it is edition 1, but its name says 2: each edition has its own number (duplicate or renamed file?)"],
    ),
    "gap": (
        {"0001.json": ONE, "0003.json": tiny('"edition": 2', '"edition": 3')},
        [f"{ED}/0003.json:1:1: error: edition 2 missing: after 0001.json comes 0003.json; editions are numbered 1, 2, 3, ... without gaps (restore the missing file)"],
    ),
    "first-missing": (
        {"0002.json": TINY, "0003.json": tiny('"edition": 2', '"edition": 3')},
        [f"{ED}/0002.json:1:1: error: edition 1 missing: before it comes 0002.json; editions are numbered 1, 2, 3, ... without gaps (restore the missing file)"],
    ),
    "long-gap": (
        {"0001.json": ONE, "0005.json": tiny('"edition": 2', '"edition": 5')},
        [f"{ED}/0005.json:1:1: error: editions 2–4 missing: after 0001.json comes 0005.json; editions are numbered 1, 2, 3, ... without gaps (restore the missing file)"],
    ),
    "stray-files": (
        {"0001.json": ONE, "notes.txt": "x", "0002.json.bak": ONE, "old/": "", ".DS_Store": ""},
        [
            f"{ED}/.DS_Store:1:1: error: not an edition: 'editions' holds only the files 'factsheet edition' writes (0001.json, 0002.json, ...); move this elsewhere",
            f"{ED}/0002.json.bak:1:1: error: not an edition: 'editions' holds only the files 'factsheet edition' writes (0001.json, 0002.json, ...); move this elsewhere",
            f"{ED}/notes.txt:1:1: error: not an edition: 'editions' holds only the files 'factsheet edition' writes (0001.json, 0002.json, ...); move this elsewhere",
            f"{ED}/old:1:1: error: not an edition: 'editions' holds only the files 'factsheet edition' writes (0001.json, 0002.json, ...); move this elsewhere",
        ],
    ),
    "badly-named": (
        {"0001.json": ONE, "00002.json": TINY, "3.json": tiny('"edition": 2', '"edition": 3')},
        [
            f"{ED}/00002.json:1:1: error: an edition file name has four digits or more without extra zeros: rename it to 0002.json",
            f"{ED}/3.json:1:1: error: an edition file name has four digits or more without extra zeros: rename it to 0003.json",
        ],
    ),
    "interrupted-write": (
        {"0001.json": ONE, ".factsheet-edition-x1y2.tmp": "{"},
        [f"{ED}/.factsheet-edition-x1y2.tmp:1:1: error: an interrupted 'factsheet edition' left this temporary file; delete it"],
    ),
}


@pytest.mark.parametrize("case", sorted(READ_CASES))
def test_reading_editions_reports(case: str, briefing_dir: WriteBriefing) -> None:
    files, expected = READ_CASES[case]
    _editions, problems = reading(write_editions(briefing_dir(DESK), files))
    assert problems == expected


def test_editions_must_be_a_folder(briefing_dir: WriteBriefing) -> None:
    root = briefing_dir(DESK)
    (root / "editions").write_text("1")
    assert reading(root)[1] == [
        "b/editions:1:1: error: 'editions' must be a folder of edition files written by 'factsheet edition', not a file or a symbolic link"
    ]


def test_a_symlinked_edition_is_refused(briefing_dir: WriteBriefing, tmp_path: Path) -> None:
    root = write_editions(briefing_dir(DESK), {"0001.json": ONE})
    (tmp_path / "elsewhere.json").write_text(tiny('"edition": 2', '"edition": 2'))
    (root / "editions" / "0002.json").symlink_to(tmp_path / "elsewhere.json")
    assert reading(root)[1] == [
        f"{ED}/0002.json:1:1: error: not an edition: 'editions' holds only the files 'factsheet edition' writes (0001.json, 0002.json, ...); move this elsewhere"
    ]


def test_no_editions_folder_means_no_editions(briefing_dir: WriteBriefing) -> None:
    assert reading(briefing_dir(DESK)) == ([], [])


def test_recorded_editions_read_back(briefing_dir: WriteBriefing) -> None:
    first, second = desk_edition(1, "Morning"), desk_edition(2, files=desk_edits())
    editions, problems = reading(write_editions(briefing_dir(DESK), {"0001.json": first, "0002.json": second}))
    assert problems == []
    assert [(e.number, e.as_of, e.note, e.path) for e in editions] == [
        (1, "2024-01-19", "Morning", f"{ED}/0001.json"), (2, "2024-01-19", None, f"{ED}/0002.json")]
    assert editions[0].data == json.loads(first) and editions[0].digest != editions[1].digest


def test_a_cache_skips_parsing_what_it_has_read(briefing_dir: WriteBriefing) -> None:
    root = write_editions(briefing_dir(DESK), {"0001.json": desk_edition(1)})
    cache = EditionCache()
    first = editions_of(root, Problems(), cache)
    again = editions_of(root, Problems(), cache)
    assert len(cache.snapshots) == 1 and again[0].data is first[0].data


# --- 2. factsheet edition -----------------------------------------------------------------------


def edition_cmd(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    status = cli.main(["edition", "b", *args])
    return status, capsys.readouterr().err.splitlines()


def test_first_edition_is_recorded(briefing_dir: WriteBriefing, capsys: pytest.CaptureFixture[str]) -> None:
    root = briefing_dir(DESK)
    assert edition_cmd(capsys, "--note", "  Morning edition ") == (0, [
        "factsheet: recorded edition 1 in b/editions/0001.json",
        "  note: Morning edition",
        "  first edition: 1 events, 4 actors, 1 statements, 1 sources, 1 places",
    ])
    assert (root / "editions" / "0001.json").read_bytes() == desk_edition(1, "Morning edition")
    assert sorted(p.name for p in (root / "editions").iterdir()) == ["0001.json"]  # no temporary file left
    assert oct((root / "editions" / "0001.json").stat().st_mode & 0o777) == "0o644"


def test_nothing_changed_writes_nothing_and_exits_0(briefing_dir: WriteBriefing,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    root = briefing_dir(DESK)
    edition_cmd(capsys)
    # Moving a record to another file and reordering tags is no change either.
    (root / "content" / "events.yaml").rename(root / "content" / "strikes.yaml")
    text = (root / "content" / "strikes.yaml").read_text().replace("[cross-border, casualties]", "[casualties, cross-border]")
    (root / "content" / "events").mkdir()
    (root / "content" / "events" / "strikes.yaml").write_text(text)
    (root / "content" / "strikes.yaml").unlink()
    assert edition_cmd(capsys, "--note", "again") == (0, [
        "factsheet: nothing changed since edition 1 (b/editions/0001.json); no edition written"])
    assert sorted(p.name for p in (root / "editions").iterdir()) == ["0001.json"]


def test_next_edition_after_desk_edits(briefing_dir: WriteBriefing, capsys: pytest.CaptureFixture[str]) -> None:
    root = briefing_dir(DESK)
    edition_cmd(capsys)
    briefing_dir(desk_edits())
    assert edition_cmd(capsys, "--note", "Evening") == (0, [
        "factsheet: recorded edition 2 in b/editions/0002.json",
        "  note: Evening",
        "  since edition 1:",
        "  - Added event: Iran recalls its ambassador",
        "  - Pakistani air strikes on alleged militant targets in Iran: actors: removed Turkey",
        "  - Iran’s figure for killed in Pakistani air strikes on alleged militant targets in Iran: at least 9 → at least 11",
        "  - Corrected wording of Jalil Abbas Jilani’s statement of 19 January 2024: “Pakistan has no interest in escalation.” → “Pakistan has no interest or desire in escalation.”",
        "  - Removed actor: Turkey",
    ])
    assert (root / "editions" / "0002.json").read_bytes() == desk_edition(2, "Evening", desk_edits())
    editions, problems = reading(root)
    assert problems == [] and [e.number for e in editions] == [1, 2]


def test_edition_refuses_content_with_errors(briefing_dir: WriteBriefing, capsys: pytest.CaptureFixture[str]) -> None:
    root = briefing_dir({**DESK, "events.yaml": str(DESK["events.yaml"]).replace("claimed_by: iran", "claimed_by: irna")})
    assert edition_cmd(capsys) == (1, [
        "b/content/events.yaml:10:19: error: unknown actor 'irna'; did you mean 'iran'?",
        "factsheet: 1 error, 0 warnings",
        "factsheet: no edition recorded; fix the errors first",
    ])
    assert not (root / "editions").exists()


def test_edition_refuses_while_editions_have_errors(briefing_dir: WriteBriefing,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    root = write_editions(briefing_dir(DESK), {"0001.json": desk_edition(1), "0003.json": desk_edition(3)})
    assert edition_cmd(capsys) == (1, [
        f"{ED}/0003.json:1:1: error: edition 2 missing: after 0001.json comes 0003.json; editions are numbered 1, 2, 3, ... without gaps (restore the missing file)",
        "factsheet: 1 error, 0 warnings",
        "factsheet: no edition recorded; fix the errors first",
    ])
    assert sorted(p.name for p in (root / "editions").iterdir()) == ["0001.json", "0003.json"]


def test_an_edition_of_a_briefing_with_warnings_is_recorded(briefing_dir: WriteBriefing,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    unused = str(DESK["sources.yaml"]).rstrip(" ") + "        - id: unused\n          title: Never cited\n"
    root = briefing_dir({**DESK, "sources.yaml": unused})
    status, lines = edition_cmd(capsys)
    assert (status, lines[0], lines[2]) == (0, "b/content/sources.yaml:3:7: warning: source 'unused' is unused: nothing cites it",
                                            "factsheet: recorded edition 1 in b/editions/0001.json")
    assert [s["id"] for s in json.loads((root / "editions" / "0001.json").read_text())["sources"]] == ["report", "unused"]


@pytest.mark.parametrize("note", ["two\nlines", "bidi\u202eoverride", "tab\there"])
def test_a_note_must_be_plain_text(note: str, briefing_dir: WriteBriefing, capsys: pytest.CaptureFixture[str]) -> None:
    briefing_dir(DESK)
    with pytest.raises(SystemExit) as exit_:
        cli.main(["edition", "b", "--note", note])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "factsheet: error: --note: write plain text on one line, without control or invisible characters")


def test_two_runs_at_once_never_write_one_number_twice(briefing_dir: WriteBriefing) -> None:
    root = briefing_dir(DESK)
    write_edition(root / "editions", 1, b"first")
    with pytest.raises(FileExistsError):
        write_edition(root / "editions", 1, b"second")
    assert (root / "editions" / "0001.json").read_bytes() == b"first"
    assert sorted(p.name for p in (root / "editions").iterdir()) == ["0001.json"]


def test_edition_help_documents_the_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["edition", "--help"])
    assert "writes nothing and exits 0" in " ".join(capsys.readouterr().out.split())


# --- 6. publication, and what a build shows -----------------------------------------------------


def desk_with(old: str, new: str, files: dict[str, str | bytes | None] | None = None) -> dict[str, str | bytes | None]:
    files = dict(files or DESK)
    for name, text in files.items():
        if isinstance(text, str) and old in text:
            files[name] = text.replace(old, new)
            return files
    raise AssertionError(old)


def test_published_files(briefing_dir: WriteBriefing) -> None:
    root = write_editions(briefing_dir(DESK), {"0001.json": desk_edition(1, "Morning"),
                                               "0002.json": desk_edition(2, files=desk_edits())})
    editions, problems = reading(root)
    files = published_files(editions)
    assert sorted(files) == ["data/editions/0001.json", "data/editions/0002.json", "data/editions/index.json"]
    assert files["data/editions/0001.json"] == (root / "editions" / "0001.json").read_bytes()
    index = json.loads(files["data/editions/index.json"])
    assert index == {"format": "factsheet-editions/1", "editions": [
        {"edition": 1, "as_of": "2024-01-19", "note": "Morning", "file": "0001.json", "previous": None, "changes": [],
         "sha256": hashlib.sha256(files["data/editions/0001.json"]).hexdigest()},
        {"edition": 2, "as_of": "2024-01-19", "file": "0002.json", "previous": 1,
         "sha256": hashlib.sha256(files["data/editions/0002.json"]).hexdigest(), "changes": [
             "Added event: Iran recalls its ambassador",
             "Pakistani air strikes on alleged militant targets in Iran: actors: removed Turkey",
             "Iran’s figure for killed in Pakistani air strikes on alleged militant targets in Iran: at least 9 → at least 11",
             "Corrected wording of Jalil Abbas Jilani’s statement of 19 January 2024: “Pakistan has no interest in escalation.” → “Pakistan has no interest or desire in escalation.”",
             "Removed actor: Turkey",
         ]},
    ]}
    assert published_files([]) == {}


def test_published_differences_can_be_recomputed_from_the_published_files(briefing_dir: WriteBriefing) -> None:
    root = write_editions(briefing_dir(DESK), {"0001.json": desk_edition(1), "0002.json": desk_edition(2, files=desk_edits())})
    editions, _problems = reading(root)
    files = published_files(editions)
    old, new = (json.loads(files[f"data/editions/000{n}.json"]) for n in (1, 2))
    assert difference_of(old, new) == edition_changes(editions)[1].difference


def test_edition_changes_and_changes_since_the_last_edition(briefing_dir: WriteBriefing) -> None:
    root = write_editions(briefing_dir(DESK), {"0001.json": desk_edition(1, "Morning")})
    editions, _problems = reading(root)
    [first] = edition_changes(editions)
    assert (first.number, first.previous, first.as_of, first.note, first.difference) == (
        1, None, "2024-01-19", "Morning", Difference())
    current = briefing_data(model_of(briefing_dir(desk_edits())))
    since = changes_since(editions[-1], current)
    assert since is not None and since.marks() == {
        "events": {"iran-recalls-ambassador": "new", "pakistan-strikes-iran": "updated"},
        "statements": {"jilani-no-escalation": "updated"}}
    assert changes_since(None, current) is None
    unrecorded = current_changes(editions, current)
    assert unrecorded is not None and (unrecorded.number, unrecorded.previous, unrecorded.recorded) == (2, 1, False)
    assert unrecorded.difference == since and [i.text for i in unrecorded.items][:1] == [
        "Added event: Iran recalls its ambassador"]
    assert current_changes([], current) is None


def test_edition_changes_carry_their_sentences(briefing_dir: WriteBriefing) -> None:
    root = write_editions(briefing_dir(DESK), {"0001.json": desk_edition(1), "0002.json": desk_edition(2, files=desk_edits())})
    first, second = edition_changes(reading(root)[0])
    assert first.items == () and [i.kind for i in second.items] == ["added", "field", "figure", "wording", "removed"]


def test_each_pair_of_editions_is_compared_once(briefing_dir: WriteBriefing, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_editions(briefing_dir(DESK), {"0001.json": desk_edition(1), "0002.json": desk_edition(2, files=desk_edits())})
    calls: list[int] = []
    real = editions_module.difference_of
    monkeypatch.setattr(editions_module, "difference_of", lambda old, new: calls.append(1) or real(old, new))
    cache = EditionCache()
    editions = editions_of(root, Problems(), cache)
    first = edition_changes(editions, cache)
    published_files(editions, cache)
    figure_history_of(editions, None, cache)
    again = edition_changes(editions_of(root, Problems(), cache), cache)
    assert len(calls) == 1 and first == again


def test_figure_history_follows_revisions_and_claimant_changes(briefing_dir: WriteBriefing) -> None:
    eleven = desk_with("min: 9", "min: 11")
    pakistan = desk_with("claimed_by: iran", "claimed_by: pakistan", eleven)
    wording = desk_with("min: 11\n", "min: 11\n              as_reported: eleven people\n", pakistan)
    root = write_editions(briefing_dir(desk_with("min: 11", "min: 14", wording)), {
        "0001.json": desk_edition(1), "0002.json": desk_edition(2, files=eleven),
        "0003.json": desk_edition(3, files=pakistan), "0004.json": desk_edition(4, files=wording)})
    editions, problems = reading(root)
    assert problems == []
    current = briefing_data(model_of(root))
    assert figure_history_of(editions, current) == {"pakistan-strikes-iran": {("killed", "pakistan", ""): [
        EarlierValue("at least 11", "pakistan", 3, "2024-01-19"),
        EarlierValue("at least 11", "iran", 2, "2024-01-19"),
        EarlierValue("at least 9", "iran", 1, "2024-01-19"),
    ]}}
    assert figure_history_of(editions[:1]) == {}


def test_figure_history_of_a_figure_added_later(briefing_dir: WriteBriefing) -> None:
    later = desk_edits()
    later_revised = desk_with("actors: [iran]\n", "actors: [iran]\n          figures: [{measure: recalled, value: 2, "
                              "claimed_by: iran, sources: [report]}]\n", later)
    revised_again = desk_with("value: 2,", "value: 3,", later_revised)
    root = write_editions(briefing_dir(revised_again), {
        "0001.json": desk_edition(1), "0002.json": desk_edition(2, files=later),
        "0003.json": desk_edition(3, files=later_revised)})
    editions, _problems = reading(root)
    history = figure_history_of(editions, briefing_data(model_of(root)))
    assert history["iran-recalls-ambassador"] == {("recalled", "iran", ""): [EarlierValue("2", "iran", 3, "2024-01-19")]}


def test_a_hundred_editions_of_a_thousand_events_are_compared_once_each(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Plain data straight to files: what matters is how often pairs are compared, not the YAML.
    data: dict[str, object] = {"format": EDITION_FORMAT, "as_of": "2024-01-19", "briefing": {"title": "T"},
                               "actors": [], "statements": [], "sources": [], "places": []}
    events = [{"id": f"event-{i}", "title": f"Event {i}", "date": "2024-01-01", "tags": ["a", "b"]}
              for i in range(1000)]
    for n in range(1, 101):
        events[n] = {**events[n], "title": f"Event {n}, revised in edition {n}"}
        events[n + 500] = {**events[n + 500], "tags": ["b", "a"]}  # reordered: no change
        write_edition(tmp_path / "editions", n, edition_bytes({**data, "edition": n, "events": events}))
    calls: list[int] = []
    real = editions_module.difference_of
    monkeypatch.setattr(editions_module, "difference_of", lambda old, new: calls.append(1) or real(old, new))
    cache = EditionCache()
    editions = editions_of(tmp_path, Problems(), cache)
    changes = edition_changes(editions, cache)
    assert len(calls) == 99
    assert [c.difference.marks() for c in changes[1:3]] == [{"events": {"event-2": "updated"}},
                                                           {"events": {"event-3": "updated"}}]
    assert editions[0].data["events"][900] is editions[99].data["events"][900]  # unchanged records are shared
    edition_changes(editions_of(tmp_path, Problems(), cache), cache)
    published_files(editions, cache)
    assert len(calls) == 99


def test_the_sample_briefing_records_reads_back_and_compares_equal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(Path(__file__).resolve().parent.parent / "content", tmp_path / "b" / "content")
    monkeypatch.chdir(tmp_path)
    assert edition_cmd(capsys)[0] == 0
    editions, problems = reading(Path("b"))
    assert problems == [] and len(editions) == 1
    current = briefing_data(model_of(Path("b")))
    assert changes_since(editions[0], current) == Difference()
    assert edition_cmd(capsys) == (0, ["factsheet: nothing changed since edition 1 (b/editions/0001.json); no edition written"])


def test_hostile_edition_files_are_refused_without_hanging_or_crashing(briefing_dir: WriteBriefing) -> None:
    root = write_editions(briefing_dir(DESK), {"0001.json": ONE, "0002.json": "[" * 200_000 + "]" * 200_000})
    with open(root / "editions" / "0003.json", "wb") as huge:
        huge.truncate(64 * 1024 * 1024 + 1)  # sparse: costs no disk
    os.mkfifo(root / "editions" / "0004.json")  # opening a FIFO to read would block without O_NONBLOCK
    assert reading(root)[1] == [
        f"{ED}/0002.json:1:1: error: edition is damaged: nested too deeply",
        f"{ED}/0003.json:1:1: error: edition is not a regular file of at most 67108864 bytes",
        f"{ED}/0004.json:1:1: error: not an edition: 'editions' holds only the files 'factsheet edition' writes (0001.json, 0002.json, ...); move this elsewhere",
    ]
