"""Pelican plugin: the Territoires Partagés catalogue (structures, activities, badges)."""

from pelican import signals


def _generators(pelican):
    from .generator import CatalogueGenerator

    return CatalogueGenerator


def _filters(generator) -> None:
    from .generator import CatalogueGenerator
    from .present import FILTERS
    from .sessiontext import FILTERS as SESSION_FILTERS

    generator.env.filters.update(FILTERS)
    generator.env.filters.update(SESSION_FILTERS)
    if isinstance(generator, CatalogueGenerator):
        # Partner content is plain text: the catalogue's templates escape every value unless
        # it is Markup (render_markdown's sanitised HTML). Pelican leaves autoescape off.
        generator.env.autoescape = True


def register() -> None:
    signals.get_generators.connect(_generators)
    signals.generator_init.connect(_filters)
