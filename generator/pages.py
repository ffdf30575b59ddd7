"""Which pages the site has: their paths, templates and what each is about. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .model import Briefing

SECTIONS = ("events", "actors", "statements", "places")


@dataclass(frozen=True)
class Page:
    path: str  # relative to the site root, always ending in a file name
    template: str
    section: str
    record: Any = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def root(self) -> str:
        """The relative way back to the site root, so the site works from any folder or file://."""
        return "../" * self.path.count("/")

    @property
    def label(self) -> str:
        """What is being rendered, for error messages."""
        if self.record is None:
            return self.path
        where = f" ({self.record.pos})" if getattr(self.record, "pos", None) and self.record.pos.path else ""
        return f"{self.record.collection}/{self.record.id}{where}"


def plan_pages(briefing: Briefing) -> list[Page]:
    pages = [
        Page("index.html", "overview.html", "overview"),
        Page("timeline/index.html", "timeline.html", "timeline"),
        Page("actors/index.html", "actors.html", "actors"),
        Page("statements/index.html", "statements.html", "statements"),
        Page("places/index.html", "places.html", "places"),
        Page("sources/index.html", "sources.html", "sources"),
        Page("brief/index.html", "brief.html", "brief"),
        Page("brief-short/index.html", "brief.html", "brief", extra={"short": True}),
    ]
    for section in SECTIONS:
        singular = section.rstrip("s")
        section_name = "timeline" if section == "events" else section
        for record in getattr(briefing, section):
            pages.append(Page(f"{section}/{record.id}/index.html", f"{singular}.html", section_name, record))
    return pages
