"""The site's data files beside its pages: CSVs, the calendar, provenance and, given base_url, feed and sitemap.

One place adds them, so the page plan (what links them) and the build (what writes them) cannot
disagree about which exist. Pure: the briefing and the plan in, bytes out.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from .csvdata import each_csv_file
from .editionsite import NO_EDITIONS, SiteEditions
from .edtf import parse_edtf
from .feed import FEED_SIZE, FeedEntry, Related, event_entries_of, feed_of, moment_of, sitemaps_of
from .ical import calendar_of
from .model import Briefing
from .pages import NOT_FOUND, SECTION_PATHS, Page
from .provenance import provenance_of
from .sentences import plain_text_of
from .text import MarkdownRenderer

CALENDAR = "data/events.ics"
PROVENANCE = "data/provenance.jsonld"
BRIEFING_JSON = "data/briefing.json"
FEED = "feed.xml"
SITEMAP = "sitemap.xml"

# Said once per build when base_url is missing: a note, not a warning, so --strict builds still pass.
NO_BASE_URL = ("feed.xml, sitemap.xml and canonical links were left out: they need absolute addresses; "
               "set base_url in content/briefing.yaml to the address the site will be published at")

# Each table page links the CSV of the records it lists.
CSV_OF_SECTION = {
    "timeline": "data/events.csv",
    "actors": "data/actors.csv",
    "statements": "data/statements.csv",
    "places": "data/places.csv",
    "sources": "data/sources.csv",
}


# The feed keeps its newest entries; these say where the rest are (feed-level <link rel="related">).
FEED_RELATED = (
    Related(SECTION_PATHS["timeline"], "text/html", "Every event, on the site"),
    Related(BRIEFING_JSON, "application/json", "Every record, as JSON"),
    Related(CSV_OF_SECTION["timeline"], "text/csv", "Every event, as CSV"),
    Related(CALENDAR, "text/calendar", "Every event dated to a day or a time, as a calendar"),
)


def edition_entries_of(editions: SiteEditions) -> list[FeedEntry]:
    """One feed entry per recorded edition: what it changed, in the sentences of the changes page."""
    entries = []
    for change in editions.log:
        moment = moment_of(parse_edtf(change.as_of))
        if not change.recorded or moment is None:
            continue
        title = f"Edition {change.number}" + (f": {change.note}" if change.note else "")
        summary = plain_text_of(list(change.items)) or "The first recorded edition."
        entries.append(FeedEntry(f"changes/index.html#edition-{change.number}", title, moment, summary, ("edition",)))
    return entries


def outputs_of(briefing: Briefing, pages: Sequence[Page], editions: SiteEditions = NO_EDITIONS,
               markdown: MarkdownRenderer | None = None) -> dict[str, bytes]:
    """Every data file of the site, keyed by its path below the site root.

    `markdown`: the renderer the pages use (render.markdown_of), so the feed's event summaries are converted
    once per build: called before the pages are rendered, the render workers inherit its conversions."""
    return dict(each_output(briefing, pages, editions, markdown))


def each_output(briefing: Briefing, pages: Sequence[Page], editions: SiteEditions = NO_EDITIONS,
                markdown: MarkdownRenderer | None = None) -> Iterator[tuple[str, bytes]]:
    """outputs_of one file at a time, (path, bytes), each made only when asked for: a build writes each
    as it comes and holds none (at 50,000 events they weigh hundreds of megabytes)."""
    yield from each_csv_file(briefing)
    yield CALENDAR, calendar_of(briefing)
    base_url = briefing.meta.base_url
    yield PROVENANCE, provenance_of(briefing, base_url or "../")
    if base_url:
        # Only the newest events can be among the feed's newest entries: only their summaries are converted.
        entries = [*event_entries_of(briefing, markdown, FEED_SIZE), *edition_entries_of(editions)]
        yield FEED, feed_of(briefing, base_url, entries, FEED_SIZE, FEED_RELATED)
        yield from sitemaps_of(base_url, published_paths_of(pages), SITEMAP).items()


def published_paths_of(pages: Sequence[Page]) -> list[str]:
    """The pages a search engine should list: all but the 404 page, which is served only for unknown URLs."""
    return [page.path for page in pages if page.path != NOT_FOUND]


def notes_of(briefing: Briefing) -> list[str]:
    """What the build wants the user to know that is not a problem of the briefing."""
    return [] if briefing.meta.base_url else [NO_BASE_URL]
