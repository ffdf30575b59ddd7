"""A generated briefing of any size, with the lengths of real ones, for the tests of what a large brief holds.

Proportions follow the benchmark corpus (../shared/bench/make_corpus.py): actors about events/5, statements
about events, sources events/10, places events/20, 3% of events key; summaries of about 60 words, figures
on a third of the events. Nothing in it is real.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

PROSE = ("officials reported that the convoy reached the district after a delay at the crossing while local "
         "groups said the shelling continued overnight and aid agencies asked for access to the area near the "
         "river where families had gathered before the talks resumed in the capital")
WORDS = PROSE.split(" ")
KINDS = ("strike", "diplomacy", "protest", "displacement", "statement")
BASE_URL = "https://briefing.example.org/crisis/"


def _prose(rng: random.Random, words: int) -> str:
    start = rng.randrange(len(WORDS))
    text = " ".join(WORDS[(start + i) % len(WORDS)] for i in range(words))
    return text[0].upper() + text[1:] + "."


def write_briefing(folder: Path, events: int, key_share: float = 0.03, seed: int = 9) -> Path:
    """A valid briefing of `events` events (and proportionate other records) in `folder`; returns it."""
    rng = random.Random(seed)
    content = folder / "content"
    content.mkdir(parents=True, exist_ok=True)
    n_sources, n_actors, n_places = max(3, events // 10), max(4, events // 5), max(3, events // 20)

    def cite() -> list[dict[str, str]]:  # one to three sources, as in the benchmark corpus
        return [{"source": f"src-{rng.randrange(n_sources)}", "locator": f"para. {rng.randint(1, 40)}"}
                for _ in range(rng.randint(1, 3))]

    sources = [{"id": f"src-{i}", "title": f"Report {i} on the situation in the border districts", "kind": "news",
                "publisher": f"Example Wire {i % 9}", "url": f"https://news.example.org/2024/reports/{i}",
                "published": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"} for i in range(n_sources)]
    actors = [{"id": f"actor-{i}", "name": f"Fictional Actor Number {i}",
               "kind": ("state", "person", "armed-group", "organization")[i % 4],
               "summary": _prose(rng, 12), "sources": cite()} for i in range(n_actors)]
    places = [{"id": f"place-{i}", "name": f"Fictional Place {i}", "kind": "town"} for i in range(n_places)]
    evs: list[dict[str, Any]] = []
    for i in range(events):
        day = i * 700 // events  # about two years
        year, rest = 2023 + day // 336, day % 336
        ev: dict[str, Any] = {
            "id": f"event-{i}", "date": f"{year}-{1 + rest // 28:02d}-{1 + rest % 28:02d}",
            "title": f"Event {i}: a fictional incident near the crossing with a headline of usual length",
            "summary": _prose(rng, rng.randint(45, 62)), "kind": rng.choice(KINDS), "key": rng.random() < key_share,
            "actors": [{"actor": f"actor-{rng.randrange(n_actors)}", "role": "party"} for _ in range(2)],
            "places": [f"place-{rng.randrange(n_places)}"], "sources": cite()}
        if i % 3 == 0:
            ev["figures"] = [{"measure": "killed", "min": rng.randint(1, 40),
                              "claimed_by": f"actor-{rng.randrange(n_actors)}", "sources": cite()}
                             for _ in range(2)]
        evs.append(ev)
    statements = [{"id": f"st-{i}", "speaker": f"actor-{rng.randrange(n_actors)}", "said_on": evs[i]["date"],
                   "mode": ("verbatim", "partial", "paraphrase")[i % 3], "text": _prose(rng, 25),
                   "event": evs[i]["id"], "sources": cite()} for i in range(events)]
    briefing = {"title": f"A fictional briefing of {events} events", "as_of": "2024-12-31", "lang": "en",
                "base_url": BASE_URL, "summary": _prose(rng, 90),
                "key_points": [{"text": _prose(rng, 40), "sources": cite()} for _ in range(5)],
                "changes": [{"date": "2024-12-31", "text": "Generated."}], "notes": "Fictional."}
    for name, data in (("briefing", briefing), ("sources", sources), ("actors", actors), ("places", places),
                       ("events", evs), ("statements", statements)):
        (content / f"{name}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                              encoding="utf-8")
    return folder
