"""The page plan: which pages exist, what each view holds, what each page reads, and where links go."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.build import check_briefing
from generator.fragments import FragmentSets, Links
from generator.labels import ACTOR_KINDS, MODES, PLACE_KINDS
from generator.model import Briefing
from generator.pages import META, Page, PageViews, plan_pages, url_for
from generator.registry import SCHEMAS
from generator.render import make_env, theme_dir
from generator.views import Views, _by_kind

REPO = Path(__file__).resolve().parent.parent
TEMPLATE_LINE_LIMIT = 160


def model_of(folder: Path) -> Briefing:
    briefing, problems = check_briefing(folder)
    assert briefing is not None, [str(p) for p in problems]
    return briefing


@pytest.fixture(scope="module")
def sample() -> Briefing:
    return model_of(REPO)


def pages_by_path(briefing: Briefing) -> dict[str, Page]:
    return {p.path: p for p in plan_pages(briefing)}


def view_at(briefing: Briefing, path: str) -> Any:
    """The view of the page at `path`, made as a renderer makes it (the plan holds none)."""
    return PageViews(briefing).view_of(pages_by_path(briefing)[path])


def test_plan_is_pure_and_has_one_page_per_record_and_section(sample: Briefing) -> None:
    first, second = plan_pages(sample), plan_pages(sample)
    assert [(p.path, p.template, p.reads) for p in first] == [(p.path, p.template, p.reads) for p in second]
    paths = [p.path for p in first]
    assert len(paths) == len(set(paths))
    records = [*sample.events, *sample.actors, *sample.statements, *sample.places]
    assert {url_for(r) for r in records} <= set(paths)
    assert len(paths) == 9 + len(records)  # the sections, two briefs, the 404 page
    assert {"index.html", "timeline/index.html", "sources/index.html", "brief/index.html",
            "brief-short/index.html"} <= set(paths)


def test_url_for_gives_each_record_its_page_and_sources_their_entry(sample: Briefing) -> None:
    assert url_for(sample.events[0]) == f"events/{sample.events[0].id}/index.html"
    assert url_for(sample.actors[0]) == f"actors/{sample.actors[0].id}/index.html"
    assert url_for(sample.sources[0]) == f"sources/index.html#{sample.sources[0].id}"
    assert Links("../../").href(sample.places[0]) == f"../../places/{sample.places[0].id}/index.html"


def test_event_view_resolves_what_the_page_shows(sample: Briefing) -> None:
    for i, event in enumerate(sample.events):
        view = view_at(sample, url_for(event))
        assert view.card.event is event
        assert [a.actor.id for a in view.card.actors] == [a.actor for a in event.actors]
        assert [(f.figure, f.claimant.id) for f in view.card.figures] == [(f, f.claimed_by) for f in event.figures]
        assert (view.number, view.total) == (i + 1, len(sample.events))
        assert view.previous is (sample.events[i - 1] if i else None)
        assert view.next is (sample.events[i + 1] if i + 1 < len(sample.events) else None)
        about = {s.id for s in sample.statements if s.event == event.id or any(a.id == event.id for a in s.about)}
        assert {c.statement.id for c in view.statements} == about


BRIEFING_WITH_FIGURES = {
    "actors.yaml": """\
        - {id: alpha, name: Alpha, kind: state}
        - {id: beta, name: Beta, kind: state}
        - {id: zeta, name: Zeta, kind: state}
        """,
    "events.yaml": """\
        - id: one
          date: 2024-01-01
          title: One
          actors: [zeta, alpha]
          figures:
            - {measure: killed, value: 3, claimed_by: zeta, sources: [report]}
            - {measure: killed, value: 5, claimed_by: beta, sources: [report]}
          sources: [report]
        - id: two
          date: 2024-01-02
          title: Two
          actors: [zeta]
          figures:
            - {measure: injured, value: 4, claimed_by: zeta, sources: [report]}
          sources: [report]
        - id: three
          date: 2024-01-03
          title: Three
          actors: [zeta, beta]
          places: [tehran]
          sources: [report]
        """,
    "statements.yaml": """\
        - {id: comment, speaker: beta, said_on: 2024-01-02, mode: verbatim, text: Words., sources: [report]}
        """,
}


def test_main_actors_are_those_that_appear_most_not_the_first_in_the_alphabet(
        briefing_dir: Callable[..., Path]) -> None:
    views = Views(model_of(briefing_dir(BRIEFING_WITH_FIGURES)))
    # zeta: 3 events + 2 figures; beta: 1 event + 1 statement + 1 figure; alpha: 1 event
    assert [a.id for a in views.main_actors()] == ["zeta", "beta", "alpha"]


def test_key_figures_are_grouped_by_claimant_in_order_of_first_appearance(
        briefing_dir: Callable[..., Path]) -> None:
    overview = Views(model_of(briefing_dir(BRIEFING_WITH_FIGURES))).overview()
    groups = [(g.claimant.id, [(f.event.id, f.figure.value) for f in g.figures]) for g in overview.key_figures]
    assert groups == [("zeta", [("one", 3), ("two", 4)]), ("beta", [("one", 5)])]


def test_key_events_are_the_marked_ones_or_else_the_first_five(briefing_dir: Callable[..., Path]) -> None:
    events = "".join(f"- {{id: e{i}, date: 2024-01-0{i}, title: E{i}, sources: [report]"
                     f"{', key: true' if i in (3, 7) else ''}}}\n" for i in range(1, 9))
    views = Views(model_of(briefing_dir({"events.yaml": events, "statements.yaml": "[]\n"})))
    assert [c.event.id for c in views.overview().key_events] == ["e3", "e7"]
    assert [c.event.id for c in views.brief(short=True).events] == ["e3", "e7"]
    unmarked = Views(model_of(briefing_dir({"events.yaml": events.replace(", key: true", ""),
                                            "statements.yaml": "[]\n"}, name="c")))
    assert [c.event.id for c in unmarked.overview().key_events] == ["e1", "e2", "e3", "e4", "e5"]
    assert [c.event.id for c in unmarked.brief(short=True).events] == ["e1", "e2", "e3", "e4", "e5"]


def test_each_page_reads_the_records_it_shows_and_no_others(briefing_dir: Callable[..., Path]) -> None:
    pages = pages_by_path(model_of(briefing_dir(BRIEFING_WITH_FIGURES)))
    one = set(pages["events/one/index.html"].reads)
    assert {META, "events", "events/one", "actors/zeta", "actors/alpha", "actors/beta", "sources/report"} <= one
    assert "events/three" not in one and "places/tehran" not in one
    assert "events/two" in one  # the next event is named in the pager
    three = set(pages["places/tehran/index.html"].reads)
    assert {"places/tehran", "events/three"} <= three and "events/one" not in three
    assert "events" not in three  # a place page shows no count or order of the whole timeline
    assert {"events", "actors", "statements"} <= set(pages["index.html"].reads)


def test_every_kind_in_the_contract_has_a_heading_and_a_new_kind_still_gets_a_group() -> None:
    for collection, headings in (("actors", ACTOR_KINDS), ("places", PLACE_KINDS)):
        assert set(SCHEMAS[collection].fields["kind"].type.values) == set(headings)
    assert set(SCHEMAS["statements"].fields["mode"].type.values) == set(MODES)

    class Rec:
        def __init__(self, kind: str | None) -> None:
            self.kind = kind

    groups = _by_kind((Rec("state"), Rec("militia"), Rec(None), Rec("person")), ACTOR_KINDS, lambda r: r.kind, "Other")
    assert [(g.kind, g.heading, len(g.records)) for g in groups] == [
        ("person", "People", 1), ("state", "States", 1), ("militia", "Militias", 1), ("other", "Other", 1)]


def test_short_brief_names_what_it_does_not_hold_and_links_what_it_does(sample: Briefing) -> None:
    short = view_at(sample, "brief-short/index.html")
    held = short.events[0].event
    links = Links("../", short.holds)
    assert links.href(held) == f"#ev-{held.id}"
    assert links.href(sample.actors[0]) is None
    assert links.href(sample.sources[0]) == f"#src-{sample.sources[0].id}"
    full = Links("../", view_at(sample, "brief/index.html").holds)
    assert full.href(sample.actors[0]) == f"#actor-{sample.actors[0].id}"


def test_a_fragment_is_rendered_once_per_build_and_link_mode(sample: Briefing) -> None:
    env = make_env([theme_dir()])
    sets = FragmentSets(env, sample, {"meta": sample.meta, "nav": (), "theme": None, "csp": ""})
    frag = sets.of(Links("../../"))
    card = Views(sample).event_card(sample.events[0])
    first = frag.event_card(card)
    assert frag.event_card(card) is first
    assert sets.of(Links("../../")) is frag
    assert sets.of(Links("")) is not frag
    assert f'href="../../events/{sample.events[0].id}/index.html"' in first
    assert f'href="events/{sample.events[0].id}/index.html"' in sets.of(Links("")).event_card(card)


def test_templates_have_no_line_over_the_limit() -> None:
    long_lines = [f"{path.relative_to(REPO)}:{n}" for path in sorted((REPO / "templates").rglob("*.html"))
                  for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                  if len(line) > TEMPLATE_LINE_LIMIT]
    assert long_lines == []


def test_places_without_a_kind_are_grouped_last_as_other_places(briefing_dir: Callable[..., Path]) -> None:
    places = "- {id: p-town, name: A town, kind: town}\n- {id: p-none, name: Somewhere}\n"
    views = Views(model_of(briefing_dir({"places.yaml": places, "events.yaml": "[]\n", "statements.yaml": "[]\n"})))
    assert [(g.heading, [r.place.id for r in g.records]) for g in views.places_index().groups] == [
        ("Towns", ["p-town"]), ("Other places", ["p-none"])]
