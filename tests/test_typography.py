"""Typographic quotes and apostrophes on the pages (Lloyd’s), never in code, URLs, attributes or the data."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from markupsafe import Markup

from generator.build import build
from generator.text import MarkdownRenderer
from generator.typography import curl_quotes, finalize

WriteBriefing = Callable[..., Path]  # the briefing_dir fixture (conftest.py)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Lloyd's", "Lloyd’s"),
        ('"Hello," he said.', "“Hello,” he said."),
        ("the 'spy headquarters'", "the ‘spy headquarters’"),
        ("no quotes -- and ... stay", "no quotes -- and ... stay"),  # only the quote glyphs change
        ("It's ours -- really...", "It’s ours -- really..."),
    ],
    ids=["apostrophe", "double", "single", "dashes-and-ellipses-kept", "verbatim-only-glyphs"],
)
def test_curl_quotes(text: str, shown: str) -> None:
    assert curl_quotes(text) == shown


@pytest.mark.parametrize(
    "value",
    ["https://example.org/it's", "mailto:o'brien@example.org", "/path/it's", "#it's", Markup("<q>it's</q>"), 3, None],
    ids=["url", "mailto", "path", "fragment", "markup", "number", "none"],
)
def test_finalize_leaves_addresses_markup_and_non_text_alone(value: object) -> None:
    assert finalize(value) is value


def test_markdown_curls_prose_but_not_code_or_link_targets() -> None:
    html = str(MarkdownRenderer().block("Lloyd's said \"no\" -- see `it's` and [here](https://example.org/it's)"))
    assert "Lloyd’s said “no” --" in html
    assert "<code>it's</code>" in html
    assert '<a href="https://example.org/it\'s"' in html


def test_pages_show_typographic_quotes_and_the_data_keeps_the_authors_characters(
        briefing_dir: WriteBriefing) -> None:
    folder = briefing_dir({
        "events.yaml": """\
            - id: strike
              date: 2024-01-16
              title: Lloyd's list "warning"
              sources: [report]
            """,
        "statements.yaml": """\
            - {id: comment, speaker: iran, said_on: 2024-01-16, mode: verbatim, text: "It's ours -- really...",
               event: strike, sources: [report]}
            """,
    })
    result = build(folder, folder / "site")
    assert result.ok, result.problems
    page = (folder / "site" / "events" / "strike" / "index.html").read_text(encoding="utf-8")
    shown = re.sub(r"<script[^>]*>.*?</script>", "", page, flags=re.DOTALL)  # the JSON-LD is data: as written
    assert "Lloyd’s list “warning”" in shown and "Lloyd's" not in shown
    assert "It’s ours -- really..." in page
    data = json.loads((folder / "site" / "data" / "briefing.json").read_text(encoding="utf-8"))
    assert data["events"][0]["title"] == "Lloyd's list \"warning\""
    assert data["statements"][0]["text"] == "It's ours -- really..."


def test_a_printed_url_breaks_between_its_parts_never_inside_https() -> None:
    from generator.typography import breakable_url
    assert str(breakable_url("https://example.org/a-b?c=d&e")) == \
        "https://<wbr>example.<wbr>org/<wbr>a-<wbr>b?<wbr>c=<wbr>d&amp;<wbr>e"
    assert "<wbr>" not in str(breakable_url("https")) and str(breakable_url("<x>")) == "&lt;x&gt;"


def test_endnotes_start_with_their_number_and_short_brief_gives_site_and_caveats(
        briefing_dir: WriteBriefing) -> None:
    folder = briefing_dir({
        "briefing.yaml": "title: Test briefing\nas_of: 2024-01-19\nsummary: A summary.\n"
                         "base_url: https://briefings.example.org/iran-pakistan/\n",
        "sources.yaml": "- {id: report, title: The report, url: 'https://example.org/news/2024/strike'}\n",
    })
    result = build(folder, folder / "site")
    assert result.ok, result.problems
    for brief in ("brief", "brief-short"):
        html = (folder / "site" / brief / "index.html").read_text(encoding="utf-8")
        starts = r'<li class="endnote" [^>]*><span class="endnote-number">1\.</span><span class="endnote-body">'
        assert re.search(starts, html), brief
        assert ">https://<wbr>example.<wbr>org/<wbr>news/<wbr>2024/<wbr>strike</a>" in html
    short = (folder / "site" / "brief-short" / "index.html").read_text(encoding="utf-8")
    line = re.search(r'<p class="fine short-caveats">(.*?)</p>', short, re.S)
    assert line is not None and "\n" not in re.sub(r"<[^>]+>", "", line.group(1)).strip()
    assert 'Full briefing: <a class="url" href="https://briefings.example.org/iran-pakistan/" rel=' in line.group(1)
    assert "Figures are as each claimant gave them" in line.group(1)


def test_print_gives_a_links_address_as_text_that_breaks_only_between_its_parts() -> None:
    from markupsafe import Markup

    from generator.typography import print_links

    html = Markup('<p>See <a href="https://example.org/a-b/c?d=1&amp;e=2" rel="noopener noreferrer">the map</a>'
                  ' and <a href="#ev-x">an event</a>.</p>')
    assert print_links(html) == (
        '<p>See <a href="https://example.org/a-b/c?d=1&amp;e=2" rel="noopener noreferrer">the map</a>'
        '<span class="print-url"> &lt;https://<wbr>example.<wbr>org/<wbr>a-<wbr>b/<wbr>c?<wbr>d=<wbr>1&amp;<wbr>e=<wbr>2'
        '&gt;</span> and <a href="#ev-x">an event</a>.</p>')


def test_the_brief_prints_link_addresses_and_every_list_keeps_one_date_style(briefing_dir: WriteBriefing) -> None:
    folder = briefing_dir({
        "events.yaml": """\
            - id: strike
              date: 2024-01-16
              date_display: early on 16 January
              title: A strike
              summary: See [the map](https://example.org/map).
              actors: [iran, pakistan]
              places: [tehran]
              sources: [report]
            - id: later
              date: 2024-01-18
              title: Later
              actors: [iran]
              sources: [report]
            """,
    })
    result = build(folder, folder / "site")
    assert result.ok, result.problems
    site = folder / "site"
    brief = (site / "brief" / "index.html").read_text(encoding="utf-8")
    assert ('<a href="https://example.org/map" rel="noopener noreferrer">the map</a>'
            '<span class="print-url"> &lt;https://<wbr>example.<wbr>org/<wbr>map&gt;</span>') in brief
    assert "print-url" not in (site / "events" / "strike" / "index.html").read_text(encoding="utf-8")
    actor = (site / "actors" / "iran" / "index.html").read_text(encoding="utf-8")
    dates = re.findall(r'<span class="event-list-date"><time[^>]*>([^<]*)</time>', actor)
    assert dates == ["16 Jan 2024", "18 Jan 2024"]  # not "early on 16 January" beside "18 Jan 2024"
    assert '<p class="ev-when fine">early on 16 January</p>' in brief  # the author's wording stays in the entry
