"""The data files a build adds beside the pages, read back with real parsers: csv, icalendar, pyld, xml.etree."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
import pytest
from pyld import jsonld  # type: ignore[import-untyped]

from generator.build import Result, build
from generator.feed import url_of
from generator.ical import span_of
from generator.outputs import CSV_OF_SECTION, NO_BASE_URL
from generator.pages import NOT_FOUND, SECTION_PATHS, plan_pages

REPO = Path(__file__).resolve().parent.parent
HOSTED = REPO / "tests" / "briefings" / "multiscript"  # sets base_url
BASE = "https://example.org/briefings/salt-coast/"
A = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
PROV = "http://www.w3.org/ns/prov#"


@pytest.fixture(scope="module")
def hosted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    out = tmp_path_factory.mktemp("hosted") / "site"
    result = build(HOSTED, out, strict=True)
    assert result.written == out, [p.format() for p in result.problems]
    return result, out


@pytest.fixture(scope="module")
def unhosted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    out = tmp_path_factory.mktemp("unhosted") / "site"
    result = build(REPO, out, strict=True)  # the sample has no base_url
    assert result.written == out, [p.format() for p in result.problems]
    return result, out


def test_csv_files_have_one_row_per_record(hosted: tuple[Result, Path]) -> None:
    result, out = hosted
    b = result.briefing
    assert b is not None
    for collection in ("events", "actors", "statements", "sources", "places"):
        with (out / "data" / f"{collection}.csv").open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        assert [row["id"] for row in rows] == [r.id for r in getattr(b, collection)], collection
    with (out / "data" / "figures.csv").open(encoding="utf-8", newline="") as f:
        assert len(list(csv.DictReader(f))) == sum(len(e.figures) for e in b.events)


def test_the_calendar_has_one_entry_per_event_dated_to_a_day_or_time(hosted: tuple[Result, Path]) -> None:
    result, out = hosted
    assert result.briefing is not None
    calendar = icalendar.Calendar.from_ical((out / "data" / "events.ics").read_bytes())
    uids = [str(e["uid"]) for e in calendar.walk("VEVENT")]
    dated = [e for e in result.briefing.events if span_of(e.date) is not None]
    assert uids == [f"{BASE}events/{e.id}/" for e in dated] and dated


def test_provenance_expands_with_prov_terms(hosted: tuple[Result, Path]) -> None:
    document = json.loads((hosted[1] / "data" / "provenance.jsonld").read_text(encoding="utf-8"))
    expanded = jsonld.expand(document, {"base": BASE + "data/provenance.jsonld"})
    properties = {key for node in expanded for key in node if not key.startswith("@")}
    assert {PROV + "wasAttributedTo", PROV + "value"} <= properties
    assert all(node["@id"].startswith(BASE) for node in expanded)


def test_feed_and_sitemap_with_base_url(hosted: tuple[Result, Path]) -> None:
    result, out = hosted
    assert result.briefing is not None and result.notes == []
    feed = ET.parse(out / "feed.xml").getroot()
    entries = feed.findall(A + "entry")
    assert len(entries) == len(result.briefing.events)
    assert all((e.findtext(A + "id") or "").startswith(BASE + "events/") for e in entries)
    sitemap = ET.parse(out / "sitemap.xml").getroot()
    urls = [u.findtext(SM + "loc") for u in sitemap.findall(SM + "url")]
    pages = [p.path for p in plan_pages(result.briefing) if p.path != NOT_FOUND]
    assert urls == [url_of(BASE, p) for p in pages]
    assert BASE + "404.html" not in urls


def test_without_base_url_feed_and_sitemap_are_left_out_with_one_note(unhosted: tuple[Result, Path]) -> None:
    result, out = unhosted
    assert result.notes == [NO_BASE_URL] and result.problems == []  # a note: --strict still passes
    assert not (out / "feed.xml").exists() and not (out / "sitemap.xml").exists()
    assert (out / "data" / "events.ics").is_file() and (out / "data" / "provenance.jsonld").is_file()
    assert "canonical" not in (out / "index.html").read_text(encoding="utf-8")


def test_every_table_page_links_its_csv_and_every_page_the_data(unhosted: tuple[Result, Path]) -> None:
    out = unhosted[1]
    for section, data in CSV_OF_SECTION.items():
        html = (out / SECTION_PATHS[section]).read_text(encoding="utf-8")
        assert f'href="../{data}" type="text/csv">Download these records as CSV</a>' in html, section
        assert (out / data).is_file()
    for page in ("index.html", "events/irbil-strike/index.html", "sources/index.html"):
        html = (out / page).read_text(encoding="utf-8")
        root = "../" * page.count("/")
        for data in ("data/briefing.json", "data/events.csv", "data/events.ics"):
            assert f'href="{root}{data}"' in html, (page, data)
    assert "Download these records as CSV" not in (out / "index.html").read_text(encoding="utf-8")


def test_404_links_are_rooted_with_base_url_and_relative_with_a_note_without(
        hosted: tuple[Result, Path], unhosted: tuple[Result, Path]) -> None:
    rooted = (hosted[1] / "404.html").read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="/briefings/salt-coast/assets/style.css">' in rooted
    assert '<a href="/briefings/salt-coast/timeline/index.html">Timeline</a>' in rooted
    assert "base_url" not in rooted and "<h1>Page not found</h1>" in rooted
    relative = (unhosted[1] / "404.html").read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="assets/style.css">' in relative
    assert '<a href="timeline/index.html">Timeline</a>' in relative
    assert "setting <code>base_url</code>" in relative


def test_the_data_files_are_deterministic(tmp_path: Path) -> None:
    one, two = build(HOSTED, tmp_path / "one"), build(HOSTED, tmp_path / "two")
    assert one.written and two.written
    for name in ("feed.xml", "sitemap.xml", "data/events.ics", "data/provenance.jsonld", "data/events.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_csv_text_reads_back_as_utf8(hosted: tuple[Result, Path]) -> None:
    raw = (hosted[1] / "data" / "actors.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # no byte-order mark
    header = next(csv.reader(io.StringIO(raw.decode("utf-8"))))
    assert header[:3] == ["id", "name", "kind"]


def test_the_feed_reuses_the_pages_markdown_and_the_files_are_the_same(hosted: tuple[Result, Path]) -> None:
    from generator.outputs import outputs_of
    from generator.render import make_env, markdown_of, theme_dir

    result, out = hosted
    briefing = result.briefing
    assert briefing is not None
    pages = plan_pages(briefing)
    env = make_env([theme_dir()])
    markdown = markdown_of(env)
    assert env.filters["md"] == markdown.block  # the renderer the pages' `md` filter converts with
    summaries = [e.summary for e in briefing.events if e.summary]
    assert summaries and not any(markdown._blocks.get(s) for s in summaries)
    files = outputs_of(briefing, pages, markdown=markdown)
    assert all(markdown._blocks.get(s) for s in summaries)  # converted once, where the pages will find them
    assert files == outputs_of(briefing, pages)
    assert files["feed.xml"] == (out / "feed.xml").read_bytes()
