"""The PDFs of a build printed in their own processes, forked once the plan exists, while the pages render.

Each PDF has its process (the full brief takes some eight times longer than the short one): it renders its
brief page itself, from the plan the build made (the same page, the same renderer: the same bytes as the
site's), prints it with WeasyPrint (pdf.py) and sends the PDF, its problems and its progress back through a
pipe. The build alone writes the terminal's status line and the site: these processes write no file, and
the build waits for them before the swap. With one job, or where processes cannot fork, the PDFs are
printed in the build's own process when the build waits for them.
"""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import sys
import threading
from collections.abc import Callable, Mapping
from multiprocessing.connection import Connection, Pipe
from pathlib import Path
from typing import Any

from .model import Briefing
from .pages import Page
from .pdf import PDFS, print_pdfs, where_of
from .problems import Problem

RenderPages = Callable[[list[Page]], tuple[dict[str, bytes], list[Problem]]]
Printed = tuple[dict[str, bytes], list[Problem], list[str]]  # PDFs by name, problems, notes about the machine
Progress = Callable[[str], None]

WAITING = "writing the PDFs"  # the build's step while it waits for them
STOPPED = ("the process printing the PDFs stopped unexpectedly (killed, or out of memory); build again, "
           "with --jobs 1 to print them in the build's own process")

# The status line has one writer, the build, from two threads (its own steps, and the PDF process's relayed):
# each line is written whole under this lock, and no process forks while one is half written (a forked render
# worker would inherit the standard error stream's own lock held).
_TERMINAL = threading.Lock()
os.register_at_fork(before=_TERMINAL.acquire, after_in_parent=_TERMINAL.release,
                    after_in_child=_TERMINAL.release)


def files_for_print(briefing: Briefing, briefing_dir: Path, pages: dict[str, bytes]) -> dict[str, bytes]:
    """What the briefs may load, as the site will hold it: the theme's assets, the briefing's theme CSS and
    static files, and the brief pages."""
    from .build import assets_of  # build.py imports this module
    from .render import theme_dir
    from .theme import THEME_CSS, theme_css

    theme = {k: v for k, v in assets_of(theme_dir() / "assets", "assets/").items() if not k.endswith(".py")}
    css = theme_css(briefing.meta.theme)
    files = {**theme, **({THEME_CSS: css} if css is not None else {}), **pages}
    return {**files, **assets_of(briefing_dir / "static")}


def print_briefs(pages: list[Page], render: RenderPages, briefing: Briefing, briefing_dir: Path,
                 paper: str | None, template: Path | None, progress: Progress,
                 only: tuple[str, ...] = tuple(PDFS)) -> Printed:
    """The PDFs named in `only` from the plan's brief pages: those pages rendered with `render`, then printed.
    The font check is the build's (Printer.wait): it reads the text of the whole briefing, which a forked
    process would copy page by page as it touched it (some 300 MB at 10,000 events)."""
    html, problems = render([p for p in pages if p.path in {PDFS[name] for name in only}])
    if any(p.severity == "error" for p in problems):
        return {}, problems, []  # the build renders the same pages and reports the same problems
    files = files_for_print(briefing, briefing_dir, html)
    out, printed, machine = print_pdfs(files, briefing, paper, template, only, progress, glyphs=False)
    return out, problems + printed, machine


def merged(printed: list[Printed]) -> Printed:
    """The PDFs of several processes as one process would have printed them: each problem and note once,
    in order, and no PDF when any of them has an error."""
    out = {name: data for one in printed for name, data in one[0].items()}
    problems = list(dict.fromkeys(p for one in printed for p in one[1]))
    machine = list(dict.fromkeys(m for one in printed for m in one[2]))
    return ({} if any(p.severity == "error" for p in problems) else out), problems, machine


class _Child:
    """One PDF process, as the build sees it: its pipe, the thread relaying its steps, what it sent."""

    def __init__(self, pid: int, pipe: Connection) -> None:
        self.pid: int | None = pid
        self.pipe = pipe
        self.step = ""  # its latest step, until it sends its PDF
        self.printed: Printed | None = None
        self.relay: threading.Thread | None = None
        self.usage: Any = None  # its resource usage once reaped (os.wait4): its own peak memory


