"""Both cores: forked helper processes, which inherit the catalogue instead of receiving it.

A helper must never outlive the build that forked it: killed with SIGKILL, the parent cannot
tell its workers, which would wait for work forever. Each worker asks Linux to kill it when
its parent dies (prctl PR_SET_PDEATHSIG), and elsewhere watches its parent's pid.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 0.5


def cores() -> int:
    return os.cpu_count() or 1


def _ask_kernel_to_kill_me_with_parent() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)


def die_with_parent(parent: int) -> None:
    """In a forked worker: end as soon as `parent` (the process that forked it) is gone."""
    watched = not _ask_kernel_to_kill_me_with_parent()
    if os.getppid() != parent:  # the parent died before the request above took effect
        os._exit(1)
    if watched:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="watch-parent").start()


def fork_pool(workers: int = 1) -> ProcessPoolExecutor:
    """Workers forked from this process at their first task: what exists then is shared, not pickled."""
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=die_with_parent, initargs=(os.getpid(),))


def resident_mb() -> float:
    """This process's resident memory now (Linux), else its peak so far."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
