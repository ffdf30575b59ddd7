"""Located problems (errors and warnings) and how they are printed."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]

# Characters that would let a file name or a value forge or disguise a diagnostic line: line breaks,
# terminal escapes and other controls, bidi overrides and invisible characters. Shown as \uXXXX.
_UNSAFE_IN_OUTPUT = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff\udc80-\udcff]"
)


def _visible(text: str) -> str:
    return _UNSAFE_IN_OUTPUT.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# Slotted: a briefing of 50,000 events keeps a Pos per record and per reference until it is linked.
@dataclass(frozen=True, order=True, slots=True)
class Pos:
    """A place in a file: 1-based line and column, path as shown to the user."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"

    def __reduce__(self) -> tuple[type[Pos], tuple[str, int, int]]:
        # a slotted dataclass pickles through a Python __getstate__ that looks up its fields every time
        return (Pos, (self.path, self.line, self.col))


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    pos: Pos
    severity: Severity
    message: str

    def __reduce__(self) -> tuple[type[Problem], tuple[Pos, Severity, str]]:
        return (Problem, (self.pos, self.severity, self.message))

    def format(self) -> str:
        return _visible(f"{self.pos}: {self.severity}: {self.message}")


class Problems:
    """Collects every problem of a run; nothing here stops at the first."""

    def __init__(self) -> None:
        self.items: list[Problem] = []
        self.errors = 0  # kept as they come, so "did this step add an error?" costs nothing

    def error(self, pos: Pos, message: str) -> None:
        self.items.append(Problem(pos, "error", message))
        self.errors += 1

    def warning(self, pos: Pos, message: str) -> None:
        self.items.append(Problem(pos, "warning", message))

    @property
    def has_errors(self) -> bool:
        return self.errors > 0

    def sorted(self) -> list[Problem]:
        # Deduplicate: one bad value reached twice must be reported once.
        return sorted(set(self.items))


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A ' did you mean ...?' suffix, or '' when nothing is close."""
    close = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def summarize(problems: list[Problem]) -> str:
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
