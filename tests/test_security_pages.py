"""The free pages of content/pages/ go through the same checks as the rest of the content (issue 13).

Each hostile page is put in a small valid content tree (tests/fixtures/) and run through the command
line, as an editor would: `check` and `build`, exit status, French message with file and line,
no traceback, and the built HTML parsed. The build uses a settings file that still asks Pelican
to read content/pages (as the old configuration did): Pelican must not read them anyway.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from catalogue.content.freepages import read_free_page
from fixtures import load
from catalogue.content.kinds import CATALOGUE_FOLDERS
from catalogue.outputs.urls import HOST_FILES
from fixtures import write_tree
from helpers import external_requests, serve_directory

ROOT = Path(__file__).parents[1]
PAGE = "content/pages/infos.md"
REFRESH = '<meta http-equiv="refresh" content="0;url=https://evil.example/">'


def settings_file(root: Path) -> Path:
    """Settings that point Pelican at this tree's content/pages, with the project's theme."""
    path = root / "pelicanconf-test.py"
    path.write_text(
        (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
        + f'\nTHEME = {str(ROOT / "theme")!r}\nPAGE_PATHS = ["pages"]\n',
        encoding="utf-8",
    )
    return path


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "SOURCE_DATE_EPOCH": "1795564800"}
    return subprocess.run([sys.executable, "-m", "catalogue", "--root", str(root), *args],
                          capture_output=True, text=True, env=env, cwd=root, timeout=120)


def build(root: Path) -> subprocess.CompletedProcess:
    return run(root, "build", "--output", str(root / "output"), "--settings", str(settings_file(root)))


class Parsed(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: dict[str, str] = {}
        self._open: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._open.append(tag)

    def handle_endtag(self, tag):
        if tag in self._open:
            del self._open[len(self._open) - 1 - self._open[::-1].index(tag):]

    def handle_data(self, data):
        for tag in ("title", "h1"):
            if tag in self._open:
                self.text[tag] = self.text.get(tag, "") + data


def refused(tmp_path: Path, text: str, expected: str, name: str = PAGE) -> subprocess.CompletedProcess:
    """`check` and `build` both refuse the page with `expected` (file:line: field: message start)."""
    write_tree(tmp_path, "small", files={name: text})
    checked = run(tmp_path, "check")
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert expected in checked.stderr, checked.stderr
    built = build(tmp_path)
    assert built.returncode == 1, built.stdout + built.stderr
    assert expected in built.stderr
    for output in (checked, built):
        assert "Traceback" not in output.stderr + output.stdout
        assert "ERROR:" not in output.stderr  # Pelican's English log lines
    assert not (tmp_path / "output").exists()
    return checked


def test_a_title_with_a_meta_refresh_is_shown_as_text(tmp_path):
    write_tree(tmp_path, "small", files={PAGE: f"Title: {REFRESH}\nSlug: infos\n\nBonjour.\n"})
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    page = Parsed((tmp_path / "output/infos/index.html").read_text(encoding="utf-8"))
    refreshes = [attrs for tag, attrs in page.tags if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh"]
    assert refreshes == []
    assert page.text["h1"] == REFRESH
    assert page.text["title"].startswith(REFRESH + " – ")


def test_a_meta_refresh_title_does_not_redirect_in_the_browser(tmp_path, page_factory):
    write_tree(tmp_path, "small", files={PAGE: f"Title: {REFRESH}\nSlug: infos\n\nBonjour.\n"})
    assert build(tmp_path).returncode == 0
    with serve_directory(tmp_path / "output") as base:
        page = page_factory(javascript=False, allow_external=True)
        page.goto(base + "infos/")
        page.wait_for_timeout(1500)
        assert page.url == base + "infos/"
        assert page.locator("h1").inner_text() == REFRESH
        assert external_requests(page.requested_urls, base) == []


def test_a_raw_html_body_is_reduced_to_the_allow_list(tmp_path):
    body = f'{REFRESH}\n\n<script>alert(1)</script>\n\n[clic](javascript:alert(2))\n\n<iframe src="https://evil.example/"></iframe>\n'
    write_tree(tmp_path, "small", files={PAGE: "Title: Infos\nSlug: infos\n\n" + body})
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    page = Parsed((tmp_path / "output/infos/index.html").read_text(encoding="utf-8"))
    tags = [tag for tag, _ in page.tags]
    assert "iframe" not in tags
    # the one script is the site's search box, in the head; the body's <script> is gone
    assert [a.get("src", "").endswith("/theme/js/search.js") for t, a in page.tags if t == "script"] == [True]
    assert not [a for t, a in page.tags if t == "meta" and "http-equiv" in a and a["http-equiv"].lower() == "refresh"]
    assert not [a for t, a in page.tags if t == "a" and "javascript" in (a.get("href") or "")]


def test_an_80_kb_page_of_open_links_is_refused_at_once(tmp_path):
    started = time.perf_counter()
    result = refused(tmp_path, "Title: Lourd\n\n" + "[a](" * 20_000, f"{PAGE}:3: texte: texte trop long (80 000 caractères, au plus 10 000)")
    assert time.perf_counter() - started < 20  # two whole runs of the command line, on a loaded machine
    assert "Le site n'a pas été construit" not in result.stderr


def test_a_page_at_the_size_limit_renders_in_linear_time():
    raw = ("Title: Lourd\n\n" + "[a](" * 2_499).encode()
    started = time.perf_counter()
    page, problems = read_free_page(PAGE, raw)
    assert time.perf_counter() - started < 1.0
    assert problems == [] and page is not None and "[a](" in page.content


@pytest.mark.parametrize("save_as, taken", [
    ("activites/index.html", "le dossier activites/"),
    ("index.html", "la page d'accueil index.html"),
    ("agenda/2026-11-30/index.html", None),
    ("../../etc/passwd", None),
    ("calendriers/tout.ics", None),
])
def test_save_as_cannot_overwrite_a_catalogue_page(tmp_path, save_as, taken):
    text = f"Title: Piège\nSave_as: {save_as}\n\nTexte.\n"
    if taken:
        refused(tmp_path, text, f"{PAGE}:2: Save_as: « {save_as} » remplacerait une page du catalogue ({taken})")
    else:
        refused(tmp_path, text, f"{PAGE}:2: Save_as: « {save_as} » invalide")


def test_a_catalogue_template_cannot_be_borrowed(tmp_path):
    refused(tmp_path, "Title: Piège\nTemplate: activity\n\nTexte.\n",
            f"{PAGE}:2: Template: gabarit « activity » non accepté pour une page libre")


@pytest.mark.parametrize("folder", sorted(CATALOGUE_FOLDERS))
def test_a_slug_cannot_take_a_catalogue_address(tmp_path, folder):
    """A folder's name is refused as taken; a file's (sitemap.xml) is not even a slug: both stop the build."""
    expected = (f"{PAGE}:2: Slug: identifiant invalide « {folder} »" if "." in folder
                else f"{PAGE}:2: Slug: « {folder} » est une adresse du catalogue ({folder}/)")
    refused(tmp_path, f"Title: Piège\nSlug: {folder}\n\nTexte.\n", expected)


def test_a_file_name_cannot_take_a_catalogue_address(tmp_path):
    refused(tmp_path, "Title: Piège\n\nTexte.\n", "content/pages/agenda.md:1: Slug: « agenda » est une adresse du catalogue",
            name="content/pages/agenda.md")


def test_two_pages_cannot_share_a_slug(tmp_path):
    write_tree(tmp_path, "small", files={"content/pages/autre.md": "Title: Autre\nSlug: infos\n\nTexte.\n"})
    refused(tmp_path, "Title: Infos\n\nTexte.\n", "content/pages/infos.md:1: Slug: identifiant « infos » déjà utilisé par content/pages/autre.md")


def test_unknown_and_repeated_headers_are_reported_with_their_line(tmp_path):
    result = refused(tmp_path, "Title: Infos\nTitre: Infos\nAuthor: moi\nTitle: Encore\n\nTexte.\n",
                     f"{PAGE}:2: Titre: en-tête inconnu « Titre ». Vouliez-vous dire « Title » ?")
    assert f"{PAGE}:3: Author: en-tête inconnu « Author »" in result.stderr
    assert f"{PAGE}:4: Title: l'en-tête « Title » est écrit deux fois (déjà ligne 1)" in result.stderr


def test_a_page_without_title_is_a_french_error_not_an_english_log_line(tmp_path):
    refused(tmp_path, "Bonjour.\n", f"{PAGE}:1: Title: en-tête obligatoire manquant")


def test_url_must_match_where_the_page_is_saved(tmp_path):
    refused(tmp_path, "Title: Infos\nUrl: activites/\n\nTexte.\n",
            f"{PAGE}:2: Url: « activites/ » ne correspond pas à l'endroit où la page est enregistrée (infos/index.html)")


def test_a_draft_is_checked_but_not_published(tmp_path):
    write_tree(tmp_path, "small", files={PAGE: "Title: Brouillon\nStatus: draft\n\nTexte.\n"})
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "output/infos").exists()


def test_shipped_pages_render_at_their_usual_addresses(built_site):
    expected = {"mentions-legales/index.html": "Mentions légales", "accessibilite/index.html": "Déclaration d'accessibilité",
                "404.html": "Page introuvable"}
    for path, title in expected.items():
        page = Parsed((built_site / path).read_text(encoding="utf-8"))
        assert page.text["h1"] == title
        assert page.text["title"] == f"{title} – Territoires Partagés – les activités"
        assert len([t for t, _ in page.tags if t == "h2"]) >= (0 if path == "404.html" else 3)


def test_catalogue_folders_list_every_top_level_address_of_the_catalogue(built_site):
    catalogue, _, _ = load(ROOT)
    free = {page.save_as.split("/")[0] for page in catalogue.free_pages}
    top = {path.name for path in built_site.iterdir()} - free - {"index.html"} - HOST_FILES
    assert top <= CATALOGUE_FOLDERS, top - CATALOGUE_FOLDERS


# ---- misnamed content files ------------------------------------------------------------------------------------

MISNAMED = {
    "activities/le-dome/atelier.MD": "renommez-le « activities/le-dome/atelier.md »",
    "activities/le-dome/atelier.markdown": "renommez-le « activities/le-dome/atelier.md »",
    "activities/le-dome/atelier.md.txt": "renommez-le « activities/le-dome/atelier.md »",
    "activities/le-dome/atelier": "(il n'a pas d'extension) : renommez-le « activities/le-dome/atelier.md »",
    "structures/autre.yml": "(l'extension « .yml » n'est pas lue) : renommez-le « structures/autre.md »",
    "badges/Autre Badge.Md": "renommez-le « badges/autre-badge.md »",
    "content/pages/infos.html": "(le format « .html » n'est pas lu : le texte s'écrit en Markdown) : renommez-le « content/pages/infos.md »",
    "activities/le-dome/archives/atelier.md": "fichier mal placé, ignoré par le site : les fichiers de ce type vont directement dans activities/le-dome/ ; "
                                              "déplacez-le en « activities/le-dome/atelier.md »",
    "structures/logos/autre.md": "déplacez-le en « structures/autre.md »",
    "content/infos.md": "déplacez-le en « content/pages/infos.md »",
}


@pytest.mark.parametrize("name", sorted(MISNAMED))
def test_a_misnamed_content_file_is_reported_with_its_new_name(tmp_path, name):
    write_tree(tmp_path, "small", files={name: "---\ntitre: Atelier\n---\n"})
    result = run(tmp_path, "check")
    assert result.returncode == 1, result.stdout + result.stderr
    line = next((line for line in result.stderr.splitlines() if line.startswith(f"{name}: ")), "")
    assert MISNAMED[name] in line, result.stderr
    assert "Traceback" not in result.stderr


def test_backups_and_stray_files_are_warnings(tmp_path):
    write_tree(tmp_path, "small", files={"activities/le-dome/fablab-ouvert.md~": "x", "activities/le-dome/affiche.pdf": "x"})
    result = run(tmp_path, "check")
    assert result.returncode == 0, result.stderr
    assert "activities/le-dome/fablab-ouvert.md~: attention : copie de sauvegarde d'un éditeur, ignorée par le site : supprimez-la" in result.stderr
    assert "activities/le-dome/affiche.pdf: attention : fichier ignoré par le site (format « .pdf » non lu)" in result.stderr


def test_images_readmes_and_system_files_are_not_reported(tmp_path):
    write_tree(tmp_path, "small", files={"structures/logos/le-dome.svg": "<svg/>", "structures/logos/le-dome.png": b"\x89PNG",
                         "badges/images/Thumbs.db": b"", "badges/README.md": "Lisez-moi", "content/pages/.gitkeep": "",
                         "activities/le-dome/.fablab-ouvert.md.swp": "x"})
    result = run(tmp_path, "check")
    assert result.returncode == 0, result.stderr
    assert "ignoré" not in result.stderr and "mal placé" not in result.stderr


def test_the_shipped_tree_has_no_misnamed_file():
    _, problems, warnings = load(ROOT)
    assert [p for p in problems + warnings if "ignoré" in p.message or "mal placé" in p.message] == []
