"""A large, fictional briefing written programmatically: 320 events, 150 statements, 40 actors.

Deterministic (a seeded random generator), so a failure can be reproduced. It varies what
the templates must cope with: every date precision (day, month, year, intervals, approximate,
open-ended), several scripts and right-to-left names, long unbroken words, tags with spaces,
every statement mode, relay chains, audiences, multi-claimant figures and every event status.
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import yaml

N_EVENTS = 320
N_STATEMENTS = 150

_KINDS = ["strike", "diplomacy", "protest", "statement", "ceasefire", "displacement", "arrest", "talks"]
_TAGS = ["border", "casualties", "humanitarian aid", "sanctions", "maritime", "elections", "prisoners",
         "cross-border", "mediation", "infrastructure"]
_STATUSES = ["reported", "reported", "reported", "confirmed", "disputed", "denied"]
_MODES = ["verbatim", "partial", "paraphrase", "summary"]
_ROLES = ["attacker", "territory struck", "mediator", "host", "stated target (according to its opponents)",
          "signatory", "observer"]

_SCRIPTS = [  # (lang, original name) pairs in several scripts, including right-to-left ones
    ("ar", "جبهة الساحل"), ("fa", "وزارت امور خارجه"), ("ur", "وزارت خارجہ"), ("ru", "Министерство обороны"),
    ("zh", "海岸联盟"), ("el", "Υπουργείο Εξωτερικών"), ("he", "משרד החוץ"), ("hi", "विदेश मंत्रालय"),
]


def _date(rng: random.Random, i: int) -> tuple[str, str | None]:
    """An EDTF date for event i, mostly in order across 2022-2024, in varied precisions."""
    year = 2022 + i * 3 // N_EVENTS
    month = 1 + (i * 37 // 10) % 12
    day = 1 + (i * 7) % 28
    form = rng.random()
    if form < 0.70:
        return f"{year}-{month:02d}-{day:02d}", None
    if form < 0.80:
        return f"{year}-{month:02d}", None
    if form < 0.85:
        return f"{year}-{month:02d}-{day:02d}~", None
    if form < 0.90:
        end = min(day + 3, 28)
        return f"{year}-{month:02d}-{day:02d}/{year}-{month:02d}-{end:02d}", None
    if form < 0.95:
        return f"../{year}-{month:02d}-{day:02d}", f"On or before {day} {_month_name(month)} {year} (day not given)"
    return f"{year}", None


def _month_name(m: int) -> str:
    return ["January", "February", "March", "April", "May", "June", "July", "August", "September",
            "October", "November", "December"][m - 1]


def briefing_records(seed: int = 300) -> dict[str, Any]:
    rng = random.Random(seed)
    sources = []
    for i in range(10):
        src: dict[str, Any] = {
            "id": f"source-{i:02d}",
            "title": f"Fictional report number {i} on the Coastal Compact crisis",
            "kind": ["news", "official-statement", "report", "social-post", "video", "dataset"][i % 6],
            "publisher": f"Example Wire {i % 3}",
            "published": f"2024-0{1 + i % 9}-1{i % 9}",
        }
        if i % 2 == 0:
            src["url"] = f"https://example.org/reports/{i}"
        sources.append(src)
    source_ids = [s["id"] for s in sources]

    def cite() -> list[dict[str, str]]:
        picks = rng.sample(source_ids, rng.randint(1, 3))
        return [{"source": p, "locator": f"para. {rng.randint(1, 60)}"} for p in picks]

    places: list[dict[str, Any]] = []
    for i in range(6):
        places.append({"id": f"country-{i}", "name": f"Republic of Examplia {chr(65 + i)}", "kind": "country",
                       "sources": cite()})
    for i in range(24):
        place: dict[str, Any] = {
            "id": f"town-{i:02d}", "name": f"Town {i} on the Salt River", "kind": ["city", "town", "district",
                                                                                  "province", "site"][i % 5],
            "within": f"country-{i % 6}",
        }
        if i % 3 == 0:
            lang, orig = _SCRIPTS[i % len(_SCRIPTS)]
            place["names"] = [{"name": f"{orig} {i}", "lang": lang, "kind": "original"}]
        places.append(place)
    place_ids = [p["id"] for p in places]

    actors: list[dict[str, Any]] = []
    kinds = ["person", "state", "government", "organization", "armed-group", "media", "population"]
    for i in range(40):
        kind = kinds[i % len(kinds)]
        actor: dict[str, Any] = {"id": f"actor-{i:02d}", "name": f"Actor {i} ({kind.replace('-', ' ')})",
                                 "kind": kind, "summary": f"Fictional {kind.replace('-', ' ')} number {i}."}
        if i == 7:  # a long, unbroken name must wrap, not overflow, on a phone
            actor["name"] = "Verylongunbrokenorganisationnamewithoutanyspacesatall Coalition"
        if i % 4 == 0:
            lang, orig = _SCRIPTS[i % len(_SCRIPTS)]
            actor["names"] = [{"name": orig, "lang": lang, "kind": "original"},
                              {"name": f"A{i}", "lang": "en", "kind": "acronym"}]
        if kind == "person":
            actor["roles"] = [{"title": "Minister of Fictional Affairs", "organization": f"actor-{(i + 2) % 40:02d}",
                               "start": "2022-03", "sources": cite()}]
        if kind == "armed-group":
            actor["designations"] = [{"by": "actor-01", "label": "terrorist organisation", "sources": cite()}]
        actors.append(actor)
    actor_ids = [a["id"] for a in actors]

    events: list[dict[str, Any]] = []
    for i in range(N_EVENTS):
        date, display = _date(rng, i)
        ev: dict[str, Any] = {
            "id": f"event-{i:03d}",
            "date": date,
            "title": f"Event {i}: {rng.choice(_KINDS)} near {rng.choice(places)['name']}",
            "summary": f"Fictional event {i}. Something *happened*, according to the reports cited.",
            "kind": rng.choice(_KINDS),
            "tags": rng.sample(_TAGS, rng.randint(0, 3)),
            "status": rng.choice(_STATUSES),
            "actors": [{"actor": a, "role": rng.choice(_ROLES)} for a in rng.sample(actor_ids, rng.randint(1, 4))],
            "places": rng.sample(place_ids, rng.randint(0, 2)),
            "sources": cite(),
        }
        if display:
            ev["date_display"] = display
        if i % 25 == 0:
            ev["key"] = True
        if i % 9 == 0:
            ev["figures"] = [
                {"measure": "killed", "value": rng.randint(1, 900), "claimed_by": rng.choice(actor_ids),
                 "sources": cite()},
                {"measure": "killed", "min": 3, "max": 12, "category": "civilians", "claimed_by":
                    rng.choice(actor_ids), "said_on": date.split("/")[0].lstrip(".").rstrip("~") or "2023",
                 "sources": cite()},
            ]
        if i % 13 == 0 and i > 0:
            ev["related"] = [f"event-{i - 1:03d}", f"event-{i // 2:03d}"]
        if i == 11:
            ev["title"] = "Event with a very long title that keeps going to test wrapping " + "x" * 60
        events.append(ev)
    event_ids = [e["id"] for e in events]

    statements: list[dict[str, Any]] = []
    for i in range(N_STATEMENTS):
        mode = _MODES[i % 4]
        st: dict[str, Any] = {
            "id": f"statement-{i:03d}",
            "speaker": actor_ids[(i * 7) % 40],
            "said_on": f"{2022 + i * 3 // N_STATEMENTS}-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "mode": mode,
            "text": f"Fictional statement {i}: we will not accept the {rng.choice(_TAGS)} situation.",
            "sources": cite(),
        }
        if i % 3 == 0:
            st["speaker_role"] = "Spokesperson"
        if i % 5 == 0:
            st["channel"] = "press conference"
        if i % 6 == 0:
            st["audience"] = rng.sample(actor_ids, 2)
        if i % 7 == 0:
            st["via"] = [rng.choice(actor_ids), rng.choice(source_ids)]
        if i % 2 == 0:  # about an event: said on that event's (exact) day
            ev = rng.choice([e for e in events if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", e["date"])])
            st["event"] = ev["id"]
            st["said_on"] = ev["date"]
        if i % 8 == 0:
            lang, orig = _SCRIPTS[i % len(_SCRIPTS)]
            st["original"] = {"text": f"{orig} — {i}", "lang": lang}
        st["about"] = [rng.choice(event_ids), rng.choice(actor_ids)]
        statements.append(st)

    briefing = {
        "title": "The Coastal Compact crisis, 2022–2024 (fictional, generated)",
        "subtitle": "A generated briefing with 320 events for browser tests",
        "as_of": "2024-12-31",
        "lang": "en",
        "coverage": "2022-01/2024-12",
        "publisher": "Example Briefings (fictional)",
        "summary": "Everything in this briefing is **invented** by the test suite.\n\nIt has many records.",
        "key_points": [{"text": f"Key point {i}: something fictional.", "sources": cite()} for i in range(4)],
        "changes": [{"date": "2024-12-31", "text": "Generated.", "kind": "update"}],
    }
    return {"briefing": briefing, "events": events, "actors": actors, "statements": statements,
            "sources": sources, "places": places}


def write_briefing(folder: Path, seed: int = 300) -> Path:
    """Write the generated briefing's YAML into `folder/content`; return `folder`."""
    content = folder / "content"
    content.mkdir(parents=True, exist_ok=True)
    for name, data in briefing_records(seed).items():
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
        (content / f"{name}.yaml").write_text(text, encoding="utf-8")
    return folder
