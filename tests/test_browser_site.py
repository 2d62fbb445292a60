"""The real built site in headless Chromium: axe-core, layout at 320 px, tap targets, focus,
skip link, no JavaScript needed, lazy images, print on A4, screenshots for review."""

from __future__ import annotations

import re
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest

from test_site_build import html_files, page_url

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = (320, 1280)


# ---- which pages stand for each template --------------------------------------------------------


def _first(site: Path, folder: str, predicate=lambda html: True) -> str | None:
    for page in sorted((site / folder).glob("*/index.html")):
        if predicate(page.read_text(encoding="utf-8")):
            return page_url(site, page)
    return None


@pytest.fixture(scope="module")
def samples(built_site) -> dict[str, str]:
    """One page per template (the richest one where it matters), by name."""
    found = {
        "accueil": "",
        "catalogue": "activites/",
        "filtre": "filtres/gratuit/",
        "agenda": "agenda/",
        "activite": _first(built_site, "activites", lambda h: "is-cancelled" in h and 'class="badges"' in h)
        or _first(built_site, "activites"),
        "structure": _first(built_site, "structures", lambda h: 'class="place"' in h and 'class="cards"' in h),
        "partenaires": "partenaires/",
        "badges": "badges/",
        "badge": _first(built_site, "badges"),
        "accessibilite": "accessibilite/",
        "mentions": "mentions-legales/",
        "donnees": "donnees-ouvertes/",
        "404": "404.html",
    }
    if (built_site / "abonnement" / "index.html").is_file():
        found["abonnement"] = "abonnement/"
    missing = [name for name, url in found.items() if url is None]
    assert not missing, f"pas de page représentative pour {missing}"
    return found


# ---- axe-core ----------------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_violation_on_any_template(page_factory, site_server, samples, width):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page = page_factory(width=width)
    report = []
    for name, url in samples.items():
        page.goto(site_server + url)
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
        for violation in results.response["violations"]:
            targets = [", ".join(map(str, node["target"])) for node in violation["nodes"][:5]]
            report.append(f"{name} ({url or '/'}) à {width} px : {violation['id']} – {violation['help']} : {targets}")
    assert not report, f"{len(report)} violation(s) axe :\n" + "\n".join(report)


# ---- every page at 320 px: no horizontal scroll, tap targets, images -------------------------

# Targets smaller than 24 x 24 px are allowed inline in a sentence (WCAG 2.5.8, "inline").
MEASURE = """() => {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth) problems.push(`défilement horizontal : ${doc.scrollWidth} > ${doc.clientWidth}`);
  for (const el of document.querySelectorAll('a[href], button, summary, input, select, textarea')) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden' || box.width === 0 || el.closest('.sr')) continue;
    if (el.classList.contains('skip')) continue;
    if (box.right > doc.clientWidth + 0.5) problems.push(`dépasse à droite : ${el.outerHTML.slice(0, 80)}`);
    const parent = el.parentElement;
    const own = el.textContent.replace(/\\s+/g, ' ').trim();
    const around = parent.textContent.replace(/\\s+/g, ' ').trim();
    const inSentence = style.display === 'inline' && /[a-zà-ÿ]{2,}/i.test(around.replace(own, ''));
    if ((box.width < 24 || box.height < 24) && !inSentence) {
      problems.push(`cible ${Math.round(box.width)}x${Math.round(box.height)} : ${el.outerHTML.slice(0, 100)}`);
    }
  }
  for (const img of document.images) {
    const box = img.getBoundingClientRect();
    if (!img.hasAttribute('alt') || !img.getAttribute('width') || !img.getAttribute('height')) problems.push(`image : ${img.outerHTML.slice(0, 100)}`);
    if (box.top + window.scrollY > window.innerHeight && img.loading !== 'lazy') problems.push(`image sous la ligne de flottaison sans loading=lazy : ${img.src}`);
    if (box.right > doc.clientWidth + 0.5) problems.push(`image trop large : ${img.src}`);
  }
  return problems;
}"""


def test_every_page_fits_320_px_with_large_enough_targets(page_factory, site_server, built_site):
    """Every public page, not a sample: the check is cheap and layouts break on one long word."""
    page = page_factory(width=320, javascript=True)
    report = []
    for path in html_files(built_site):
        url = page_url(built_site, path)
        page.goto(site_server + url)
        report += [f"{url or '/'} : {problem}" for problem in page.evaluate(MEASURE)]
    assert not report, f"{len(report)} problème(s) à 320 px :\n" + "\n".join(report[:400])


# ---- keyboard ----------------------------------------------------------------------------------


FOCUS_STYLE = """() => {
  const el = document.activeElement;
  const s = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {tag: el.tagName, text: el.textContent.trim().slice(0, 40), cls: el.className,
          outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 && s.outlineColor !== 'rgba(0, 0, 0, 0)',
          shadow: s.boxShadow !== 'none', background: s.backgroundColor,
          visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < window.innerHeight};
}"""


def test_skip_link_is_first_visible_on_focus_and_moves_to_the_content(page_factory, site_server, samples):
    page = page_factory(width=320)
    page.goto(site_server + samples["activite"])
    assert page.evaluate("document.querySelector('.skip').getBoundingClientRect().bottom") <= 0, "le lien d'évitement doit être caché avant le focus"
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUS_STYLE)
    assert focused["cls"] == "skip" and focused["text"] == "Aller au contenu" and focused["visible"], focused
    page.keyboard.press("Enter")
    assert page.url.endswith("#contenu")
    assert page.evaluate("document.activeElement.id") == "contenu"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null"), "après l'évitement, le focus suit dans le contenu"


