"""The catalogue a Pelican run renders: the one `catalogue build` loaded and passed in the settings
(`CATALOGUE`), or, for a plain `pelican` run, one loaded and checked here before Pelican empties output/."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path

from ..content.errors import ContentErrors, Problem
from ..content.load import load_catalogue
from ..outputs.decap import backend_problems
from ..outputs.opendata.mapping import load_mapping
from ..report import report
from ..settings import SettingsError, configure, network_from

_LOADED_FOR_PELICAN: dict[Path, object] = {}


def catalogue_root(settings: Mapping) -> Path:
    return Path(settings.get("CATALOGUE_ROOT") or Path(settings["PATH"]).parent).resolve()


def configure_network(settings: Mapping) -> None:
    """The network's identity for this build, from pelicanconf.py (settings.Network)."""
    try:
        configure(network_from(settings))
    except SettingsError as exc:
        raise ContentErrors([Problem("pelicanconf.py", 0, "", str(exc))]) from None


def check_backend() -> None:
    """Before any page is written: a build with an unsafe editor sign-in stops here."""
    problems = backend_problems()
    if problems:
        raise ContentErrors(problems)


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
    if settings.get("CATALOGUE") is not None:
        return
    root = catalogue_root(settings)
    try:
        configure_network(settings)
        check_backend()
        loaded = _LOADED_FOR_PELICAN[root] = load_catalogue(root)
        mapping_problems = load_mapping(root, loaded.vocabulary)[1]  # the open data's mapping file, as build.py checks it
        if mapping_problems:
            raise ContentErrors(mapping_problems)
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


def catalogue_for(settings: Mapping):
    """The catalogue to render with these settings: passed in, loaded by load_for_pelican, or loaded now."""
    configure_network(settings)
    check_backend()
    root = catalogue_root(settings)
    given = settings.get("CATALOGUE") or _LOADED_FOR_PELICAN.pop(root, None)
    return given if given is not None and given.root == root else load_catalogue(root)
