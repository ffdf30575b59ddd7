"""Which pages show the timeline chart (generator/chart.py), and the chart each of them shows.

The overview and the timeline page show every event, drawn to scale; so does the full printed brief,
where each mark links to the event's entry inside the document. The chart is drawn once per page
kind, with the page's own links, and handed to the template as Markup.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from .chart import timeline_chart
from .model import Briefing, Event
from .pages import SECTION_PATHS, Page, url_for

# page path -> (id of the list the chart summarises on that page, how the caption names it)
CHARTED: dict[str, tuple[str | None, str]] = {
    "index.html": (None, "listed on the Timeline page"),
    SECTION_PATHS["timeline"]: ("timeline-list", "listed below"),
    SECTION_PATHS["brief"]: ("sec-timeline", "listed below"),
}


def _listed(page: Page) -> tuple[str | None, str]:
    """Where the page lists the charted events, as the caption's "every event is ..." ends: honest when the
    page holds only some of them (a paged timeline's index, the summarised brief of a large briefing)."""
    list_id, list_text = CHARTED[page.path]
    summary = getattr(page.view, "summary", None)
    if summary is not None:
        return list_id, (f"in the timeline below: {summary.events_full:,} in full, "
                         f"the others counted by {summary.period_unit}")
    paging = getattr(page.view, "paging", None)
    if paging is not None and paging.paged:
        return None, "listed on the timeline's period pages"
    return list_id, list_text


def chart_of(page: Page, briefing: Briefing, href: Callable[[Event], str | None]) -> Markup:
    """The chart for this page, or empty Markup on a page that has none."""
    if page.path not in CHARTED:
        return Markup("")
    list_id, list_text = _listed(page)
    # The brief holds every event, so `href` finds each; a web page's links are relative to the page.
    return timeline_chart(briefing.events, lambda e: href(e) or page.root + url_for(e),
                          title=f"Timeline of {briefing.meta.title}", list_id=list_id, list_text=list_text)
