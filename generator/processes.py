"""What every forked helper process of a build shares: how many to start, and ending with the build."""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor


def default_jobs() -> int:
    """Processes to work in by default: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def end_with_parent(parent: int) -> None:
    """A forked process ends when the build (or check) does, even one killed outright (SIGKILL gives it no chance
    to stop its processes): on Linux the kernel sends it SIGTERM then; a parent gone before that was asked ends
    it here."""
    if sys.platform == "linux":
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1: PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)


def can_fork() -> bool:
    """Whether helper processes can be forked here (they inherit what the parent set up, instead of pickling it)."""
    return "fork" in multiprocessing.get_all_start_methods()


def forked_pool(workers: int) -> ProcessPoolExecutor:
    """`workers` forked processes that end with this one. An executor, not a Pool: a worker that dies (killed, out
    of memory) fails the work instead of hanging it."""
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=end_with_parent, initargs=(os.getpid(),))
