"""The command line: the only place that prints diagnostics and chooses exit statuses."""

from __future__ import annotations

import argparse
import errno
import ipaddress
import json
import logging
import os
import socket
import sys
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .check import check_briefing
from .editorschema import schemas_of
from .paths import show_path
from .problems import Problem, summarize
from .serve import DEFAULT_PORT, HOST, BuildOutcome, serve
from .starter import write_starter

if TYPE_CHECKING:
    from .build import Result
# The site generator (build.py: Jinja, Markdown, the page plan) and editions are imported by the commands
# that use them: `factsheet check` needs none of it, and importing it was a third of a warm check.

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2

DESCRIPTION = """\
factsheet turns a folder of YAML fact records (events, actors, statements,
sources, places) into a static briefing website and, with --pdf, a printed brief.

A briefing folder holds content/briefing.yaml plus events, actors, statements,
sources and places as .yaml files or folders of them. Start one with
'factsheet new my-briefing', edit it, then run 'factsheet build my-briefing'.
"""

EPILOG = """\
exit status: 0 success, 1 the briefing or a template has errors, 2 wrong usage.
Problems are printed to stderr as PATH:LINE:COL: error|warning: MESSAGE.
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="factsheet", description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"factsheet {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p_build = sub.add_parser("build", help="check the briefing and write the site", description=(
        "Validate DIR/content and render the site into OUT (default DIR/site). The site is written to a "
        "temporary folder and swapped in only when the whole build succeeded, so a failed build never "
        "touches the previous site."))
    p_build.add_argument("dir", nargs="?", default=".", metavar="DIR", help="briefing folder (default: .)")
    p_build.add_argument("-o", "--output", metavar="OUT", help="output folder (default: DIR/site)")
    p_build.add_argument("--pdf", action="store_true", help="also write OUT/brief.pdf and OUT/brief-short.pdf")
    p_build.add_argument(
        "--paper", type=str.lower, choices=("a4", "letter"),
        help="paper size of the PDF, a4 or letter in any case (default: briefing.yaml's paper, else a4)",
    )
    p_build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p_build.add_argument("--jobs", type=_positive, metavar="N",
                         help="processes that render pages (default: one per core)")
    p_build.add_argument("--clean", action="store_true",
                         help="render every page again, ignoring what the last build into OUT left to reuse")
    p_build.add_argument("--search", action=argparse.BooleanOptionalAction, default=True, help=(
        "write the Pagefind search index into OUT/pagefind and a search box on every page (the default); "
        "--no-search leaves both out"))
    p_build.add_argument("-q", "--quiet", action="store_true",
                         help="print only problems: no notes, no progress, no closing summary")

    p_check = sub.add_parser("check", help="validate only; write nothing", description=(
        "Validate DIR/content and print every problem. Writes nothing."))
    p_check.add_argument("dir", nargs="?", default=".", metavar="DIR", help="briefing folder (default: .)")
    p_check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p_check.add_argument("--jobs", type=_positive, metavar="N",
                         help="processes that read the files of a large briefing (default: one per core)")

    p_new = sub.add_parser("new", help="write a small starter briefing to edit", description=(
        "Write a small, valid starter briefing into DIR (which must not exist or be empty)."))
    p_new.add_argument("dir", metavar="DIR", help="folder to create")

    p_edition = sub.add_parser("edition", help="record the current content as the next numbered edition",
                               description=_EDITION_HELP)
    p_edition.add_argument("dir", nargs="?", default=".", metavar="DIR", help="briefing folder (default: .)")
    p_edition.add_argument("--note", metavar="TEXT", help="what this edition is, shown with it (e.g. 'Evening update')")

    p_schema = sub.add_parser("schema", help="write JSON Schemas of the content files for editors", description=(
        "Write one JSON Schema (2020-12) per content file (briefing.schema.json, events.schema.json, ...) "
        "into DIR, for YAML language servers (see docs/content-format.md). factsheet check stays the judge."))
    p_schema.add_argument("-o", "--output", default="schemas", metavar="DIR",
                          help="folder to write them into (default: schemas)")

    p_serve = sub.add_parser("serve", help="build, serve on 127.0.0.1 and rebuild on every change", description=(
        "Build DIR into OUT (default DIR/site) and serve it on http://127.0.0.1:PORT/ only. Every change under "
        "DIR rebuilds the site and reloads open pages; a build with errors prints them, shows them in the "
        "browser and keeps serving the last good site. Ctrl-C stops (status 0). A port already in use is "
        "wrong usage (status 2)."))
    p_serve.add_argument("dir", nargs="?", default=".", metavar="DIR", help="briefing folder (default: .)")
    p_serve.add_argument("-o", "--output", metavar="OUT", help="output folder (default: DIR/site)")
    p_serve.add_argument("--port", type=int, default=DEFAULT_PORT, metavar="N",
                         help=f"port to listen on (default: {DEFAULT_PORT}; 0 picks a free one)")
    p_serve.add_argument("--host", default=HOST, metavar="ADDR", help=(
        f"address to listen on (default: {HOST}, this machine only); e.g. 0.0.0.0 to let a colleague on a "
        "trusted network look: anyone who can reach this machine can then read the site"))
    p_serve.add_argument("--pdf", action="store_true", help="also write the PDFs on every rebuild")
    return parser


_EDITION_HELP = (
    "Record DIR/content as the next numbered edition, DIR/editions/NNNN.json: a snapshot of every record "
    "that builds compare with, to show what changed. Refuses (status 1) while the content or DIR/editions "
    "has errors; warnings are printed and do not stop it. When nothing changed since the last edition it "
    "says so, writes nothing and exits 0.")


def _report(problems: list[Problem], strict: bool) -> int:
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    errors = any(p.severity == "error" for p in problems)
    failed = errors or (strict and bool(problems))
    if problems:
        note = " (--strict: warnings are errors)" if strict and not errors and problems else ""
        print(f"factsheet: {summarize(problems)}{note}", file=sys.stderr)
    return EXIT_ERRORS if failed else EXIT_OK


def _briefing_dir(parser: argparse.ArgumentParser, raw: str) -> Path:
    path = Path(raw)
    if not path.is_dir():
        parser.error(f"{raw}: no such folder")
    return path


class _PrintNote(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        print(f"factsheet: note: {record.getMessage()}", file=sys.stderr)


@contextmanager
def _machine_notes() -> Iterator[None]:
    """Print notes about this machine (a missing library), which are not problems of the briefing."""
    logger = logging.getLogger("factsheet.machine")
    handler, old_propagate = _PrintNote(logging.INFO), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, found '{text}'")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    if not (sys.argv[1:] if argv is None else argv):  # `factsheet` alone: show what it can do
        parser.print_help(sys.stderr)
        parser.exit(EXIT_USAGE)
    args = parser.parse_args(argv)
    with _machine_notes():
        return _run(parser, args)


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    try:
        if args.command == "new":
            return _new(parser, Path(args.dir))
        if args.command == "schema":
            return _schema(parser, Path(args.output))
        directory = _briefing_dir(parser, args.dir)
        if args.command == "check":
            _briefing, problems = check_briefing(directory, jobs=args.jobs, model=False)
            status = _report(problems.sorted(), args.strict)
            if status == EXIT_OK:
                print("factsheet: briefing is valid", file=sys.stderr)
            return status
        if args.command == "edition":
            return _edition(parser, directory, args.note)
        out = Path(args.output) if args.output else directory / "site"
        if args.command == "serve":
            return _serve(parser, directory, out, args.port, args.host, args.pdf)
        status, _result = _build_and_report(
            directory, out, "the previous site was left as it was", quiet=args.quiet,
            strict=args.strict, pdf=args.pdf, paper=args.paper, jobs=args.jobs, clean=args.clean, search=args.search,
        )
        return status
    except KeyboardInterrupt:
        print("factsheet: interrupted; the previous site was left as it was", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in factsheet itself: say so plainly, keep the traceback for debugging
        _internal_error(exc)
        print("factsheet: this is a bug in factsheet, not in your briefing; set FACTSHEET_DEBUG=1 for details",
              file=sys.stderr)
        return EXIT_ERRORS


def _build_and_report(directory: Path, out: Path, on_failure: str, quiet: bool = False,
                      **options: Any) -> tuple[int, Result]:
    """Build, print the problems, the notes and one closing line; the exit status and the result."""
    from .build import build

    started = time.monotonic()
    with _progress(enabled=not quiet and sys.stderr.isatty()) as progress:
        result = build(directory, out, progress=progress, **options)
    strict = bool(options.get("strict"))
    status = _report(result.problems, strict)
    if result.written is not None and status == EXIT_OK:
        if not quiet:
            for note in result.notes:
                print(f"factsheet: note: {note}", file=sys.stderr)
            print(summary_of(result, time.monotonic() - started), file=sys.stderr)
    else:
        print(f"factsheet: build failed; {on_failure}", file=sys.stderr)
    return status, result


def summary_of(result: Result, seconds: float) -> str:
    """The closing line of a good build: what was built, how long it took, and where to look."""
    assert result.written is not None
    site = result.written
    if result.briefing is None:  # nothing it reads changed since the last build: nothing was done
        return f"factsheet: {site} is up to date (nothing changed since the last build); open {site / 'index.html'}"
    b = result.briefing
    records = len(b.events) + len(b.actors) + len(b.statements) + len(b.sources) + len(b.places)
    warnings = sum(p.severity == "warning" for p in result.problems)
    line = (f"factsheet: wrote {site} ({records} record{'s' * (records != 1)}, {result.pages} pages, "
            f"{warnings} warning{'s' * (warnings != 1)}, {seconds:.1f} s); open {site / 'index.html'}")
    pdfs = [site / name for name in result.pdfs]
    if pdfs:
        line += "; PDFs: " + ", ".join(map(str, pdfs))
    return line


@contextmanager
def _progress(enabled: bool) -> Iterator[Any]:
    """A one-line, overwritten status for a terminal; a no-op elsewhere (logs and pipes stay clean)."""
    shown = False

    def show(step: str) -> None:
        nonlocal shown
        if enabled:
            sys.stderr.write(f"\r\x1b[Kfactsheet: {step}…")
            sys.stderr.flush()
            shown = True

    try:
        yield show
    finally:
        if shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def _internal_error(exc: Exception) -> str:
    """Report a bug in factsheet itself in one line (re-raised with FACTSHEET_DEBUG set)."""
    if os.environ.get("FACTSHEET_DEBUG"):
        raise exc
    line = f"factsheet: internal error: {type(exc).__name__}: {exc}"
    print(line, file=sys.stderr)
    return line


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: it may resolve anywhere
        return False


def _new(parser: argparse.ArgumentParser, target: Path) -> int:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        parser.error(f"{target}: already exists and is not empty; choose a new folder")
    write_starter(target)
    print(f"factsheet: wrote a starter briefing in {target}; build it with 'factsheet build {target}'", file=sys.stderr)
    return EXIT_OK


def _edition(parser: argparse.ArgumentParser, directory: Path, note: str | None) -> int:
    """`factsheet edition`: check, read the editions so far, record the next one or say why not."""
    from .editionread import editions_of
    from .editions import EDITIONS_DIR, record_edition, recorded_lines

    note = (note or "").strip() or None
    if note is not None and any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in note):
        parser.error("--note: write plain text on one line, without control or invisible characters")
    briefing, problems = check_briefing(directory)
    editions = editions_of(directory, problems) if briefing is not None else []
    status = _report(problems.sorted(), strict=False)
    if briefing is None or status != EXIT_OK:
        print("factsheet: no edition recorded; fix the errors first", file=sys.stderr)
        return EXIT_ERRORS
    try:
        recorded = record_edition(directory, briefing, editions, note)
    except FileExistsError:
        print("factsheet: another 'factsheet edition' wrote the same number meanwhile; "
              "nothing recorded, run it again", file=sys.stderr)
        return EXIT_ERRORS
    except OSError as exc:
        print(f"factsheet: {show_path(directory / EDITIONS_DIR)}: could not write the edition: "
              f"{exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERRORS
    last = recorded.previous
    if recorded.number is None and last is not None:
        print(f"factsheet: nothing changed since edition {last.number} ({last.path}); no edition written",
              file=sys.stderr)
        return EXIT_OK
    assert recorded.path is not None
    print(f"factsheet: recorded edition {recorded.number} in {show_path(recorded.path)}", file=sys.stderr)
    for line in recorded_lines(recorded, briefing):
        print(f"  {line}", file=sys.stderr)
    return EXIT_OK


def _schema(parser: argparse.ArgumentParser, target: Path) -> int:
    if target.exists() and not target.is_dir():
        parser.error(f"{target}: exists and is not a folder")
    schemas = schemas_of()
    try:
        target.mkdir(parents=True, exist_ok=True)
        for name, schema in schemas.items():
            text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
            (target / f"{name}.schema.json").write_text(text, encoding="utf-8")
    except OSError as exc:
        parser.error(f"{target}: cannot write there: {exc.strerror or exc}")
    print(f"factsheet: wrote {len(schemas)} JSON Schemas in {target}", file=sys.stderr)
    return EXIT_OK


def _serve(parser: argparse.ArgumentParser, directory: Path, out: Path, port: int, host: str, pdf: bool) -> int:
    if not 0 <= port <= 65535:
        parser.error(f"--port {port}: must be between 0 and 65535")
    if not _is_loopback(host):
        print(f"factsheet: warning: --host {host}: anyone who can reach this machine on that address can read "
              "the site while it is served; use it only on a network you trust", file=sys.stderr)

    def rebuild() -> BuildOutcome:
        try:
            # One process: forking beside the server's threads is unsafe; the cache keeps a rebuild small anyway.
            status, result = _build_and_report(directory, out, "still serving the last good site", jobs=1, pdf=pdf)
        except Exception as exc:  # a bug in factsheet: keep serving the last good site, say so
            return BuildOutcome(ok=False, problems=[_internal_error(exc)])
        if status == EXIT_OK:
            return BuildOutcome(ok=True)
        return BuildOutcome(ok=False, problems=[p.format() for p in result.problems])

    def ready(url: str) -> None:
        print(f"factsheet: serving {url} (Ctrl-C stops)", file=sys.stderr)

    try:
        serve(rebuild, out, [directory], port=port, ignore=[out], on_ready=ready, host=host)
    except KeyboardInterrupt:
        print("factsheet: stopped", file=sys.stderr)
        return EXIT_OK
    except OSError as exc:
        if exc.errno not in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL) and not isinstance(
                exc, socket.gaierror):  # gaierror: a --host name that does not resolve
            raise
        parser.error(f"cannot listen on {host}:{port}: {exc.strerror or exc}; choose another --port")
    return EXIT_OK
