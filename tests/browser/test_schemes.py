"""The site follows prefers-color-scheme and prefers-reduced-motion. (Colour contrast in both schemes is
checked by axe in test_a11y.py, which runs every page type once per scheme.)"""

from __future__ import annotations

from typing import Any

import pytest
from browserkit import Site

COLOURS_JS = """() => {
  const lum = (c) => {
    const m = c.match(/[\\d.]+/g).map(Number);
    const [r, g, b] = m.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const bgOf = (el) => {
    for (let a = el; a; a = a.parentElement) {
      const c = getComputedStyle(a).backgroundColor;
      if (c && !c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') return c;
    }
    return 'rgb(255, 255, 255)';
  };
  const main = document.querySelector('main');
  const p = main.querySelector('p') || main;
  return {page: lum(bgOf(main)), text: lum(getComputedStyle(p).color), header: lum(bgOf(document.querySelector('header') || main)),
          scheme: getComputedStyle(document.documentElement).colorScheme};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_follow_the_colour_scheme(sample: Site, scheme: str, open_page: Any) -> None:
    page, _ = open_page(sample, None, color_scheme=scheme)
    for name, rel in sample.page_types().items():
        page.goto(sample.url(rel), wait_until="load")
        c = page.evaluate(COLOURS_JS)
        if scheme == "dark":
            assert c["page"] < 0.1 and c["text"] > 0.4, f"{name}: not dark in dark mode: {c}"
            assert c["header"] < 0.2, f"{name}: header stays light in dark mode: {c}"
        else:
            assert c["page"] > 0.8 and c["text"] < 0.2, f"{name}: not light in light mode: {c}"


MOTION_JS = """() => {
  const moving = [];
  for (const el of [document.documentElement, ...document.querySelectorAll('body, body *')]) {
    const cs = getComputedStyle(el);
    const secs = (v) => Math.max(...v.split(',').map(s => parseFloat(s) * (s.trim().endsWith('ms') ? 0.001 : 1)));
    const anim = cs.animationName !== 'none' && secs(cs.animationDuration) > 0.01;
    const trans = secs(cs.transitionDuration) > 0.01 && cs.transitionProperty !== 'none';
    if (anim || trans) moving.push(el.tagName + (el.id ? '#' + el.id : '') + (el.className ? '.' + el.className : ''));
    if (moving.length > 10) break;
  }
  return {moving, scroll: getComputedStyle(document.documentElement).scrollBehavior};
}"""


def test_reduced_motion_turns_off_animation_and_smooth_scrolling(sample: Site, open_page: Any) -> None:
    page, _ = open_page(sample, None, reduced_motion="reduce")
    # include a :target, which some themes highlight with an animation
    for rel in [*sample.page_types().values(), "timeline/index.html#pakistan-air-strikes",
                "sources/index.html#report"]:
        page.goto(sample.url(rel), wait_until="load")
        m = page.evaluate(MOTION_JS)
        assert not m["moving"], f"{rel}: still animated with reduced motion: {m['moving']}"
        assert m["scroll"] != "smooth", f"{rel}: smooth scrolling with reduced motion"


def test_filter_focus_ring_and_hover_need_no_motion(sample: Site, open_page: Any) -> None:
    """With reduced motion, using the filters changes the list at once (no transition on show/hide)."""
    page, _ = open_page(sample, "timeline/index.html", reduced_motion="reduce")
    page.locator("#filters select[name=kind]").select_option(index=1)
    m = page.evaluate(MOTION_JS)
    assert not m["moving"], m["moving"]
