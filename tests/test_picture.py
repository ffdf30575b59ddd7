"""The timeline chart is wired into the overview, the timeline page and the full brief, with each page's links."""

from __future__ import annotations

import re
from pathlib import Path

from generator.build import build

REPO = Path(__file__).resolve().parent.parent


def test_the_chart_is_on_the_overview_the_timeline_and_the_full_brief_only(tmp_path: Path) -> None:
    result = build(REPO, tmp_path, strict=True)
    assert result.written and result.briefing is not None
    events = result.briefing.events
    charted = {"index.html": "events/", "timeline/index.html": "../events/", "brief/index.html": "#ev-"}
    for page, link in charted.items():
        html = (tmp_path / page).read_text(encoding="utf-8")
        assert html.count('<figure class="fs-chart"') == 1, page
        chart = html[html.index('<figure class="fs-chart"'):html.index("</svg>")]  # the marks, not the caption
        targets = set(re.findall(r'<a href="([^"]+)"', chart))
        assert targets == ({f"{link}{e.id}/index.html" for e in events} if link != "#ev-" else
                           {f"#ev-{e.id}" for e in events}), page
    for page in ("brief-short/index.html", f"events/{events[0].id}/index.html", "actors/index.html"):
        assert "fs-chart" not in (tmp_path / page).read_text(encoding="utf-8"), page
    css = (tmp_path / "assets" / "style.css").read_text(encoding="utf-8")
    assert ".fs-chart svg { display: block; max-width: 100%; height: auto; }" in css
