"""What the briefs of a large briefing hold (generator/briefplan.py): bounded, summarised, every link landing.

The briefing is generated (tests/bigbriefing.py) with the proportions of the benchmark corpus; the
short brief is printed at several sizes and must never exceed two pages.
"""

from __future__ import annotations

import io
import re
from html import unescape
from pathlib import Path

import pypdf
import pytest
from bigbriefing import BASE_URL, write_briefing
from test_brief import Page as Parsed

from generator import briefplan
from generator.build import assets_of, check_briefing, render_site
from generator.model import Briefing
from generator.pages import BRIEF_SHORT, SECTION_PATHS, Page
from generator.pdf import render_pdfs
from generator.render import make_env, render_pages, theme_dir
from generator.views import Views

Site = tuple[Briefing, dict[str, bytes]]


def _site(folder: Path) -> Site:
    briefing, problems = check_briefing(folder)
    assert briefing is not None, [p.format() for p in problems][:5]
    files, render_problems = render_site(briefing, folder)
    assert not [p for p in render_problems if p.severity == "error"], [p.format() for p in render_problems][:5]
    return briefing, files


def _briefs(folder: Path) -> Site:
    """Only the two briefs (and the assets they use) rendered: a whole site takes several times as long."""
    briefing, problems = check_briefing(folder)
    assert briefing is not None, [p.format() for p in problems][:5]
    views = Views(briefing)
    pages = [Page(path, "brief.html", "brief", views.brief(short=path == BRIEF_SHORT), frozenset(), brief=True)
             for path in (SECTION_PATHS["brief"], BRIEF_SHORT)]
    files, render_problems = render_pages(pages, briefing, make_env([theme_dir()]), [theme_dir()])
    assert not render_problems, [p.format() for p in render_problems][:5]
    return briefing, {**assets_of(theme_dir() / "assets", "assets/"), **files}


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return _site(write_briefing(tmp_path_factory.mktemp("large"), 1000))


def _ids(files: dict[str, bytes], path: str, prefix: str) -> list[str]:
    """Record ids with an entry in the document, in document order ("ev-<id>" -> "<id>")."""
    return [i[len(prefix) + 1:] for i in Parsed(files[path].decode()).ids
            if i.startswith(prefix + "-") and not i.endswith("-h") and not i.startswith("sec-")]


