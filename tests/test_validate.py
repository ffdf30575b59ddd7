"""One tiny briefing per validation rule: the exact `PATH:LINE:COL: severity: MESSAGE` lines it gives."""

# ruff: noqa: E501  (exact messages read best unbroken)

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator import cli
from generator.build import check_briefing

WriteBriefing = Callable[..., Path]  # the briefing_dir fixture (conftest.py)

# The base records (see conftest.BASE_FILES) that a case extends; their lines are 1-6,
# so a line a case appends is line 7 onwards.
EVENT = """\
- id: strike
  date: 2024-01-16
  title: A strike
  actors: [iran, pakistan]
  places: [tehran]
  sources: [report]
"""
STATEMENT = """\
- id: comment
  speaker: iran
  said_on: 2024-01-16
  mode: verbatim
  text: Words.
  sources: [report]
"""
ACTORS = """\
- id: iran
  name: Iran
  kind: state
- id: pakistan
  name: Pakistan
  kind: state
"""
BRIEFING = """\
title: Test briefing
as_of: 2024-01-19
summary: A summary.
"""
KNOWN_SOURCE_KEYS = "id, title, kind, publisher, authors, url, archive_url, published, accessed, lang, note, formerly"


def event(extra: str = "", old: str = "", new: str = "") -> dict[str, str]:
    return {"events.yaml": EVENT.replace(old, new) + extra}


def statement(extra: str = "") -> dict[str, str]:
    return {"statements.yaml": STATEMENT + extra}


def actors(extra: str) -> dict[str, str]:
    return {"actors.yaml": ACTORS + extra}


def briefing(extra: str) -> dict[str, str]:
    return {"briefing.yaml": BRIEFING + extra}


def problems_of(write: WriteBriefing, overrides: dict[str, str | bytes | None]) -> list[str]:
    _model, problems = check_briefing(write(overrides))
    return [p.format() for p in problems.sorted()]


E, S, A, P, SRC, B = (f"b/content/{n}.yaml" for n in ("events", "statements", "actors", "places", "sources", "briefing"))

