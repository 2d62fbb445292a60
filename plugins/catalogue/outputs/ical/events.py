"""One VEVENT per session, and the cancelled VEVENT that announces a session removed from the files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Mapping

from ...content.history import FIXED_EPOCH
from ...content.identity import uid_domain
from ...content.load import Catalogue
from ...content.model import JOIN_MODES, Activity, Session
from ...settings import network
from .. import transport
from . import eventlines
from .eventlines import CANCELLED_PREFIX
from .text import clean_uri, escape_text, fold, param_value, text_line, utc_stamp, when
from .versions import Ended, History, Version

ENDED_TITLE = "activité arrêtée"
ENDED_TEXT = "SÉANCE ANNULÉE : cette séance a été retirée du catalogue, elle n'aura pas lieu."


@dataclass
class _Parts:
    """Lines shared by the sessions of one activity at one place, folded once."""

    title: str
    summary: str
    location: str
    geo: str
    url: str
    categories: str
    organizer: str
    description: list[str]  # the unescaped paragraphs after the reason


def _description(reason_lines: list[str], body: list[str]) -> str:
    return text_line("DESCRIPTION", "\n".join(reason_lines + body))


class EventWriter:
    """Each session's VEVENT. Without `history`, events are written unversioned (SEQUENCE from the
    session alone, a fixed DTSTAMP): what versions.py compares from one state to the next."""

    def __init__(self, catalogue: Catalogue, site_url: str, history: History | None = None, fallback_stamp: int = FIXED_EPOCH):
        self.catalogue = catalogue
        self.site_url = site_url
        self.domain = network().uid_domain or uid_domain(site_url)
        self.versions: Mapping[str, Version] = history.versions if history is not None else {}
        self.fallback = fallback_stamp
        self.parts: dict[tuple[str, str], _Parts] = {}
        self.tails: dict[tuple[str, str], bytes] = {}

    def _parts(self, activity: Activity, place_id: str) -> _Parts:
        key = (activity.id, place_id)
        found = self.parts.get(key)
        if found is not None:
            return found
        catalogue = self.catalogue
        vocabulary = catalogue.vocabulary
        place = catalogue.places.get(place_id) or catalogue.places.get(activity.place)
        structure = catalogue.structures.get(activity.structure)
        url = clean_uri(f"{self.site_url}/activites/{activity.id}/")
        location = geo = ""
        if place is not None:
            town = vocabulary.commune_name(place.commune)
            location = text_line("LOCATION", f"{place.name}, {place.address}, {place.postcode} {town}")
            if place.coordinates is not None:
                geo = f"GEO:{place.coordinates.lat:.6f};{place.coordinates.lon:.6f}"
        names = [vocabulary.categories[c].name if c in vocabulary.categories else c for c in activity.categories]
        categories = fold("CATEGORIES:" + ",".join(escape_text(n) for n in names)) if names else ""
        body = [activity.easy_summary, ""]
        body.append(f"{JOIN_MODES.get(activity.join, activity.join)}.")
        body.append("Gratuit." if activity.free else f"Prix : {activity.price}")
        if activity.bring:
            body.append(f"À apporter : {activity.bring}")
        contact = activity.contact or (structure.contact if structure else None)
        phone, email = (contact.phone, contact.email) if contact else (None, None)
        if place is not None:
            body += ["", "Comment venir :"]
            getting_there = transport.summary_fr(place)
            if getting_there:
                body.append(f"Transports : {getting_there}")
            body.append("Accessible en fauteuil roulant." if place.accessibility.wheelchair else "Lieu non accessible en fauteuil roulant.")
            if place.accessibility.description:
                body.append(place.accessibility.description)
        if structure is not None:
            others = [catalogue.structures[s].name for s in activity.co_organisers if s in catalogue.structures]
            with_others = f", avec {', '.join(others[:-1]) + ' et ' if len(others) > 1 else ''}{others[-1]}" if others else ""
            reach = [f"téléphone : {phone}"] if phone else []
            reach += [f"e-mail : {email}"] if email else []
            body.append(f"Proposé par {structure.name}{with_others}" + (f" ({', '.join(reach)})." if reach else "."))
        body += ["", f"Plus d'informations : {url}"]
        organizer = ""
        if structure is not None and email:
            organizer = fold(f"ORGANIZER;CN={param_value(structure.name)}:mailto:{clean_uri(email)}")
        parts = _Parts(
            title=activity.title,
            summary=text_line("SUMMARY", activity.title),
            location=location, geo=geo, url=fold(f"URL:{url}"), categories=categories, organizer=organizer, description=body,
        )
        self.parts[key] = parts
        return parts

    def event(self, session: Session) -> bytes:
        """The session's VEVENT, CRLF-terminated."""
        return b"".join(self.event_parts(session))

    def event_parts(self, session: Session) -> tuple[bytes, bytes]:
        """The VEVENT in two pieces: the lines proper to the session, then the rest. The rest is
        the same bytes object for every confirmed, unmoved session of an activity at a place, so
        a catalogue's events take a fifth of the memory they would as whole strings."""
        activity = self.catalogue.activities[session.activity]
        parts = self._parts(activity, session.place)
        version = self.versions.get(session.uid)
        stamp = utc_stamp(version.modified if version else self.fallback)
        head = "\r\n".join([
            "BEGIN:VEVENT",
            self.uid(session.key),
            f"DTSTAMP:{stamp}",
            *([f"LAST-MODIFIED:{stamp}"] if version else []),
            *eventlines.date_lines(session),
            f"SEQUENCE:{version.sequence if version else session.first_sequence}",
            eventlines.status_line(session),
            "",
        ]).encode()
        was = version.was if version else None
        if not eventlines.is_plain(session) or was:
            return head, self._tail(parts, session, was)
        key = (activity.id, session.place)
        tail = self.tails.get(key)
        if tail is None:
            tail = self.tails[key] = self._tail(parts, session, None)
        return head, tail

    def uid(self, key: str) -> str:
        return text_line("UID", f"{key}@{self.domain}")

    def _tail(self, parts: _Parts, session: Session, was: tuple[datetime, datetime] | None) -> bytes:
        reasons = eventlines.reason_lines(session)
        if was is not None:
            reasons.insert(0, f"Déplacée : était le {when(was[0], was[1])}.")
        special = eventlines.summary_prefix(session) or eventlines.summary_suffix(session)
        summary = (text_line("SUMMARY", eventlines.summary_prefix(session) + parts.title + eventlines.summary_suffix(session))
                   if special else parts.summary)
        lines = [
            summary,
            parts.location,
            parts.geo,
            _description(reasons + [""] if reasons else [], parts.description),
            parts.url,
            parts.categories,
            fold(eventlines.course_line(session, self.domain) or ""),
            parts.organizer,
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
        return ("\r\n".join(line for line in lines if line) + "\r\n").encode()


def ended_event(ended: Ended, domain: str) -> bytes:
    """The VEVENT that tells subscribers a removed session will not take place: its last
    published copy, cancelled, with a higher SEQUENCE."""
    lines = ended.event.decode().replace("\r\n ", "").split("\r\n")
    stamp = utc_stamp(ended.modified)
    out = []
    for line in lines:
        name = line.split(":", 1)[0].split(";", 1)[0]
        if name in ("DTSTAMP", "LAST-MODIFIED", "SEQUENCE", "STATUS"):
            continue
        if name == "UID":
            out += [fold(line.split("@", 1)[0] + f"@{domain}") if "@" in line else fold(line),
                    f"DTSTAMP:{stamp}", f"LAST-MODIFIED:{stamp}", f"SEQUENCE:{ended.sequence}", "STATUS:CANCELLED"]
        elif name == "SUMMARY":
            out.append(text_line("SUMMARY", f"{CANCELLED_PREFIX}{ENDED_TITLE} – {ended.title}"))
        elif name == "DESCRIPTION":
            out.append(fold("DESCRIPTION:" + escape_text(ENDED_TEXT + "\n\n") + line.split(":", 1)[1]))
        elif line:
            out.append(fold(line))
    return ("\r\n".join(out) + "\r\n").encode()
