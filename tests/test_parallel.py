"""Rendering in worker processes (--jobs): the same bytes and the same problems as one process."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sitedigest import digest_of

from generator import render
from generator.build import build
from generator.problems import Problem

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "tests" / "briefings" / "multiscript"


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test briefing has tens of pages: go parallel anyway, a few pages per task, so slices interleave."""
    monkeypatch.setattr(render, "PARALLEL_FROM", 1)
    monkeypatch.setattr(render, "CHUNK", 3)


def test_jobs_make_the_same_site_byte_for_byte(tmp_path: Path, small_chunks: None) -> None:
    sites = {}
    for jobs in (1, 2, 3):
        result = build(SOURCE, tmp_path / f"site-{jobs}", jobs=jobs)
        assert result.ok, [p.format() for p in result.problems]
        sites[jobs] = digest_of(tmp_path / f"site-{jobs}")
    assert len(sites[1]) > 3 * render.CHUNK  # more pages than one task holds
    assert sites[2] == sites[1]
    assert sites[3] == sites[1]


def _broken_theme(briefing: Path) -> None:
    """An event template that fails on two events, at two different lines."""
    (briefing / "templates").mkdir()
    (briefing / "templates" / "event.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n<h1>{{ page.record.title }}</h1>\n'
        "{% if page.record.id.endswith('s') %}{{ page.record.no_such_field }}{% endif %}\n"
        "{% if page.record.id.endswith('e') %}{{ page.record.other_missing }}{% endif %}\n{% endblock %}\n"
    )


def test_template_errors_name_template_line_and_record_in_workers(tmp_path: Path, small_chunks: None,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    briefing = tmp_path / "b"
    shutil.copytree(SOURCE, briefing)
    _broken_theme(briefing)
    monkeypatch.chdir(tmp_path)
    found: dict[int, list[Problem]] = {}
    for jobs in (1, 2):
        result = build(Path("b"), tmp_path / "out", jobs=jobs)
        assert not result.ok and result.written is None
        found[jobs] = [p for p in result.problems if p.severity == "error"]
    assert found[2] == found[1]
    lines = [p.format() for p in found[1]]
    assert len(lines) == 2, lines
    by_line = {line.split(":")[1]: line for line in lines}
    assert by_line["4"].startswith("b/templates/event.html:4:1: error: template error while rendering events/")
    assert by_line["4"].endswith("has no attribute 'no_such_field'")
    assert by_line["5"].startswith("b/templates/event.html:5:1: error: template error while rendering events/")
    assert by_line["5"].endswith("has no attribute 'other_missing'")
    assert all("(b/content/events/" in line for line in lines)  # the record, with its file and line
    assert not (tmp_path / "out").exists()


def test_a_small_plan_stays_in_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Below PARALLEL_FROM pages, no worker is started (forking costs more than it saves)."""

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a worker pool was started for a small plan")

    monkeypatch.setattr(render, "_render_parallel", no_pool)
    assert build(SOURCE, tmp_path / "site", jobs=2).ok


def test_a_worker_that_dies_fails_the_build_with_a_problem(tmp_path: Path, small_chunks: None,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker killed (here: it exits at once) makes one clear problem, not a hang or a traceback."""

    def die(self: object, indexes: list[int]) -> None:
        os._exit(1)

    monkeypatch.setattr(render._Renderer, "render_some", die)
    result = build(SOURCE, tmp_path / "site", jobs=2)
    assert not result.ok and result.written is None
    [problem] = [p for p in result.problems if p.severity == "error"]
    assert problem.message.startswith("a process rendering pages stopped unexpectedly")
    assert not (tmp_path / "site").exists()


def test_the_parent_renders_beside_jobs_minus_one_workers(tmp_path: Path, small_chunks: None,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Each process rendering copies most of the model: --jobs 2 forks one worker and the parent renders too."""
    started: list[int] = []
    parent_pages: list[int] = []
    original_pool, original_render = render.forked_pool, render._Renderer.render

    def pool(workers: int) -> object:
        started.append(workers)
        return original_pool(workers)

    def counted(self: render._Renderer, index: int) -> object:
        if os.getpid() == parent:
            parent_pages.append(index)
        return original_render(self, index)

    parent = os.getpid()
    monkeypatch.setattr(render, "forked_pool", pool)
    monkeypatch.setattr(render._Renderer, "render", counted)
    result = build(SOURCE, tmp_path / "site", jobs=2)
    assert result.ok, [p.format() for p in result.problems]
    assert started == [1]
    assert parent_pages and len(parent_pages) < result.pages  # the parent rendered some pages, the worker others


def test_the_render_collects_less_often_and_restores_the_threshold(tmp_path: Path, small_chunks: None,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    seen: list[int] = []
    merge = render._merge

    def merge_noting(*args: object, **kwargs: object) -> object:
        seen.append(gc.get_threshold()[0])
        return merge(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(render, "_merge", merge_noting)
    before = gc.get_threshold()
    result = build(SOURCE, tmp_path / "site", jobs=2)
    assert result.ok, [p.format() for p in result.problems]
    assert seen == [render.RENDER_GC_THRESHOLD] and before[0] < render.RENDER_GC_THRESHOLD
    assert gc.get_threshold() == before
