"""Accessibility: axe-core (WCAG 2.1 A and AA) on every page type in both colour schemes, keyboard-only
use, and what a screen reader is given for the timeline and the statements (the accessibility tree)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from browserkit import Site, describe_violations, run_axe


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_on_any_page_type(site: Site, scheme: str, open_page: Any) -> None:
    """Includes colour contrast, so this is also the contrast check for each colour scheme."""
    failures = []
    page, watch = open_page(site, None, color_scheme=scheme)
    for name, rel in site.page_types().items():
        if site.name == "large" and name == "brief":
            continue  # the sample's brief is checked; the large one repeats that markup 300 times (axe: 15 s)
        page.goto(site.url(rel), wait_until="load")
        violations = run_axe(page, keep=40 if site.name == "large" else None)
        if violations:
            failures.append(f"--- {name} ({rel}):\n{describe_violations(violations)}")
    assert not failures, "\n".join(failures)


def test_axe_on_filtered_and_narrow_views(sample: Site, open_page: Any) -> None:
    """The enhanced states too: a filtered timeline (count shown) at phone width, in dark mode."""
    page, _ = open_page(sample, "timeline/index.html?kind=strike", viewport={"width": 390, "height": 800},
                        color_scheme="dark")
    violations = run_axe(page)
    assert not violations, describe_violations(violations)


FOCUS_VISIBLE_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {tag: null};
  const cs = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
  const shadow = cs.boxShadow && cs.boxShadow !== 'none';
  const inView = r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;
  return {tag: el.tagName, text: (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 40),
          outline, shadow, inView, matches: el.matches(':focus-visible')};
}"""


def test_skip_link_is_first_visible_and_moves_focus_to_main(site: Site, open_page: Any) -> None:
    page, _ = open_page(site, None)
    for rel in site.page_types().values():
        page.goto(site.url(rel), wait_until="load")
        page.keyboard.press("Tab")
        first = page.evaluate(FOCUS_VISIBLE_JS)
        assert first["tag"] == "A" and "skip" in first["text"].lower(), f"{rel}: first Tab reached {first}"
        assert first["inView"] and (first["outline"] or first["shadow"]), f"{rel}: skip link not visible: {first}"
        page.keyboard.press("Enter")
        page.wait_for_timeout(50)
        in_main = page.evaluate("() => { const m = document.querySelector('main');"
                                " return !!m && (m === document.activeElement || m.contains(document.activeElement)); }")
        assert in_main, f"{rel}: the skip link did not move focus into <main>"
        page.keyboard.press("Tab")
        after = page.evaluate("() => !!document.activeElement.closest('main')")
        assert after, f"{rel}: Tab after the skip link left <main>"


@pytest.mark.parametrize("kind", ["overview", "timeline", "event", "statements", "sources"])
def test_focus_is_visible_on_every_tab_stop(sample: Site, kind: str, open_page: Any) -> None:
    """Tab through the first 40 stops: each is in view (scrolled to) and shows a focus indicator.

    With reduced motion, so the page jumps to each stop at once instead of scrolling smoothly."""
    rel = sample.page_types()[kind]
    page, _ = open_page(sample, rel, viewport={"width": 390, "height": 800}, reduced_motion="reduce")
    problems = []
    for _ in range(40):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUS_VISIBLE_JS)
        if info["tag"] is None:
            break
        if not (info["outline"] or info["shadow"]) or not info["inView"]:
            problems.append(str(info))
    assert not problems, f"{rel}: focus not visible on:\n" + "\n".join(problems)


def test_timeline_in_the_accessibility_tree(large: Site, open_page: Any) -> None:
    """A screen reader meets: a heading, a labelled filter group with named comboboxes, a live count,
    then a list with one item per event, each with a heading naming the event and a date."""
    page, _ = open_page(large, "timeline/index.html")
    n_events = len(list((large.dir / "events").iterdir()))
    assert page.get_by_role("heading", level=1).count() == 1
    group = page.get_by_role("group", name=re.compile("filter", re.I))
    assert group.count() == 1, "the filters should be a group (fieldset) named by its legend"
    for name in ("Actor", "Place", "Kind", "Tag"):
        box = page.get_by_role("combobox", name=re.compile(name, re.I))
        assert box.count() == 1, f"no combobox named {name!r} in the accessibility tree"
    status = page.get_by_role("status")
    assert status.count() >= 1 and re.search(r"\d", status.first.inner_text()), "no live count (role=status)"
    timeline_list = page.locator("#main").get_by_role("list").filter(has=page.locator("#event-000"))
    assert timeline_list.count() >= 1
    items = timeline_list.first.get_by_role("listitem")
    assert items.count() >= n_events
    snapshot = page.locator("#event-000").aria_snapshot()
    assert re.search(r"heading \"[^\"]*Event 0", snapshot), snapshot
    assert re.search(r"\b20\d\d\b", snapshot), f"no date in the event's accessible text:\n{snapshot}"
    assert re.search(r"link \"[^\"]*Event 0", snapshot), snapshot
    # headings give the outline screen reader users jump through: one per event
    assert page.locator("#main").get_by_role("heading", level=2).count() >= n_events


def test_statements_in_the_accessibility_tree(sample: Site, open_page: Any) -> None:
    """Each statement: a verbatim quote is a blockquote; the speaker is a named link; paraphrases are
    labelled as such in text (not only by styling); a citation note has an accessible name."""
    page, _ = open_page(sample, "statements/index.html")
    card = page.locator("#jilani-no-escalation")
    snapshot = card.aria_snapshot()
    assert "blockquote" in snapshot, snapshot
    assert re.search(r"link \"Jalil Abbas Jilani\"", snapshot), snapshot
    assert re.search(r"no interest or desire in escalation", snapshot), snapshot
    note = card.get_by_role("link", name=re.compile(r"source", re.I))
    assert note.count() >= 1, f"citation notes need a name such as 'Source 1':\n{snapshot}"
    paraphrases = page.locator("article.mode-paraphrase, article.mode-summary")
    assert paraphrases.count() >= 1
    text = paraphrases.first.aria_snapshot()
    assert re.search(r"paraphrase|summary", text, re.I), f"a paraphrase must say so in text:\n{text}"
    assert page.get_by_role("combobox", name=re.compile("speaker", re.I)).count() == 1


def test_event_page_in_the_accessibility_tree(sample: Site, open_page: Any) -> None:
    page, _ = open_page(sample, "events/pakistan-air-strikes/index.html")
    assert page.get_by_role("navigation", name=re.compile("breadcrumb", re.I)).count() == 1
    h1 = page.get_by_role("heading", level=1)
    assert h1.count() == 1 and "strike" in h1.inner_text().lower()
    assert page.get_by_role("heading", level=2, name=re.compile("figures", re.I)).count() == 1
    landmarks = page.get_by_role("main").count(), page.get_by_role("banner").count(), \
        page.get_by_role("contentinfo").count()
    assert landmarks == (1, 1, 1), landmarks
