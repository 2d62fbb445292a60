"""Builds the site with Pelican into a temporary folder, then swaps it into place.

A failed build (bad content or anything else) leaves the previous output untouched.
"""

from __future__ import annotations

import logging
import os
import shutil
from datetime import date
from pathlib import Path
from typing import Callable

from .errors import ContentErrors, Problem
from .feedstates import history_of
from .load import forget_parsed_files, load_catalogue

log = logging.getLogger(__name__)

PRELOADED: dict = {}


def _swap(new: Path, output: Path) -> None:
    old = output.with_name(f".{output.name}.old-{os.getpid()}")
    if output.exists():
        output.rename(old)
    new.rename(output)
    shutil.rmtree(old, ignore_errors=True)


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
    catalogue = load_catalogue(root, today)
    if not keep_file_cache:
        forget_parsed_files()
    PRELOADED["catalogue"] = catalogue
    temporary = output.with_name(f".{output.name}.tmp-{os.getpid()}")
    shutil.rmtree(temporary, ignore_errors=True)
    try:
        settings = read_settings(
            str(settings_file),
            override={"OUTPUT_PATH": str(temporary), "CATALOGUE_ROOT": str(root), "DELETE_OUTPUT_DIRECTORY": False},
        )
        history = history_of(catalogue, settings.get("SITE_ABSOLUTE_URL", ""))
        if not history.complete:
            if settings.get("CATALOGUE_REQUIRE_HISTORY"):
                raise ContentErrors([Problem("", 0, "historique", f"{history.note} ; site à publier non construit")])
            if note is not None:
                note(f"attention : {history.note}")
        Pelican(settings).run()
        _swap(temporary, output)
    finally:
        PRELOADED.clear()
        shutil.rmtree(temporary, ignore_errors=True)
    return output
