"""`sitemap.xml` and `robots.txt`: every public page, by its absolute address, for search engines.

The pages are the page plan's, less the 404 page and the partner widgets (`noindex`, shown inside
other sites). robots.txt is only read at a domain's root: a site published under a path gives its
sitemap to search engines some other way (their webmaster tools).
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from ..content.load import Catalogue
from .pages import plan
from .urls import ROBOTS_PATH, SITEMAP_PATH, WIDGET_DIR, absolute

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
_HIDDEN = ("404.html", f"{WIDGET_DIR}/", "admin/")


def page_address(path: str) -> str:
    """A page's address as visitors write it: the folder, not its index.html.

    >>> page_address("activites/index.html"), page_address("index.html"), page_address("404.html")
    ('activites/', '', '404.html')
    """
    return path.removesuffix("index.html")


def sitemap(catalogue: Catalogue, site_url: str) -> bytes:
    root = ET.Element("urlset", xmlns=NAMESPACE)
    paths = sorted({page.path for page in plan(catalogue) if not page.path.startswith(_HIDDEN)})
    for path in paths:
        ET.SubElement(ET.SubElement(root, "url"), "loc").text = absolute(site_url, page_address(path))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def robots(site_url: str) -> bytes:
    return (f"# Territoires Partagés : le catalogue est public ; l'éditeur (admin/) n'a rien à indexer.\n"
            f"User-agent: *\nDisallow: /admin/\n\nSitemap: {absolute(site_url, SITEMAP_PATH)}\n").encode("utf-8")


def discovery_files(catalogue: Catalogue, site_url: str) -> dict[str, bytes]:
    return {SITEMAP_PATH: sitemap(catalogue, site_url), ROBOTS_PATH: robots(site_url)}