CASES: dict[str, tuple[dict[str, str | bytes | None], list[str]]] = {
    # --- keys ---------------------------------------------------------------------------------
    "unknown-key-did-you-mean": (
        event("  summery: x\n"),
        [f"{E}:7:3: error: unknown key 'summery' in an event; did you mean 'summary'?"],
    ),
    "unknown-key-no-close-match": (
        {"sources.yaml": "- id: report\n  title: A\n  zzz: 1\n"},
        [f"{SRC}:3:3: error: unknown key 'zzz' in a source; known keys: {KNOWN_SOURCE_KEYS}"],
    ),
    "unknown-key-nested": (
        event("  figures:\n    - {measure: killed, value: 2, claimed_by: iran, sources: [report], claimedby: x}\n"),
        [f"{E}:8:72: error: unknown key 'claimedby' in a figure; did you mean 'claimed_by'?"],
    ),
    "missing-briefing-keys": (
        {"briefing.yaml": "lang: en\n"},
        [
            f"{B}:1:1: error: required key 'as_of' is missing in a briefing",
            f"{B}:1:1: error: required key 'summary' is missing in a briefing",
            f"{B}:1:1: error: required key 'title' is missing in a briefing",
        ],
    ),
    "missing-event-keys": (
        {"events.yaml": "- id: strike\n  actors: [iran, pakistan]\n  places: [tehran]\n"},
        [
            f"{E}:1:3: error: required key 'date' is missing in an event",
            f"{E}:1:3: error: required key 'sources' is missing in an event",
            f"{E}:1:3: error: required key 'title' is missing in an event",
        ],
    ),
    "missing-actor-keys": (
        {"actors.yaml": "- id: iran\n- id: pakistan\n  name: Pakistan\n  kind: state\n"},
        [
            f"{A}:1:3: error: required key 'kind' is missing in an actor",
            f"{A}:1:3: error: required key 'name' is missing in an actor",
        ],
    ),
    "missing-statement-keys": (
        {"statements.yaml": "- id: comment\n"},
        [
            f"{S}:1:3: error: required key 'mode' is missing in a statement",
            f"{S}:1:3: error: required key 'said_on' is missing in a statement",
            f"{S}:1:3: error: required key 'sources' is missing in a statement",
            f"{S}:1:3: error: required key 'speaker' is missing in a statement",
            f"{S}:1:3: error: required key 'text' is missing in a statement",
        ],
    ),
    "missing-source-keys": (
        {"sources.yaml": "- id: report\n"},
        [f"{SRC}:1:3: error: required key 'title' is missing in a source"],
    ),
    "missing-place-keys": (
        {"places.yaml": "- id: tehran\n"},
        [f"{P}:1:3: error: required key 'name' is missing in a place"],
    ),
    "missing-id": (
        {"places.yaml": "- id: tehran\n  name: Tehran\n- name: Quetta\n"},
        [f"{P}:3:3: error: required key 'id' is missing in a place"],
    ),
    "required-key-null": (
        {"sources.yaml": "- id: report\n  title:\n"},
        [f"{SRC}:1:3: error: required key 'title' has no value in a source"],
    ),
    "missing-role-title": (
        actors("  roles:\n    - {organization: iran}\n"),
        [f"{A}:8:7: error: required key 'title' is missing in a role"],
    ),
    # --- types --------------------------------------------------------------------------------
    "text-got-list": (event("  summary: [a]\n"), [f"{E}:7:12: error: expected Markdown text, found a list"]),
    "text-got-mapping": (event("  kind: {a: b}\n"), [f"{E}:7:9: error: expected text, found a mapping"]),
    "text-empty": (event("  kind: '  '\n"), [f"{E}:7:9: error: text is empty; write something or remove the key"]),
    "text-bidi-control": (
        event("  kind: \"a\\u202Eb\"\n"),
        [
            f"{E}:7:9: error: contains the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE), which can make "
            "text read as something else; remove it"
        ],
    ),
    "list-got-text": (event("  tags: foo\n"), [f"{E}:7:9: error: expected a list of text, found 'foo'"]),
    "citation-list-got-text": (
        {"events.yaml": EVENT.replace("sources: [report]", "sources: report")},
        [f"{E}:6:12: error: expected a list of citations, found 'report'"],
    ),
    "ref-list-got-mapping": (
        event("  related: {id: strike}\n"),
        [f"{E}:7:12: error: expected a list of event ids, found a mapping"],
    ),
    "mapping-got-list": (
        {"places.yaml": "- id: tehran\n  name: Tehran\n  geo: [1, 2]\n"},
        [f"{P}:3:8: error: expected a geo, found a list"],
    ),
    "mapping-got-text": (
        statement("  original: words\n"),
        [f"{S}:7:13: error: expected an original, found 'words'"],
    ),
    "int-got-word": (event("  sequence: two\n"), [f"{E}:7:13: error: expected a whole number, found 'two'"]),
    "int-got-float": (event("  sequence: 1.5\n"), [f"{E}:7:13: error: expected a whole number, found '1.5'"]),
    "int-got-quoted": (
        event("  sequence: '2'\n"),
        [f"{E}:7:13: error: expected a whole number, found the quoted text '2'; remove the quotes"],
    ),
    "bool-got-yes": (event("  key: yes\n"), [f"{E}:7:8: error: expected true or false, found 'yes'"]),
    "bool-got-quoted": (
        event('  key: "true"\n'),
        [f"{E}:7:8: error: expected true or false, found the quoted text 'true'; remove the quotes"],
    ),
    "number-got-word": (
        {"places.yaml": "- id: tehran\n  name: Tehran\n  geo: {lat: north, lon: 2}\n"},
        [f"{P}:3:14: error: expected a number, found 'north'"],
    ),
    "number-got-quoted": (
        {"places.yaml": "- id: tehran\n  name: Tehran\n  geo: {lat: '35.7', lon: 2}\n"},
        [f"{P}:3:14: error: expected a number, found the quoted text '35.7'; remove the quotes"],
    ),
    "record-got-list-of-lists": (
        {"sources.yaml": "- id: report\n  title: A\n- [x]\n"},
        [f"{SRC}:3:3: error: expected a record (a mapping of keys), found a list"],
    ),
    # --- ids ----------------------------------------------------------------------------------
    "bad-id-uppercase": (
        {"sources.yaml": "- id: report\n  title: A\n- id: Report_1\n  title: B\n"},
        [
            f"{SRC}:3:7: error: 'Report_1' is not a valid id: use lowercase a-z, digits and hyphens, starting "
            "with a letter or digit, at most 80 characters (e.g. 'report-1')"
        ],
    ),
    "bad-id-leading-hyphen": (
        {"sources.yaml": "- id: report\n  title: A\n- id: -x\n  title: B\n"},
        [
            f"{SRC}:3:7: error: '-x' is not a valid id: use lowercase a-z, digits and hyphens, starting "
            "with a letter or digit, at most 80 characters (e.g. 'x')"
        ],
    ),
    "bad-id-too-long": (
        {"sources.yaml": "- id: report\n  title: A\n- id: " + "a" * 81 + "\n  title: B\n"},
        [
            f"{SRC}:3:7: error: '{'a' * 57}...' is not a valid id: use lowercase a-z, digits and hyphens, "
            f"starting with a letter or digit, at most 80 characters (e.g. '{'a' * 80}')"
        ],
    ),
    "bad-id-reference": (
        event("  related: [Strike]\n"),
        [
            f"{E}:7:13: error: 'Strike' is not a valid id: use lowercase a-z, digits and hyphens, starting "
            "with a letter or digit, at most 80 characters (e.g. 'strike')"
        ],
    ),
    "duplicate-id": (
        {"sources.yaml": "- id: report\n  title: A\n- id: report\n  title: B\n"},
        [
            f"{SRC}:3:7: error: duplicate source id 'report' (first defined at {SRC}:1:7); "
            "ids must be unique within a collection"
        ],
    ),
    "duplicate-id-across-files": (
        {"events/more.yaml": EVENT},
        [
            # events/ is read before events.yaml (files in name order), so the copy in events.yaml is the second
            f"{E}:1:7: error: duplicate event id 'strike' (first defined at b/content/events/more.yaml:1:7); "
            "ids must be unique within a collection"
        ],
    ),
    # --- references ---------------------------------------------------------------------------
    "ref-actors": (
        event(old="pakistan]", new="pakistan, pakistn]"),
        [f"{E}:4:28: error: unknown actor 'pakistn'; did you mean 'pakistan'?"],
    ),
    "ref-actors-mapping": (
        event(old="pakistan]", new="pakistan, {actor: irn, role: target}]"),
        [f"{E}:4:36: error: unknown actor 'irn'; did you mean 'iran'?"],
    ),
    "ref-places": (
        event(old="[tehran]", new="[tehran, tehrn]"),
        [f"{E}:5:20: error: unknown place 'tehrn'; did you mean 'tehran'?"],
    ),
    "ref-related": (event("  related: [strik]\n"), [f"{E}:7:13: error: unknown event 'strik'; did you mean 'strike'?"]),
    "ref-claimed-by": (
        event("  figures:\n    - {measure: killed, value: 2, claimed_by: irn, sources: [report]}\n"),
        [f"{E}:8:47: error: unknown actor 'irn'; did you mean 'iran'?"],
    ),
    "ref-speaker": (
        {"statements.yaml": STATEMENT.replace("speaker: iran", "speaker: irn") + "  audience: [iran]\n"},
        [f"{S}:2:12: error: unknown actor 'irn'; did you mean 'iran'?"],
    ),
    "ref-audience": (
        statement("  audience: [pakistn]\n"),
        [f"{S}:7:14: error: unknown actor 'pakistn'; did you mean 'pakistan'?"],
    ),
    "ref-via-actor-or-source": (
        statement("  via: [reprt]\n"),
        [f"{S}:7:9: error: unknown actor or source 'reprt'; did you mean 'report'?"],
    ),
    "ref-event": (statement("  event: strik\n"), [f"{S}:7:10: error: unknown event 'strik'; did you mean 'strike'?"]),
    "ref-about-event-or-actor": (
        statement("  about: [iram]\n"),
        [f"{S}:7:11: error: unknown event or actor 'iram'; did you mean 'iran'?"],
    ),
    "ref-country": (actors("  country: tehrn\n"), [f"{A}:7:12: error: unknown place 'tehrn'; did you mean 'tehran'?"]),
    "ref-parent": (actors("  parent: irn\n"), [f"{A}:7:11: error: unknown actor 'irn'; did you mean 'iran'?"]),
    "ref-organization": (
        actors("  roles:\n    - {title: Minister, organization: irn}\n"),
        [f"{A}:8:39: error: unknown actor 'irn'; did you mean 'iran'?"],
    ),
    "ref-designations-by": (
        actors("  designations:\n    - {by: irn, label: terrorist}\n"),
        [f"{A}:8:12: error: unknown actor 'irn'; did you mean 'iran'?"],
    ),
    "ref-within": (
        {"places.yaml": "- id: tehran\n  name: Tehran\n  within: tehrn\n"},
        [f"{P}:3:11: error: unknown place 'tehrn'; did you mean 'tehran'?"],
    ),
    "ref-citation-source": (
        {"events.yaml": EVENT.replace("sources: [report]", "sources: [report, {source: reprt, locator: p. 1}]")},
        [f"{E}:6:30: error: unknown source 'reprt'; did you mean 'report'?"],
    ),
    "ref-key-point-citation": (
        briefing("key_points:\n  - {text: A point., sources: [reprt]}\n"),
        [f"{B}:5:32: error: unknown source 'reprt'; did you mean 'report'?"],
    ),
    "ref-no-close-match": (event("  related: [zzz]\n"), [f"{E}:7:13: error: unknown event 'zzz'"]),
    "ref-matches-an-actor-name": (
        {**actors("- id: fm\n  name: Jalil Abbas Jilani\n  kind: person\n"), **statement("  audience: [jilani]\n")},
        [f"{A}:7:7: warning: actor 'fm' is unused: nothing references it",
         f"{S}:7:14: error: unknown actor 'jilani'; did you mean 'fm' (Jalil Abbas Jilani)?"],
    ),
    "ref-matches-a-full-actor-name": (
        {**actors("- id: fm\n  name: Jalil Abbas Jilani\n  kind: person\n"),
         **statement("  audience: [jalil-abas-jilani]\n")},
        [f"{A}:7:7: warning: actor 'fm' is unused: nothing references it",
         f"{S}:7:14: error: unknown actor 'jalil-abas-jilani'; did you mean 'fm' (Jalil Abbas Jilani)?"],
    ),
    "ref-matches-a-place-name": (
        {"places.yaml": "- id: tehran\n  name: Tehran\n- id: q1\n  name: Quetta\n", **event("", "[tehran]", "[tehran, queta]")},
        [f"{E}:5:20: error: unknown place 'queta'; did you mean 'q1' (Quetta)?",
         f"{P}:3:7: warning: place 'q1' is unused: nothing references it"],
    ),
    # --- dates --------------------------------------------------------------------------------
    "date-impossible": (
        {"events.yaml": EVENT.replace("2024-01-16", "2024-02-30")},
        [f"{E}:2:9: error: '2024-02-30' is not a valid date: February 2024 has 29 days"],
    ),
    "date-year-of-thousands-of-digits": (
        {"events.yaml": EVENT.replace("2024-01-16", "Y" + "1" * 5000)},
        [f"{E}:2:9: error: 'Y{'1' * 39}…' has a year of 5000 digits; factsheet reads years of at most 12 digits"],
    ),
    "date-time-without-offset": (
        {"events.yaml": EVENT.replace("2024-01-16", "2024-01-16T04:30")},
        [
            f"{E}:2:9: error: '2024-01-16T04:30' has a time but no UTC offset; add one, e.g. "
            "'2024-01-16T04:30+03:30' or '2024-01-16T04:30Z'"
        ],
    ),
    "date-interval-reversed": (
        {"events.yaml": EVENT.replace("2024-01-16", "2024-01-19/2024-01-16")},
        [f"{E}:2:9: error: interval '2024-01-19/2024-01-16' ends before it starts"],
    ),
    "date-as-of-not-day": (
        {"briefing.yaml": BRIEFING.replace("2024-01-19", "2024-01")},
        [f"{B}:2:8: error: '2024-01' must be a single day or finer, e.g. '2024-01-19'"],
    ),
    "date-as-of-interval": (
        {"briefing.yaml": BRIEFING.replace("2024-01-19", "2024-01-18/2024-01-19")},
        [f"{B}:2:8: error: '2024-01-18/2024-01-19' must be a single day or finer, e.g. '2024-01-19'"],
    ),
    "date-coverage-not-interval": (
        briefing("coverage: 2024-01-16\n"),
        [f"{B}:4:11: error: '2024-01-16' must be an interval, e.g. '2024-01-16/2024-01-19'"],
    ),
    "date-role-ends-before-start": (
        actors("  roles:\n    - {title: Minister, start: 2023-05, end: 2022}\n"),
        [f"{A}:8:46: error: role ends (2022) before it starts (2023-05)"],
    ),
    # --- URLs ---------------------------------------------------------------------------------
    "url-javascript": (
        {"sources.yaml": "- id: report\n  title: A\n  url: javascript:alert(1)\n"},
        [f"{SRC}:3:8: error: 'javascript:alert(1)' is not an absolute http:// or https:// URL; write the full address"],
    ),
    "url-relative": (
        {"sources.yaml": "- id: report\n  title: A\n  url: /news/1\n"},
        [f"{SRC}:3:8: error: '/news/1' is not an absolute http:// or https:// URL; write the full address"],
    ),
    "url-ftp": (
        {"sources.yaml": "- id: report\n  title: A\n  archive_url: ftp://example.org/a\n"},
        [f"{SRC}:3:16: error: 'ftp://example.org/a' is not an absolute http:// or https:// URL; write the full address"],
    ),
    "url-no-host": (
        briefing("base_url: 'https:///path'\n"),
        [f"{B}:4:11: error: 'https:///path' is not an absolute http:// or https:// URL; write the full address"],
    ),
    "url-with-space": (
        {"sources.yaml": "- id: report\n  title: A\n  url: https://example.org/a b\n"},
        [f"{SRC}:3:8: error: 'https://example.org/a b' is not an absolute http:// or https:// URL; write the full address"],
    ),
    # --- sources required ---------------------------------------------------------------------
    "event-without-sources": (
        {"events.yaml": EVENT.replace("  sources: [report]\n", "")},
        [f"{E}:1:3: error: required key 'sources' is missing in an event"],
    ),
    "event-empty-sources": (
        {"events.yaml": EVENT.replace("[report]", "[]")},
        [f"{E}:6:12: error: an event needs at least one source"],
    ),
    "statement-without-sources": (
        {"statements.yaml": STATEMENT.replace("  sources: [report]\n", "")},
        [f"{S}:1:3: error: required key 'sources' is missing in a statement"],
    ),
    "statement-empty-sources": (
        {"statements.yaml": STATEMENT.replace("[report]", "[]")},
        [f"{S}:6:12: error: a statement needs at least one source"],
    ),
    "figure-without-sources": (
        event("  figures:\n    - {measure: killed, value: 1, claimed_by: iran}\n"),
        [f"{E}:8:7: error: required key 'sources' is missing in a figure"],
    ),
    "figure-empty-sources": (
        event("  figures:\n    - {measure: killed, value: 1, claimed_by: iran, sources: []}\n"),
        [f"{E}:8:62: error: a figure needs at least one source"],
    ),
    # --- figures and geo ----------------------------------------------------------------------
    "figure-without-amount": (
        event("  figures:\n    - {measure: killed, claimed_by: iran, sources: [report]}\n"),
        [f"{E}:8:7: error: a figure needs one of value, min, max or as_reported"],
    ),
    "figure-min-above-max": (
        event("  figures:\n    - {measure: killed, min: 9, max: 3, claimed_by: iran, sources: [report]}\n"),
        [f"{E}:8:30: error: min (9) is greater than max (3)"],
    ),
    "figure-value-and-range": (
        event("  figures:\n    - {measure: killed, value: 3, min: 1, claimed_by: iran, sources: [report]}\n"),
        [f"{E}:8:7: error: a figure has either an exact value or a min/max range, not both"],
    ),
    "figure-negative": (
        event("  figures:\n    - {measure: killed, value: -3, claimed_by: iran, sources: [report]}\n"),
        [f"{E}:8:32: error: value cannot be negative"],
    ),
    "figure-unknown-scale": (
        event("  figures:\n    - {measure: trade, value: 9.6, scale: billions, claimed_by: iran, sources: [report]}\n"),
        [f"{E}:8:43: error: 'billions' is not allowed here; did you mean 'billion'?"],
    ),
    "figure-unknown-per": (
        event("  figures:\n    - {measure: trade, value: 9.6, per: daily, claimed_by: iran, sources: [report]}\n"),
        [f"{E}:8:41: error: 'daily' is not allowed here; did you mean 'day'?"],
    ),
    "figure-quoted-decimal": (
        event("  figures:\n    - {measure: trade, value: '9.6', claimed_by: iran, sources: [report]}\n"),
        [f"{E}:8:31: error: expected a number, found the quoted text '9.6'; remove the quotes"],
    ),
    "figure-decimal-min-above-max": (
        event("  figures:\n    - {measure: trade, min: 9.6, max: 3.5, claimed_by: iran, sources: [report]}\n"),
        [f"{E}:8:29: error: min (9.6) is greater than max (3.5)"],
    ),
    "figure-part-larger-than-whole": (
        event("  figures:\n    - {measure: killed, value: 5, claimed_by: iran, sources: [report],\n"
              "       parts: [{category: children, value: 6}]}\n"),
        [f"{E}:9:44: error: a part (6) is larger than its whole (5)"],
    ),
    "figure-part-larger-than-whole-scaled": (
        event("  figures:\n    - {measure: trade, value: 1.5, scale: billion, unit: USD, claimed_by: iran,\n"
              "       sources: [report], parts: [{category: fuel, min: 2}]}\n"),
        [f"{E}:9:57: error: a part (2) is larger than its whole (1.5)"],
    ),
    "figure-part-another-claimant": (
        event("  figures:\n    - {measure: killed, min: 9, claimed_by: iran, sources: [report],\n"
              "       parts: [{category: children, value: 6, claimed_by: pakistan}]}\n"),
        [f"{E}:9:59: error: a part is claimed by 'pakistan' but its figure by 'iran': another claimant's number is a figure of its own"],
    ),
    "figure-part-without-amount": (
        event("  figures:\n    - {measure: killed, min: 9, claimed_by: iran, sources: [report],\n"
              "       parts: [{category: children}]}\n"),
        [f"{E}:9:16: error: a part of a figure needs one of value, min, max or as_reported"],
    ),
    "figure-part-without-category": (
        event("  figures:\n    - {measure: killed, min: 9, claimed_by: iran, sources: [report],\n"
              "       parts: [{value: 6}]}\n"),
        [f"{E}:9:16: error: required key 'category' is missing in a part of a figure"],
    ),
    "figure-supersedes-unknown": (
        event("  figures:\n    - {id: toll-1, measure: killed, min: 9, claimed_by: iran, sources: [report]}\n"
              "    - {measure: killed, min: 11, supersedes: tol-1, claimed_by: iran, sources: [report]}\n"),
        [f"{E}:9:46: error: unknown figure 'tol-1' in supersedes; did you mean 'toll-1'?"],
    ),
    "figure-supersedes-without-ids": (
        event("  figures:\n    - {measure: killed, min: 11, supersedes: toll-1, claimed_by: iran, sources: [report]}\n"),
        [f"{E}:8:46: error: unknown figure 'toll-1' in supersedes (no figure has an id: give the earlier figure one)"],
    ),
    "figure-supersedes-itself": (
        event("  figures:\n    - {id: toll-1, measure: killed, min: 11, supersedes: toll-1, claimed_by: iran, sources: [report]}\n"),
        [f"{E}:8:58: error: figure 'toll-1' cannot supersede itself"],
    ),
    "figure-id-twice": (
        event("  figures:\n    - {id: toll, measure: killed, min: 9, claimed_by: iran, sources: [report]}\n"
              "    - {id: toll, measure: killed, min: 11, claimed_by: iran, sources: [report]}\n"),
        [f"{E}:9:12: error: figure id 'toll' is already used at {E}:8:12"],
    ),
    "geo-lat-out-of-range": (
        {"places.yaml": "- id: tehran\n  name: Tehran\n  geo: {lat: 91, lon: 51.4}\n"},
        [f"{P}:3:14: error: lat 91.0 is outside -90..90"],
    ),
    "geo-lon-out-of-range": (
        {"places.yaml": "- id: tehran\n  name: Tehran\n  geo: {lat: 35.7, lon: -180.5}\n"},
        [f"{P}:3:25: error: lon -180.5 is outside -180..180"],
    ),
    # --- enumerations and language tags -------------------------------------------------------
    "enum-status": (event("  status: confirmd\n"), [f"{E}:7:11: error: 'confirmd' is not allowed here; did you mean 'confirmed'?"]),
    "enum-mode": (
        {"statements.yaml": STATEMENT.replace("verbatim", "quote")},
        [f"{S}:4:9: error: 'quote' is not allowed here; use one of verbatim, partial, paraphrase, summary"],
    ),
    "enum-actor-kind": (
        {"actors.yaml": ACTORS.replace("kind: state", "kind: country", 1)},
        [
            f"{A}:3:9: error: 'country' is not allowed here; use one of person, state, government, organization, "
            "armed-group, media, population"
        ],
    ),
    "enum-source-kind": (
        {"sources.yaml": "- id: report\n  title: A\n  kind: newspaper\n"},
        [f"{SRC}:3:9: error: 'newspaper' is not allowed here; did you mean 'news'?"],
    ),
    "enum-place-kind": (
        {"places.yaml": "- id: tehran\n  name: Tehran\n  kind: capital\n"},
        [
            f"{P}:3:9: error: 'capital' is not allowed here; use one of country, province, district, city, town, "
            "border-area, region, site"
        ],
    ),
    "enum-role-qualifier": (
        actors("  roles:\n    - {title: Minister, qualifier: actng}\n"),
        [f"{A}:8:36: error: 'actng' is not allowed here; did you mean 'acting'?"],
    ),
    "enum-name-kind": (
        actors("  names:\n    - {name: Pak, kind: short}\n"),
        [
            f"{A}:8:25: error: 'short' is not allowed here; use one of variant, original, transliteration, "
            "translation, acronym"
        ],
    ),
    "enum-change-kind": (
        briefing("changes:\n  - {date: 2024-01-19, text: x, kind: fix}\n"),
        [f"{B}:5:39: error: 'fix' is not allowed here; use one of update, correction"],
    ),
    "lang-tag-briefing": (
        briefing("lang: english language\n"),
        [f"{B}:4:7: error: 'english language' is not a BCP 47 language tag such as 'en', 'fa' or 'ur-PK'"],
    ),
    "lang-tag-statement": (
        statement("  lang: e\n"),
        [f"{S}:7:9: error: 'e' is not a BCP 47 language tag such as 'en', 'fa' or 'ur-PK'"],
    ),
    "lang-tag-original": (
        statement("  original: {text: Words, lang: farsi_}\n"),
        [f"{S}:7:33: error: 'farsi_' is not a BCP 47 language tag such as 'en', 'fa' or 'ur-PK'"],
    ),
    # --- warnings -----------------------------------------------------------------------------
    "warn-unused-source": (
        {"sources.yaml": "- id: report\n  title: A\n- id: other\n  title: B\n"},
        [f"{SRC}:3:7: warning: source 'other' is unused: nothing cites it"],
    ),
    "warn-unused-actor": (
        actors("- id: india\n  name: India\n  kind: state\n"),
        [f"{A}:7:7: warning: actor 'india' is unused: nothing references it"],
    ),
    "warn-unused-place": (
        {"places.yaml": "- id: tehran\n  name: Tehran\n- id: quetta\n  name: Quetta\n"},
        [f"{P}:3:7: warning: place 'quetta' is unused: nothing references it"],
    ),
    "warn-statement-days-after-its-event": (
        {"statements.yaml": STATEMENT.replace("2024-01-16", "2024-01-18") + "  event: strike\n"},
        [
            f"{S}:3:12: warning: statement 'comment' is dated 2024-01-18, 2 days after its event 'strike' "
            "(2024-01-16); if it reacts to the event rather than being part of it, write 'about: [strike]' "
            "instead of 'event: strike'"
        ],
    ),
    "statement-the-day-after-its-event-is-normal": (
        {"statements.yaml": STATEMENT.replace("2024-01-16", "2024-01-17") + "  event: strike\n"},
        [],
    ),
    "statement-the-day-after-an-interval-event-is-normal": (
        {**event("", "2024-01-16", "2024-01-14/2024-01-16"),
         "statements.yaml": STATEMENT.replace("2024-01-16", "2024-01-17T01:30+03:30") + "  event: strike\n"},
        [],
    ),
    "warn-statement-before-its-event": (
        {"statements.yaml": STATEMENT.replace("2024-01-16", "2024-01-15") + "  event: strike\n"},
        [
            f"{S}:3:12: warning: statement 'comment' is dated 2024-01-15, outside the dates of its event "
            "'strike' (2024-01-16)"
        ],
    ),
    "warn-event-after-as-of": (
        event("", "2024-01-16", "2024-01-20"),
        [f"{E}:2:9: warning: event 'strike' is dated 2024-01-20, after the briefing's as_of (2024-01-19); "
         "correct the date, or move as_of forward"],
    ),
    "warn-statement-after-as-of": (
        {"statements.yaml": STATEMENT.replace("2024-01-16", "2024-02")},
        [f"{S}:3:12: warning: statement 'comment' is dated 2024-02, after the briefing's as_of (2024-01-19); "
         "correct the date, or move as_of forward"],
    ),
    "event-spanning-as-of-is-fine": (event("", "2024-01-16", "2024-01"), []),
    "warn-event-outside-coverage": (
        {**briefing("coverage: 2024-01-16/2024-01-19\n"), **event("", "2024-01-16", "2024-01-10~")},
        [f"{E}:2:9: warning: event 'strike' is dated 2024-01-10~, outside the briefing's coverage "
         "(2024-01-16/2024-01-19); correct the date, or widen coverage"],
    ),
    "open-coverage-holds-earlier-events": (
        {**briefing("coverage: ../2024-01-19\n"), **event("", "2024-01-16", "1999")},
        [],
    ),
    "warn-markdown-bold-in-a-title": (
        event("", "title: A strike", "title: A **big** strike"),
        [f"{E}:3:10: warning: 'title' is plain text, not Markdown: '**big**' would be shown as written; "
         "remove the bold marks"],
    ),
    "warn-markdown-link-in-a-figure": (
        event("  figures:\n    - {measure: killed, value: 2, claimed_by: iran, sources: [report],\n"
              "       as_reported: 'two, [said](https://example.org) officials'}\n"),
        [f"{E}:9:21: warning: 'as_reported' is plain text, not Markdown: '[said](https://example.org)' would be "
         "shown as written; remove the link syntax (cite the page as a source instead)"],
    ),
    "warn-markdown-in-a-list-of-text": (
        event("  tags: [news, '`code`']\n"),
        [f"{E}:7:9: warning: 'tags' is plain text, not Markdown: '`code`' would be shown as written; "
         "remove the backticks"],
    ),
    "markdown-in-a-markdown-field-is-fine": (event("  summary: A **big** [strike](https://example.org)\n"), []),
    "asterisks-and-brackets-in-plain-text-are-fine": (
        event("", "title: A strike", "title: 'A strike [sic] * 2 (or more) on 5*3 targets'"),
        [],
    ),
    "warn-same-actor-names": (
        actors("- id: iran-2\n  name: ÎRAN.\n  kind: government\n  parent: iran\n- id: x\n  name: X\n  kind: state\n"
               "  parent: iran-2\n"),
        [
            f"{A}:8:9: warning: actor 'iran-2' has the same name as 'iran' (\"Iran\"); "
            "merge them or make the names distinct",
            f"{A}:11:7: warning: actor 'x' is unused: nothing references it",
        ],
    ),
}


