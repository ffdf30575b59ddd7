"""The loader: which files are read, how YAML is read, and every way a file can be wrong."""

# ruff: noqa: E501  (exact messages read best unbroken)

from __future__ import annotations

import os
import sys
import time
import tracemalloc
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build import check_briefing
from generator.fields import MISLEADING, REFUSED_CHAR_RE
from generator.load import load_content
from generator.problems import Problems

WriteBriefing = Callable[..., Path]  # the briefing_dir fixture (conftest.py)

SRC = "b/content/sources.yaml"
ONE_EVENT = "id: strike\ndate: 2024-01-16\ntitle: A\nactors: [iran, pakistan]\nplaces: [tehran]\nsources: [report]\n"
SOURCE_KEYS = "id, title, kind, publisher, authors, url, archive_url, published, accessed, lang, note, formerly"
EXPECTED_TOP = (
    "briefing.yaml, events.yaml, actors.yaml, statements.yaml, sources.yaml, places.yaml, "
    "events/, actors/, statements/, sources/, places/"
)


def problems_of(write: WriteBriefing, overrides: dict[str, str | bytes | None]) -> list[str]:
    _model, problems = check_briefing(write(overrides))
    return [p.format() for p in problems.sorted()]


def ids_of(write: WriteBriefing, overrides: dict[str, str | bytes | None], collection: str) -> list[str]:
    problems = Problems()
    loaded = load_content(write(overrides), problems)
    assert problems.sorted() == [] and loaded.incomplete == frozenset()
    return [r.node.get("id").value for r in loaded.records if r.collection == collection]  # type: ignore[union-attr]


# --- layout ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["events.yaml~", "#events.yaml#", ".#events.yaml", "events.yaml.swp", ".events.yaml.swp",
                                  "events.yaml.swo", "events.yaml.bak", "notes.bak", "README~"])
def test_editor_backup_and_lock_files_are_skipped(briefing_dir: WriteBriefing, name: str) -> None:
    overrides: dict[str, str | bytes | None] = {name: "- id: [not, yaml\n", f"actors/{name}": b"\x00\xff"}
    assert ids_of(briefing_dir, overrides, "actors") == ["iran", "pakistan"]


def test_single_files(briefing_dir: WriteBriefing) -> None:
    assert ids_of(briefing_dir, {}, "actors") == ["iran", "pakistan"]


def test_folder_tree_in_name_order(briefing_dir: WriteBriefing) -> None:
    overrides: dict[str, str | bytes | None] = {
        "actors.yaml": None,
        "actors/people/b.yaml": "id: pakistan\nname: Pakistan\nkind: state\n",
        "actors/a.yml": "id: iran\nname: Iran\nkind: state\n",
        "actors/people/deeper/c.yaml": "id: india\nname: India\nkind: state\n",
    }
    assert ids_of(briefing_dir, overrides, "actors") == ["iran", "pakistan", "india"]


def test_file_and_folder_together(briefing_dir: WriteBriefing) -> None:
    overrides: dict[str, str | bytes | None] = {"actors/more.yaml": "id: india\nname: India\nkind: state\n"}
    assert ids_of(briefing_dir, overrides, "actors") == ["india", "iran", "pakistan"]


def test_yml_suffix(briefing_dir: WriteBriefing) -> None:
    overrides: dict[str, str | bytes | None] = {"events.yaml": None, "events.yml": ONE_EVENT}
    assert problems_of(briefing_dir, overrides) == []


@pytest.mark.parametrize(
    "text",
    [
        "id: report\ntitle: A\n",  # a single record
        "- id: report\n  title: A\n",  # a list
        "---\nid: report\ntitle: A\n---\n---\n[]\n",  # documents, some empty
    ],
    ids=["single", "list", "documents"],
)
def test_one_record_in_any_shape(briefing_dir: WriteBriefing, text: str) -> None:
    assert ids_of(briefing_dir, {"sources.yaml": text}, "sources") == ["report"]


def test_multi_document_of_lists_and_records(briefing_dir: WriteBriefing) -> None:
    text = "id: a\ntitle: A\n---\n- id: b\n  title: B\n- id: c\n  title: C\n---\nid: d\ntitle: D\n"
    assert ids_of(briefing_dir, {"sources.yaml": text}, "sources") == ["a", "b", "c", "d"]


