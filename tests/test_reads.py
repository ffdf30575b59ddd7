"""A page's reads (what keys the page cache) are the same as a generic walk of its whole view finds, when
the view is made again where the page is rendered; and the plan holds no view."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from desk import DESK, desk_edits

from benchmarks.make_briefing import make_briefing
from generator import cli
from generator.build import check_briefing
from generator.editions import EditionCache
from generator.editionsite import NO_EDITIONS, SiteEditions, site_editions_of
from generator.model import Actor, Briefing, Event, Place, Source, Statement, cites_of
from generator.pages import EDITIONS, META, Page, PageViews, plan_pages
from generator.problems import Problems
from generator.reads import Reads
from generator.viewtypes import PeriodLink

REPO = Path(__file__).resolve().parent.parent


def reference_reads(view: Any, lists: tuple[str, ...]) -> frozenset[str]:
    """The walk pages.py did before reads.py (kept as the reference): every field of every part, every time."""
    keys = {META, *lists}
    for record in _records_in(view, set()):
        keys.add(f"{record.collection}/{record.id}")
        keys.update(f"sources/{c.source}" for c in cites_of(record))
    return frozenset(keys)


def _records_in(value: Any, seen: set[int]) -> Iterator[Any]:
    if isinstance(value, (Event, Actor, Statement, Source, Place)):
        yield value
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _records_in(item, seen)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _records_in(item, seen)
    elif dataclasses.is_dataclass(value) and id(value) not in seen:
        seen.add(id(value))
        for f in dataclasses.fields(value):
            yield from _records_in(getattr(value, f.name), seen)


def lists_of(page: Page) -> tuple[str, ...]:
    """The keys a page reads besides its view's records: what it adds to META, as plan_pages gives them."""
    return tuple(k for k in page.reads if "/" not in k and k != META)


def model_of(folder: Path) -> Briefing:
    briefing, problems = check_briefing(folder)
    assert briefing is not None, [str(p) for p in problems]
    return briefing


def assert_same_reads(briefing: Briefing, editions: SiteEditions = NO_EDITIONS) -> list[Page]:
    """Every page's reads, sorted, are what the reference walk finds in its view as a renderer makes it
    (a PageViews of its own, as each render worker has)."""
    pages = plan_pages(briefing, editions)
    views = PageViews(briefing, editions)
    for page in pages:
        expected = reference_reads(views.view_of(page), lists_of(page))
        assert list(page.reads) == sorted(expected), (page.path, sorted(set(page.reads) ^ expected))
    return pages


# What a planned page may hold: names, flags, its recipe and its record; never a view or a card.
PLAIN = (str, int, bool, type(None), Event, Actor, Statement, Place, Source)


def assert_holds_no_view(pages: list[Page]) -> None:
    for page in pages:
        assert page.view is None, page.path
        values = [getattr(page, f.name) for f in dataclasses.fields(page)]
        flat = [v for value in values for v in (value if isinstance(value, tuple) else (value,))]
        assert all(isinstance(v, PLAIN) for v in flat), (page.path, {type(v).__name__ for v in flat} - set())
        assert all(isinstance(v, str) for v in page.reads)


@pytest.mark.parametrize("folder", [REPO, REPO / "tests/briefings/minimal", REPO / "tests/briefings/multiscript"],
                         ids=["sample", "minimal", "multiscript"])
def test_every_page_reads_what_the_generic_walk_finds(folder: Path) -> None:
    briefing = model_of(folder)
    pages = assert_same_reads(briefing)
    assert_holds_no_view(pages)
    brief = next(p for p in pages if p.path == "brief/index.html")  # the full brief shows every record
    assert {f"{r.collection}/{r.id}" for r in (*briefing.records(), *briefing.sources)} <= set(brief.reads)


def test_a_generated_briefing_with_long_lists_reads_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import pages as pages_module
    from generator import periods

    monkeypatch.setattr(periods, "PAGE_BYTES", 12_000)  # split lists, indexes, actors by period, as when large
    monkeypatch.setattr(pages_module, "SOURCES_PER_PAGE", 4)  # and the sources into pages
    briefing = model_of(make_briefing(tmp_path, events=300, actors=30, places=12, sources=25))
    pages = assert_same_reads(briefing)
    assert_holds_no_view(pages)
    assert sum(p.path.startswith("timeline/") for p in pages) > 3
    assert sum(p.path.startswith("sources/") for p in pages) > 3
    assert any(p.path.startswith("actors/") and p.path.count("/") == 3 for p in pages)  # an actor's period pages
    assert any(p.path.startswith("actors/") and p.path.count("/") == 1 and p.path != "actors/index.html" for p in pages)
    event = next(p for p in pages if p.path == f"events/{briefing.events[0].id}/index.html")
    assert f"events/{briefing.events[0].id}" in event.reads and "events" in event.reads
    assert {f"sources/{c.source}" for c in briefing.events[0].sources} <= set(event.reads)


def test_pages_of_a_briefing_with_editions_read_the_same(briefing_dir: Callable[..., Path]) -> None:
    folder = briefing_dir(DESK)
    assert cli.main(["edition", "b", "--note", "Morning edition"]) == 0
    for name in ("events.yaml", "statements.yaml", "actors.yaml"):
        (folder / "content" / name).unlink()
    briefing_dir(desk_edits())
    briefing = model_of(folder)
    problems = Problems()
    editions = site_editions_of(folder, briefing, problems, EditionCache(), str)
    assert editions.log and not problems.has_errors
    pages = assert_same_reads(briefing, editions)
    assert all(EDITIONS in p.reads for p in pages)
    assert any(p.path == "changes/index.html" for p in pages)


