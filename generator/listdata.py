"""The data files of a list split by period: every record with what its filters test, so that a filter finds
it on any period's page, and every filter's options (a period's page lists only its own)."""

from __future__ import annotations

import json
from typing import Any

from .model import Briefing, Event
from .pages import Listing
from .views import Views


def list_data_of(briefing: Briefing, listings: dict[str, Listing]) -> dict[str, bytes]:
    """For a list split by period: every record with what its filters test, so a filter finds it anywhere;
    and every filter's options (a period's page lists only its own)."""
    files = {}
    views = Views(briefing)
    for collection, listing in listings.items():
        if not listing.links:
            continue
        items = [_list_item(r, listing.listed[r.id]) for r in getattr(briefing, collection)]
        files[listing.index] = _json({"items": items})
        files[listing.options] = _json(_options(views, collection))
    return files


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n").encode("utf-8")


def _options(views: Views, collection: str) -> dict[str, list[list[str]]]:
    """Every option of every select of the list's filters, (value, text) as the page writes them, by select name."""
    if collection == "events":
        f = views.timeline_filters()
        return {"actor": [[a.id, f"{a.name} ({n})"] for a, n in f.actors],
                "place": [[p.id, f"{p.name} ({n})"] for p, n in f.places],
                "kind": [[k, k] for k in f.kinds], "tag": [[t, t] for t in f.tags]}
    view = views.statements_index(())  # no cards: the options only
    return {"speaker": [[a.id, f"{a.name} ({n})"] for a, n in view.speakers],
            "mode": [[mode, label] for mode, label in view.modes]}


def _list_item(r: Any, path: str) -> dict[str, Any]:
    if isinstance(r, Event):
        return {"path": path, "date": r.date_display or r.date.render(short=True), "title": r.title,
                "actors": [a.actor for a in r.actors], "places": list(r.places), "kind": r.kind or "",
                "tags": list(r.tags)}
    return {"path": path, "date": r.said_on.render(short=True), "title": r.text[:140], "speaker": r.speaker,
            "mode": r.mode}
