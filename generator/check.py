"""`factsheet check`: load, validate and link a briefing, with no more of the site generator than that needs.

Apart from build.py so that a check imports neither Jinja, Markdown nor the page plan (a third of a warm
check's time was imports)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .link import link
from .load import load_content
from .model import Briefing
from .parsecache import ParseCache
from .problems import Problems
from .validate import check_record, validate


def check_briefing(briefing_dir: Path, *, clean: bool = False, jobs: int | None = None,
                   model: bool = True) -> tuple[Briefing | None, Problems]:
    """Load, validate and link; the model, or None with the problems that stopped it.

    Files read and validated by an earlier run are taken from the parse cache (parsecache.py) unless
    `clean`; what this run parsed is kept there for the next. `jobs`: processes reading the files of a
    large briefing (None: one per core; parseworkers.py). Without `model` (`factsheet check`), the same
    problems and no model: nothing is linked, and the parse cache gives only what the checks read of each
    record (validate.across_of), not its values (most of a check from the cache was making them and the model)."""
    problems = Problems()
    cache = ParseCache(briefing_dir, clean=clean, values=model)
    gc.unfreeze()  # what an earlier build in this process (serve) froze may be garbage by now
    with collector_paused():
        loaded = load_content(briefing_dir, problems, cache, check_record, jobs)  # keeps what it parsed in `cache`
        cache.save()
        parsed = validate(loaded.records, problems, loaded.incomplete)
        del loaded
        briefing = link(parsed) if parsed is not None and model else None
        del parsed
    return briefing, problems


@contextmanager
def collector_paused(freeze: bool = True) -> Iterator[None]:
    """The garbage collector off while loading, linking, planning or making the data files, and (`freeze`)
    what was made frozen after.

    These steps make millions of small objects and almost no cycles: with the collector on, each full
    collection walks all of them (half the time of a check at 10,000 events). What the model and the plan
    hold lives as long as the build, so later collections (the forked render workers' too) need not walk it
    again; what the data files are made of is garbage as soon as each file is made, freed as it goes."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_enabled:
            gc.enable()
