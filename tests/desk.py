"""A small briefing and the edits a desk makes to it between two editions, for the edition tests."""

from __future__ import annotations

DESK: dict[str, str | bytes | None] = {
    "briefing.yaml": """\
        title: Desk briefing
        as_of: 2024-01-19
        summary: Strikes and statements.
        """,
    "sources.yaml": """\
        - id: report
          title: A news report
        """,
    "actors.yaml": """\
        - id: iran
          name: Iran
          kind: state
        - id: pakistan
          name: Pakistan
          kind: state
        - id: turkey
          name: Turkey
          kind: state
        - id: jilani
          name: Jalil Abbas Jilani
          kind: person
        """,
    "places.yaml": """\
        - id: sistan-baluchestan
          name: Sistan-Baluchestan
        """,
    "events.yaml": """\
        - id: pakistan-strikes-iran
          date: 2024-01-18
          title: Pakistani air strikes on alleged militant targets in Iran
          tags: [cross-border, casualties]
          actors: [pakistan, iran, turkey]
          places: [sistan-baluchestan]
          figures:
            - measure: killed
              min: 9
              claimed_by: iran
              sources: [report]
          sources: [report]
        """,
    "statements.yaml": """\
        - id: jilani-no-escalation
          speaker: jilani
          said_on: 2024-01-19
          mode: verbatim
          text: Pakistan has no interest in escalation.
          sources: [report]
        """,
}

# The next edition, as a desk makes it: a new event, a revised figure, a corrected quote, an actor removed.
NEW_EVENT = """\
- id: iran-recalls-ambassador
          date: 2024-01-19
          title: Iran recalls its ambassador
          actors: [iran]
          sources: [report]
        """


def desk_edits() -> dict[str, str | bytes | None]:
    files = dict(DESK)
    files["events.yaml"] = (
        str(DESK["events.yaml"]).replace("min: 9", "min: 11").replace("[pakistan, iran, turkey]", "[pakistan, iran]")
        + NEW_EVENT
    )
    files["statements.yaml"] = str(DESK["statements.yaml"]).replace(
        "no interest in escalation.", "no interest or desire in escalation."
    )
    files["actors.yaml"] = str(DESK["actors.yaml"]).replace(
        "        - id: turkey\n          name: Turkey\n          kind: state\n", ""
    )
    return files
