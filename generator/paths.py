"""Paths as the user should see them, and symbolic links that lead out of a briefing folder."""

from __future__ import annotations

import functools
import os
from pathlib import Path


def show_path(path: Path) -> str:
    """A path as the user should see it: relative to the current folder where that is shorter."""
    folder, name = os.path.split(path)
    rel = _relative(os.getcwd(), folder)  # one relpath per folder, not one per file
    if rel.startswith("..") or not name or name in (".", ".."):
        rel = os.path.relpath(path)  # at or above the current folder: the general case
    elif rel != ".":
        rel = os.path.join(rel, name)
    else:
        rel = name
    return rel if not rel.startswith(".." + os.sep + ".." + os.sep) else str(path)


@functools.lru_cache(maxsize=4096)
def _relative(cwd: str, folder: str) -> str:
    return os.path.relpath(folder or ".", cwd)


def links_leaving(directory: Path, root: Path) -> list[Path]:
    """Symbolic links at or under `directory` (static/, templates/) that lead outside `root` or nowhere."""
    if not directory.is_symlink() and not directory.is_dir():
        return []
    real_root = root.resolve()

    def leaves(path: Path) -> bool:
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return True
        return real != real_root and real_root not in real.parents

    if directory.is_symlink() and leaves(directory):
        return [directory]  # and never walk into it: it may be / or a huge tree
    return [path for path in sorted(directory.rglob("*")) if path.is_symlink() and leaves(path)]
