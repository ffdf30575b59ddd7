"""The data files made by a render worker beside the pages (render.Beside): the same site as made first in one
process, and an error while making them fails the build closed, like any error writing the site."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sitedigest import digest_of

from generator import build as build_module
from generator import render
from generator.build import build

SOURCE = Path(__file__).resolve().parent / "briefings" / "multiscript"


@pytest.fixture
def parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test briefing has tens of pages: render them in slices of three, and the data files beside them."""
    monkeypatch.setattr(render, "PARALLEL_FROM", 1)
    monkeypatch.setattr(render, "CHUNK", 3)
    monkeypatch.setattr(render, "BESIDE_FROM", 1)


def test_data_files_made_by_a_worker_make_the_same_site(tmp_path: Path, parallel: None,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    made_in = tmp_path / "made-in"
    original = build_module._data_files

    def noted(*args: object) -> object:
        made_in.write_text(str(os.getpid()))  # a worker's memory is its own: say where through a file
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(build_module, "_data_files", noted)
    assert build(SOURCE, tmp_path / "one", jobs=1).ok
    assert made_in.read_text() == str(os.getpid())
    result = build(SOURCE, tmp_path / "two", jobs=2)
    assert result.ok, [p.format() for p in result.problems]
    assert made_in.read_text() != str(os.getpid())  # made by the worker
    site = digest_of(tmp_path / "two")
    assert site == digest_of(tmp_path / "one")
    assert {"data/briefing.json", "data/events.csv", "data/events.ics", "data/provenance.jsonld"} <= set(site)


def test_an_error_making_the_data_files_in_a_worker_fails_the_build_closed(tmp_path: Path, parallel: None,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    assert build(SOURCE, out, jobs=1).ok
    before = digest_of(out)

    def full(*args: object) -> bytes:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build_module, "briefing_json", full)
    result = build(SOURCE, out, jobs=2, clean=True)
    assert not result.ok and result.written is None
    assert [p.format() for p in result.problems if p.severity == "error"] == [
        f"{out}:1:1: error: could not write the site: [Errno 28] No space left on device"]
    assert digest_of(out) == before  # left as it was
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # nothing left beside it


def test_page_keys_made_by_the_worker_are_those_made_here(tmp_path: Path, parallel: None) -> None:
    """With nothing to reuse, the page cache's keys are made beside the pages too: the manifest is the same, and
    the next build reuses every page."""
    import orjson

    from generator.cache import manifest_of

    assert build(SOURCE, tmp_path / "one", jobs=1).ok
    assert build(SOURCE, tmp_path / "two", jobs=2).ok
    pages = [orjson.loads(manifest_of(tmp_path / out).read_bytes())["pages"] for out in ("one", "two")]
    assert pages[0] == pages[1] and len(pages[0]) > 10
    rendered: list[int] = []
    original = render._Renderer.render

    def counted(self: render._Renderer, index: int) -> object:
        rendered.append(index)
        return original(self, index)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render._Renderer, "render", counted)
        # strict: another option, so not "nothing changed", but no page's key
        result = build(SOURCE, tmp_path / "two", jobs=1, strict=True)
    assert result.ok and result.written is not None
    assert rendered == []
