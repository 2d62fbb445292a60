"""Pelican plugin: the Territoires Partagés catalogue (structures, activities, badges)."""

from pelican import signals


def _generators(pelican):
    from .glue.context import load_for_pelican
    from .glue.generator import CatalogueGenerator

    load_for_pelican(pelican.settings)  # sent before Pelican empties output/
    return CatalogueGenerator


def _watch_content(module) -> None:
    """`pelican --autoreload` watches PATH (content/), the theme and the settings; the catalogue's own folders
    (CATALOGUE_WATCH in pelicanconf.py, relative to the settings file) are watched too."""
    import os

    import watchfiles
    from pelican.utils import FileChangeFilter

    def wait_for_changes(settings_file, settings):
        base = os.path.dirname(os.path.abspath(settings_file))
        candidates = [settings_file, settings.get("THEME", ""), settings.get("PATH", "")]
        candidates += [os.path.join(base, p) for p in settings.get("CATALOGUE_WATCH", [])]
        paths = [os.path.abspath(p) for p in candidates if p and os.path.exists(p)]
        return next(watchfiles.watch(*paths, rust_timeout=0, watch_filter=FileChangeFilter(
            ignore_file_patterns=set(settings.get("IGNORE_FILES", [])))))

    module.wait_for_changes = wait_for_changes


def _filters(generator) -> None:
    from .glue.generator import CatalogueGenerator
    from .outputs.text import FILTERS
    from .outputs.sessiontext import FILTERS as SESSION_FILTERS
    from .outputs.access import FILTERS as ACCESS_FILTERS
    from .outputs.transport import FILTERS as TRANSPORT_FILTERS

    for filters in (FILTERS, SESSION_FILTERS, ACCESS_FILTERS, TRANSPORT_FILTERS):
        generator.env.filters.update(filters)
    if isinstance(generator, CatalogueGenerator):
        # Partner content is plain text: the catalogue's templates escape every value unless
        # it is Markup (render_markdown's sanitised HTML). Pelican leaves autoescape off.
        generator.env.autoescape = True


def register() -> None:
    import pelican

    _watch_content(pelican)
    signals.get_generators.connect(_generators)
    signals.generator_init.connect(_filters)
