"""The printed brief: brief.pdf and brief-short.pdf, read back with pypdf and poppler.

Two briefings are printed: the repository's sample (content/), whose expectations are derived
from its own records so that edits to the sample do not break the tests, and the small,
fictional multi-script fixture tests/fixtures/print, which is stable enough to compare a
rendered page against a reference picture.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pypdf
import pytest
import weasyprint  # noqa: F401  (fail here, not in the middle, when it is missing)

from generator.build import build, check_briefing, render_site  # noqa: E402
from generator.model import Briefing  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO
FIXTURE = REPO / "tests" / "fixtures" / "print"
REFERENCE = FIXTURE / "expected-page1.png"
MM = 72 / 25.4
A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)

assert shutil.which("pdftotext") and shutil.which("pdftoppm"), "poppler-utils is missing: run `bash .ci/setup`"


def _norm(text: str) -> str:
    """Whitespace collapsed and typographic quotes kept: how a quote reads across line breaks."""
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Printed:
    site: Path
    briefing: Briefing

    @property
    def pdf(self) -> Path:
        return self.site / "brief.pdf"

    @property
    def short(self) -> Path:
        return self.site / "brief-short.pdf"

    @cached_property
    def reader(self) -> Any:
        return pypdf.PdfReader(str(self.pdf))

    @cached_property
    def pages(self) -> list[str]:
        """Text of each page, as poppler extracts it."""
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(self.pdf), "-"], capture_output=True,
                             text=True, check=True).stdout
        return out.split("\f")[: len(self.reader.pages)]

    def band(self, page: int, top_mm: float, height_mm: float, pdf: Path | None = None) -> str:
        """Text inside a horizontal band of one page (1-based), e.g. the running header."""
        pdf = pdf or self.pdf
        box = pypdf.PdfReader(str(pdf)).pages[page - 1].mediabox
        args = ["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), "-x", "0",
                "-y", str(int(top_mm * MM)), "-W", str(int(float(box.width))), "-H", str(int(height_mm * MM)),
                str(pdf), "-"]
        return _norm(subprocess.run(args, capture_output=True, text=True, check=True).stdout)

    def header(self, page: int) -> str:
        return self.band(page, 0, 19)

    def footer(self, page: int) -> str:
        height = float(self.reader.pages[page - 1].mediabox.height) / MM
        return self.band(page, height - 17, 17)


def _print(source: Path, out: Path, paper: str | None = None, jobs: int | None = None) -> Printed:
    result = build(source, out, pdf=True, paper=paper, jobs=jobs)
    errors = [p.format() for p in result.problems if p.severity == "error"]
    assert not errors, errors
    pdf_warnings = [p.format() for p in result.problems if ".pdf" in p.message or "font" in p.message]
    assert not pdf_warnings, pdf_warnings
    assert result.briefing is not None
    return Printed(out, result.briefing)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    return _print(SAMPLE, tmp_path_factory.mktemp("sample") / "site")


@pytest.fixture(scope="module")
def fixture(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    return _print(FIXTURE, tmp_path_factory.mktemp("fixture") / "site")


@pytest.fixture(scope="module")
def letter(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    return _print(FIXTURE, tmp_path_factory.mktemp("letter") / "site", paper="letter")


def _size(pdf: Path) -> tuple[float, float]:
    box = pypdf.PdfReader(str(pdf)).pages[0].mediabox
    return float(box.width), float(box.height)


def _close(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) < 1 and abs(a[1] - b[1]) < 1


# ---- paper -----------------------------------------------------------------------------

def test_a4_by_default(sample: Printed) -> None:
    assert _close(_size(sample.pdf), A4)
    assert _close(_size(sample.short), A4)
    assert all(_close((float(p.mediabox.width), float(p.mediabox.height)), A4) for p in sample.reader.pages)


def test_letter_by_option(letter: Printed) -> None:
    assert _close(_size(letter.pdf), LETTER)
    assert _close(_size(letter.short), LETTER)


def test_letter_from_briefing_yaml(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    shutil.copytree(FIXTURE / "content", folder / "content")
    yaml = folder / "content" / "briefing.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8") + "paper: letter\n", encoding="utf-8")
    printed = _print(folder, folder / "site")
    assert _close(_size(printed.pdf), LETTER)
    # the command's option wins over briefing.yaml
    assert _close(_size(_print(folder, tmp_path / "a4", paper="a4").pdf), A4)


def test_cli_writes_the_pdfs(tmp_path: Path) -> None:
    out = tmp_path / "site"
    run = subprocess.run([sys.executable, "-m", "generator", "build", str(FIXTURE), "-o", str(out), "--pdf",
                          "--paper", "letter"], capture_output=True, text=True, cwd=REPO)
    assert run.returncode == 0, run.stderr
    assert (out / "brief.pdf").read_bytes().startswith(b"%PDF-")
    assert _close(_size(out / "brief-short.pdf"), LETTER)


# ---- running header and footer --------------------------------------------------------

def test_header_and_footer_on_every_page_but_the_cover(sample: Printed) -> None:
    meta = sample.briefing.meta
    total = len(sample.reader.pages)
    assert total >= 3
    as_of = f"As of {meta.as_of.render()}"
    assert meta.title not in sample.header(1) and "As of" not in sample.header(1)
    for page in range(2, total + 1):
        header, footer = sample.header(page), sample.footer(page)
        assert meta.title in header, (page, header)
        assert as_of in header, (page, header)
        assert f"Page {page} of {total}" in footer, (page, footer)


def test_short_brief_has_the_same_running_heads(sample: Printed) -> None:
    total = len(pypdf.PdfReader(str(sample.short)).pages)
    for page in range(2, total + 1):
        assert f"As of {sample.briefing.meta.as_of.render()}" in sample.band(page, 0, 19, sample.short)
        assert f"Page {page} of {total}" in sample.band(page, 280, 17, sample.short)


# ---- contents, outline, cross-references ---------------------------------------------

def _outline(reader: Any) -> list[tuple[int, str, int, float]]:
    """(depth, title, page number (1-based), top) for every bookmark."""
    found: list[tuple[int, str, int, float]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                top = float(item.top) if getattr(item, "top", None) is not None else 0.0
                found.append((depth, _norm(item.title), reader.get_destination_page_number(item) + 1, top))

    walk(reader.outline, 0)
    return found


def test_outline_from_the_headings(sample: Printed) -> None:
    outline = _outline(sample.reader)
    titles = [t for _, t, _, _ in outline]
    assert titles[0] == _norm(sample.briefing.meta.title)
    for section in ("Summary", "Contents", "Timeline", "Sources (endnotes)"):
        assert section in titles
    # events are nested under the timeline
    depth = {t: d for d, t, _, _ in outline}
    first_event = _norm(sample.briefing.events[0].title)
    assert depth[first_event] > depth["Timeline"]


def test_contents_page_numbers_are_where_the_headings_fall(sample: Printed) -> None:
    toc_page = next(i for i, text in enumerate(sample.pages, 1) if re.search(r"^Contents$", text, re.M))
    entries = re.findall(r"^(.+?)\s*\.{3,}\s*(\d+)$", sample.pages[toc_page - 1], re.M)
    assert len(entries) >= 6, sample.pages[toc_page - 1]
    outline = {t: page for depth, t, page, _ in _outline(sample.reader) if depth <= 1}
    for label, number in entries:
        label = _norm(label)
        assert outline[label] == int(number), (label, number, outline[label])
        # and the heading really is printed on that page, below the running header
        body = sample.pages[int(number) - 1]
        assert re.search(rf"^{re.escape(label)}$", body, re.M), (label, number)


def test_cross_references_print_the_page(sample: Printed) -> None:
    text = "\n".join(sample.pages)
    refs = re.findall(r"\(p\.\s(\d+)\)", text)
    assert refs, "no 'p. N' cross-references in the brief"
    total = len(sample.reader.pages)
    assert all(1 <= int(n) <= total for n in refs)


def test_no_heading_stranded_at_the_foot_of_a_page(sample: Printed) -> None:
    height = float(sample.reader.pages[0].mediabox.height)
    bottom_margin = 18 * MM
    for _depth, title, page, top in _outline(sample.reader):
        if page == 1:
            continue
        # at least about three lines of text fit below every heading's top
        assert top - bottom_margin > 40, (title, page, top)
        assert top <= height


# ---- content -----------------------------------------------------------------------------

def test_every_verbatim_quote_is_printed(sample: Printed) -> None:
    text = _norm(" ".join(sample.pages))
    quotes = [s for s in sample.briefing.statements if s.mode in ("verbatim", "partial")]
    assert quotes
    for s in quotes:
        assert _norm(s.text) in text, s.id
        if s.mode == "verbatim":
            assert f"“{_norm(s.text)}”" in text, s.id


def test_endnote_numbers_match_the_website(sample: Printed) -> None:
    website = (sample.site / "sources" / "index.html").read_text(encoding="utf-8")
    numbers = dict(re.findall(r'<li class="source" id="([a-z0-9-]+)" value="(\d+)"', website))
    assert numbers
    heading = re.compile(r"^Sources \(endnotes\)$", re.M)
    endnotes_page = max(i for i, t in enumerate(sample.pages) if heading.search(t))
    endnotes = _norm(" ".join(sample.pages[endnotes_page:]))
    for source in sample.briefing.sources:
        assert numbers[source.id] == str(source.number)
        assert f"{source.number}. {_norm(source.title)}" in endnotes, source.id
    # every citation in the text carries a number that is in the endnotes
    cited = {int(n) for n in re.findall(r"\[(\d+)(?:,[^\]]*)?\]", " ".join(sample.pages))}
    assert cited <= {s.number for s in sample.briefing.sources}


def test_short_brief_fits_two_pages(sample: Printed) -> None:
    reader = pypdf.PdfReader(str(sample.short))
    assert 1 <= len(reader.pages) <= 2
    text = _norm(" ".join(page.extract_text() for page in reader.pages))
    for e in sample.briefing.key_events:
        assert _norm(e.title) in text
    non_key = [e for e in sample.briefing.events if not e.key]
    if sample.briefing.key_events:
        assert not any(f"{_norm(e.title)}" in text for e in non_key if len(e.title) > 25)


def test_non_latin_scripts_are_extractable(fixture: Printed) -> None:
    text = _norm(" ".join(fixture.pages))
    for word in ("Острава", "Иван Петров", "Λιμάνι Κεχριμπάρι", "温海", "新海", "بندر کہربا", "والدوريا",
                 "وزارت کشور والدوریا", "نگار احمدی"):
        assert word in text, word
    # pypdf agrees for the scripts written left to right
    extracted = _norm(" ".join(p.extract_text() for p in fixture.reader.pages))
    for word in ("Острава", "Κεχριμπάρι", "温海"):
        assert word in extracted, word


def test_fonts_are_embedded_and_real(fixture: Printed) -> None:
    """Every script gets a real font: Noto Naskh Arabic, CJK and Noto Serif are embedded."""
    names: set[str] = set()
    for page in fixture.reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object()["/BaseFont"]))
    joined = " ".join(names)
    joined = joined.replace("-", "")
    assert "NotoSerif" in joined
    assert "NotoNaskhArabic" in joined
    assert "CJK" in joined
    assert "LastResort" not in joined


def test_metadata(fixture: Printed) -> None:
    info = fixture.reader.metadata
    meta = fixture.briefing.meta
    assert info.title == meta.title
    assert meta.authors[0].name in (info.author or "")
    assert info.subject == meta.subtitle
    assert str(info.get("/CreationDate", "")).startswith("D:20230630")
    assert str(info.get("/ModDate", "")).startswith("D:20230630")
    assert fixture.reader.trailer["/Root"]["/Lang"] == "en"
    short_info = pypdf.PdfReader(str(fixture.short)).metadata
    assert short_info.title.startswith(meta.title)


def test_pdf_is_tagged_for_screen_readers(sample: Printed) -> None:
    root = sample.reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    info = subprocess.run(["pdfinfo", str(sample.pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info


def _links(reader: Any) -> tuple[list[str], int]:
    uris, internal = [], 0
    for page in reader.pages:
        for annot in page.get("/Annots", []) or []:
            a = annot.get_object()
            if a.get("/Subtype") != "/Link":
                continue
            action = a["/A"].get_object() if a.get("/A") is not None else {}
            if action.get("/URI") is not None:
                uris.append(str(action["/URI"]))
            elif a.get("/Dest") is not None or action.get("/D") is not None:
                internal += 1
    return uris, internal


def test_links_external_live_and_printed_internal_jump(fixture: Printed) -> None:
    uris, internal = _links(fixture.reader)
    assert internal > 10
    for source in fixture.briefing.sources:
        if source.url:
            assert source.url in uris
            assert source.url in _norm(" ".join(fixture.pages)).replace(" ", "") or source.url in \
                "".join(fixture.pages).replace("\n", "")
    # no link points back into a site that does not exist in print
    assert not [u for u in uris if "factsheet.invalid" in u or not u.startswith(("http://", "https://"))]


def test_deterministic(fixture: Printed, tmp_path: Path) -> None:
    """The same bytes again, and whether printed in their own process (the fixture) or the build's (one job)."""
    again = _print(FIXTURE, tmp_path / "site", jobs=1)
    assert again.pdf.read_bytes() == fixture.pdf.read_bytes()
    assert again.short.read_bytes() == fixture.short.read_bytes()


