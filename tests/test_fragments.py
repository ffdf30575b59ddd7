"""The parts of every page made once per link mode (fragments.py): the masthead, the navigation, the footer."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.build import build, check_briefing
from generator.fragments import Fragments, Links
from generator.pages import SECTIONS
from generator.render import CSP, make_env, theme_dir

REPO = Path(__file__).resolve().parent.parent
MINIMAL = REPO / "tests" / "briefings" / "minimal"


def fragments_of(root: str) -> Fragments:
    briefing, problems = check_briefing(MINIMAL, clean=True)
    assert briefing is not None, [str(p) for p in problems]
    shared = {"meta": briefing.meta, "nav": SECTIONS, "theme": briefing.meta.theme, "csp": CSP}
    return Fragments(make_env([theme_dir()]), briefing, Links(root), shared)


def test_each_part_is_made_once_per_link_mode_and_what_it_depends_on() -> None:
    frag = fragments_of("../../")
    assert frag.footer() is frag.footer() and frag.masthead(False) is frag.masthead(False)
    assert '<a href="../../sources/index.html">Sources</a>' in frag.footer()
    assert 'id="site-search"' in frag.masthead(True) and 'id="site-search"' not in frag.masthead(False)
    timeline, actors = frag.nav("timeline"), frag.nav("actors")
    assert timeline is frag.nav("timeline") and timeline != actors
    assert '<a href="../../timeline/index.html" aria-current="page">' in timeline
    assert '<a href="../../timeline/index.html">' in actors
    assert frag.footer().endswith("</footer>\n") and frag.nav("timeline").startswith("  <nav ")


def test_a_briefing_that_replaces_a_part_or_its_block_sees_it_on_every_page(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    shutil.copytree(MINIMAL, folder)
    own = folder / "templates"
    (own / "fragments").mkdir(parents=True)
    (own / "fragments" / "footer.html").write_text('<footer class="desk">{{ root }}|{{ meta.title }}</footer>\n')
    (own / "base.html").write_text('{% extends "theme/base.html" %}\n'
                                   '{% block nav %}<nav class="desk">{{ page.section }}</nav>{% endblock %}\n')
    result = build(folder, folder / "site")
    assert result.ok, [str(p) for p in result.problems]
    pages = sorted((folder / "site").rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if "/brief" in page.as_posix():  # the printed brief has no footer
            continue
        root = "../" * (len(page.relative_to(folder / "site").parts) - 1)
        assert f'<footer class="desk">{root}|' in html, page
        assert '<nav class="desk">' in html and 'class="site-nav"' not in html, page
