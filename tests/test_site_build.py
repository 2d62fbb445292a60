"""Checks on the real built site, file by file, without a browser: HTML validity (vnu, one Java
run over every page), internal links, weight, no script or web font, images, sessions shown."""

from __future__ import annotations

import gzip
import re
from collections import defaultdict
from datetime import date
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from helpers import format_vnu_errors, vnu_check

BUILD_DAY = date(2026, 11, 25)  # SOURCE_DATE_EPOCH of conftest
MAX_GZIPPED_BYTES = 50 * 1024
NETWORKLESS_SCHEMES = ("mailto:", "tel:", "geo:", "sms:", "data:")

# Messages of the old bundled vnu (20.6.30) about HTML that is valid today. Keep these narrow.
VNU_IGNORE: tuple[str, ...] = (
    # CSP Level 3's source for WebAssembly (Pagefind's search), unknown to that vnu's CSP grammar
    r"""^Bad value “default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'self'; form-action 'self'” for attribute “content” on element “meta”: Expecting source-expression but found "'wasm-unsafe-eval'".""",
)


# ---- parsing helpers (also used by the browser tests) ----------------------------------------


class PageParser(HTMLParser):
    """Collects what the checks need from one HTML file."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.ids: set[str] = set()
        self.images: list[dict] = []
        self.scripts = 0
        self.lang = None
        self.styles: list[str] = []
        self.first_link: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "html":
            self.lang = attributes.get("lang")
        if tag == "script" and attributes.get("type") != "application/ld+json":  # JSON-LD is data, never run
            self.scripts += 1
        if tag == "img":
            self.images.append(attributes)
        if tag == "a" and self.first_link is None:
            self.first_link = attributes.get("href")
        if tag == "link" and "stylesheet" in (attributes.get("rel") or "").split():
            self.styles.append(attributes.get("href", ""))
        for name in ("href", "src"):
            if attributes.get(name) is not None:
                self.links.append((tag, name, attributes[name]))
        if attributes.get("srcset"):
            for candidate in attributes["srcset"].split(","):
                self.links.append((tag, "srcset", candidate.strip().split(" ")[0]))


@lru_cache(maxsize=None)
def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


# The editors' form (admin/) is a JavaScript application for partners, not a page for visitors:
# it has its own tests. Everything else is the public site.
NOT_PUBLIC = ("admin",)


def is_public(site: Path, path: Path) -> bool:
    return path.relative_to(site).parts[0] not in NOT_PUBLIC


def html_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if is_public(site, p))


def is_internal(value: str) -> bool:
    value = value.strip()
    if value.startswith(NETWORKLESS_SCHEMES):
        return False
    parts = urlsplit(value)
    return not parts.scheme and not parts.netloc


def resolve(site: Path, page: Path, value: str) -> tuple[Path, str]:
    """(target file, fragment) of an internal link found in `page`."""
    parts = urlsplit(value)
    path = unquote(parts.path)
    if path.startswith("/"):
        target = site / path.lstrip("/")
    elif path == "":
        target = page
    else:
        target = page.parent / path
    if path.endswith("/") or (path and target.is_dir()):
        target = target / "index.html"
    return Path(_normalise(target)), parts.fragment


def _normalise(path: Path) -> str:
    import os

    return os.path.normpath(str(path))


def page_url(site: Path, path: Path) -> str:
    """The address of a built file relative to the site root, as a server gives it."""
    relative = path.relative_to(site).as_posix()
    return relative.removesuffix("index.html")


# ---- the checks ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages_html(built_site) -> list[Path]:
    files = html_files(built_site)
    assert len(files) > 20, f"only {len(files)} pages built"
    return files


@pytest.fixture(scope="module")
def catalogue(repo_root):
    from fixtures import load

    catalogue, problems, _ = load(repo_root, BUILD_DAY)
    assert catalogue is not None, problems
    return catalogue


def test_vnu_finds_no_error_on_any_page(pages_html):
    errors = vnu_check(pages_html, ignore=VNU_IGNORE)
    assert not errors, f"{len(errors)} erreur(s) vnu :\n" + format_vnu_errors(errors[:60])


def test_no_broken_internal_link(built_site, pages_html):
    broken = []
    for page in pages_html:
        for tag, attribute, value in parse(page).links:
            if not is_internal(value):
                continue
            target, fragment = resolve(built_site, page, value)
            if not Path(target).resolve().is_relative_to(built_site.resolve()):
                broken.append(f"{page.relative_to(built_site)}: {value} sort du site")
            elif not target.is_file():
                broken.append(f"{page.relative_to(built_site)}: <{tag} {attribute}={value!r}> → {target} introuvable")
            elif fragment and target.suffix == ".html" and fragment not in parse(target).ids:
                broken.append(f"{page.relative_to(built_site)}: {value} → ancre #{fragment} absente")
    assert not broken, f"{len(broken)} lien(s) cassé(s) :\n" + "\n".join(broken[:50])


def test_every_page_weighs_less_than_50_kb_gzipped(built_site, pages_html):
    sizes = {}
    for page in pages_html:
        total = len(gzip.compress(page.read_bytes(), 9))
        for style in parse(page).styles:
            target, _ = resolve(built_site, page, style)
            total += len(gzip.compress(target.read_bytes(), 9))
        sizes[page.relative_to(built_site).as_posix()] = total
    heaviest = max(sizes, key=sizes.get)
    print(f"\npage la plus lourde : {heaviest}, {sizes[heaviest]} octets (HTML + CSS, gzip)")
    too_big = {p: s for p, s in sizes.items() if s >= MAX_GZIPPED_BYTES}
    assert not too_big, f"pages de plus de 50 Ko gzip : {too_big}"


SEARCH_SCRIPT = "theme/js/search.js"


def test_no_script_but_the_search_no_web_font_no_third_party_resource(built_site, pages_html):
    """Pages need no JavaScript; the one script is the site's own search box (its results where
    JavaScript runs), and the only other scripts are Pagefind's, fetched by it on a search."""
    for page in pages_html:
        parsed = parse(page)
        assert parsed.scripts <= 1, f"{page}: {parsed.scripts} <script> (seul celui de la recherche est permis)"
        sources = [value for tag, attribute, value in parsed.links if tag == "script"]
        assert all(Path(resolve(built_site, page, s)[0]).resolve() == (built_site / SEARCH_SCRIPT).resolve() for s in sources), f"{page}: {sources}"
        for tag, attribute, value in parsed.links:
            if tag != "a" and attribute in ("src", "srcset", "href"):
                assert is_internal(value) or value.startswith("data:"), f"{page}: ressource externe {value}"
    for css in (p for p in built_site.rglob("*.css") if is_public(built_site, p)):
        text = css.read_text(encoding="utf-8")
        assert "@font-face" not in text, f"{css}: police web"
        assert "@import" not in text
        for url in re.findall(r"url\(([^)]*)\)", text):
            assert is_internal(url.strip("'\"")), f"{css}: ressource externe {url}"
    scripts = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*.js") if is_public(built_site, p)}
    assert scripts == {SEARCH_SCRIPT, "pagefind/pagefind.js", "pagefind/pagefind-worker.js"}, scripts
    assert not [p for p in built_site.rglob("*") if p.suffix in (".woff", ".woff2", ".ttf", ".otf", ".eot")]