# ---- layout: nothing clipped, nothing overflowing, the stylesheet really applied -------------

def _words(pdf: Path) -> list[tuple[int, float, float, float, float, str]]:
    html = subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    words: list[tuple[int, float, float, float, float, str]] = []
    page = 0
    for line in html.splitlines():
        if "<page " in line:
            page += 1
        m = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
        if m:
            words.append((page, *(float(m.group(i)) for i in range(1, 5)), m.group(5)))
    return words


@pytest.mark.parametrize("which", ["sample", "fixture"])
def test_no_text_outside_the_page_margins(which: str, request: pytest.FixtureRequest) -> None:
    printed: Printed = request.getfixturevalue(which)
    for pdf in (printed.pdf, printed.short):
        width, height = _size(pdf)
        for page, x0, y0, x1, y1, word in _words(pdf):
            assert x0 >= 15 * MM and x1 <= width - 12 * MM, (pdf.name, page, word, x0, x1)
            assert y0 >= 8 * MM and y1 <= height - 8 * MM, (pdf.name, page, word, y0, y1)


def test_cover_layout(fixture: Printed) -> None:
    """The title is set large at the top of page 1; the body uses the brief's fonts and margins."""
    words = [w for w in _words(fixture.pdf) if w[0] == 1]
    title_word = fixture.briefing.meta.title.split()[0]
    title = next(w for w in words if w[5] == title_word)
    body = next(w for w in words if w[5] == "fictional.")
    assert title[2] < 60 * MM  # near the top
    assert (title[4] - title[2]) > 2 * (body[4] - body[2])  # much larger than the body text
    assert abs(title[1] - 20 * MM) < 3 * MM  # on the left margin


