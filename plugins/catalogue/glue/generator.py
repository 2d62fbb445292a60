"""Thin Pelican glue: puts the catalogue in the template context and hands output to the writers."""

from __future__ import annotations

import functools
import gc
import multiprocessing
import sys
from collections.abc import Mapping
from pathlib import Path

from pelican.generators import Generator

from ..outputs import addtocalendar, hosting, openbadges, pages, search, text as present, subscribe

from . import build

from .. import parallel
from ..outputs.admin import admin_files, backend_problems
from ..content.errors import ContentErrors, Problem
from ..content.load import load_catalogue
from ..settings import SettingsError, configure, network_from

# Below this many pages, starting a worker process costs more than rendering on one core.
PARALLEL_FROM = 100
_CHUNK = 16  # pages taken at a time from the shared queue
# A forked worker ends up with its own copy of much of what it shares with this process: reference
# counts are writes, so every page of memory either process touches gets copied. The worker is
# started only while twice this process's size stays within this budget (megabytes; a regional
# catalogue then renders on one core, well within 1 GB, instead of doubling).
MEMORY_BUDGET_MB = 1000
_RENDER: dict = {}


def file_writers():
    """Pure writers, each `(catalogue, site_url) -> {relative path: bytes}` (or an iterable of pairs)."""
    return [pages.static_files, addtocalendar.session_files, openbadges.definitions, subscribe.files, admin_files,
            hosting.server_files, search.files]


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


def catalogue_root(settings: Mapping) -> Path:
    return Path(settings.get("CATALOGUE_ROOT") or Path(settings["PATH"]).parent).resolve()


_LOADED_FOR_PELICAN: dict[Path, object] = {}


def _pelican_autoreload_settings() -> str | None:
    """The settings file when this process is `pelican --autoreload` (a content error must keep it watching)."""
    if not Path(sys.argv[0]).name.startswith("pelican"):
        return None
    from pelican import parse_arguments

    try:
        args = parse_arguments(sys.argv[1:])
    except SystemExit:
        return None
    return (args.settings or "pelicanconf.py") if args.autoreload else None


def load_for_pelican(settings: Mapping) -> None:
    """`pelican content` and `pelican --autoreload`: validate before Pelican empties output/ (so that deleted
    content disappears, and a failed build leaves the previous site), with the French file:line messages of
    `make check`. Builds started by `catalogue build` have validated already."""
    if build.PRELOADED.get("catalogue") is not None:
        return
    from ..report import report

    root = catalogue_root(settings)
    try:
        configure_network(settings)
        problems = backend_problems()
        if problems:
            raise ContentErrors(problems)
        _LOADED_FOR_PELICAN[root] = load_catalogue(root)
    except ContentErrors as exc:
        report(list(exc.problems), [])
        print(f"Le site n'a pas été construit : le dossier {settings.get('OUTPUT_PATH', 'output')}/ n'a pas changé.",
              file=sys.stderr, flush=True)
        settings_file = _pelican_autoreload_settings()
        if settings_file is None:
            raise SystemExit(1) from None
        import pelican

        # Pelican's loop would rebuild at once, again and again: wait for the fix first
        pelican.wait_for_changes(settings_file, settings)
        raise


def configure_network(settings: Mapping) -> None:
    """The network's identity for this build, from pelicanconf.py (settings.Network)."""
    try:
        configure(network_from(settings))
    except SettingsError as exc:
        raise ContentErrors([Problem("pelicanconf.py", 0, "", str(exc))]) from None


class CatalogueGenerator(Generator):
    def generate_context(self) -> None:
        configure_network(self.settings)
        problems = backend_problems()  # before any page is written: a build with an unsafe editor sign-in stops here
        if problems:
            raise ContentErrors(problems)
        root = catalogue_root(self.settings)
        preloaded = build.PRELOADED.get("catalogue") or _LOADED_FOR_PELICAN.pop(root, None)
        self.catalogue = preloaded if preloaded is not None and preloaded.root == root else load_catalogue(root)
        self.context["catalogue"] = self.catalogue
        self.env.filters.update(present.dated_filters(self.catalogue.today))

    def write_page(self, writer, page: pages.Page) -> None:
        try:
            writer.write_file(
                page.path, self.get_template(page.template), self.context,
                relative_urls=self.settings.get("RELATIVE_URLS", False), override_output=True,
                page_name=page.path.removesuffix("index.html").rstrip("/"), **page.context,
            )
        except Exception as exc:  # the message names the page (errors.internal_error_message)
            exc.add_note(f"en écrivant {page.path}")
            raise

    def generate_output(self, writer) -> None:
        site_url = self.settings.get("SITE_ABSOLUTE_URL", "").rstrip("/")
        subscribe.warm_qr_codes(self.catalogue, site_url)
        plan = pages.plan(self.catalogue)
        if len(plan) < PARALLEL_FROM or parallel.cores() < 2 or 2 * parallel.resident_mb() > MEMORY_BUDGET_MB:
            for page in plan:
                self.write_page(writer, page)
            self._write_files(site_url)
            return
        # Two processes for two cores: a forked worker renders pages from a shared queue while this
        # process writes the feeds and data files, then joins in on the pages left. One worker, not
        # one per core: each forked process ends up copying much of the catalogue (reference counts
        # are writes), so processes cost memory, and the writing keeps this one busy anyway.
        queue = multiprocessing.get_context("fork").Value("q", 0)
        _RENDER.update(queue=queue, render=functools.partial(self.write_page, writer), plan=plan)
        gc.freeze()  # objects made so far stay shared with the worker instead of being copied by the collector
        try:
            with parallel.fork_pool() as pool:
                share = pool.submit(_render_shared)
                self._write_files(site_url)
                rendered = _render_from(**_RENDER) + share.result()
        finally:
            gc.unfreeze()
            _RENDER.clear()
        assert rendered == len(plan)

    def _write_files(self, site_url: str) -> None:
        output = Path(self.output_path)
        made: set[Path] = set()
        for write in file_writers():
            try:
                self._write_all(output, made, write(self.catalogue, site_url))
            except Exception as exc:
                exc.add_note(f"dans {write.__module__.rsplit('.', 1)[-1]}.{write.__name__}")
                raise

    @staticmethod
    def _write_all(output: Path, made: set[Path], produced) -> None:
        for relative_path, data in produced.items() if isinstance(produced, Mapping) else produced:
            target = output / relative_path
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            target.write_bytes(data)