@pytest.mark.parametrize(("overrides", "expected"), CASES.values(), ids=CASES.keys())
def test_rule(briefing_dir: WriteBriefing, overrides: dict[str, str | bytes | None], expected: list[str]) -> None:
    assert problems_of(briefing_dir, overrides) == expected


# --- what must pass --------------------------------------------------------------------------


def test_base_briefing_is_clean(briefing_dir: WriteBriefing) -> None:
    assert problems_of(briefing_dir, {}) == []


def test_references_from_any_field_count_as_use(briefing_dir: WriteBriefing) -> None:
    overrides: dict[str, str | bytes | None] = {
        "places.yaml": "- id: tehran\n  name: Tehran\n  within: iran-land\n"
        "- id: iran-land\n  name: Iran (land)\n- id: pk-land\n  name: Pakistan (land)\n",
        "actors.yaml": ACTORS + "  country: pk-land\n"
        "- id: minister\n  name: Minister\n  kind: person\n  roles: [{title: Minister, organization: ministry}]\n"
        "- id: ministry\n  name: Ministry\n  kind: government\n"
        "- id: listener\n  name: Listener\n  kind: state\n"
        "- id: relay\n  name: Relay\n  kind: media\n"
        "- id: subject\n  name: Subject\n  kind: population\n",
        "sources.yaml": "- id: report\n  title: A\n- id: wire\n  title: B\n",
        "statements.yaml": STATEMENT.replace("speaker: iran", "speaker: minister")
        + "  audience: [listener]\n  via: [relay, wire]\n  about: [subject]\n",
    }
    assert problems_of(briefing_dir, overrides) == []


