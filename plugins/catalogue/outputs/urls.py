"""Where each thing lives in the built site: one place for every writer and template."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import partial
from urllib.parse import quote, urlencode

from markupsafe import Markup, escape

from ..content.model import Session

# The host rules copied from deploy/ to the site's root (hosting.py); no slug can be written like them.
HOST_FILES = frozenset({"_headers", ".htaccess"})

# The site's sections (menu, footer, the 404 page).
ACTIVITIES_URL = "activites/"
AGENDA_URL = "agenda/"
BADGES_URL = "badges/"
PARTNERS_URL = "partenaires/"
# Free pages of content/pages/ the footer links to: their `url` header keeps these addresses.
ACCESSIBILITY_URL = "accessibilite/"
LEGAL_URL = "mentions-legales/"
OPEN_DATA_URL = "donnees-ouvertes/"
ADMIN_URL = "admin/"  # the form editor (outputs/admin.py)
PROPOSE_URL = "proposer-une-activite/"  # « Proposer une activité / Devenir partenaire » (outputs/joining.py)
GUIDE_URL = "guide/"  # the partners' guide, CONTRIBUTING.md as a page

GOOGLE_EVENT = "https://calendar.google.com/calendar/render"
GOOGLE_SUBSCRIBE = "https://calendar.google.com/calendar/render?cid="
GOOGLE_MAX_CHARS = 256  # Google's undocumented "add by URL" link fails beyond about 256 characters
OUTLOOK_WORK = "https://outlook.office.com/calendar/addfromweb"
OUTLOOK_PERSONAL = "https://outlook.live.com/calendar/0/addfromweb"

FEED_DIR = "calendriers"
SUBSCRIBE_DIR = "abonnement"
ALL = "tout"  # the feed of everything: its kind, and its file name


SUBSCRIBE_URL = f"{SUBSCRIBE_DIR}/"
SUBSCRIBE_PATH = f"{SUBSCRIBE_URL}index.html"
# Discovery files at the site's root (robots.txt is only read at a domain's root).
SITEMAP_PATH = "sitemap.xml"
ROBOTS_PATH = "robots.txt"
ATOM_PATH = "nouveautes.atom"
WIDGET_DIR = "integrer"  # the pages partner websites may show in an <iframe> (host rules: frame-ancestors *)
WIDGET_KINDS = ("structure", "territoire", "commune", "categorie")
BADGECLASS_FILE = "badgeclass.json"
ACHIEVEMENT_FILE = "achievement.json"
ISSUER_FILE = "issuer.json"


def page_path(url: str) -> str:
    """The file of the page at a folder address.

    >>> page_path("activites/fablab-ouvert/")
    'activites/fablab-ouvert/index.html'
    """
    return url + "index.html"


def activity_url(activity_id: str) -> str:
    return f"{ACTIVITIES_URL}{activity_id}/"


def structure_url(structure_id: str) -> str:
    return f"structures/{structure_id}/"


def badge_url(badge_id: str) -> str:
    return f"{BADGES_URL}{badge_id}/"


def widget_url(kind: str, ident: str) -> str:
    """The small page of a structure's, territory's, commune's or category's next sessions, for an <iframe>.

    >>> widget_url("structure", "le-dome")
    'integrer/structure/le-dome/'
    """
    return f"{WIDGET_DIR}/{kind}/{ident}/"


def absolute(site_url: str, path: str) -> str:
    """A site path as the absolute address search engines, feeds and partner sites need.

    >>> absolute("https://exemple.fr/catalogue/", "activites/")
    'https://exemple.fr/catalogue/activites/'
    """
    return f"{site_url.rstrip('/')}/{path}"


def week_url(monday: date, first: bool) -> str:
    """The agenda's first week is the agenda itself; the others are named by their Monday.

    >>> week_url(date(2026, 12, 7), False)
    'agenda/2026-12-07/'
    """
    return AGENDA_URL if first else f"{AGENDA_URL}{monday.isoformat()}/"


def filter_url(kind: str, key: str) -> str:
    """A catalogue filter's page; the conditions (free, accessible…) have no kind in theirs.

    >>> filter_url("public", "jeunes"), filter_url("condition", "gratuit")
    ('filtres/public/jeunes/', 'filtres/gratuit/')
    """
    return f"filtres/{kind}/{key}/" if kind != "condition" else f"filtres/{key}/"


def file_name(source: str) -> str:
    """The published name of a content image: its own file name, next to the page that shows it.

    >>> file_name("images/atelier-numerique.svg")
    'atelier-numerique.svg'
    """
    return source.rsplit("/", 1)[-1]


def badge_image_path(badge) -> str:
    return f"{badge_url(badge.id)}{file_name(badge.image)}"


def structure_logo_path(structure) -> str:
    return f"{structure_url(structure.id)}{file_name(structure.logo)}"


def badgeclass_path(badge_id: str) -> str:
    return f"{badge_url(badge_id)}{BADGECLASS_FILE}"


def achievement_path(badge_id: str) -> str:
    return f"{badge_url(badge_id)}{ACHIEVEMENT_FILE}"


def issuer_path(structure_id: str) -> str:
    return f"{structure_url(structure_id)}{ISSUER_FILE}"


def place_url(structure_id: str, place_id: str) -> str:
    """A place is shown on its structure's page, under its own heading."""
    return f"{structure_url(structure_id)}#lieu-{place_id}"


