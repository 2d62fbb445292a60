"""Thin Pelican glue: puts the catalogue in the template context and hands output to the writers."""

from __future__ import annotations

from pathlib import Path

from pelican.generators import Generator

from . import addtocalendar, build, openbadges, pages, subscribe
from .cms import admin_files
from .load import load_catalogue


def file_writers():
    """Pure writers, each `(catalogue, site_url) -> {relative path: bytes}`; one per kind of output."""
    return [pages.static_files, addtocalendar.session_files, openbadges.definitions, subscribe.files, admin_files]


class CatalogueGenerator(Generator):
    def generate_context(self) -> None:
        root = Path(self.settings.get("CATALOGUE_ROOT") or Path(self.settings["PATH"]).parent).resolve()
        preloaded = build.PRELOADED.get("catalogue")
        self.catalogue = preloaded if preloaded is not None and preloaded.root == root else load_catalogue(root)
        self.context["catalogue"] = self.catalogue

    def generate_output(self, writer) -> None:
        relative = self.settings.get("RELATIVE_URLS", False)
        for page in pages.plan(self.catalogue):
            writer.write_file(
                page.path, self.get_template(page.template), self.context, relative_urls=relative,
                override_output=True, page_name=page.path.removesuffix("index.html").rstrip("/"), **page.context,
            )
        output = Path(self.output_path)
        site_url = self.settings.get("SITE_ABSOLUTE_URL", "").rstrip("/")
        for write in file_writers():
            for relative_path, data in write(self.catalogue, site_url).items():
                target = output / relative_path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
