"""Five visitors' journeys through the built site, as issue 18 tells them: on a phone 360 px wide,
JavaScript off, from the home page to the answer in at most three taps, reading what the pages say.

- a young person in Hérouville-Saint-Clair who reads little: something near home, free, this week;
- a woman with a disability in a village of the Vallées de l'Orne et de l'Odon: an accessible
  activity near her, and whom to call;
- a Mission Locale adviser: subscribe to a feed for the young people she follows; refer someone
  (who the activity is for, « sur orientation », whom to call);
- an employer: what a badge means, how it is assessed, how to check a person's badge;
- a partner association: how to propose an activity (whom to contact, the guide, the form editor).

Each tap follows a link a person sees, found by its text; every page on the way fits 360 px and
weighs less than 50 KB gzipped. Which activity or village a journey takes is read from the content,
so that the journeys follow the sample content as it changes.
"""

from __future__ import annotations

import gzip
import re
import urllib.request
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import icalendar
import pytest

from fixtures import load_catalogue
from conftest import SOURCE_DATE_EPOCH

ROOT = Path(__file__).resolve().parent.parent
TODAY = datetime.fromtimestamp(SOURCE_DATE_EPOCH, timezone.utc).date()
WIDTH = 360
MAX_TAPS = 3
MAX_GZIPPED = 50 * 1024
VILLAGES = "vallees-orne-odon"  # the rural territory of vocabulaire.yml


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(ROOT, TODAY)


class Journey:
    """A visitor's way through the site: taps counted, every page checked as it is reached."""

    def __init__(self, page, site_server: str, built_site: Path):
        self.page, self.base, self.site = page, site_server, built_site
        self.taps = 0
        self.visited: list[str] = []

    def start(self) -> Journey:
        self.page.goto(self.base)
        self._check()
        return self

    def tap(self, locator, what: str) -> None:
        """Follow the first visible link `locator` finds; a missing link fails with what was looked for."""
        found = locator.first
        assert locator.count() and found.is_visible(), (
            f"après {self.taps} toucher(s), sur {self.path or '/'} : pas de lien visible « {what} »")
        self.taps += 1
        assert self.taps <= MAX_TAPS, f"plus de {MAX_TAPS} touchers pour arriver à la réponse : {self.visited}"
        href = found.get_attribute("href") or ""
        if href.startswith("#"):
            found.click()
        else:
            with self.page.expect_navigation():
                found.click()
        self._check()

    @property
    def path(self) -> str:
        return unquote(urlsplit(self.page.url).path).lstrip("/")

    def link(self, name, scope: str = "body"):
        """Links by the text a person reads: a string is the whole name, a pattern is searched."""
        return self.page.locator(scope).get_by_role("link", name=name, exact=isinstance(name, str) or None)

    def text(self, selector: str = "main") -> str:
        return re.sub(r"\s+", " ", self.page.locator(selector).first.inner_text())

    def _check(self) -> None:
        self.visited.append(self.path or "/")
        width = self.page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], f"{self.path or '/'} : défilement horizontal à {WIDTH} px ({width})"
        built = self.site / (self.path if self.path.endswith(".html") else self.path + "index.html")
        size = len(gzip.compress(built.read_bytes()))
        assert size < MAX_GZIPPED, f"{self.path} : {size} octets compressés, plus de 50 Ko"


@pytest.fixture
def journey(page_factory, site_server, built_site):
    def start() -> Journey:
        return Journey(page_factory(width=WIDTH, javascript=False), site_server, built_site).start()
    return start


def dates_shown(journey: Journey) -> list[date]:
    """The days of the sessions the page lists under « Quand ? »."""
    stamps = journey.page.locator("section[aria-labelledby='quand'] time[datetime]").evaluate_all(
        "nodes => nodes.map(n => n.getAttribute('datetime'))")
    return [datetime.fromisoformat(s).date() if "T" in s else date.fromisoformat(s) for s in stamps]


# ---- 1. a young person in Hérouville who reads little ---------------------------------------------