# Search: the A–Z index (works without JavaScript) and Pagefind's files (fetched only when searching).
INDEX_URL = "recherche/"
SEARCH_FOLDER = "pagefind"
# The views of a commune's or neighbourhood's page, each a static page: {slug: label}.
NEAR_VIEWS = {"cette-semaine": "Cette semaine", "gratuit": "Gratuit", "sans-inscription": "Sans inscription",
              "accessible": "Accessible en fauteuil"}


def month_url(first: date) -> str:
    """The agenda of one month, beyond the weekly pages: `agenda/2027-03/`."""
    return f"agenda/{first.year:04d}-{first.month:02d}/"


def commune_url(commune_id: str, view: str | None = None) -> str:
    """A commune's activities, or one view of them (`cette-semaine`, `gratuit`…)."""
    return f"communes/{commune_id}/" + (f"{view}/" if view else "")


def area_url(commune_id: str, area_id: str, view: str | None = None) -> str:
    """A priority neighbourhood's activities (« Le Val », « Grâce de Dieu »), or one view of them: under
    its commune, so that two communes may name a neighbourhood alike."""
    return f"communes/{commune_id}/quartiers/{area_id}/" + (f"{view}/" if view else "")


def session_calendar_path(session: Session) -> str:
    """The .ics file of a session, next to its activity page: one event, or every day of a course."""
    return f"activites/{session.activity}/{session.course or session.key}.ics"


def feed_path(kind: str, ident: str = "") -> str:
    """`calendriers/tout.ics` or `calendriers/<kind>/<id>.ics`: stable, derived from ids only.

    >>> feed_path(ALL), feed_path("territoire", "caen-nord")
    ('calendriers/tout.ics', 'calendriers/territoire/caen-nord.ics')
    """
    return f"{FEED_DIR}/{ALL}.ics" if kind == ALL else f"{FEED_DIR}/{kind}/{ident}.ics"


def subscribe_path(kind: str, ident: str = "") -> str:
    """The page (directory URL, without index.html) that explains how to subscribe to a feed."""
    return f"{SUBSCRIBE_DIR}/" if kind == ALL else f"{SUBSCRIBE_DIR}/{kind}/{ident}/"


def feed_page_path(kind: str, ident: str = "") -> str:
    """The HTML page that lists what the feed holds (the calendar's URL property).

    >>> feed_page_path("structure", "le-dome"), feed_page_path("public", "jeunes"), feed_page_path(ALL)
    ('structures/le-dome/', 'abonnement/public/jeunes/', 'agenda/')
    """
    pages = {ALL: lambda _: "agenda/", "activite": activity_url, "structure": structure_url, "badge": badge_url}
    return pages.get(kind, partial(subscribe_path, kind))(ident)


def qr_path(feed_file: str) -> str:
    """The QR code image beside a feed.

    >>> qr_path("calendriers/structure/le-dome.ics")
    'calendriers/structure/le-dome.svg'
    """
    return feed_file.removesuffix(".ics") + ".svg"


def webcal(url: str) -> str:
    """The address calendar apps open as a subscription.

    >>> webcal("https://exemple.fr/calendriers/tout.ics")
    'webcal://exemple.fr/calendriers/tout.ics'
    """
    for scheme in ("https://", "http://"):
        if url.startswith(scheme):
            return "webcal://" + url[len(scheme):]
    return url


