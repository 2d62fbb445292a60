"""Finding an activity on the built site, without a browser (issue 18, « Find »): commune and
neighbourhood pages with their static views, the A–Z index, the search index, lists in the order
of the titles people read, cards, folded dates, the agenda over the whole season."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from html import unescape
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from test_situations_content import cards_text, text_of

PARIS = ZoneInfo("Europe/Paris")
BUILD_DAY = date(2026, 11, 25)  # SOURCE_DATE_EPOCH of conftest
COUNT = re.compile(r"^(\d+) activités?(?: sur (\d+))?\.", re.MULTILINE)


@pytest.fixture(scope="module")
def catalogue(repo_root):
    from fixtures import load_catalogue

    return load_catalogue(repo_root, BUILD_DAY)


def plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def titles(path: Path) -> list[str]:
    return [unescape(re.sub(r"\s+", " ", t)).strip() for t in re.findall(r'<li class="card">\s*<h[23]><a [^>]*>([^<]+)</a>', path.read_text(encoding="utf-8"))]


def french_order(name: str) -> str:
    """Written again here, independently of the site's code: accents, case and a leading article ignored."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"^(l'|le |la |les )", "", folded.replace("’", "'"))


def places_of(catalogue, activity) -> set[str]:
    start = datetime.combine(BUILD_DAY, time(), tzinfo=PARIS)
    return {activity.place} | {s.place for s in catalogue.sessions_of(activity.id) if s.end >= start and not s.cancelled}


# ---- communes and neighbourhoods -------------------------------------------------------------


def test_home_links_every_commune_and_neighbourhood_that_has_activities(built_site, catalogue):
    home = built_site.joinpath("index.html").read_text(encoding="utf-8")
    for commune_id, name in [("herouville-saint-clair", "Hérouville-Saint-Clair"), ("evrecy", "Évrecy"), ("caen", "Caen")]:
        assert f'href="./communes/{commune_id}/"' in home and name in home
    assert 'href="./communes/herouville-saint-clair/quartiers/le-val/"' in home and "Le Val" in home
    assert 'href="./communes/caen/quartiers/grace-de-dieu/"' in home and "Grâce de Dieu" in home
    used = {catalogue.places[p].commune for a in catalogue.activities.values() for p in places_of(catalogue, a)}
    built = {p.name for p in (built_site / "communes").iterdir() if (p / "index.html").is_file()}
    assert built == used


@pytest.mark.parametrize("url, inside", [
    ("communes/herouville-saint-clair/", lambda p: p.commune == "herouville-saint-clair"),
    ("communes/evrecy/", lambda p: p.commune == "evrecy"),
    ("communes/herouville-saint-clair/quartiers/le-val/", lambda p: p.priority_area == "le-val"),
    ("communes/caen/quartiers/grace-de-dieu/", lambda p: p.priority_area == "grace-de-dieu"),
])
def test_an_area_page_lists_the_activities_held_there_in_title_order(built_site, catalogue, url, inside):
    page = built_site / url / "index.html"
    expected = {a.title for a in catalogue.activities.values() if any(inside(catalogue.places[p]) for p in places_of(catalogue, a))}
    shown = titles(page)
    assert set(shown) == expected and expected
    assert shown == sorted(shown, key=french_order)
    count = COUNT.search(plain(text_of(page)))
    assert count and int(count.group(1)) == len(shown)


def test_views_count_within_their_area_and_say_what_they_filter(built_site, catalogue):
    base = built_site / "communes/herouville-saint-clair"
    every = set(titles(base / "index.html"))
    home_text = plain(text_of(base / "index.html"))
    for view, chip in [("gratuit", "Gratuit"), ("sans-inscription", "Sans inscription"), ("cette-semaine", "Cette semaine"),
                       ("accessible", "Accessible en fauteuil")]:
        page = base / view / "index.html"
        shown = titles(page)
        assert set(shown) <= every
        count = COUNT.search(plain(text_of(page)))
        assert count and int(count.group(1)) == len(shown) and int(count.group(2)) == len(every)
        assert f"{chip} ({len(shown)})" in home_text, f"{chip} ({len(shown)})"
        cards = [plain(c) for c in cards_text(page)]
        if view == "gratuit":
            assert all("Prix : gratuit" in c for c in cards) and cards
            paying = {a.title for a in catalogue.activities.values() if not a.free}
            assert not set(shown) & paying
        if view == "sans-inscription":
            assert cards and all("Inscription : sans inscription" in c for c in cards)
        if view == "cette-semaine":
            assert cards and all(re.search(r"Prochaine séance : [^:]*, Hérouville-Saint-Clair(?: |$)", c) for c in cards)
        if view == "accessible":
            for title in shown:
                activity = next(a for a in catalogue.activities.values() if a.title == title)
                here = [catalogue.places[p] for p in places_of(catalogue, activity) if catalogue.places[p].commune == "herouville-saint-clair"]
                assert here and all(p.accessibility.wheelchair for p in here), title


