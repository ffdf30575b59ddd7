"""Writes a site atomically: into a fresh folder beside the output, swapped in only when complete."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Collection, Mapping
from pathlib import Path

MARKER = ".factsheet-site"  # proves a folder is ours to replace
TEMP_PREFIX = ".factsheet-tmp-"


class WriteError(Exception):
    pass


def _renameat2_exchange() -> object | None:
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return None
    libc = ctypes.CDLL(libc_name, use_errno=True)
    return getattr(libc, "renameat2", None)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2); False where the system cannot."""
    fn = _renameat2_exchange()
    if fn is None:
        return False
    result = fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)  # type: ignore[operator]
    return bool(result == 0)


def check_output_dir(out: Path) -> str | None:
    """Why `out` must not be replaced, or None when it is safe (missing, empty, or a site we wrote)."""
    if not out.exists():
        return None
    if not out.is_dir() or out.is_symlink():
        return f"{out} exists and is not a folder; choose another output folder"
    if (out / MARKER).is_file() or not any(out.iterdir()):
        return None
    return f"{out} is not empty and was not written by factsheet; refusing to replace it (choose another -o)"


def clean_leftovers(out: Path) -> None:
    """Remove temporary folders that an interrupted build left beside `out`.

    Where the swap takes two renames (no renameat2), a build killed between them leaves no `out`
    and the previous site in a "-old" folder: that one is put back, not removed."""
    parent = out.parent
    if not parent.is_dir():
        return
    if not out.exists():
        for old in sorted(parent.glob(TEMP_PREFIX + out.name + "-*-old")):
            if old.is_dir() and not old.is_symlink() and (old / MARKER).is_file():
                os.rename(old, out)
                break
    for entry in parent.iterdir():
        if entry.name.startswith(TEMP_PREFIX + out.name + "-") and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)


def check_site_paths(files: Mapping[str, bytes]) -> None:
    """Refuse any path that could land outside the site or clobber another file of it.

    Ids are validated long before this; this is the last line of defence, so a path built from
    any value can never climb out (`..`, absolute, backslash) or write one file twice (a file that
    is also a folder, or two names that are one file on a case-insensitive disk)."""
    seen: dict[str, str] = {}
    folders: set[str] = set()
    for rel in sorted(files):
        parts = rel.split("/")
        if rel.startswith("/") or any(
            part in ("", ".", "..") or "\\" in part or "\0" in part or ":" in part for part in parts
        ) or parts[0] == MARKER or parts[0].startswith(TEMP_PREFIX):
            raise WriteError(f"refusing to write '{rel}': not a plain path inside the site")
        key = rel.casefold()
        if key in seen:
            raise WriteError(f"'{seen[key]}' and '{rel}' would be the same file on a case-insensitive disk")
        seen[key] = rel
        folders.update("/".join(parts[:i]).casefold() for i in range(1, len(parts)))
    for key, rel in seen.items():
        if key in folders:
            raise WriteError(f"'{rel}' would be both a file and a folder of the site")


def _link_from(old: Path, target: Path) -> bool:
    """A hard link to the old site's file; False (write it instead) where links are not possible."""
    try:
        if not old.is_file() or old.is_symlink():
            return False
        os.link(old, target, follow_symlinks=False)
    except OSError:
        return False
    return True


def write_site(files: Mapping[str, bytes], out: Path, same: Collection[str] = ()) -> None:
    """Write every file into a temporary folder beside `out`, then swap it in.

    `same`: files whose bytes are those `out` already holds (pages taken from the last build): they are
    hard-linked from it rather than written again (written where a link cannot be made)."""
    reason = check_output_dir(out)
    if reason:
        raise WriteError(reason)
    check_site_paths(files)
    out.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(out)
    tmp = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{out.name}-", dir=out.parent))
    try:
        for rel, data in sorted(files.items()):
            target = tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if rel in same and _link_from(out / rel, target):
                continue
            with open(target, "xb") as stream:  # "x": never follow or reuse anything already there
                stream.write(data)
        (tmp / MARKER).write_text("This folder is a factsheet build; factsheet replaces it on every build.\n")
        os.chmod(tmp, 0o755)  # mkdtemp makes it private; a web server must be able to read the site
        os.sync()  # so that a crash right after the swap cannot leave a site of empty files
        if out.exists():
            if not _exchange(tmp, out):
                old = tmp.with_name(tmp.name + "-old")
                os.rename(out, old)
                os.rename(tmp, out)
                tmp = old
        else:
            os.rename(tmp, out)
            return
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    shutil.rmtree(tmp, ignore_errors=True)  # after the swap, tmp holds the previous site

