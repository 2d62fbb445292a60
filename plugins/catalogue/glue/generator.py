"""The Pelican generator: every page through Pelican's writer,
every other file from the pure writers (outputs.writers.WRITERS); scheduling is in render.py."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from pelican.generators import Generator

from ..outputs import pages, qrcodes, text, urls, widgets
from ..outputs.writers import WRITERS
from . import render
from .context import catalogue_for


class CatalogueGenerator(Generator):
    def generate_context(self) -> None:
        self.catalogue = catalogue_for(self.settings)
        self.env.filters.update(text.dated_filters(self.catalogue.today))
        self.env.globals.update(urls.TEMPLATE_GLOBALS)
        self.env.globals["widget_code"] = widgets.embed_code

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
        qrcodes.warm_qr_codes(self.catalogue, site_url)
        files = partial(render.write_files, Path(self.output_path), WRITERS, self.catalogue, site_url)
        render.render_and_write(pages.plan(self.catalogue), partial(self.write_page, writer), files)
