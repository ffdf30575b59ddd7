"""What a process rendering a large site keeps is bounded: cards and fragments are dropped past a limit and
made again, with the same bytes. Structure, not a memory threshold: nothing here depends on the machine."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitedigest import digest_of

from generator import render, views
from generator.build import build, check_briefing
from generator.pages import PageViews, plan_pages

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "tests" / "briefings" / "multiscript"


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("reference") / "site"
    assert build(SOURCE, out, jobs=1).ok
    return digest_of(out)


def test_fragments_made_afresh_past_the_limit_give_the_same_site(tmp_path: Path, reference: dict[str, str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[object] = []
    original = render.FragmentSets

    def counted(*args: object) -> object:
        made.append(object())
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(render, "FragmentSets", counted)
    monkeypatch.setattr(render, "FRAGMENTS_KEPT", 3)
    assert build(SOURCE, tmp_path / "site", jobs=1, clean=True).ok
    assert len(made) > 3  # dropped and made again, many times
    assert digest_of(tmp_path / "site") == reference


def test_cards_kept_past_the_limit_are_dropped_and_the_views_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    briefing, _ = check_briefing(REPO)
    assert briefing is not None
    pages = plan_pages(briefing)
    expected = [PageViews(briefing).view_of(p) for p in pages]
    monkeypatch.setattr(views, "CARDS_KEPT", 2)
    bounded = PageViews(briefing)
    assert [bounded.view_of(p) for p in pages] == expected
    assert len(bounded.views._events) <= 2 and len(bounded.views._statements) <= 2


def test_a_record_split_over_pages_is_made_once_for_all_of_them(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmarks.make_briefing import make_briefing
    from generator import periods

    monkeypatch.setattr(periods, "PAGE_BYTES", 12_000)  # actors' pages split by period
    briefing, _ = check_briefing(make_briefing(tmp_path, events=300, actors=30, places=12, sources=25))
    assert briefing is not None
    pages = plan_pages(briefing)
    made = PageViews(briefing)
    calls: list[str] = []
    actor_page = made.views.actor_page
    monkeypatch.setattr(made.views, "actor_page", lambda a: calls.append(a.id) or actor_page(a))
    for page in pages:
        if page.make[0] == "record":  # (the brief makes actors' views of its own)
            made.view_of(page)
    split = [p for p in pages if p.path.startswith("actors/") and p.path.count("/") == 3]
    assert split  # some actor has period pages
    assert sorted(calls) == sorted(a.id for a in briefing.actors)  # each actor's view made once, however many pages
