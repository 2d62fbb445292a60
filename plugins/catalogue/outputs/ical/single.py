"""One small .ics file per upcoming session: the "Ajouter à mon agenda" link of activity pages.

Each file holds the very VEVENT bytes the subscribed feeds hold (same UID, DTSTAMP,
SEQUENCE and text), so a calendar that imports one session and also subscribes to a feed
sees one event, not two. Cancelled, full and postponed sessions get no file (the page shows no
link for them: nobody should add a session they cannot attend as if it were open).
"""

from __future__ import annotations

from collections.abc import Iterator

from .text import FOOTER, VTIMEZONE
from .feedstates import event_writer
from ...content.load import Catalogue
from ...content.model import Session
from ..schedule import upcoming
from ..urls import session_calendar_path
from ..views import addable
from ...settings import network


def header() -> bytes:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
            f"PRODID:{network().prodid}\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n{VTIMEZONE}").encode()


def session_event(catalogue: Catalogue, session: Session, site_url: str, writer=None) -> bytes:
    """A VCALENDAR holding the one VEVENT of `session`."""
    writer = writer or event_writer(catalogue, site_url)
    return header() + writer.event(session) + FOOTER


def session_files(catalogue: Catalogue, site_url: str = "") -> Iterator[tuple[str, bytes]]:
    """(path, bytes) for every upcoming session that can be attended, one at a time: a large
    catalogue has hundreds of thousands, which need not all sit in memory. A course (stage)
    is one file holding all its days, since its page shows it as one item."""
    writer = event_writer(catalogue, site_url)
    courses: dict[str, list[Session]] = {}
    for session in upcoming(catalogue, catalogue.sessions):
        if not addable(session):
            continue
        if session.course:
            courses.setdefault(session.course, []).append(session)
        else:
            yield session_calendar_path(session), session_event(catalogue, session, site_url, writer)
    for days in courses.values():
        yield session_calendar_path(days[0]), header() + b"".join(writer.event(day) for day in days) + FOOTER
