"""A project site served under a sub-path (owner.github.io/catalogue/): every page keeps its style and links.

The 404 page is served for any unknown address, at any depth: its links cannot be relative, they
start from the path of SITE_ABSOLUTE_URL. The build date shows in every page's footer, not in feeds.
"""

from __future__ import annotations

import fnmatch
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest

from conftest import REPO_ROOT, SOURCE_DATE_EPOCH, catalogue_env
from helpers import serve_directory

SUB_PATH = "catalogue"


@pytest.fixture(scope="module")
def sub_path_site(tmp_path_factory) -> Path:
    """The site built for https://owner.github.io/catalogue/, placed under www/catalogue/."""
    www = tmp_path_factory.mktemp("www")
    output = www / SUB_PATH
    result = subprocess.run(
        [sys.executable, "-m", "catalogue", "build", "--output", str(output), "--settings", "publishconf.py"],
        cwd=REPO_ROOT, env=catalogue_env(SITE_ABSOLUTE_URL=f"https://owner.github.io/{SUB_PATH}/"),
        capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    return www


@pytest.fixture(scope="module")
def sub_path_server(sub_path_site):
    with serve_directory(sub_path_site, not_found=sub_path_site / SUB_PATH / "404.html") as base:
        yield base + SUB_PATH + "/"


def _failed_responses(page) -> list[str]:
    failed: list[str] = []
    page.on("response", lambda response: failed.append(f"{response.status} {response.url}") if response.status >= 400 else None)
    return failed


@pytest.mark.parametrize("depth", ["nope", "nope/deep/", "activites/nope/deep/er/"])
def test_404_page_keeps_its_style_and_navigation_at_any_depth(page_factory, sub_path_server, depth) -> None:
    page = page_factory(width=360)
    failed = _failed_responses(page)
    response = page.goto(sub_path_server + depth)
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page introuvable"
    stylesheets = page.evaluate("Array.from(document.styleSheets).map(s => s.cssRules.length)")
    assert stylesheets and all(count > 0 for count in stylesheets), "la feuille de style n'est pas chargée"
    assert page.evaluate("getComputedStyle(document.querySelector('header.site')).display") != "inline"
    assert [f for f in failed if not f.endswith(depth)] == []
    for name, expected in [("Agenda", "agenda/"), ("Voir toutes les activités", "activites/"), ("Revenir à l'accueil", "")]:
        page.goto(sub_path_server + depth)
        with page.expect_navigation():
            page.get_by_role("link", name=name, exact=True).first.click()
        assert page.url == sub_path_server + expected
        assert page.evaluate("document.readyState") == "complete"
    assert [f for f in failed if not f.endswith(depth)] == []


@pytest.mark.parametrize("path", ["", "activites/", "agenda/", "badges/", "partenaires/", "mentions-legales/", "abonnement/"])
def test_pages_under_a_sub_path_load_everything_and_link_inside_it(page_factory, sub_path_server, path) -> None:
    page = page_factory()
    failed = _failed_responses(page)
    response = page.goto(sub_path_server + path)
    if path == "abonnement/" and response.status == 404:
        pytest.skip("pas de page d'abonnement dans ce catalogue")
    assert response.status == 200
    assert failed == []
    links = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    internal = {link.split("#")[0] for link in links if urlsplit(link).netloc == urlsplit(sub_path_server).netloc}
    assert internal and all(urlsplit(link).path.startswith(f"/{SUB_PATH}/") for link in internal), internal
    for link in sorted(internal)[:40]:
        status = page.request.get(link).status
        assert status == 200, f"{link} : {status}"


def test_every_page_shows_the_build_date_and_feeds_do_not(sub_path_site) -> None:
    built_on = datetime.fromtimestamp(SOURCE_DATE_EPOCH, timezone.utc).astimezone(ZoneInfo("Europe/Paris")).date()
    expected = f'Mis à jour le <time datetime="{built_on.isoformat()}">'
    pages = [p for p in (sub_path_site / SUB_PATH).rglob("*.html") if "admin" not in p.parts]
    assert len(pages) > 50
    missing = [p for p in pages if expected not in p.read_text(encoding="utf-8")]
    assert missing == []
    feeds = list((sub_path_site / SUB_PATH).rglob("*.ics"))
    assert feeds and not [f for f in feeds if "Mis à jour le".encode() in f.read_bytes()]


def _header_rules(text: str) -> list[tuple[str, dict[str, str]]]:
    """Cloudflare/Netlify `_headers`: a path pattern, then indented `Name: value` lines (`! Name`: Cloudflare's
    removal of a header an earlier rule set)."""
    rules: list[tuple[str, dict[str, str]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), {}))
        elif line.strip().startswith("! "):
            rules[-1][1]["!" + line.strip()[2:].strip().lower()] = []
        else:
            name, value = line.strip().split(":", 1)
            rules[-1][1].setdefault(name.strip().lower(), []).append(value.strip())
    return rules


def _headers_for(rules, path: str) -> dict[str, list[str]]:
    headers: dict[str, list[str]] = {}
    for pattern, values in rules:
        if fnmatch.fnmatchcase(path, pattern):
            for name, value in values.items():
                if name.startswith("!"):
                    headers.pop(name[1:], None)
                else:
                    headers.setdefault(name, []).extend(value)
    return headers


def test_host_rules_are_shipped_at_the_site_root(sub_path_site) -> None:
    root = sub_path_site / SUB_PATH
    for name in ("_headers", ".htaccess"):
        assert (root / name).read_bytes() == (REPO_ROOT / "deploy" / name).read_bytes()
    rules = _header_rules((root / "_headers").read_text(encoding="utf-8"))
    svg = next(root.glob("badges/*/*.svg")).relative_to(root).as_posix()
    json_file = next(root.rglob("*.json")).relative_to(root).as_posix()
    for path, content_type, policy in [
        ("calendriers/tout.ics", "text/calendar; charset=utf-8", "default-src 'none'; sandbox"),
        (json_file, "application/json; charset=utf-8", "default-src 'none'; sandbox"),
        (svg, "image/svg+xml", "default-src 'none'; style-src 'unsafe-inline'; sandbox"),
        ("index.html", None, None),
    ]:
        assert (root / path).is_file()
        headers = _headers_for(rules, "/" + path)
        assert headers["x-content-type-options"] == ["nosniff"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        if content_type:
            assert headers["content-type"] == [content_type], path
            assert policy in headers["content-security-policy"], path
    for name in (".htaccess", "nginx.conf", "Caddyfile"):
        text = (REPO_ROOT / "deploy" / name).read_text(encoding="utf-8")
        assert "nosniff" in text and "frame-ancestors 'none'" in text and "style-src 'unsafe-inline'; sandbox" in text, name
        assert "text/calendar" in text, name
