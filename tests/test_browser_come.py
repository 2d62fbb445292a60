"""Getting there and handing over, as a person sees it in Chromium at 360 px without JavaScript:
transport under « Comment venir ? », three map links, access in easy words, SMS and e-mail links
whose texts say what, when, where, which bus and which phone, and on paper a QR code that a
decoder (zxing-cpp, from a screenshot) reads back as the page's address."""

from __future__ import annotations

import gzip
import io
from urllib.parse import parse_qs, unquote, urlsplit


SITE = "https://territoires-partages.example.org"  # SITE_ABSOLUTE_URL of the test build
VILLAGE = "activites/fablab-mobile-evrecy/"  # a village: a Nomad coach, on-demand transport, two steps
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _seen(locator) -> str:
    """The text as read: no-break spaces (French typography) as spaces."""
    return locator.inner_text().replace("\u00a0", " ").replace("\u202f", " ")


def _open(page_factory, url: str, **options):
    """A page at `url`, failing within seconds when an expected element is missing."""
    page = page_factory(**options)
    page.set_default_timeout(10_000)
    page.goto(url)
    return page


def _section(page, heading_id: str) -> str:
    return _seen(page.locator(f"section[aria-labelledby='{heading_id}']"))


def _axe(page_factory, url: str) -> list[str]:
    """axe-core's violations at 360 px (axe is a script: it runs in a page with JavaScript on)."""
    from axe_playwright_python.sync_playwright import Axe

    page = _open(page_factory, url, width=360)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    return [f"{v['id']} : {[n['target'] for n in v['nodes'][:3]]}" for v in results.response["violations"]]


def test_a_village_activity_says_how_to_come_where_it_is_and_how_accessible_it_is(page_factory, site_server, built_site):
    page = _open(page_factory, site_server + VILLAGE, width=360, javascript=False)

    come = _section(page, "comment")
    assert "Car Nomad 34, arrêt Évrecy Mairie, à 1 minute à pied" in come
    assert "Transport à la demande : Nomad à la demande. Réservez au 02 61 91 11 10, la veille avant 16 h" in come
    assert "En voiture : Parking gratuit de la mairie" in come
    planner = page.get_by_role("link", name="Chercher mon trajet en transports en commun : Fablab mobile du Dôme – étape d'Évrecy")
    assert planner.get_attribute("href") == "https://www.atoumod.fr/"
    assert page.locator("section[aria-labelledby='comment'] a[href='tel:+33261911110']").count() == 1

    maps = page.locator("section[aria-labelledby='ou'] .maps a")
    hrefs = [maps.nth(i).get_attribute("href") for i in range(maps.count())]
    assert [_seen(maps.nth(i)) for i in range(maps.count())] == [
        "Android : ouvrir dans mon application de cartes", "iPhone : ouvrir dans Plans", "Voir le plan sur OpenStreetMap"]
    assert hrefs[0].startswith("geo:49.0994,-0.5004?q=")
    apple = urlsplit(hrefs[1])
    assert (apple.scheme, apple.netloc) == ("https", "maps.apple.com") and parse_qs(apple.query)["ll"] == ["49.0994,-0.5004"]
    assert hrefs[2] == "https://www.openstreetmap.org/?mlat=49.0994&mlon=-0.5004#map=18/49.0994/-0.5004"

    access = _section(page, "acces")
    for line in ("Pas accessible en fauteuil roulant.", "2 marches à l'entrée.",
                 "Vous pouvez venir avec une personne qui vous accompagne, sans payer."):
        assert line in access
    assert "Boucle magnétique" not in access, "a need the structure did not declare is never claimed"
    assert "Pour demander un aménagement" in access and "appelez l'accueil du Dôme au 02 61 91 10 20" in access

    assert _axe(page_factory, site_server + VILLAGE) == []
    assert len(gzip.compress((built_site / VILLAGE / "index.html").read_bytes(), 9)) < 50 * 1024


def test_share_links_carry_a_short_text_what_when_where_bus_phone(page_factory, site_server):
    page = _open(page_factory, site_server + VILLAGE, width=360, javascript=False)
    first_date = page.locator(".sessions.dates time").first.inner_text().replace("\u00a0", " ")
    assert first_date == "samedi 28 novembre, 10 h – 12 h 30"
    expected = [
        "Fablab mobile à Évrecy – réparer et fabriquer près de chez vous",
        first_date,
        "Fablab mobile du Dôme – étape d'Évrecy, Parking de la mairie, 14210 Évrecy",
        "Car Nomad 34 arrêt Évrecy Mairie",
        "Gratuit",
        "Tél. 02 61 91 10 20",
        f"{SITE}/{VILLAGE}",
    ]
    sms = page.get_by_role("link", name="Envoyer par SMS", exact=True).get_attribute("href")
    assert sms.startswith("sms:?&body=")
    assert unquote(sms.removeprefix("sms:?&body=")).split("\n") == expected
    mail = urlsplit(page.get_by_role("link", name="Envoyer par e-mail", exact=True).get_attribute("href"))
    assert mail.scheme == "mailto" and mail.path == ""
    fields = parse_qs(mail.query)
    assert fields["subject"] == [expected[0]]
    assert fields["body"][0].split("\r\n") == expected

    # each session line has its own, with its own date
    second = page.locator(".sessions.dates li.session").nth(1)
    second_date = second.locator("time").inner_text().replace("\u00a0", " ")
    own = second.get_by_role("link", name=f"Envoyer par SMS : {second_date.split(',')[0]}").get_attribute("href")
    assert unquote(own.removeprefix("sms:?&body=")).split("\n")[1] == second_date
    scripts = page.locator("script").evaluate_all("els => els.map(e => [e.type, e.getAttribute('src') || ''])")
    assert all(kind == "application/ld+json" or src.endswith("/theme/js/search.js") for kind, src in scripts), \
        "sharing needs no script: only the structured data and the site's own search script are on the page"


