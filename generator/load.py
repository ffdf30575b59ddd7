"""Finds a briefing's YAML files and reads them into raw, located records."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .problems import Pos, Problems, did_you_mean
from .yamlnodes import Map, Node, Scalar, Seq, describe, parse_documents

COLLECTIONS = ("events", "actors", "statements", "sources", "places")
YAML_SUFFIXES = (".yaml", ".yml")
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_FILES = 50_000


@dataclass(frozen=True)
class RawRecord:
    collection: str  # "briefing" or one of COLLECTIONS
    node: Node


def show_path(path: Path) -> str:
    """A path as the user should see it: relative to the current folder where that is shorter."""
    rel = os.path.relpath(path)
    return rel if not rel.startswith(".." + os.sep + ".." + os.sep) else str(path)


def _ignored(name: str) -> bool:
    return name.startswith((".", "_"))


def _is_yaml(name: str) -> bool:
    return name.lower().endswith(YAML_SUFFIXES)


class _Walker:
    def __init__(self, root: Path, problems: Problems) -> None:
        self.root = root.resolve()
        self.problems = problems
        self.files: list[tuple[str, Path]] = []
        self.seen_dirs: set[Path] = set()

    def inside(self, path: Path) -> bool:
        """Refuse links that lead out of the briefing folder (or loop)."""
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            self.problems.error(Pos(show_path(path)), "broken or looping symbolic link; remove it")
            return False
        if real != self.root and self.root not in real.parents:
            self.problems.error(
                Pos(show_path(path)), "symbolic link leads outside the briefing folder; copy the file in instead"
            )
            return False
        return True

    def walk_collection(self, collection: str, folder: Path) -> None:
        real = folder.resolve()
        if real in self.seen_dirs:
            self.problems.error(Pos(show_path(folder)), "this folder is reached twice through links; remove the link")
            return
        self.seen_dirs.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            self.problems.error(Pos(show_path(folder)), f"cannot read folder: {exc.strerror}")
            return
        for entry in entries:
            path = Path(entry.path)
            if _ignored(entry.name):
                continue
            if entry.is_symlink() and not self.inside(path):
                continue
            if entry.is_dir():
                self.walk_collection(collection, path)
            elif entry.is_file() and _is_yaml(entry.name):
                self.files.append((collection, path))
            else:
                self.problems.error(
                    Pos(show_path(path)),
                    "only .yaml and .yml files are read here; move this file out of content/ "
                    "or start its name with '_' or '.'",
                )

    def walk_top(self, content: Path) -> None:
        entries = sorted(os.scandir(content), key=lambda e: e.name)
        known = ["briefing.yaml", *(c + ".yaml" for c in COLLECTIONS), *(c + "/" for c in COLLECTIONS)]
        briefing_files = []
        for entry in entries:
            path = Path(entry.path)
            if _ignored(entry.name):
                continue
            if entry.is_symlink() and not self.inside(path):
                continue
            stem, _, suffix = entry.name.rpartition(".")
            is_yaml = _is_yaml(entry.name)
            if entry.is_dir() and entry.name in COLLECTIONS:
                self.walk_collection(entry.name, path)
            elif entry.is_file() and is_yaml and stem == "briefing":
                briefing_files.append(path)
            elif entry.is_file() and is_yaml and stem in COLLECTIONS:
                self.files.append((stem, path))
            elif entry.is_dir() and is_yaml:
                self.problems.error(
                    Pos(show_path(path)), f"'{entry.name}' is a folder; a collection folder is named '{stem}/'"
                )
            elif entry.is_dir() or is_yaml:
                what = "folder" if entry.is_dir() else "file"
                guess = entry.name + "/" if entry.is_dir() else stem + ".yaml"
                hint = did_you_mean(guess, known) or f"; expected one of {', '.join(known)}"
                self.problems.error(Pos(show_path(path)), f"unknown {what} '{entry.name}' in content/{hint}")
            else:
                self.problems.error(
                    Pos(show_path(path)),
                    "only .yaml and .yml files are read in content/; move this file out "
                    "or start its name with '_' or '.'",
                )
        if not briefing_files:
            self.problems.error(
                Pos(show_path(content / "briefing.yaml")),
                "missing briefing.yaml: every briefing needs one with title, as_of and summary",
            )
        for extra in briefing_files[1:]:
            self.problems.error(Pos(show_path(extra)), f"a second briefing file; keep only {briefing_files[0].name}")
        for path in briefing_files[:1]:
            self.files.insert(0, ("briefing", path))


def read_text(path: Path, shown: str, problems: Problems) -> str | None:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.error(Pos(shown), f"file is {size} bytes; the limit is {MAX_FILE_BYTES}: split it into smaller files")
            return None
        data = path.read_bytes()
    except OSError as exc:
        problems.error(Pos(shown), f"cannot read file: {exc.strerror}")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8")
        line = good.count("\n") + 1
        col = len(good) - (good.rfind("\n") + 1) + 1
        problems.error(
            Pos(shown, line, col),
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
        )
        return None
    return text.removeprefix("\ufeff")


def records_of(collection: str, documents: list[Node], shown: str, problems: Problems) -> list[RawRecord]:
    records: list[RawRecord] = []
    for doc in documents:
        if isinstance(doc, Scalar) and doc.is_null:
            continue
        items = doc.items if isinstance(doc, Seq) and collection != "briefing" else (doc,)
        for item in items:
            if isinstance(item, Map):
                records.append(RawRecord(collection, item))
            else:
                expected = "a mapping of keys" if collection == "briefing" else "a record (a mapping of keys)"
                problems.error(item.pos, f"expected {expected}, found {describe(item)}")
    if collection == "briefing" and len(records) > 1:
        problems.error(records[1].node.pos, "briefing.yaml must hold one document; remove the others")
        records = records[:1]
    return records


def load_content(briefing_dir: Path, problems: Problems) -> list[RawRecord]:
    """Every record under briefing_dir/content, in a stable order, with problems collected."""
    content = briefing_dir / "content"
    if not content.is_dir():
        problems.error(
            Pos(show_path(content)), "no content/ folder here; run 'factsheet new DIR' to start a briefing"
        )
        return []
    walker = _Walker(briefing_dir, problems)
    walker.walk_top(content)
    if len(walker.files) > MAX_FILES:
        problems.error(Pos(show_path(content)), f"more than {MAX_FILES} files; merge records into fewer files")
        return []
    records: list[RawRecord] = []
    for collection, path in walker.files:
        shown = show_path(path)
        text = read_text(path, shown, problems)
        if text is None:
            continue
        before = len(problems.items)
        found = records_of(collection, parse_documents(text, shown, problems), shown, problems)
        if not found and collection == "briefing" and len(problems.items) == before:
            problems.error(Pos(shown), "briefing.yaml is empty; it needs title, as_of and summary")
        records.extend(found)
    return records
