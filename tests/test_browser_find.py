"""Finding an activity as a person would, in headless Chromium at 360 px (issue 18, « Find »):
from the home page to an activity in at most three taps with JavaScript off, the A–Z index without
JavaScript, instant search with it (accents and plurals ignored), axe at 0 on every new page."""

from __future__ import annotations

import re

import pytest

from test_browser_site import AXE_TAGS

WIDTH = 360


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    return [f"{page.url}: {v['id']} – {v['help']} : {[n['target'] for n in v['nodes'][:3]]}" for v in results.response["violations"]]


def tap(page, locator) -> None:
    """One tap: the element is visible on a 360 px screen and leads somewhere."""
    locator.scroll_into_view_if_needed()
    assert locator.is_visible()
    with page.expect_navigation():
        locator.click()


def heading(page) -> str:
    return re.sub(r"\s+", " ", page.locator("h1").inner_text()).strip()


@pytest.mark.parametrize("place, view, expected_heading", [
    ("Hérouville-Saint-Clair", "Gratuit", "Les activités à Hérouville-Saint-Clair : gratuites"),
    ("Le Val", "Sans inscription", "Les activités du quartier Le Val, à Hérouville-Saint-Clair : sans inscription"),
    ("Évrecy", "Cette semaine", "Les activités à Évrecy : cette semaine"),
])
def test_home_to_an_activity_near_home_in_three_taps_without_javascript(page_factory, site_server, place, view, expected_heading):
    page = page_factory(width=WIDTH, javascript=False)
    page.goto(site_server)
    near = page.locator("section[aria-labelledby='pres-de-chez-vous']")
    assert "Près de chez vous" in near.inner_text()
    tap(page, near.get_by_role("link", name=re.compile(rf"^{re.escape(place)}\b")).first)  # 1
    assert heading(page).startswith(expected_heading.split(" :")[0])
    every = int(re.search(r"(\d+) activités?\.", page.locator("main").inner_text()).group(1))
    chip = page.locator("nav.filters").get_by_role("link", name=re.compile(rf"^{view} \(\d+\)$"))
    counted = int(re.search(r"\((\d+)\)", chip.inner_text()).group(1))
    tap(page, chip)  # 2
    assert heading(page).replace("\u00a0", " ") == expected_heading
    assert page.locator("nav.filters a[aria-current='page']").inner_text().startswith(view)
    cards = page.locator("ul.cards > li.card")
    assert cards.count() == counted and f"{counted} activité" in page.locator("main").inner_text()
    assert f"sur {every}" in page.locator("main").inner_text()
    first = cards.first
    title = first.locator("h3 a").inner_text().strip()
    facts = first.locator(".facts").inner_text().replace("\u00a0", " ")
    assert "Prix :" in facts and "Inscription :" in facts
    if view == "Gratuit":
        assert "Prix : gratuit" in facts
    if view == "Sans inscription":
        assert "Inscription : sans inscription" in facts
    if view == "Cette semaine":
        assert "Prochaine séance :" in facts and facts.rstrip().endswith(place)
    tap(page, first.locator("h3 a"))  # 3
    assert heading(page) == title
    main = page.locator("main").inner_text()
    assert "Quand" in main and "Où" in main


def test_without_javascript_the_search_box_leads_to_the_a_to_z_index(page_factory, site_server):
    page = page_factory(width=WIDTH, javascript=False)
    page.goto(site_server + "activites/")
    box = page.get_by_role("search").get_by_label("Rechercher")
    box.fill("velo")
    with page.expect_navigation():
        box.press("Enter")
    assert "/recherche/" in page.url and heading(page) == "Rechercher"
    text = page.locator("main").inner_text()
    assert "Tout de A à Z" in text
    index = page.locator("ul.index a")
    names = [n.strip() for n in index.all_inner_texts()]
    assert "Repair café du premier samedi" in names and "Hérouville-Saint-Clair" in names and "Le Dôme" in names
    tap(page, page.get_by_role("link", name="R", exact=True))
    tap(page, page.locator("ul.index").get_by_role("link", name="Repair café du premier samedi"))
    assert heading(page) == "Repair café du premier samedi"


@pytest.mark.parametrize("typed", ["velo", "vélos", "VELO"])
def test_with_javascript_search_finds_words_without_their_accents_or_plurals(page_factory, site_server, typed):
    page = page_factory(width=WIDTH, javascript=True)
    page.goto(site_server + "agenda/", wait_until="networkidle")
    assert not [u for u in page.requested_urls if "/pagefind/" in u], "Pagefind loads only when someone searches"
    box = page.locator("header").get_by_role("search").get_by_label("Rechercher")
    box.fill(typed)
    results = page.locator("header .search-results")
    results.get_by_role("link", name="Repair café du premier samedi").wait_for(timeout=10_000)
    assert re.search(rf"\d+ résultats? pour « {re.escape(typed)} »", results.inner_text())
    assert "Activité, Colombelles" in results.inner_text()
    assert [u for u in page.requested_urls if "/pagefind/" in u]
    assert not [e for e in page.console_errors if "Content Security Policy" in e or "Error" in e], page.console_errors
    with page.expect_navigation():
        results.get_by_role("link", name="Repair café du premier samedi").click()
    assert heading(page) == "Repair café du premier samedi"


def test_with_javascript_places_and_communes_are_found_and_nothing_is_found_says_so(page_factory, site_server):
    page = page_factory(width=WIDTH, javascript=True)
    page.goto(site_server + "recherche/?q=herouville")
    results = page.locator("main .search-results")
    results.locator("ul.results li").first.wait_for(timeout=10_000)
    assert "Hérouville" in results.inner_text()
    assert page.locator("main").get_by_role("search").get_by_label("Rechercher").input_value() == "herouville"
    box = page.locator("main").get_by_role("search").get_by_label("Rechercher")
    box.fill("zzzqqq")
    results.get_by_text("Aucun résultat pour « zzzqqq »").wait_for(timeout=10_000)
    assert page.locator("main [role=status]").inner_text().startswith("Aucun résultat pour « zzzqqq »")
    assert axe_violations(page) == []


@pytest.mark.parametrize("url", [
    "", "communes/herouville-saint-clair/", "communes/herouville-saint-clair/gratuit/",
    "communes/herouville-saint-clair/quartiers/le-val/", "communes/baron-sur-odon/accessible/", "recherche/",
    "agenda/2026-12-28/", "agenda/2027-03/",
])
def test_axe_finds_nothing_on_the_pages_that_help_find(page_factory, site_server, url):
    page = page_factory(width=WIDTH)  # axe-core runs as a script
    page.goto(site_server + url)
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_axe_finds_nothing_with_search_results_shown(page_factory, site_server):
    page = page_factory(width=WIDTH, javascript=True)
    page.goto(site_server + "communes/evrecy/")
    page.locator("header").get_by_role("search").get_by_label("Rechercher").fill("fablab")
    page.locator("header .search-results ul.results li").first.wait_for(timeout=10_000)
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