def test_every_page_is_french_with_a_skip_link(pages_html):
    for page in pages_html:
        parsed = parse(page)
        assert parsed.lang == "fr", f"{page}: lang={parsed.lang!r}"
        assert parsed.first_link == "#contenu", f"{page}: le premier lien doit être le lien d'évitement"
        assert "contenu" in parsed.ids


def test_images_are_sized_and_have_alt(pages_html):
    for page in pages_html:
        for image in parse(page).images:
            assert "alt" in image, f"{page}: image sans alt {image}"
            assert image.get("width") and image.get("height"), f"{page}: image sans dimensions {image}"


def test_every_activity_and_upcoming_session_is_on_its_page(built_site, catalogue):
    from catalogue.outputs import schedule
    from catalogue.outputs import urls

    assert catalogue.activities, "aucune activité dans le contenu"
    for activity in catalogue.activities.values():
        page = built_site / urls.activity_url(activity.id) / "index.html"
        assert page.is_file(), f"pas de page pour {activity.id}"
        html = page.read_text(encoding="utf-8")
        hrefs = {value for _, _, value in parse(page).links}
        for session in schedule.upcoming(catalogue, catalogue.sessions_of(activity.id)):
            if session.course and session.course_day > 1:  # a course is one line, dated by its first day
                continue
            if session.suspension:  # an interruption is one line with its reason, not one line per session
                assert session.suspension in html.replace("\u00a0", " ").replace("&#39;", "'"), f"{activity.id}: interruption absente"
                continue
            assert f'datetime="{session.start.isoformat()}"' in html, f"{activity.id}: séance {session.key} absente"
            calendar = built_site / urls.session_calendar_path(session)
            if session.cancelled or session.status:  # cancelled, full or postponed: nothing to add to a calendar
                assert not calendar.exists() or session.course
            else:  # one file per session, or per course (all its days) for a stage shown as one line
                name = f"{session.course or session.key}.ics"
                assert calendar.is_file(), f"{calendar} absent"
                assert name in {h.rsplit('/', 1)[-1] for h in hrefs}, f"{activity.id}: pas de lien vers {name}"


