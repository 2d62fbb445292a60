"""One small .ics file per upcoming session: the "Ajouter à mon agenda" link of activity pages.

Each file holds the very VEVENT bytes the subscribed feeds hold (same UID, DTSTAMP,
SEQUENCE and text), so a calendar that imports one session and also subscribes to a feed
sees one event, not two. Cancelled sessions get no file (the page shows no link for them).
"""

from __future__ import annotations

from collections.abc import Iterator

from .feeds import FOOTER, PRODID, VTIMEZONE
from .feedstates import event_writer
from .load import Catalogue
from .model import Session
from .pages import session_calendar_path, upcoming

HEADER = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
    f"PRODID:{PRODID}\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n{VTIMEZONE}"
).encode()


def session_event(catalogue: Catalogue, session: Session, site_url: str, writer=None) -> bytes:
    """A VCALENDAR holding the one VEVENT of `session`."""
    writer = writer or event_writer(catalogue, site_url)
    return HEADER + writer.event(session) + FOOTER


def session_files(catalogue: Catalogue, site_url: str = "") -> Iterator[tuple[str, bytes]]:
    """(path, bytes) for every upcoming session that is not cancelled, one at a time: a large
    catalogue has hundreds of thousands, which need not all sit in memory."""
    writer = event_writer(catalogue, site_url)
    for session in upcoming(catalogue, catalogue.sessions):
        if not session.cancelled:
            yield session_calendar_path(session), session_event(catalogue, session, site_url, writer)
