"""Markdown converted ahead (mdstore.py): every text of the briefing once per build, in forked processes, and
kept between builds in a store that is ignored unless whole, of this code and of this converter."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sitedigest import digest_of

from generator import build as build_module
from generator import mdstore, text
from generator.build import build, check_briefing, render_site
from generator.mdstore import converted_ahead, identity_of, read_store, save_store, store_of, texts_of
from generator.model import Briefing
from generator.text import MarkdownRenderer

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "content"  # the sample briefing: Markdown in every field that takes it but a source's note

# Markdown in every field the schema says takes it (and plain text elsewhere, which is never converted).
EVERY_FIELD = {
    "briefing.yaml": """\
        title: Test briefing
        as_of: 2024-01-19
        summary: The *summary*.
        notes: The **notes**.
        key_points:
          - text: A key point with `code`.
            sources: [report]
        changes:
          - date: 2024-01-18
            text: A change, [linked](https://example.org/).
        """,
    "sources.yaml": """\
        - id: report
          title: A *report* (plain text)
          note: A source's *note*.
        """,
    "actors.yaml": """\
        - id: iran
          name: Iran
          kind: state
          description: An actor's *description*.
        - id: pakistan
          name: Pakistan
          kind: state
          description: The *summary*.
        """,
    "events.yaml": """\
        - id: strike
          date: 2024-01-16
          title: A strike
          summary: An event's *summary*.
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
          context: A statement's *context*.
          sources: [report]
        """,
}


def checked(folder: Path) -> Briefing:
    briefing, problems = check_briefing(folder)
    assert briefing is not None and not problems.has_errors, [p.format() for p in problems.sorted()]
    return briefing


def sample(tmp_path: Path, name: str = "b") -> Path:
    folder = tmp_path / name
    shutil.copytree(SAMPLE, folder / "content")
    return folder


@pytest.fixture
def conversions(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The texts this process converts (forked processes count in their own copy of the list)."""
    made: list[str] = []
    clean_html = text.clean_html

    def counted(html: str) -> object:
        made.append(html)
        return clean_html(html)

    monkeypatch.setattr(text, "clean_html", counted)
    yield made


@pytest.fixture
def ahead_always(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test briefing has tens of texts: fork for them anyway."""
    monkeypatch.setattr(mdstore, "AHEAD_FROM", 1)


def test_texts_of_takes_every_markdown_field_once_in_reading_order(briefing_dir: Callable[..., Path]) -> None:
    briefing = checked(briefing_dir(EVERY_FIELD))
    assert texts_of(briefing) == [
        "The *summary*.", "A key point with `code`.", "A change, [linked](https://example.org/).", "The **notes**.",
        "An event's *summary*.", "An actor's *description*.", "A statement's *context*.", "A source's *note*."]


@pytest.mark.parametrize("source", ["sample", "multiscript", "every field"])
def test_every_text_the_pages_convert_was_converted_ahead(tmp_path: Path, briefing_dir: Callable[..., Path],
                                                          monkeypatch: pytest.MonkeyPatch, source: str) -> None:
    folder = {"sample": lambda: sample(tmp_path), "every field": lambda: briefing_dir(EVERY_FIELD),
              "multiscript": lambda: REPO / "tests" / "briefings" / "multiscript"}[source]()
    briefing = checked(folder)
    asked: set[str] = set()
    block = MarkdownRenderer.block

    def recorded(self: MarkdownRenderer, source: str) -> object:
        asked.add(source)
        return block(self, source)

    monkeypatch.setattr(MarkdownRenderer, "block", recorded)
    monkeypatch.setattr(build_module, "converted_ahead", lambda *args, **kwargs: contextlib.nullcontext())
    render_site(briefing, folder)  # nothing converted ahead: what the pages and data files ask for, recorded
    assert len(asked) > 1
    assert asked <= set(texts_of(briefing))


def test_a_warm_build_converts_nothing_and_an_edit_converts_only_the_new_text(
        tmp_path: Path, conversions: list[str]) -> None:
    folder = sample(tmp_path)
    count = len(texts_of(checked(folder)))
    assert build(folder, tmp_path / "cold", jobs=1).ok
    assert len(conversions) == count
    conversions.clear()
    assert build(folder, tmp_path / "warm", jobs=1).ok  # another site: every page rendered again
    assert conversions == []
    assert digest_of(tmp_path / "warm") == digest_of(tmp_path / "cold")
    events = folder / "content" / "events.yaml"
    events.write_text(events.read_text().replace("summary: ", "summary: Edited. ", 1))
    assert build(folder, tmp_path / "edited", jobs=1).ok
    assert len(conversions) == 1 and "Edited." in conversions[0]


def test_the_store_holds_only_the_last_builds_texts(tmp_path: Path, briefing_dir: Callable[..., Path]) -> None:
    folder = briefing_dir(EVERY_FIELD)
    assert build(folder, tmp_path / "one", jobs=1).ok
    assert "An event's *summary*." in read_store(store_of(folder), identity_of())
    events = folder / "content" / "events.yaml"
    events.write_text(events.read_text().replace("An event's *summary*.", "Another summary."))
    assert build(folder, tmp_path / "two", jobs=1).ok
    kept = read_store(store_of(folder), identity_of())
    assert sorted(kept) == sorted(texts_of(checked(folder)))
    assert "Another summary." in kept and "An event's *summary*." not in kept


def event_page(site: Path) -> Path:
    return site / "events" / "strike" / "index.html"


def _poisoned(folder: Path, identity: str) -> None:
    """A store of `identity` whose HTML for the event's summary says POISON: shown only if the store is read."""
    save_store(store_of(folder), identity, {"An event's *summary*.": "<p>POISON</p>"})


def test_a_valid_store_is_read_and_clean_ignores_it(tmp_path: Path, briefing_dir: Callable[..., Path]) -> None:
    folder = briefing_dir(EVERY_FIELD)
    _poisoned(folder, identity_of())
    assert build(folder, tmp_path / "read", jobs=1).ok
    assert b"POISON" in event_page(tmp_path / "read").read_bytes()  # so the cases below test
    _poisoned(folder, identity_of())
    assert build(folder, tmp_path / "clean", jobs=1, clean=True).ok
    assert b"POISON" not in event_page(tmp_path / "clean").read_bytes()
    assert "<p>POISON</p>" not in read_store(store_of(folder), identity_of()).values()  # saved afresh


def _other_version(path: Path, identity: str) -> None:
    save_store(path, identity.replace("markdown ", "markdown 0.0."), {"An event's *summary*.": "<p>POISON</p>"})


def _damaged(path: Path, identity: str) -> None:
    save_store(path, identity, {"An event's *summary*.": "<p>POISOM</p>"})
    path.write_bytes(path.read_bytes().replace(b"POISOM", b"POISON"))  # one byte of the body changed


def _cut_short(path: Path, identity: str) -> None:
    save_store(path, identity, {"An event's *summary*.": "<p>POISON</p>", "x": "y" * 1000})
    path.write_bytes(path.read_bytes()[:-500])


def _wrong_shape(path: Path, identity: str) -> None:
    body = json.dumps(["An event's *summary*.", "<p>POISON</p>"]).encode()
    path.write_bytes(mdstore._head_of(identity, body) + b"\n" + body)


def _not_a_store(path: Path, identity: str) -> None:
    path.write_bytes(b"\xff\xfe<p>POISON</p>\n{}")


@pytest.mark.parametrize("spoil", [_other_version, _damaged, _cut_short, _wrong_shape, _not_a_store])
def test_a_store_of_another_version_damaged_or_foreign_is_ignored(
        tmp_path: Path, briefing_dir: Callable[..., Path], spoil: Callable[[Path, str], None]) -> None:
    folder = briefing_dir(EVERY_FIELD)
    assert build(folder, tmp_path / "first", jobs=1).ok
    path = store_of(folder)
    spoil(path, identity_of())
    assert read_store(path, identity_of()) == {}
    result = build(folder, tmp_path / "second", jobs=1)
    assert result.ok and not result.problems
    assert digest_of(tmp_path / "second") == digest_of(tmp_path / "first")
    assert read_store(path, identity_of())["An event's *summary*."] == "<p>An event’s <em>summary</em>.</p>"


def test_a_store_that_cannot_be_written_only_costs_time(tmp_path: Path, briefing_dir: Callable[..., Path],
                                                        ahead_always: None) -> None:
    folder = briefing_dir(EVERY_FIELD)
    blocked = store_of(folder).parent
    blocked.parent.mkdir(parents=True, exist_ok=True)
    blocked.write_text("a file where the store's folder would be")
    assert build(folder, tmp_path / "one", jobs=2).ok
    assert build(folder, tmp_path / "two", jobs=2).ok
    assert digest_of(tmp_path / "two") == digest_of(tmp_path / "one")
    assert blocked.read_text() == "a file where the store's folder would be"


@pytest.mark.parametrize("warm", [False, True])
def test_jobs_one_and_two_and_the_store_make_the_same_site(tmp_path: Path, ahead_always: None, warm: bool,
                                                            conversions: list[str]) -> None:
    folder = sample(tmp_path)
    if warm:
        assert build(folder, tmp_path / "first", jobs=1).ok
    sites = {}
    for jobs in (1, 2):
        if not warm:
            store_of(folder).unlink(missing_ok=True)
        conversions.clear()
        assert build(folder, tmp_path / f"site-{jobs}", jobs=jobs).ok
        sites[jobs] = digest_of(tmp_path / f"site-{jobs}")
        # Converted here with one job; with two, by forked processes (warm: taken from the store)
        assert len(conversions) == (len(texts_of(checked(folder))) if jobs == 1 and not warm else 0)
    assert sites[2] == sites[1]
    assert sites[1] == digest_of(_clean_site(tmp_path))


def _clean_site(tmp_path: Path) -> Path:
    """The sample built with no store at all and one job: what every other build must match."""
    out = tmp_path / "reference"
    folder = sample(tmp_path, "reference-briefing")
    assert build(folder, out, jobs=1, clean=True).ok
    return out


def test_a_converting_process_that_dies_leaves_its_texts_to_the_build(tmp_path: Path, ahead_always: None,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    folder = sample(tmp_path)
    reference = _clean_site(tmp_path)
    build_pid = os.getpid()
    block = MarkdownRenderer.block

    def dies_when_forked(self: MarkdownRenderer, source: str) -> object:
        if os.getpid() != build_pid:
            os._exit(3)
        return block(self, source)

    monkeypatch.setattr(MarkdownRenderer, "block", dies_when_forked)
    assert build(folder, tmp_path / "site", jobs=2).ok
    assert digest_of(tmp_path / "site") == digest_of(reference)


def test_a_build_stopped_while_converting_leaves_no_process(tmp_path: Path, ahead_always: None) -> None:
    folder = sample(tmp_path)
    briefing = checked(folder)
    renderer = MarkdownRenderer()
    pids: list[int] = []
    with pytest.raises(KeyboardInterrupt), converted_ahead(renderer, briefing, folder, 2) as ahead:
        pids = [share.pid for share in ahead.shares]
        raise KeyboardInterrupt
    assert len(pids) == 2
    for pid in pids:
        with pytest.raises(ChildProcessError):  # reaped: no longer this process's child
            os.waitpid(pid, os.WNOHANG)
    assert renderer.converted(texts_of(briefing)[0]) is None  # nothing taken from a stopped build
