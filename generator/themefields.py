"""Field types of a briefing's theme: a CSS colour and a file in static/, safe in a stylesheet or a URL."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from tinycss2.color4 import parse_color  # type: ignore[import-untyped]

from .fields import INVALID, Ctx, FieldType, quote_value, text_of
from .yamlnodes import Node

# Only these shapes reach a stylesheet, so no value can close the declaration (`;`, `}`), open a comment or
# load anything (`url(`): a whitelist first, then tinycss2 (WeasyPrint's CSS parser) says whether it is a colour.
_NUMBER = r"[-+]?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)%?"
COLOUR_RE = re.compile(
    rf"#[0-9a-fA-F]{{3}}|#[0-9a-fA-F]{{6}}|[a-zA-Z]+"
    rf"|(?:rgb|hsl)\(\s*{_NUMBER}(?:\s*,\s*{_NUMBER}|\s+{_NUMBER}){{2}}\s*\)"
)
FILE_PART_RE = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")


class Colour(FieldType):
    label = "a CSS colour"

    def parse(self, node: Node, ctx: Ctx) -> Any:
        value = text_of(node, self, ctx)
        if value is None:
            return INVALID
        colour = parse_color(value) if COLOUR_RE.fullmatch(value) else None
        # `transparent` and `currentcolor` parse too, but are no accent colour.
        if colour is None or isinstance(colour, str) or colour.alpha != 1:
            ctx.problems.error(
                node.pos,
                f"{quote_value(value)} is not a CSS colour; write '#rgb', '#rrggbb', 'rgb(r, g, b)', 'hsl(h, s%, l%)' "
                "or a colour name such as 'teal'",
            )
            return INVALID
        return value


class StaticFile(FieldType):
    """A file the author puts in the briefing's static/ folder, by its path inside it ('img/logo.svg')."""

    def __init__(self, *extensions: str) -> None:
        self.extensions = extensions
        self.label = "a file in static/"

    def parse(self, node: Node, ctx: Ctx) -> Any:
        value = text_of(node, self, ctx)
        if value is None:
            return INVALID
        problem = self._problem_of(value)
        if problem:
            ctx.problems.error(node.pos, f"{quote_value(value)} {problem}")
            return INVALID
        return value

    def _problem_of(self, value: str) -> str:
        *most, last = ("." + e for e in self.extensions)
        shown = f"{', '.join(most)} or {last}" if most else last
        if value.startswith("/") or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", value):  # '/x', 'C:', 'https:'
            return "is not a relative path; write the path of a file inside static/, e.g. 'logo.svg'"
        if "\\" in value:
            return "contains a backslash; separate folders with '/'"
        parts = value.split("/")
        if ".." in parts:
            return "leaves the static/ folder; write the path of a file inside it, e.g. 'logo.svg'"
        if not all(FILE_PART_RE.fullmatch(part) for part in parts):
            return "is not a plain file path: use letters, digits, '.', '_' and '-', and '/' between folders"
        if PurePosixPath(value).suffix.lower().lstrip(".") not in self.extensions:
            return f"is not an image factsheet can use here; use a {shown} file"
        return ""