def _render_png(pdf: Path, page: int, dpi: int, out: Path) -> Path:
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile",
                    "-f", str(page), "-l", str(page), str(pdf), str(out)], check=True)
    return out.with_suffix(".png")


def test_first_page_looks_like_the_reference(fixture: Printed, tmp_path: Path) -> None:
    """Page 1 of the fixture compared with tests/fixtures/print/expected-page1.png (30 dpi, grey).

    A small tolerance allows for font and antialiasing differences; a broken or missing
    stylesheet (serif default, no banner, no margins) changes far more than that. To accept a
    deliberate change of design, regenerate the reference with FACTSHEET_UPDATE_REFERENCE=1.
    """
    got = _render_png(fixture.pdf, 1, 30, tmp_path / "page1")
    import os

    if os.environ.get("FACTSHEET_UPDATE_REFERENCE"):
        shutil.copy(got, REFERENCE)
    diff, moved = _difference(got, REFERENCE)
    assert diff < 6, f"mean difference {diff:.2f} grey levels from the reference page"
    assert moved < 0.06, f"{moved:.0%} of the page's blocks differ in ink from the reference"


def _difference(got: Path, reference: Path) -> tuple[float, float]:
    """Mean grey-level difference, and the share of 10x10 pixel blocks whose ink differs by over 10%."""
    from PIL import Image

    with Image.open(got) as a, Image.open(reference) as b:
        a, b = a.convert("L"), b.convert("L")
        assert a.size == b.size
        pa, pb = list(a.tobytes()), list(b.tobytes())
        diff = sum(abs(p - q) for p, q in zip(pa, pb, strict=True)) / len(pa)
        ink_a, ink_b = _ink_blocks(a), _ink_blocks(b)
    moved = sum(1 for x, y in zip(ink_a, ink_b, strict=True) if abs(x - y) > 0.1) / len(ink_a)
    return diff, moved


