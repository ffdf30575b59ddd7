"""Reading in forked workers (parseworkers.py) says and makes exactly what reading in one process does: the same
problems in the same words and places, the same model, the same limits across files, the same parse cache."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from hostile_cases import BASE, CASES, Case, write_briefing

from generator import parseworkers
from generator.build import check_briefing
from generator.parsecache import ParseCache

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def forked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Workers for any briefing, however small, and with a parse cache that knows its files; the list counts the
    files they were given."""
    given: list[int] = []
    outcomes = parseworkers._outcomes

    def counting(files: parseworkers.Files, share: Any, jobs: int) -> Any:
        given.append(len(files))
        return outcomes(files, share, jobs)

    monkeypatch.setattr(parseworkers, "_worth_forking", lambda files, reuse: True)
    monkeypatch.setattr(parseworkers, "_outcomes", counting)
    return given


def checked(briefing: Path, jobs: int, clean: bool = True, model: bool = True) -> tuple[list[str], str]:
    linked, problems = check_briefing(briefing, clean=clean, jobs=jobs, model=model)
    return [p.format() for p in problems.sorted()], repr(linked)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_every_hostile_case_reads_the_same_in_workers(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked: list[int]
) -> None:
    monkeypatch.chdir(tmp_path)
    briefing = write_briefing(tmp_path / "b", case.files)
    if case.setup:
        case.setup(briefing, monkeypatch)
    alone = checked(Path("b"), jobs=1)
    assert not forked
    if not (briefing / "content").is_dir():
        return  # nothing to read: no workers either
    assert checked(Path("b"), jobs=2) == alone
    assert checked(Path("b"), jobs=3, clean=False) == alone  # from the parse cache the workers wrote


def test_the_sample_reads_the_same_and_the_cache_serves_both(tmp_path: Path, forked: list[int]) -> None:
    briefing = tmp_path / "sample"
    shutil.copytree(REPO / "content", briefing / "content")
    alone = checked(briefing, jobs=1)
    assert checked(briefing, jobs=2) == alone
    assert forked == [len(list((briefing / "content").rglob("*.yaml")))]
    cache = ParseCache(briefing)
    assert cache.known() == forked[0]  # every file, kept by the workers
    cache.save()
    assert checked(briefing, jobs=1, clean=False) == alone  # a cache the workers wrote, read alone
    assert checked(briefing, jobs=2, clean=False) == alone
    # `factsheet check`: no model, and from the cache only what the checks read, in workers or not
    messages = (alone[0], "None")
    assert checked(briefing, jobs=2, clean=False, model=False) == messages
    assert checked(briefing, jobs=2, clean=True, model=False) == messages
    assert checked(briefing, jobs=1, clean=False, model=False) == messages
    assert checked(briefing, jobs=2, clean=False) == alone  # the cache a check without a model wrote, linked


def many_files(root: Path, count: int, values: int = 3) -> Path:
    """A briefing of `count` event files, each with `values` list items (the events lack their other fields)."""
    items = ",".join("1" * values)
    files: dict[str, str | bytes | None] = {
        f"events/{i:03}.yaml": f"- {{id: e{i}, x_l: [{items}]}}\n" for i in range(count)}
    return write_briefing(root, files)


def test_the_value_budget_spans_every_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked: list[int]
) -> None:
    """Each worker counts its own share against the budget; the loader the whole briefing's, in file order."""
    monkeypatch.chdir(tmp_path)
    many_files(tmp_path / "b", 40, values=20)
    monkeypatch.setenv("FACTSHEET_MAX_VALUES", "500")
    alone = checked(Path("b"), jobs=1)
    assert any(":1:" in p and "error: the briefing has more than 500 values" in p for p in alone[0])
    assert checked(Path("b"), jobs=2) == alone
    assert forked == [len(BASE) + 40]


@pytest.mark.parametrize(("variable", "limit", "message"), [
    ("FACTSHEET_MAX_CONTENT_BYTES", "700", "the content is over 700 bytes, the limit"),
    ("FACTSHEET_MAX_RECORDS", "15", "more than 15 records"),
])
def test_the_limits_on_the_whole_briefing_span_every_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked: list[int], variable: str, limit: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    many_files(tmp_path / "b", 40)
    monkeypatch.setenv(variable, limit)
    alone = checked(Path("b"), jobs=1)
    assert any(message in p for p in alone[0]), alone[0]
    assert checked(Path("b"), jobs=2) == alone
    assert forked == [len(BASE) + 40]


def test_a_worker_that_dies_costs_only_speed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked: list[int]
) -> None:
    monkeypatch.chdir(tmp_path)
    many_files(tmp_path / "b", 30)
    alone = checked(Path("b"), jobs=1)
    monkeypatch.setattr(parseworkers, "_read_one", lambda *args: os._exit(3))
    assert checked(Path("b"), jobs=2) == alone
    assert forked == [len(BASE) + 30]


def test_a_briefing_the_parse_cache_knows_is_read_without_forking(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # taking entries from the cache is quicker than forking, shipping them and unpickling them twice
    forks: list[int] = []
    outcomes = parseworkers._outcomes
    monkeypatch.setattr(parseworkers, "PARALLEL_FILES", 1)
    monkeypatch.setattr(parseworkers, "_outcomes", lambda files, share, jobs: forks.append(1) or outcomes(
        files, share, jobs))
    shutil.copytree(REPO / "content", tmp_path / "content")
    cold = checked(tmp_path, jobs=2)
    assert forks == [1]
    events = tmp_path / "content" / "events.yaml"
    events.write_text(events.read_text().replace("title: ", "title: Edited ", 1))  # one file of six edited
    edited = checked(tmp_path, jobs=2, clean=False)
    assert forks == [1] and edited[0] == cold[0] and "Edited" in edited[1]


def test_a_small_briefing_is_read_without_forking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    forks: list[int] = []
    monkeypatch.setattr(parseworkers, "_outcomes", lambda files, share, jobs: forks.append(1) or iter(()))
    shutil.copytree(REPO / "content", tmp_path / "content")
    model, problems = check_briefing(tmp_path, jobs=2)
    assert model is not None and not problems.has_errors
    assert forks == []
