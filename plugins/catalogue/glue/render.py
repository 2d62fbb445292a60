"""Pages and files onto the disk, on both cores when the catalogue is large enough to gain from it.

Two processes for two cores: a forked worker renders pages from a shared queue while this process
writes the feeds and data files, then joins in on the pages left. One worker, not one per core:
each forked process ends up copying much of the catalogue (reference counts are writes), so
processes cost memory, and the writing keeps this one busy anyway.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from .. import parallel

# Below this many pages, starting a worker process costs more than rendering on one core.
PARALLEL_FROM = 100
_CHUNK = 16  # pages taken at a time from the shared queue
# A forked worker ends up with its own copy of much of what it shares with this process: reference
# counts are writes, so every page of memory either process touches gets copied. The worker is
# started only while twice this process's size stays within this budget (megabytes; a regional
# catalogue then renders on one core, well within 1 GB, instead of doubling).
MEMORY_BUDGET_MB = 1000
_RENDER: dict = {}


def _render_shared() -> int:
    """In the forked worker: what to render is inherited from the parent, not sent to it."""
    return _render_from(**_RENDER)


def _render_from(queue, render, plan: list) -> int:
    """Render pages taken `_CHUNK` at a time from the shared position `queue` until none is left."""
    done = 0
    while True:
        with queue.get_lock():
            start = queue.value
            queue.value = start + _CHUNK
        if start >= len(plan):
            return done
        for page in plan[start:start + _CHUNK]:
            render(page)
            done += 1


def render_and_write(plan: list, render: Callable, write_files: Callable[[], None]) -> None:
    """`render(page)` for every page of `plan`, and `write_files()` once, beside the pages when a worker helps."""
    if len(plan) < PARALLEL_FROM or parallel.cores() < 2 or 2 * parallel.resident_mb() > MEMORY_BUDGET_MB:
        for page in plan:
            render(page)
        write_files()
        return
    queue = multiprocessing.get_context("fork").Value("q", 0)
    _RENDER.update(queue=queue, render=render, plan=plan)
    gc.freeze()  # objects made so far stay shared with the worker instead of being copied by the collector
    try:
        with parallel.fork_pool() as pool:
            share = pool.submit(_render_shared)
            write_files()
            rendered = _render_from(**_RENDER) + share.result()
    finally:
        gc.unfreeze()
        _RENDER.clear()
    assert rendered == len(plan)


def write_files(output: Path, writers: Iterable[Callable], catalogue, site_url: str) -> None:
    """What each pure writer returns, written under `output`; an error names the writer."""
    made: set[Path] = set()
    for write in writers:
        try:
            _write_all(output, made, write(catalogue, site_url))
        except Exception as exc:
            exc.add_note(f"dans {write.__module__.rsplit('.', 1)[-1]}.{write.__name__}")
            raise


def _write_all(output: Path, made: set[Path], produced) -> None:
    for relative_path, data in produced.items() if isinstance(produced, Mapping) else produced:
        target = output / relative_path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(data)
