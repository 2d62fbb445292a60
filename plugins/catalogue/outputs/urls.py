"""Where each thing lives in the built site: one place for every writer and template."""

from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import quote, urlencode

from ..content.model import Session

# The top-level folders the catalogue writes (pages, feeds, files, theme, form editor): a free page
# (content/pages/) may not take one of them, nor the home page `index.html`.
CATALOGUE_FOLDERS = frozenset({
    "abonnement", "activites", "admin", "agenda", "badges", "calendriers", "filtres", "partenaires", "structures", "theme",
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


APPLE_MAPS = "https://maps.apple.com/"


def apple_maps_url(name: str, query: str, lat: float | None = None, lon: float | None = None) -> str:
    """The place in Apple Plans (iPhone opens it in the app, other systems on maps.apple.com): a plain
    link, nothing is loaded until the visitor follows it.

    >>> apple_maps_url("Le Dôme", "3 esplanade Stéphane Hessel, 14000 Caen", 49.1867, -0.353)
    'https://maps.apple.com/?ll=49.1867%2C-0.353&q=Le%20D%C3%B4me'
    >>> apple_maps_url("Salle", "Centre-bourg, 14210 Évrecy")
    'https://maps.apple.com/?address=Centre-bourg%2C%2014210%20%C3%89vrecy&q=Salle'
    """
    where = {"ll": f"{lat},{lon}"} if lat is not None and lon is not None else {"address": query}
    return f"{APPLE_MAPS}?{urlencode({**where, 'q': name}, quote_via=quote)}"


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