def test_x_keys_pass_through_to_the_model(briefing_dir: WriteBriefing) -> None:
    model, problems = check_briefing(briefing_dir(event("  x_color: red\n  x_list: [1, {a: b}]\n")))
    assert problems.sorted() == []
    assert model is not None
    assert model.events[0].extra == {"x_color": "red", "x_list": ["1", {"a": "b"}]}


def test_null_optional_values_are_accepted(briefing_dir: WriteBriefing) -> None:
    model, problems = check_briefing(briefing_dir(event("  summary:\n  kind: ~\n  tags: null\n  key: NULL\n")))
    assert problems.sorted() == []
    assert model is not None
    strike = model.events[0]
    assert (strike.summary, strike.kind, strike.tags, strike.key) == (None, None, (), False)


def test_yes_no_on_off_are_text(briefing_dir: WriteBriefing) -> None:
    overrides = {
        "events.yaml": EVENT.replace("title: A strike", "title: no") + "  kind: yes\n  tags: [on, off, Yes, NO]\n"
    }
    model, problems = check_briefing(briefing_dir(overrides))
    assert problems.sorted() == []
    assert model is not None
    strike = model.events[0]
    assert (strike.title, strike.kind, strike.tags) == ("no", "yes", ("on", "off", "Yes", "NO"))