def _text(files: dict[str, bytes], path: str) -> str:
    """The document's text as a reader sees it: tags (and the <wbr> in addresses) dropped, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", "", files[path].decode())).split())


def test_the_full_brief_prints_the_latest_and_the_key_events_up_to_the_bound(large: Site) -> None:
    briefing, files = large
    printed = _ids(files, "brief/index.html", "ev")
    assert len(printed) == briefplan.FULL_EVENTS
    assert printed == [e.id for e in briefing.events if e.id in set(printed)]  # reading order
    latest = [e.id for e in briefing.events[-briefplan.LATEST_EVENTS:]]
    assert set(latest) <= set(printed)
    key = [e.id for e in briefing.key_events]
    assert 0 < len(key) <= briefplan.FULL_EVENTS - briefplan.LATEST_EVENTS  # the generated briefing has a few
    assert set(key) <= set(printed)
    # the rest of the bound is filled with the most recent events
    assert set(printed) == set(latest) | set(key) | {e.id for e in briefing.events[-len(printed) - len(key):]
                                                       if e.id in set(printed)}


def test_the_full_brief_bounds_actors_statements_and_places(large: Site) -> None:
    briefing, files = large
    actors = _ids(files, "brief/index.html", "actor")
    assert len(actors) == briefplan.FULL_ACTORS < len(briefing.actors)
    statements = _ids(files, "brief/index.html", "st")
    newest = sorted(briefing.statements, key=lambda s: (s.said_on.latest(), s.sequence, s.id), reverse=True)
    assert set(statements) == {s.id for s in newest[:briefplan.FULL_STATEMENTS]}
    places = _ids(files, "brief/index.html", "place")
    assert places == [p.id for p in briefing.places]  # 50 places: under the bound, all in the table


def test_the_summarised_part_says_what_was_left_out_and_where(large: Site) -> None:
    briefing, files = large
    text = _text(files, "brief/index.html")
    assert (f"This brief prints 100 of the 1000 events in full: the latest 25, then the key events and the most "
            f"recent others, newest first. The other 900 are summarised by month after them (Other events), with "
            f"their key events; every event is on the website, {BASE_URL}timeline/.") in text
    assert (f"Left out above: 900 events, counted here by month and kind, with the key events among them by name. "
            f"Each one is on the website, {BASE_URL}timeline/.") in text
    assert (f"This brief prints the latest 40 of the 1000 statements; all are on the website, {BASE_URL}statements/."
            in text)
    assert f"This brief prints the 40 actors that appear most, of {len(briefing.actors)};" in text
    # the period table counts every event left out, once
    html = files["brief/index.html"].decode()
    table = html[html.index('class="period-table"'):]
    sizes = [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', table[:table.index("</table>")])]
    assert sum(sizes) == len(briefing.events) - briefplan.FULL_EVENTS
    # key events left out are named, linked to their page on the website
    left_key = [e for e in briefing.key_events if f"ev-{e.id}" not in html]
    for e in left_key[:3]:
        assert f'href="{BASE_URL}events/{e.id}/index.html"' in html


def test_entries_count_the_records_they_do_not_list(large: Site) -> None:
    briefing, files = large
    html = files["brief/index.html"].decode()
    printed = set(_ids(files, "brief/index.html", "ev"))
    for actor_id in _ids(files, "brief/index.html", "actor")[:5]:
        events = briefing.index["actor_events"].get(actor_id, ())
        left = sum(1 for e in events if e not in printed)
        entry = html[html.index(f'id="actor-{actor_id}"'):]
        entry = entry[:entry.index("</article>")]
        if left:
            assert re.search(rf"\b{left} (more )?events? not printed here", entry), actor_id


@pytest.mark.parametrize("path", ["brief/index.html", "brief-short/index.html"])
def test_every_link_inside_a_large_brief_lands(large: Site, path: str) -> None:
    _, files = large
    page = Parsed(files[path].decode())
    assert not page.errors
    ids = set(page.ids)
    inside = [href for href, _ in page.hrefs if href.startswith("#")]
    assert inside
    for href in inside:
        assert href[1:] in ids, href


@pytest.mark.parametrize("path", ["brief/index.html", "brief-short/index.html"])
def test_endnotes_are_the_sources_cited_numbered_as_on_the_web(large: Site, path: str) -> None:
    briefing, files = large
    html = files[path].decode()
    listed = dict(re.findall(r'id="src-([^"]+)" value="(\d+)"', html))
    cited = set(re.findall(r'class="cite" href="#src-([^"]+)"', html))
    assert set(listed) == cited
    assert len(listed) < len(briefing.sources)
    for source in briefing.sources:
        if source.id in listed:
            assert listed[source.id] == str(source.number)


def test_the_short_brief_holds_the_latest_key_events(large: Site) -> None:
    briefing, files = large
    events = _ids(files, "brief-short/index.html", "ev")
    assert events == [e.id for e in briefing.key_events[-briefplan.SHORT_EVENTS:]]
    # only the latest key events that have a summary print it
    html = files["brief-short/index.html"].decode()
    with_summary = [e.id for e in briefing.key_events[-briefplan.SHORT_EVENTS:] if e.summary]
    shown = re.findall(r'id="ev-([^"]+)"(?:(?!</li>).)*class="kev-summary"', html, flags=re.S)
    assert shown == with_summary[-briefplan.SHORT_SUMMARIES:]


@pytest.mark.parametrize(("events", "key_share"), [(150, 0.03), (1000, 0.03), (1000, 0.5)])
def test_the_short_brief_is_at_most_two_pages_at_every_size(tmp_path: Path, events: int, key_share: float) -> None:
    briefing, files = _briefs(write_briefing(tmp_path, events, key_share))
    pdfs, problems = render_pdfs(files, briefing, only=("brief-short.pdf",))
    assert list(pdfs) == ["brief-short.pdf"], [p.format() for p in problems]
    pages = len(pypdf.PdfReader(io.BytesIO(pdfs["brief-short.pdf"])).pages)
    assert 1 <= pages <= 2, pages


def test_a_briefing_over_one_bound_only_summarises_that_collection(tmp_path: Path) -> None:
    briefing, files = _briefs(write_briefing(tmp_path / "small", 30))  # under every bound: all of it, no notes
    assert not briefplan.is_summarised(briefing)
    assert _ids(files, "brief/index.html", "ev") == [e.id for e in briefing.events]
    assert "This brief prints" not in _text(files, "brief/index.html")
    # 90 events and 90 statements: only the statements are over their bound
    briefing, files = _briefs(write_briefing(tmp_path / "statements", 90))
    assert len(briefing.statements) > briefplan.FULL_STATEMENTS and briefplan.is_summarised(briefing)
    assert _ids(files, "brief/index.html", "ev") == [e.id for e in briefing.events]
    assert len(_ids(files, "brief/index.html", "st")) == briefplan.FULL_STATEMENTS
    text = _text(files, "brief/index.html")
    assert "events in full" not in text and "Other events" not in text and "Other actors" not in text
    said = f"This brief prints the latest 40 of the 90 statements; all are on the website, {BASE_URL}statements/."
    assert said in text


def test_the_chart_of_a_summarised_brief_says_how_many_events_it_prints(large: Site) -> None:
    # The chart counts every event; the brief prints FULL_EVENTS of them and counts the rest by period.
    briefing, files = large
    caption = re.search(r'<figcaption id="timeline-chart-caption">(.*?)</figcaption>',
                        files[SECTION_PATHS["brief"]].decode()).group(1)
    unit = "month" if "by month" in _text(files, SECTION_PATHS["brief"]) else "year"
    assert re.sub(r"<[^>]+>", "", caption).endswith(
        f"every event is in the timeline below: {briefplan.FULL_EVENTS:,} in full, the others counted by {unit}.")
    assert len(briefing.events) > briefplan.FULL_EVENTS