def test_dot_and_underscore_files_are_ignored(briefing_dir: WriteBriefing) -> None:
    overrides: dict[str, str | bytes | None] = {
        ".hidden.yaml": "bad: [",
        "_draft.txt": "notes",
        "events/_draft.yaml": "not: [valid",
        "events/.DS_Store": b"\x00\x01",
        "_old/events.yaml": "x",
    }
    assert problems_of(briefing_dir, overrides) == []


def test_stray_file_at_top(briefing_dir: WriteBriefing) -> None:
    assert problems_of(briefing_dir, {"notes.txt": "x"}) == [
        "b/content/notes.txt:1:1: error: only .yaml and .yml files are read in content/; move this file out "
        "or start its name with '_' or '.'"
    ]


def test_stray_file_in_a_collection_folder(briefing_dir: WriteBriefing) -> None:
    assert problems_of(briefing_dir, {"sources/readme.md": "x"}) == [
        "b/content/sources/readme.md:1:1: error: only .yaml and .yml files are read here; move this file out "
        "of content/ or start its name with '_' or '.'"
    ]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"event.yaml": "id: x\n"}, "b/content/event.yaml:1:1: error: unknown file 'event.yaml' in content/; "
         "did you mean 'events.yaml'?"),
        ({"Sources.yml": "id: x\n"}, "b/content/Sources.yml:1:1: error: unknown file 'Sources.yml' in content/; "
         "did you mean 'sources.yaml'?"),
        ({"actor/x.yaml": "id: x\n"}, "b/content/actor:1:1: error: unknown folder 'actor' in content/; "
         "did you mean 'actors/'?"),
        ({"zzz.yaml": "id: x\n"}, f"b/content/zzz.yaml:1:1: error: unknown file 'zzz.yaml' in content/; "
         f"expected one of {EXPECTED_TOP}"),
    ],
    ids=["file", "file-case", "folder", "no-close-match"],
)
def test_unknown_top_level_name(briefing_dir: WriteBriefing, overrides: dict[str, str | bytes | None],
                                expected: str) -> None:
    assert problems_of(briefing_dir, overrides) == [expected]


def test_folder_named_like_a_file(briefing_dir: WriteBriefing) -> None:
    overrides: dict[str, str | bytes | None] = {"events.yaml": None, "events.yaml/x.yaml": ONE_EVENT}
    assert problems_of(briefing_dir, overrides) == [
        "b/content/events.yaml:1:1: error: 'events.yaml' is a folder; a collection folder is named 'events/'"
    ]


def test_missing_content_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("b").mkdir()
    _model, problems = check_briefing(Path("b"))
    assert [p.format() for p in problems.sorted()] == [
        "b/content:1:1: error: no content/ folder here; run 'factsheet new DIR' to start a briefing"
    ]


def test_missing_briefing_yaml(briefing_dir: WriteBriefing) -> None:
    assert problems_of(briefing_dir, {"briefing.yaml": None}) == [
        "b/content/briefing.yaml:1:1: error: missing briefing.yaml: every briefing needs one with title, "
        "as_of and summary"
    ]


def test_two_briefing_files(briefing_dir: WriteBriefing, base_files: dict[str, str]) -> None:
    assert problems_of(briefing_dir, {"briefing.yml": base_files["briefing.yaml"]}) == [
        "b/content/briefing.yml:1:1: error: a second briefing file; keep only briefing.yaml"
    ]


def test_briefing_with_two_documents(briefing_dir: WriteBriefing) -> None:
    text = "title: T\nas_of: 2024-01-19\nsummary: S\n---\ntitle: U\n"
    assert problems_of(briefing_dir, {"briefing.yaml": text}) == [
        "b/content/briefing.yaml:5:1: error: briefing.yaml must hold one document; remove the others"
    ]


def test_empty_briefing_yaml(briefing_dir: WriteBriefing) -> None:
    assert problems_of(briefing_dir, {"briefing.yaml": "# nothing yet\n"}) == [
        "b/content/briefing.yaml:1:1: error: briefing.yaml is empty; it needs title, as_of and summary"
    ]


