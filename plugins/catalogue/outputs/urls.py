"""Where each thing lives in the built site: one place for every writer and template."""

from __future__ import annotations

from datetime import date, datetime, timezone
from urllib.parse import quote, urlencode

from ..content.model import Session

# The top-level folders the catalogue writes (pages, feeds, files, theme, form editor): a free page
# (content/pages/) may not take one of them, nor the home page `index.html`.
CATALOGUE_FOLDERS = frozenset({
    "abonnement", "activites", "admin", "agenda", "badges", "calendriers", "communes", "filtres", "pagefind", "partenaires",
    "recherche", "structures", "theme",
})
# The host rules copied from deploy/ to the site's root (hosting.py); no slug can be written like them.
HOST_FILES = frozenset({"_headers", ".htaccess"})

GOOGLE_EVENT = "https://calendar.google.com/calendar/render"
GOOGLE_SUBSCRIBE = "https://calendar.google.com/calendar/render?cid="


def activity_url(activity_id: str) -> str:
    return f"activites/{activity_id}/"


def structure_url(structure_id: str) -> str:
    return f"structures/{structure_id}/"


def badge_url(badge_id: str) -> str:
    return f"badges/{badge_id}/"


def place_url(structure_id: str, place_id: str) -> str:
    """A place is shown on its structure's page, under its own heading."""
    return f"structures/{structure_id}/#lieu-{place_id}"


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
