"""The PDFs printed in their own process beside the pages (generator/printer.py): the same PDFs as in the
build's own process, failures as located problems with nothing written, no process left behind, and one
writer of the status line."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator import cli, printer
from generator.build import build

PDF_STEPS = ("brief.pdf, reading the page", "brief.pdf, page layout: page 1", "brief.pdf, writing",
             "brief-short.pdf, reading the page", "brief-short.pdf, page layout: page 1", "brief-short.pdf, writing")


def _started(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The process ids of the PDF processes started while the test runs."""
    pids: list[int] = []
    start = printer.Printer.start

    def spy(self: printer.Printer, *args: Any) -> None:
        start(self, *args)
        pids.extend(c.pid for c in self.children if c.pid is not None)

    monkeypatch.setattr(printer.Printer, "start", spy)
    return pids


def _gone(pid: int) -> bool:
    """True when the process has ended and been reaped (it is no child of this one any more)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def _statuses(err: str) -> list[str]:
    """The status lines a build wrote, each whole: 'factsheet: <step>…' between line clears."""
    parts = err.split("\r\x1b[K")
    lines = [p for p in parts[1:-1] if p]  # the last part follows the final clear: the closing summary
    assert all(p.startswith("factsheet: ") and p.endswith("…") for p in lines), lines  # none cut into another
    return [p.removeprefix("factsheet: ").removesuffix("…") for p in lines]


def test_the_pdfs_print_in_their_own_process(briefing_dir: Callable[..., Path],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    pids = _started(monkeypatch)
    briefing_dir()
    result = build(Path("b"), Path("b/site"), pdf=True, jobs=2, search=False)
    assert result.ok and result.pdfs == ["brief.pdf", "brief-short.pdf"]
    assert len(pids) == 2 and os.getpid() not in pids and all(_gone(pid) for pid in pids)  # one a PDF, reaped
    assert Path("b/site/brief.pdf").read_bytes().startswith(b"%PDF-")


def test_with_one_job_the_pdfs_print_in_the_builds_own_process(briefing_dir: Callable[..., Path],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    pids = _started(monkeypatch)
    briefing_dir()
    result = build(Path("b"), Path("b/site"), pdf=True, jobs=1, search=False)
    assert result.ok and result.pdfs == ["brief.pdf", "brief-short.pdf"] and pids == []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_pdf_build_shows_its_progress_on_a_terminal(briefing_dir: Callable[..., Path], jobs: str,
                                                      capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Every step of the full brief is shown, in order (with one job, of both): beside the build's own step
    while the pages render ("rendering 3 records; brief.pdf, page layout: page 1"), after "writing the PDFs: "
    while it waits. The short brief prints beside the full one: its steps show when the full one is done."""
    briefing_dir()
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert cli.main(["build", "--pdf", "--jobs", jobs, "b"]) == 0
    err = capsys.readouterr().err
    statuses = _statuses(err)
    shown = []
    for status in statuses:
        if status.startswith(f"{printer.WAITING}: "):
            shown.append(status.removeprefix(f"{printer.WAITING}: "))
        elif "; " in status:
            shown.append(status.split("; ", 1)[1])
    expected = [s for s in PDF_STEPS if jobs == "1" or s.startswith("brief.pdf")]
    steps = [s for s in expected if s in shown]
    assert steps == expected, (statuses, shown)
    assert [shown.index(s) for s in expected] == sorted(shown.index(s) for s in expected)
    if jobs == "1":  # in the build's own process, after the pages: as it always was
        first = next(i for i, s in enumerate(statuses) if s.startswith(printer.WAITING))
        assert statuses[first] == printer.WAITING and statuses[first + 1] == f"{printer.WAITING}: {PDF_STEPS[0]}"
    assert statuses[-1] == "writing the site"
    assert "…" not in err.rsplit("\r\x1b[K", 1)[1]  # the status line is cleared before the summary


