"""Property-based fuzzing: generated and mutated briefings either build into an inert site or give
located errors; never an exception, an unlocated or multi-line problem, or live markup.

Default runs are quick. A long session, by hand:

    FACTSHEET_FUZZ=long python -m pytest tests/test_fuzz.py --hypothesis-show-statistics -q

Anything it finds is kept below as an `@example` (a regular test from then on).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from hostile_cases import BASE, PAYLOADS, kitchen_sink, write_briefing
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase
from sitescan import scan_page

from generator.build import check_briefing, render_site
from generator.problems import Problem

settings.register_profile(
    "default",
    max_examples=int(os.environ.get("FACTSHEET_FUZZ_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)
settings.register_profile(
    "long",
    max_examples=int(os.environ.get("FACTSHEET_FUZZ_EXAMPLES", "5000")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=DirectoryBasedExampleDatabase(os.environ.get("FACTSHEET_FUZZ_DB", "/tmp/factsheet-fuzz-db")),
)
settings.load_profile("long" if os.environ.get("FACTSHEET_FUZZ") == "long" else "default")

LOCATED = re.compile(r"^[^\n]+:\d+:\d+: (error|warning): [^\n]+$")


def check_and_render(files: dict[str, str | bytes | None]) -> tuple[list[Problem], dict[str, bytes]]:
    """Load, validate, link and (when valid) render in memory: the whole build but the disk write."""
    with tempfile.TemporaryDirectory() as tmp:
        root = write_briefing(Path(tmp) / "b", files)
        briefing, problems = check_briefing(root)
        found = problems.sorted()
        for problem in found:
            line = problem.format()
            assert LOCATED.match(line), line
            assert problem.pos.line >= 1 and problem.pos.col >= 1
            assert str(root) in problem.pos.path or problem.pos.path.startswith(os.path.relpath(root))
        if briefing is None:
            assert any(p.severity == "error" for p in found)
            return found, {}
        assert not any(p.severity == "error" for p in found)
        site, render_problems = render_site(briefing, root)
        assert render_problems == [], [p.format() for p in render_problems]
        return found, site


def assert_inert(site: dict[str, bytes]) -> None:
    for path, data in site.items():
        assert not path.startswith("/") and ".." not in path.split("/")
        if path.endswith(".html"):
            assert scan_page(path, data.decode("utf-8")) == []


# --- mutated YAML ---------------------------------------------------------------------------------

TOKENS = [
    "&a ",
    "*a",
    "<<: ",
    "!!python/object:os.system ",
    "!x ",
    "!!binary ",
    "---\n",
    "...\n",
    "? ",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "'",
    '"',
    "|",
    ">",
    "#",
    "%YAML 1.1\n",
    "%TAG ! !\n",
    "\t",
    "\r\n",
    "\x00",
    "\ufeff",
    "\u202e",
    "\u200b",
    "\u2028",
    "\x1b",
    "~",
    "null",
    "true",
    "0x1F",
    "2024-02-30",
    "1e999",
    "javascript:alert(1)",
    "<script>",
    "../",
    "\\",
    "id: ",
    "  ",
    "\n",
    "x_",
    "sources: []",
]


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, str | bytes | None]:
    base = draw(st.sampled_from(["base", "sink"]))
    files: dict[str, str | bytes | None] = (
        dict(BASE)
        if base == "base"
        else {**{k: None for k in BASE}, **kitchen_sink(draw(st.sampled_from(PAYLOADS)))}
    )
    names = sorted(k for k, v in files.items() if v is not None)
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(names))
        data = files[name]
        raw = data.encode("utf-8") if isinstance(data, str) else (data or b"")
        kind = draw(st.sampled_from(["token", "delete", "byte", "dup-line", "swap-lines", "truncate"]))
        at = draw(st.integers(0, len(raw)))
        if kind == "token":
            raw = raw[:at] + draw(st.sampled_from(TOKENS)).encode("utf-8") + raw[at:]
        elif kind == "delete":
            raw = raw[:at] + raw[at + draw(st.integers(1, 8)) :]
        elif kind == "byte":
            raw = raw[:at] + bytes([draw(st.integers(0, 255))]) + raw[at + 1 :]
        elif kind == "truncate":
            raw = raw[:at]
        else:
            lines = raw.split(b"\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            if kind == "dup-line":
                lines.insert(i, lines[j])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            raw = b"\n".join(lines)
        files[name] = raw
    return files


@given(mutated())
@example({**BASE, "sources.yaml": b"- id: report\n  title: A\n  ? [a]\n  : 1\n  ? [a]\n  : 2\n"})
@example({**BASE, "events.yaml": BASE["events.yaml"].replace("strike", '"strike\\n"', 1)})
def test_mutated_briefings_build_or_report_located_errors(files: dict[str, str | bytes | None]) -> None:
    _problems, site = check_and_render(files)
    assert_inert(site)


# --- generated briefings ---------------------------------------------------------------------------

VALID_IDS = st.from_regex(r"\A[a-z0-9][a-z0-9-]{0,12}\Z")
ANY_IDS = st.one_of(
    VALID_IDS, st.text(max_size=12), st.sampled_from(["../x", "/etc", "a\\b", "con", "ｅ", "a\n"])
)
SAFE_TEXT = st.text(
    st.characters(
        blacklist_categories=("Cc", "Cs", "Cn"),
        blacklist_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u2060\ufeff",
    ),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() != "")
ANY_TEXT = st.one_of(SAFE_TEXT, st.text(max_size=40), st.sampled_from(PAYLOADS))
VALID_DATES = st.sampled_from(
    [
        "2024",
        "2024-01",
        "2024-01-16",
        "2024-01-16~",
        "2024-01-16?",
        "2024-01-16/2024-01-19",
        "../2024-01-18",
        "2024-01-16T04:30+03:30",
        "2023-XX",
    ]
)
ANY_DATES = st.one_of(
    VALID_DATES, st.text(max_size=12), st.sampled_from(["2024-02-30", "2024-01-19/2024-01-16"])
)


@st.composite
def generated(draw: st.DrawFn, valid: bool) -> dict[str, str | bytes | None]:
    ids, text, dates = (VALID_IDS, SAFE_TEXT, VALID_DATES) if valid else (ANY_IDS, ANY_TEXT, ANY_DATES)
    sources = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
    actors = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
    places = draw(st.lists(ids, max_size=3, unique=True))
    events = draw(st.lists(ids, max_size=5, unique=True))
    refs_to = (
        (lambda pool: st.sampled_from(pool))
        if valid
        else (lambda pool: st.one_of(st.sampled_from(pool), ids))
    )

    def cites() -> list[Any]:
        return draw(
            st.lists(
                st.one_of(
                    refs_to(sources),
                    st.fixed_dictionaries(
                        {"source": refs_to(sources)}, optional={"locator": text, "excerpt": text}
                    ),
                ),
                min_size=1,
                max_size=3,
            )
        )

    def maybe(record: dict[str, Any], key: str, strategy: st.SearchStrategy[Any]) -> None:
        if draw(st.booleans()):
            record[key] = draw(strategy)

    briefing: dict[str, Any] = {"title": draw(text), "as_of": "2024-01-20", "summary": draw(text)}
    maybe(briefing, "subtitle", text)
    maybe(briefing, "notes", text)
    maybe(briefing, "key_points", st.lists(st.builds(dict, text=text), max_size=3))
    out: dict[str, Any] = {
        "sources": [{"id": s, "title": draw(text)} for s in sources],
        "actors": [
            {"id": a, "name": draw(text), "kind": draw(st.sampled_from(["person", "state", "media"]))}
            for a in actors
        ],
        "places": [{"id": p, "name": draw(text)} for p in places],
    }
    for record in out["sources"]:
        maybe(record, "note", text)
        maybe(
            record,
            "url",
            st.sampled_from(["https://example.org/x", 'http://a.example/"><b>'])
            if valid
            else st.one_of(
                st.text(max_size=20), st.sampled_from(["javascript:x", "data:,x", "https://ok.example/"])
            ),
        )
    for record in out["actors"]:
        maybe(record, "description", text)
        maybe(record, "names", st.lists(st.builds(dict, name=text), max_size=2))
    out["events"] = []
    for e in events:
        event: dict[str, Any] = {"id": e, "date": draw(dates), "title": draw(text), "sources": cites()}
        maybe(event, "summary", text)
        maybe(event, "tags", st.lists(text, max_size=3))
        maybe(event, "kind", text)
        maybe(event, "actors", st.lists(refs_to(actors), max_size=3))
        if places:
            maybe(event, "places", st.lists(refs_to(places), max_size=2))
        maybe(event, "related", st.lists(refs_to(events), max_size=2))
        if draw(st.booleans()):
            event["figures"] = [
                {
                    "measure": draw(text),
                    "value": draw(st.integers(0, 10**6)),
                    "claimed_by": draw(refs_to(actors)),
                    "sources": cites(),
                }
            ]
        out["events"].append(event)
    out["statements"] = [
        {
            "id": f"s{i}",
            "speaker": draw(refs_to(actors)),
            "said_on": draw(dates),
            "mode": draw(st.sampled_from(["verbatim", "partial", "paraphrase", "summary"])),
            "text": draw(text),
            "sources": cites(),
        }
        for i in range(draw(st.integers(0, 3)))
    ]
    files: dict[str, str | bytes | None] = {k: None for k in BASE}
    files["briefing.yaml"] = json.dumps(briefing, ensure_ascii=False)
    for collection, records in out.items():
        files[f"{collection}.yaml"] = json.dumps(records, ensure_ascii=False, indent=1)
    return files


@given(generated(valid=True))
def test_valid_generated_briefings_build_inert(files: dict[str, str | bytes | None]) -> None:
    problems, site = check_and_render(files)
    assert not [p.format() for p in problems if p.severity == "error"]
    assert site, "a valid briefing must build"
    assert_inert(site)


@given(generated(valid=False))
def test_any_generated_briefing_builds_or_reports_located_errors(
    files: dict[str, str | bytes | None],
) -> None:
    _problems, site = check_and_render(files)
    assert_inert(site)
