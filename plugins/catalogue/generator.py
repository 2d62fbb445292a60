"""Thin Pelican glue: puts the catalogue in the template context and hands output to the writers."""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pelican.generators import Generator

from . import addtocalendar, build, openbadges, pages, subscribe
from .cms import admin_files
from .load import load_catalogue

# Below this many pages, starting worker processes costs more than rendering on one core.
PARALLEL_FROM = 100
_RENDER: dict = {}


def file_writers():
    """Pure writers, each `(catalogue, site_url) -> {relative path: bytes}` (or an iterable of pairs)."""
    return [pages.static_files, addtocalendar.session_files, openbadges.definitions, subscribe.files, admin_files]


def _render_share(index: int, count: int) -> int:
    """Render every `count`-th page from `index` in a forked worker (state inherited from the parent)."""
    generator, writer = _RENDER["generator"], _RENDER["writer"]
    plan = _RENDER["plan"]
    for page in plan[index::count]:
        generator.write_page(writer, page)
    return len(plan[index::count])


class CatalogueGenerator(Generator):
    def generate_context(self) -> None:
        root = Path(self.settings.get("CATALOGUE_ROOT") or Path(self.settings["PATH"]).parent).resolve()
        preloaded = build.PRELOADED.get("catalogue")
        self.catalogue = preloaded if preloaded is not None and preloaded.root == root else load_catalogue(root)
        self.context["catalogue"] = self.catalogue

    def write_page(self, writer, page: pages.Page) -> None:
        writer.write_file(
            page.path, self.get_template(page.template), self.context,
            relative_urls=self.settings.get("RELATIVE_URLS", False), override_output=True,
            page_name=page.path.removesuffix("index.html").rstrip("/"), **page.context,
        )

    def generate_output(self, writer) -> None:
        site_url = self.settings.get("SITE_ABSOLUTE_URL", "").rstrip("/")
        subscribe.warm_qr_codes(self.catalogue, site_url)
        plan = pages.plan(self.catalogue)
        workers = os.cpu_count() or 1
        if len(plan) < PARALLEL_FROM or workers < 2:
            for page in plan:
                self.write_page(writer, page)
            self._write_files(site_url)
            return
        # Both cores: forked workers render the pages while this process writes feeds and data.
        _RENDER.update(generator=self, writer=writer, plan=plan)
        gc.freeze()  # objects made so far stay shared with the workers instead of being copied by the collector
        try:
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                shares = [pool.submit(_render_share, index, workers) for index in range(workers)]
                self._write_files(site_url)
                rendered = sum(share.result() for share in shares)
        finally:
            gc.unfreeze()
            _RENDER.clear()
        assert rendered == len(plan)

    def _write_files(self, site_url: str) -> None:
        output = Path(self.output_path)
        made: set[Path] = set()
        for write in file_writers():
            produced = write(self.catalogue, site_url)
            for relative_path, data in produced.items() if isinstance(produced, Mapping) else produced:
                target = output / relative_path
                if target.parent not in made:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    made.add(target.parent)
                target.write_bytes(data)
