"""Writes a synthetic briefing of any size, for benchmarks and large-site tests."""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml


def make_briefing(root: Path, events: int = 1000, actors: int = 60, places: int = 30, sources: int = 40) -> Path:
    """A valid briefing with `events` events and proportional statements; returns the folder."""
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    briefing = {
        "title": f"Synthetic briefing with {events} events",
        "as_of": "2024-12-31",
        "summary": "A generated briefing used to measure factsheet. **No fact in it is real.**",
        "key_points": [{"text": f"Point {i}", "sources": [f"src-{i}"]} for i in range(3)],
    }
    (content / "briefing.yaml").write_text(yaml.safe_dump(briefing, allow_unicode=True), encoding="utf-8")
    kinds = ["person", "state", "organization", "armed-group"]
    actor_list = [
        {"id": f"actor-{i}", "name": f"Actor {i} ({['Ли', 'علی', 'Anna', 'Kofi'][i % 4]})", "kind": kinds[i % 4],
         "summary": f"Synthetic actor number {i}."}
        for i in range(actors)
    ]
    place_list = [{"id": f"place-{i}", "name": f"Place {i}", "kind": "city"} for i in range(places)]
    source_list = [{"id": f"src-{i}", "title": f"Source {i}", "kind": "news",
                    "url": f"https://example.org/{i}"} for i in range(sources)]
    event_list = []
    statement_list = []
    for i in range(events):
        month, day = 1 + i % 12, 1 + i % 28
        date = [f"2024-{month:02d}-{day:02d}", f"2024-{month:02d}", f"2024-{month:02d}-{day:02d}~"][i % 3]
        event_list.append({
            "id": f"event-{i}", "date": date, "title": f"Event {i} happened",
            "summary": f"Something *notable* happened, event {i}.", "kind": ["strike", "diplomacy", "protest"][i % 3],
            "tags": [f"tag-{i % 7}"], "key": i % 50 == 0,
            "actors": [{"actor": f"actor-{i % actors}", "role": "attacker"}, f"actor-{(i * 7 + 1) % actors}"],
            "places": [f"place-{i % places}"],
            "figures": [{"measure": "killed", "min": i % 20, "claimed_by": f"actor-{i % actors}",
                         "sources": [f"src-{i % sources}"]}] if i % 4 == 0 else [],
            "sources": [{"source": f"src-{i % sources}", "locator": f"para. {i % 9 + 1}"}],
        })
        if i % 2 == 0:
            statement_list.append({
                "id": f"statement-{i}", "speaker": f"actor-{i % actors}", "said_on": date,
                "mode": ["verbatim", "partial", "paraphrase", "summary"][i % 4],
                "text": f"We said something about event {i}.", "event": f"event-{i}",
                "audience": [f"actor-{(i + 3) % actors}"], "via": [f"src-{i % sources}"],
                "sources": [f"src-{i % sources}"],
            })
    for name, records in (("events", event_list), ("actors", actor_list), ("places", place_list),
                          ("sources", source_list), ("statements", statement_list)):
        (content / f"{name}.yaml").write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False),
                                              encoding="utf-8")
    return root


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("dir", type=Path)
    parser.add_argument("--events", type=int, default=1000)
    args = parser.parse_args()
    make_briefing(args.dir, args.events)
