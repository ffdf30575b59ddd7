"""Times the phases of one real `factsheet build` from outside, without a timer in generator/.

    PYTHONPATH=. python benchmarks/phases.py BRIEFING OUT [--pdf] [--json FILE] [--profile FILE [--top N]]
    PYTHONPATH=. python benchmarks/phases.py BRIEFING --check [--profile FILE [--top N]]

Runs generator.build.build() exactly as `factsheet build` does, with each pipeline function that
build.py calls (check.py: load_content, validate, link; then plan_pages, render_pages, the page stream into the new
site, SiteWriter.finish, and
Printer.wait (the PDFs, printed in their own process beside the pages: the time the build waits for them,
and their process's CPU) and the Markdown filter) wrapped in a stopwatch. Markdown runs inside rendering, so
"render" is shown without it. A function the build no longer has, or no longer calls, stops the
run with a message naming it: update PHASES below when the pipeline is renamed.

--check times what `factsheet check` runs (check_briefing without a model, then the problems sorted) instead.
--no-gc is a what-if: the garbage collector off for the whole run (today it is off only while loading).
--profile FILE also writes a cProfile of the run (read it with `python -m pstats FILE`); --top N
prints its N largest costs by cumulative and by own time.
A report, not a test: figures vary with the machine and its load.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import importlib
import json
import os
import pstats
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# (phase, module, function): each function is replaced in its module while the build runs.
# Phases nested in another (Markdown inside render) name their parent, whose time excludes them.
PHASES: list[tuple[str, str, str]] = [
    ("load", "generator.check", "load_content"),
    ("validate", "generator.check", "validate"),
    ("link", "generator.check", "link"),
    ("plan", "generator.build", "plan_pages"),
    ("render", "generator.build", "render_pages"),
    ("md ahead", "generator.mdstore", "Ahead.finish"),  # the wait for the texts converted beside the plan
    ("Markdown", "generator.text", "MarkdownRenderer.block"),
    ("write", "generator.build", "_Stream.__call__"),  # each page into the new site as it is merged
    ("swap", "generator.write", "SiteWriter.finish"),
    ("PDF", "generator.printer", "Printer.wait"),  # what the PDFs add: the wait for their process
]
NESTED = {"Markdown": "render", "write": "render"}
# The same function is also held under another module's name; both names are replaced.
ALIASES: dict[tuple[str, str], list[str]] = {}


class PipelineChanged(SystemExit):
    """The build no longer has, or no longer calls, a function this driver times."""

    def __init__(self, what: str) -> None:
        super().__init__(f"benchmarks/phases.py: {what}; the pipeline was renamed or restructured: "
                         "update PHASES in benchmarks/phases.py")


@dataclass
class Stopwatch:
    """Wall and CPU seconds per phase; CPU time is the steadier figure on a shared machine."""

    seconds: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)
    texts: set[int] = field(default_factory=set)  # distinct Markdown sources, to compare with conversions
    ahead: dict[str, int] = field(default_factory=dict)  # mdstore.Ahead's counts: texts, from the store, converted
    gc_seconds: float = 0.0  # inside the phases above, not beside them: the collector runs while they allocate
    gc_collections: int = 0
    _gc_start: float = 0.0
    peaks: dict[str, tuple[float, float]] = field(default_factory=dict)  # MB: this process, largest worker

    def on_gc(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._gc_start = time.perf_counter()
        else:
            self.gc_seconds += time.perf_counter() - self._gc_start
            self.gc_collections += 1

    def wrap(self, phase: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        # A nested phase runs in this process while render workers finish beside it: their CPU is render's.
        def children() -> float:
            return 0.0 if phase in NESTED else _children_cpu()

        def timed(*args: Any, **kwargs: Any) -> Any:
            if phase == "Markdown" and len(args) > 1:
                self.texts.add(hash(args[1]))  # args[0] is the renderer
            start, cpu_start = time.perf_counter(), time.process_time() + children()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[phase] = self.seconds.get(phase, 0.0) + time.perf_counter() - start
                self.cpu[phase] = self.cpu.get(phase, 0.0) + time.process_time() + children() - cpu_start
                self.calls[phase] = self.calls.get(phase, 0) + 1
                if phase == "md ahead" and args:
                    self.ahead = {"texts": len(args[0].texts), "stored": args[0].reused,
                                  "converted": args[0].converted}
                if phase not in NESTED:  # the peak so far: which phase first reached the build's peak
                    self.peaks[phase] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                                         resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
        timed.__wrapped__ = fn  # type: ignore[attr-defined]
        return timed


def install_stopwatch(watch: Stopwatch, pdf: bool, only: str | None = None) -> list[tuple[Any, str, Any]]:
    """Replace every timed function (`only`: those of that module); returns what to put back."""
    undo: list[tuple[Any, str, Any]] = []
    for phase, module_name, name in PHASES:
        if phase == "PDF" and not pdf or only is not None and module_name != only:
            continue
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            raise PipelineChanged(f"cannot import {module_name} (phase '{phase}'): {exc}") from exc
        owner_name, _, attr = name.rpartition(".")  # "Class.method" wraps a method on its class
        owner = getattr(module, owner_name, None) if owner_name else module
        original = getattr(owner, attr, None)
        if not callable(original):
            raise PipelineChanged(f"{module_name} has no function {name} (phase '{phase}')")
        wrapped = watch.wrap(phase, original)
        if owner_name:
            undo.append((owner, attr, original))
            setattr(owner, attr, wrapped)
            continue
        for holder_name in [module_name, *ALIASES.get((module_name, name), [])]:
            holder = importlib.import_module(holder_name)
            if getattr(holder, name, None) is original:
                undo.append((holder, name, original))
                setattr(holder, name, wrapped)
    return undo


def _function_of(module_name: str, name: str) -> Callable[..., Any]:
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise PipelineChanged(f"cannot import {module_name}: {exc}") from exc
    fn = getattr(module, name, None)
    if not callable(fn):
        raise PipelineChanged(f"{module_name} has no function {name}")
    return fn  # type: ignore[no-any-return]


def _children_cpu() -> float:
    """CPU seconds of finished child processes (the render workers of --jobs)."""
    times = os.times()
    return times.children_user + times.children_system


def measure_build(briefing: Path, out: Path | None, pdf: bool = False, profile: Path | None = None,
                  check_only: bool = False, no_gc: bool = False, jobs: int | None = None,
                  search: bool = False) -> dict[str, Any]:
    """One build (or, with check_only, what `factsheet check` runs) with every phase timed.

    Returns {"ok", "import", "total", "phases": {phase: s}, "calls", "markdown_cache", "problems"}."""
    start = time.perf_counter()
    if check_only:  # `factsheet check`: load and validate (no model: nothing linked), then the problems sorted
        check = _function_of("generator.check", "check_briefing")  # not generator.build: a check imports less

        def run() -> tuple[bool, list[Any]]:
            _model, problems = check(briefing, model=False)
            ordered = problems.sorted() if hasattr(problems, "sorted") else list(problems)
            return not any(p.severity == "error" for p in ordered), ordered
    else:
        build_fn = _function_of("generator.build", "build")

        def run() -> tuple[bool, list[Any]]:
            options = {} if jobs is None else {"jobs": jobs}  # None: the build's own default (one per core)
            result = build_fn(briefing, out, pdf=pdf, search=search, **options)
            written = getattr(result, "written", None) is not None
            return bool(getattr(result, "ok", False)) and written, list(getattr(result, "problems", []))
    imported = time.perf_counter() - start
    watch = Stopwatch()
    undo = install_stopwatch(watch, pdf and not check_only, only="generator.check" if check_only else None)
    profiler = cProfile.Profile() if profile else None
    gc.callbacks.append(watch.on_gc)
    gc_was_enabled = gc.isenabled()
    if no_gc:  # what-if: check_briefing turns the collector back on only if it was on
        gc.disable()
    try:
        start, cpu_start = time.perf_counter(), time.process_time() + _children_cpu()
        if profiler:
            profiler.enable()
        ok, problems = run()
        if profiler:
            profiler.disable()
        total, cpu = time.perf_counter() - start, time.process_time() + _children_cpu() - cpu_start
    finally:
        gc.callbacks.remove(watch.on_gc)
        if gc_was_enabled:
            gc.enable()
        for holder, name, original in undo:
            setattr(holder, name, original)
    if profiler and profile:
        profiler.dump_stats(str(profile))
    expected = [p for p, _, _ in PHASES if p != "PDF" or pdf]
    if check_only:  # `factsheet check` makes no model: nothing is linked
        expected = ["load", "validate"]
    missing = [p for p in expected if p not in watch.calls]
    if ok and missing:  # a wrapped function the build never called: its time would silently read 0
        names = ", ".join(f"{m}.{n}" for p, m, n in PHASES if p in missing)
        raise PipelineChanged(f"the build never called {names}")
    phases, phases_cpu = _exclusive(watch.seconds, total), _exclusive(watch.cpu, cpu)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"ok": ok, "import": imported, "total": total, "cpu": cpu, "peak_mb": peak_mb, "no_gc": no_gc,
            "phases": phases, "phases_cpu": phases_cpu, "calls": watch.calls, "peaks": watch.peaks,
            "gc": {"seconds": watch.gc_seconds, "collections": watch.gc_collections},
            "markdown_cache": {**watch.ahead, "distinct": len(watch.texts)},
            "problems": [p.format() for p in problems]}


def _exclusive(seconds: dict[str, float], total: float) -> dict[str, float]:
    """Seconds per phase in pipeline order, a nested phase taken out of its parent, the rest as "other"."""
    phases = {p: seconds[p] for p, _, _ in PHASES if p in seconds}
    for child, parent in NESTED.items():
        if child in phases and parent in phases:
            phases[parent] -= phases[child]
    phases["other"] = total - sum(phases.values())  # briefing JSON, assets, output checks, sorting problems
    return phases


def format_phases(m: dict[str, Any]) -> str:
    order = [p for p, _, _ in PHASES] + ["other"]
    lines = [f"  {'import':<10}{m['import']:8.2f} s"]
    for phase in order:
        if phase in m["phases"]:
            calls = m["calls"].get(phase)
            note = f"  ({calls} calls)" if calls and calls > 1 else ""
            if phase in NESTED:
                note += f"  (inside {NESTED[phase]}, shown apart)"
            lines.append(f"  {phase:<10}{m['phases'][phase]:8.2f} s {m['phases_cpu'][phase]:8.2f} s CPU{note}")
    lines.append(f"  {'total':<10}{m['total']:8.2f} s {m['cpu']:8.2f} s CPU  (peak {m['peak_mb']:.0f} MB)")
    peaks = m.get("peaks")
    if peaks:
        lines.append("  peak memory by the end of each phase, this process / largest worker: " + ", ".join(
            f"{phase} {own:.0f}/{worker:.0f} MB" for phase, (own, worker) in peaks.items()))
    collected = m.get("gc")
    if collected:
        lines.append(f"  garbage collector: {collected['seconds']:.2f} s in {collected['collections']} collections, "
                     "inside the phases above")
    cache = m.get("markdown_cache")
    if cache and m["calls"].get("Markdown"):
        lines.append(f"  Markdown: {cache.get('distinct', 0)} distinct texts asked for by this process; ahead of "
                     f"the plan (mdstore): {cache.get('texts', 0)} texts, {cache.get('stored', 0)} from the store, "
                     f"{cache.get('converted', 0)} converted")
    return "\n".join(lines)


def print_profile(profile: Path, top: int) -> None:
    for order, label in (("cumulative", "cumulative time"), ("tottime", "own time (tottime)")):
        print(f"\n--- cProfile, the {top} largest by {label} ---")
        pstats.Stats(str(profile)).strip_dirs().sort_stats(order).print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("briefing", type=Path, help="briefing folder (holds content/)")
    parser.add_argument("out", type=Path, nargs="?", help="output folder (replaced); not with --check")
    parser.add_argument("--jobs", type=int, help="render processes (default: the build's, one per core); "
                        "phase CPU seconds are the main process's, the total includes the workers")
    parser.add_argument("--check", action="store_true", help="time what `factsheet check` runs instead")
    parser.add_argument("--pdf", action="store_true", help="also print the PDFs and time them")
    parser.add_argument("--search", action=argparse.BooleanOptionalAction, default=True,
                        help="index for search, as `factsheet build` does by default (--no-search: not)")
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the build here")
    parser.add_argument("--no-gc", action="store_true",
                        help="what-if: the garbage collector off for the whole run, not only while loading")
    parser.add_argument("--top", type=int, default=0, metavar="N",
                        help="with --profile, print the N largest costs by cumulative and by own time")
    args = parser.parse_args()
    if (args.out is None) != args.check:
        parser.error("give OUT for a build, or --check without OUT")
    m = measure_build(args.briefing, args.out, args.pdf, args.profile, check_only=args.check, no_gc=args.no_gc,
                      jobs=args.jobs, search=args.search)
    if args.json:
        args.json.write_text(json.dumps(m, indent=1), encoding="utf-8")
    errors = [line for line in m["problems"] if ": error: " in line]
    for line in errors[:10]:
        print(line, file=sys.stderr)
    print(f"{len(errors)} errors, {len(m['problems']) - len(errors)} warnings", file=sys.stderr)
    print(format_phases(m))
    if args.profile and args.top:
        print_profile(args.profile, args.top)
    if not m["ok"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