def test_empty_collection_files_hold_no_records(briefing_dir: WriteBriefing) -> None:
    overrides: dict[str, str | bytes | None] = {"sources/empty.yaml": "", "sources/comment.yaml": "# later\n"}
    assert ids_of(briefing_dir, overrides, "sources") == ["report"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- id: report\n  title: A\n- just text\n", f"{SRC}:3:3: error: expected a record (a mapping of keys), found 'just text'"),
        ("hello\n", f"{SRC}:1:1: error: expected a record (a mapping of keys), found 'hello'"),
        ("- id: report\n  title: A\n-\n", f"{SRC}:3:2: error: expected a record (a mapping of keys), found nothing"),
    ],
    ids=["in-list", "whole-file", "empty-item"],
)
def test_scalar_where_a_record_should_be(briefing_dir: WriteBriefing, text: str, expected: str) -> None:
    assert problems_of(briefing_dir, {"sources.yaml": text}) == [expected]


def test_briefing_must_be_a_mapping(briefing_dir: WriteBriefing) -> None:
    assert problems_of(briefing_dir, {"briefing.yaml": "- title: T\n"}) == [
        "b/content/briefing.yaml:1:1: error: expected a mapping of keys, found a list"
    ]


# --- YAML ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- id: report\n  title: [A\n", f"{SRC}:3:1: error: YAML syntax error: did not find expected ',' or ']'"),
        ("- id: report\n  title: A\n   bad: x\n", f"{SRC}:3:7: error: unexpected ':'; indent this key like the keys "
         "above it, or put the value above in quotes if it contains ': '"),
        ("- id: report\n  title: 'A\n", f"{SRC}:2:10: error: this single quote is never closed; end the value with a "
         "matching quote"),
        ('- id: report\n  title: "A report\n  kind: news\n- id: other\n  title: B\n',
         f"{SRC}:2:10: error: this double quote is never closed; end the value with a matching quote"),
        ("- id: report\n  title: Iran: strikes\n", f"{SRC}:2:14: error: a colon followed by a space cannot be part of "
         "an unquoted value; put the value in quotes: title: \"Iran: strikes\""),
        ('- id: report\n  title: Iran: "strikes"\n', f"{SRC}:2:14: error: a colon followed by a space cannot be part "
         "of an unquoted value; put the value in quotes: title: 'Iran: \"strikes\"'"),
        ("- id: report\n  title A report\n  kind: news\n", f"{SRC}:2:3: error: 'title A report' has no colon after its "
         "key; write 'key: value', e.g. 'title: A report'"),
        ("- id: report\n  title\n  kind: news\n", f"{SRC}:2:3: error: 'title' has no colon after its key; write "
         "'key: value', e.g. 'title: ...'"),
        ('- id: report\n  title: "A" report\n', f"{SRC}:2:14: error: text after the closing quote; put the whole "
         "value in quotes, or remove the quotes"),
        ("- id: report\n  title: A\n  note: a\n\t  b\n", f"{SRC}:4:1: error: a tab is used for indentation; YAML "
         "indents with spaces only: replace the tab with spaces"),
        ("%YAML 1.2\n---\n- id: report\n  title: A\n", f"{SRC}:1:1: error: YAML directives such as '%YAML' and '%TAG' "
         "are not used in a briefing; remove this line"),
    ],
    ids=["unclosed-bracket", "bad-indent", "unclosed-single-quote", "unclosed-double-quote", "colon-in-value",
         "colon-in-value-with-quotes", "key-without-colon", "bare-key", "text-after-quote", "tab-in-a-value",
         "directive"],
)
def test_syntax_error_with_position(briefing_dir: WriteBriefing, text: str, expected: str) -> None:
    assert problems_of(briefing_dir, {"sources.yaml": text}) == [expected]


def test_duplicate_keys(briefing_dir: WriteBriefing) -> None:
    text = "- id: report\n  title: A\n  kind: news\n  title: B\n"
    assert problems_of(briefing_dir, {"sources.yaml": text}) == [
        f"{SRC}:4:3: error: duplicate key 'title' (first at line 2); keep one of them"
    ]