def _ink_blocks(image: Any, size: int = 10) -> list[float]:
    w, h = image.size
    px = image.load()
    area = size * size * 255
    return [sum(255 - px[x, y] for y in range(by, by + size) for x in range(bx, bx + size)) / area
            for by in range(0, h - size + 1, size) for bx in range(0, w - size + 1, size)]


def test_broken_stylesheet_is_caught(fixture: Printed, tmp_path: Path) -> None:
    """The reference comparison fails when brief.css is lost, so it does guard the layout."""
    from generator.pdf import render_pdfs

    briefing, _ = check_briefing(FIXTURE)
    assert briefing is not None
    files, _ = render_site(briefing, FIXTURE)
    files["assets/brief.css"] = b"/* lost */"
    pdfs, _ = render_pdfs(files, briefing)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(pdfs["brief.pdf"])
    got = _render_png(broken, 1, 30, tmp_path / "broken1")
    diff, moved = _difference(got, REFERENCE)
    assert diff >= 6 or moved >= 0.06, (diff, moved)


# ---- failures come back as problems ---------------------------------------------------------

def test_rendering_errors_are_located_problems(monkeypatch: pytest.MonkeyPatch) -> None:

    from generator.pdf import render_pdfs

    briefing, _ = check_briefing(FIXTURE)
    assert briefing is not None
    files, _ = render_site(briefing, FIXTURE)

    def boom(*args: Any, **kwargs: Any) -> None:
        raise ValueError("layout exploded")

    monkeypatch.setattr(weasyprint.HTML, "render", boom)
    out, problems = render_pdfs(files, briefing)
    assert out == {}
    assert problems and all(p.severity == "error" for p in problems)
    assert "layout exploded" in problems[0].message
    assert problems[0].pos.path.endswith("brief.html")


