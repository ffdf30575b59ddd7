"""Rebuilding only what changed: every incremental build is byte for byte the clean build of the same input,
and a cache that is corrupt, from another version or from another briefing is never trusted."""

from __future__ import annotations

import json
import os
import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sitedigest import digest_of

from generator import build as build_module
from generator import cache as cache_module
from generator import cachedir as cachedir_module
from generator import render as render_module
from generator.build import build
from generator.render import theme_dir
from generator.write import TEMP_PREFIX

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "tests" / "briefings" / "multiscript"
WORDS = ("harbour", "ceasefire", "convoy", "ministry", "border", "talks", "drought", "report", "night", "salt")


@pytest.fixture
def reused(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many pages each build took from the cache (one entry per build that rendered)."""
    counts: list[int] = []
    original = build_module.render_pages

    def spy(*args: Any, **kwargs: Any) -> Any:
        counts.append(len(kwargs.get("reused") or {}))
        return original(*args, **kwargs)

    monkeypatch.setattr(build_module, "render_pages", spy)
    return counts


def assert_same_as_clean(briefing: Path, out: Path, tmp_path: Path, jobs: int = 1) -> None:
    incremental = build(briefing, out, jobs=jobs)
    assert incremental.ok, [p.format() for p in incremental.problems]
    clean_out = tmp_path / "clean"
    clean = build(briefing, clean_out, jobs=1, clean=True)
    assert [p.format() for p in clean.problems] == [p.format() for p in incremental.problems]
    assert digest_of(out) == digest_of(clean_out)
    shutil.rmtree(clean_out)
    shutil.rmtree(cache_module.manifest_of(clean_out).parent, ignore_errors=True)


# --- random changes that keep the briefing valid --------------------------------------------------------


def _yaml_files(briefing: Path) -> list[Path]:
    return sorted(p for p in (briefing / "content").rglob("*") if p.suffix in (".yaml", ".yml"))


def edit_title(briefing: Path, rng: random.Random, n: int) -> str:
    candidates = [(p, i) for p in _yaml_files(briefing)
                  for i, line in enumerate(p.read_text().splitlines()) if line.lstrip(" -").startswith("title: ")]
    path, index = rng.choice(candidates)
    lines = path.read_text().splitlines()
    head = lines[index][: lines[index].index("title: ")]
    lines[index] = head + "title: " + " ".join(rng.choice(WORDS) for _ in range(3)).capitalize() + f" {n}"
    path.write_text("\n".join(lines) + "\n")
    return f"edit {path.name}"


def add_event(briefing: Path, rng: random.Random, n: int) -> str:
    day = rng.randint(1, 28)
    (briefing / "content" / "events" / f"added-{n}.yaml").write_text(
        f"id: added-{n}\ndate: 2023-03-{day:02d}\ntitle: {rng.choice(WORDS).capitalize()} added {n}\n"
        "kind: regulation\nactors:\n  - {actor: veltra, role: regulator}\nplaces: [salt-coast]\n"
        "sources:\n  - {source: rights-report, locator: \"p. 2\"}\n"
    )
    return f"add added-{n}"


def delete_added(briefing: Path, rng: random.Random, n: int) -> str:
    added = sorted((briefing / "content" / "events").glob("added-*.yaml"))
    if not added:
        return add_event(briefing, rng, n)
    victim = rng.choice(added)
    victim.unlink()
    return f"delete {victim.name}"


def rename_file(briefing: Path, rng: random.Random, n: int) -> str:
    path = rng.choice([p for p in _yaml_files(briefing) if "events" in p.parts])
    path.rename(path.with_name(f"renamed-{n}{path.suffix}"))
    return f"rename {path.name}"


def change_template(briefing: Path, rng: random.Random, n: int) -> str:
    override = briefing / "templates" / "event.html"
    if override.exists() and rng.random() < 0.5:
        override.unlink()
        return "remove the event template"
    override.parent.mkdir(exist_ok=True)
    override.write_text((theme_dir() / "event.html").read_text() + f"<!-- edition {n} -->\n")
    return "change the event template"


def change_static(briefing: Path, rng: random.Random, n: int) -> str:
    folder = briefing / "static"
    existing = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if existing and rng.random() < 0.4:
        existing[0].unlink()
        return "remove a static file"
    folder.mkdir(exist_ok=True)
    (folder / f"note-{rng.randint(1, 3)}.txt").write_text(f"note {n}\n")
    return "change a static file"


CHANGES: list[Callable[[Path, random.Random, int], str]] = [
    edit_title, edit_title, add_event, delete_added, rename_file, change_template, change_static,
]


@pytest.mark.parametrize("jobs", [1, 2])  # 2: a rebuild's data files are made by a process of their own
def test_random_changes_rebuild_exactly_like_a_clean_build(tmp_path: Path, reused: list[int], jobs: int) -> None:
    briefing, out = tmp_path / "b", tmp_path / "site"
    shutil.copytree(SOURCE, briefing)
    rng = random.Random(20261203 + jobs)
    assert build(briefing, out, jobs=jobs).ok
    done = []
    for n in range(12):
        done.append(rng.choice(CHANGES)(briefing, rng, n))
        assert_same_as_clean(briefing, out, tmp_path, jobs)
    # incremental builds took pages from the cache (all but after a template change, which renders all again)
    assert sum(count > 0 for count in reused[1::2]) >= len(done) // 2, (done, reused)
    assert not any(reused[2::2]), done  # and the clean builds did not


def test_nothing_changed_does_nothing_and_repeats_the_problems(tmp_path: Path, reused: list[int]) -> None:
    briefing, out = tmp_path / "b", tmp_path / "site"
    shutil.copytree(SOURCE, briefing)
    with (briefing / "content" / "places.yaml").open("a") as stream:  # an unused place: a warning
        stream.write("- id: unused-harbour\n  name: Unused harbour\n")
    first = build(briefing, out, jobs=1)
    assert first.ok and first.briefing is not None
    warnings = [p.format() for p in first.problems]
    assert any("unused-harbour" in line for line in warnings)
    site = digest_of(out)
    again = build(briefing, out, jobs=1)
    assert again.ok and again.written == out and again.briefing is None  # nothing was loaded or rendered
    assert [p.format() for p in again.problems] == warnings
    assert digest_of(out) == site
    assert reused == [0]
    (out / "index.html").unlink()  # the site is no longer as the build left it: build again (from the cache)
    assert build(briefing, out, jobs=1).ok
    assert digest_of(out) == site
    assert reused[1] == len(json.loads(_manifest(tmp_path).read_text())["pages"]) - 1


def test_nothing_changed_still_removes_what_an_interrupted_build_left(tmp_path: Path, reused: list[int]) -> None:
    # A build killed after saving its cache, while its thread still removed the site it swapped out, leaves that
    # site half removed beside `out` and a manifest that says nothing changed: the next build removes it anyway.
    out = tmp_path / "site"
    assert build(SOURCE, out, jobs=1).ok
    site = digest_of(out)
    left = tmp_path / f"{TEMP_PREFIX}site-abcd1234"
    shutil.copytree(out / "statements", left / "statements")
    again = build(SOURCE, out, jobs=1)
    assert again.ok and again.briefing is None  # the nothing-changed path
    assert not left.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "cache") == ["site"]
    assert digest_of(out) == site


def test_a_build_from_another_folder_words_its_problems_afresh(tmp_path: Path, reused: list[int],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Problems name files relative to the current folder, so the same input built from elsewhere is checked
    again rather than answered with the last build's wording."""
    shutil.copytree(SOURCE, tmp_path / "b")
    monkeypatch.chdir(tmp_path)
    assert build(Path("b"), Path("site"), jobs=1).ok
    monkeypatch.chdir(tmp_path / "b")
    assert build(Path("."), tmp_path / "site", jobs=1).ok
    assert len(reused) == 2


def test_clean_ignores_the_cache(tmp_path: Path, reused: list[int]) -> None:
    out = tmp_path / "site"
    assert build(SOURCE, out, jobs=1).ok
    assert build(SOURCE, out, jobs=1, clean=True).ok
    assert reused == [0, 0]


def _manifest(tmp_path: Path) -> Path:
    return cache_module.manifest_of(tmp_path / "site")


@pytest.mark.parametrize("damage", ["garbage", "truncated", "wrong-shape", "empty"])
def test_a_corrupt_manifest_is_ignored(tmp_path: Path, reused: list[int], damage: str) -> None:
    out = tmp_path / "site"
    assert build(SOURCE, out, jobs=1).ok
    manifest = _manifest(tmp_path)
    text = manifest.read_text()
    wrong_shape = json.dumps({"identity": json.loads(text)["identity"], "pages": [1, 2]})
    manifest.write_text({"garbage": "\x00not json{", "truncated": text[: len(text) // 2], "empty": "",
                         "wrong-shape": wrong_shape}[damage])
    first = digest_of(out)
    assert build(SOURCE, out, jobs=1).ok
    assert reused == [0, 0]
    assert digest_of(out) == first


def test_a_page_changed_in_the_site_is_rendered_again(tmp_path: Path, reused: list[int]) -> None:
    """The cache vouches for the bytes the last build wrote; a page edited or damaged since is not reused."""
    out = tmp_path / "site"
    assert build(SOURCE, out, jobs=1).ok
    first = digest_of(out)
    page = out / "timeline" / "index.html"
    page.write_bytes(page.read_bytes()[:100])
    assert build(SOURCE, out, jobs=1).ok
    assert digest_of(out) == first
    assert 0 < reused[1] == reused[0] + len(json.loads(_manifest(tmp_path).read_text())["pages"]) - 1


def test_a_cache_from_another_version_is_ignored(tmp_path: Path, reused: list[int],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    assert build(SOURCE, out, jobs=1).ok
    monkeypatch.setattr(cachedir_module, "__version__", "99.0.0")
    assert build(SOURCE, out, jobs=1).ok
    assert reused == [0, 0]


def test_a_cache_from_another_briefing_is_ignored(tmp_path: Path, reused: list[int]) -> None:
    other = tmp_path / "other"
    shutil.copytree(SOURCE, other)
    out = tmp_path / "site"
    assert build(SOURCE, out, jobs=1).ok
    assert build(other, out, jobs=1).ok
    assert reused == [0, 0]


@pytest.mark.parametrize("dies", ["_data_files", "read_lines"])
def test_a_rebuild_makes_its_data_files_and_digests_in_processes_of_their_own(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dies: str) -> None:
    """With jobs > 1 and pages to reuse, the records' digests are made by a forked process while this one plans,
    and the data files by another while this one renders (build._Early); one that dies fails the build with a
    problem, leaving the site as it was."""
    briefing, out = tmp_path / "b", tmp_path / "site"
    shutil.copytree(SOURCE, briefing)
    assert build(briefing, out, jobs=2).ok
    before = digest_of(out)
    makers = tmp_path / "makers"  # which process did each, each time: written by that process

    def spy(name: str) -> Callable[..., Any]:
        original = getattr(build_module, name)

        def spied(*args: Any) -> Any:
            with makers.open("a") as log:
                log.write(f"{name} {os.getpid()}\n")
            if (tmp_path / "die").exists() and name == dies:
                os._exit(1)
            return original(*args)
        return spied

    for name in ("_data_files", "read_lines"):
        monkeypatch.setattr(build_module, name, spy(name))
    edit_title(briefing, random.Random(1), 1)
    (tmp_path / "die").touch()
    result = build(briefing, out, jobs=2)
    assert [p.message for p in result.problems if p.severity == "error"] == [
        "could not write the site: a process of the build stopped unexpectedly (killed, or out of memory); build again"]
    assert result.written is None and digest_of(out) == before
    (tmp_path / "die").unlink()
    makers.unlink()
    assert_same_as_clean(briefing, out, tmp_path, jobs=2)
    made = [line.split() for line in makers.read_text().splitlines()]
    here = str(os.getpid())
    # the rebuild's, each in a process of its own; the clean build's data files here (a small plan: no worker),
    # its digests beside its pages' keys (cache.page_keys_of, not build.read_lines)
    assert sorted(name for name, _ in made[:2]) == ["_data_files", "read_lines"]
    assert here not in (made[0][1], made[1][1]) and made[0][1] != made[1][1]
    assert made[2:] == [["_data_files", here]]


def test_templates_compiled_once_are_kept_and_a_corrupt_one_compiled_again(
        tmp_path: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """cache.TemplateCache: the second build compiles no template; one whose kept code is damaged is compiled
    again, and a template error still names the briefing's template and line."""
    briefing, out = tmp_path / "b", tmp_path / "site"
    shutil.copytree(SOURCE, briefing)
    assert build(briefing, out, jobs=1).ok
    kept = sorted((own_cache / "templates").rglob("*.cache"))
    assert kept
    compiled: list[str] = []
    original = render_module._Environment._compile

    def counted(self: Any, source: str, filename: str) -> Any:
        compiled.append(filename)
        return original(self, source, filename)

    monkeypatch.setattr(render_module._Environment, "_compile", counted)
    edit_title(briefing, random.Random(2), 2)
    assert_same_as_clean(briefing, out, tmp_path)
    assert compiled and all(name.startswith(str(theme_dir())) for name in compiled)  # the clean build's only
    compiled.clear()
    for path in kept:
        path.write_bytes(b"not a compiled template")
    edit_title(briefing, random.Random(3), 3)
    assert build(briefing, out, jobs=1).ok
    assert len(compiled) == len(kept)
    (briefing / "templates").mkdir(exist_ok=True)
    broken = '{% extends "base.html" %}\n{% block main %}\n{{ nothing.here }}\n{% endblock %}\n'
    (briefing / "templates" / "event.html").write_text(broken)
    for _ in range(2):  # compiled, then from the cache: the same problem
        result = build(briefing, out, jobs=1)
        assert [p.format() for p in result.problems if p.severity == "error"][0].startswith(
            f"{briefing / 'templates' / 'event.html'}:3:1: error: template error while rendering events/")
