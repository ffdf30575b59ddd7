"""Writes a site atomically: into a fresh folder beside the output, swapped in only when complete."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import stat
import tempfile
import threading
from collections.abc import Mapping
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
    paths = _SitePaths()
    for rel in sorted(files):
        paths.add(rel)
    paths.check_folders()


def _link_from(old: str, target: str) -> bool:
    """A hard link to the old site's file; False (write it instead) where links are not possible or the old
    file is not a regular file (linkat never follows a symbolic link: the link would be one)."""
    try:
        os.link(old, target, follow_symlinks=False)
    except OSError:
        return False
    if stat.S_ISREG(os.lstat(target).st_mode):
        return True
    os.unlink(target)
    return False


class SiteWriter:
    """A site written file by file into a fresh folder beside `out` as it is made, swapped in whole by `finish`;
    `abandon` (or any exception before `finish`) removes it and leaves `out` as it was. Pages need not wait in
    memory for the whole site: a large site is written while it renders. A page the last build left in place
    is `link`ed from `out` rather than written again (copied where a link cannot be made)."""

    def __init__(self, out: Path) -> None:
        reason = check_output_dir(out)
        if reason:
            raise WriteError(reason)
        self.out = out
        out.parent.mkdir(parents=True, exist_ok=True)
        clean_leftovers(out)
        self.tmp: Path | None = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{out.name}-", dir=out.parent))
        self.root = f"{self.tmp}/"  # the new site's folder, as a prefix of its files' paths
        self.was = f"{out}/"  # the old one's
        self.paths = _SitePaths()
        self.folders: set[str] = set()
        self.clearing: threading.Thread | None = None  # removing the previous site, once swapped out

    def _target(self, rel: str, listed: bool = True) -> str:
        # Plain strings, not Paths: 24,000 files at 10,000 events, most of them linked from the last site
        if self.tmp is None:
            raise WriteError("the site was already swapped in or abandoned")
        if listed:
            self.paths.add(rel)
        else:
            _SitePaths().add(rel)  # a plain path inside the site, whoever lists it
        folder, _, _ = rel.rpartition("/")
        if folder and folder not in self.folders:
            os.makedirs(self.root + folder, exist_ok=True)
            self.folders.add(folder)
        return self.root + rel

    def add(self, rel: str, data: bytes, *, listed: bool = True) -> None:
        """The file written into the new site; not `listed` (by another process than the one that will `finish`),
        its path is only checked, and must be `list`ed by that one before the site is finished."""
        with open(self._target(rel, listed), "xb") as stream:  # "x": never follow or reuse anything already there
            stream.write(data)

    def list(self, rel: str) -> None:
        """A file another process `add`ed unlisted: among the site's paths, checked against the others."""
        if self.tmp is None:
            raise WriteError("the site was already swapped in or abandoned")
        self.paths.add(rel)

    def read(self, rel: str) -> bytes:
        """A file as it was written into the new site."""
        if self.tmp is None:
            raise WriteError("the site was already swapped in or abandoned")
        return (self.tmp / rel).read_bytes()

    def link(self, rel: str) -> None:
        """The file as `out` holds it: hard-linked, or copied where a link cannot be made."""
        target = self._target(rel)
        if not _link_from(self.was + rel, target):
            # never through a symbolic link someone put in the old site's place
            fd = os.open(self.was + rel, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            with open(target, "xb") as stream, os.fdopen(fd, "rb") as old:
                stream.write(old.read())

    def finish(self) -> None:
        """Swap the written site in for `out`, in one step where the system can."""
        tmp = self.tmp
        if tmp is None:
            raise WriteError("the site was already swapped in or abandoned")
        try:
            self.paths.check_folders()
            (tmp / MARKER).write_text("This folder is a factsheet build; factsheet replaces it on every build.\n")
            os.chmod(tmp, 0o755)  # mkdtemp makes it private; a web server must be able to read the site
            os.sync()  # so that a crash right after the swap cannot leave a site of empty files
            if self.out.exists():
                if not _exchange(tmp, self.out):
                    old = tmp.with_name(tmp.name + "-old")
                    os.rename(self.out, old)
                    os.rename(tmp, self.out)
                    tmp = old
            else:
                os.rename(tmp, self.out)
                self.tmp = None
                return
        except BaseException:
            self.abandon()
            raise
        self.tmp = None
        # After the swap, tmp holds the previous site: removed while the build saves its cache (tens of thousands
        # of files, a third of a second at 10,000 events, mostly in the kernel), waited for by `abandon`.
        self.clearing = threading.Thread(target=shutil.rmtree, args=(tmp,), kwargs={"ignore_errors": True},
                                         name="factsheet-old-site", daemon=True)
        self.clearing.start()

    def abandon(self) -> None:
        """The new site removed if not swapped in; the previous one removed if it was (waited for)."""
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None
        if self.clearing is not None:
            self.clearing.join()
            self.clearing = None


class _SitePaths:
    """The refusals of check_site_paths one path at a time, as each file comes; folders checked at the end."""

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}
        self.folders: dict[str, str] = {}

    def add(self, rel: str) -> None:
        parts = rel.split("/")
        if rel.startswith("/") or any(
            part in ("", ".", "..") or "\\" in part or "\0" in part or ":" in part for part in parts
        ) or parts[0] == MARKER or parts[0].startswith(TEMP_PREFIX):
            raise WriteError(f"refusing to write '{rel}': not a plain path inside the site")
        key = rel.casefold()
        if key in self.seen:
            raise WriteError(f"'{self.seen[key]}' and '{rel}' would be the same file on a case-insensitive disk")
        self.seen[key] = rel
        for i in range(1, len(parts)):
            self.folders.setdefault("/".join(parts[:i]).casefold(), rel)

    def check_folders(self) -> None:
        for key, rel in sorted(self.seen.items(), key=lambda item: item[1]):
            if key in self.folders:
                raise WriteError(f"'{rel}' would be both a file and a folder of the site")
