"""Builds the site with Pelican into a temporary folder, then swaps it into place (swap.py).

A failed build (bad content or anything else), or one killed at any moment, leaves the
previous output untouched; what a killed build left behind is removed by the next one.
"""

from __future__ import annotations

import logging
import shutil
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Callable

from ..content.errors import ContentErrors, Problem
from ..outputs.ical.feedstates import history_of
from ..outputs.opendata.mapping import load_mapping
from ..content.load import forget_parsed_files, load_catalogue
from .swap import clean_leftovers, swap_into_place, temporary_folder

log = logging.getLogger(__name__)

class PelicanError(RuntimeError):
    """Pelican logged an error instead of raising it: the build stops, the old site stays."""


class _Collect(logging.Handler):
    def __init__(self, into: list[str]):
        super().__init__(logging.ERROR)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record.getMessage())


@contextmanager
def _pelican_errors():
    """The messages Pelican logs at ERROR or above while the block runs."""
    errors: list[str] = []
    handler, pelican_log = _Collect(errors), logging.getLogger("pelican")
    pelican_log.addHandler(handler)
    try:
        yield errors
    finally:
        pelican_log.removeHandler(handler)


def build_site(root: Path, output: Path, settings_file: Path, today: date | None = None,
               keep_file_cache: bool = False, note: Callable[[str], None] | None = None) -> Path:
    """Validate, build into `.<output>.tmp-<pid>`, swap. Raises ContentErrors on bad content.

    `keep_file_cache`: keep each file's parse and validation for the next build in this process
    (`make serve`); a one-shot build frees them before rendering. `note` receives, in French,
    what the build could only estimate (calendar versions without the whole git history); with
    CATALOGUE_REQUIRE_HISTORY set (publishconf.py), that refuses the build instead."""
    from pelican import Pelican
    from pelican.settings import read_settings

    root, output = root.resolve(), output.resolve()
    for leftover in clean_leftovers(output):
        log.info("dossier laissé par une construction interrompue supprimé : %s", leftover)
    catalogue = load_catalogue(root, today)
    mapping_problems = load_mapping(root, catalogue.vocabulary)[1]
    if mapping_problems:  # before anything is written (outputs/opendata/writer.py)
        raise ContentErrors(mapping_problems)
    if not keep_file_cache:
        forget_parsed_files()
    temporary = temporary_folder(output, "tmp")
    shutil.rmtree(temporary, ignore_errors=True)
    try:
        settings = read_settings(
            str(settings_file),
            # Pelican reads no content itself: the free pages of content/pages/ are checked by the
            # loader and rendered with the catalogue's autoescaped templates (freepages.py).
            # The catalogue loaded above reaches the generator as a setting (context.catalogue_for).
            override={"OUTPUT_PATH": str(temporary), "CATALOGUE_ROOT": str(root), "CATALOGUE": catalogue,
                      "DELETE_OUTPUT_DIRECTORY": False, "PAGE_PATHS": [], "ARTICLE_PATHS": [], "STATIC_PATHS": []},
        )
        history = history_of(catalogue, settings.get("SITE_ABSOLUTE_URL", ""))
        if not history.complete:
            if settings.get("CATALOGUE_REQUIRE_HISTORY"):
                raise ContentErrors([Problem("", 0, "historique", f"{history.note} ; site à publier non construit")])
            if note is not None:
                note(f"attention : {history.note}")
        with _pelican_errors() as errors:
            Pelican(settings).run()
        if errors:  # Pelican logs some failures and carries on: here, they stop the build
            raise PelicanError("Pelican a signalé : " + " ; ".join(errors))
        swap_into_place(temporary, output)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    return output