def test_a_card_shown_by_pages_is_walked_once_and_gives_the_same_keys(sample_briefing: Briefing) -> None:
    reads = Reads()
    made = PageViews(sample_briefing)
    views = [made.view_of(p) for p in plan_pages(sample_briefing) if p.path.startswith("events/")]
    first = [reads.of(v, (META,)) for v in views]
    assert len(reads._cards) >= len(views)  # each event's card, by its record, not by the card itself
    again = [reads.of(made.view_of(p), (META,)) for p in plan_pages(sample_briefing) if p.path.startswith("events/")]
    assert first == again == [reference_reads(v, ()) for v in views]


@pytest.fixture(scope="module")
def sample_briefing() -> Briefing:
    return model_of(REPO)


def test_a_long_tuple_shared_by_pages_is_walked_once_and_only_the_latest_are_kept(
        sample_briefing: Briefing, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import reads as reads_module
    from generator.viewtypes import Counted, Timeline

    options = tuple(Counted(a, 1) for a in sample_briefing.actors) * 10  # as long as a large list's filter options
    assert len(options) >= 64
    pages = [Timeline((), options, (), (), ()), Timeline((), options, (Counted(sample_briefing.places[0], 1),), (), ())]
    reads = Reads()
    assert [reads.of(p, (META,)) for p in pages] == [reference_reads(p, ()) for p in pages]
    assert reads._parts == {}  # no part of a page kept once it is walked: the plan drops its views
    assert id(options) in reads._long  # remembered for the next page
    monkeypatch.setattr(reads_module, "LONG_KEPT", 2)
    others = [tuple(Counted(a, n) for a in sample_briefing.actors) * 10 for n in range(3)]
    for other in others:
        assert reads.of(Timeline((), other, (), (), ()), (META,)) == reference_reads(pages[0], ())
    assert list(reads._long) == [id(others[1]), id(others[2])]  # the latest two, no more


def test_the_period_pages_of_a_split_actor_share_their_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each period page of a long actor reads every record that decides its periods: pages reading the same
    keys hold one tuple between them, not a copy each (the plan's memory at 50,000 events)."""
    from generator import periods

    monkeypatch.setattr(periods, "PAGE_BYTES", 12_000)
    briefing = model_of(make_briefing(tmp_path, events=300, actors=6, places=12, sources=25))  # long actors
    by_actor: dict[str, dict[frozenset[str], list[tuple[str, ...]]]] = {}
    for page in plan_pages(briefing):
        parts = page.path.split("/")
        if parts[0] == "actors" and len(parts) == 4:  # actors/<id>/<period>/index.html
            by_actor.setdefault(parts[1], {}).setdefault(frozenset(page.reads), []).append(page.reads)
    shared = [same for groups in by_actor.values() for same in groups.values() if len(same) > 1]
    assert shared
    assert all(reads is same[0] for same in shared for reads in same)


@dataclasses.dataclass(frozen=True)
class Shown:
    """A view part: what its fields are typed to hold decides which are walked."""

    label: str
    link: PeriodLink
    anything: Any
    events: tuple[Event, ...]


def test_only_fields_typed_to_hold_a_record_are_walked(sample_briefing: Briefing) -> None:
    from generator import reads as reads_module
    from generator.viewtypes import Paging

    assert reads_module._fields_of(Shown) == ("anything", "events")
    assert reads_module._fields_of(Paging) == ("split",)  # its links and navigation are names and numbers
    actor, event = sample_briefing.actors[0], sample_briefing.events[0]
    shown = Shown("x", PeriodLink("2024", "2024", 1, "timeline/2024/index.html"), actor, (event,))
    assert Reads().of(shown, (META,)) == reference_reads(shown, ())
    # The types are trusted (mypy checks every view made): a record in a field typed `str` is not looked for.
    hidden = Shown(event, shown.link, None, ())  # type: ignore[arg-type]
    assert Reads().of(hidden, (META,)) == {META}


def test_pages_of_a_long_tuple_share_their_reads_while_other_long_tuples_come_and_go(
        sample_briefing: Briefing, monkeypatch: pytest.MonkeyPatch) -> None:
    """A long place's period pages each show a long run of its events (met once) beside every record of
    the place (met on every page): forgetting the runs keeps what was found for the place."""
    from generator import reads as reads_module
    from generator.viewtypes import Counted, Timeline

    monkeypatch.setattr(reads_module, "LONG_KEPT", 2)
    every = tuple(Counted(a, 1) for a in sample_briefing.actors) * 10
    runs = [tuple(Counted(e, n) for e in sample_briefing.events) * 10 for n in range(6)]
    assert min(len(every), *(len(run) for run in runs)) >= 64
    pages = [Timeline((), every, run, (), ()) for run in runs]
    reads = Reads()
    found = [reads.sorted_of(page, (META,)) for page in pages]
    assert [frozenset(f) for f in found] == [reference_reads(page, ()) for page in pages]
    assert all(f is found[1] for f in found[1:])  # the same keys: one tuple from the second page on
