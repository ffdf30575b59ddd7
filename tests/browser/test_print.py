"""Chromium's own print of brief/index.html (no WeasyPrint extras) is a sensible document, no site chrome."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path
from typing import Any

import pypdf
import pytest

from generator.build import build

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("briefing_dir", [REPO, REPO / "tests" / "fixtures" / "print"], ids=["sample", "fixture"])
def test_browser_print_is_sensible(browser: Any, briefing_dir: Path, tmp_path: Path) -> None:
    result = build(briefing_dir, tmp_path / "site")
    assert result.written and result.briefing is not None, [p.format() for p in result.problems]
    briefing = result.briefing
    page = browser.new_page()
    try:
        page.goto((tmp_path / "site" / "brief" / "index.html").as_uri())
        pdf = page.pdf(format="A4", print_background=True)
    finally:
        page.close()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = unicodedata.normalize("NFKC", " ".join(" ".join(pg.extract_text().split()) for pg in reader.pages))
    assert len(reader.pages) >= 2
    assert " ".join(briefing.meta.title.split()) in text
    assert "Skip to content" not in text and "Print brief" not in text  # site chrome hidden
    quoted = [s for s in briefing.statements
              if s.mode == "verbatim" and len(s.text) < 60 and s.lang in (None, briefing.meta.lang)]
    assert quoted, "the briefing should have a short verbatim quote to look for"
    for s in quoted:
        assert " ".join(s.text.split()) in text
    assert "(p. )" not in text and "target-counter" not in text  # no half-done paged-media leftovers
