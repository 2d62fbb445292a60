"""A partner's image never runs code, redirects or contacts another host once published (issue 13).

The hostile corpus is tests/fixtures/hostile-svg/ (one file per family found against the old
deny-list, each loaded by `hostile_svg`). For each file:
- `make check` (the loader) says what it does with it: a warning naming the image and what was
  dropped, or an error naming the image and its line;
- the site is built with every accepted file as a badge image, and the PUBLISHED file is opened
  directly in Chromium (not through <img>): no dialog, no navigation, no request to any host but
  the test server, and nothing in the document outside the SVG namespace.
The shipped images are published without a warning and draw exactly the same pixels.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import zlib
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from catalogue.outputs import pages
from catalogue.sanitise import imagesize
from catalogue.outputs import static
from catalogue.sanitise.images import clean_image
from catalogue.content.load import load
from fixtures import BADGE, STRUCTURE, replace, write_tree
from helpers import external_requests, serve_directory

ROOT = Path(__file__).parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "hostile-svg"
TODAY = date(2026, 11, 25)
IMAGE_LINE = 7  # `image:` in the small tree's badge
SITE = "https://territoires-partages.example.org/"

# fixture -> what `make check` says: ("attention", fragment) for a warning, ("erreur", fragment) for a refusal.
EXPECTED = {
    "animate-href": ("attention", "élément <animate>"),
    "set-href": ("attention", "élément <set>"),
    "css-escape-url": ("attention", "« fill » (adresse « url(https://evil.example/escape.svg#a) »)"),
    "css-image-set": ("attention", "style « cursor »"),
    "doctype-entity": ("erreur", "ligne 2 : déclaration DOCTYPE ou ENTITY interdite"),
    "entity-split-javascript": ("attention", "élément hors SVG <h:frame>"),
    "event-handler": ("attention", "attribut « onload » sur <svg> : gestionnaire d'événement"),
    "external-href": ("attention", "lien « https://evil.example/sprite.svg#a »"),
    "foreign-object": ("attention", "élément <foreignObject>"),
    "html-rooted-form": ("erreur", "ligne 1 : ce fichier n'est pas une image SVG"),
    "script": ("attention", "élément <script>"),
    "style-import-after-child": ("attention", "règle « @import »"),
    "url-clip-path": ("attention", "attribut « clip-path » sur <path> : adresse « url(https://evil.example/clip-path.svg#a) »"),
    "url-cursor": ("attention", "attribut « cursor » sur <rect>"),
    "url-fill": ("attention", "attribut « fill » sur <path> : adresse « url(https://evil.example/fill.svg#a) »"),
    "url-filter": ("attention", "attribut « filter » sur <path> : adresse « url(https://evil.example/filter.svg#a) »"),
    "url-marker-end": ("attention", "attribut « marker-end » sur <path>"),
    "url-marker-mid": ("attention", "attribut « marker-mid » sur <path>"),
    "url-marker-start": ("attention", "attribut « marker-start » sur <path>"),
    "url-mask": ("attention", "attribut « mask » sur <path>"),
    "xhtml-form": ("attention", "élément hors SVG <h:form>"),
    "xhtml-frame": ("attention", "élément hors SVG <h:frame>"),
    "xhtml-img": ("attention", "élément hors SVG <h:img>"),
    "xhtml-meta-refresh": ("attention", "élément hors SVG <h:meta>"),
    "xml-stylesheet-xsl": ("attention", "ligne 2 : instruction <?xml-stylesheet?>"),
}
ACCEPTED = sorted(name for name, (severity, _) in EXPECTED.items() if severity == "attention")


def hostile_svg(name: str) -> bytes:
    """The bytes of tests/fixtures/hostile-svg/<name>.svg."""
    return (FIXTURES / f"{name}.svg").read_bytes()


def test_every_fixture_has_an_expectation():
    assert sorted(p.stem for p in FIXTURES.glob("*.svg")) == sorted(EXPECTED)


def badge_with(name: str) -> str:
    """The sample badge, its image being badges/images/<name>.svg."""
    return replace(BADGE, "images/fabriquer.svg", f"images/{name}.svg")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_check_says_what_it_does_with_each_hostile_image(tmp_path, name):
    severity, fragment = EXPECTED[name]
    write_tree(tmp_path, "small", files={"badges/fabriquer.md": badge_with(name), f"badges/images/{name}.svg": hostile_svg(name),
                         "badges/images/fabriquer.svg": None})
    catalogue, problems, warnings = load(tmp_path, TODAY)
    reported = problems if severity == "erreur" else warnings
    mine = [p for p in reported if p.path == "badges/fabriquer.md" and p.line == IMAGE_LINE and p.field == "image"]
    assert any(f"badges/images/{name}.svg" in p.message and fragment in p.message for p in mine), \
        [str(p) for p in problems + list(warnings)]
    if severity == "erreur":
        assert catalogue is None
        assert any(str(p).startswith(f"badges/fabriquer.md:{IMAGE_LINE}: image: badges/images/{name}.svg : ligne ") for p in mine)
    else:
        assert problems == [], [str(p) for p in problems]
        assert any("l'image sera publiée sans" in str(p) and str(p).startswith("badges/fabriquer.md:7: image: attention : ")
                   for p in mine)


def test_check_reports_every_hostile_image_at_once_without_traceback(tmp_path):
    files = {}
    for name in EXPECTED:
        files[f"badges/{name}.md"] = badge_with(name)
        files[f"badges/images/{name}.svg"] = hostile_svg(name)
    write_tree(tmp_path, "small", files=files)
    result = subprocess.run([sys.executable, "-m", "catalogue", "--root", str(tmp_path), "check"], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "SOURCE_DATE_EPOCH": "1795564800"},
                            cwd=tmp_path, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output
    for name, (severity, fragment) in EXPECTED.items():
        line = next((ln for ln in output.splitlines() if ln.startswith(f"badges/{name}.md:{IMAGE_LINE}:")), "")
        assert fragment in line, f"{name}: {line!r}"
        assert ("attention" in line) == (severity == "attention"), line


# ---- the published files, opened directly in Chromium ------------------------------------------------


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """A site built with every accepted hostile image as a badge image; (output folder, repository)."""
    repo = tmp_path_factory.mktemp("hostile") / "repo"
    files = {}
    for name in ACCEPTED:
        files[f"badges/{name}.md"] = badge_with(name)
        files[f"badges/images/{name}.svg"] = hostile_svg(name)
    write_tree(repo, "small", repo=["content"], files=files)  # free pages are read from inside the repository only
    (repo / "theme").symlink_to(ROOT / "theme")
    output = repo.parent / "output"
    result = subprocess.run([sys.executable, "-m", "catalogue", "--root", str(repo), "build", "--output", str(output),
                             "--settings", str(ROOT / "pelicanconf.py")], capture_output=True, text=True, cwd=repo, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "SOURCE_DATE_EPOCH": "1795564800"})
    assert result.returncode == 0, result.stderr
    return output, repo


@pytest.fixture(scope="module")
def hostile_server(hostile_site):
    with serve_directory(hostile_site[0]) as base_url:
        yield base_url


FOREIGN_ELEMENTS = """() => Array.from(document.querySelectorAll('*'))
    .filter(e => e.namespaceURI !== 'http://www.w3.org/2000/svg').map(e => e.namespaceURI + ' ' + e.localName)"""


def open_directly(page_factory, url: str):
    """Open `url` as a document of its own, wait for animations, click and type: what happened."""
    page = page_factory(width=400, height=400)
    dialogs, navigations = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("framenavigated", lambda frame: navigations.append(frame.url))
    response = page.goto(url)
    page.wait_for_timeout(300)
    page.mouse.move(100, 100)
    page.mouse.click(100, 100)
    page.keyboard.type("secret")
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    return page, response, dialogs, [u for u in navigations if u != url]


@pytest.mark.parametrize("name", ACCEPTED)
def test_published_hostile_image_opened_directly_is_inert(page_factory, hostile_server, hostile_site, name):
    url = f"{hostile_server}badges/{name}/{name}.svg"
    page, response, dialogs, navigations = open_directly(page_factory, url)
    assert response.ok and response.headers["content-type"].startswith("image/svg+xml")
    assert dialogs == [], f"{name}: a script ran ({dialogs})"
    assert navigations == [] and page.url == url, f"{name}: the visitor was sent to {navigations}"
    assert external_requests(page.requested_urls, hostile_server) == [], name
    assert page.requested_urls == [url], f"{name}: {page.requested_urls}"
    assert page.evaluate("() => document.documentElement.namespaceURI") == "http://www.w3.org/2000/svg"
    assert page.evaluate(FOREIGN_ELEMENTS) == [], name
    assert page.evaluate("() => document.querySelector('title').textContent") == "Fabriquer au fablab"
    assert page.evaluate("() => Array.from(document.querySelectorAll('circle')).length") == 1  # the drawing is kept


def test_published_hostile_images_are_the_rebuilt_bytes_everywhere(hostile_site):
    """Badge page, badge list, Open Badges 2.0 and 3.0 all point to the rebuilt file, made the same in any process."""
    output, repo = hostile_site
    catalogue, problems, _ = load(repo, TODAY)
    assert problems == []
    for name in ACCEPTED:
        rebuilt = clean_image(hostile_svg(name), f"{name}.svg").data
        assert rebuilt != hostile_svg(name)
        badgeclass = json.loads((output / "badges" / name / "badgeclass.json").read_text(encoding="utf-8"))
        achievement = json.loads((output / "badges" / name / "achievement.json").read_text(encoding="utf-8"))
        page = (output / "badges" / name / "index.html").read_text(encoding="utf-8")
        listing = (output / "badges" / "index.html").read_text(encoding="utf-8")
        linked = {urljoin(SITE, badgeclass["image"]), urljoin(SITE, achievement["image"]["id"])}
        linked |= {urljoin(f"{SITE}badges/{name}/", src) for src in re.findall(rf'(?:src|href)="([^"]*/{name}\.svg)"', page)}
        linked |= {urljoin(f"{SITE}badges/", src) for src in re.findall(rf'src="([^"]*/{name}\.svg)"', listing)}
        paths = {urlsplit(url).path for url in linked}
        assert len(paths) == 1 and len(re.findall(rf'="[^"]*/{name}\.svg"', page)) == 2, linked
        assert (output / paths.pop().lstrip("/")).read_bytes() == rebuilt, name
    assert static.static_files(catalogue) == static.static_files(catalogue)


def test_shipped_images_are_published_without_warning_and_draw_the_same(page_factory, repo_root, tmp_path):
    """The sample badges, the template, and files as Inkscape and Illustrator save them (tests/fixtures/editor-svg/)."""
    images = (sorted((repo_root / "badges" / "images").glob("*.svg")) + [repo_root / "modeles" / "badge.svg"]
              + sorted((FIXTURES.parent / "editor-svg").glob("*.svg")))
    for image in images:
        (tmp_path / f"raw-{image.name}").write_bytes(image.read_bytes())
        cleaned = clean_image(image.read_bytes(), image.name)
        assert cleaned.problem is None and cleaned.dropped == (), image
        (tmp_path / f"clean-{image.name}").write_bytes(cleaned.data)
    with serve_directory(tmp_path) as base:
        page = page_factory(width=400, height=400)
        for image in images:
            page.goto(f"{base}raw-{image.name}")
            before = page.screenshot()
            page.goto(f"{base}clean-{image.name}")
            assert page.screenshot() == before, image.name


# ---- sizes that make check accepts never crash the build ----------------------------------------------

ODD_SIZES = {
    "dot in viewBox": 'viewBox="0 0 . 10"',
    "three numbers": 'viewBox="0 0 10"',
    "zero height": 'viewBox="0 0 10 0"',
    "negative width": 'viewBox="0 0 -10 10"',
    "overflowing number": 'viewBox="0 0 1e999 10"',
    "dot width": 'width="." height="10"',
    "percent": 'width="100%" height="50%"',
    "huge ratio": 'viewBox="0 0 1000000000 1"',
}


def odd_logo(attributes: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" {attributes} role="img"><title>Logo</title>'
            '<rect width="10" height="10" fill="#123"/></svg>')


def test_odd_logo_sizes_are_checked_and_built(tmp_path, page_factory):
    """`viewBox="0 0 . 10"` gave "Erreur interne du générateur" without a file name: now a warning, and a built page."""
    files = {}
    for i, case in enumerate(sorted(ODD_SIZES)):
        ident = f"logo-{i}"
        files[f"structures/{ident}.md"] = replace(replace(replace(STRUCTURE, "role: coordinateur", "role: membre-consortium"),
                                                          "id: le-dome-caen", f"id: lieu-{i}"),
                                                  "site_web:", f"logo: logos/{ident}.svg\nsite_web:")
        files[f"structures/logos/{ident}.svg"] = odd_logo(ODD_SIZES[case])
    repo = write_tree(tmp_path / "repo", "small", repo=["content"], files=files)  # free pages: from inside the repository only
    catalogue, problems, warnings = load(repo, TODAY)
    assert problems == [], [str(p) for p in problems]
    dot = [str(w) for w in warnings if w.path == "structures/logo-1.md" or "logos/" in w.message]
    assert any("viewBox illisible « 0 0 . 10 »" in w for w in dot), dot
    (repo / "theme").symlink_to(ROOT / "theme")
    output = tmp_path / "output"
    result = subprocess.run([sys.executable, "-m", "catalogue", "--root", str(repo), "build", "--output", str(output),
                             "--settings", str(ROOT / "pelicanconf.py")], capture_output=True, text=True, cwd=repo, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "SOURCE_DATE_EPOCH": "1795564800"})
    assert result.returncode == 0 and "Traceback" not in result.stderr and "Erreur interne" not in result.stderr, result.stderr
    with serve_directory(output) as base:
        page = page_factory(width=800)
        for i, case in enumerate(sorted(ODD_SIZES)):
            page.goto(f"{base}structures/logo-{i}/")
            box = page.locator("img.logo").bounding_box()
            assert box and 1 <= box["width"] <= 8 * pages.LOGO_HEIGHT, (case, box)
            assert box["height"] == pages.LOGO_HEIGHT or case == "huge ratio", (case, box)  # 1e9:1 drawn 512 x 0
            assert page.evaluate("() => document.querySelector('img.logo').naturalWidth") > 0, case


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["viewBox", "width", "height"]), st.text(alphabet="0123456789.-+eE, %px\t", max_size=20))
def test_image_size_never_fails(attribute, value):
    size = imagesize.image_size(f'<svg xmlns="http://www.w3.org/2000/svg" {attribute}="{value}" width="4" height="2">'.encode())
    assert size is None or all(0 < v < float("inf") for v in size)
    cleaned = clean_image(odd_logo(f'{attribute}="{value}"').encode(), "logo.svg")
    assert cleaned.problem is None and cleaned.data.startswith(b"<svg")
    size = imagesize.image_size(cleaned.data)
    assert size is None or all(0 < v < float("inf") for v in size)


# ---- raster logos and badge images: decoded and encoded again ------------------------------------------


def picture(fmt: str, **save) -> bytes:
    image = Image.new("RGB", (40, 20), "#1f5f8b")
    image.paste((255, 255, 255), (10, 5, 30, 15))
    out = io.BytesIO()
    image.save(out, fmt, **save)
    return out.getvalue()


def gps_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010E] = "Réunion chez Mme Martin, 12 rue des Lilas"  # ImageDescription
    exif.get_ifd(0x8825)[2] = (49.0, 11.0, 12.0)  # GPSLatitude
    return exif.tobytes()


TRAILER = b"<html><script>alert(document.domain)</script></html>"
RASTERS = {
    "logo.png": lambda: picture("PNG", pnginfo=_png_text(), exif=gps_exif()) + TRAILER,
    "logo.jpg": lambda: picture("JPEG", quality=95, exif=gps_exif(), comment=b"Mme Martin") + TRAILER,
    "logo.webp": lambda: picture("WEBP", lossless=True, exif=gps_exif()) + TRAILER,
}


def _png_text():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "Mme Martin, 06 12 34 56 78")
    return info


@pytest.mark.parametrize("name", sorted(RASTERS))
def test_raster_logo_is_published_as_its_pixels_only(tmp_path, name):
    raw = RASTERS[name]()
    write_tree(tmp_path, "small", files={"structures/le-dome.md": replace(STRUCTURE, "site_web:", f"logo: logos/{name}\nsite_web:"),
                         f"structures/logos/{name}": raw})
    catalogue, problems, warnings = load(tmp_path, TODAY)
    assert problems == [] and not [w for w in warnings if "logos/" in w.message], [str(p) for p in problems + list(warnings)]
    published = static.static_files(catalogue)[f"structures/le-dome/{name}"]
    assert published == clean_image(raw, name).data and published != raw
    for secret in (b"Martin", b"Lilas", b"<script", b"Exif"):
        assert secret not in published, secret
    with Image.open(io.BytesIO(published)) as out, Image.open(io.BytesIO(raw)) as before:
        assert out.format == before.format and out.size == (40, 20)
        assert not out.getexif() and "Comment" not in out.info and "exif" not in out.info
        differences = [abs(a - b) for p, q in zip(out.convert("RGB").get_flattened_data(), before.convert("RGB").get_flattened_data())
                       for a, b in zip(p, q)]
        assert (max(differences) == 0) if name != "logo.jpg" else (sum(differences) / len(differences) < 2), name


@pytest.mark.parametrize("name, data", [
    ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    ("logo.jpg", picture("PNG")),
    ("logo.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 garbage"),
    ("logo.png", picture("PNG")[:60]),
])
def test_file_that_is_not_the_image_its_name_says_is_refused(tmp_path, name, data):
    write_tree(tmp_path, "small", files={"structures/le-dome.md": replace(STRUCTURE, "site_web:", f"logo: logos/{name}\nsite_web:"),
                         f"structures/logos/{name}": data})
    catalogue, problems, _ = load(tmp_path, TODAY)
    assert catalogue is None
    kind = {"logo.png": "PNG", "logo.jpg": "JPEG", "logo.webp": "WebP"}[name]
    assert [str(p) for p in problems] == [
        f"structures/le-dome.md:6: logo: structures/logos/{name} : image illisible : ce fichier n'est pas une image {kind} valide ; "
        f"ouvrez-la dans un logiciel d'images et enregistrez-la de nouveau en {kind}"]


@pytest.mark.parametrize("side, size", [(6_000, "6000 × 6000 pixels"), (20_000, "plus de 25 millions de pixels")])
def test_decompression_bomb_is_refused(tmp_path, side, size):
    """A small file whose header announces side × side pixels (IHDR rewritten, CRC recomputed)."""
    small = io.BytesIO()
    Image.new("1", (1, 1)).save(small, "PNG")
    data = small.getvalue()
    header = b"IHDR" + side.to_bytes(4, "big") * 2 + data[24:29]
    bomb = io.BytesIO(data[:12] + header + zlib.crc32(header).to_bytes(4, "big") + data[33:])
    write_tree(tmp_path, "small", files={"structures/le-dome.md": replace(STRUCTURE, "site_web:", "logo: logos/bombe.png\nsite_web:"),
                         "structures/logos/bombe.png": bomb.getvalue()})
    catalogue, problems, _ = load(tmp_path, TODAY)
    assert catalogue is None and any(f"image trop grande ({size})" in p.message for p in problems), [str(p) for p in problems]


def test_raster_rebuild_is_the_same_in_another_process():
    raw = RASTERS["logo.webp"]()
    code = ("import sys; from catalogue.sanitise.images import clean_image; "
            "sys.stdout.buffer.write(clean_image(sys.stdin.buffer.read(), 'logo.webp').data)")
    other = subprocess.run([sys.executable, "-c", code], input=raw, capture_output=True, timeout=60,
                           env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")}).stdout
    assert other == clean_image(raw, "logo.webp").data


# ---- whatever the bytes, the rebuild never fails and is a fixed point ----------------------------------


@settings(max_examples=250, deadline=None)
@given(st.sampled_from(sorted(EXPECTED) + ["editor:inkscape", "editor:illustrator"]), st.integers(0, 10_000),
       st.text(alphabet='<>/="\'&#;:()\\ \t\nxlinkhrefstyleurlsvgaon-!?[]{}@', max_size=12))
def test_rebuild_of_mangled_image_never_fails_and_is_stable(name, position, insert):
    source = (FIXTURES.parent / "editor-svg" / f"{name[7:]}.svg").read_bytes() if name.startswith("editor:") else hostile_svg(name)
    position %= len(source) + 1
    mangled = source[:position] + insert.encode() + source[position:]
    first = clean_image(mangled, "image.svg")
    assert (first.data is None) != (first.problem is None)
    if first.data is not None:
        again = clean_image(first.data, "image.svg")
        assert again.data == first.data and again.dropped == () and again.problem is None


def test_warning_names_the_line_of_what_was_dropped(tmp_path):
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"\n     role="img">\n<title>Fabriquer au fablab</title>\n'
           '<rect\n  width="10"\n  onclick="alert(1)"\n  height="10"/>\n<script\n>alert(2)</script>\n</svg>\n')
    write_tree(tmp_path, "small", files={"badges/images/fabriquer.svg": svg, "badges/fabriquer.md": BADGE})
    _, problems, warnings = load(tmp_path, TODAY)
    assert problems == []
    assert [str(w) for w in warnings if "fabriquer.svg" in w.message] == [
        "badges/fabriquer.md:7: image: attention : badges/images/fabriquer.svg : l'image sera publiée sans ce qui suit, "
        "que le site n'accepte pas : ligne 6 : attribut « onclick » sur <rect> : gestionnaire d'événement ; "
        "ligne 8 : élément <script> et son contenu ; vérifiez son apparence, ou enregistrez-la en « SVG simple » "
        "(dessin seul, sans script, ni lien, ni image externe)"]
