"""Both cores: forked helper processes, which inherit the catalogue instead of receiving it."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor


def cores() -> int:
    return os.cpu_count() or 1


def fork_pool(workers: int = 1) -> ProcessPoolExecutor:
    """Workers forked from this process at their first task: what exists then is shared, not pickled."""
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))


def resident_mb() -> float:
    """This process's resident memory now (Linux), else its peak so far."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