def test_young_person_in_herouville_finds_something_free_near_home_this_week(journey, catalogue):
    visit = journey()
    visit.tap(visit.link(re.compile(r"^Hérouville-Saint-Clair\b"), "main"), "Hérouville-Saint-Clair")
    assert "Hérouville-Saint-Clair" in visit.text("h1")
    visit.tap(visit.link(re.compile(r"^Cette semaine\b"), "main"), "Cette semaine")
    free_walk_in = visit.page.locator("main .card").filter(has_text=re.compile(r"Prix\s*:\s*gratuit", re.I)).filter(
        has_text=re.compile(r"sans inscription", re.I))
    visit.tap(free_walk_in.locator("h3 a"), "une activité gratuite, sans inscription")

    text = visit.text()
    assert "C'est gratuit." in text
    assert "Sans inscription" in text
    assert "Hérouville-Saint-Clair" in visit.text("section[aria-labelledby='ou']")
    assert any(TODAY <= day < TODAY + timedelta(days=7) for day in dates_shown(visit)), "pas de séance cette semaine"
    # Read by someone who reads little: « En bref » in short sentences
    sentences = [p for p in visit.page.locator("section.easy p").all_inner_texts() if p.strip()]
    assert sentences and all(len(s.split()) <= 20 for s in sentences), sentences


# ---- 2. a woman with a disability in a village ----------------------------------------------------


def accessible_village(catalogue) -> str:
    """A commune of the rural territory where some activity happens in a wheelchair-accessible place."""
    villages = catalogue.vocabulary.territories[VILLAGES].communes
    for activity in sorted(catalogue.activities.values(), key=lambda a: a.id):
        place = catalogue.places[activity.place]
        if place.commune in villages and place.accessibility.wheelchair:
            return villages[place.commune].name
    raise AssertionError("aucune activité dans un lieu accessible des Vallées de l'Orne et de l'Odon")


def test_woman_with_a_disability_in_a_village_finds_an_accessible_activity_and_whom_to_call(journey, catalogue):
    village = accessible_village(catalogue)
    visit = journey()
    visit.tap(visit.link(re.compile(rf"^{re.escape(village)}\b"), "main"), village)
    visit.tap(visit.link(re.compile(r"^Accessible\b"), "main"), "Accessible")
    visit.tap(visit.page.locator("main .card h3 a"), "une activité")

    assert village in visit.text("section[aria-labelledby='ou']")
    access = visit.text("section[aria-labelledby='acces']")
    assert "Accessible en fauteuil roulant." in access
    assert "Pour demander un aménagement" in access
    call = visit.page.locator("section[aria-labelledby='acces'] a[href^='tel:']")
    assert call.count(), "pas de numéro à appeler pour demander un aménagement"
    assert visit.page.locator("section[aria-labelledby='contact'] a[href^='tel:']").count()


# ---- 3. a Mission Locale adviser ----------------------------------------------------------------


def test_adviser_subscribes_to_the_feed_of_the_young_people_she_follows(journey, catalogue, site_server):
    audience = catalogue.vocabulary.audiences["jeunes-16-25"].name
    visit = journey()
    visit.tap(visit.link("Recevoir l'agenda dans mon téléphone"), "Recevoir l'agenda dans mon téléphone")
    visit.tap(visit.link(audience, "main"), audience)
    assert audience in visit.text("h1")
    webcal = visit.page.locator("main a[href^='webcal://']").first.get_attribute("href")
    assert webcal.endswith("/calendriers/public/jeunes-16-25.ics"), webcal
    assert visit.link(re.compile(r"^Ajouter à Google Agenda"), "main").count()
    # The feed itself, read by an independent parser: the sessions of the activities for these young people
    download = visit.link(re.compile(r"^Télécharger le fichier \.ics"), "main").first.get_attribute("href")
    with urllib.request.urlopen(urljoin(visit.page.url, download)) as response:
        assert response.headers.get_content_type() in ("text/calendar", "application/octet-stream")
        feed = icalendar.Calendar.from_ical(response.read())
    titles = {str(event["SUMMARY"]) for event in feed.walk("VEVENT")}
    expected = {a.title for a in catalogue.activities.values() if "jeunes-16-25" in a.audiences and catalogue.sessions_of(a.id)}
    assert titles and all(any(title.endswith(t) or t in title for t in expected) for title in titles), titles - expected


