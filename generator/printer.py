"""The PDFs of a build printed in their own process, forked once the plan exists, while the pages render.

The process renders the two brief pages itself, from the plan the build made (the same pages, the same
renderer: the same bytes as the site's), prints them with WeasyPrint (pdf.py) and sends the PDFs, its
problems and its progress back through a pipe. The build alone writes the terminal's status line and the
site: the process writes no file, and the build waits for it before the swap. With one job, or where
processes cannot fork, the PDFs are printed in the build's own process when the build waits for them.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable
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
    static files, and the two pages; with the briefing's data file, whose text the glyph check reads."""
    from .build import assets_of  # build.py imports this module
    from .jsondata import briefing_json
    from .render import theme_dir
    from .theme import THEME_CSS, theme_css

    theme = {k: v for k, v in assets_of(theme_dir() / "assets", "assets/").items() if not k.endswith(".py")}
    css = theme_css(briefing.meta.theme)
    files = {**theme, **({THEME_CSS: css} if css is not None else {}), **pages}
    files["data/briefing.json"] = briefing_json(briefing)
    return {**files, **assets_of(briefing_dir / "static")}


def print_briefs(pages: list[Page], render: RenderPages, briefing: Briefing, briefing_dir: Path,
                 paper: str | None, template: Path | None, progress: Progress) -> Printed:
    """Both PDFs from the plan's two brief pages: rendered with `render`, then printed."""
    html, problems = render([p for p in pages if p.path in PDFS.values()])
    if any(p.severity == "error" for p in problems):
        return {}, problems, []  # the build renders the same pages and reports the same problems
    files = files_for_print(briefing, briefing_dir, html)
    out, printed, machine = print_pdfs(files, briefing, paper, template, progress=progress)
    return out, problems + printed, machine


class Printer:
    """Both PDFs of one build. `start` (given the plan) forks the process that prints them; `progress` is the
    build's status line with the PDFs' step beside its own; `wait` collects them; `stop` ends the process
    early (the build failed, or was interrupted)."""

    def __init__(self, briefing: Briefing, briefing_dir: Path, paper: str | None, progress: Progress,
                 jobs: int) -> None:
        self.briefing, self.briefing_dir, self.paper, self.shown = briefing, briefing_dir, paper, progress
        override = briefing_dir / "templates" / "brief.html"
        self.template = override if override.is_file() else None
        # One job means one process; without fork the plan cannot be shared. Then the PDFs wait for the pages.
        self.beside = jobs > 1 and hasattr(os, "fork")
        self.step = ""  # the build's
        self.pdf_step = ""  # the PDF process's, while it runs
        self.job: Callable[[Progress], Printed] | None = None
        self.pid: int | None = None
        self.pipe: Connection | None = None
        self.relay: threading.Thread | None = None
        self.printed: Printed | None = None
        self.usage: Any = None  # the PDF process's resource usage once reaped (os.wait4): its own peak memory

    def progress(self, step: str) -> None:
        """Show one of the build's steps, with the PDFs' step beside it."""
        with _TERMINAL:
            self.step = step
            self._show()

    def _show(self) -> None:
        if not self.pdf_step:
            self.shown(self.step)
        elif self.step == WAITING:
            self.shown(f"{WAITING}: {self.pdf_step}")
        else:
            self.shown(f"{self.step}; {self.pdf_step}")

    def start(self, pages: list[Page], render: RenderPages) -> None:
        """The plan exists: start printing (with one job, only remember what to print)."""
        def job(progress: Progress) -> Printed:
            return print_briefs(pages, render, self.briefing, self.briefing_dir, self.paper, self.template,
                                progress)

        if not self.beside:
            self.job = job
            return
        for stream in (sys.stdout, sys.stderr):  # a forked process must not write out a copy of their buffers
            stream.flush()
        reader, writer = Pipe(duplex=False)
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the PDF process: it never returns into the build
            code = 1
            try:
                reader.close()
                code = _run_child(writer, job, parent, self.template)
            finally:
                os._exit(code)
        writer.close()
        self.pid, self.pipe = pid, reader
        self.relay = threading.Thread(target=self._listen, name="factsheet-pdf-progress", daemon=True)
        self.relay.start()

    def _listen(self) -> None:
        """Relay the PDF process's steps to the status line until it sends the PDFs or ends."""
        assert self.pipe is not None
        try:
            while True:
                kind, value = self.pipe.recv()
                with _TERMINAL:
                    if kind == "done":
                        self.printed, self.pdf_step = value, ""
                        break
                    self.pdf_step = value
                    self._show()
        except (EOFError, OSError):  # it ended without sending the PDFs: wait() says so
            pass

    def wait(self) -> tuple[dict[str, bytes], list[Problem]]:
        """The PDFs, or the problems that stopped them; notes about the machine go to pdf.py's logger."""
        from .pdf import notes

        if self.job is not None:  # in this process, now
            self.progress(WAITING)
            printed = self.job(lambda step: self.progress(f"{WAITING}: {step}"))
        else:
            if self.relay is not None and self.relay.is_alive():
                self.progress(WAITING)
            self._reap()
            printed = self.printed or ({}, [Problem(where_of(self.template), "error", STOPPED)], [])
        out, problems, machine = printed
        for message in machine:
            notes.warning(message)
        return out, problems

    def stop(self) -> None:
        """End the PDF process if it still runs (the build stops without its PDFs)."""
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)  # it writes no file: nothing to leave half done
            self._reap()

    def _reap(self) -> None:
        if self.pid is not None:
            with contextlib.suppress(ChildProcessError):  # reaped already
                _, _, self.usage = os.wait4(self.pid, 0)
            self.pid = None
        if self.relay is not None:
            self.relay.join()  # the pipe is closed now: no step is shown after this
            self.relay = None
        if self.pipe is not None:
            self.pipe.close()
            self.pipe = None


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