def test_an_empty_view_says_so_and_links_back(built_site):
    for page in sorted((built_site / "communes").rglob("index.html")):
        if not titles(page):
            text = plain(text_of(page))
            assert re.search(r"Pas (de séance|d'activité)", text) and "Voir toutes les activités" in text, page
            return
    pytest.skip("pas de vue vide dans le contenu d'exemple")


# ---- lists, cards and dates --------------------------------------------------------------------


@pytest.mark.parametrize("url", ["activites/", "filtres/gratuit/", "structures/cravate-solidaire-caen/", "filtres/territoire/vallees-orne-odon/"])
def test_lists_follow_the_titles_people_read_not_the_file_names(built_site, url):
    shown = titles(built_site / url / "index.html")
    assert len(shown) > 2 and shown == sorted(shown, key=french_order)


def test_the_cravate_solidaire_at_evrecy_sits_where_its_title_says(built_site):
    shown = titles(built_site / "activites/index.html")
    position = shown.index("La Cravate Solidaire à Évrecy – conseils tenue et entretien")
    assert french_order(shown[position - 1]) <= "cravate" <= french_order(shown[position + 1])


def test_cards_say_price_sign_up_and_where_the_next_session_is(built_site):
    cards = {c.split(" ", 1)[0] + c: plain(c) for c in cards_text(built_site / "activites/index.html")}
    for card in cards.values():
        assert "Prix :" in card and "Inscription :" in card, card
    film = next(c for c in cards.values() if c.startswith("Film d’animation"))
    assert re.search(r"Prochaine séance : mercredi 9 décembre, 14 h – 16 h 30, au Café des images, Hérouville-Saint-Clair(?: |$)", film), film
    orientation = next(c for c in cards.values() if c.startswith("Visite d'entreprise"))
    assert "Inscription : sur orientation" in orientation


def test_folded_dates_say_how_many_are_cancelled_or_changed(built_site):
    found = 0
    for page in sorted((built_site / "activites").glob("*/index.html")):
        html = page.read_text(encoding="utf-8")
        if '<details class="more-dates">' not in html:
            continue
        folded = html.split('<details class="more-dates">', 1)[1].split("</details>", 1)[0]
        summary = plain(re.sub(r"<[^>]+>", "", folded.split("</summary>", 1)[0]))
        cancelled = folded.count('tag-cancelled">Annulé<') + folded.count('tag-cancelled">Interrompu<')
        moved = folded.count('tag-moved">Changement<')
        if cancelled:
            found += 1
            assert re.search(rf"dont {cancelled} annulées?", summary), (page, summary)
        if moved:
            assert re.search(rf"{moved} changées?", summary), (page, summary)
        if not (cancelled or moved or "tag-full" in folded or "Reporté<" in folded):
            assert "dont" not in summary, (page, summary)
    assert found, "aucune date annulée cachée sous « Voir les autres dates » dans le contenu d'exemple"


def test_a_places_hours_are_the_places_own(built_site):
    page = plain(text_of(built_site / "activites/fablab-ouvert/index.html"))
    assert "Le lieu est ouvert : Du mardi au vendredi" in page
    assert "Horaires :" not in page


# ---- agenda --------------------------------------------------------------------------------------


def test_the_agenda_covers_the_season_month_by_month(built_site, catalogue):
    months = sorted(p.name for p in (built_site / "agenda").iterdir() if re.fullmatch(r"\d{4}-\d{2}", p.name))
    last = max(s.start.astimezone(PARIS).date() for s in catalogue.sessions)
    assert months[0] == "2027-01" and months[-1] == f"{min(last, BUILD_DAY + timedelta(days=365)):%Y-%m}"
    january = plain(text_of(built_site / "agenda/2027-01/index.html"))
    assert "Agenda janvier 2027, à partir du lundi 18 janvier" in january
    march = plain(text_of(built_site / "agenda/2027-03/index.html"))
    assert "Vacances scolaires (zone B) : vacances d'hiver, du samedi 20 février au dimanche 7 mars" in march
    week_list = plain(text_of(built_site / "agenda/index.html"))
    assert "Plus tard, mois par mois" in week_list and "février 2027" in week_list


