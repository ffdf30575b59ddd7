"""Editions on the site: a briefing recorded, edited as a desk edits it, then built (issue 12's check)."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from desk import DESK, desk_edits
from pypdf import PdfReader

from generator import cli
from generator.build import build

Write = Callable[..., Path]


def text_of(html: str) -> str:
    """A page's visible text, tags dropped, spaces folded."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def page(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def recorded_then_edited(briefing_dir: Write) -> Path:
    folder = briefing_dir(DESK)
    assert cli.main(["edition", "b", "--note", "Morning edition"]) == 0
    for name in ("events.yaml", "statements.yaml", "actors.yaml"):
        (folder / "content" / name).unlink()
    briefing_dir(desk_edits())
    return folder


def built(folder: Path, out: str = "site", pdf: bool = False) -> Path:
    result = build(folder, folder / out, pdf=pdf)
    assert result.ok and result.problems == [], [str(p) for p in result.problems]
    return folder / out


def test_the_changes_page_names_all_four_edits_with_old_and_new_values(briefing_dir: Write) -> None:
    site = built(recorded_then_edited(briefing_dir))
    html = page(site, "changes/index.html")
    text = text_of(html)
    assert "Since edition 1 (not yet recorded)" in text and "Edition 1 as of 19 January 2024 Morning edition" in text
    assert "Added event: Iran recalls its ambassador" in text
    assert ("Iran’s figure for killed in Pakistani air strikes on alleged militant targets in Iran: "
            "at least 9 → at least 11") in text
    assert "“Pakistan has no interest in escalation.” → “Pakistan has no interest or desire in escalation.”" in text
    assert "Removed actor: Turkey" in text
    assert "<del>at least 9</del> → <ins>at least 11</ins>" in html
    assert '<a class="ref ref-event" href="../events/iran-recalls-ambassador/index.html">' in html
    assert 'href="../actors/turkey/' not in html  # a removed record is named, not linked


def test_new_and_updated_records_are_marked_and_the_rest_are_not(briefing_dir: Write) -> None:
    site = built(recorded_then_edited(briefing_dir))
    card = re.compile(r'<article class="event[^"]*" id="([^"]+)".*?</article>', re.DOTALL)
    cards = {m.group(1): m.group(0) for m in card.finditer(page(site, "timeline/index.html"))}
    assert len(cards) == 2
    assert 'class="badge mark mark-new">New<' in cards["iran-recalls-ambassador"]
    assert 'class="badge mark mark-updated">Updated<' in cards["pakistan-strikes-iran"]
    assert "mark-" in page(site, "statements/jilani-no-escalation/index.html")
    actor = page(site, "actors/jilani/index.html")  # its statement changed, not the actor itself
    assert 'class="record-badges"' not in actor and actor.count("mark-updated") == 1
    overview = text_of(page(site, "index.html"))
    assert "Changes since edition 1" in overview and "Removed actor: Turkey" in overview
    assert "was at least 9 in edition 1" in text_of(page(site, "events/pakistan-strikes-iran/index.html"))
    assert '<a href="../changes/index.html">Changes</a>' in page(site, "timeline/index.html")


def test_two_builds_are_byte_identical_and_publish_the_editions(briefing_dir: Write) -> None:
    folder = recorded_then_edited(briefing_dir)
    first, second = built(folder, "one"), built(folder, "two")
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert [f for f in files if (first / f).read_bytes() != (second / f).read_bytes()] == []
    assert (first / "data/editions/0001.json").read_bytes() == (folder / "editions/0001.json").read_bytes()


def test_the_pdfs_say_what_changed_near_the_top(briefing_dir: Write) -> None:
    site = built(recorded_then_edited(briefing_dir), pdf=True)
    full = re.sub(r"\s+", " ", PdfReader(site / "brief.pdf").pages[0].extract_text())
    assert "Changes since edition 1" in full and "at least 9 → at least 11" in full
    assert "Removed actor: Turkey" in full
    short = re.sub(r"\s+", " ", PdfReader(site / "brief-short.pdf").pages[0].extract_text())
    assert "Changes since edition 1" in short and "Added event: Iran recalls its ambassador" in short
    assert "; and 3 more changes (see the website)." in short


def test_after_recording_the_marks_show_what_the_last_edition_changed(briefing_dir: Write) -> None:
    folder = recorded_then_edited(briefing_dir)
    assert cli.main(["edition", "b", "--note", "Evening edition"]) == 0
    site = built(folder)
    text = text_of(page(site, "changes/index.html"))
    assert text.index("Edition 2") < text.index("Edition 1")
    assert "not yet recorded" not in text
    assert "What edition 2 changed" in text_of(page(site, "index.html"))
    assert "mark-new" in page(site, "events/iran-recalls-ambassador/index.html")


def test_without_editions_there_is_no_changes_page_and_no_mark(briefing_dir: Write) -> None:
    site = built(briefing_dir(DESK))
    assert not (site / "changes").exists() and not (site / "data/editions").exists()
    assert "mark-" not in page(site, "timeline/index.html") and "changes/index.html" not in page(site, "index.html")


def test_a_revision_log_entry_names_its_edition(briefing_dir: Write, capsys: pytest.CaptureFixture[str]) -> None:
    folder = recorded_then_edited(briefing_dir)
    capsys.readouterr()
    log = textwrap.dedent("""\
        changes:
          - date: 2024-01-19
            kind: correction
            text: Corrected the wording of Jilani's remark.
            edition: {n}
        """)
    briefing = folder / "content" / "briefing.yaml"
    base = briefing.read_text(encoding="utf-8")
    briefing.write_text(base + log.format(n=2), encoding="utf-8")
    assert cli.main(["build", "b"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "b/content/briefing.yaml:8:14: error: edition 2 has not been recorded (recorded: 1); "
        "record it with 'factsheet edition' or remove the key")
    briefing.write_text(base + log.format(n=1), encoding="utf-8")
    site = built(folder)
    entry = text_of(page(site, "changes/index.html")).split("Edition 1 as of")[1]
    assert "Correction Corrected the wording of Jilani" in entry


def test_the_feed_has_an_entry_per_edition(briefing_dir: Write) -> None:
    import xml.etree.ElementTree as ET

    folder = briefing_dir(DESK)
    briefing = folder / "content" / "briefing.yaml"
    briefing.write_text(briefing.read_text(encoding="utf-8") + "base_url: https://example.org/desk/\n")
    assert cli.main(["edition", "b", "--note", "Morning edition"]) == 0
    for name in ("events.yaml", "statements.yaml", "actors.yaml"):
        (folder / "content" / name).unlink()
    briefing_dir(desk_edits())
    briefing.write_text(briefing.read_text(encoding="utf-8") + "base_url: https://example.org/desk/\n")
    assert cli.main(["edition", "b", "--note", "Evening edition"]) == 0
    site = built(folder)
    atom = "{http://www.w3.org/2005/Atom}"
    entries = {e.findtext(f"{atom}title"): e for e in ET.parse(site / "feed.xml").getroot().iter(f"{atom}entry")}
    evening = entries["Edition 2: Evening edition"]
    assert evening.find(f"{atom}link").get("href") == "https://example.org/desk/changes/#edition-2"
    assert "Removed actor: Turkey" in (evening.findtext(f"{atom}summary") or "")
    assert entries["Edition 1: Morning edition"].findtext(f"{atom}summary") == "The first recorded edition."
