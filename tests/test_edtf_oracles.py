"""Our EDTF parser against two peers as differential oracles: PyPI edtf (python-edtf) and npm edtf.

Listed and generated strings of EDTF levels 0 and 1 (and some near misses) go through all three. Every
disagreement on validity, and on the first and last day a date covers, must be explained by a rule
below saying why ours is right; a rule that explains nothing fails too, so the list stays true.
Both peers have bugs of their own (both accept 29 February 2100), which is why neither is the truth.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import edtf as python_edtf  # PyPI edtf: the test extra
import pytest

from generator.civil import days_from_civil, is_leap
from generator.edtf import EdtfError, parse_edtf

REPO = Path(__file__).resolve().parent.parent
NODE_ORACLE = REPO / "tests" / "edtf_oracle.cjs"
assert (REPO / "node_modules" / "edtf").is_dir(), "npm edtf is missing: run `bash .ci/setup` (npm ci)"

Days = tuple[int, int]  # first and last day covered, as days since 1970-01-01 (UTC)

LISTED = [
    # level 0
    "2024", "2024-01", "2024-01-16", "0000", "9999", "-0044", "2024-01-16T04:30:15Z", "2024-01-16T04:30:15+03:30",
    "2024-01-16T04:30:15-05", "2024-01-16T23:59:59+14:00", "2024-01-16/2024-01-19", "2023/2024", "2024-01/2024-03",
    "2024-02-29", "2000-02-29",
    # level 1
    "2024~", "2024-01?", "2024-01-16%", "201X", "20XX", "2024-XX", "2024-01-XX", "2024-XX-XX", "2024-21", "2024-22",
    "2024-23", "2024-24", "Y170000002", "Y-170000002", "Y12345", "../2024-01-18", "2024-01-16/..", "/2024-01-18",
    "2024-01-16/", "2024-01-16~/2024-01-19?", "2024-21/2024-22",
    # near misses
    "2024-13", "2024-00", "2024-01-32", "2024-02-30", "2023-02-29", "2100-02-29", "1900-02-29", "-0000", "Y2024",
    "2024-1-16", "24", "2024/2023", "2024-01-19/2024-01-16", "../..", "/", "2024-01-16T04:30Z", "2024-01-16T04:30:15",
    "2024-01-16T24:00:00Z", "2024-01-16T04:30:15.5Z", "2024-01-16T04:30:15Z~", "2024-01-16T04:30:15+15:00",
    "2024-XX-16", "2XXX", "2024-25", "2024-33", "2024~?", "~2024", "2024-01-16 / 2024-01-19", "2004-06~-11",
]


def generated() -> list[str]:
    """Years x months x days, near the edges (leap days, month 00 and 13, seasons, X digits), with qualifiers."""
    texts: list[str] = []
    for year in ("2024", "2023", "2100", "0000", "-0044", "201X"):
        for month in ("", "-02", "-04", "-12", "-13", "-21", "-24", "-25", "-XX"):
            for day in ("",) if not month else ("", "-00", "-29", "-30", "-31", "-XX"):
                for qualifier in ("", "~", "%"):
                    texts.append(year + month + day + qualifier)
    ends = ("2024-01-16", "2023-12-31", "2024-02~", "2024-21", "..", "")
    texts += [f"{start}/{end}" for start in ends for end in ends]
    return texts


STRINGS = list(dict.fromkeys(LISTED + generated()))


@dataclass(frozen=True)
class Outcome:
    valid: bool
    days: Days | None = None  # None where an end is open or unknown, or the peer gives no bounds
    message: str = ""  # ours only: why it is refused


def days_of(year: int, month: int, day: int) -> int:
    return days_from_civil(year, month, day) - days_from_civil(1970, 1, 1)


def ours(text: str) -> Outcome:
    try:
        date = parse_edtf(text)
    except EdtfError as exc:
        return Outcome(False, message=str(exc))
    first, last = date.earliest(), date.latest()
    if first[0] != 1 or last[0] != 1:  # an open or unknown end
        return Outcome(True)
    return Outcome(True, (days_of(*first[1:4]), days_of(*last[1:4])))


@cache
def python_peer(text: str) -> Outcome:
    try:
        date = python_edtf.parse_edtf(text)
    except Exception:  # its parse error, or a crash of its own ('../' raises TypeError): it cannot read it
        return Outcome(False)
    try:
        low, high = date.lower_strict(), date.upper_strict()
    except (AttributeError, TypeError, ValueError, OverflowError):  # its open ends are floats, not dates
        return Outcome(True)
    if not isinstance(low, time.struct_time) or not isinstance(high, time.struct_time):
        return Outcome(True)
    return Outcome(True, (days_of(low.tm_year, low.tm_mon, low.tm_mday),
                          days_of(high.tm_year, high.tm_mon, high.tm_mday)))


@cache
def npm_peer() -> dict[str, Outcome]:
    done = subprocess.run(["node", str(NODE_ORACLE)], input=json.dumps(STRINGS), capture_output=True, text=True,
                          cwd=REPO, check=True, timeout=120)
    day = 86_400_000
    results: dict[str, Outcome] = {}
    for text, seen in json.loads(done.stdout).items():
        low, high = seen["min"], seen["max"]
        bounds = (low // day, high // day) if low is not None and high is not None else None
        results[text] = Outcome(seen["valid"], bounds)
    return results


# --- why ours is right where they differ -----------------------------------------------------------

Applies = Callable[[str, Outcome], bool]
SEASON = r"(?:^|/)-?[0-9]{4}-2[1-4](?=[~?%]?(?:/|$))"  # a season as a whole date or one end of an interval


@dataclass(frozen=True)
class Rule:
    name: str
    reason: str
    applies: Applies


def _non_leap_february_29(text: str, _ours: Outcome) -> bool:
    return any(not is_leap(int(year)) for year in re.findall(r"(-?[0-9]{4})-02-29", text))


def _says(words: str) -> Applies:
    return lambda _text, outcome: words in outcome.message


OURS_REFUSES = [
    Rule("no-29-february", "there is no 29 February in a year that is not a leap year (2023, 2100, 1900); "
         "both peers accept it (npm edtf moves it to 1 March)", _non_leap_february_29),
    Rule("reversed-interval", "an interval that ends before it starts is a typing mistake; npm edtf accepts it",
         _says("ends before it starts")),
    Rule("no-known-end", "an interval with no known start or end ('../..', '/') dates nothing",
         _says("has no known start or end")),
    Rule("level-2-sub-year", "months 25 to 41 are EDTF level 2 sub-year groupings (quarters, halves); factsheet "
         "reads levels 0 and 1, and says so", lambda text, _o: bool(re.search(r"^-?[0-9X]{4}-(2[5-9]|3[0-9]|4[01])",
                                                                              text))),
    Rule("level-2-unspecified", "X digits anywhere but the end of a year, an unknown month or an unknown day "
         "('2XXX', '201X-02', '2024-XX-16') are EDTF level 2; python-edtf reads level 2",
         _says("uses X in an unsupported place")),
    Rule("level-2-qualifier", "a qualifier before a date or on one part of it ('~2024', '2004-06~-11') is EDTF "
         "level 2; ours says where the qualifier goes", lambda text, _o: bool(re.search(r"[~?%](?!$|/)", text))),
    Rule("spaces", "EDTF has no spaces; python-edtf skips them around '/', ours says to remove them",
         lambda text, _o: " " in text),
    Rule("time-without-offset", "a time with no UTC offset cannot be placed beside times from other zones; "
         "a briefing spans several (Tehran is UTC+03:30, Islamabad UTC+05:00)", _says("has a time but no UTC offset")),
    Rule("hour-24", "'24:00:00' is '00:00:00' of the next day; one moment gets one spelling",
         _says("there is no hour 24")),
    Rule("two-digit-century", "'24' is ISO 8601's century 2400 to 2499, which npm edtf reads; a briefing's "
         "reader would take it for 2024, so ours asks for four digits",
         lambda text, _o: bool(re.fullmatch("[0-9]{2}", text))),
    Rule("fraction-of-second", "a briefing reports no fractions of a second", lambda text, _o: "." in text),
]
OURS_ACCEPTS = [
    Rule("qualified-season-or-unspecified", "'~', '?' and '%' qualify any date (ISO 8601-2), so 'about spring "
         "2024' is '2024-21~'; the peers disagree with each other here (python-edtf accepts '2024-01-XX~', npm "
         "edtf refuses it)", lambda text, _o: bool(re.search(SEASON + "[~?%]|X[~?%]", text))),
    Rule("time-without-seconds", "newsrooms report times to the minute; '04:30Z' covers 04:30:00 to 04:30:59 "
         "(python-edtf needs seconds; npm edtf agrees with us)",
         lambda text, _o: bool(re.search(r"T[0-9]{2}:[0-9]{2}[Z+-]", text))),
    Rule("qualified-time", "'about 04:30' is how a time is reported; the qualifier applies to the whole moment",
         lambda text, _o: bool(re.search(r"T.*[~?%]$", text))),
    Rule("season-in-an-interval", "either end of a level 1 interval may be any level 1 date, a season included "
         "('2024-21/2024-22'); python-edtf agrees, npm edtf refuses",
         lambda text, _o: "/" in text and bool(re.search(SEASON, text))),
]
BOUNDS = [
    Rule("seasons", "EDTF leaves seasons to the reader; ours are the northern meteorological seasons readers "
         "assume (winter 2024 is December 2024 to February 2025); python-edtf ends winter on 31 December, npm "
         "edtf reads 21 to 24 as quarters", lambda text, _o: bool(re.search(SEASON, text))),
    Rule("leap-year-zero", "year 0000 (1 BCE) is a leap year in the proleptic Gregorian calendar of ISO 8601 (it "
         "divides by 400); npm edtf moves 29 February 0000 to 1 March", lambda text, _o: text.startswith("0000-02")),
    Rule("negative-year-unspecified", "npm edtf gives a negative year with an unspecified month or day a first "
         "day after its last", lambda text, _o: text.startswith("-") and "X" in text),
]


def unexplained(peer: Callable[[str], Outcome]) -> tuple[list[str], set[str]]:
    """Texts where ours and the peer differ with no rule for it, and the names of the rules that were used."""
    left: list[str] = []
    used: set[str] = set()
    for text in STRINGS:
        mine, theirs = ours(text), peer(text)
        if mine.valid != theirs.valid:
            rules = OURS_ACCEPTS if mine.valid else OURS_REFUSES
        elif mine.days is not None and theirs.days is not None and mine.days != theirs.days:
            rules = BOUNDS
        else:
            continue
        reasons = [rule.name for rule in rules if rule.applies(text, mine)]
        used.update(reasons)
        if not reasons:
            left.append(f"{text!r}: ours {mine}, peer {theirs}")
    return left, used


PEERS: dict[str, Callable[[str], Outcome]] = {"python-edtf": python_peer, "npm edtf": lambda t: npm_peer()[t]}


def test_the_strings_cover_both_levels_and_both_outcomes() -> None:
    outcomes = [ours(text) for text in STRINGS]
    assert len(STRINGS) > 500
    assert sum(o.valid for o in outcomes) > 150 and sum(not o.valid for o in outcomes) > 150


@pytest.mark.parametrize("peer", sorted(PEERS))
def test_every_disagreement_is_explained(peer: str) -> None:
    left, _used = unexplained(PEERS[peer])
    assert left == []


def test_every_rule_explains_a_real_disagreement() -> None:
    used = set().union(*(unexplained(peer)[1] for peer in PEERS.values()))
    assert {rule.name for rule in OURS_REFUSES + OURS_ACCEPTS + BOUNDS} - used == set()


def test_the_peers_agree_with_ours_on_plain_dates() -> None:
    """A sanity check of the harness: where nothing is special, all three read the same days."""
    for text in ("2024", "2024-02", "2024-01-16", "2023/2024", "-0044", "201X", "2024-01-16T04:30:15Z"):
        mine = ours(text)
        assert mine.valid and mine.days is not None
        assert npm_peer()[text].days == mine.days, text
        if "T" not in text:  # python-edtf reads the date of a time as written, before any UTC offset
            assert python_peer(text).days == mine.days, text
