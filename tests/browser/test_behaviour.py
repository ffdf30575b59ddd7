"""Behaviour: the timeline and statement filters by mouse and keyboard, with a visible count and the
state in the URL; every record listed without JavaScript; in-page links land on their target.

Expected results come from data/briefing.json, not from the page's own data attributes, so a filter
that matches the wrong records fails."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from browserkit import Site


def _data(site: Site) -> dict[str, Any]:
    return json.loads((site.dir / "data" / "briefing.json").read_text(encoding="utf-8"))


def _expected_events(site: Site, **chosen: str) -> set[str]:
    out = set()
    for e in _data(site)["events"]:
        ok = True
        if "actor" in chosen:
            ok &= chosen["actor"] in [a["actor"] for a in e.get("actors", [])]
        if "place" in chosen:
            ok &= chosen["place"] in e.get("places", [])
        if "kind" in chosen:
            ok &= e.get("kind") == chosen["kind"]
        if "tag" in chosen:
            ok &= chosen["tag"] in e.get("tags", [])
        if ok:
            out.add(e["id"])
    return out


def _shown_ids(page: Any, list_id: str) -> set[str]:
    return set(page.evaluate(
        """(id) => [...document.getElementById(id).children]
             .filter(li => li.offsetParent !== null && getComputedStyle(li).visibility !== 'hidden')
             .map(li => (li.id ? li : li.querySelector('[id]')).id)""", list_id))


def _count_text(page: Any) -> str:
    status = page.locator("#filters [role=status]")
    assert status.is_visible(), "the filter count is not visible"
    return status.inner_text()


def _query(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def _most_used_actor(site: Site) -> str:
    counts: dict[str, int] = {}
    for e in _data(site)["events"]:
        for a in e.get("actors", []):
            counts[a["actor"]] = counts.get(a["actor"], 0) + 1
    return max(sorted(counts), key=lambda k: counts[k])


@pytest.mark.parametrize("mode", ["http", "file"])
def test_timeline_filter_by_mouse_updates_list_count_and_url(site: Site, mode: str, open_page: Any) -> None:
    page, watch = open_page(site, "timeline/index.html", mode)
    total = len(_data(site)["events"])
    assert str(total) in _count_text(page)
    actor = _most_used_actor(site)
    page.locator("#filters select[name=actor]").click()
    page.keyboard.press("Escape")  # close the native list the click opened
    page.locator("#filters select[name=actor]").select_option(actor)
    expected = _expected_events(site, actor=actor)
    assert 0 < len(expected) < total
    assert _shown_ids(page, "timeline-list") == expected
    assert re.search(rf"\b{len(expected)}\b", _count_text(page)), _count_text(page)
    assert _query(page).get("actor") == [actor], page.url
    # a second filter narrows further, and both are in the URL
    kinds = sorted({e.get("kind") for e in _data(site)["events"] if e["id"] in expected and e.get("kind")})
    page.locator("#filters select[name=kind]").select_option(kinds[0])
    expected2 = _expected_events(site, actor=actor, kind=kinds[0])
    assert _shown_ids(page, "timeline-list") == expected2
    assert _query(page).get("kind") == [kinds[0]] and _query(page).get("actor") == [actor]
    # clear by mouse
    page.get_by_role("button", name=re.compile("clear", re.I)).click()
    page.wait_for_function("() => !location.search")
    assert len(_shown_ids(page, "timeline-list")) == total
    assert not watch.problems, watch.problems


def test_timeline_filter_by_keyboard(sample: Site, open_page: Any) -> None:
    page, _ = open_page(sample, "timeline/index.html")
    total = len(_data(sample)["events"])
    for _ in range(80):  # Tab from the top of the page to the Kind filter
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "kind":
            break
    else:
        pytest.fail("the Kind filter cannot be reached with Tab")
    page.keyboard.press("ArrowDown")  # the first kind
    chosen = page.evaluate("document.activeElement.value")
    assert chosen, "ArrowDown on the focused select did not choose a kind"
    page.wait_for_function("(v) => location.search.includes('kind=' + v)", arg=chosen)
    expected = _expected_events(sample, kind=chosen)
    assert _shown_ids(page, "timeline-list") == expected
    assert re.search(rf"\b{len(expected)}\b", _count_text(page))
    for _ in range(10):  # on to the Clear button, then Enter
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "reset":
            break
    else:
        pytest.fail("the Clear button cannot be reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_function("() => !location.search")
    assert len(_shown_ids(page, "timeline-list")) == total
    assert re.search(rf"\b{total}\b", _count_text(page))


@pytest.mark.parametrize("mode", ["http", "file"])
def test_a_filtered_view_can_be_shared_by_its_url(site: Site, mode: str, open_page: Any) -> None:
    actor = _most_used_actor(site)
    data = _data(site)
    tag = next(t for e in data["events"] for t in e.get("tags", []) if actor in [a["actor"] for a in e["actors"]])
    query = f"?actor={actor}&tag={tag.replace(' ', '+')}"
    page, watch = open_page(site, "timeline/index.html" + query, mode)
    assert page.locator("#filters select[name=actor]").input_value() == actor
    assert page.locator("#filters select[name=tag]").input_value() == tag
    expected = _expected_events(site, actor=actor, tag=tag)
    assert _shown_ids(page, "timeline-list") == expected
    assert re.search(rf"\b{len(expected)}\b", _count_text(page))
    assert not watch.problems, watch.problems


def test_statement_filter_by_mouse_and_url(site: Site, open_page: Any) -> None:
    page, _ = open_page(site, "statements/index.html")
    statements = _data(site)["statements"]
    speakers: dict[str, int] = {}
    for s in statements:
        speakers[s["speaker"]] = speakers.get(s["speaker"], 0) + 1
    speaker = max(sorted(speakers), key=lambda k: speakers[k])
    page.locator("#filters select[name=speaker]").select_option(speaker)
    expected = {s["id"] for s in statements if s["speaker"] == speaker}
    assert _shown_ids(page, "statement-list") == expected
    assert re.search(rf"\b{len(expected)}\b", _count_text(page))
    assert _query(page).get("speaker") == [speaker]
    page.goto(site.url(f"statements/index.html?speaker={speaker}"))
    assert _shown_ids(page, "statement-list") == expected


def test_statement_filter_by_keyboard(sample: Site, open_page: Any) -> None:
    page, _ = open_page(sample, "statements/index.html")
    page.locator("#filters select[name=speaker]").focus()
    page.keyboard.press("ArrowDown")
    chosen = page.evaluate("document.activeElement.value")
    assert chosen
    expected = {s["id"] for s in _data(sample)["statements"] if s["speaker"] == chosen}
    assert _shown_ids(page, "statement-list") == expected


@pytest.mark.parametrize("rel, list_id, collection", [("timeline/index.html", "timeline-list", "events"),
                                                      ("statements/index.html", "statement-list", "statements")])
def test_without_javascript_every_record_is_listed(site: Site, rel: str, list_id: str, collection: str,
                                                   open_page: Any) -> None:
    page, _ = open_page(site, rel + "?actor=nobody&speaker=nobody", java_script_enabled=False)
    ids = {r["id"] for r in _data(site)[collection]}
    assert _shown_ids(page, list_id) == ids
    # and no control that cannot work is shown
    assert not page.locator("#filters").is_visible()


def _lands_on(page: Any, target_id: str) -> None:
    page.wait_for_function("(id) => location.hash === '#' + id", arg=target_id)
    page.wait_for_function(  # smooth scrolling may still be running
        """(id) => new Promise(done => { let last = -1, same = 0; const tick = () => {
             if (scrollY === last && ++same > 3) return done(true); last = scrollY; requestAnimationFrame(tick); };
             tick(); })""", arg=target_id)
    info = page.evaluate("""(id) => {
      const el = document.getElementById(id);
      const r = el.getBoundingClientRect();
      const x = Math.min(Math.max(r.left + 10, 1), innerWidth - 1), y = Math.min(Math.max(r.top + 5, 1), innerHeight - 1);
      const hit = document.elementFromPoint(x, y);
      return {top: r.top, bottom: r.bottom, h: innerHeight, covered: !(hit && (el === hit || el.contains(hit)))};
    }""", target_id)
    assert 0 <= info["top"] < info["h"] * 0.5, f"#{target_id} is not at the top of the window: {info}"
    assert not info["covered"], f"#{target_id} is covered by something at its top: {info}"


@pytest.mark.parametrize("motion", ["reduce", "no-preference"])
def test_in_page_links_land_on_events_and_statements(sample: Site, motion: str, open_page: Any) -> None:
    # an event page's way back to the timeline lands on that event
    page, _ = open_page(sample, "events/pakistan-air-strikes/index.html", reduced_motion=motion,
                        viewport={"width": 390, "height": 800})
    page.locator("a[href$='timeline/index.html#pakistan-air-strikes']").first.click()
    _lands_on(page, "pakistan-air-strikes")
    # a statement page's way back to the statements list lands on that statement
    page.goto(sample.url("statements/jilani-no-escalation/index.html"))
    page.locator("a[href$='statements/index.html#jilani-no-escalation']").first.click()
    _lands_on(page, "jilani-no-escalation")
    # a citation note lands on its source
    page.goto(sample.url("events/pakistan-air-strikes/index.html"))
    note = page.locator("main a.cite").first
    target = note.get_attribute("href").split("#", 1)[1]
    note.click()
    _lands_on(page, target)


def test_links_to_a_filtered_out_record_still_land(sample: Site, open_page: Any) -> None:
    """A shared filtered URL plus a #fragment for a record the filter hides must not land nowhere."""
    page, _ = open_page(sample, "timeline/index.html?kind=protest#pakistan-air-strikes", reduced_motion="reduce")
    visible = page.locator("#pakistan-air-strikes").is_visible()
    assert visible, "the linked event is hidden by the filter in the URL"


@pytest.mark.parametrize("mode", ["http", "file"])
def test_a_tag_on_an_event_page_opens_the_timeline_filtered_to_it(sample: Site, mode: str, open_page: Any) -> None:
    page, _ = open_page(sample, "events/pakistan-air-strikes/index.html", mode)
    tag = page.locator("a.tag").first
    name = tag.inner_text()
    tag.click()
    page.wait_for_url(re.compile(r"timeline/index\.html\?tag="))
    assert page.locator("#filters select[name=tag]").input_value() == name
    assert _shown_ids(page, "timeline-list") == _expected_events(sample, tag=name)
    assert f"of {len(_data(sample)['events'])}" in _count_text(page)