def test_duplicate_keys_in_flow_mapping(briefing_dir: WriteBriefing) -> None:
    text = "- {id: report, title: A, id: other}\n"
    assert problems_of(briefing_dir, {"sources.yaml": text}) == [
        f"{SRC}:1:26: error: duplicate key 'id' (first at line 1); keep one of them"
    ]


def test_object_tags_are_refused_and_never_run(briefing_dir: WriteBriefing, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"- id: report\n  title: !!python/object/apply:os.system ['touch {marker}']\n"
    assert problems_of(briefing_dir, {"sources.yaml": text}) == [
        f"{SRC}:2:10: error: YAML tag '!!python/object/apply:os.system' is not allowed: "
        "factsheet reads plain data only; remove the tag"
    ]
    assert not marker.exists()


def test_local_tags_are_refused(briefing_dir: WriteBriefing) -> None:
    assert problems_of(briefing_dir, {"sources.yaml": "- id: report\n  title: !foo bar\n"}) == [
        f"{SRC}:2:10: error: YAML tag '!foo' is not allowed: factsheet reads plain data only; remove the tag"
    ]


def test_harmless_standard_tags_are_accepted(briefing_dir: WriteBriefing) -> None:
    assert problems_of(briefing_dir, {"sources.yaml": "- id: report\n  title: !!str 2024\n"}) == []


def test_aliases_are_refused(briefing_dir: WriteBriefing) -> None:
    text = "- id: report\n  title: &t A\n  publisher: *t\n"
    assert problems_of(briefing_dir, {"sources.yaml": text}) == [
        f"{SRC}:3:14: error: YAML aliases (*t) are not supported; write the value out in full"
    ]


def test_merge_keys_are_refused(briefing_dir: WriteBriefing) -> None:
    text = "- &base {id: report, title: A}\n- <<: *base\n  id: other\n"
    assert problems_of(briefing_dir, {"sources.yaml": text}) == [
        f"{SRC}:2:7: error: YAML aliases (*base) are not supported; write the value out in full"
    ]


def test_alias_bomb_is_refused_quickly_in_bounded_memory(briefing_dir: WriteBriefing) -> None:
    lines = ['  x_a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 12):
        lines.append(f"  x_a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    text = "- id: report\n  title: A\n" + "\n".join(lines) + "\n"
    directory = briefing_dir({"sources.yaml": text})
    tracemalloc.start()
    started = time.perf_counter()
    try:
        _model, problems = check_briefing(directory)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    found = [p.format() for p in problems.sorted()]
    assert found[0] == f"{SRC}:4:14: error: YAML aliases (*a0) are not supported; write the value out in full"
    assert all(line.startswith(f"{SRC}:") and "YAML aliases" in line for line in found)
    assert elapsed < 2.0
    assert peak < 20 * 1024 * 1024


def test_deep_nesting_is_refused(briefing_dir: WriteBriefing) -> None:
    text = "- id: report\n  title: A\n  x_deep: " + "[" * 200 + "]" * 200 + "\n"
    assert problems_of(briefing_dir, {"sources.yaml": text}) == [
        f"{SRC}:3:73: error: nested more than 64 levels deep; flatten the data"
    ]


def test_moderate_nesting_is_fine(briefing_dir: WriteBriefing) -> None:
    text = "- id: report\n  title: A\n  x_deep: " + "[" * 50 + "]" * 50 + "\n"
    assert problems_of(briefing_dir, {"sources.yaml": text}) == []


# --- bytes -----------------------------------------------------------------------------------


def test_invalid_utf8_with_line_and_column(briefing_dir: WriteBriefing) -> None:
    assert problems_of(briefing_dir, {"sources.yaml": b"- id: report\n  title: caf\xe9\n"}) == [
        f"{SRC}:2:13: error: not valid UTF-8 (byte 0xe9); save the file as UTF-8"
    ]


def test_byte_order_mark_is_accepted(briefing_dir: WriteBriefing) -> None:
    text = b"\xef\xbb\xbf- id: report\n  title: A\n  bogus: 1\n"
    assert problems_of(briefing_dir, {"sources.yaml": text}) == [
        f"{SRC}:3:3: error: unknown key 'bogus' in a source; known keys: {SOURCE_KEYS}"
    ]


def test_crlf_is_accepted_with_right_line_numbers(briefing_dir: WriteBriefing) -> None:
    text = b"- id: report\r\n  title: A\r\n\r\n  bogus: 1\r\n"
    assert problems_of(briefing_dir, {"sources.yaml": text}) == [
        f"{SRC}:4:3: error: unknown key 'bogus' in a source; known keys: {SOURCE_KEYS}"
    ]


def test_crlf_values_have_no_carriage_returns(briefing_dir: WriteBriefing) -> None:
    text = b"- id: report\r\n  title: A long\r\n    title\r\n"
    model, problems = check_briefing(briefing_dir({"sources.yaml": text}))
    assert problems.sorted() == []
    assert model is not None
    assert model.sources[0].title == "A long title"


def test_nul_byte(briefing_dir: WriteBriefing) -> None:
    assert problems_of(briefing_dir, {"sources.yaml": b"- id: report\n  title: A\x00\n"}) == [
        f"{SRC}:2:11: error: YAML cannot contain this character: control characters are not allowed"
    ]


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\u2028", "\x85"])
def test_positions_with_other_line_breaks(briefing_dir: WriteBriefing, newline: str) -> None:
    """libyaml also breaks lines at CR, NEL and U+2028: the lines counted here must be the same ones."""
    def text(*lines: str) -> str:
        return newline.join(lines) + newline

    assert problems_of(briefing_dir, {"sources.yaml": text("- id: report", "  title: 'A", "  kind: news")}) == [
        f"{SRC}:2:10: error: this single quote is never closed; end the value with a matching quote"]
    assert problems_of(briefing_dir, {"sources.yaml": text("- id: report", "  title A", "  kind: news")}) == [
        f"{SRC}:2:3: error: 'title A' has no colon after its key; write 'key: value', e.g. 'title: A'"]
    assert problems_of(briefing_dir, {"sources.yaml": text("- id: report", "  title: É\x07")}) == [
        f"{SRC}:2:11: error: YAML cannot contain this character: control characters are not allowed"]
    assert problems_of(briefing_dir, {"sources.yaml": text("- id: report", "\u00a0 title: A")}) == [
        f"{SRC}:2:1: error: a non-breaking space (U+00A0) is used for indentation; YAML indents with ordinary "
        "spaces only: replace it with a space"]


def test_tab_indentation(briefing_dir: WriteBriefing) -> None:
    assert problems_of(briefing_dir, {"sources.yaml": "- id: report\n\ttitle: A\n"}) == [
        f"{SRC}:2:1: error: a tab is used for indentation; YAML indents with spaces only: replace the tab with spaces"
    ]


@pytest.mark.parametrize("space", ["\u00a0", "\u00a0 ", " \u00a0"])
def test_a_non_breaking_space_as_indentation(briefing_dir: WriteBriefing, space: str) -> None:
    text = f"- id: report\n{space}title: A\n"
    assert problems_of(briefing_dir, {"sources.yaml": text}) == [
        f"{SRC}:2:{space.index(chr(0xa0)) + 1}: error: a non-breaking space (U+00A0) is used for indentation; "
        "YAML indents with ordinary spaces only: replace it with a space"
    ]


def test_a_non_breaking_space_inside_a_value_is_text(briefing_dir: WriteBriefing) -> None:
    model, problems = check_briefing(briefing_dir({"sources.yaml": "- id: report\n  title: A\u00a0B\n"}))
    assert problems.sorted() == [] and model is not None and model.sources[0].title == "A\u00a0B"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("  title: Éé ü \x07 x\n", "2:15: error: YAML cannot contain this character: control characters are not allowed"),
        ("  title: 中文中文 \x07\n", "2:15: error: YAML cannot contain this character: control characters are not allowed"),
        ("  title: 😀😀 \x07\n", "2:13: error: YAML cannot contain this character: control characters are not allowed"),
        ("  title: Тегеран: x\n", "2:17: error: a colon followed by a space cannot be part of an unquoted value; "
         "put the value in quotes: title: \"Тегеран: x\""),
        ("  title: \"Тегеран\" x\n", "2:20: error: text after the closing quote; put the whole value in quotes, "
         "or remove the quotes"),
    ],
    ids=["latin", "cjk", "emoji", "colon", "after-quote"],
)
def test_columns_after_non_ascii_text_count_characters(briefing_dir: WriteBriefing, line: str, expected: str) -> None:
    assert problems_of(briefing_dir, {"sources.yaml": "- id: report\n" + line}) == [f"{SRC}:{expected}"]


def test_tab_inside_a_value_is_text(briefing_dir: WriteBriefing) -> None:
    model, problems = check_briefing(briefing_dir({"sources.yaml": "- id: report\n  title: A\tB\n"}))
    assert problems.sorted() == []
    assert model is not None
    assert model.sources[0].title == "A\tB"


# --- links -----------------------------------------------------------------------------------


def test_symlink_leaving_the_briefing_is_refused(briefing_dir: WriteBriefing, tmp_path: Path,
                                                 base_files: dict[str, str]) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(base_files["sources.yaml"], encoding="utf-8")
    directory = briefing_dir({"sources.yaml": None})
    os.symlink(outside, directory / "content" / "sources.yaml")
    _model, problems = check_briefing(directory)
    assert [p.format() for p in problems.sorted()] == [
        f"{SRC}:1:1: error: symbolic link leads outside the briefing folder; copy the file in instead"
    ]


def test_symlinked_folder_leaving_the_briefing_is_refused(briefing_dir: WriteBriefing, tmp_path: Path,
                                                         base_files: dict[str, str]) -> None:
    outside = tmp_path / "shared-sources"
    outside.mkdir()
    (outside / "s.yaml").write_text(base_files["sources.yaml"], encoding="utf-8")
    directory = briefing_dir({"sources.yaml": None})
    os.symlink(outside, directory / "content" / "sources")
    _model, problems = check_briefing(directory)
    assert [p.format() for p in problems.sorted()] == [
        "b/content/sources:1:1: error: symbolic link leads outside the briefing folder; copy the file in instead"
    ]


def test_symlink_inside_the_briefing_is_followed(briefing_dir: WriteBriefing, base_files: dict[str, str]) -> None:
    directory = briefing_dir({"sources.yaml": None, "_shared/sources.yaml": base_files["sources.yaml"]})
    os.symlink(Path("_shared") / "sources.yaml", directory / "content" / "sources.yaml")
    _model, problems = check_briefing(directory)
    assert problems.sorted() == []


def test_broken_symlink(briefing_dir: WriteBriefing) -> None:
    directory = briefing_dir()
    os.symlink("nowhere.yaml", directory / "content" / "extra.yaml")
    _model, problems = check_briefing(directory)
    assert [p.format() for p in problems.sorted()] == [
        "b/content/extra.yaml:1:1: error: broken or looping symbolic link; remove it"
    ]


def test_the_refused_characters_pattern_matches_its_definition() -> None:
    """fields.REFUSED_CHAR_RE (one regular expression, for speed) refuses exactly the misleading characters and
    the controls but tab and line breaks, over every code point."""
    def refused(ch: str) -> bool:
        return ord(ch) in MISLEADING or (unicodedata.category(ch) == "Cc" and ch not in "\t\n\r")

    differ = [hex(c) for c in range(sys.maxunicode + 1)
              if refused(chr(c)) != bool(REFUSED_CHAR_RE.fullmatch(chr(c)))]
    assert differ == []


def test_files_are_shown_as_show_path_shows_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The loader works the shown name out once per folder: it must be show_path's, from any current folder."""
    from generator.load import _shown_in
    from generator.paths import show_path

    files = [tmp_path / "a" / "b" / f"e{i}.yaml" for i in range(3)] + [tmp_path / "x.yaml", tmp_path / "a" / "y.yml"]
    for cwd in (tmp_path, tmp_path / "a", tmp_path / "a" / "b", tmp_path.parent, Path("/")):
        cwd.mkdir(parents=True, exist_ok=True)
        monkeypatch.chdir(cwd)
        prefixes: dict[str, str] = {}
        assert [_shown_in(f, prefixes) for f in files + files] == [show_path(f) for f in files + files]
