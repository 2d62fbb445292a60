"""Pelican plugin: the Territoires Partagés catalogue (structures, activities, badges)."""

from pelican import signals


def _generators(pelican):
    from .generator import CatalogueGenerator

    return CatalogueGenerator


def _filters(generator) -> None:
    from .present import FILTERS

    generator.env.filters.update(FILTERS)


def register() -> None:
    signals.get_generators.connect(_generators)
    signals.generator_init.connect(_filters)
