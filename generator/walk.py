"""Walks a briefing's content folder: its YAML files in name order, each with its collection."""

from __future__ import annotations

import os
from pathlib import Path

from .paths import show_path
from .problems import Pos, Problems, did_you_mean
from .registry import COLLECTIONS

YAML_SUFFIXES = (".yaml", ".yml")
# Emacs 'x~' and '#x#', Vim 'x.swp', and '.bak' copies ('.#x' locks and '.x.swp' are hidden already).
EDITOR_LEFTOVERS = ("~", ".swp", ".swo", ".bak")
NOT_REGULAR = "is not a regular file (a pipe, socket or device); factsheet reads only ordinary files"


def _ignored(name: str) -> bool:
    """Hidden and '_' names, and the backup and lock files editors leave beside the files they edit."""
    return name.startswith((".", "_")) or name.endswith(EDITOR_LEFTOVERS) or (
        name.startswith("#") and name.endswith("#")
    )


def _is_yaml(name: str) -> bool:
    return name.lower().endswith(YAML_SUFFIXES)


class Walker:
    """The YAML files of a content folder, in name order, each with its collection; what it refuses, reported."""

    def __init__(self, root: Path, problems: Problems, max_files: int) -> None:
        self.root = root.resolve()
        self.problems = problems
        self.files: list[tuple[str, str | Path]] = []  # (collection, path)
        self.seen_dirs: set[Path] = set()
        self.incomplete: set[str] = set()  # collections with an entry the walk refused
        self.max_files = max_files

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
        before = self.problems.errors
        self._walk_collection(collection, folder)
        if self.problems.errors > before:
            self.incomplete.add(collection)

    def _walk_collection(self, collection: str, folder: Path) -> None:
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
            if _ignored(entry.name):
                continue
            # a Path only where one is needed: one per file was about a twentieth of a warm check (profile)
            if entry.is_symlink() and not self.inside(Path(entry.path)):
                continue
            path = entry.path
            if len(self.files) > self.max_files:
                return
            if entry.is_dir() and _is_yaml(entry.name):
                self.problems.error(
                    Pos(show_path(Path(path))), f"'{entry.name}' is a folder named like a YAML file; rename it"
                )
            elif entry.is_dir():
                self.walk_collection(collection, Path(path))
            elif entry.is_file() and _is_yaml(entry.name):
                self.files.append((collection, path))
            elif _is_yaml(entry.name):
                self.problems.error(Pos(show_path(Path(path))), f"'{entry.name}' {NOT_REGULAR}")
            else:
                self.problems.error(
                    Pos(show_path(Path(path))),
                    "only .yaml and .yml files are read here; move this file out of content/ "
                    "or start its name with '_' or '.'",
                )

    def walk_top(self, content: Path) -> None:
        entries = sorted(os.scandir(content), key=lambda e: e.name)
        known = ["briefing.yaml", *(c + ".yaml" for c in COLLECTIONS), *(c + "/" for c in COLLECTIONS)]
        briefing_files: list[Path] = []
        for entry in entries:
            if _ignored(entry.name):
                continue
            before = self.problems.errors
            self._visit_top(entry, known, briefing_files)
            owner = entry.name.rpartition(".")[0] if _is_yaml(entry.name) else entry.name
            if owner in COLLECTIONS and self.problems.errors > before:
                self.incomplete.add(owner)
        if not briefing_files:
            self.problems.error(
                Pos(show_path(content / "briefing.yaml")),
                "missing briefing.yaml: every briefing needs one with title, as_of and summary",
            )
        for extra in briefing_files[1:]:
            self.problems.error(Pos(show_path(extra)), f"a second briefing file; keep only {briefing_files[0].name}")
        for path in briefing_files[:1]:
            self.files.insert(0, ("briefing", path))

    def _visit_top(self, entry: os.DirEntry[str], known: list[str], briefing_files: list[Path]) -> None:
        path = Path(entry.path)
        if entry.is_symlink() and not self.inside(path):
            return
        stem = entry.name.rpartition(".")[0]
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
        elif is_yaml and not entry.is_dir() and not entry.is_file():
            self.problems.error(Pos(show_path(path)), f"'{entry.name}' {NOT_REGULAR}")
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


def is_content_folder(folder: Path) -> bool:
    """True for a content/ folder itself: it holds briefing.yaml or a collection, not content/."""
    names = ["briefing.yaml", "briefing.yml", *(c + suffix for c in COLLECTIONS for suffix in YAML_SUFFIXES)]
    return any((folder / name).is_file() for name in names) or any((folder / c).is_dir() for c in COLLECTIONS)
