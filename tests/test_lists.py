"""Dates, order and lists: statements in their order within a day, the latest first where the latest are
asked for, every source of an event page listed, counts that match what is shown, roles with their organisation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator.build import check_briefing
from generator.model import Briefing
from generator.views import Views

WriteBriefing = Callable[..., Path]  # the briefing_dir fixture (conftest.py)

ORDERED = {
    "actors.yaml": """\
        - {id: iran, name: Iran, kind: state}
        - {id: pakistan, name: Pakistan, kind: state}
        - id: jilani
          name: Jalil Abbas Jilani
          kind: person
          roles: [{title: Foreign Minister, organization: pakistan}]
        """,
    "sources.yaml": """\
        - {id: report, title: The report}
        - {id: wire, title: A wire story}
        """,
    "events.yaml": """\
        - id: strike
          date: 2024-01-16
          title: A strike
          actors: [iran, pakistan]
          figures:
            - {measure: killed, value: 2, claimed_by: pakistan, sources: [{source: wire, locator: "para. 3"}]}
          sources: [{source: report, locator: "para. 1"}, {source: report, locator: "para. 1"}]
        """,
    "statements.yaml": """\
        - {id: b-second, speaker: iran, said_on: 2024-01-19, sequence: 2, mode: summary,
           text: Second., sources: [report]}
        - {id: a-third, speaker: iran, said_on: 2024-01-19, sequence: 3, mode: summary, text: Third., sources: [report]}
        - {id: z-first, speaker: iran, said_on: 2024-01-19, sequence: 1, mode: summary, text: First., sources: [report]}
        - {id: by-the-day, speaker: iran, said_on: ../2024-01-18, mode: summary, text: Open., sources: [report]}
        - {id: early, speaker: iran, said_on: 2024-01-17, mode: summary, text: Early., sources: [report],
           audience: [jilani]}
        """,
}


def model_of(folder: Path) -> Briefing:
    briefing, problems = check_briefing(folder)
    assert briefing is not None and not problems.has_errors, problems.items
    return briefing


def test_statements_follow_their_sequence_within_a_day(briefing_dir: WriteBriefing) -> None:
    briefing = model_of(briefing_dir(ORDERED))
    assert [s.id for s in briefing.statements] == ["by-the-day", "early", "z-first", "b-second", "a-third"]


def test_latest_statements_are_the_latest_an_open_start_counting_as_its_end(briefing_dir: WriteBriefing) -> None:
    latest = Views(model_of(briefing_dir(ORDERED))).overview().latest_statements
    assert [c.statement.id for c in latest] == ["a-third", "b-second", "z-first", "by-the-day"]


def test_event_page_sources_list_every_citation_on_it_once_figures_included(briefing_dir: WriteBriefing) -> None:
    briefing = model_of(briefing_dir(ORDERED))
    page = Views(briefing).event_page(briefing.get("events", "strike"))
    assert [(c.source, c.locator) for c in page.cited] == [("report", "para. 1"), ("wire", "para. 3")]


def test_actor_card_counts_every_statement_its_page_shows(briefing_dir: WriteBriefing) -> None:
    briefing = model_of(briefing_dir(ORDERED))
    views = Views(briefing)
    card = views.actor_card(briefing.get("actors", "jilani"))
    page = views.actor_page(briefing.get("actors", "jilani"))
    assert card.statements == sum(len(cards) for _, _, cards in page.statement_groups) == 1


def test_a_role_is_shown_with_its_organisation(briefing_dir: WriteBriefing) -> None:
    briefing = model_of(briefing_dir(ORDERED))
    assert Views(briefing).actor_card(briefing.get("actors", "jilani")).current_roles == ("Foreign Minister, Pakistan",)