@dataclass(frozen=True)
class FeedLinks:
    https: str
    webcal: str
    google: str | None  # None when the address is too long for Google's link
    outlook_work: str
    outlook_personal: str
    download: str  # path of the .ics from the site root (for a relative link)
    qr: str  # path of the QR code image from the site root

    @property
    def https_html(self) -> Markup:
        """The address, escaped, with line-break opportunities after each "/" (narrow screens)."""
        return Markup("/<wbr>").join(escape(part) for part in self.https.split("/"))


def feed_links(path: str, name: str, site_url: str) -> FeedLinks:
    """Every way to subscribe to the feed at `path` (its calendar name `name`, for Outlook)."""
    https = f"{site_url.rstrip('/')}/{path}"
    google = google_subscribe_url(webcal(https))
    outlook = f"?url={quote(https, safe='')}&name={quote(name, safe='')}"
    return FeedLinks(
        https=https, webcal=webcal(https), google=google if len(google) <= GOOGLE_MAX_CHARS else None,
        outlook_work=OUTLOOK_WORK + outlook, outlook_personal=OUTLOOK_PERSONAL + outlook,
        download=path, qr=qr_path(path),
    )



def orientation_sheet_path(activity_id: str) -> str:
    """The adviser's one-page PDF of an activity, next to its page."""
    return f"activites/{activity_id}/fiche-orientation.pdf"


def weekly_programme_path(territory_id: str) -> str:
    """The printable programme of a territory's next seven days, beside the agenda's weeks."""
    return f"agenda/programme-{territory_id}.pdf"


def short_address(site_url: str, path: str) -> str:
    """An address as printed on paper, to be typed: no scheme, no trailing slash.

    >>> short_address("https://exemple.fr/catalogue/", "activites/fablab/")
    'exemple.fr/catalogue/activites/fablab'
    """
    url = f"{site_url.rstrip('/')}/{path}".rstrip("/")
    return url.split("://", 1)[-1]

def google_event_url(title: str, start: datetime, end: datetime, location: str, details: str) -> str:
    """Google Agenda's "add this event" form (`render?action=TEMPLATE`), prefilled: the way to add one
    session on Android, where a downloaded .ics often opens nothing.

    >>> from datetime import timezone
    >>> google_event_url("Atelier & co", datetime(2026, 12, 10, 13, tzinfo=timezone.utc),
    ...                  datetime(2026, 12, 10, 15, tzinfo=timezone.utc), "Le Dôme, Caen", "Gratuit")
    'https://calendar.google.com/calendar/render?action=TEMPLATE&text=Atelier%20%26%20co&dates=20261210T130000Z%2F20261210T150000Z&details=Gratuit&location=Le%20D%C3%B4me%2C%20Caen&ctz=Europe%2FParis'
    """
    stamp = "%Y%m%dT%H%M%SZ"
    query = {"action": "TEMPLATE", "text": title,
             "dates": f"{start.astimezone(timezone.utc):{stamp}}/{end.astimezone(timezone.utc):{stamp}}",
             "details": details, "location": location, "ctz": "Europe/Paris"}
    return f"{GOOGLE_EVENT}?{urlencode(query, quote_via=quote)}"


def google_subscribe_url(webcal_url: str) -> str:
    """Google Agenda's "add by URL" link: the `cid` parameter carries the URL-encoded `webcal://`
    address, the form the major client libraries document (add-to-calendar-button, calendar-link).

    >>> google_subscribe_url("webcal://exemple.fr/calendriers/tout.ics")
    'https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2Fexemple.fr%2Fcalendriers%2Ftout.ics'
    """
    return GOOGLE_SUBSCRIBE + quote(webcal_url, safe="")


# The official reference of each framework a badge is aligned with: France Travail's job sheet for a
# ROME code (a letter A–N and four digits), France Compétences' sheet of the CléA certificate (its
# seven domains have no page of their own). One place, so that pages and definitions agree.
ROME_SHEET = "https://candidat.francetravail.fr/metierscope/fiche-metier/{code}"
CLEA_SHEET = "https://www.francecompetences.fr/recherche/rs/5080/"
ROME_CODE = re.compile(r"[A-N][0-9]{4}")


def framework_url(framework: str, code: str | None) -> str | None:
    """The official page for an alignment, computed from its framework and code; None when unknown.

    >>> framework_url("ROME", "g1602"), framework_url("CléA", "Domaine 1"), framework_url("ROME", "cuisine")
    ('https://candidat.francetravail.fr/metierscope/fiche-metier/G1602', 'https://www.francecompetences.fr/recherche/rs/5080/', None)
    """
    if framework == "ROME":
        normalised = (code or "").strip().upper()
        return ROME_SHEET.format(code=normalised) if ROME_CODE.fullmatch(normalised) else None
    if framework == "CléA":
        return CLEA_SHEET
    return None


