"""Layouts: screenshots of every page type at 390 px and 1280 px (left in test-artifacts/screenshots/),
no horizontal scrolling on a phone, and a geometric check that fails when a layout breaks badly:
boxes that overlap their siblings, content that sticks out of its container or the viewport."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browserkit import Site

WIDTHS = [390, 1280]

# Returns a list of human-readable problems. Kept deliberately coarse: it flags what a reader would
# call broken (text running out of its box or off the screen, blocks drawn over each other), not
# pixel-level differences.
LAYOUT_JS = r"""() => {
  const problems = [];
  const vw = document.documentElement.clientWidth;
  const overflowX = document.documentElement.scrollWidth - vw;
  if (overflowX > 0) problems.push(`page scrolls sideways by ${overflowX}px`);
  const name = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    else if (el.classList.length) s += '.' + [...el.classList].join('.');
    const t = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return t ? `${s} ("${t}")` : s;
  };
  const hiddenByDesign = (el) => {
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (cs.visibility === 'hidden' || cs.display === 'none') return true;
      if (cs.clipPath !== 'none' || (cs.clip && cs.clip !== 'auto')) return true;
      if (cs.position === 'absolute' || cs.position === 'fixed') {
        const r = a.getBoundingClientRect();
        if (r.right < 0 || r.bottom < 0 || r.width <= 1 || r.height <= 1) return true;  // skip link off screen
      }
    }
    return false;
  };
  const clippedByAncestor = (el) => {
    for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      const ox = getComputedStyle(a).overflowX;
      if (ox !== 'visible') return a;
    }
    return null;
  };
  const isBlock = (cs) => !cs.display.startsWith('inline') && cs.display !== 'contents' && cs.display !== 'none'
    && cs.position !== 'absolute' && cs.position !== 'fixed' && cs.float === 'none';
  const els = [...document.body.querySelectorAll('*')].filter(el => !['SCRIPT', 'STYLE', 'BR', 'WBR'].includes(el.tagName));
  let reported = 0;
  for (const el of els) {
    if (reported > 30) break;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const cs = getComputedStyle(el);
    // 1. off the side of the screen (unless inside something that scrolls or clips it on purpose)
    if ((r.right > vw + 1 || r.left < -1) && !clippedByAncestor(el) && !hiddenByDesign(el)) {
      problems.push(`${name(el)} reaches ${Math.round(r.left)}..${Math.round(r.right)}px, outside the ${vw}px viewport`);
      reported++;
      continue;
    }
    // 2. content running out of its box: a block whose content is wider than the block itself
    if (isBlock(cs) && cs.overflowX === 'visible' && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 2
        && !hiddenByDesign(el)) {
      problems.push(`${name(el)}: content ${el.scrollWidth}px wide overflows its ${el.clientWidth}px box`);
      reported++;
    }
    // 3. text cut off: a block that hides overflowing text without an ellipsis
    if (isBlock(cs) && (cs.overflowX === 'hidden' || cs.overflowX === 'clip') && cs.textOverflow !== 'ellipsis'
        && el.clientWidth > 2 && el.scrollWidth > el.clientWidth + 2 && !hiddenByDesign(el)) {
      problems.push(`${name(el)}: text cut off (${el.scrollWidth}px of content in ${el.clientWidth}px)`);
      reported++;
    }
    // 4. block children drawn over each other
    const kids = [...el.children].filter(k => {
      const kcs = getComputedStyle(k);
      const kr = k.getBoundingClientRect();
      return isBlock(kcs) && kr.width > 0 && kr.height > 0 && kcs.visibility !== 'hidden';
    });
    for (let i = 1; i < kids.length; i++) {
      const a = kids[i - 1].getBoundingClientRect(), b = kids[i].getBoundingClientRect();
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 2 && h > 2) {
        problems.push(`${name(kids[i - 1])} and ${name(kids[i])} overlap by ${Math.round(w)}x${Math.round(h)}px`);
        reported++;
      }
    }
  }
  return problems;
}"""


def _check(page: Any, label: str) -> list[str]:
    return [f"{label}: {p}" for p in page.evaluate(LAYOUT_JS)]


@pytest.mark.parametrize("width", WIDTHS)
def test_layout_of_every_page_type(site: Site, width: int, open_page: Any, screenshot_dir: Path) -> None:
    """Screenshots (sample: full pages, light and dark; large: the first screen) and the layout check."""
    problems: list[str] = []
    schemes = ["light", "dark"] if site.name == "sample" else ["light"]
    for scheme in schemes:
        page, _ = open_page(site, None, viewport={"width": width, "height": 900}, color_scheme=scheme,
                            reduced_motion="reduce")
        for name, rel in site.page_types().items():
            page.goto(site.url(rel), wait_until="load")
            problems += _check(page, f"{name} at {width}px ({scheme})")
            shot = screenshot_dir / f"{site.name}-{name}-{width}-{scheme}.png"
            page.screenshot(path=str(shot), full_page=site.name == "sample")
    assert not problems, "\n".join(problems[:60])


def test_no_sideways_scrolling_on_a_phone_on_any_page(site: Site, open_page: Any) -> None:
    """Every page (not only one of each type) fits a 390 px wide phone screen."""
    page, _ = open_page(site, None, viewport={"width": 390, "height": 800})
    wide = []
    pages = site.pages if site.name == "sample" else site.pages[::7]
    for rel in pages:
        page.goto(site.url(rel), wait_until="load")
        extra = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if extra > 0:
            wide.append(f"{rel}: scrolls sideways by {extra}px")
    assert not wide, "\n".join(wide[:40])


def test_layout_check_catches_broken_layouts(sample: Site, open_page: Any) -> None:
    """The check itself: break a page on purpose and make sure it notices."""
    page, _ = open_page(sample, "timeline/index.html", viewport={"width": 390, "height": 800})
    assert not _check(page, "intact")
    page.evaluate("""() => {
      const h = document.querySelector('main h1');
      h.style.whiteSpace = 'nowrap'; h.textContent = 'An extremely long heading that cannot wrap at all';
    }""")
    assert any("sideways" in p or "viewport" in p or "overflows" in p for p in _check(page, "broken"))
    page.reload()
    page.evaluate("""() => {
      const items = document.querySelectorAll('main li');
      items[1].style.marginTop = '-60px';
    }""")
    assert any("overlap" in p for p in _check(page, "broken")), _check(page, "broken")
