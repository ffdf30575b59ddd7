"""docs/theming.md's worked example, built on the web and in print; the theme settings; the documented blocks."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from generator import cli
from generator.build import Result, build

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "theming.md"
EXAMPLE_BRIEFING = REPO / "tests" / "briefings" / "multiscript"
ACCENT = (0x1A, 0x5F, 0xB4)
FILE_BLOCK = re.compile(r"File: `([^`]+)`( \(add\))?:\n\n```\w*\n(.*?)```", re.DOTALL)


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A one-colour PNG, written here so the test needs no image file in the repository."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def example_files() -> dict[str, tuple[str, bool]]:
    """The files of the worked example: path -> (text, whether it is added to the existing file)."""
    return {m.group(1): (m.group(3), bool(m.group(2))) for m in FILE_BLOCK.finditer(DOC.read_text(encoding="utf-8"))}


def themed_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "themed"
    shutil.copytree(EXAMPLE_BRIEFING, folder)
    for rel, (text, add) in example_files().items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text((path.read_text(encoding="utf-8") + "\n" if add else "") + text, encoding="utf-8")
    (folder / "static").mkdir(exist_ok=True)
    (folder / "static" / "logo.png").write_bytes(png(48, 48, (120, 120, 120)))
    return folder


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The example built with PDFs, and the same briefing without the theme (the control)."""
    tmp = tmp_path_factory.mktemp("theming")
    themed, plain = themed_copy(tmp), tmp / "plain"
    shutil.copytree(EXAMPLE_BRIEFING, plain)
    for folder in (themed, plain):
        result: Result = build(folder, folder / "site", pdf=True)
        assert result.ok and result.problems == [], [str(p) for p in result.problems]
    return themed / "site", plain / "site"


def test_the_worked_example_has_the_files_the_guide_shows() -> None:
    assert set(example_files()) == {"content/briefing.yaml", "templates/base.html", "templates/fragments/figure.html"}


def test_every_page_carries_the_override_and_keeps_its_content(sites: tuple[Path, Path]) -> None:
    themed, plain = sites
    pages = sorted(p.relative_to(plain) for p in plain.rglob("*.html"))
    assert len(pages) > 20
    heading = re.compile(r"<h1[^>]*>.*?</h1>", re.DOTALL)
    for rel in pages:
        html = (themed / rel).read_text(encoding="utf-8")
        assert 'class="wrap masthead newsroom-masthead"' in html and "The Desk · " in html, rel
        assert 'href="' in html and "assets/theme.css" in html, rel
        assert heading.findall(html) == heading.findall((plain / rel).read_text(encoding="utf-8")), rel
    assert '<span class="desk-figure"><span class="figure-claimant">' in (themed / "timeline/index.html").read_text()
    assert (themed / "assets/theme.css").read_text() == (
        "/* Made by factsheet from the theme: settings in briefing.yaml. */\n"
        ":root { --theme-accent: #1a5fb4; --theme-accent-dark: #98b7dd; }\n")
    assert (themed / "logo.png").is_file()


def accent_pixels(pdf: Path, tmp: Path) -> int:
    """How many pixels of page 1 are the accent colour (give or take anti-aliasing)."""
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp / "page")], check=True)
    data = Image.open(next(tmp.glob("page*.png"))).convert("RGB").tobytes()
    pixels = (data[i:i + 3] for i in range(0, len(data), 3))
    return sum(1 for px in pixels if all(abs(a - b) < 24 for a, b in zip(px, ACCENT, strict=True)))


@pytest.mark.parametrize("name", ["brief.pdf", "brief-short.pdf"])
def test_the_pdfs_print_in_the_accent_with_the_logo_on_the_cover(sites: tuple[Path, Path], tmp_path: Path,
                                                                  name: str) -> None:
    themed, plain = sites
    assert len(PdfReader(themed / name).pages[0].images) == 1  # the logo
    assert len(PdfReader(plain / name).pages[0].images) == 0
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert accent_pixels(themed / name, tmp_path / "a") > 200  # the cover rule, headings, dates
    assert accent_pixels(plain / name, tmp_path / "b") == 0  # the control: the built-in claret is not blue


def test_a_template_that_extends_itself_is_one_clear_error(briefing_dir: Callable[..., Path],
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    folder = briefing_dir()
    (folder / "templates").mkdir()
    own = '{# mine #}\n{% extends "base.html" %}\n{% block main %}{% endblock %}'
    (folder / "templates" / "base.html").write_text(own)
    assert cli.main(["build", "b"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "b/templates/base.html:2:1: error: 'base.html' extends itself; to build on the built-in template write "
        '{% extends "theme/base.html" %}',
        "factsheet: 1 error, 0 warnings",
        "factsheet: build failed; the previous site was left as it was",
    ]


THEME = "theme:\n  accent: '{accent}'\n  logo: {logo}\n"


def test_a_missing_logo_is_an_error_and_a_pale_accent_a_warning(briefing_dir: Callable[..., Path],
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    briefing = "title: Test briefing\nas_of: 2024-01-19\nsummary: A summary.\n"
    briefing_dir({"briefing.yaml": briefing + THEME.format(accent="#ffdd00", logo="logo.svg")})
    assert cli.main(["build", "b"]) == 1
    assert capsys.readouterr().err.splitlines()[:2] == [
        "b/content/briefing.yaml:6:9: error: theme logo 'logo.svg' is not a file in the briefing's static/ folder; "
        "put it at static/logo.svg",
        "b/content/briefing.yaml:5:11: warning: theme accent #ffdd00 has a contrast of 1.3:1 against the page; links "
        "and headings in it will be hard to read (WCAG asks for at least 4.5:1): choose a darker colour",
    ]


def test_every_block_of_the_built_in_templates_is_documented() -> None:
    blocks = {m.group(1) for path in (REPO / "templates").rglob("*.html")
              for m in re.finditer(r"\{%-?\s*block\s+(\w+)", path.read_text(encoding="utf-8"))}
    doc = DOC.read_text(encoding="utf-8")
    assert len(blocks) > 15
    assert sorted(b for b in blocks if f"`{b}`" not in doc) == []