APPLE_MAPS = "https://maps.apple.com/"


def place_query(place, commune: str) -> str:
    """'3 esplanade Stéphane Hessel, 14000 Caen': what a map searches for when a place has no coordinates."""
    return f"{place.address}, {place.postcode} {commune}".strip()


def geo_uri(place, commune: str = "") -> str:
    """A geo: URI that map apps on Android open (RFC 5870, with the query form apps understand)."""
    if place.coordinates:
        lat, lon = place.coordinates.lat, place.coordinates.lon
        return f"geo:{lat},{lon}?q={lat},{lon}({quote(place.name, safe='')})"
    return "geo:0,0?q=" + quote(place_query(place, commune), safe="")


def osm_url(place, commune: str = "") -> str:
    """The place on openstreetmap.org (a plain link: nothing is loaded until the visitor follows it)."""
    if place.coordinates:
        lat, lon = place.coordinates.lat, place.coordinates.lon
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}"
    return "https://www.openstreetmap.org/search?query=" + quote(place_query(place, commune), safe="")


def apple_maps_url(place, commune: str = "") -> str:
    """The place in Apple Plans (an iPhone opens it in the app, other systems on maps.apple.com), by its
    coordinates when known, else by its address: a plain link, nothing is loaded until it is followed.

    >>> from types import SimpleNamespace as P
    >>> apple_maps_url(P(name="Le Dôme", address="3 esplanade", postcode="14000", coordinates=P(lat=49.1867, lon=-0.353)), "Caen")
    'https://maps.apple.com/?ll=49.1867%2C-0.353&q=Le%20D%C3%B4me'
    >>> apple_maps_url(P(name="Salle", address="Centre-bourg", postcode="14210", coordinates=None), "Évrecy")
    'https://maps.apple.com/?address=Centre-bourg%2C%2014210%20%C3%89vrecy&q=Salle'
    """
    coordinates = place.coordinates
    where = {"ll": f"{coordinates.lat},{coordinates.lon}"} if coordinates else {"address": place_query(place, commune)}
    return f"{APPLE_MAPS}?{urlencode({**where, 'q': place.name}, quote_via=quote)}"


def sms_uri(body: str) -> str:
    """An SMS to write, with no recipient: `sms:?&body=`, the one form both Android and iOS prefill.

    >>> sms_uri("Atelier, mardi 14 h & 16 h")
    'sms:?&body=Atelier%2C%20mardi%2014%20h%20%26%2016%20h'
    """
    return "sms:?&body=" + quote(body, safe="")


def mailto_uri(subject: str, body: str) -> str:
    """An e-mail to write, with no recipient (RFC 6068: every character outside the unreserved set escaped).

    >>> mailto_uri("Fablab ouvert", "Mardi\\nLe Dôme")
    'mailto:?subject=Fablab%20ouvert&body=Mardi%0D%0ALe%20D%C3%B4me'
    """
    return "mailto:?" + urlencode({"subject": subject, "body": body.replace("\n", "\r\n")}, safe="", quote_via=quote)
# What templates may call to write an address (generator: Jinja globals).
TEMPLATE_GLOBALS = {"activity_url": activity_url, "structure_url": structure_url, "badge_url": badge_url,
                    "badge_image_path": badge_image_path, "subscribe_path": subscribe_path, "widget_url": widget_url,
                    "absolute_url": absolute, "ATOM_PATH": ATOM_PATH,
                    "orientation_sheet_path": orientation_sheet_path, "weekly_programme_path": weekly_programme_path,
                    "propose_url": PROPOSE_URL, "commune_url": commune_url, "index_url": INDEX_URL,
                    "ACTIVITIES_URL": ACTIVITIES_URL, "AGENDA_URL": AGENDA_URL, "BADGES_URL": BADGES_URL,
                    "PARTNERS_URL": PARTNERS_URL, "SUBSCRIBE_URL": SUBSCRIBE_URL, "ACCESSIBILITY_URL": ACCESSIBILITY_URL,
                    "LEGAL_URL": LEGAL_URL, "OPEN_DATA_URL": OPEN_DATA_URL}
