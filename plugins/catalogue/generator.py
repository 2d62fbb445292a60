"""Thin Pelican glue: puts the catalogue in the template context and hands output to the writers."""

from __future__ import annotations

from pathlib import Path

from pelican.generators import Generator

from . import build, pages
from .load import load_catalogue


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
        for relative_path, data in pages.static_files(self.catalogue).items():
            target = output / relative_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
