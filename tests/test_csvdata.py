"""data/*.csv read back with the csv module: headers, row counts, a known row, dates, lists, quoting."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build import check_briefing
from generator.csvdata import bounds_of, csv_files_of, iso_of
from generator.edtf import parse_edtf
from generator.model import Briefing

REPO = Path(__file__).resolve().parent.parent


def linked(folder: Path) -> Briefing:
    briefing, problems = check_briefing(folder)
    assert briefing is not None, problems.sorted()
    return briefing


def rows_of(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


@pytest.fixture(scope="module")
def sample() -> tuple[Briefing, dict[str, bytes]]:
    briefing = linked(REPO)
    return briefing, csv_files_of(briefing)


def test_one_file_per_collection_and_one_of_figures(sample: tuple[Briefing, dict[str, bytes]]) -> None:
    briefing, files = sample
    assert sorted(files) == [f"data/{name}.csv" for name in
                             ("actors", "events", "figures", "places", "sources", "statements")]
    for collection in ("events", "actors", "statements", "sources", "places"):
        rows = rows_of(files[f"data/{collection}.csv"])
        assert [row["id"] for row in rows] == [r.id for r in getattr(briefing, collection)]
    assert len(rows_of(files["data/figures.csv"])) == sum(len(e.figures) for e in briefing.events) == 3


def test_headers(sample: tuple[Briefing, dict[str, bytes]]) -> None:
    _, files = sample
    header = files["data/events.csv"].decode().splitlines()[0]
    assert header == ("id,date,date_earliest,date_latest,date_display,sequence,title,summary,kind,tags,key,status,"
                      "actors,actor_roles,places,related,figures,sources")
    assert files["data/figures.csv"].decode().splitlines()[0] == (
        "event,number,measure,value,min,max,approx,unit,scale,per,as_reported,category,parts,claimed_by,"
        "said_on,said_on_earliest,said_on_latest,id,supersedes,sources"
    )


def test_a_known_event_row_of_the_sample(sample: tuple[Briefing, dict[str, bytes]]) -> None:
    _, files = sample
    row = next(r for r in rows_of(files["data/events.csv"]) if r["id"] == "pakistan-recalls-ambassador")
    assert row["date"] == "2024-01-16/2024-01-19"
    assert (row["date_earliest"], row["date_latest"]) == ("2024-01-16", "2024-01-19")
    assert row["date_display"] == "After the 16 January strikes (day not given)"
    assert row["key"] == "true" and row["status"] == "reported"
    assert row["sources"] == "report"
    open_start = next(r for r in rows_of(files["data/events.csv"]) if r["id"] == "irbil-strike")
    assert (open_start["date"], open_start["date_earliest"], open_start["date_latest"]) == (
        "../2024-01-16", "", "2024-01-16")


def test_figures_name_their_event_and_claimant(sample: tuple[Briefing, dict[str, bytes]]) -> None:
    _, files = sample
    rows = [r for r in rows_of(files["data/figures.csv"]) if r["event"] == "pakistan-air-strikes"]
    keys = ("number", "measure", "min", "value", "unit", "parts", "claimed_by")
    assert [tuple(r[k] for k in keys) for r in rows] == [
        ("1", "killed", "9", "", "people", "children: 6; women: 2", "iran")]
    assert rows[0]["as_reported"] == "at least nine people, including six children and two women"


def test_mixed_references_name_their_collection(sample: tuple[Briefing, dict[str, bytes]]) -> None:
    _, files = sample
    row = next(r for r in rows_of(files["data/statements.csv"]) if r["id"] == "jilani-no-escalation")
    assert row["via"] == "actors:pakistan-foreign-ministry"
    assert row["about"] == "actors:iran; events:cross-border-strikes"
    assert row["speaker"] == "jalil-abbas-jilani" and row["mode"] == "verbatim"


def test_times_lists_and_awkward_text(briefing_dir: Callable[..., Path]) -> None:
    folder = briefing_dir({
        "events.yaml": """\
            - id: strike
              date: 2024-01-16T04:30+03:30
              title: 'A "strike", with commas'
              summary: "Two lines:\\n\\nsecond; with a semicolon."
              tags: ["a;b", 'back\\slash', plain]
              actors: [{actor: iran, role: attacker}, pakistan]
              places: [tehran]
              sources: [report, {source: report, locator: p. 2}]
            - id: month
              date: 2024-02/2024-03-05T10:00Z
              title: Month to time
              sources: [report]
            """,
    })
    files = csv_files_of(linked(folder))
    first, second = rows_of(files["data/events.csv"])
    assert first["title"] == 'A "strike", with commas'
    assert first["summary"] == "Two lines:\n\nsecond; with a semicolon."
    # 04:30 at +03:30 is 01:00 UTC; the latest bound of a minute is its last second.
    assert (first["date_earliest"], first["date_latest"]) == ("2024-01-16T01:00:00Z", "2024-01-16T01:00:59Z")
    assert first["tags"] == "a\\;b; back\\\\slash; plain"
    assert (first["actors"], first["actor_roles"]) == ("iran; pakistan", "attacker; ")
    assert first["sources"] == "report"  # cited twice, listed once
    assert (second["date_earliest"], second["date_latest"]) == ("2024-02-01", "2024-03-05T10:00:59Z")
    assert files["data/figures.csv"] == b"event,number,measure,value,min,max,approx,unit,scale,per,as_reported," \
        b"category,parts,claimed_by,said_on,said_on_earliest,said_on_latest,id,supersedes,sources\n"


def test_text_that_a_spreadsheet_would_run_is_kept_as_text(briefing_dir: Callable[..., Path]) -> None:
    folder = briefing_dir({
        "events.yaml": """\
            - id: strike
              date: -0044-03-15
              title: '=HYPERLINK("https://example.org/x", "click")'
              summary: "@SUM(A1)"
              tags: ["-2+3", plain]
              sources: [report]
            """,
    })
    (row,) = rows_of(csv_files_of(linked(folder))["data/events.csv"])
    assert row["title"] == '\'=HYPERLINK("https://example.org/x", "click")'
    assert row["summary"] == "'@SUM(A1)"
    assert row["tags"] == "'-2+3; plain"
    # Dates keep their sign: they are data, and no formula.
    assert (row["date"], row["date_earliest"]) == ("-0044-03-15", "-0044-03-15")


def test_bytes_are_deterministic_utf8_without_bom(briefing_dir: Callable[..., Path]) -> None:
    first = csv_files_of(linked(briefing_dir()))
    again = csv_files_of(linked(briefing_dir()))
    assert first == again
    for data in first.values():
        assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data
        data.decode("utf-8")


@pytest.mark.parametrize(("text", "bounds"), [
    ("2024", ("2024-01-01", "2024-12-31")),
    ("2024-21", ("2024-03-01", "2024-05-31")),
    ("2024-01-16~", ("2024-01-16", "2024-01-16")),
    ("2024-01-16/..", ("2024-01-16", "")),
    ("-0044-03-15", ("-0044-03-15", "-0044-03-15")),
    ("Y12024", ("+12024-01-01", "+12024-12-31")),
])
def test_bounds(text: str, bounds: tuple[str, str]) -> None:
    assert bounds_of(parse_edtf(text)) == bounds


def test_an_open_bound_is_empty() -> None:
    assert iso_of((0,), timed=True) == "" and iso_of((2,), timed=False) == ""