def test_missing_page_is_a_problem() -> None:
    from generator.pdf import render_pdfs

    briefing, _ = check_briefing(FIXTURE)
    assert briefing is not None
    out, problems = render_pdfs({}, briefing)
    assert out == {} and any("brief/index.html" in p.message for p in problems)


def test_missing_glyphs_are_warned_about(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import pdf

    briefing, _ = check_briefing(FIXTURE)
    assert briefing is not None
    monkeypatch.setattr(pdf, "_covered", lambda chars: not any("\u4e00" <= c <= "\u9fff" for c in chars))
    problems = pdf._missing_glyphs(pdf._briefing_text(briefing), pdf.Pos("x"))
    assert len(problems) == 1 and problems[0].severity == "warning"
    assert "Cjk" in problems[0].message and "fonts-noto-cjk" in problems[0].message


def test_remote_resources_are_refused() -> None:
    from generator.pdf import render_pdfs

    briefing, _ = check_briefing(FIXTURE)
    assert briefing is not None
    files, _ = render_site(briefing, FIXTURE)
    page = files["brief/index.html"].decode()
    files["brief/index.html"] = page.replace(
        "</head>", '<link rel="stylesheet" href="https://example.org/x.css"></head>').encode()
    out, problems = render_pdfs(files, briefing)
    assert "brief.pdf" in out  # still printed...
    assert any("example.org" in p.message and p.severity == "warning" for p in problems)  # ...but said so


def test_pdf_is_a_pdf(fixture: Printed) -> None:
    data = fixture.pdf.read_bytes()
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-64:]
    assert len(pypdf.PdfReader(io.BytesIO(data)).pages) >= 3


# ---- warnings about the machine are not problems of the briefing -----------------------------