def test_unquoted_years_times_and_dates_stay_as_written(briefing_dir: WriteBriefing) -> None:
    overrides = {
        "events.yaml": EVENT + "  date_display: 22:30\n  kind: 2024\n  tags: [2024-01-16, 1:30:00, 0x1F, 1e3, .inf, 010]\n",
        "sources.yaml": "- id: report\n  title: 2024\n  published: 2024\n  accessed: 2024-01-16\n",
    }
    model, problems = check_briefing(briefing_dir(overrides))
    assert problems.sorted() == []
    assert model is not None
    strike, report = model.events[0], model.sources[0]
    assert (strike.date_display, strike.kind) == ("22:30", "2024")
    assert strike.tags == ("2024-01-16", "1:30:00", "0x1F", "1e3", ".inf", "010")
    assert (report.title, report.published.text, report.accessed.text) == ("2024", "2024", "2024-01-16")  # type: ignore[union-attr]
    assert strike.date.text == "2024-01-16"


def test_any_script_is_text(briefing_dir: WriteBriefing) -> None:
    overrides = {"actors.yaml": ACTORS.replace("name: Iran", "name: جلیل عباس جیلانی")}
    model, problems = check_briefing(briefing_dir(overrides))
    assert problems.sorted() == []
    assert model is not None
    assert model.get("actors", "iran").name == "جلیل عباس جیلانی"