def test_adviser_refers_someone_knowing_who_it_is_for_and_whom_to_call(journey, catalogue):
    """The Mission Locale of Caen la Mer: an activity in Caen that one joins through an adviser."""
    commune = catalogue.vocabulary.commune_name("caen")
    visit = journey()
    visit.tap(visit.link(re.compile(rf"^{re.escape(commune)}\b"), "main"), commune)
    referral = visit.page.locator("main .card").filter(has_text=re.compile(r"sur orientation", re.I))
    visit.tap(referral.locator("h3 a"), "une activité sur orientation")

    assert visit.page.locator("section[aria-labelledby='pour-qui'] li").count(), "pas de « Pour qui ? »"
    joining = visit.text("section[aria-labelledby='inscription']")
    assert "Comment s'inscrire" in joining and "Sur orientation" in joining
    assert "Comment s'inscrire" not in visit.text("section[aria-labelledby='comment']")
    assert visit.page.locator("section[aria-labelledby='contact'] a[href^='tel:']").count()


# ---- 4. an employer ------------------------------------------------------------------------------


def test_employer_reads_what_a_badge_means_and_how_to_check_it(journey, catalogue, site_server):
    badge = catalogue.badges["preparer-son-entretien"]
    issuer = catalogue.structures[badge.issuer]
    visit = journey()
    visit.tap(visit.link("Badges", "header"), "Badges")
    visit.tap(visit.link(re.compile(re.escape(badge.name)), "main"), badge.name)

    headings = visit.page.locator("main h2").all_inner_texts()
    assert headings[0] == "Pour les employeurs", headings
    employers = visit.text("section[aria-labelledby='employeurs']")
    assert badge.for_employers in employers
    assert "Comment le badge est délivré" in employers and (badge.assessment or "") in employers
    assert "Vérifier le badge d'une personne" in employers and "lien de son badge" in employers
    validator = visit.page.locator("section[aria-labelledby='employeurs'] a[href='https://openbadgesvalidator.imsglobal.org/']")
    assert validator.count(), "pas de lien vers le vérificateur des Open Badges"
    profile = visit.page.locator("section[aria-labelledby='employeurs'] a[href$='issuer.json']").first.get_attribute("href")
    with urllib.request.urlopen(urljoin(visit.page.url, profile)) as response:
        assert b'"type": "Issuer"' in response.read()
    assert issuer.name in employers
    # The criteria as a plain list, and the framework at its official reference
    criteria = visit.page.locator("main ul.criteria li").all_inner_texts()
    assert [c.strip() for c in criteria] == list(badge.criteria) and "☐" not in visit.text()
    clea = visit.page.locator("section[aria-labelledby='referentiels'] a").first.get_attribute("href")
    assert clea == "https://www.francecompetences.fr/recherche/rs/5080/"


# ---- 5. a partner association ----------------------------------------------------------------------


def test_partner_association_finds_how_to_propose_an_activity(journey, catalogue):
    coordinators = [s for s in catalogue.structures.values() if s.role == "coordinateur"]
    visit = journey()
    visit.tap(visit.link("Proposer une activité, devenir partenaire", "footer"), "Proposer une activité")

    assert visit.text("h1") == "Proposer une activité, devenir partenaire"
    contact = visit.text("section[aria-labelledby='contacter']")
    for structure in coordinators:
        assert structure.name in contact and f"Appeler le {structure.contact.phone}" in contact
    assert visit.page.locator("main a[href$='admin/']").filter(has_text="L'éditeur en ligne").count()
    steps = visit.page.locator("section[aria-labelledby='ensuite'] ol li").all_inner_texts()
    assert len(steps) >= 4 and any("relit" in s for s in steps) and any("en ligne" in s for s in steps), steps

    visit.tap(visit.link("Le guide des structures", "main"), "Le guide des structures")
    assert visit.text("h1") == "Mettre à jour le catalogue : le guide des structures"
    visit.tap(visit.link("L'éditeur en ligne", "main"), "L'éditeur en ligne (sommaire du guide)")
    target = visit.page.evaluate("decodeURIComponent(location.hash.slice(1))")
    heading = visit.page.locator(f"[id='{target}']")
    assert heading.count() and heading.inner_text() == "2. L'éditeur en ligne"
    assert "Obtenir un accès" in visit.text()


def test_partner_association_also_finds_it_from_the_partners_page(journey):
    visit = journey()
    visit.tap(visit.link("Partenaires", "header"), "Partenaires")
    visit.tap(visit.link("Proposer une activité, devenir partenaire", "main"), "Proposer une activité")
    assert visit.path == "proposer-une-activite/"