def test_the_printed_page_carries_a_qr_code_of_the_page(page_factory, site_server):
    from PIL import Image
    import zxingcpp

    page = _open(page_factory, site_server + VILLAGE, width=794)
    assert not page.locator(".print-qr svg").is_visible(), "the QR code is for paper only"
    page.emulate_media(media="print")
    qr = page.locator(".print-qr svg")
    assert qr.is_visible()
    assert not page.locator("section[aria-labelledby='partager']").is_visible()
    box = qr.bounding_box()
    assert box["width"] >= 100 and abs(box["width"] - box["height"]) < 1
    shot = Image.open(io.BytesIO(qr.screenshot()))
    found = zxingcpp.read_barcodes(shot)
    assert [code.text for code in found] == [f"{SITE}/{VILLAGE}"]
    printed = page.locator(".print-qr").inner_text()
    assert f"{SITE}/{VILLAGE}" in printed
    dates = page.locator(".sessions.dates li.session").first
    assert dates.is_visible(), "the next dates are printed with the code"


def test_the_printed_activity_list_shows_each_phone_and_sign_up_mode(page_factory, site_server):
    page = _open(page_factory, site_server + "filtres/gratuit/", width=794)
    notes = page.locator(".card .card-print")
    assert notes.count() == page.locator(".card").count() > 0
    assert not notes.first.is_visible()
    page.emulate_media(media="print")
    assert notes.first.is_visible()
    texts = [_seen(notes.nth(i)) for i in range(notes.count())]
    assert all("Téléphone : 02 61 91" in t for t in texts), texts
    assert any(t.startswith("Sans inscription : venez directement.") for t in texts)


def test_the_disability_page_lists_activities_by_need_and_says_whom_to_call(page_factory, site_server, built_site):
    page = _open(page_factory, site_server + "filtres/public/personnes-handicap/", width=360, javascript=False)
    needs = page.locator("section[aria-labelledby='besoins']")
    text = _seen(needs)
    for label in ("Accessible en fauteuil", "Entrée sans marche", "Toilettes adaptées", "Boucle magnétique", "Salle calme",
                  "Langue des signes sur demande", "Facile à lire sur demande", "Accompagnant bienvenu"):
        assert label in text
    assert _seen(needs.locator("a[href='tel:+33261911020']")) == "Le Dôme : 02 61 91 10 20"
    assert _axe(page_factory, site_server + "filtres/public/personnes-handicap/") == []
    assert _axe(page_factory, site_server + "filtres/acces/boucle-magnetique/") == []

    wheelchair = needs.get_by_role("link", name="Accessible en fauteuil")
    count = int(wheelchair.locator(".count").inner_text().strip("()").split()[0])
    assert count >= 30, "the wheelchair-accessible activities are all listed, not only those for this public"
    loop = needs.get_by_role("link", name="Boucle magnétique")
    loop_count = int(loop.locator(".count").inner_text().strip("()").split()[0])
    loop.click()
    assert _seen(page.locator("h1")) == "Les activités : Boucle magnétique"
    cards = page.locator(".card h3 a")
    assert cards.count() == loop_count
    first = cards.first
    first.click()
    assert "Boucle magnétique pour les appareils auditifs." in _section(page, "acces")


def test_without_an_adviser_a_referral_activity_points_to_the_open_door(page_factory, site_server):
    page = _open(page_factory, site_server + "activites/numerique-18-25-ans/", width=360, javascript=False)
    join = _section(page, "inscription")
    assert "Sur orientation. C'est votre conseiller ou votre référent" in join
    assert "Vous n'avez pas de conseiller ? Venez sans rendez-vous : Café d'accueil" in join
    assert "Ou appelez Le Dôme au 02 61 91 10 20" in join
    assert "Sur orientation" not in _section(page, "comment"), "« Comment venir ? » holds the route, not the sign-up mode"
    page.get_by_role("link", name="Café d'accueil – parler de vos envies, sans engagement").click()
    assert page.locator("h1").inner_text().startswith("Café d'accueil")