def test_agenda_weeks_list_every_session_of_the_coming_weeks(built_site, catalogue):
    from catalogue.outputs import views

    shown = defaultdict(str)
    for week in views.weeks(catalogue):
        shown[week.url] = (built_site / week.url / "index.html").read_text(encoding="utf-8")
        for _, items in week.days:
            for item in items:
                assert f'datetime="{item.session.start.isoformat()}"' in shown[week.url]


def test_cancelled_sessions_are_struck_through_with_a_visible_word_and_reason(built_site, catalogue):
    from catalogue.outputs import views

    cancelled = [(w, i) for w in views.weeks(catalogue) for _, items in w.days for i in items if i.session.cancelled]
    if not cancelled:
        pytest.skip("aucune séance annulée dans les semaines de l'agenda")
    for week, item in cancelled:
        html = (built_site / week.url / "index.html").read_text(encoding="utf-8")
        pattern = re.compile(
            r'<li class="session is-cancelled">\s*<strong class="tag tag-cancelled">Annulé</strong>\s*<del><time datetime="'
            + re.escape(item.session.start.isoformat()) + r'">.*?</del>(.*?)</li>', re.S)
        found = pattern.search(html)
        assert found, f"séance annulée {item.session.key} non barrée dans {week.url}"
        reason = item.session.cancel_reason.replace("'", "&#39;")
        assert reason in found.group(1), f"motif absent pour {item.session.key}"


def test_french_dates_in_the_agenda(built_site):
    html = (built_site / "agenda" / "2026-11-30" / "index.html").read_text(encoding="utf-8")
    assert "lundi 30 novembre" in html and "mardi 1er décembre" in html
    assert "du 30\u00a0novembre au 6\u00a0décembre" in html


def test_calendar_files_are_served_as_calendars(built_site):
    files = list(built_site.rglob("*.ics"))
    assert files
    for path in files[:50]:
        data = path.read_bytes()
        assert data.startswith(b"BEGIN:VCALENDAR\r\n") and b"BEGIN:VEVENT" in data


def test_404_links_work_from_any_depth(built_site):
    parsed = parse(built_site / "404.html")
    assert "/theme/css/style.css" in parsed.styles
    for _, _, value in parsed.links:
        if is_internal(value) and not value.startswith("#"):
            assert value.startswith("/"), f"404.html : lien relatif {value} cassé hors de la racine"
