"""The command line: exit statuses, help, what goes to stderr, and that `check` and `new` do what they say."""

# ruff: noqa: E501  (exact messages read best unbroken)

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import build as build_module
from generator import cli

WriteBriefing = Callable[..., Path]  # the briefing_dir fixture (conftest.py)

REPO = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path | None = None, exe: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("FACTSHEET_DEBUG", None)
    command = (exe or [sys.executable, "-m", "generator"]) + list(args)
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


NO_BASE_URL = ("factsheet: note: feed.xml, sitemap.xml and canonical links were left out: they need absolute "
               "addresses; set base_url in content/briefing.yaml to the address the site will be published at\n")
TINY_RECORDS, TINY_PAGES = 6, 14  # the conftest briefing: records, and HTML pages with the 404 page
STARTER_RECORDS, STARTER_PAGES = 6, 14  # what 'factsheet new' writes


def timeless(err: str) -> str:
    """stderr with the build's seconds replaced by 'S', the only part that changes between runs."""
    return re.sub(r", \d+\.\d s\); open ", ", S s); open ", err)


def closing(site: str, records: int = TINY_RECORDS, pages: int = TINY_PAGES, warnings: int = 0) -> str:
    return (f"factsheet: wrote {site} ({records} record{'s' * (records != 1)}, {pages} pages, {warnings} "
            f"warning{'s' * (warnings != 1)}, S s); open {site}/index.html\n")


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# --- usage errors: status 2 ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["build", "--frobnicate", "."], "factsheet: error: unrecognized arguments: --frobnicate"),
        (["build", "no-such-folder"], "factsheet: error: no-such-folder: no such folder"),
        (["check", "no-such-folder"], "factsheet: error: no-such-folder: no such folder"),
        (["bild"], "factsheet: error: argument COMMAND: invalid choice: 'bild' (choose from build, check, new, serve)"),
        (["build", "--paper", "a3", "."], "factsheet build: error: argument --paper: invalid choice: 'a3' "
         "(choose from a4, letter)"),
    ],
    ids=["unknown-option", "missing-folder-build", "missing-folder-check", "unknown-command", "bad-choice"],
)
def test_wrong_usage_exits_2(argv: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_:
        cli.main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    # argparse quotes choices differently across Python versions; compare without quotes inside "(choose ...)".
    # Commands other than the four named here (edition, ...) may be listed too: each has its own tests.
    named = {"build", "check", "new", "serve", "a4", "letter"}
    last = re.sub(r"\(choose from ([^)]*)\)", lambda m: "(choose from " + ", ".join(
        c for c in m[1].replace("'", "").split(", ") if c in named) + ")", err.splitlines()[-1])
    assert last == message
    assert err.startswith("usage: factsheet")


def test_no_command_prints_the_commands_and_exits_2(capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    with pytest.raises(SystemExit) as exit_:
        cli.main([])
    assert exit_.value.code == 2  # wrong usage, as for any other missing argument
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("usage: factsheet [-h] [--version] COMMAND ...\n")
    for line in ("    build     check the briefing and write the site", "    check     validate only; write nothing",
                 "    new       write a small starter briefing to edit"):
        assert line in err.splitlines()


def test_no_command_from_the_shell(tmp_path: Path) -> None:
    done = run(cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == "" and "    build     check the briefing and write the site" in done.stderr


def test_paper_is_case_insensitive(briefing_dir: WriteBriefing, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[object] = []
    # cli imports the build when a command needs it (a check does not): the build is replaced where it lives
    monkeypatch.setattr(build_module, "build",
                        lambda *args, **options: seen.append(options["paper"]) or build_module.Result())
    for written in ("A4", "a4", "Letter", "LETTER"):
        assert cli.main(["build", str(briefing_dir()), "--paper", written]) == 0
    assert seen == ["a4", "a4", "letter", "letter"]


def test_build_on_the_content_folder_says_to_use_the_folder_above(
        briefing_dir: WriteBriefing, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    briefing_dir()
    assert cli.main(["build", "b/content/"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "b/content:1:1: error: this is the content/ folder itself; run factsheet on the folder above it ('b')"
    )
    monkeypatch.chdir("b/content")
    assert cli.main(["check"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        ".:1:1: error: this is the content/ folder itself; run factsheet on the folder above it ('..')"
    )
    assert not Path("site").exists() and not Path("../site").exists()
    Path("briefing.yaml").unlink()  # events.yaml and the others still say what this folder is
    assert cli.main(["check", "."]) == 1
    assert capsys.readouterr().err.splitlines()[0].startswith(".:1:1: error: this is the content/ folder itself")


def test_new_into_a_non_empty_folder_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    Path("taken").mkdir()
    Path("taken/file.txt").write_text("mine")
    with pytest.raises(SystemExit) as exit_:
        cli.main(["new", "taken"])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "factsheet: error: taken: already exists and is not empty; choose a new folder"
    )
    assert tree(Path("taken")) == {"file.txt": b"mine"}


# --- help ---------------------------------------------------------------------------------------


def test_help(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: factsheet [-h] [--version] COMMAND ...\n")
    for expected in (
        "factsheet turns a folder of YAML fact records",
        "    build     check the briefing and write the site",
        "    check     validate only; write nothing",
        "    new       write a small starter briefing to edit",
        "exit status: 0 success, 1 the briefing or a template has errors, 2 wrong usage.",
        "Problems are printed to stderr as PATH:LINE:COL: error|warning: MESSAGE.",
    ):
        assert expected in out


def test_build_help(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    with pytest.raises(SystemExit):
        cli.main(["build", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("usage: factsheet build [-h] [-o OUT] [--pdf] [--paper {a4,letter}] [--strict]")
    assert "--strict" in out and "treat warnings as errors" in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == "factsheet 0.1.0\n"


# --- statuses 0 and 1, stderr -------------------------------------------------------------------


def test_good_build_exits_0(briefing_dir: WriteBriefing, capsys: pytest.CaptureFixture[str]) -> None:
    briefing_dir()
    assert cli.main(["build", "b"]) == 0
    assert timeless(capsys.readouterr().err) == NO_BASE_URL + closing("b/site")
    assert Path("b/site/index.html").is_file()


def test_good_check_exits_0(briefing_dir: WriteBriefing, capsys: pytest.CaptureFixture[str]) -> None:
    briefing_dir()
    assert cli.main(["check", "--strict", "b"]) == 0
    assert capsys.readouterr().err == "factsheet: briefing is valid\n"


def test_dir_defaults_to_the_current_folder(briefing_dir: WriteBriefing, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(briefing_dir())
    assert cli.main(["build"]) == 0
    assert timeless(capsys.readouterr().err) == NO_BASE_URL + closing("site")


def test_output_option(briefing_dir: WriteBriefing, capsys: pytest.CaptureFixture[str]) -> None:
    briefing_dir()
    assert cli.main(["build", "b", "-o", "public/site"]) == 0
    assert timeless(capsys.readouterr().err) == NO_BASE_URL + closing("public/site")
    assert Path("public/site/index.html").is_file()
    assert not Path("b/site").exists()


def test_bad_briefing_exits_1_with_lines_and_summary(briefing_dir: WriteBriefing,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    briefing_dir({
        "places.yaml": "- id: tehran\n  name: Tehran\n- id: quetta\n  name: Quetta\n",
        "sources.yaml": "- id: report\n  title: A\n  url: ftp://x/\n",
    })
    assert cli.main(["build", "b"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "b/content/places.yaml:3:7: warning: place 'quetta' is unused: nothing references it",
        "b/content/sources.yaml:3:8: error: 'ftp://x/' is not an absolute http:// or https:// URL; "
        "write the full address",
        "factsheet: 1 error, 1 warning",
        "factsheet: build failed; the previous site was left as it was",
    ]
    assert not Path("b/site").exists()


def test_warnings_alone_exit_0_and_build(briefing_dir: WriteBriefing, capsys: pytest.CaptureFixture[str]) -> None:
    briefing_dir({"sources.yaml": "- {id: report, title: A}\n- {id: a, title: A}\n- {id: b, title: B}\n"})
    assert cli.main(["build", "b"]) == 0
    assert timeless(capsys.readouterr().err).splitlines() == [
        "b/content/sources.yaml:2:8: warning: source 'a' is unused: nothing cites it",
        "b/content/sources.yaml:3:8: warning: source 'b' is unused: nothing cites it",
        "factsheet: 0 errors, 2 warnings",
        NO_BASE_URL.strip(),
        closing("b/site", records=8, warnings=2).strip(),
    ]


def test_strict_build_with_warnings_exits_1_and_writes_nothing(briefing_dir: WriteBriefing,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    briefing_dir({"sources.yaml": "- {id: report, title: A}\n- {id: a, title: A}\n"})
    assert cli.main(["build", "--strict", "b"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "b/content/sources.yaml:2:8: warning: source 'a' is unused: nothing cites it",
        "factsheet: 0 errors, 1 warning (--strict: warnings are errors)",
        "factsheet: build failed; the previous site was left as it was",
    ]
    assert not Path("b/site").exists()


def test_paths_are_relative_to_the_current_folder(briefing_dir: WriteBriefing, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    briefing_dir({"sources.yaml": "- id: report\n  title: A\n  zzz: 1\n"})
    Path("elsewhere").mkdir()
    monkeypatch.chdir("elsewhere")
    assert cli.main(["check", "../b"]) == 1
    assert capsys.readouterr().err.splitlines()[0].startswith(
        "../b/content/sources.yaml:3:3: error: unknown key 'zzz' in a source;")


def test_check_writes_nothing(briefing_dir: WriteBriefing, tmp_path: Path) -> None:
    briefing_dir()
    before = tree(tmp_path)
    assert cli.main(["check", "b"]) == 0
    assert cli.main(["check", "--strict", "b"]) == 0
    assert tree(tmp_path) == before


def test_check_with_errors_writes_nothing(briefing_dir: WriteBriefing, tmp_path: Path) -> None:
    briefing_dir({"events.yaml": "- id: x\n"})
    before = tree(tmp_path)
    assert cli.main(["check", "b"]) == 1
    assert tree(tmp_path) == before


# --- new ----------------------------------------------------------------------------------------


def test_new_makes_a_briefing_that_builds_strictly_without_warnings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["new", "fresh"]) == 0
    assert capsys.readouterr().err == (
        "factsheet: wrote a starter briefing in fresh; build it with 'factsheet build fresh'\n"
    )
    assert sorted(tree(Path("fresh"))) == [
        ".gitignore", "content/actors.yaml", "content/briefing.yaml", "content/events.yaml",
        "content/places.yaml", "content/sources.yaml", "content/statements.yaml",
    ]
    assert cli.main(["build", "--strict", "fresh"]) == 0
    assert timeless(capsys.readouterr().err) == NO_BASE_URL + closing("fresh/site", records=STARTER_RECORDS,
                                                                      pages=STARTER_PAGES)


def test_new_into_an_empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("empty").mkdir()
    assert cli.main(["new", "empty"]) == 0
    assert Path("empty/content/briefing.yaml").is_file()


# --- both entry points, no tracebacks -----------------------------------------------------------


def test_python_dash_m_generator(briefing_dir: WriteBriefing, tmp_path: Path) -> None:
    briefing_dir()
    done = run("build", "b", cwd=tmp_path)
    assert (done.returncode, done.stdout, timeless(done.stderr)) == (0, "", NO_BASE_URL + closing("b/site"))
    done = run("build", "nowhere", cwd=tmp_path)
    assert done.returncode == 2


def test_factsheet_console_script(briefing_dir: WriteBriefing, tmp_path: Path) -> None:
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"factsheet": "generator.cli:main"}
    briefing_dir()
    installed = shutil.which("factsheet")
    # Where the package is not installed, run exactly what the console script would run.
    exe = [installed] if installed else [sys.executable, "-c", "import sys; from generator.cli import main; "
                                                              "sys.argv[0] = 'factsheet'; sys.exit(main())"]
    done = run("check", "--strict", "b", cwd=tmp_path, exe=exe)
    assert (done.returncode, done.stderr) == (0, "factsheet: briefing is valid\n")
    done = run("--version", cwd=tmp_path, exe=exe)
    assert (done.returncode, done.stdout) == (0, "factsheet 0.1.0\n")


BAD_CONTENT: dict[str, dict[str, str | bytes | None]] = {
    "syntax": {"events.yaml": "- id: [\n"},
    "bytes": {"events.yaml": b"\xff\xfe\x00garbage"},
    "tag": {"events.yaml": "!!python/object/apply:os.system ['true']\n"},
    "not-records": {"events.yaml": "[[1, 2], 3]\n", "actors.yaml": "42\n"},
    "bad-keys": {"events.yaml": "- {1: 2, [a]: b, id: {x: y}, date: [], sources: {a: b}}\n"},
    "wrong-everything": {"briefing.yaml": "[1]\n", "places.yaml": "- {id: '', name: '', geo: {lat: x}}\n"},
    "huge-numbers": {"places.yaml": "- {id: tehran, name: T, geo: {lat: 1e999, lon: -1e999}}\n"},
}


@pytest.mark.parametrize("overrides", BAD_CONTENT.values(), ids=BAD_CONTENT.keys())
def test_no_traceback_for_bad_content(briefing_dir: WriteBriefing, capsys: pytest.CaptureFixture[str],
                                      overrides: dict[str, str | bytes | None]) -> None:
    briefing_dir(overrides)
    assert cli.main(["build", "b"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err
    lines = err.splitlines()
    assert all(line.startswith("b/content/") for line in lines[:-2])
    assert lines[-1] == "factsheet: build failed; the previous site was left as it was"


def test_template_error_names_template_line_and_record(briefing_dir: WriteBriefing,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    directory = briefing_dir()
    (directory / "templates").mkdir()
    (directory / "templates" / "event.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n<h1>{{ page.record.title }}</h1>\n'
        "<p>{{ page.record.no_such_field }}</p>\n{% endblock %}\n"
    )
    assert cli.main(["build", "b"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "b/templates/event.html:4:1: error: template error while rendering events/strike "
        "(b/content/events.yaml:1:3): 'generator.model.Event object' has no attribute 'no_such_field'",
        "factsheet: 1 error, 0 warnings",
        "factsheet: build failed; the previous site was left as it was",
    ]
    assert not (directory / "site").exists()


def test_template_syntax_error_names_template_and_line(briefing_dir: WriteBriefing,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    directory = briefing_dir()
    (directory / "templates").mkdir()
    (directory / "templates" / "event.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n{% if page.record %}\n<p>x</p>\n{% endblock %}\n'
    )
    assert cli.main(["build", "b"]) == 1
    # A template that does not compile is one problem, however many pages use it, and names no record.
    assert capsys.readouterr().err.splitlines() == [
        "b/templates/event.html:5:1: error: Encountered unknown tag 'endblock'. You probably made a nesting mistake. "
        "Jinja is expecting this tag, but currently looking for 'elif' or 'else' or 'endif'. The innermost block that "
        "needs to be closed is 'if'.",
        "factsheet: 1 error, 0 warnings",
        "factsheet: build failed; the previous site was left as it was",
    ]


def test_quiet_build_prints_nothing_but_problems(briefing_dir: WriteBriefing, capsys: pytest.CaptureFixture[str]) -> None:
    briefing_dir()
    assert cli.main(["build", "-q", "b"]) == 0
    assert capsys.readouterr().err == ""  # no note, no progress (not a terminal), no summary
    briefing_dir({"sources.yaml": "- {id: report, title: A}\n- {id: a, title: A}\n"})
    assert cli.main(["build", "--quiet", "b"]) == 0
    assert capsys.readouterr().err.splitlines() == [
        "b/content/sources.yaml:2:8: warning: source 'a' is unused: nothing cites it",
        "factsheet: 0 errors, 1 warning",
    ]


def test_progress_is_shown_on_a_terminal_and_cleared(briefing_dir: WriteBriefing, capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    briefing_dir()
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert cli.main(["build", "b"]) == 0
    err = capsys.readouterr().err
    assert "\r\x1b[Kfactsheet: checking the content…" in err and "\r\x1b[Kfactsheet: writing the site…" in err
    assert timeless(err.rsplit("\r\x1b[K", 1)[1]) == NO_BASE_URL + closing("b/site")
