"""Markdown to safe HTML: the parser chosen by what a text holds makes exactly what the full parser makes."""

from __future__ import annotations

from pathlib import Path

import pytest
from bigbriefing import write_briefing
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.build import check_briefing
from generator.mdstore import texts_of
from generator.text import MarkdownRenderer, clean_html, make_parser, needed_of

REPO = Path(__file__).resolve().parent.parent
BRIEFINGS = [REPO, REPO / "tests" / "fixtures" / "print",
             *sorted(p for p in (REPO / "tests" / "briefings").iterdir() if (p / "content").is_dir())]
FULL = make_parser()  # every pattern, as every text was converted before


def full(source: str) -> str:
    return str(clean_html(FULL.reset().convert(source)))


def fast(source: str) -> str:
    return str(MarkdownRenderer().block(source))


# Each mark that makes a pattern possible, alone, beside others, and where normalising whitespace makes it.
CASES = [
    "Plain words, nothing to do.",
    "Two lines\nof one paragraph.",
    "A hard  \nline break.", "A tab\t\nbefore a newline.", "A carriage  \r\nreturn.", "Bare\rreturn  \r",
    "Lloyd's \"quoted\" 'single' words, the '90s, \"'nested'\".", "'Quoted' at the start.", '"Quoted" too.',
    "`code with 'quotes' and *stars*` and ``double `ticks` ``", "An escaped \\*star\\* and \\`tick\\`.",
    "*em* **strong** ***both*** _em_ __strong__ snake_case_name 2 * 3 * 4 a * b",
    "[a link](https://example.org/ \"its title\") and [ref][r] and [r]\n\n[r]: https://example.org/r",
    "![an image](https://example.org/i.png) and ! [not one] and ![ref][r]\n\n[r]: https://example.org/i.png",
    "<https://example.org/auto> <someone@example.org> <em>raw</em> <script>alert(1)</script> a < b > c",
    "Entities: &amp; &copy; &#169; &#xA9; AT&T & so on",
    "- a list\n- of 'items'\n\n1. one\n2. two\n\n> a *quote*\n\n# A heading\n\n---\n\n    indented code",
    "Setext\n======\n\nA line\n-----",
    "<div>\nA block of *HTML*\n</div>\n\nafter it",
    "\x02Placeholder\x03 marks 'in' the text",
]


@pytest.mark.parametrize("source", CASES)
def test_a_text_converts_as_with_every_pattern(source: str) -> None:
    assert fast(source) == full(source)


def test_the_cases_cover_every_group_of_patterns() -> None:
    needed = [needed_of(source) for source in CASES]
    assert all(any(flags[i] for flags in needed) for i in range(len(needed[0])))
    assert any(not any(flags) for flags in needed)


@pytest.mark.parametrize("folder", BRIEFINGS, ids=lambda p: p.name)
def test_every_text_of_the_briefings_converts_as_with_every_pattern(folder: Path) -> None:
    briefing, _ = check_briefing(folder)
    assert briefing is not None
    texts = texts_of(briefing)
    assert texts
    renderer = MarkdownRenderer()
    assert [str(renderer.block(t)) for t in texts] == [full(t) for t in texts]


def test_every_text_of_a_generated_briefing_converts_as_with_every_pattern(tmp_path: Path) -> None:
    briefing, _ = check_briefing(write_briefing(tmp_path / "big", 300))
    assert briefing is not None
    texts = texts_of(briefing)
    renderer = MarkdownRenderer()
    assert len(texts) > 200
    assert [str(renderer.block(t)) for t in texts] == [full(t) for t in texts]


MARKS = "ab '\"`\\*_[]()!<>&;#=-+.1:/@\n\t\r"


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(st.text(alphabet=MARKS, max_size=40) | st.lists(st.sampled_from(CASES), max_size=3).map("".join))
def test_random_markdown_converts_as_with_every_pattern(source: str) -> None:
    assert fast(source) == full(source)
