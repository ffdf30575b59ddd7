"""Shared fixtures: a tiny valid briefing in a temporary folder that tests override file by file.

Tests get everything here through fixtures, never `from conftest import ...`: with more than one
conftest.py in the tree (tests/browser/ has its own), that import can find the wrong one."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from contentfiles import write_content_files

from generator.cachedir import CACHE_ENV

# A complete briefing with no errors and no warnings: every source, actor and place is used.
BASE_FILES: dict[str, str] = {
    "briefing.yaml": """\
        title: Test briefing
        as_of: 2024-01-19
        summary: A summary.
        """,
    "sources.yaml": """\
        - id: report
          title: A report
        """,
    "actors.yaml": """\
        - id: iran
          name: Iran
          kind: state
        - id: pakistan
          name: Pakistan
          kind: state
        """,
    "places.yaml": """\
        - id: tehran
          name: Tehran
        """,
    "events.yaml": """\
        - id: strike
          date: 2024-01-16
          title: A strike
          actors: [iran, pakistan]
          places: [tehran]
          sources: [report]
        """,
    "statements.yaml": """\
        - id: comment
          speaker: iran
          said_on: 2024-01-16
          mode: verbatim
          text: Words.
          sources: [report]
        """,
}

def write_briefing_files(root: Path, overrides: dict[str, str | bytes | None] | None = None) -> Path:
    """BASE_FILES plus overrides (path under content/ -> text, bytes, or None to leave the file out)."""
    return write_content_files(root, {**BASE_FILES, **(overrides or {})}, dedent=True)


@pytest.fixture
def briefing_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """Call with overrides to write a briefing into tmp_path/b; the current folder is tmp_path,
    so problems are shown as `b/content/FILE:LINE:COL`."""
    monkeypatch.chdir(tmp_path)

    def write(overrides: dict[str, str | bytes | None] | None = None, *, name: str = "b") -> Path:
        return write_briefing_files(Path(name), overrides)

    return write


@pytest.fixture
def base_files() -> dict[str, str]:
    """The files of the tiny valid briefing, dedented, keyed by their path under content/."""
    return {rel: textwrap.dedent(text) for rel, text in BASE_FILES.items()}


@pytest.fixture
def write_content() -> Callable[..., Path]:
    """write_briefing_files(root, overrides): the tiny briefing plus overrides, written under root/content."""
    return write_briefing_files


@pytest.fixture(autouse=True)
def own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test's builds and checks keep their caches (pages, parsed files, search texts) in a folder of its
    own, beside its tmp_path (which some tests list), never the user's, and start without one; the builds a
    test runs in a subprocess inherit it."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder
