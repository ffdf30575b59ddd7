"""Times each data file a build makes beside its pages (the "other" phase of phases.py), one by one, by hand.

    PYTHONPATH=. python benchmarks/bench_data.py BRIEFING [--rounds N] [--profile FILE]

Checks the briefing once (the parse cache makes that quick the second time), plans its pages, then times
each maker of a data file alone, in CPU seconds, the best of N rounds: the CSV files, the calendar,
provenance, the feed, the sitemap, data/briefing.json, the lists' data files, the search records.
Prints the size of what each made. A report, not a test: compare lines of one run.
"""

from __future__ import annotations

import argparse
import cProfile
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.build import check_briefing  # noqa: E402
from generator.csvdata import csv_files_of  # noqa: E402
from generator.editionsite import NO_EDITIONS  # noqa: E402
from generator.feed import FEED_SIZE, event_entries_of, feed_of, sitemaps_of  # noqa: E402
from generator.ical import calendar_of  # noqa: E402
from generator.jsondata import briefing_json  # noqa: E402
from generator.listdata import list_data_of  # noqa: E402
from generator.outputs import FEED_RELATED, outputs_of, published_paths_of  # noqa: E402
from generator.pages import listings_of, plan_pages  # noqa: E402
from generator.provenance import provenance_of  # noqa: E402
from generator.search import records_of  # noqa: E402
from generator.text import MarkdownRenderer  # noqa: E402


def size_of(made: Any) -> int:
    if isinstance(made, bytes):
        return len(made)
    if isinstance(made, dict):
        return sum(size_of(v) for v in made.values())
    return len(made) if isinstance(made, list) else 0


def best_of(rounds: int, make: Callable[[], Any]) -> tuple[float, Any]:
    best, made = float("inf"), None
    for _ in range(rounds):
        started = time.process_time()
        made = make()
        best = min(best, time.process_time() - started)
    return best, made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("briefing", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", type=Path, help="also write a cProfile of one outputs_of + briefing_json")
    args = parser.parse_args()
    started = time.process_time()
    briefing, problems = check_briefing(args.briefing)
    if briefing is None:
        raise SystemExit("\n".join(p.format() for p in problems.sorted()[:10]))
    listings = listings_of(briefing)
    pages = plan_pages(briefing, NO_EDITIONS, listings)
    print(f"{args.briefing.name}: {len(briefing.events)} events, {len(pages)} pages; checked and planned in "
          f"{time.process_time() - started:.2f} s CPU")
    base = briefing.meta.base_url or "https://example.org/"
    md = MarkdownRenderer  # a fresh one each time: a round must not reuse the conversions of the one before
    makers: list[tuple[str, Callable[[], Any]]] = [
        ("data/*.csv", lambda: csv_files_of(briefing)),
        ("data/events.ics", lambda: calendar_of(briefing)),
        ("data/provenance.jsonld", lambda: provenance_of(briefing, base)),
        ("feed.xml", lambda: feed_of(briefing, base, event_entries_of(briefing, md(), FEED_SIZE), FEED_SIZE,
                                     FEED_RELATED)),
        ("sitemap.xml", lambda: sitemaps_of(base, published_paths_of(pages))),
        ("outputs_of (all of the above)", lambda: outputs_of(briefing, pages, NO_EDITIONS, md())),
        ("data/briefing.json", lambda: briefing_json(briefing)),
        ("list data (listdata.list_data_of)", lambda: list_data_of(briefing, listings)),
        ("search records (search.records_of)", lambda: records_of(briefing, md())),
    ]
    for name, make in makers:
        seconds, made = best_of(args.rounds, make)
        print(f"  {name:<38} {seconds:6.3f} s CPU  {size_of(made) / 1e6:8.2f} MB")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(lambda: (outputs_of(briefing, pages, NO_EDITIONS, md()), briefing_json(briefing)))
        profiler.dump_stats(args.profile)
        print(f"profile written to {args.profile} (python -m pstats {args.profile})")


if __name__ == "__main__":
    main()