def test_a_missing_harfbuzz_subset_is_a_note_that_does_not_fail_strict(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """As on a fresh machine without Debian's libharfbuzz-subset0: WeasyPrint falls back to fontTools."""
    from weasyprint.pdf import fonts  # type: ignore[import-untyped]

    from generator import cli

    monkeypatch.setattr(fonts, "harfbuzz_subset", None)
    assert cli.main(["build", str(FIXTURE), "-o", str(tmp_path / "site"), "--pdf", "--strict"]) == 0
    err = capsys.readouterr().err.splitlines()
    note = ("factsheet: note: WeasyPrint subset the PDF fonts with fontTools because HarfBuzz-Subset is not "
            "installed; the PDFs are fine, but install it for faster builds (Debian: libharfbuzz-subset0)")
    site = tmp_path / "site"
    assert err[0] == note and len(err) == 3  # once, with no template location; then the build's note and summary
    assert err[2].startswith(f"factsheet: wrote {site} (") and err[2].endswith(
        f"; open {site / 'index.html'}; PDFs: {site / 'brief.pdf'}, {site / 'brief-short.pdf'}")
    assert (tmp_path / "site" / "brief.pdf").read_bytes().startswith(b"%PDF-")


def test_a_missing_glyph_of_the_briefing_still_fails_strict(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from generator import cli, pdf

    monkeypatch.setattr(pdf, "_covered", lambda chars: not any("\u4e00" <= c <= "\u9fff" for c in chars))
    assert cli.main(["build", str(FIXTURE), "-o", str(tmp_path / "site"), "--pdf", "--strict"]) == 1
    err = capsys.readouterr().err
    assert re.search(r"brief\.html:1:1: warning: no installed font has glyphs for \d+ character\(s\)", err), err
    assert not (tmp_path / "site").exists()


def test_which_weasyprint_warnings_are_about_the_machine() -> None:
    import logging

    from generator.pdf import is_about_the_machine

    def record(path: str, msg: str) -> logging.LogRecord:
        return logging.LogRecord("weasyprint", logging.WARNING, path, 1, msg, (), None)

    fonts_py = "/usr/lib/python3/site-packages/weasyprint/pdf/fonts.py"
    assert is_about_the_machine(record(fonts_py, 'Unable to subset "%s" with HarfBuzz'))
    assert is_about_the_machine(record("/x/weasyprint/text/fonts.py", "Please install HarfBuzz version 13+"))
    assert not is_about_the_machine(record(fonts_py, 'Too many glyphs missing from "%s"'))
    assert not is_about_the_machine(record("/x/weasyprint/css/__init__.py", "Ignored `colr: red` at 3:1"))


# ---- print as an editor would have it --------------------------------------------------

def _heading_page(printed: Printed, heading: str) -> int:
    """The page (1-based) on which a section heading stands, from the PDF's outline."""
    return next(page for depth, title, page, _ in _outline(printed.reader) if depth <= 1 and title == heading)


def _heading_top(printed: Printed, heading: str) -> float:
    return next(top for depth, title, _, top in _outline(printed.reader) if depth <= 1 and title == heading)


def test_sections_of_a_short_brief_flow_on(sample: Printed) -> None:
    """The sample is short: its contents share a page, and its sections do not each start a new page."""
    assert _heading_page(sample, "Contents") == _heading_page(sample, "Key figures")
    page_height = float(sample.reader.pages[0].mediabox.height)
    for heading in ("Timeline", "Actors", "Statements"):
        # a heading at the top of the text area sits ~22 mm below the page's top edge; flowing on, it is lower
        assert _heading_top(sample, heading) < page_height - 40 * MM, heading


def test_the_running_footer_names_the_section_the_page_starts_in(sample: Printed) -> None:
    for heading in ("Actors", "Statements"):
        page = _heading_page(sample, heading)  # a section that starts part-way down this page
        assert heading not in sample.footer(page), (page, sample.footer(page))
        assert heading in sample.footer(page + 1), (page + 1, sample.footer(page + 1))


def test_the_short_brief_prints_no_page_references(sample: Printed) -> None:
    reader = pypdf.PdfReader(str(sample.short))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "(p." not in text
    assert "Figures are as each claimant gave them" in _norm(text)


# ---- progress -------------------------------------------------------------------------------

# The steps a terminal shows, with the PDFs printed beside the pages or after them: tests/test_printer.py

@pytest.mark.parametrize("quiet", [True, False])
def test_pdf_progress_is_silent_with_q_or_off_a_terminal(briefing_dir: Any, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch, quiet: bool) -> None:
    from generator import cli

    briefing_dir()
    monkeypatch.setattr(sys.stderr, "isatty", lambda: quiet)  # a terminal only when -q says to be quiet
    assert cli.main(["build", "--pdf", *(["-q"] if quiet else []), "b"]) == 0
    err = capsys.readouterr().err
    assert "writing the PDFs" not in err and "\r" not in err
    assert (Path("b/site/brief.pdf")).is_file()