# --- several problems at once; strict mode ---------------------------------------------------


def test_every_problem_of_a_run_is_reported_sorted(briefing_dir: WriteBriefing) -> None:
    overrides: dict[str, str | bytes | None] = {
        "statements.yaml": STATEMENT.replace("verbatim", "quoted") + "  event: strik\n",
        "events.yaml": EVENT.replace("2024-01-16", "2024-13-01") + "  key: maybe\n",
        "sources.yaml": "- id: report\n  title: A\n  url: ftp://x.org/\n",
    }
    assert problems_of(briefing_dir, overrides) == [
        f"{E}:2:9: error: '2024-13-01' is not a valid date: there is no month 13; use 01 to 12, or 21 to 24 for a season",
        f"{E}:7:8: error: expected true or false, found 'maybe'",
        f"{SRC}:3:8: error: 'ftp://x.org/' is not an absolute http:// or https:// URL; write the full address",
        f"{S}:4:9: error: 'quoted' is not allowed here; use one of verbatim, partial, paraphrase, summary",
        f"{S}:7:10: error: unknown event 'strik'; did you mean 'strike'?",
    ]


def test_errors_in_an_unreadable_file_do_not_cascade(briefing_dir: WriteBriefing) -> None:
    # sources.yaml cannot be read, so the references to 'report' elsewhere are not reported as unknown.
    overrides: dict[str, str | bytes | None] = {"sources.yaml": "- id: report\n  title: [A\n"}
    assert problems_of(briefing_dir, overrides) == [
        f"{SRC}:3:1: error: YAML syntax error: did not find expected ',' or ']'"
    ]