class Printer:
    """Both PDFs of one build. `start` (given the plan) forks the processes that print them; `progress` is the
    build's status line with the PDFs' step beside its own; `wait` collects them; `stop` ends the processes
    early (the build failed, or was interrupted)."""

    def __init__(self, briefing: Briefing, briefing_dir: Path, paper: str | None, progress: Progress,
                 jobs: int) -> None:
        self.briefing, self.briefing_dir, self.paper, self.shown = briefing, briefing_dir, paper, progress
        override = briefing_dir / "templates" / "brief.html"
        self.template = override if override.is_file() else None
        # One job means one process; without fork the plan cannot be shared. Then the PDFs wait for the pages.
        self.beside = jobs > 1 and hasattr(os, "fork")
        self.step = ""  # the build's
        self.job: Callable[[Progress], Printed] | None = None
        self.children: list[_Child] = []  # in the order of PDFS

    @property
    def usage(self) -> list[Any]:
        """The resource usage of each PDF process, once reaped (os.wait4): their own peak memory and CPU."""
        return [c.usage for c in self.children if c.usage is not None]

    def progress(self, step: str) -> None:
        """Show one of the build's steps, with the PDFs' step beside it."""
        with _TERMINAL:
            self.step = step
            self._show()

    def _show(self) -> None:
        # The first PDF still printing speaks: the full brief's steps, then (if it is not done yet) the short one's.
        pdf_step = next((c.step for c in self.children if c.printed is None and c.step), "")
        if not pdf_step:
            self.shown(self.step)
        elif self.step == WAITING:
            self.shown(f"{WAITING}: {pdf_step}")
        else:
            self.shown(f"{self.step}; {pdf_step}")

    def start(self, pages: list[Page], render: RenderPages) -> None:
        """The plan exists: start printing (with one job, only remember what to print)."""
        def job(progress: Progress, only: tuple[str, ...] = tuple(PDFS)) -> Printed:
            return print_briefs(pages, render, self.briefing, self.briefing_dir, self.paper, self.template,
                                progress, only)

        if not self.beside:
            self.job = job
            return
        for stream in (sys.stdout, sys.stderr):  # a forked process must not write out a copy of their buffers
            stream.flush()
        names = tuple(PDFS)
        for name in names:
            reader, writer = Pipe(duplex=False)
            parent = os.getpid()
            pid = os.fork()
            if pid == 0:  # a PDF process: it never returns into the build
                code = 1
                try:
                    reader.close()
                    for child in self.children:  # its elder sibling's pipe is not its own
                        assert child.pipe is not None
                        child.pipe.close()
                    code = _run_child(writer, functools.partial(job, only=(name,)), parent, self.template)
                finally:
                    os._exit(code)
            writer.close()
            child = _Child(pid, reader)
            self.children.append(child)
            child.relay = threading.Thread(target=self._listen, args=(child,), name=f"factsheet-{name}", daemon=True)
            child.relay.start()

    def _listen(self, child: _Child) -> None:
        """Relay a PDF process's steps to the status line until it sends its PDF or ends."""
        try:
            while True:
                kind, value = child.pipe.recv()
                with _TERMINAL:
                    if kind == "done":
                        child.printed = value
                        self._show()
                        break
                    child.step = value
                    self._show()
        except (EOFError, OSError):  # it ended without sending its PDF: wait() says so
            pass

    def wait(self, site: Mapping[str, bytes]) -> tuple[dict[str, bytes], list[Problem]]:
        """The PDFs, or the problems that stopped them, with the font check of the briefing's text (from the
        `site`'s data file); notes about the machine go to pdf.py's logger."""
        from .pdf import glyph_problems, notes

        where = where_of(self.template)
        if self.job is not None:  # in this process, now
            self.progress(WAITING)
            printed = self.job(lambda step: self.progress(f"{WAITING}: {step}"))
            glyphs = glyph_problems(site, self.briefing, where)
        else:
            glyphs = glyph_problems(site, self.briefing, where)  # while they print
            if any(c.relay is not None and c.relay.is_alive() for c in self.children):
                self.progress(WAITING)
            for child in self.children:
                _reap(child)
            stopped = Problem(where, "error", STOPPED)
            printed = merged([c.printed or ({}, [stopped], []) for c in self.children])
        out, problems, machine = merged([printed, ({}, glyphs, [])])
        for message in machine:
            notes.warning(message)
        return out, problems

    def stop(self) -> None:
        """End the PDF processes that still run (the build stops without its PDFs)."""
        for child in self.children:
            if child.pid is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(child.pid, signal.SIGKILL)  # it writes no file: nothing to leave half done
                _reap(child)


def _reap(child: _Child) -> None:
    if child.pid is not None:
        with contextlib.suppress(ChildProcessError):  # reaped already
            _, _, child.usage = os.wait4(child.pid, 0)
        child.pid = None
    if child.relay is not None:
        child.relay.join()  # its pipe is closed now: none of its steps is shown after this
        child.relay = None
    child.pipe.close()


def _run_child(pipe: Connection, job: Callable[[Progress], Printed], parent: int, template: Path | None) -> int:
    """The PDF process: print, send the result; any failure is sent as a problem, never a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C interrupts the build, which ends this process
    signal.signal(signal.SIGTERM, signal.SIG_DFL)

    def tell(step: str) -> None:
        if os.getppid() != parent:  # the build is gone (killed): nobody waits for these PDFs
            os._exit(1)
        pipe.send(("step", step))

    try:
        printed = job(tell)
    except Exception as exc:  # a bug, not a problem of the briefing: still one located line, not a traceback
        message = f"the process printing the PDFs failed: {type(exc).__name__}: {exc}"
        printed = ({}, [Problem(where_of(template), "error", message)], [])
    try:
        pipe.send(("done", printed))
    except OSError:  # the build is gone
        return 1
    return 0
