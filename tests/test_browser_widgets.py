"""Partner widgets in headless Chromium, the way a partner shows them: the copy-paste code from a
structure page, pasted into a page served from another origin, then the widget read inside its
iframe (sessions, link back in a new tab), axe at 0 inside the widget, and the preview on the page."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from helpers import serve_directory
from test_browser_site import AXE_TAGS

STRUCTURE = "structures/le-dome/"


def _embed_code(built_site: Path) -> str:
    text = (built_site / STRUCTURE / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<textarea id="code-integrer"[^>]*>(.*?)</textarea>', text, re.S)
    assert found, "no code to copy on the structure page"
    return html.unescape(found.group(1))


@pytest.fixture
def partner_site(built_site, site_server, tmp_path):
    """A partner's page on another origin (localhost, another port) with the widget's code pasted in,
    its address switched from the published site to the test server."""
    code = _embed_code(built_site).replace("https://territoires-partages.example.org/", site_server)
    (tmp_path / "index.html").write_text(
        f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Site partenaire</title></head>'
        f"<body><main><h1>Notre agenda</h1>{code}</main></body></html>", encoding="utf-8")
    with serve_directory(tmp_path) as base:
        yield base.replace("127.0.0.1", "localhost")


def test_widget_shows_the_next_sessions_inside_a_partner_page_from_another_origin(page_factory, partner_site, site_server):
    page = page_factory(width=360, javascript=False)
    page.goto(partner_site)
    frame_element = page.locator("iframe")
    assert frame_element.get_attribute("title")
    frame = page.frame_locator("iframe")
    heading = frame.locator("h1")
    heading.wait_for()
    assert "Le Dôme" in heading.inner_text()
    sessions = frame.locator(".sessions li")
    assert sessions.count() >= 1
    first = sessions.first.locator("a")
    assert first.get_attribute("target") == "_blank" and "/activites/" in first.get_attribute("href")
    back = frame.get_by_role("link", name=re.compile("Toutes les activités sur Territoires Partagés"))
    assert back.get_attribute("target") == "_blank"
    inner = next(f for f in page.frames if f.url.startswith(site_server))
    assert inner.url.startswith(site_server) and not partner_site.startswith(site_server)
    box = frame_element.bounding_box()
    assert box and box["width"] <= 360


def test_axe_finds_no_violation_inside_a_widget(page_factory, site_server, built_site):
    from axe_playwright_python.sync_playwright import Axe

    page = page_factory(width=320)
    report = []
    for kind in ("structure", "territoire", "commune", "categorie"):
        widget = sorted(built_site.glob(f"integrer/{kind}/*/index.html"))[0].parent.relative_to(built_site).as_posix()
        page.goto(f"{site_server}{widget}/")
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
        report += [f"{widget}: {v['id']} – {v['help']}" for v in results.response["violations"]]
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, widget
    assert not report, "\n".join(report)


def test_structure_page_previews_its_widget(page_factory, site_server):
    page = page_factory(width=360, javascript=False)
    page.goto(site_server + STRUCTURE)
    assert page.get_by_label("Code à copier").input_value().startswith("<iframe src=")
    preview = page.frame_locator("iframe.widget-preview")
    preview.locator("h1").wait_for()
    assert preview.locator(".sessions li").count() >= 1