def test_a_bad_id_is_not_also_reported_unused(briefing_dir: WriteBriefing) -> None:
    overrides: dict[str, str | bytes | None] = {"places.yaml": "- id: tehran\n  name: Tehran\n- id: Quetta\n  name: Q\n"}
    assert problems_of(briefing_dir, overrides) == [
        f"{P}:3:7: error: 'Quetta' is not a valid id: use lowercase a-z, digits and hyphens, starting with a "
        "letter or digit, at most 80 characters (e.g. 'quetta')"
    ]


@pytest.mark.parametrize(("strict", "status"), [(False, 0), (True, 1)])
def test_strict_makes_warnings_fatal(
    briefing_dir: WriteBriefing, capsys: pytest.CaptureFixture[str], strict: bool, status: int
) -> None:
    directory = briefing_dir({"places.yaml": "- id: tehran\n  name: Tehran\n- id: quetta\n  name: Quetta\n"})
    argv = ["check", str(directory)] + (["--strict"] if strict else [])
    assert cli.main(argv) == status
    summary = "factsheet: 0 errors, 1 warning" + (" (--strict: warnings are errors)" if strict else "")
    last = summary if strict else "factsheet: briefing is valid"
    assert capsys.readouterr().err.splitlines() == [
        f"{P}:3:7: warning: place 'quetta' is unused: nothing references it",
        summary,
        *([] if strict else [last]),
    ]
    assert not Path(directory, "site").exists()



def test_places_within_each_other_in_a_loop(briefing_dir: WriteBriefing) -> None:
    places = (
        "- id: tehran\n  name: Tehran\n"
        "- id: a\n  name: A\n  within: b\n"
        "- id: b\n  name: B\n  within: c\n"
        "- id: c\n  name: C\n  within: a\n"
        "- id: d\n  name: D\n  within: d\n"
    )
    assert problems_of(briefing_dir, {"places.yaml": places}) == [
        f"{P}:5:11: error: place 'a' is its own 'within' through a → b → c → a; remove one of these 'within' keys",
        f"{P}:14:11: error: place 'd' is its own 'within' through d → d; remove one of these 'within' keys",
    ]


def test_actors_that_are_their_own_parent(briefing_dir: WriteBriefing) -> None:
    looped = ACTORS.replace("  kind: state\n- id: pakistan", "  kind: state\n  parent: pakistan\n- id: pakistan")
    assert problems_of(briefing_dir, {"actors.yaml": looped + "  parent: iran\n"}) == [
        f"{A}:4:11: error: actor 'iran' is its own 'parent' through iran → pakistan → iran; "
        "remove one of these 'parent' keys",
    ]


# --- theme: in briefing.yaml (accent colour and logo) -----------------------------------------------

