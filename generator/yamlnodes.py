"""A strict YAML reader: text in, position-carrying nodes out, every scalar kept as written."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Pos, Problems

try:  # libyaml is about 4x faster; fall back to the pure-Python parser where it is missing
    _Parser: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Parser = yaml.SafeLoader

MAX_DEPTH = 64
# Bounds that keep a hostile file from costing minutes or gigabytes; a large real briefing
# (thousands of records) stays far below them.
MAX_SCALAR_CHARS = 100_000  # one value: about 15,000 words
MAX_NODES = 1_000_000  # values, lists and mappings over the whole briefing
MAX_PROBLEMS_PER_FILE = 100  # a file this broken is not worth reading further
NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})
# Tags that only restate what a plain value already is; any other tag could construct objects.
_CORE = "tag:yaml.org,2002:"
HARMLESS_TAGS = frozenset(
    _CORE + t for t in ("str", "int", "float", "bool", "null", "map", "seq")
)


# Spaces that look like indentation but are not YAML white space; at the start of a line they shift or
# break the structure silently ('\u00a0title' becomes a key of its own).
_ODD_INDENT = re.compile(
    "(?:\\A|(?<=[\r\n\x85\u2028\u2029]))[ \t]*([\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000])"
)
# What libyaml counts as a line break (YAML 1.1), so that lines and columns computed here match its marks.
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_SPACE_NAMES = {"\u00a0": "non-breaking space", "\u202f": "narrow non-breaking space", "\u3000": "ideographic space"}


@dataclass(frozen=True)
class Scalar:
    value: str
    plain: bool  # written without quotes, so `null`, `true` and numbers mean what YAML 1.2 says
    pos: Pos

    @property
    def is_null(self) -> bool:
        return self.plain and self.value in NULL_WORDS


@dataclass(frozen=True)
class Seq:
    items: tuple[Node, ...]
    pos: Pos


@dataclass(frozen=True)
class Map:
    items: tuple[tuple[Scalar, Node], ...]
    pos: Pos

    def get(self, key: str) -> Node | None:
        for k, v in self.items:
            if k.value == key:
                return v
        return None


Node = Scalar | Seq | Map


def describe(node: Node) -> str:
    if isinstance(node, Map):
        return "a mapping"
    if isinstance(node, Seq):
        return "a list"
    return "nothing" if node.is_null else f"'{node.value}'"


@dataclass
class Budget:
    """How many more nodes the whole briefing may have; shared by every file it reads."""

    nodes_left: int = field(default_factory=lambda: MAX_NODES)


@dataclass
class _Open:
    pos: Pos
    is_map: bool
    items: list[Node] = field(default_factory=list)


def _line_col(text: str, index: int) -> tuple[int, int]:
    breaks = list(_LINE_BREAK.finditer(text, 0, index))
    return len(breaks) + 1, index - (breaks[-1].end() if breaks else 0) + 1


def parse_documents(text: str, path: str, problems: Problems, budget: Budget | None = None) -> list[Node]:
    """Every document of a YAML stream as nodes; on a syntax error, the error and no documents."""

    def at(mark: Any) -> Pos:  # yaml.Mark, or the C parser's own Mark type
        return Pos(path, mark.line + 1, mark.column + 1) if mark is not None else Pos(path)

    if _check_indentation(text, path, problems):
        return []
    budget = budget if budget is not None else Budget()
    documents: list[Node] = []
    stack: list[_Open] = []
    before = len(problems.items)
    bad = False
    try:
        for event in yaml.parse(text, Loader=_Parser):
            if isinstance(event, yaml.NodeEvent):  # scalars, aliases, starts of lists and mappings
                budget.nodes_left -= 1
                if budget.nodes_left < 0:
                    problems.error(
                        at(event.start_mark),
                        f"the briefing has more than {MAX_NODES} values; this is far more than a briefing "
                        "needs: remove generated or repeated data",
                    )
                    return []
            if len(problems.items) - before > MAX_PROBLEMS_PER_FILE:
                problems.error(
                    at(event.start_mark),
                    f"more than {MAX_PROBLEMS_PER_FILE} problems in this file; stopped reading it here: "
                    "fix the ones above first",
                )
                return []
            if isinstance(event, yaml.DocumentStartEvent) and (event.version or event.tags):
                # The reader's rules are fixed (see README); a directive could only suggest others.
                problems.error(
                    at(event.start_mark),
                    "YAML directives such as '%YAML' and '%TAG' are not used in a briefing; remove this line",
                )
                bad = True
                continue
            if isinstance(event, yaml.AliasEvent):
                problems.error(
                    at(event.start_mark),
                    f"YAML aliases (*{event.anchor}) are not supported; write the value out in full",
                )
                bad = True
                node: Node = Scalar("", True, at(event.start_mark))
            elif isinstance(event, yaml.ScalarEvent):
                node = Scalar(event.value, event.implicit[0] and not event.style, at(event.start_mark))
                bad |= _check_tag(event, node.pos, problems)
                if len(event.value) > MAX_SCALAR_CHARS:
                    problems.error(
                        node.pos,
                        f"this value is {len(event.value)} characters long; the limit is {MAX_SCALAR_CHARS}: "
                        "shorten it or split it",
                    )
                    bad = True
            elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                pos = at(event.start_mark)
                bad |= _check_tag(event, pos, problems)
                if len(stack) >= MAX_DEPTH:
                    problems.error(pos, f"nested more than {MAX_DEPTH} levels deep; flatten the data")
                    return []
                stack.append(_Open(pos, isinstance(event, yaml.MappingStartEvent)))
                continue
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                room = MAX_PROBLEMS_PER_FILE + 1 - (len(problems.items) - before)
                node = _close(stack.pop(), problems, room)
            else:
                continue
            if stack:
                stack[-1].items.append(node)
            else:
                documents.append(node)
    except yaml.MarkedYAMLError as exc:
        (line, col), message = explain(exc, _LINE_BREAK.split(text))
        problems.error(Pos(path, line, col) if line else Pos(path), message)
        return []
    except yaml.YAMLError as exc:  # ReaderError: control characters and the like
        index = getattr(exc, "position", 0)
        if _Parser is not yaml.SafeLoader:  # libyaml counts bytes of UTF-8 here; columns count characters
            index = len(text.encode("utf-8")[:index].decode("utf-8", "ignore"))
        line, col = _line_col(text, index)
        reason = getattr(exc, "reason", None) or str(exc)
        problems.error(Pos(path, line, col), f"YAML cannot contain this character: {reason}")
        return []
    return [] if bad else documents


def explain(exc: yaml.MarkedYAMLError, lines: list[str]) -> tuple[tuple[int, int], str]:
    """Where a YAML syntax error is and what to do about it, in plain words where the mistake is a common one.

    The place is (line, column), 1-based, or (0, 0) when the parser gave none. libyaml stops where it
    noticed the problem, which for an unclosed quote or a key without a colon is well past the mistake:
    those point back at the opening quote and at the key."""
    problem, context = exc.problem or "", exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return (0, 0), f"YAML syntax error: {problem or context or 'invalid YAML'}"
    def line_of(number: int) -> str:
        return lines[number] if number < len(lines) else ""

    here = (mark.line + 1, mark.column + 1)
    line = line_of(mark.line)
    char = line[mark.column] if mark.column < len(line) else ""
    start = exc.context_mark
    if context == "while scanning a quoted scalar" and start is not None and "escape" not in problem:
        quote = "double" if line_of(start.line)[start.column:start.column + 1] == '"' else "single"
        return (start.line + 1, start.column + 1), (
            f"this {quote} quote is never closed; end the value with a matching quote"
        )
    written = line_of(start.line)[start.column:].strip() if start is not None else ""
    if context == "while scanning a simple key" and start is not None and written:
        word, _space, rest = written.partition(" ")
        example = f"{word}: {rest.strip() or '...'}"
        return (start.line + 1, start.column + 1), (
            f"'{written}' has no colon after its key; write 'key: value', e.g. '{example}'"
        )
    if char == "\t":
        where = "for indentation" if not line[: mark.column].strip(" \t") else "here"
        return here, f"a tab is used {where}; YAML indents with spaces only: replace the tab with spaces"
    if char == ":" and problem.startswith("mapping values are not allowed"):
        key = re.match(r"\s*(?:- +)*([^\s#'\"\[{][^:#]*?):\s+(.*)", line[: mark.column])
        if key:
            value = line[key.start(2):].rstrip()
            quoted = f'"{value}"' if '"' not in value else "'" + value.replace("'", "''") + "'"
            return here, (
                "a colon followed by a space cannot be part of an unquoted value; "
                f"put the value in quotes: {key.group(1)}: {quoted}"
            )
        return here, (
            "unexpected ':'; indent this key like the keys above it, "
            "or put the value above in quotes if it contains ': '"
        )
    if problem.startswith(("did not find expected key", "expected <block end>")) and \
            line[: mark.column].rstrip().endswith(("'", '"')):
        return here, "text after the closing quote; put the whole value in quotes, or remove the quotes"
    return here, f"YAML syntax error: {problem or context}"


def _check_indentation(text: str, path: str, problems: Problems) -> bool:
    """Report lines indented with a space YAML does not count (a non-breaking space pasted from a web page)."""
    found = 0
    for match in _ODD_INDENT.finditer(text):
        found += 1
        if found > MAX_PROBLEMS_PER_FILE:
            break
        space = match.group(1)
        name = _SPACE_NAMES.get(space, "Unicode space")
        line, col = _line_col(text, match.start(1))
        problems.error(
            Pos(path, line, col),
            f"a {name} (U+{ord(space):04X}) is used for indentation; YAML indents with ordinary spaces only: "
            "replace it with a space",
        )
    return found > 0


def _check_tag(event: yaml.NodeEvent, pos: Pos, problems: Problems) -> bool:
    tag = getattr(event, "tag", None)
    if tag is None or tag in ("!", *HARMLESS_TAGS):
        return False
    # Show the tag as authors write it ('!!python/...'), not as the parser expands it.
    shown = "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag
    problems.error(pos, f"YAML tag '{shown}' is not allowed: factsheet reads plain data only; remove the tag")
    return True


def _close(open_: _Open, problems: Problems, report: int) -> Node:
    """The finished node; at most `report` problems are reported for it (the file is abandoned past that)."""
    if not open_.is_map:
        return Seq(tuple(open_.items), open_.pos)
    pairs: list[tuple[Scalar, Node]] = []
    seen: dict[str, Pos] = {}
    limit = len(problems.items) + max(report, 0)
    for key, value in zip(open_.items[0::2], open_.items[1::2], strict=True):
        if len(problems.items) >= limit:
            break
        if not isinstance(key, Scalar):
            problems.error(key.pos, "a key must be plain text, not a list or mapping")
            continue
        if key.value in seen:
            first = seen[key.value]
            problems.error(
                key.pos,
                f"duplicate key '{key.value}' (first at line {first.line}); keep one of them",
            )
            continue
        seen[key.value] = key.pos
        pairs.append((key, value))
    return Map(tuple(pairs), open_.pos)
