"""How long the printed brief takes: the sample briefing and a generated 1,000-event briefing.

    python benchmarks/bench_pdf.py [--events N] [--repeat R] [--keep DIR]
    python benchmarks/bench_pdf.py --briefing /tmp/bench-work/corpus-1000-split [--collector] [--no-leader]
    python benchmarks/bench_pdf.py --build /tmp/bench-work/corpus-1000-split --out /dev/shm/x [--rounds 2] [--jobs N]

--build times whole builds of a briefing (`--no-search`, `--clean`, one fresh process each), alternately
without and with `--pdf`, and prints for each: wall and CPU seconds (the build's processes together), the
build process's peak memory, the peak of each PDF process (its maxrss: it counts the build's pages it shares
since the fork; and its private memory at its end, its own), how long the build waited for the PDFs, and
the pages of each PDF (pdfinfo): what the PDFs add to a build.

Prints, for each briefing, the time to load and render the site (HTML) and to print
brief.pdf and brief-short.pdf with WeasyPrint, as wall-clock and CPU seconds, plus page
counts and sizes and the process's peak memory. --briefing measures that folder instead of
the sample and a generated one. What-ifs: --collector keeps the garbage collector running
while WeasyPrint works (pdf.py pauses it), --no-leader drops the dotted leaders of the contents.
Not a test: the figures depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.build import check_briefing, render_site  # noqa: E402

KINDS = ["strike", "diplomacy", "protest", "statement", "displacement"]
SCRIPTS = [("ru", "Пограничный пост"), ("ar", "الميناء القديم"), ("fa", "دشت نور"), ("zh", "新海港"),
           ("el", "Παλιό λιμάνι"), ("ur", "پرانا بندرگاہ")]


def write_large_briefing(folder: Path, events: int, seed: int = 1000) -> Path:
    """A fictional briefing of `events` events (and proportionate actors, statements, places, sources)."""
    rng = random.Random(seed)
    content = folder / "content"
    content.mkdir(parents=True, exist_ok=True)
    n_sources, n_actors, n_places = max(5, events // 20), max(6, events // 30), max(4, events // 50)
    sources = [{"id": f"src-{i}", "title": f"Report number {i} on the fictional crisis", "kind": "news",
                "publisher": f"Example Wire {i % 7}", "url": f"https://example.org/reports/{i}",
                "published": f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}"} for i in range(n_sources)]
    actors = [{"id": f"actor-{i}", "name": f"Actor {i}", "kind": ["state", "person", "armed-group",
                                                                   "organization"][i % 4],
               "names": [{"name": SCRIPTS[i % len(SCRIPTS)][1], "lang": SCRIPTS[i % len(SCRIPTS)][0],
                          "kind": "original"}],
               "summary": "An invented party to the invented crisis."} for i in range(n_actors)]
    places = [{"id": f"place-{i}", "name": f"Place {i}", "kind": "town",
               "names": [{"name": SCRIPTS[i % len(SCRIPTS)][1], "lang": SCRIPTS[i % len(SCRIPTS)][0],
                          "kind": "original"}]} for i in range(n_places)]

    def cite() -> list[dict[str, str]]:
        return [{"source": f"src-{rng.randrange(n_sources)}", "locator": f"para. {rng.randint(1, 30)}"}]

    evs = []
    for i in range(events):
        day = i * 365 // events
        month, dom = 1 + day // 31 % 12, 1 + day % 28
        ev = {"id": f"event-{i}", "date": f"2023-{month:02d}-{dom:02d}", "sequence": i,
              "title": f"Event {i}: an invented incident with a longer, realistic headline",
              "summary": " ".join(["Something happened at the place, according to the source."]
                                  * rng.randint(1, 4)),
              "kind": rng.choice(KINDS), "key": i % 50 == 0,
              "actors": [{"actor": f"actor-{rng.randrange(n_actors)}", "role": "party"} for _ in range(2)],
              "places": [f"place-{rng.randrange(n_places)}"], "sources": cite()}
        if i % 3 == 0:
            ev["figures"] = [{"measure": "killed", "min": rng.randint(1, 40),
                              "claimed_by": f"actor-{rng.randrange(n_actors)}", "sources": cite()}]
        evs.append(ev)
    statements = [{"id": f"st-{i}", "speaker": f"actor-{rng.randrange(n_actors)}",
                   "said_on": evs[i * 5]["date"], "mode": ["verbatim", "partial", "paraphrase"][i % 3],
                   "text": "We will not accept this, and we call on all sides to show restraint.",
                   "channel": "press statement", "event": evs[i * 5]["id"], "sources": cite()}
                  for i in range(events // 5)]
    briefing = {"title": f"A generated briefing of {events} events", "as_of": "2023-12-31", "lang": "en",
                "summary": "A fictional briefing generated for benchmarks.",
                "key_points": [{"text": "A key point.", "sources": cite()}],
                "changes": [{"date": "2023-12-31", "text": "Generated."}], "notes": "Fictional."}
    for name, data in (("briefing", briefing), ("sources", sources), ("actors", actors), ("places", places),
                       ("events", evs), ("statements", statements)):
        (content / f"{name}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                              encoding="utf-8")
    return folder


def measure(label: str, folder: Path, repeat: int, keep: Path | None, no_leader: bool = False) -> None:
    import pypdf

    from generator.pdf import render_pdfs

    t0, c0 = time.perf_counter(), time.process_time()
    briefing, problems = check_briefing(folder)
    if briefing is None:
        raise SystemExit(f"{label}: briefing has errors: {[p.format() for p in problems][:5]}")
    files, _ = render_site(briefing, folder)
    site_wall, site_cpu = time.perf_counter() - t0, time.process_time() - c0
    if no_leader:
        files["assets/brief.css"] = files["assets/brief.css"].replace(b"leader(dotted) ", b"")
    best_wall, best_cpu, pdfs = float("inf"), float("inf"), {}
    collections = [0]
    gc.callbacks.append(lambda phase, info: collections.__setitem__(0, collections[0] + (phase == "start")))
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        pdfs, pdf_problems = render_pdfs(files, briefing)
        best_wall = min(best_wall, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
        if not pdfs:
            raise SystemExit(f"{label}: {[p.format() for p in pdf_problems]}")
    print(f"{label}: {len(briefing.events)} events, {len(briefing.statements)} statements, "
          f"{len(briefing.actors)} actors")
    print(f"  site (load, validate, HTML): {site_wall:6.2f} s wall, {site_cpu:6.2f} s CPU")
    print(f"  brief.pdf + brief-short.pdf: {best_wall:6.2f} s wall, {best_cpu:6.2f} s CPU (best of {repeat}), "
          f"{collections[0]} garbage collections; peak memory so far "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    for name, data in pdfs.items():
        pages = len(pypdf.PdfReader(__import__("io").BytesIO(data)).pages)
        print(f"    {name:16} {pages:5d} pages {len(data) / 1024:8.0f} KiB")
        if keep:
            keep.mkdir(parents=True, exist_ok=True)
            (keep / f"{label}-{name}").write_bytes(data)


def build_once(briefing: Path, out: Path, pdf: bool, jobs: int | None) -> dict[str, Any]:
    """One build in this process (run by --build in a fresh one): its figures, as JSON."""
    from generator import printer
    from generator.build import build

    waited: list[float] = []
    peaks: list[float] = []
    pdf_cpu: list[float] = []
    wait = printer.Printer.wait

    def timed_wait(self: printer.Printer, *args: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return wait(self, *args)
        finally:
            waited.append(time.perf_counter() - t0)
            peaks.extend(usage.ru_maxrss / 1024 for usage in self.usage)
            pdf_cpu.extend(usage.ru_utime + usage.ru_stime for usage in self.usage)

    printer.Printer.wait = timed_wait  # type: ignore[method-assign]
    private = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    print_briefs = printer.print_briefs

    def measured(*args: Any, **kwargs: Any) -> Any:  # runs in a PDF process: its own memory, at its end
        try:
            return print_briefs(*args, **kwargs)
        finally:
            rollup = Path("/proc/self/smaps_rollup").read_text()
            kb = sum(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Private_"))
            (private / str(os.getpid())).write_text(str(kb))

    printer.print_briefs = measured
    t0 = time.perf_counter()
    result = build(briefing, out, pdf=pdf, jobs=jobs, clean=True, search=False)
    wall = time.perf_counter() - t0
    own_mb = [int(f.read_text()) / 1024 for f in sorted(private.iterdir(), key=lambda f: int(f.name))]
    shutil.rmtree(private)
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    pages = {name: _pdf_pages(out / name) for name in result.pdfs}
    return {"ok": result.ok, "wall": wall, "cpu": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
            "peak_mb": own.ru_maxrss / 1024, "pdf_peaks_mb": peaks, "pdf_cpu": pdf_cpu, "pdf_private_mb": own_mb,
            "waited": waited[0] if waited else None, "pages": pages}


def _pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]


def compare_builds(briefing: Path, out: Path, rounds: int, jobs: int | None) -> None:
    """--build: builds without and with --pdf, alternately, each in a fresh process."""
    print(f"{briefing}: builds without and with --pdf (--no-search --clean), {rounds} round(s)")
    for round_ in range(rounds):
        for pdf in (False, True):
            command = [sys.executable, __file__, "--one", str(briefing), "--out", str(out)]
            command += (["--pdf"] if pdf else []) + ([f"--jobs={jobs}"] if jobs else [])
            run = subprocess.run(command, capture_output=True, text=True, check=True)
            m = json.loads(run.stdout.splitlines()[-1])
            said = (f"  round {round_ + 1}, {'--pdf   ' if pdf else 'no PDFs '}: {m['wall']:6.2f} s wall, "
                    f"{m['cpu']:6.2f} s CPU, peak {m['peak_mb']:5.0f} MB")
            if pdf:
                peaks = " and ".join(f"{peak:.0f}" for peak in m["pdf_peaks_mb"]) or "-"
                cpu = " and ".join(f"{seconds:.1f}" for seconds in m["pdf_cpu"]) or "-"
                own = " and ".join(f"{mb:.0f}" for mb in m["pdf_private_mb"]) or "-"
                said += (f"; PDF processes {cpu} s CPU, peaks {peaks} MB (private at the end {own} MB); "
                         f"waited {m['waited']:5.2f} s for the PDFs; "
                         + ", ".join(f"{name} {n} pages" for name, n in m["pages"].items()))
            print(said + ("" if m["ok"] else " (FAILED)"), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="write the PDFs into this folder")
    parser.add_argument("--briefing", type=Path, help="measure this briefing folder only")
    parser.add_argument("--collector", action="store_true", help="keep the garbage collector on while printing")
    parser.add_argument("--no-leader", action="store_true", help="no dotted leaders in the contents")
    parser.add_argument("--build", type=Path, help="time whole builds of this briefing, without and with --pdf")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # one build, figures as JSON (for --build)
    parser.add_argument("--pdf", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=Path("/dev/shm/bench-pdf"), help="site folder for --build")
    parser.add_argument("--rounds", type=int, default=1, help="rounds of --build")
    parser.add_argument("--jobs", type=int, help="--jobs of the builds (default: one per core)")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(build_once(args.one, args.out, args.pdf, args.jobs)))
        return
    if args.build:
        compare_builds(args.build, args.out, args.rounds, args.jobs)
        return
    if args.collector:
        import generator.pdf

        generator.pdf._collector_off = contextlib.nullcontext  # type: ignore[assignment]
    t0 = time.perf_counter()
    import weasyprint  # noqa: F401  (import time reported separately)

    print(f"import weasyprint: {time.perf_counter() - t0:.2f} s")
    if args.briefing:
        measure(args.briefing.name, args.briefing, args.repeat, args.keep, args.no_leader)
        return
    measure("sample", REPO, args.repeat, args.keep, args.no_leader)
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_large_briefing(Path(tmp) / "large", args.events)
        measure(f"generated-{args.events}", folder, args.repeat, args.keep, args.no_leader)


if __name__ == "__main__":
    main()