COLOUR_HINT = "write '#rgb', '#rrggbb', 'rgb(r, g, b)', 'hsl(h, s%, l%)' or a colour name such as 'teal'"
THEME_CASES: dict[str, tuple[str, list[str]]] = {
    "accent-escapes-declaration": (
        "theme: {accent: 'red; background: url(x)'}\n",
        [f"{B}:4:17: error: 'red; background: url(x)' is not a CSS colour; {COLOUR_HINT}"],
    ),
    "accent-closes-rule": ("theme: {accent: 'red}'}\n", [f"{B}:4:17: error: 'red}}' is not a CSS colour; {COLOUR_HINT}"]),
    "accent-important": (
        "theme: {accent: '#1a5fb4 !important'}\n",
        [f"{B}:4:17: error: '#1a5fb4 !important' is not a CSS colour; {COLOUR_HINT}"],
    ),
    "accent-comment": ("theme: {accent: 'red /* x */'}\n", [f"{B}:4:17: error: 'red /* x */' is not a CSS colour; {COLOUR_HINT}"]),
    "accent-five-hex-digits": ("theme: {accent: '#12345'}\n", [f"{B}:4:17: error: '#12345' is not a CSS colour; {COLOUR_HINT}"]),
    "accent-hex-with-alpha": ("theme: {accent: '#1a5fb480'}\n", [f"{B}:4:17: error: '#1a5fb480' is not a CSS colour; {COLOUR_HINT}"]),
    "accent-unknown-name": ("theme: {accent: tealish}\n", [f"{B}:4:17: error: 'tealish' is not a CSS colour; {COLOUR_HINT}"]),
    "accent-transparent": ("theme: {accent: transparent}\n", [f"{B}:4:17: error: 'transparent' is not a CSS colour; {COLOUR_HINT}"]),
    "accent-currentcolor": ("theme: {accent: currentColor}\n", [f"{B}:4:17: error: 'currentColor' is not a CSS colour; {COLOUR_HINT}"]),
    "accent-rgb-two-numbers": ("theme: {accent: 'rgb(1, 2)'}\n", [f"{B}:4:17: error: 'rgb(1, 2)' is not a CSS colour; {COLOUR_HINT}"]),
    "accent-rgba": ("theme: {accent: 'rgba(0, 0, 0, 0.5)'}\n", [f"{B}:4:17: error: 'rgba(0, 0, 0, 0.5)' is not a CSS colour; {COLOUR_HINT}"]),
    "accent-hsl-with-unit": ("theme: {accent: 'hsl(120deg, 50%, 50%)'}\n", [f"{B}:4:17: error: 'hsl(120deg, 50%, 50%)' is not a CSS colour; {COLOUR_HINT}"]),
    "accent-var": ("theme: {accent: 'var(--x)'}\n", [f"{B}:4:17: error: 'var(--x)' is not a CSS colour; {COLOUR_HINT}"]),
    "accent-markup": ("theme: {accent: '</style>'}\n", [f"{B}:4:17: error: '</style>' is not a CSS colour; {COLOUR_HINT}"]),
    "accent-newline": ('theme: {accent: "red\\n}"}\n', [f"{B}:4:17: error: 'red\\n}}' is not a CSS colour; {COLOUR_HINT}"]),
    "accent-mapping": ("theme:\n  accent: {r: 1}\n", [f"{B}:5:11: error: expected a CSS colour, found a mapping"]),
    "logo-parent-folder": (
        "theme:\n  logo: ../secret.svg\n",
        [f"{B}:5:9: error: '../secret.svg' leaves the static/ folder; write the path of a file inside it, e.g. 'logo.svg'"],
    ),
    "logo-parent-folder-inside": (
        "theme:\n  logo: img/../../x.svg\n",
        [f"{B}:5:9: error: 'img/../../x.svg' leaves the static/ folder; write the path of a file inside it, e.g. 'logo.svg'"],
    ),
    "logo-absolute": (
        "theme:\n  logo: /etc/logo.svg\n",
        [f"{B}:5:9: error: '/etc/logo.svg' is not a relative path; write the path of a file inside static/, e.g. 'logo.svg'"],
    ),
    "logo-drive": (
        "theme:\n  logo: 'C:/logo.svg'\n",
        [f"{B}:5:9: error: 'C:/logo.svg' is not a relative path; write the path of a file inside static/, e.g. 'logo.svg'"],
    ),
    "logo-url": (
        "theme:\n  logo: https://example.org/logo.svg\n",
        [f"{B}:5:9: error: 'https://example.org/logo.svg' is not a relative path; write the path of a file inside static/, e.g. 'logo.svg'"],
    ),
    "logo-backslash": (
        "theme:\n  logo: 'img\\logo.svg'\n",
        [f"{B}:5:9: error: 'img\\\\logo.svg' contains a backslash; separate folders with '/'"],
    ),
    "logo-space": (
        "theme:\n  logo: my logo.svg\n",
        [f"{B}:5:9: error: 'my logo.svg' is not a plain file path: use letters, digits, '.', '_' and '-', and '/' between folders"],
    ),
    "logo-empty-folder": (
        "theme:\n  logo: img//logo.svg\n",
        [f"{B}:5:9: error: 'img//logo.svg' is not a plain file path: use letters, digits, '.', '_' and '-', and '/' between folders"],
    ),
    "logo-extension": (
        "theme:\n  logo: logo.gif\n",
        [f"{B}:5:9: error: 'logo.gif' is not an image factsheet can use here; use a .svg, .png, .jpg, .jpeg or .webp file"],
    ),
    "logo-no-extension": (
        "theme:\n  logo: logo\n",
        [f"{B}:5:9: error: 'logo' is not an image factsheet can use here; use a .svg, .png, .jpg, .jpeg or .webp file"],
    ),
    "theme-unknown-key": ("theme:\n  accnet: red\n", [f"{B}:5:3: error: unknown key 'accnet' in a theme; did you mean 'accent'?"]),
    "theme-not-mapping": ("theme: red\n", [f"{B}:4:8: error: expected a theme, found 'red'"]),
}


@pytest.mark.parametrize(("extra", "expected"), THEME_CASES.values(), ids=THEME_CASES.keys())
def test_theme_rule(briefing_dir: WriteBriefing, extra: str, expected: list[str]) -> None:
    assert problems_of(briefing_dir, briefing(extra)) == expected


@pytest.mark.parametrize(
    "accent",
    ["'#1a5fb4'", "'#ABC'", "teal", "RebeccaPurple", "'rgb(26, 95, 180)'", "'rgb(26 95 180)'", "'rgb(10%, 40%, 70%)'",
     "'hsl(215, 75%, 40%)'", "'hsl(215 75% 40%)'", "'rgb( 0 , 0 , 0 )'"],
)
def test_accent_colours_that_are_accepted(briefing_dir: WriteBriefing, accent: str) -> None:
    model, problems = check_briefing(briefing_dir(briefing(f"theme: {{accent: {accent}}}\n")))
    assert [p.format() for p in problems.sorted()] == []
    assert model is not None and model.meta.theme.accent == accent.strip("'")


@pytest.mark.parametrize("logo", ["logo.svg", "img/logo.PNG", "brand/logo-2024_v2.webp", "a.jpeg", "b.jpg"])
def test_logo_paths_that_are_accepted(briefing_dir: WriteBriefing, logo: str) -> None:
    model, problems = check_briefing(briefing_dir(briefing(f"theme:\n  logo: {logo}\n")))
    assert [p.format() for p in problems.sorted()] == []
    assert model is not None and model.meta.theme.logo == logo


def test_no_theme_is_the_empty_theme(briefing_dir: WriteBriefing) -> None:
    model, _problems = check_briefing(briefing_dir())
    assert model is not None
    assert (model.meta.theme.accent, model.meta.theme.logo) == (None, None)
