"""Long lists split by period: the periods, the pages, where each record is listed, the filters' data file."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import periods
from generator.build import build
from generator.edtf import parse_edtf
from generator.periods import periods_of


class Dated:
    def __init__(self, text: str) -> None:
        self.date = parse_edtf(text)


def keys(records: list[Dated], limit: int) -> list[tuple[str, str, int]]:
    return [(p.key, p.label, len(p.records)) for p in periods_of(records, lambda r: r.date, limit)]


def test_a_list_that_fits_is_not_split() -> None:
    assert periods_of([Dated("2024-01-01")] * 3, lambda r: r.date, 3) == ()


def test_years_then_months_then_days_then_parts_of_a_day() -> None:
    records = [Dated("2023-05-01"), Dated("2024-01-02"), Dated("2024-01-02"), Dated("2024-01-02"),
               Dated("2024-02"), Dated("../2024-03-09"), Dated("2024-03-10/2024-04-01")]
    assert keys(records, 6) == [("2023", "2023", 1), ("2024", "2024", 6)]
    assert keys(records, 2) == [
        ("2023", "2023", 1), ("2024-01-02", "2 January 2024", 2), ("2024-01-02-2", "2 January 2024 (part 2)", 1),
        ("2024-02", "February 2024", 1), ("2024-03", "March 2024", 2)]  # an open start is filed by its end


def test_a_long_timeline_has_small_pages_and_every_event_on_one_of_them(
        briefing_dir: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(periods, "PAGE_BYTES", 2500)  # two of these events' cards (card_weight 1,221)
    events = "".join(
        f"- {{id: e{i}, date: 2024-0{1 + i % 3}-1{i % 2}, title: Event {i}, "
        f"actors: [{'iran' if i % 2 else 'pakistan'}], sources: [report]{', key: true' if i == 4 else ''}}}\n"
        for i in range(7))
    # January holds e0, e3, e6 (more than 2: by day); February e1, e4; March e2, e5
    folder = briefing_dir({"events.yaml": events, "statements.yaml": "[]\n", "places.yaml": "[]\n"})
    result = build(folder, folder / "site")
    assert result.ok, [str(p) for p in result.problems]
    site = folder / "site"
    pages = sorted(p.parent.name for p in (site / "timeline").glob("*/index.html"))
    assert pages == ["2024-01-10", "2024-01-11", "2024-02", "2024-03"]
    listed = [a for page in (site / "timeline").glob("*/index.html")
              for a in re.findall(r'<article class="event[^"]*" id="(e\d)"', page.read_text())]
    assert sorted(listed) == [f"e{i}" for i in range(7)]
    index = (site / "timeline/index.html").read_text()
    assert 'id="e4"' in index and index.count('<article class="event') == 1  # the key events
    assert 'data-index="../data/timeline.json"' in index and 'href="../timeline/2024-02/index.html"' in index
    event = (site / "events/e2/index.html").read_text()
    assert 'href="../../timeline/2024-03/index.html#e2">Timeline</a>' in event
    data = json.loads((site / "data/timeline.json").read_text())["items"]
    assert len(data) == 7 and data[0] == {"path": "timeline/2024-01-10/index.html#e0", "date": "10 Jan 2024",
                                          "title": "Event 0", "actors": ["pakistan"], "places": [], "kind": "",
                                          "tags": []}
    assert not (site / "data/statements.json").exists()  # one statement: not split


def test_a_period_page_links_the_years_the_months_of_its_year_and_the_days_of_its_month() -> None:
    parts = [(2023,), (2024, 1, 2, 1), (2024, 1, 2, 2), (2024, 1, 3), (2024, 2), (2024, 3)]
    counts = [5, 4, 4, 1, 3, 2]
    paths = [f"p{i}" for i in range(len(parts))]
    tree = periods.nav_tree(parts, counts)

    def shown(current: int) -> list[list[tuple[str, int, str, bool]]]:
        return [[tuple(link) for link in level] for level in periods.nav_levels(tree, parts[current], paths)]

    assert shown(0) == [[("2023", 5, "p0", True), ("2024", 14, "p1", False)]]
    assert shown(4) == [[("2023", 5, "p0", False), ("2024", 14, "p1", True)],
                        [("January", 9, "p1", False), ("February", 3, "p4", True), ("March", 2, "p5", False)]]
    assert shown(2) == [[("2023", 5, "p0", False), ("2024", 14, "p1", True)],
                        [("January", 9, "p1", True), ("February", 3, "p4", False), ("March", 2, "p5", False)],
                        [("2 Jan", 8, "p1", True), ("3 Jan", 1, "p3", False)],
                        [("2 Jan", 4, "p1", False), ("2 Jan (part 2)", 4, "p2", True)]]


def test_a_list_is_split_by_the_weight_of_its_cards() -> None:
    records = [Dated("2024-01-01"), Dated("2024-01-01"), Dated("2024-02-01")]
    heavy = {id(records[0]): 5, id(records[1]): 5, id(records[2]): 1}
    split = periods_of(records, lambda r: r.date, 6, lambda r: heavy[id(r)])
    assert [(p.key, len(p.records)) for p in split] == [("2024-01-01", 1), ("2024-01-01-2", 1), ("2024-02", 1)]
    assert periods_of(records, lambda r: r.date, 11, lambda r: heavy[id(r)]) == ()


def test_the_index_lists_every_period_a_row_per_month() -> None:
    split = periods_of([Dated("2023-05-01"), *[Dated("2024-01-02")] * 3, Dated("2024-01-03"), Dated("2024-02")],
                       lambda r: r.date, 2)
    rows = periods.nav_rows(split, [p.key for p in split])
    assert [(label, [(link.label, link.n) for link in links]) for label, links in rows] == [
        ("2023", [("whole year", 1)]),
        ("January 2024", [("2", 2), ("2 (part 2)", 1), ("3", 1)]),
        ("February 2024", [("whole month", 1)])]
