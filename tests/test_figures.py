"""Figures as a newsroom writes them, read back from the built pages: money, rates, breakdowns, revisions."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

from generator.build import build, check_briefing
from generator.views import Views

WriteBriefing = Callable[..., Path]  # the briefing_dir fixture (conftest.py)

MONEY_AND_BREAKDOWNS = {
    "events.yaml": """\
        - id: blockade
          date: 2024-01-16
          title: Blockade of the strait
          key: true
          figures:
            - {measure: of goods trade held up, value: 9.6, unit: USD, scale: billion, per: day, approx: true,
               as_reported: about $9.6bn of goods a day, claimed_by: iran, said_on: 2021-05, sources: [report]}
            - {measure: lost in fees, value: 916000000, unit: USD, claimed_by: iran, sources: [report]}
          sources: [report]
        - id: strike
          date: 2024-01-18
          title: A strike
          key: true
          figures:
            - {id: toll-1, measure: killed, min: 9, unit: people, claimed_by: iran, said_on: 2024-01-18,
               as_reported: "at least nine people, including six children and two women",
               parts: [{category: children, value: 6}, {category: women, value: 2}], sources: [report]}
            - {id: toll-2, supersedes: toll-1, measure: killed, min: 11, unit: people, claimed_by: iran,
               said_on: 2024-01-19, sources: [report]}
          sources: [report]
        """,
    "statements.yaml": "[]\n",
}


def text_of(page: Path) -> str:
    """The page's words as a reader sees them: tags gone, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8"))))


def test_money_rates_and_breakdowns_read_as_a_newsroom_writes_them(briefing_dir: WriteBriefing) -> None:
    folder = briefing_dir(MONEY_AND_BREAKDOWNS)
    result = build(folder, folder / "site")
    assert result.ok, result.problems
    timeline = text_of(folder / "site" / "timeline" / "index.html")
    assert ("Iran said in May 2021: about $9.6bn a day of goods trade held up "
            "(reported as “about $9.6bn of goods a day”)") in timeline
    assert "Iran says: $916m lost in fees" in timeline
    assert "916,000,000" not in timeline
    assert ("Iran said on 18 January 2024: at least 9 people killed, of whom 6 children and 2 women "
            "(reported as “at least nine people, including six children and two women”)") in timeline
    # the breakdown is one figure: no part is shown as a "killed" figure of its own
    assert "6 children killed" not in timeline and "2 women killed" not in timeline


def test_key_figures_show_the_latest_of_a_superseded_figure(briefing_dir: WriteBriefing) -> None:
    briefing, problems = check_briefing(briefing_dir(MONEY_AND_BREAKDOWNS))
    assert briefing is not None and not problems.has_errors
    groups = Views(briefing).overview().key_figures
    shown = [(f.event.id, f.figure.id, f.figure.amount()) for g in groups for f in g.figures]
    assert shown == [("blockade", None, "about $9.6bn a day"), ("blockade", None, "$916m"),
                     ("strike", "toll-2", "at least 11 people")]
    # the event page keeps both: the revision is history, not a replacement of the record
    event = Views(briefing).event_card(briefing.get("events", "strike"))
    assert [f.figure.id for f in event.figures] == ["toll-1", "toll-2"]