def test_a_pdf_process_that_dies_is_a_located_error_and_nothing_is_written(
        briefing_dir: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def killed(*args: Any) -> Any:  # as the kernel's out-of-memory killer would
        os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(printer, "print_briefs", killed)
    briefing_dir()
    assert cli.main(["build", "--pdf", "--jobs", "2", "--no-search", "b"]) == 1
    err = capsys.readouterr().err.splitlines()
    where, message = err[0].split(": error: ")
    assert where.endswith("templates/brief.html:1:1") and message == (
        "the process printing the PDFs stopped unexpectedly (killed, or out of memory); build again, "
        "with --jobs 1 to print them in the build's own process"), err
    assert not Path("b/site").exists()


def test_a_failure_inside_the_pdf_process_is_a_located_error(
        briefing_dir: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def broken(*args: Any) -> Any:
        raise RuntimeError("no more room")

    monkeypatch.setattr(printer, "print_briefs", broken)
    briefing_dir()
    assert cli.main(["build", "--pdf", "--jobs", "2", "--no-search", "b"]) == 1
    err = capsys.readouterr().err.splitlines()
    where, message = err[0].split(": error: ")
    assert where.endswith("templates/brief.html:1:1") and message == (
        "the process printing the PDFs failed: RuntimeError: no more room"), err
    assert "Traceback" not in "\n".join(err)
    assert not Path("b/site").exists()


def test_a_build_that_fails_while_the_pdfs_print_ends_their_process(
        briefing_dir: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    pids = _started(monkeypatch)
    root = briefing_dir()
    (root / "templates").mkdir()
    (root / "templates" / "place.html").write_text("{{ page.record.nope.nope }}\n")
    result = build(root, root / "site", pdf=True, jobs=2, search=False)
    assert not result.ok and result.pdfs == []
    assert [p.pos.path for p in result.problems if p.severity == "error"] == ["b/templates/place.html"]
    assert len(pids) == 2 and all(_gone(pid) for pid in pids)  # stopped and reaped: nothing runs on
    assert not (root / "site").exists()


def test_a_previous_site_is_kept_when_the_pdf_process_dies(
        briefing_dir: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    root = briefing_dir()
    assert build(root, root / "site", pdf=True, jobs=2, search=False).ok
    before = {p: p.read_bytes() for p in sorted((root / "site").rglob("*")) if p.is_file()}
    (root / "content" / "briefing.yaml").write_text("title: Test briefing, again\nas_of: 2024-01-19\n"
                                                    "summary: A summary.\n")
    monkeypatch.setattr(printer, "print_briefs", lambda *args: os.kill(os.getpid(), signal.SIGKILL))
    result = build(root, root / "site", pdf=True, jobs=2, search=False)
    assert not result.ok and "stopped unexpectedly" in result.problems[-1].message
    assert {p: p.read_bytes() for p in sorted((root / "site").rglob("*")) if p.is_file()} == before


def test_the_status_line_shows_the_pdfs_beside_the_builds_step(tmp_path: Path) -> None:
    shown: list[str] = []
    job = printer.Printer(None, tmp_path, None, shown.append, jobs=2)  # type: ignore[arg-type]  # no briefing needed
    full, short = printer._Child(1, None), printer._Child(2, None)  # type: ignore[arg-type]  # no process needed
    job.children = [full, short]
    job.progress("rendering 12000 records")
    full.step, short.step = "brief.pdf, page layout: page 12", "brief-short.pdf, boxes"  # as the relays set them
    job.progress("indexing for search")
    job.progress(printer.WAITING)
    full.printed = ({}, [], [])  # the full brief came: the short one's step shows
    job.progress(printer.WAITING)
    short.printed = ({}, [], [])
    job.progress("writing the site")
    assert shown == ["rendering 12000 records", "indexing for search; brief.pdf, page layout: page 12",
                     "writing the PDFs: brief.pdf, page layout: page 12", "writing the PDFs: brief-short.pdf, boxes",
                     "writing the site"]


def test_the_pdfs_of_two_processes_merge_as_one_process_prints_them() -> None:
    from generator.problems import Pos, Problem

    where = Pos("brief.html")
    glyphs = Problem(where, "warning", "no installed font has glyphs for 1 character(s)")
    stopped = Problem(where, "error", printer.STOPPED)
    full = ({"brief.pdf": b"%PDF-1"}, [Problem(where, "warning", "brief.pdf: a")], ["note", "other"])
    short = ({"brief-short.pdf": b"%PDF-2"}, [Problem(where, "warning", "brief-short.pdf: b"), glyphs], ["note"])
    assert printer.merged([full, short]) == (
        {"brief.pdf": b"%PDF-1", "brief-short.pdf": b"%PDF-2"}, [*full[1], *short[1]], ["note", "other"])
    assert printer.merged([({}, [stopped], []), short]) == ({}, [stopped, *short[1]], ["note"])
    assert printer.merged([({}, [stopped], []), ({}, [stopped], [])]) == ({}, [stopped], [])  # said once
