"""Getting there, access and sharing, without a browser: the model reads what editors type (and the
former free text), every activity page of the sample content says how to come, how accessible the
place is and offers SMS and e-mail links, and the words are those a person reads."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from pydantic import ValidationError

from fixtures import load
from catalogue.content.model import Place
from catalogue.outputs import access, transport
from catalogue.outputs.share import Share
from test_site_build import BUILD_DAY

PLACE = {"id": "salle", "nom": "Salle des fêtes", "adresse": "Place de la Mairie", "code_postal": "14210",
         "commune": "evrecy", "accessibilite": {"fauteuil": True}}


def place(**extra) -> Place:
    return Place.model_validate({**PLACE, **extra})


def test_transport_is_read_as_editors_type_it():
    salle = place(transports={
        "lignes": [{"reseau": "nomad", "ligne": 34, "arret": "Évrecy Mairie", "minutes_a_pied": 1},
                   {"reseau": "twisto", "ligne": "T2", "arret": "Presqu'île", "minutes_a_pied": 0}],
        "itineraire": "https://www.atoumod.fr/",
        "a_la_demande": {"nom": "Nomad à la demande", "telephone": "0261911110", "reservation": "la veille avant 16 h"},
        "stationnement": "Parking gratuit.",
    })
    assert transport.lines_fr(salle) == ["Car Nomad\u00a034, arrêt Évrecy Mairie, à 1\u00a0minute à pied",
                                         "Tram\u00a0T2, arrêt Presqu'île, devant la porte"]
    assert salle.transport.on_demand.phone == "02 61 91 11 10"
    assert transport.short_fr(salle) == "Tram\u00a0T2 arrêt Presqu'île", "the nearest line"
    assert transport.summary_fr(salle).startswith("Car Nomad\u00a034, arrêt Évrecy Mairie, à 1\u00a0minute à pied; Tram")
    # the former free text stays valid, as a note
    assert place(transports="Tram T2, arrêt Presqu'île.").transport.note == "Tram T2, arrêt Presqu'île."


@pytest.mark.parametrize("transports, field, message", [
    ({"itineraire": "http://www.twisto.fr/"}, "itineraire", "https://"),
    ({"lignes": [{"reseau": "metro", "ligne": "A", "arret": "Gare"}]}, "reseau", "twisto"),
    ({"lignes": [{"reseau": "twisto", "ligne": "T1", "arret": "Gare", "minutes_a_pied": 90}]}, "minutes_a_pied", "60"),
    ({"a_la_demande": {"nom": "Flex", "telephone": "123"}}, "telephone", "02 31 06 60 50"),
])
def test_wrong_transport_is_refused_with_a_french_message(transports, field, message):
    with pytest.raises(ValidationError) as caught:
        place(transports=transports)
    error = caught.value.errors()[0]
    assert field in error["loc"] and message in error["msg"]


def test_access_says_only_what_the_structure_said():
    said = place(accessibilite={"fauteuil": False, "marches": 2, "ascenseur": False, "boucle_magnetique": True,
                                "contact": {"nom": "l'accueil", "telephone": "02 61 91 10 20"}})
    assert access.access_lines(said.accessibility) == [
        "Pas accessible en fauteuil roulant.", "2\u00a0marches à l'entrée.", "Boucle magnétique pour les appareils auditifs."]
    ask = access.who_to_ask(said, "La structure", None)
    assert (ask.name, ask.contact.phone) == ("l'accueil", "02 61 91 10 20")
    bare = place()
    assert access.access_lines(bare.accessibility) == ["Accessible en fauteuil roulant."]
    assert access.who_to_ask(bare, "La structure", None) is None
    assert [n.key for n in access.NEEDS if n.met(bare.accessibility)] == ["sans-marche"]


def test_share_text_is_short_and_says_what_when_where_bus_phone(repo_root):
    catalogue, _, _ = load(repo_root, BUILD_DAY)
    activity = catalogue.activities["fablab-ouvert"]
    usual = catalogue.places[activity.place]
    share = Share(activity, usual, "Caen", catalogue.structures[activity.structure].contact, None)
    text = share.text("https://exemple.fr/")
    assert text.split("\n") == [activity.title, f"{usual.name}, {usual.address}, 14000 Caen", "Tram T2 arrêt Presqu'île",
                                "Gratuit", "Tél. 02 61 91 10 20", "https://exemple.fr/activites/fablab-ouvert/"]
    assert "\u00a0" not in text and len(text) < 320
    links = share.links("https://exemple.fr")
    assert unquote(links.sms.removeprefix("sms:?&body=")) == text
    assert parse_qs(urlsplit(links.mailto).query)["body"] == [text.replace("\n", "\r\n")]


# ---- every activity page of the sample content ---------------------------------------------------


def _main(path) -> str:
    page = path.read_text(encoding="utf-8")
    return page[page.index("<main"):page.index("</main>")]


def _section(main: str, heading_id: str) -> str:
    found = re.search(rf'<section aria-labelledby="{heading_id}"[^>]*>(.*?)</section>', main, re.S)
    assert found, f"pas de section « {heading_id} »"
    return found.group(1)


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).replace("\u00a0", " ")


def test_every_activity_page_has_transport_maps_access_and_share_links(built_site, repo_root):
    catalogue, _, _ = load(repo_root, BUILD_DAY)
    assert all(p.transport and (p.transport.lines or p.transport.on_demand or p.transport.note)
               for p in catalogue.places.values()), "every sample place says how to come"
    missing = []
    for activity in catalogue.activities.values():
        main = _main(built_site / "activites" / activity.id / "index.html")
        place = catalogue.places[activity.place]
        come = _text(_section(main, "comment"))
        lines = transport.lines_fr(place)
        if not all(line.replace("\u00a0", " ") in come for line in lines) or not (lines or "demande" in come or place.transport.note):
            missing.append(f"{activity.id} : transports")
        maps = re.findall(r'<ul class="buttons maps">(.*?)</ul>', _section(main, "ou"), re.S)
        schemes = re.findall(r'href="(geo:|https://maps\.apple\.com/|https://www\.openstreetmap\.org/)', maps[0] if maps else "")
        if schemes != ["geo:", "https://maps.apple.com/", "https://www.openstreetmap.org/"]:
            missing.append(f"{activity.id} : cartes {schemes}")
        if not re.search(r'<ul class="access"><li>', _section(main, "acces")) or "Pour demander un aménagement" not in _text(_section(main, "acces")):
            missing.append(f"{activity.id} : accès")
        shared = _section(main, "partager")
        sms = re.search(r'href="sms:\?&amp;body=([^"]+)"', shared)
        mail = re.search(r'href="mailto:\?subject=([^"&]+)&amp;body=([^"]+)"', shared)
        if not sms or not mail or unquote(sms.group(1)).split("\n")[0] != activity.title or unquote(mail.group(1)) != activity.title:
            missing.append(f"{activity.id} : partage")
        if '<svg xmlns="http://www.w3.org/2000/svg"' not in main.split('class="print-only print-qr"', 1)[-1]:
            missing.append(f"{activity.id} : QR code imprimé")
    assert not missing, "\n".join(missing)


def test_sur_orientation_pages_say_what_to_do_without_an_adviser(built_site, repo_root):
    catalogue, _, _ = load(repo_root, BUILD_DAY)
    referral = [a for a in catalogue.activities.values() if a.join == "referent"]
    assert referral
    for activity in referral:
        join = _text(_section(_main(built_site / "activites" / activity.id / "index.html"), "inscription"))
        assert "Vous n'avez pas de conseiller ? Venez sans rendez-vous : Café d'accueil" in join, activity.id