@pytest.mark.parametrize("name", ["accueil", "catalogue", "activite", "agenda"])
def test_focus_is_visible_on_every_focusable_element(page_factory, site_server, samples, name):
    page = page_factory(width=1280)
    page.goto(site_server + samples[name])
    count = page.evaluate("""[...document.querySelectorAll('a[href], summary')].filter(el => {
        const closed = el.closest('details:not([open])');
        return !closed || (el.tagName === 'SUMMARY' && el.parentElement === closed);
    }).length""")
    seen = []
    for _ in range(min(count, 60)):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_STYLE)
        if focused["tag"] == "BODY":
            break
        seen.append(focused)
        assert focused["outline"] or focused["shadow"], f"focus invisible sur {focused}"
        assert focused["visible"], f"élément focalisé hors de l'écran : {focused}"
    assert len(seen) >= min(count, 60) - 1


# ---- without JavaScript ------------------------------------------------------------------------


def test_without_javascript_every_page_activity_and_session_is_reachable_from_home(page_factory, site_server, built_site, repo_root):
    from catalogue.outputs import schedule
    from catalogue.outputs import urls
    from catalogue.outputs import views
    from catalogue.content.load import load
    from test_site_build import BUILD_DAY

    catalogue, _, _ = load(repo_root, BUILD_DAY)
    page = page_factory(width=360, javascript=False)
    start = site_server
    queue, visited, linked = deque([start]), set(), set()
    while queue:
        url = queue.popleft()
        if url in visited:
            continue
        visited.add(url)
        response = page.goto(url, wait_until="domcontentloaded")
        assert response.ok, f"{url} : {response.status}"
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            absolute, _ = urldefrag(href)
            if not absolute.startswith(site_server):
                continue
            linked.add(absolute)
            if (absolute.endswith("/") or absolute.endswith(".html")) and not absolute.startswith(site_server + "admin/"):
                if absolute not in visited:
                    queue.append(absolute)
    reached = {urlsplit(u).path.lstrip("/") for u in visited}
    expected = {page_url(built_site, p) for p in html_files(built_site)} - {"404.html"}
    # The calendar of a structure without any activity has a subscribe page that nothing links to
    # (an empty calendar); every other page must be reachable.
    expected -= {f"abonnement/structure/{sid}/" for sid in catalogue.structures if not catalogue.activities_of(sid)}
    assert not expected - reached, f"pages inatteignables sans JavaScript : {sorted(expected - reached)}"
    linked_paths = {urlsplit(u).path.lstrip("/") for u in linked}
    for activity in catalogue.activities:
        assert urls.activity_url(activity) in reached
    for session in schedule.upcoming(catalogue, catalogue.sessions):
        if views.addable(session):  # not cancelled, full or postponed; a course's days share one file
            assert urls.session_calendar_path(session) in linked_paths, f"séance {session.key} sans lien"
        elif not session.course:
            assert urls.session_calendar_path(session) not in linked_paths, f"séance {session.key} proposée à l'agenda"


def test_no_web_font_and_no_request_to_another_host(page_factory, site_server, samples):
    page = page_factory(width=360)
    fonts = []
    page.on("request", lambda request: fonts.append(request.url) if request.resource_type == "font" else None)
    for url in samples.values():
        page.goto(site_server + url)
        assert page.evaluate("document.fonts.size") == 0
    assert not fonts
    # page_factory fails the test on any request to another host


# ---- print ------------------------------------------------------------------------------------


def _pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", data))


@pytest.mark.parametrize("name, max_pages", [("activite", 4), ("agenda", 4)])
def test_prints_cleanly_on_a4(page_factory, site_server, samples, artifacts_dir, name, max_pages):
    page = page_factory(width=794)  # A4 at 96 dpi
    page.goto(site_server + samples[name])
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['header.site nav', 'footer.site', '.skip', '.ics', '.pager', '.weeks', '.maps']
        .flatMap(s => [...document.querySelectorAll(s)])
        .filter(el => getComputedStyle(el).display !== 'none').map(el => el.outerHTML.slice(0, 60))""")
    assert not hidden, f"éléments d'écran imprimés : {hidden}"
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.screenshot(path=artifacts_dir / f"impression-{name}.png", full_page=True)
    pdf = page.pdf(format="A4", print_background=False, prefer_css_page_size=True)
    (artifacts_dir / f"impression-{name}.pdf").write_bytes(pdf)
    count = _pdf_pages(pdf)
    assert 1 <= count <= max_pages, f"{name} : {count} pages A4"


# ---- screenshots for review ----------------------------------------------------------------------


def test_screenshots_at_360_px(page_factory, site_server, samples, artifacts_dir):
    page = page_factory(width=360)
    for name in ("accueil", "catalogue", "activite"):
        page.goto(site_server + samples[name])
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # loads the lazy images
        page.wait_for_load_state("networkidle")
        page.evaluate("window.scrollTo(0, 0)")
        target = artifacts_dir / f"ecran-360-{name}.png"
        page.screenshot(path=target, full_page=True)
        assert target.stat().st_size > 10_000