def test_an_empty_or_thin_week_says_it_is_the_school_holidays(built_site):
    christmas = plain(text_of(built_site / "agenda/2026-12-28/index.html"))
    assert "Vacances scolaires (zone B) : vacances de Noël, du samedi 19 décembre au dimanche 3 janvier" in christmas
    listing = plain(text_of(built_site / "agenda/index.html"))
    assert re.search(r"du 28 décembre 2026 au 3 janvier 2027 \(\d+ séances?, vacances de Noël\)", listing), listing


# ---- search without and with JavaScript -------------------------------------------------------------


def test_every_page_has_a_search_form_leading_to_the_a_to_z_index(built_site):
    from test_site_build import html_files

    for page in html_files(built_site):
        html = page.read_text(encoding="utf-8")
        if page.name == "404.html" or page.relative_to(built_site).parts[0] == "integrer":
            continue  # the partner widgets are framed in other sites: no search form of ours
        assert 'role="search"' in html and re.search(r'action="[./]*/?recherche/"', html), page


def test_the_a_to_z_index_lists_activities_places_structures_and_communes_in_order(built_site, catalogue):
    page = built_site / "recherche/index.html"
    html = page.read_text(encoding="utf-8")
    lists = " ".join(re.findall(r'<ul class="index">(.*?)</ul>', html, re.S))
    entries = [unescape(e) for e in re.findall(r'<li><a href="[^"]*">([^<]+)</a>', lists)]
    assert entries == sorted(entries, key=french_order)
    for activity in catalogue.activities.values():
        assert activity.title in entries
    for structure in catalogue.structures.values():
        assert structure.name in entries
        for place in structure.places:
            assert place.name in entries and f'id="lieu-{place.id}"' in (built_site / f"structures/{structure.id}/index.html").read_text(encoding="utf-8")
    assert "Hérouville-Saint-Clair" in entries and "Le Val" in entries
    text = plain(text_of(page))
    assert "Le Val quartier, Hérouville-Saint-Clair" in text


def test_the_search_index_is_built_with_the_site_in_french(built_site):
    folder = built_site / "pagefind"
    assert (folder / "pagefind.js").is_file() and (folder / "pagefind-entry.json").is_file()
    entry = (folder / "pagefind-entry.json").read_text(encoding="utf-8")
    assert '"fr"' in entry
    assert list(folder.glob("wasm.fr.pagefind")) and list(folder.glob("index/fr_*.pf_index"))
    assert not list(folder.glob("pagefind-ui*")), "the site shows results in its own markup"


# ---- partners ------------------------------------------------------------------------------------


def test_a_partners_page_lists_the_activities_and_badges_it_takes_part_in(built_site):
    page = plain(text_of(built_site / "structures/keolis/index.html"))
    assert "Keolis participe à cette activité" in page
    assert "Visite d'entreprise – les coulisses du transport public avec Keolis" in titles(built_site / "structures/keolis/index.html")
    assert "Les badges à obtenir dans ces activités" in page and "Découvrir une entreprise" in page
    activity = plain(text_of(built_site / "activites/visite-entreprise-transport/index.html"))
    assert "Partenaire : Keolis." in activity
    orange = titles(built_site / "structures/orange-normandie/index.html")
    assert orange == ["Rencontre avec Orange – les métiers du numérique"]


def test_partners_are_checked(tmp_path):
    from fixtures import write_tree
    from test_situations_content import SHARED_PATH, run

    bad = ("co_organisateurs: [le-wip, cafe-des-images]",
           "co_organisateurs: [le-wip, cafe-des-images]\npartenaires: [le-wip, keoliss, keolis, keolis]")
    proc = run(write_tree(tmp_path, "small", "organisation", edits={SHARED_PATH: bad}), "check")
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0 and "Traceback" not in out
    assert "partenaires[0]: « le-wip » organise déjà l'activité" in out
    assert "partenaires[1]: structure inconnu(e) « keoliss ». Vouliez-vous dire « keolis » ?" in out
    assert "partenaires[3]: « keolis » est écrit deux fois" in out
