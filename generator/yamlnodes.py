"""A strict YAML reader: text in, position-carrying nodes out, every scalar kept as written."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Pos, Problems

try:  # libyaml is about 4x faster; fall back to the pure-Python parser where it is missing. Only its parser
    # (events) is used: a CSafeLoader would also set up a constructor and a resolver for every file.
    from yaml import _yaml

    _Parser: type = _yaml.CParser
except (ImportError, AttributeError):  # pragma: no cover - depends on how PyYAML was built
    _Parser = yaml.SafeLoader

MAX_DEPTH = 64
# Bounds that keep a hostile file from costing minutes or gigabytes; an honest briefing of
# 50,000 events (about 3 million values) stays far below them. Each can be raised with the
# environment variable named in its message (limit_of).
MAX_SCALAR_CHARS = 100_000  # one value: about 15,000 words
MAX_NODES = 20_000_000  # values, lists and mappings over the whole briefing
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


# Slotted, not frozen: a briefing of 50,000 events has millions of nodes, and a frozen dataclass
# costs four times as much to make. Nothing changes a node once the reader has made it. A node keeps
# its place as plain numbers: a Pos is made only when something asks for one (a message, a record's
# `pos`), which most values never are; making one for each of a million values was a fifth of a check.
class _Placed:
    """Where a node is: a Pos made on demand from the numbers the node keeps."""

    __slots__ = ()
    path: str
    line: int
    col: int

    @property
    def pos(self) -> Pos:
        return Pos(self.path, self.line, self.col)


@dataclass(slots=True)
class Scalar(_Placed):
    value: str
    plain: bool  # written without quotes, so `null`, `true` and numbers mean what YAML 1.2 says
    path: str
    line: int = 1
    col: int = 1

    @property
    def is_null(self) -> bool:
        return self.plain and self.value in NULL_WORDS

    def __reduce__(self) -> tuple[type[Scalar], tuple[str, bool, str, int, int]]:  # see Pos.__reduce__
        return (Scalar, (self.value, self.plain, self.path, self.line, self.col))


@dataclass(slots=True)
class Seq(_Placed):
    items: tuple[Node, ...]
    path: str
    line: int = 1
    col: int = 1


@dataclass(slots=True)
class Map(_Placed):
    items: tuple[tuple[Scalar, Node], ...]
    path: str
    line: int = 1
    col: int = 1

    def __reduce__(self) -> tuple[type[Map], tuple[tuple[tuple[Scalar, Node], ...], str, int, int]]:
        return (Map, (self.items, self.path, self.line, self.col))

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


def limit_of(variable: str, default: int) -> int:
    """A limit, or the whole number in the environment variable that raises it (ignored when not one)."""
    text = os.environ.get(variable, "").strip().replace("_", "")
    return int(text) if text.isdigit() else default


def raise_hint(variable: str) -> str:
    return f"raise the limit with the environment variable {variable}"


@dataclass
class Budget:
    """How many more nodes the whole briefing may have; shared by every file it reads."""

    nodes_left: int = field(default_factory=lambda: limit_of("FACTSHEET_MAX_VALUES", MAX_NODES))
    nodes_max: int = field(default_factory=lambda: limit_of("FACTSHEET_MAX_VALUES", MAX_NODES))
    max_chars: int = field(default_factory=lambda: limit_of("FACTSHEET_MAX_VALUE_CHARS", MAX_SCALAR_CHARS))


@dataclass(slots=True)
class _Open:
    line: int
    col: int
    is_map: bool
    items: list[Node] = field(default_factory=list)


def _line_col(text: str, index: int) -> tuple[int, int]:
    breaks = list(_LINE_BREAK.finditer(text, 0, index))
    return len(breaks) + 1, index - (breaks[-1].end() if breaks else 0) + 1


def parse_documents(text: str, path: str, problems: Problems, budget: Budget | None = None,
                    each: Callable[[Map], Map] | None = None) -> list[Node]:
    """Every document of a YAML stream as nodes; on a syntax error, the error and no documents.

    `each`: called with each mapping in a document that is a list as soon as the mapping is complete; what it
    returns stands in the list for it. A collection in one file (50,000 events) is then never held as nodes
    at once: the loader validates each record as it comes and keeps only a stub of it."""

    def at(mark: Any) -> Pos:  # yaml.Mark, or the C parser's own Mark type
        return Pos(path, mark.line + 1, mark.column + 1) if mark is not None else Pos(path)

    if _check_indentation(text, path, problems):
        return []
    budget = budget if budget is not None else Budget()
    max_chars = budget.max_chars
    documents: list[Node] = []
    stack: list[_Open] = []
    items = problems.items
    before = len(items)
    bad = False
    parser = _Parser(text)
    # This loop runs once per YAML event (a million at 10,000 events): events are told apart by
    # their exact class, the parser is asked directly rather than through yaml.parse(), and what the
    # loop reads on every turn is local (the budget is written back when it ends, however it ends).
    next_event = parser.get_event
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    map_start, seq_start, map_end, seq_end = (yaml.MappingStartEvent, yaml.SequenceStartEvent,
                                              yaml.MappingEndEvent, yaml.SequenceEndEvent)
    node_events = _NODE_EVENTS
    most_items = before + MAX_PROBLEMS_PER_FILE
    left = budget.nodes_left
    add_to = documents.append  # where a finished node goes: the open list or mapping, else the documents
    try:
        while (event := next_event()) is not None:
            cls = type(event)
            if cls in node_events:  # scalars, aliases, starts of lists and mappings
                left -= 1
                if left < 0:
                    problems.error(
                        at(event.start_mark),
                        f"the briefing has more than {budget.nodes_max} values; this is far more than a briefing "
                        f"needs: remove generated or repeated data, or {raise_hint('FACTSHEET_MAX_VALUES')}",
                    )
                    return []
            if len(items) > most_items:
                problems.error(
                    at(event.start_mark),
                    f"more than {MAX_PROBLEMS_PER_FILE} problems in this file; stopped reading it here: "
                    "fix the ones above first",
                )
                return []
            if cls is scalar_event:
                mark = event.start_mark
                value = event.value
                node: Node = Scalar(value, event.implicit[0] and not event.style, path, mark.line + 1, mark.column + 1)
                if event.tag is not None:
                    bad |= _check_tag(event, node.pos, problems)
                if len(value) > max_chars:
                    problems.error(
                        node.pos,
                        f"this value is {len(value)} characters long; the limit is {max_chars}: "
                        f"shorten it, split it or {raise_hint('FACTSHEET_MAX_VALUE_CHARS')}",
                    )
                    bad = True
            elif cls is map_start or cls is seq_start:
                pos = at(event.start_mark)
                if event.tag is not None:
                    bad |= _check_tag(event, pos, problems)
                if len(stack) >= MAX_DEPTH:
                    problems.error(pos, f"nested more than {MAX_DEPTH} levels deep; flatten the data")
                    return []
                stack.append(_Open(pos.line, pos.col, cls is map_start))
                add_to = stack[-1].items.append
                continue
            elif cls is map_end or cls is seq_end:
                room = MAX_PROBLEMS_PER_FILE + 1 - (len(items) - before)
                node = _close(stack.pop(), path, problems, room)
                add_to = stack[-1].items.append if stack else documents.append
            elif cls is alias_event:
                problems.error(
                    at(event.start_mark),
                    f"YAML aliases (*{event.anchor}) are not supported; write the value out in full",
                )
                bad = True
                pos = at(event.start_mark)
                node = Scalar("", True, path, pos.line, pos.col)
            elif cls is yaml.DocumentStartEvent and (event.version or event.tags):
                # The reader's rules are fixed (see README); a directive could only suggest others.
                problems.error(
                    at(event.start_mark),
                    "YAML directives such as '%YAML' and '%TAG' are not used in a briefing; remove this line",
                )
                bad = True
                continue
            else:
                continue
            if each is not None and len(stack) == 1 and type(node) is Map and not stack[0].is_map:
                node = each(node)
            add_to(node)
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
    finally:
        budget.nodes_left = left
        parser.dispose()
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
    if text.isascii():  # known without reading the text: none of those spaces is ASCII
        return False
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
_NODE_EVENTS = frozenset({yaml.ScalarEvent, yaml.AliasEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent})


def _check_tag(event: yaml.NodeEvent, pos: Pos, problems: Problems) -> bool:
    tag = getattr(event, "tag", None)
    if tag is None or tag in ("!", *HARMLESS_TAGS):
        return False
    # Show the tag as authors write it ('!!python/...'), not as the parser expands it.
    shown = "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag
    problems.error(pos, f"YAML tag '{shown}' is not allowed: factsheet reads plain data only; remove the tag")
    return True


def _close(open_: _Open, path: str, problems: Problems, report: int) -> Node:
    """The finished node; at most `report` problems are reported for it (the file is abandoned past that)."""
    if not open_.is_map:
        return Seq(tuple(open_.items), path, open_.line, open_.col)
    keys, values = open_.items[0::2], open_.items[1::2]
    try:  # the usual case, checked in C: every key is text (lists and mappings have no .value), none twice
        if len({key.value for key in keys}) == len(keys):  # type: ignore[union-attr]
            return Map(tuple(zip(keys, values, strict=True)), path, open_.line, open_.col)  # type: ignore[arg-type]
    except AttributeError:
        pass
    pairs: list[tuple[Scalar, Node]] = []
    seen: dict[str, int] = {}
    limit = len(problems.items) + max(report, 0)
    for key, value in zip(keys, values, strict=True):
        if len(problems.items) >= limit:
            break
        if not isinstance(key, Scalar):
            problems.error(key.pos, "a key must be plain text, not a list or mapping")
            continue
        if key.value in seen:
            problems.error(
                key.pos,
                f"duplicate key '{key.value}' (first at line {seen[key.value]}); keep one of them",
            )
            continue
        seen[key.value] = key.line
        pairs.append((key, value))
    return Map(tuple(pairs), path, open_.line, open_.col)
